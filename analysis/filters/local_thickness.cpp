#include "analysis/filters/local_thickness.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "analysis/filters/distance_transform.hpp"

namespace pf::analysis {
namespace {

struct Offset {
  std::int64_t dz, dy, dx;
  double length;
};

std::array<Offset, 26> neighbour_offsets(const Spacing& h) {
  std::array<Offset, 26> out{};
  int n = 0;
  for (std::int64_t dz = -1; dz <= 1; ++dz)
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx)
        if (dz || dy || dx) out[n++] = {dz, dy, dx, std::sqrt(squared_length(dz, dy, dx, h))};
  return out;
}

// True if the ball of centre (z, y, x) lies inside the ball of one of its 26 neighbours. The
// tolerance only absorbs rounding of the square roots: containment is exact in real arithmetic.
bool inside_neighbour_ball(const Field& d2, std::int64_t z, std::int64_t y, std::int64_t x,
                           const std::array<Offset, 26>& offsets, bool periodic_xy) {
  const Shape s = d2.shape;
  const double r = std::sqrt(d2(z, y, x));
  for (const Offset& o : offsets) {
    const std::int64_t j = neighbour_index(s, z, y, x, o.dz, o.dy, o.dx, periodic_xy);
    if (j >= 0 && std::sqrt(d2[j]) - r >= o.length * (1.0 - 1e-12)) return true;
  }
  return false;
}

// Give every still-unpainted voxel of the ball of squared radius r2 around c the value r2.
// Balls are painted in decreasing radius, so the first value a voxel receives is its maximum.
void paint_ball(Field& best_r2, const Mask& pore, std::int64_t cz, std::int64_t cy, std::int64_t cx, double r2,
                const Spacing& h, bool periodic_xy) {
  const Shape s = pore.shape;
  const double r = std::sqrt(r2);
  // Index bounds are generous by one; the exact test below decides.
  const auto reach = [&](double rest2, double step) {
    return static_cast<std::int64_t>(std::sqrt(std::max(rest2, 0.0)) / step) + 1;
  };
  const std::int64_t mz = static_cast<std::int64_t>(r / h.hz) + 1;
  for (std::int64_t dz = -mz; dz <= mz; ++dz) {
    const std::int64_t z = cz + dz;
    if (z < 0 || z >= s.nz) continue;
    const std::int64_t my = reach(r2 - square(h.hz * double(dz)), h.hy);
    for (std::int64_t dy = -my; dy <= my; ++dy) {
      std::int64_t y = cy + dy;
      if (periodic_xy) y = wrap_index(y, s.ny);
      else if (y < 0 || y >= s.ny) continue;
      const std::int64_t mx = reach(r2 - square(h.hz * double(dz)) - square(h.hy * double(dy)), h.hx);
      for (std::int64_t dx = -mx; dx <= mx; ++dx) {
        if (!(squared_length(dz, dy, dx, h) < r2)) continue;
        std::int64_t x = cx + dx;
        if (periodic_xy) x = wrap_index(x, s.nx);
        else if (x < 0 || x >= s.nx) continue;
        const std::int64_t i = s.index(z, y, x);
        if (pore[i] && best_r2[i] == 0.0) best_r2[i] = r2;
      }
    }
  }
}

double box_limit_diameter(const Shape& s, const Spacing& h, bool periodic_xy) {
  const double d = thickness_um(s, h);
  if (periodic_xy) return d;
  return std::min({d, double(s.ny) * h.hy, double(s.nx) * h.hx});
}

}  // namespace

Field local_thickness_from_squared_edt(const Mask& pore, const Field& d2, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "local_thickness");
  validate_spacing(h, "local_thickness");
  require_same_shape(pore, d2, "local_thickness");
  const Shape s = pore.shape;
  Field diameter(s);

  bool any_pore = false, unbounded = false;
  for (std::int64_t i = 0; i < s.size(); ++i) {
    if (!pore[i]) continue;
    any_pore = true;
    unbounded = unbounded || std::isinf(d2[i]);
  }
  if (!any_pore) return diameter;
  if (unbounded) {  // no solid voxel anywhere: see the header
    const double limit = box_limit_diameter(s, h, periodic_xy);
    for (std::int64_t i = 0; i < s.size(); ++i) diameter[i] = pore[i] ? limit : 0.0;
    return diameter;
  }

  const auto offsets = neighbour_offsets(h);
  std::vector<std::int64_t> centres;
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x)
        if (pore(z, y, x) && !inside_neighbour_ball(d2, z, y, x, offsets, periodic_xy))
          centres.push_back(s.index(z, y, x));
  std::stable_sort(centres.begin(), centres.end(), [&](std::int64_t a, std::int64_t b) { return d2[a] > d2[b]; });

  Field best_r2(s);
  for (const std::int64_t c : centres) {
    const std::int64_t cz = c / s.slice_size(), cy = (c / s.nx) % s.ny, cx = c % s.nx;
    paint_ball(best_r2, pore, cz, cy, cx, d2[c], h, periodic_xy);
  }
  for (std::int64_t i = 0; i < s.size(); ++i) diameter[i] = 2.0 * std::sqrt(best_r2[i]);
  return diameter;
}

Field local_thickness(const Mask& pore, const Spacing& h, bool periodic_xy) {
  return local_thickness_from_squared_edt(pore, squared_distance_transform(pore, h, periodic_xy), h, periodic_xy);
}

}  // namespace pf::analysis
