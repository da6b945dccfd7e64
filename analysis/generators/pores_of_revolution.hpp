#pragma once
// Synthetic pores that are solids of revolution about an axis along z: straight cylinders,
// cones (tapered), double cones (hourglass) and dead ends. Known answers for the tests.
//
// Positions are voxel-centre coordinates in um: voxel (k, j, i) sits at (k hz, j hy, i hx).
// In-plane distances use the nearest periodic image, so a pore centred near x = 0 wraps across
// the periodic x boundary. A voxel is pore if its centre lies within the radius of its slice
// (boundary included, to a relative 1e-9 that absorbs rounding of the coordinates).
#include <functional>
#include <vector>

#include "analysis/volume.hpp"

namespace pf::analysis {

struct AxisPosition {
  double y_um = 0.0, x_um = 0.0;
};

// Radius (um) of the pore as a function of the slice's relative depth t = k / (nz - 1) in [0, 1]
// (t = 0 for a single slice); a radius <= 0 leaves the slice solid.
using RadiusProfile = std::function<double(double t)>;

// Adds (sets to 1) the pore of revolution to `pore`.
void add_pore_of_revolution(Mask& pore, const Spacing& spacing, AxisPosition axis, const RadiusProfile& radius_um);

// Solid slab with straight cylindrical through-holes of radius radius_um.
Mask cylinders(const Shape& shape, const Spacing& spacing, double radius_um, const std::vector<AxisPosition>& axes);

// Solid slab with one cone whose radius goes linearly from radius_bottom_um (z = 0 face) to
// radius_top_um (z = d face).
Mask cone(const Shape& shape, const Spacing& spacing, AxisPosition axis, double radius_bottom_um, double radius_top_um);

// Solid slab with two cones meeting at mid-depth: radius radius_face_um at both faces, radius_neck_um at t = 0.5.
Mask double_cone(const Shape& shape, const Spacing& spacing, AxisPosition axis, double radius_face_um,
                 double radius_neck_um);

// Solid slab with a cylinder open at one face only, reaching from that face over `depth_fraction` of the slices.
Mask dead_end(const Shape& shape, const Spacing& spacing, AxisPosition axis, double radius_um, double depth_fraction,
              bool open_at_top);

}  // namespace pf::analysis
