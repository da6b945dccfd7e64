#include "analysis/generators/pores_of_revolution.hpp"

#include <cmath>

namespace pf::analysis {
namespace {

// Voxel centres exactly on the surface belong to the pore; the slack absorbs the rounding of
// products like 5 * 0.1 so that this does not depend on how the spacing is written.
constexpr double kInclusive = 1e-9;

// Distance along a periodic axis of length n h between voxel centre i h and coordinate c.
double periodic_offset(std::int64_t i, double h, std::int64_t n, double c) {
  const double length = double(n) * h;
  double d = std::fmod(double(i) * h - c, length);
  if (d > 0.5 * length) d -= length;
  if (d < -0.5 * length) d += length;
  return d;
}

}  // namespace

void add_pore_of_revolution(Mask& pore, const Spacing& h, AxisPosition axis, const RadiusProfile& radius_um) {
  validate_shape(pore.shape, "add_pore_of_revolution");
  validate_spacing(h, "add_pore_of_revolution");
  const Shape s = pore.shape;
  for (std::int64_t z = 0; z < s.nz; ++z) {
    const double t = s.nz > 1 ? double(z) / double(s.nz - 1) : 0.0;
    const double r = radius_um(t);
    if (!(r > 0.0)) continue;
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const double dy = periodic_offset(y, h.hy, s.ny, axis.y_um), dx = periodic_offset(x, h.hx, s.nx, axis.x_um);
        if (dy * dy + dx * dx <= r * r * (1.0 + kInclusive)) pore(z, y, x) = 1;
      }
  }
}

Mask cylinders(const Shape& shape, const Spacing& h, double radius_um, const std::vector<AxisPosition>& axes) {
  Mask pore(shape, 0);
  for (const AxisPosition& a : axes) add_pore_of_revolution(pore, h, a, [=](double) { return radius_um; });
  return pore;
}

Mask cone(const Shape& shape, const Spacing& h, AxisPosition axis, double radius_bottom_um, double radius_top_um) {
  Mask pore(shape, 0);
  add_pore_of_revolution(pore, h, axis,
                         [=](double t) { return radius_bottom_um + (radius_top_um - radius_bottom_um) * t; });
  return pore;
}

Mask double_cone(const Shape& shape, const Spacing& h, AxisPosition axis, double radius_face_um,
                 double radius_neck_um) {
  Mask pore(shape, 0);
  add_pore_of_revolution(pore, h, axis, [=](double t) {
    return radius_neck_um + (radius_face_um - radius_neck_um) * std::abs(2.0 * t - 1.0);
  });
  return pore;
}

Mask dead_end(const Shape& shape, const Spacing& h, AxisPosition axis, double radius_um, double depth_fraction,
              bool open_at_top) {
  Mask pore(shape, 0);
  add_pore_of_revolution(pore, h, axis, [=](double t) {
    const double depth = open_at_top ? 1.0 - t : t;
    return depth <= depth_fraction ? radius_um : 0.0;
  });
  return pore;
}

}  // namespace pf::analysis
