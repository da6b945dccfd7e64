#pragma once
// Pieces of the local-thickness definition (local_thickness.hpp) that the CUDA path evaluates per
// centre: the rows of a discrete ball (the test that drops centres of non-maximal balls is in
// ball_containment.hpp).
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
