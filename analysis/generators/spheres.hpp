#pragma once
// Synthetic spherical pores in a solid block.
#include <vector>

#include "analysis/volume.hpp"

namespace pf::analysis {

struct Point {
  double z_um = 0.0, y_um = 0.0, x_um = 0.0;
};

// Solid block with spherical pores: a voxel is pore if its centre (k hz, j hy, i hx) lies within
// radius_um of a centre (boundary included, to a relative 1e-9 that absorbs rounding).
// x and y distances use the nearest periodic image; z does not wrap.
Mask spheres(const Shape& shape, const Spacing& spacing, const std::vector<Point>& centres, double radius_um);

}  // namespace pf::analysis
