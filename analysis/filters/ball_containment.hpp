#pragma once
// Which local-thickness centres (local_thickness.hpp) must paint their ball: those whose discrete
// ball lies inside the discrete ball of no 26-neighbour. The tables are built on the host, once per
// distinct squared radius; the predicate runs per centre on the CPU and on the device.
#include <cstdint>
#include <vector>

#include "analysis/volume.hpp"

namespace pf::analysis {

// The discrete balls of every distinct squared radius, as row half-widths: for a ball k, plane
// offset |dz| and row offset |dy|, the ball's row is [cx - mx, cx + mx] (balls are symmetric in
// dz and dy). Computing them once per radius instead of once per centre removes the square
// roots and boundary searches from the painting loop.
struct BallTable {
  std::vector<double> r2;                  // decreasing
  std::vector<std::int64_t> plane_begin;   // per ball: index into `row_begin` of |dz| = 0
  std::vector<std::int64_t> plane_count;   // per ball: planes |dz| = 0 .. count - 1
  std::vector<std::int64_t> row_begin;     // per (ball, |dz|): index into mx of |dy| = 0; +1 entry ends it
  std::vector<std::int32_t> mx;

  BallTable(std::vector<double> radii2_decreasing, const Spacing& h);
};

// Entries of the containment table per ball: one per neighbour class 4 |ez| + 2 |ey| + |ex|.
constexpr int need_per_ball = 8;

// For each ball k and each neighbour offset e in {-1, 0, 1}^3: the largest squared distance from
// c + e to a voxel of the discrete ball of c (by symmetry it depends on |e| only, 7 cases), at
// [k * need_per_ball + 4 |ez| + 2 |ey| + |ex|]. The ball of c then lies inside the discrete ball of
// its neighbour n = c + e exactly when r2(n) > need: every voxel u of ball c has
// squared_length(u - e) <= need < r2(n), the very predicate that builds ball n's rows. This
// discrete test drops far more centres than the continuous one (r(n) - r(c) >= |e|): 85 % of the
// pore voxels of a bench-analysis-like structure at 256^3, against 18 %. The farthest voxel from
// c + e (e >= 0) is the end (-mx, -|dy|, -|dz|) of some row, since squared_length grows with every
// |component|.
std::vector<double> containment_need(const BallTable& balls, const Spacing& h);

// The distinct squared distances of the pore voxels, decreasing: the balls of the table.
std::vector<double> distinct_pore_radii2(const Mask& pore, const Field& squared_edt);

// Index of `r2` in the decreasing `radii2[0, count)`, by binary search; r2 must be one of them
// (the values come from the same EDT, so the comparison is exact).
PF_HOST_DEVICE inline std::int32_t ball_index(const double* radii2, std::int32_t count, double r2) {
  std::int32_t lo = 0, hi = count;
  while (lo < hi) {
    const std::int32_t mid = lo + (hi - lo) / 2;
    if (radii2[mid] > r2) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Which parts of a kept centre's ball other balls paint anyway. Offsets u = v - c from a centre
// c are grouped by the signs of their components, 27 octant-like parts numbered
// 9 (sz + 1) + 3 (sy + 1) + (sx + 1), s = -1, 0, 1. If a 26-neighbour n = c + e ranks above c
// (larger squared radius, or equal and a smaller index), it holds every voxel c + u of c's ball
// whose offset has, on each axis where e_i != 0, the sign of e_i: then |u_i - e_i| <= |u_i| on
// every axis, so squared_length(u - e) <= squared_length(u) < r2(c) <= r2(n) (rounding is
// monotone, so the floating-point predicate agrees). The ball of n is itself painted, or lies in
// a kept ball of larger radius, or has that part covered by a neighbour ranking higher still:
// the ranking is a strict total order, so every such chain ends at a ball that paints the voxel
// with a value >= r2(c), and c may skip the part. A centre on the slope of a ridge typically
// skips 3/4 or more of its ball; only a local maximum of the distance paints all of it.
PF_HOST_DEVICE constexpr int sign_part(std::int64_t uz, std::int64_t uy, std::int64_t ux) {
  return 9 * ((uz > 0) - (uz < 0) + 1) + 3 * ((uy > 0) - (uy < 0) + 1) + ((ux > 0) - (ux < 0) + 1);
}

// The parts (bit sign_part(u)) that the ball of neighbour c + e covers, per the note above: on
// each axis the allowed signs (bit s + 1), all three where e_i = 0; the 3 x 3 x 3 product is
// built by multiplying a row of bits into non-overlapping copies.
PF_HOST_DEVICE constexpr std::uint32_t parts_covered_by(std::int64_t ez, std::int64_t ey, std::int64_t ex) {
  const auto signs = [](std::int64_t e) -> std::uint32_t { return e == 0 ? 7u : e < 0 ? 1u : 4u; };
  const auto copies = [](std::uint32_t signs, int stride) {  // bit k -> bit stride k
    return (signs & 1u) | (signs & 2u) << (stride - 1) | (signs & 4u) << (2 * stride - 2);
  };
  return signs(ex) * copies(signs(ey), 3) * copies(signs(ez), 9);
}

// True if the ball of centre (z, y, x), ball index `ball`, lies inside the discrete ball of a
// 26-neighbour; `d2` is the squared distance transform, `need` the containment_need() table.
// Neighbours outside the box are skipped; away from its faces they are fixed index steps.
PF_HOST_DEVICE inline bool inside_a_neighbour_discrete_ball(const double* d2, const double* need, std::int32_t ball,
                                                            const Shape& s, std::int64_t z, std::int64_t y,
                                                            std::int64_t x, bool periodic_xy) {
  const double* limit = need + std::int64_t(ball) * need_per_ball;
  const std::int64_t c = s.index(z, y, x);
  const bool interior = z > 0 && z < s.nz - 1 && y > 0 && y < s.ny - 1 && x > 0 && x < s.nx - 1;
  for (std::int64_t dz = -1; dz <= 1; ++dz)
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        if (!(dz || dy || dx)) continue;  // the centre itself
        const std::int64_t n = interior ? c + (dz * s.ny + dy) * s.nx + dx : neighbour_index(s, z, y, x, dz, dy, dx, periodic_xy);
        if (n >= 0 && d2[n] > limit[4 * (dz != 0) + 2 * (dy != 0) + (dx != 0)]) return true;
      }
  return false;
}

// The parts of the ball of centre (z, y, x) that higher-ranking 26-neighbours cover (run on the
// kept centres only: a separate pass keeps the containment loop above lean).
PF_HOST_DEVICE inline std::uint32_t parts_covered_by_neighbours(const double* d2, const Shape& s, std::int64_t z,
                                                                std::int64_t y, std::int64_t x, bool periodic_xy) {
  const std::int64_t c = s.index(z, y, x);
  const double r2 = d2[c];
  const bool interior = z > 0 && z < s.nz - 1 && y > 0 && y < s.ny - 1 && x > 0 && x < s.nx - 1;
  std::uint32_t parts = 0;
  for (std::int64_t dz = -1; dz <= 1; ++dz)
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        if (!(dz || dy || dx)) continue;
        const std::int64_t n = interior ? c + (dz * s.ny + dy) * s.nx + dx : neighbour_index(s, z, y, x, dz, dy, dx, periodic_xy);
        const bool higher = n >= 0 && ((d2[n] > r2) | ((d2[n] == r2) & (n < c)));
        parts |= higher ? parts_covered_by(dz, dy, dx) : 0u;  // branch-free: `higher` is a coin toss
      }
  return parts;
}

struct Centre {
  std::int64_t index;
  std::int32_t ball;          // into BallTable
  std::uint32_t covered = 0;  // parts_covered_by_neighbours(): bit sign_part(u) set = offsets u need no painting
  std::int32_t z = 0, y = 0, x = 0;  // index's coordinates: painting would otherwise divide per plane of a ball
};

// The CPU's selection: per z-plane, the pore voxels whose ball lies inside no neighbour's
// (inside_a_neighbour_discrete_ball), by decreasing radius (increasing ball index), with the
// parts of their balls that neighbours cover.
std::vector<std::vector<Centre>> maximal_centres_by_plane(const Mask& pore, const Field& squared_edt, const BallTable& balls,
                                                          const std::vector<double>& need, bool periodic_xy);

}  // namespace pf::analysis
