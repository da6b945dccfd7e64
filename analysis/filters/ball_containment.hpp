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

struct Centre {
  std::int64_t index;
  std::int32_t ball;  // into BallTable
};

// The CPU's selection: per z-plane, the pore voxels whose ball lies inside no neighbour's
// (inside_a_neighbour_discrete_ball), by decreasing radius (increasing ball index).
std::vector<std::vector<Centre>> maximal_centres_by_plane(const Mask& pore, const Field& squared_edt, const BallTable& balls,
                                                          const std::vector<double>& need, bool periodic_xy);

}  // namespace pf::analysis
