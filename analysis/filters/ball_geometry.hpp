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
// the volume, less the parts of the ball that `covered` marks, as visit(z, y, lo, hi): the ball
// holds x in [lo, hi] of row (z, y), each x to be wrapped (lo < 0 or hi >= nx only when periodic,
// and then -nx < lo, hi < 2 nx, so adding or subtracting nx once wraps it; a span as wide as the
// box comes as [0, nx - 1], once). `covered` has bit 9 (sz + 1) + 3 (sy + 1) + (sx + 1) set for
// the offsets whose signs are (sz, sy, sx) that need no painting (parts_covered_by_neighbours,
// ball_containment.hpp; 0 = the whole ball): a plane or row whose parts are all covered is
// skipped, and a row is cut to its uncovered x offsets, at most two spans ([-m, -1] and [1, m]
// when only the offset 0 is covered). Rows are numbered in visiting order and only those with
// number % step == first are visited, so `step` workers can share a ball. Row extents come from
// half_span() in the definition's summation order: this is the ball of local_thickness.hpp.
template <class Visit>
PF_HOST_DEVICE void for_each_uncovered_ball_row(const Shape& s, const Spacing& h, bool periodic_xy, std::int64_t cz,
                                                std::int64_t cy, std::int64_t cx, double r2, std::uint32_t covered,
                                                std::int64_t first, std::int64_t step, Visit&& visit) {
  const auto sign = [](std::int64_t d) { return int(d > 0) - int(d < 0) + 1; };
  const std::int64_t mz = half_span(0.0, r2, h.hz);
  std::int64_t row = 0;
  for (std::int64_t dz = -mz; dz <= mz; ++dz) {
    const std::int64_t z = cz + dz;
    if (z < 0 || z >= s.nz) continue;
    const std::uint32_t plane = (covered >> (9 * sign(dz))) & 0x1FFu;
    if (plane == 0x1FFu) continue;
    const double rz2 = square(h.hz * double(dz));
    const std::int64_t my = half_span(rz2, r2, h.hy);
    for (std::int64_t dy = -my; dy <= my; ++dy) {
      const std::uint32_t parts = (plane >> (3 * sign(dy))) & 7u;  // bits: x offsets < 0, 0, > 0
      if (parts == 7u) continue;
      if (row++ % step != first) continue;
      std::int64_t y = cy + dy;
      if (y < 0 || y >= s.ny) {
        if (!periodic_xy) continue;
        y = wrap_index(y, s.ny);
      }
      const std::int64_t m = half_span(square(h.hy * double(dy)) + rz2, r2, h.hx);
      const auto span = [&](std::int64_t a, std::int64_t b) {  // x offsets [a, b]
        std::int64_t lo = cx + a, hi = cx + b;
        if (periodic_xy && hi - lo + 1 >= s.nx) lo = 0, hi = s.nx - 1;
        if (!periodic_xy) lo = lo < 0 ? 0 : lo, hi = hi >= s.nx ? s.nx - 1 : hi;
        if (lo <= hi) visit(z, y, lo, hi);
      };
      if (parts == 2u) {
        if (m > 0) span(-m, -1), span(1, m);
      } else {
        const std::int64_t a = parts & 1u ? (parts & 2u ? 1 : 0) : -m, b = parts & 4u ? (parts & 2u ? -1 : 0) : m;
        if (a <= b) span(a, b);
      }
    }
  }
}

// The whole ball: for_each_uncovered_ball_row with nothing covered.
template <class Visit>
PF_HOST_DEVICE void for_each_ball_row(const Shape& s, const Spacing& h, bool periodic_xy, std::int64_t cz,
                                      std::int64_t cy, std::int64_t cx, double r2, std::int64_t first,
                                      std::int64_t step, Visit&& visit) {
  for_each_uncovered_ball_row(s, h, periodic_xy, cz, cy, cx, r2, 0u, first, step, visit);
}

}  // namespace pf::analysis
