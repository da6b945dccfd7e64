// to_json(PoreReport): the stable key layout documented in docs/analysis.md.
#include <cmath>

#include <nlohmann/json.hpp>

#include "analysis/report.hpp"

namespace pf::analysis {
namespace {

using nlohmann::json;

// JSON has no inf or NaN; a quantity that is not finite (e.g. tortuosity without a path) is null.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json number(const std::optional<double>& v) { return v ? number(*v) : json(nullptr); }

json numbers(const std::vector<double>& values) {
  json out = json::array();
  for (double v : values) out.push_back(number(v));
  return out;
}

json layer_json(const SurfaceLayerMetrics& m) {
  return {{"layer_slices", m.layer_slices}, {"a", number(m.a_um)},
          {"b", number(m.b_um)},           {"ratio", number(m.ratio)},
          {"a_in_range", m.a_in_range},    {"b_in_range", m.b_in_range},
          {"b_less_than_a", m.b_less_than_a}, {"claim4_holds", m.claim4_holds}};
}

json hole_json(const ThroughHole& h) {
  return {{"label", h.label},
          {"voxels", h.voxels},
          {"opening_top", number(h.opening_top_um)},
          {"opening_bottom", number(h.opening_bottom_um)},
          {"narrowest", number(h.narrowest_um)},
          {"narrowest_depth", number(h.narrowest_depth)},
          {"shape", to_string(h.shape)},
          {"size_profile", numbers(h.size_profile_um)}};
}

}  // namespace

nlohmann::json to_json(const PoreReport& r) {
  json holes = json::array();
  for (const ThroughHole& h : r.through_holes.items) holes.push_back(hole_json(h));
  json out = {
      {"units", {{"length", "um"}, {"depth", "fraction of thickness from the z = 0 face"}}},
      {"shape_zyx", {r.shape.nz, r.shape.ny, r.shape.nx}},
      {"spacing_zyx_um", {r.spacing.hz, r.spacing.hy, r.spacing.hx}},
      {"thickness", number(r.thickness_um)},
      {"porosity", number(r.porosity)},
      {"porosity_profile", numbers(r.porosity_profile)},
      {"pore_size_profile", numbers(r.pore_size_profile_um)},
      {"mean_pore_size", number(r.mean_pore_size_um)},
      {"pore_size_distribution",
       {{"bin_edges_um", numbers(r.pore_size_distribution.bin_edges_um)},
        {"volume_fraction", numbers(r.pore_size_distribution.volume_fraction)}}},
      {"surface_layers", {{"top", layer_json(r.surface_layers.top)}, {"bottom", layer_json(r.surface_layers.bottom)}}},
      {"component_count", r.component_count},
      {"through_holes",
       {{"count", r.through_holes.items.size()},
        {"through_porosity_fraction", number(r.through_holes.through_porosity_fraction)},
        {"items", holes}}},
      {"tortuosity", r.tortuosity ? number(r.tortuosity->tortuosity) : json(nullptr)},
      {"gurley_s_per_100ml", number(r.gurley_s_per_100ml)},
      {"moisture_g_per_m2_day", number(r.moisture_g_per_m2_day)},
      {"moisture_cup_g_per_m2_day", number(r.moisture_cup_g_per_m2_day)},
  };
  if (r.tortuosity) {
    const TortuosityResult& t = *r.tortuosity;
    out["tortuosity_details"] = {{"percolates", t.percolates},
                                 {"converged", t.converged},
                                 {"iterations", t.iterations},
                                 {"flux_deviation", number(t.flux_deviation)},
                                 {"diffusivity_ratio", number(t.diffusivity_ratio)},
                                 {"conducting_fraction", number(t.conducting_fraction)}};
  }
  return out;
}

}  // namespace pf::analysis
