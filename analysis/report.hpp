#pragma once
// One call that runs the whole pore analysis of MODEL.md section 7, and its JSON / Markdown forms.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/metrics/permeability.hpp"
#include "analysis/metrics/pore_size.hpp"
#include "analysis/metrics/surface_layers.hpp"
#include "analysis/metrics/through_holes.hpp"
#include "analysis/metrics/tortuosity.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

// Where the distance transform, local thickness and labelling run (cuda/cuda_filters.hpp);
// both give identical results. Tortuosity and the metrics always run on the CPU.
enum class AnalysisBackend { cpu, cuda };

struct AnalysisOptions {
  AnalysisBackend backend = AnalysisBackend::cpu;
  int connectivity = 26;           // 6 or 26, for through-hole components
  bool periodic_xy = true;         // x/y wrap-around for distances, components and diffusion
  bool compute_tortuosity = true;  // the diffusion solve is the expensive part
  int size_bins = 20;              // pore-size distribution bins
  ShapeRule shape_rule{};
  Claim4Ranges claim4{};
  double tortuosity_tolerance = 1e-4;
  GurleyConditions gurley{};
  VapourConditions vapour{};
  CupGeometry cup{};
};

struct PoreReport {
  Shape shape;
  Spacing spacing;
  double thickness_um = 0.0;
  double porosity = 0.0;
  std::vector<double> porosity_profile;     // per z slice, bottom (z = 0) to top
  std::vector<double> pore_size_profile_um; // mean local thickness per z slice (0 without pores)
  double mean_pore_size_um = 0.0;           // mean local thickness over all pore voxels (0 without pores)
  PoreSizeDistribution pore_size_distribution;
  SurfaceLayers surface_layers;
  std::int32_t component_count = 0;
  ThroughHoles through_holes;
  // Empty when compute_tortuosity is false. tortuosity->tortuosity is +inf without a path.
  std::optional<TortuosityResult> tortuosity;
  // From porosity, tortuosity, mean pore size and thickness (combined Knudsen + viscous flow);
  // empty when tortuosity was not computed. Gurley is +inf (JSON null) without a path.
  std::optional<double> gurley_s_per_100ml;
  std::optional<double> moisture_g_per_m2_day;
  std::optional<double> moisture_cup_g_per_m2_day;  // as a JIS Z 0208 cup would read it (air gap in series)
};

// The volumes a report was computed from, kept for visualisation (porefield analyze --vtk).
struct PoreVolumes {
  Field local_thickness_um;  // local thickness (filters/local_thickness.hpp), 0 in the solid
  Labels components;         // pore components; through_holes.items[].label refer to these
};

// Runs distance transform, local thickness, labelling and every metric on a pore mask
// (uint8, 1 = pore) with spacing in um; fills `volumes` when given. Throws AnalysisError on
// invalid input.
PoreReport analyze_pores(const Mask& pore, const Spacing& spacing_um, const AnalysisOptions& options = {},
                         PoreVolumes* volumes = nullptr);

// Stable keys (see docs/analysis.md); non-finite numbers become null.
nlohmann::json to_json(const PoreReport& report);

// A short human-readable summary.
std::string to_markdown(const PoreReport& report);

}  // namespace pf::analysis
