#pragma once
// Pore sizes from a local-thickness field: means over regions and the size distribution.
#include <cstdint>
#include <vector>

#include "analysis/volume.hpp"

namespace pf::analysis {

// Slices [begin, end) along z.
struct SliceRange {
  std::int64_t begin = 0, end = 0;
};

// Mean local thickness (um) over the pore voxels of the slices in `range` (all slices when
// omitted); 0 if the region holds no pore voxel.
double mean_pore_size(const Mask& pore, const Field& thickness, SliceRange range);
double mean_pore_size(const Mask& pore, const Field& thickness);

// Pore voxels and their summed local thickness (um) in each z-plane of `range`, in plane order
// (planes in parallel, each summed in memory order: the same bits on any thread count); the
// means above add them up plane by plane.
struct PlaneSizeSum {
  double thickness_um = 0.0;
  std::int64_t pore_voxels = 0;
};
std::vector<PlaneSizeSum> plane_size_sums(const Mask& pore, const Field& thickness, SliceRange range);
// Mean local thickness over planes[begin, end); 0 without a pore voxel.
double mean_of_planes(const std::vector<PlaneSizeSum>& planes, std::size_t begin, std::size_t end);

// Number of pore voxels in the slices of `range`.
std::int64_t pore_voxel_count(const Mask& pore, SliceRange range);

// Volume-weighted histogram of local thickness over the pore voxels: `bins` equal bins on
// [0, max thickness]; volume_fraction[k] = share of the pore volume in bin k (they add to 1; the
// maximum falls in the last bin). With no pore voxel both arrays are empty.
struct PoreSizeDistribution {
  std::vector<double> bin_edges_um;     // bins + 1 edges
  std::vector<double> volume_fraction;  // bins values
};
PoreSizeDistribution pore_size_distribution(const Mask& pore, const Field& thickness, int bins = 20);

}  // namespace pf::analysis
