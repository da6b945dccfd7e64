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
  for (std::int64_t i = range.begin * n; i < range.end * n; ++i) count += pore[i];
  return count;
}

double mean_pore_size(const Mask& pore, const Field& thickness, SliceRange range) {
  check_inputs(pore, thickness, range, "mean_pore_size");
  const std::int64_t n = pore.shape.slice_size();
  double sum = 0.0;
  std::int64_t count = 0;
  for (std::int64_t i = range.begin * n; i < range.end * n; ++i) {
    if (!pore[i]) continue;
    sum += thickness[i];
    ++count;
  }
  return count ? sum / double(count) : 0.0;
}

double mean_pore_size(const Mask& pore, const Field& thickness) {
  return mean_pore_size(pore, thickness, {0, pore.shape.nz});
}

PoreSizeDistribution pore_size_distribution(const Mask& pore, const Field& thickness, int bins) {
  check_inputs(pore, thickness, {0, pore.shape.nz}, "pore_size_distribution");
  require(bins > 0, "pore_size_distribution: bins must be positive, got " + std::to_string(bins));
  PoreSizeDistribution out;
  double largest = 0.0;
  std::int64_t count = 0;
  for (std::int64_t i = 0; i < pore.shape.size(); ++i)
    if (pore[i]) {
      largest = std::max(largest, thickness[i]);
      ++count;
    }
  if (count == 0) return out;

  const double width = largest > 0.0 ? largest / bins : 1.0;
  for (int k = 0; k <= bins; ++k) out.bin_edges_um.push_back(width * k);
  out.bin_edges_um.back() = largest > 0.0 ? largest : width * bins;
  out.volume_fraction.assign(static_cast<std::size_t>(bins), 0.0);
  for (std::int64_t i = 0; i < pore.shape.size(); ++i) {
    if (!pore[i]) continue;
    const int k = std::min(bins - 1, static_cast<int>(thickness[i] / width));
    out.volume_fraction[k] += 1.0;
  }
  for (double& f : out.volume_fraction) f /= double(count);
  return out;
}

}  // namespace pf::analysis
