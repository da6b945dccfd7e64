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

struct ThroughHole {
  std::int32_t label = 0;              // component label in the labelling it came from
  std::int64_t voxels = 0;             // pore voxels of the component
  std::vector<double> size_profile_um; // per z slice: mean local thickness of the component's voxels
  double opening_bottom_um = 0.0;      // size_profile_um at slice 0 (z = 0 face)
  double opening_top_um = 0.0;         // size_profile_um at slice nz - 1 (z = d face)
  double narrowest_um = 0.0;           // smallest value of the profile
  double narrowest_depth = 0.0;        // z / d of the narrowest slice centre (0 = bottom, 1 = top)
  HoleShape shape = HoleShape::straight;
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
// single slice every component touches both faces. Items are in label order.
ThroughHoles find_through_holes(const Mask& pore, const Labels& labels, std::int32_t count, const Field& thickness,
                                const ShapeRule& rule = {});

}  // namespace pf::analysis
