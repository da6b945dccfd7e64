#include "solver/pore_volume_analysis.hpp"

#include "analysis/cuda/cuda_filters.hpp"
#include "solver/core/errors.hpp"

namespace pf {

analysis::AnalysisBackend resolve_analysis_backend(const std::string& name, const std::string& option) {
  if (name == "cpu") return analysis::AnalysisBackend::cpu;
  std::string why;
  const bool usable = analysis::cuda::usable(&why);
  if (name == "auto") return usable ? analysis::AnalysisBackend::cuda : analysis::AnalysisBackend::cpu;
  if (name != "cuda") throw InputError(option + " " + name + ": expected cpu, cuda or auto");
  if (!usable) throw InputError(option + " cuda: " + why);
  return analysis::AnalysisBackend::cuda;
}

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
    options.backend = request.backend;
    const analysis::Spacing spacing{request.spacing_zyx_um[0], request.spacing_zyx_um[1], request.spacing_zyx_um[2]};
    if (!fields) return analysis::analyze_pores(mask, spacing, options);
    analysis::PoreReport report = analysis::analyze_pores(mask, spacing, options, &fields->volumes);
    fields->pore = std::move(mask);
    return report;
  } catch (const analysis::AnalysisError& e) {
    throw InputError(e.what());
  } catch (const analysis::AnalysisDeviceError& e) {
    throw BackendError(e.what());
  }
}

}  // namespace pf
