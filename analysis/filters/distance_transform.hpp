#pragma once
// Exact Euclidean distance transform of the pore phase with anisotropic spacing.
#include "analysis/volume.hpp"

namespace pf::analysis {

// At each pore voxel, the squared distance (um^2) from its centre to the centre of the nearest
// solid voxel; 0 at solid voxels. x and y wrap around when periodic_xy is true; z never does (the
// region beyond z = 0 and z = d is not solid: a pore touching a face is not bounded by it).
// If the volume has no solid voxel at all, every value is +inf.
//
// Separable and linear in the number of voxels: one lower-envelope pass per axis (z, y, x),
// parallel over lines with OpenMP when it is enabled.
Field squared_distance_transform(const Mask& pore, const Spacing& spacing, bool periodic_xy = true);

// The same, as distances in um (square roots).
Field distance_transform(const Mask& pore, const Spacing& spacing, bool periodic_xy = true);

}  // namespace pf::analysis
