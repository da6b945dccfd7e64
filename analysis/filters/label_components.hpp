#pragma once
// Connected components of the pore phase.
#include <cstdint>

#include "analysis/volume.hpp"

namespace pf::analysis {

struct ComponentLabels {
  Labels labels;           // 0 at solid voxels, 1..count at pore voxels
  std::int32_t count = 0;  // number of components
};

// Pore voxels are connected through faces (connectivity 6) or faces, edges and corners (26).
// x and y wrap around when periodic_xy is true; z never does. Labels are numbered in order of
// each component's first voxel in memory order, so the result is deterministic.
// Union-find over the pore's runs along x (filters/pore_runs.hpp).
ComponentLabels label_components(const Mask& pore, int connectivity = 26, bool periodic_xy = true);

}  // namespace pf::analysis
