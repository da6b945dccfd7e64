#include "analysis/generators/spheres.hpp"

#include <cmath>

namespace pf::analysis {

Mask spheres(const Shape& shape, const Spacing& h, const std::vector<Point>& centres, double radius_um) {
  validate_shape(shape, "spheres");
  validate_spacing(h, "spheres");
  Mask pore(shape, 0);
  const double ly = double(shape.ny) * h.hy, lx = double(shape.nx) * h.hx;
  const auto nearest_image = [](double d, double length) { return d - length * std::round(d / length); };
  for (std::int64_t z = 0; z < shape.nz; ++z)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t x = 0; x < shape.nx; ++x)
        for (const Point& c : centres) {
          const double dz = double(z) * h.hz - c.z_um;
          const double dy = nearest_image(double(y) * h.hy - c.y_um, ly);
          const double dx = nearest_image(double(x) * h.hx - c.x_um, lx);
          if (dz * dz + dy * dy + dx * dx <= radius_um * radius_um * (1.0 + 1e-9)) {  // boundary included despite rounding
            pore(z, y, x) = 1;
            break;
          }
        }
  return pore;
}

}  // namespace pf::analysis
