#pragma once
// Synthetic layered slits: planar pores normal to x, unbounded in y, stacked in z layers with
// their own width. Their local thickness is known exactly, which makes them the reference for
// graded (surface-layer) structures.
#include <cstdint>
#include <vector>

#include "analysis/volume.hpp"

namespace pf::analysis {

// Slices [z_begin, z_end) hold slits `width_voxels` wide along x, one every `pitch_voxels`, the
// first starting at x = 0.
struct SlitLayer {
  std::int64_t z_begin = 0, z_end = 0;
  std::int64_t width_voxels = 1;
  std::int64_t pitch_voxels = 2;
};

Mask slits(const Shape& shape, const std::vector<SlitLayer>& layers);

}  // namespace pf::analysis
