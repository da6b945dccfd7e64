#pragma once
// Local thickness (PoreSpy's `local_thickness` definition): at each pore voxel, the diameter of the
// largest ball that fits inside the pore space and contains the voxel.
#include "analysis/volume.hpp"

namespace pf::analysis {

// Diameter in um at pore voxels, 0 at solid voxels.
//
// Discrete convention (the one of PoreSpy and of the `edt` package it uses): the ball centred on
// pore voxel c has radius r(c) = distance from the centre of c to the centre of the nearest solid
// voxel, and it holds the voxels whose centres lie strictly closer than r(c) to c (so it holds
// pore voxels only). Then
//     local_thickness(v) = 2 max { r(c) : |v - c| < r(c) }.
// Measured centre to centre, a voxelised sphere or cylinder of radius R voxels comes out at
// 2 sqrt(R^2 + 1) for integer R (its nearest solid centre is at offset (R, 1, 0)): 2R plus 1/R,
// within one voxel of 2R. Distances are anisotropic (spacing) and wrap in x/y when periodic_xy.
//
// If the volume has no solid voxel, no ball is bounded; the pore space is then bounded by the box
// only and every pore voxel gets the box limit: the thickness d = nz hz, or, without periodic x/y,
// the smallest of the three box lengths.
//
// Algorithm: only centres of maximal balls need painting. A centre c whose discrete ball lies
// inside the discrete ball of a 26-neighbour c' is dropped (tested exactly on the voxel sets, with
// a table per radius of the farthest voxel seen from each neighbour offset); the others are painted
// in order of decreasing radius, each voxel keeping the first (largest) radius it gets, less the
// parts of their ball that higher-ranking neighbours' balls hold (parts_covered_by_neighbours).
Field local_thickness(const Mask& pore, const Spacing& spacing, bool periodic_xy = true);

// The same from a squared distance transform already computed by squared_distance_transform().
Field local_thickness_from_squared_edt(const Mask& pore, const Field& squared_edt, const Spacing& spacing,
                                       bool periodic_xy = true);

}  // namespace pf::analysis
