#include "analysis/report.hpp"

#include <utility>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/filters/label_components.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/metrics/pore_size.hpp"
#include "analysis/metrics/porosity.hpp"
#include "analysis/metrics/surface_layers.hpp"

namespace pf::analysis {

PoreReport analyze_pores(const Mask& pore, const Spacing& h, const AnalysisOptions& options, PoreVolumes* volumes) {
  validate_mask(pore, "analyze_pores");
  validate_spacing(h, "analyze_pores");
  PoreReport r;
  r.shape = pore.shape;
  r.spacing = h;
  r.thickness_um = thickness_um(pore.shape, h);

  const bool on_device = options.backend == AnalysisBackend::cuda;
  Field thickness = on_device ? cuda::local_thickness(pore, h, options.periodic_xy)
                                    : local_thickness(pore, h, options.periodic_xy);
  r.porosity = porosity(pore);
  r.porosity_profile = porosity_profile(pore);
  // One pass of per-plane sums for the profile, the mean and both surface layers.
  const std::vector<PlaneSizeSum> planes = plane_size_sums(pore, thickness, {0, pore.shape.nz});
  r.pore_size_profile_um = pore_size_profile(planes);
  r.mean_pore_size_um = mean_of_planes(planes, 0, planes.size());
  r.pore_size_distribution = pore_size_distribution(pore, thickness, options.size_bins);
  r.surface_layers = surface_layer_metrics(planes, options.claim4);

  ComponentLabels components = on_device ? cuda::label_components(pore, options.connectivity, options.periodic_xy)
                                              : label_components(pore, options.connectivity, options.periodic_xy);
  r.component_count = components.count;
  r.through_holes = find_through_holes(pore, components.labels, components.count, thickness, options.shape_rule);
  if (volumes) {
    volumes->local_thickness_um = std::move(thickness);
    volumes->components = std::move(components.labels);
  }
  // Both are done with: free them before the tortuosity solve, the analysis' largest footprint.
  thickness = Field{};
  components = ComponentLabels{};

  if (options.compute_tortuosity) {
    TortuosityOptions t;
    t.periodic_xy = options.periodic_xy;
    t.flux_tolerance = options.tortuosity_tolerance;
    r.tortuosity = on_device ? cuda::tortuosity(pore, h, t) : tortuosity(pore, h, t);
    const PoreStructure structure{r.porosity, r.tortuosity->tortuosity, r.mean_pore_size_um, r.thickness_um};
    r.gurley_s_per_100ml = gurley_seconds(structure, FlowRegime::combined, options.gurley);
    r.moisture_g_per_m2_day = moisture_permeability_g_per_m2_day(structure, options.vapour);
    r.moisture_cup_g_per_m2_day = moisture_permeability_cup_g_per_m2_day(structure, options.vapour, options.cup);
  }
  return r;
}

}  // namespace pf::analysis
