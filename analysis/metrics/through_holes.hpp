#pragma once
// Through-holes: pore components that connect the two faces of the membrane, with their size
// along the depth and a shape class (claims 2 and 3 of seed 001: hourglass and tapered pores).
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/volume.hpp"

namespace pf::analysis {

enum class HoleShape { straight, tapered, hourglass };
std::string to_string(HoleShape shape);

// Thresholds of the shape rule (see classify_hole_shape).
struct ShapeRule {
  double tolerance = 0.2;        // relative: "within 20 % of the narrowest"
  double interior_begin = 0.25;  // an hourglass neck lies in [interior_begin, interior_end] of d
  double interior_end = 0.75;
};

// A point of a hole's centre line in voxel-index units (voxel (k, j, i) has its centre at
// y = j, x = i); coordinates may lie outside [0, n) where the line crosses a periodic boundary.
struct CentrePoint {
  double y = 0.0, x = 0.0;
};

struct ThroughHole {
  std::int32_t label = 0;              // component label in the labelling it came from
  std::int64_t voxels = 0;             // pore voxels of the component
  std::vector<double> size_profile_um; // per z slice: mean local thickness of the component's voxels
  double opening_bottom_um = 0.0;      // size_profile_um at slice 0 (z = 0 face)
  double opening_top_um = 0.0;         // size_profile_um at slice nz - 1 (z = d face)
  double narrowest_um = 0.0;           // smallest value of the profile
  double narrowest_depth = 0.0;        // z / d of the narrowest slice centre (0 = bottom, 1 = top)
  HoleShape shape = HoleShape::straight;
  // Per z slice: centroid of the hole's cross-section (its voxels in that slice). With periodic
  // x/y each slice's centroid is taken about the circular mean of its voxels (exact for
  // cross-sections narrower than half the box), and consecutive slices are unwrapped to the
  // nearest periodic image, so the line is continuous across the boundary. A hole that branches
  // within a slice has its centroid between the branches.
  std::vector<CentrePoint> centre_line;
};

struct ThroughHoles {
  std::vector<ThroughHole> items;
  double through_porosity_fraction = 0.0;  // pore volume in through-holes / total pore volume (0 if no pores)
};

// The shape rule, on a size profile p[0..nz-1] (bottom to top). With m = min p and t the tolerance:
//   straight   if both openings p[0] and p[nz-1] are <= (1 + t) m;
//   hourglass  else, if both openings are > (1 + t) m and the narrowest depth lies in
//              [interior_begin, interior_end];
//   tapered    otherwise (the narrowest part is at or near one face, or only one opening is large).
// The narrowest depth is the mean depth of the slices whose size equals m (to 1e-9 relative),
// so a symmetric neck spread over two slices sits exactly between them.
HoleShape classify_hole_shape(const std::vector<double>& size_profile_um, const ShapeRule& rule = {});
double narrowest_depth(const std::vector<double>& size_profile_um);

// Components (from label_components) that have voxels in both slice 0 and slice nz-1. With a
// single slice every component touches both faces. Items are in label order. periodic_xy must
// match the labelling (it decides how centre lines are unwrapped).
ThroughHoles find_through_holes(const Mask& pore, const Labels& labels, std::int32_t count, const Field& thickness,
                                const ShapeRule& rule = {}, bool periodic_xy = true);

}  // namespace pf::analysis
