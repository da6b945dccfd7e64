#pragma once
// Pieces of the local-thickness definition (local_thickness.hpp) that the CUDA path evaluates per
// centre: the rows of a discrete ball and the test that drops centres of non-maximal balls.
#include <cmath>
#include <cstdint>

#include "analysis/volume.hpp"

namespace pf::analysis {

// Largest m >= 0 with square(hx m) + rest < r2, or -1 if none. `rest` is the (y + z) part of
// squared_length(), summed in its order, so the test is bit-identical to the definition's.
PF_HOST_DEVICE inline std::int64_t half_span(double rest, double r2, double hx) {
  if (!(rest < r2)) return -1;
  std::int64_t m = static_cast<std::int64_t>(::sqrt(r2 - rest) / hx);
  while (m > 0 && !(square(hx * double(m)) + rest < r2)) --m;
  while (square(hx * double(m + 1)) + rest < r2) ++m;
  return m;
}

// True when the ball of squared radius r2 lies inside a ball of squared radius n2 whose centre is
// `offset_length` away (r(n) - r >= offset_length, triangle inequality), so its centre need not
// be painted. Conservative: the margin exceeds the rounding of the two square roots for radii up
// to millions of voxels, so a ball is dropped only when containment holds in exact arithmetic.
PF_HOST_DEVICE inline bool ball_inside_ball(double r2, double n2, double offset_length) {
  return n2 > r2 && ::sqrt(n2) - ::sqrt(r2) >= offset_length * (1.0 + 1e-9);
}

// Whether the ball centred at (z, y, x) lies inside the ball of one of its 26 neighbours.
// `d2` is the squared distance transform; neighbours outside the box are skipped.
PF_HOST_DEVICE inline bool inside_a_neighbour_ball(const double* d2, const Shape& s, const Spacing& h,
                                                   std::int64_t z, std::int64_t y, std::int64_t x,
                                                   bool periodic_xy) {
  const double r2 = d2[s.index(z, y, x)];
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if (!(dz || dy || dx)) continue;
        const std::int64_t n = neighbour_index(s, z, y, x, dz, dy, dx, periodic_xy);
        if (n >= 0 && ball_inside_ball(r2, d2[n], ::sqrt(squared_length(dz, dy, dx, h)))) return true;
      }
  return false;
}

// The rows of the discrete ball of squared radius r2 centred on voxel (cz, cy, cx) that lie in
// the volume, as visit(z, y, lo, hi): the ball holds x in [lo, hi] of row (z, y), each x to be
// wrapped (lo < 0 or hi >= nx only when periodic, and then -nx < lo, hi < 2 nx, so adding or
// subtracting nx once wraps it; a row as wide as the box comes as [0, nx - 1], once). Rows are numbered in visiting order and only those with
// number % step == first are visited, so `step` workers can share a ball. Row extents come from
// half_span() in the definition's summation order: this is the ball of local_thickness.hpp.
template <class Visit>
PF_HOST_DEVICE void for_each_ball_row(const Shape& s, const Spacing& h, bool periodic_xy, std::int64_t cz,
                                      std::int64_t cy, std::int64_t cx, double r2, std::int64_t first,
                                      std::int64_t step, Visit&& visit) {
  const std::int64_t mz = half_span(0.0, r2, h.hz);
  std::int64_t row = 0;
  for (std::int64_t dz = -mz; dz <= mz; ++dz) {
    const std::int64_t z = cz + dz;
    if (z < 0 || z >= s.nz) continue;
    const double rz2 = square(h.hz * double(dz));
    const std::int64_t my = half_span(rz2, r2, h.hy);
    for (std::int64_t dy = -my; dy <= my; ++dy, ++row) {
      if (row % step != first) continue;
      std::int64_t y = cy + dy;
      if (y < 0 || y >= s.ny) {
        if (!periodic_xy) continue;
        y = wrap_index(y, s.ny);
      }
      const std::int64_t mx = half_span(square(h.hy * double(dy)) + rz2, r2, h.hx);
      std::int64_t lo = cx - mx, hi = cx + mx;
      if (periodic_xy && hi - lo + 1 >= s.nx) lo = 0, hi = s.nx - 1;
      if (!periodic_xy) lo = lo < 0 ? 0 : lo, hi = hi >= s.nx ? s.nx - 1 : hi;
      visit(z, y, lo, hi);
    }
  }
}

}  // namespace pf::analysis
