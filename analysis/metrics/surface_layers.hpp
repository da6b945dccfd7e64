#pragma once
// Claim 4 / 22 of seed 000 (MODEL.md section 7): is the pore size near a surface larger than
// inside the membrane?
#include <cstdint>
#include <optional>

#include "analysis/metrics/pore_size.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

// The ranges the claim names, in um.
struct Claim4Ranges {
  double a_min_um = 0.05, a_max_um = 50.0;
  double b_min_um = 0.01, b_max_um = 30.0;
};

struct SurfaceLayerMetrics {
  std::int64_t layer_slices = 0;  // slices in the surface layer
  double a_um = 0.0;              // mean pore size from the surface to depth d/16 (0: no pores there)
  double b_um = 0.0;              // mean pore size in the rest (0: no pores there)
  std::optional<double> ratio;    // a / b; empty when b = 0
  bool a_in_range = false;
  bool b_in_range = false;
  bool b_less_than_a = false;
  bool claim4_holds = false;      // all three above
};

// "top" is the z = d side (the last slices), "bottom" the z = 0 side (the first slices).
struct SurfaceLayers {
  SurfaceLayerMetrics top, bottom;
};

// Slices in a surface layer of depth d/16: nz/16 rounded to the nearest integer, at least 1
// (a membrane thinner than 16 slices still has a one-slice surface layer).
std::int64_t surface_layer_slices(std::int64_t nz);

// a, b and the booleans for both surfaces, from the local-thickness field (um).
SurfaceLayers surface_layer_metrics(const Mask& pore, const Field& thickness, const Claim4Ranges& ranges = {});
// The same from per-plane sums already taken (plane_size_sums over all slices, one per slice).
SurfaceLayers surface_layer_metrics(const std::vector<PlaneSizeSum>& planes, const Claim4Ranges& ranges = {});

}  // namespace pf::analysis
