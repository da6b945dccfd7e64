#include "analysis/metrics/surface_layers.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/metrics/pore_size.hpp"

namespace pf::analysis {
namespace {

SurfaceLayerMetrics evaluate(const std::vector<PlaneSizeSum>& planes, SliceRange layer, SliceRange rest,
                             const Claim4Ranges& r) {
  SurfaceLayerMetrics m;
  m.layer_slices = layer.end - layer.begin;
  m.a_um = mean_of_planes(planes, std::size_t(layer.begin), std::size_t(layer.end));
  m.b_um = mean_of_planes(planes, std::size_t(rest.begin), std::size_t(rest.end));
  if (m.b_um > 0.0) m.ratio = m.a_um / m.b_um;
  m.a_in_range = r.a_min_um <= m.a_um && m.a_um <= r.a_max_um;
  m.b_in_range = r.b_min_um <= m.b_um && m.b_um <= r.b_max_um;
  m.b_less_than_a = m.b_um < m.a_um;
  m.claim4_holds = m.a_in_range && m.b_in_range && m.b_less_than_a;
  return m;
}

}  // namespace

std::int64_t surface_layer_slices(std::int64_t nz) {
  return std::clamp<std::int64_t>(std::llround(double(nz) / 16.0), 1, std::max<std::int64_t>(nz, 1));
}

SurfaceLayers surface_layer_metrics(const Mask& pore, const Field& thickness, const Claim4Ranges& ranges) {
  validate_mask(pore, "surface_layer_metrics");
  require_same_shape(pore, thickness, "surface_layer_metrics");
  return surface_layer_metrics(plane_size_sums(pore, thickness, {0, pore.shape.nz}), ranges);
}

SurfaceLayers surface_layer_metrics(const std::vector<PlaneSizeSum>& planes, const Claim4Ranges& ranges) {
  const std::int64_t nz = std::int64_t(planes.size()), n = surface_layer_slices(nz);
  SurfaceLayers out;
  out.bottom = evaluate(planes, {0, n}, {n, nz}, ranges);
  out.top = evaluate(planes, {nz - n, nz}, {0, nz - n}, ranges);
  return out;
}

}  // namespace pf::analysis
