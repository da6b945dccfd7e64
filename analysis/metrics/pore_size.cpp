#include "analysis/metrics/pore_size.hpp"

#include <algorithm>

namespace pf::analysis {
namespace {

void check_inputs(const Mask& pore, const Field& thickness, SliceRange range, const char* where) {
  require_same_shape(pore, thickness, where);
  require(0 <= range.begin && range.begin <= range.end && range.end <= pore.shape.nz,
          std::string(where) + ": slice range [" + std::to_string(range.begin) + ", " + std::to_string(range.end) +
              ") outside [0, " + std::to_string(pore.shape.nz) + ")");
}

}  // namespace

std::int64_t pore_voxel_count(const Mask& pore, SliceRange range) {
  const std::int64_t n = pore.shape.slice_size();
  std::int64_t count = 0;
#pragma omp parallel for schedule(static) reduction(+ : count)
  for (std::int64_t i = range.begin * n; i < range.end * n; ++i) count += pore[i];
  return count;
}

std::vector<PlaneSizeSum> plane_size_sums(const Mask& pore, const Field& thickness, SliceRange range) {
  check_inputs(pore, thickness, range, "plane_size_sums");
  const std::int64_t n = pore.shape.slice_size();
  std::vector<PlaneSizeSum> out(std::size_t(range.end - range.begin));
#pragma omp parallel for schedule(static)
  for (std::int64_t z = range.begin; z < range.end; ++z) {
    PlaneSizeSum p;
    for (std::int64_t i = z * n; i < (z + 1) * n; ++i) {
      if (!pore[i]) continue;
      p.thickness_um += thickness[i];
      ++p.pore_voxels;
    }
    out[std::size_t(z - range.begin)] = p;
  }
  return out;
}

double mean_of_planes(const std::vector<PlaneSizeSum>& planes, std::size_t begin, std::size_t end) {
  double sum = 0.0;
  std::int64_t count = 0;
  for (std::size_t k = begin; k < end; ++k) {
    sum += planes[k].thickness_um;
    count += planes[k].pore_voxels;
  }
  return count ? sum / double(count) : 0.0;
}

double mean_pore_size(const Mask& pore, const Field& thickness, SliceRange range) {
  const std::vector<PlaneSizeSum> planes = plane_size_sums(pore, thickness, range);
  return mean_of_planes(planes, 0, planes.size());
}

double mean_pore_size(const Mask& pore, const Field& thickness) {
  return mean_pore_size(pore, thickness, {0, pore.shape.nz});
}

PoreSizeDistribution pore_size_distribution(const Mask& pore, const Field& thickness, int bins) {
  check_inputs(pore, thickness, {0, pore.shape.nz}, "pore_size_distribution");
  require(bins > 0, "pore_size_distribution: bins must be positive, got " + std::to_string(bins));
  PoreSizeDistribution out;
  const std::int64_t n = pore.shape.size();
  double largest = 0.0;
  std::int64_t count = 0;
#pragma omp parallel for schedule(static) reduction(max : largest) reduction(+ : count)
  for (std::int64_t i = 0; i < n; ++i)
    if (pore[i]) {
      largest = std::max(largest, thickness[i]);
      ++count;
    }
  if (count == 0) return out;
  const double width = largest > 0.0 ? largest / bins : 1.0;
  for (int k = 0; k <= bins; ++k) out.bin_edges_um.push_back(width * k);
  out.bin_edges_um.back() = largest > 0.0 ? largest : width * bins;
  // Voxel counts per bin (integers: the same on any thread count).
  std::vector<std::int64_t> voxels(static_cast<std::size_t>(bins), 0);
#pragma omp parallel
  {
    std::vector<std::int64_t> mine(static_cast<std::size_t>(bins), 0);
#pragma omp for schedule(static) nowait
    for (std::int64_t i = 0; i < n; ++i)
      if (pore[i]) ++mine[std::size_t(std::min(bins - 1, static_cast<int>(thickness[i] / width)))];
#pragma omp critical
    for (int k = 0; k < bins; ++k) voxels[std::size_t(k)] += mine[std::size_t(k)];
  }
  out.volume_fraction.assign(voxels.begin(), voxels.end());
  for (double& f : out.volume_fraction) f /= double(count);
  return out;
}

}  // namespace pf::analysis
