#include "analysis/metrics/through_holes.hpp"

#include <algorithm>
#include <cmath>

namespace pf::analysis {

std::string to_string(HoleShape shape) {
  switch (shape) {
    case HoleShape::straight: return "straight";
    case HoleShape::tapered: return "tapered";
    case HoleShape::hourglass: return "hourglass";
  }
  return "unknown";
}

double narrowest_depth(const std::vector<double>& p) {
  require(!p.empty(), "narrowest_depth: empty size profile");
  const double m = *std::min_element(p.begin(), p.end());
  double sum = 0.0;
  int n = 0;
  for (std::size_t k = 0; k < p.size(); ++k)
    if (p[k] <= m + 1e-9 * std::abs(m)) {
      sum += double(k) + 0.5;
      ++n;
    }
  return sum / n / double(p.size());
}

HoleShape classify_hole_shape(const std::vector<double>& p, const ShapeRule& rule) {
  require(!p.empty(), "classify_hole_shape: empty size profile");
  const double m = *std::min_element(p.begin(), p.end());
  const double wide = (1.0 + rule.tolerance) * m;
  const double bottom = p.front(), top = p.back();
  if (bottom <= wide && top <= wide) return HoleShape::straight;
  const double depth = narrowest_depth(p);
  if (bottom > wide && top > wide && rule.interior_begin <= depth && depth <= rule.interior_end)
    return HoleShape::hourglass;
  return HoleShape::tapered;
}

ThroughHoles find_through_holes(const Mask& pore, const Labels& labels, std::int32_t count, const Field& thickness,
                                const ShapeRule& rule) {
  validate_mask(pore, "find_through_holes");
  require_same_shape(pore, labels, "find_through_holes");
  require_same_shape(pore, thickness, "find_through_holes");
  const Shape s = pore.shape;
  const auto n = static_cast<std::size_t>(count) + 1;

  std::int32_t lowest = 0, highest = 0;
#pragma omp parallel for schedule(static) reduction(min : lowest) reduction(max : highest)
  for (std::int64_t i = 0; i < s.size(); ++i) {
    lowest = std::min(lowest, labels[i]);
    highest = std::max(highest, labels[i]);
  }
  if (lowest < 0 || highest > count)
    throw AnalysisError("find_through_holes: label " + std::to_string(lowest < 0 ? lowest : highest) +
                        " outside [0, " + std::to_string(count) + "]");
  std::vector<char> at_bottom(n, 0), at_top(n, 0);
  for (std::int64_t i = 0; i < s.slice_size(); ++i) {
    at_bottom[labels[i]] = 1;
    at_top[labels[(s.nz - 1) * s.slice_size() + i]] = 1;
  }

  // Per through-hole and slice: voxel count and summed thickness.
  std::vector<std::int32_t> item_of(n, -1);
  ThroughHoles out;
  for (std::int32_t l = 1; l <= count; ++l)
    if (at_bottom[l] && at_top[l]) {
      item_of[l] = static_cast<std::int32_t>(out.items.size());
      out.items.push_back({});
      out.items.back().label = l;
    }
  const std::size_t holes = out.items.size(), nz = static_cast<std::size_t>(s.nz);
  std::vector<double> sum(holes * nz, 0.0);
  std::vector<std::int64_t> voxels(holes * nz, 0);
  std::int64_t pore_voxels = 0, through_voxels = 0;
  // Planes in parallel, each in memory order: entry (h, z) is summed by one thread, in the same
  // order on any thread count.
#pragma omp parallel for schedule(static) reduction(+ : pore_voxels, through_voxels)
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t i = z * s.slice_size(); i < (z + 1) * s.slice_size(); ++i) {
      if (!pore[i]) continue;
      ++pore_voxels;
      const std::int32_t h = item_of[std::size_t(labels[i])];
      if (h < 0) continue;
      ++through_voxels;
      const std::size_t k = std::size_t(h) * nz + std::size_t(z);
      sum[k] += thickness[i];
      ++voxels[k];
    }

  for (std::size_t h = 0; h < holes; ++h) {
    ThroughHole& hole = out.items[h];
    hole.size_profile_um.resize(nz);
    for (std::size_t z = 0; z < nz; ++z) {
      const std::size_t k = h * nz + z;
      hole.voxels += voxels[k];
      // A connected component has voxels in every slice between its two faces.
      hole.size_profile_um[z] = voxels[k] ? sum[k] / double(voxels[k]) : 0.0;
    }
    hole.opening_bottom_um = hole.size_profile_um.front();
    hole.opening_top_um = hole.size_profile_um.back();
    hole.narrowest_um = *std::min_element(hole.size_profile_um.begin(), hole.size_profile_um.end());
    hole.narrowest_depth = narrowest_depth(hole.size_profile_um);
    hole.shape = classify_hole_shape(hole.size_profile_um, rule);
  }
  out.through_porosity_fraction = pore_voxels ? double(through_voxels) / double(pore_voxels) : 0.0;
  return out;
}

}  // namespace pf::analysis
