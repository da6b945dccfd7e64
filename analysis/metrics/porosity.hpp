#pragma once
// Porosity and its profile across the thickness.
#include <vector>

#include "analysis/metrics/pore_size.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

// Pore volume fraction of the whole volume (every voxel has the same volume).
double porosity(const Mask& pore);

// Porosity of each z slice, index 0 = the z = 0 face.
std::vector<double> porosity_profile(const Mask& pore);

// Mean local thickness (um) over the pore voxels of each z slice; 0 for a slice without pores.
std::vector<double> pore_size_profile(const Mask& pore, const Field& thickness);
// The same from per-plane sums already taken (plane_size_sums over all slices).
std::vector<double> pore_size_profile(const std::vector<PlaneSizeSum>& planes);

}  // namespace pf::analysis
