#include "solver/pore_volume_analysis.hpp"

#include "solver/core/errors.hpp"

namespace pf {

analysis::PoreReport analyze_volume(std::span<const double> values, std::array<std::size_t, 3> shape_zyx,
                                    bool is_integer, const PoreVolumeRequest& request, PoreVolumeFields* fields) {
  try {
    const analysis::Shape shape{std::int64_t(shape_zyx[0]), std::int64_t(shape_zyx[1]), std::int64_t(shape_zyx[2])};
    analysis::Mask mask;
    if (request.threshold)
      mask = analysis::threshold_field(values, shape, *request.threshold);
    else if (is_integer)
      mask = analysis::mask_from_integers(values, shape);
    else
      throw InputError("a float field needs a threshold: --pore-below X or --pore-above X (pore where phi < X or > X)");
    analysis::AnalysisOptions options;
    options.connectivity = request.connectivity;
    options.compute_tortuosity = request.tortuosity;
    const analysis::Spacing spacing{request.spacing_zyx_um[0], request.spacing_zyx_um[1], request.spacing_zyx_um[2]};
    if (!fields) return analysis::analyze_pores(mask, spacing, options);
    analysis::PoreReport report = analysis::analyze_pores(mask, spacing, options, &fields->volumes);
    fields->pore = std::move(mask);
    return report;
  } catch (const analysis::AnalysisError& e) {
    throw InputError(e.what());
  }
}

}  // namespace pf
