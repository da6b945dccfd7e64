#pragma once
#include <array>
#include <cstddef>

namespace pf {

enum class BoundaryZ { periodic, no_flux };

// The physical grid the user configures: nodes at x_i = i*h, shape and spacing listed x, y, z.
struct Grid {
  std::array<int, 3> shape{1, 1, 1};        // (nx, ny, nz)
  std::array<double, 3> spacing{1, 1, 1};   // (hx, hy, hz), length units
  BoundaryZ boundary_z = BoundaryZ::periodic;
  double length_unit_um = 0;  // micrometres per length unit; 0 = dimensionless grid units

  std::size_t voxels() const { return std::size_t(shape[0]) * shape[1] * shape[2]; }
  std::size_t plane_voxels() const { return std::size_t(shape[0]) * shape[1]; }  // one z plane
  double length(int axis) const { return shape[axis] * spacing[axis]; }
  double cell_volume() const { return spacing[0] * spacing[1] * spacing[2]; }
};

}  // namespace pf
