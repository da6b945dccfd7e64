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

namespace {

analysis::Shape analysis_shape(std::array<std::size_t, 3> shape_zyx) {
  return {std::int64_t(shape_zyx[0]), std::int64_t(shape_zyx[1]), std::int64_t(shape_zyx[2])};
}

// The analysis library's errors as porefield's: bad input, or a device failure.
template <class Work>
auto translating_errors(Work&& work) {
  try {
    return work();
  } catch (const analysis::AnalysisError& e) {
    throw InputError(e.what());
  } catch (const analysis::AnalysisDeviceError& e) {
    throw BackendError(e.what());
  }
}

}  // namespace

analysis::Mask pore_mask_of(std::span<const double> values, std::array<std::size_t, 3> shape_zyx, bool is_integer,
                            const PoreVolumeRequest& request) {
  return translating_errors([&] {
    if (request.threshold) return analysis::threshold_field(values, analysis_shape(shape_zyx), *request.threshold);
    if (is_integer) return analysis::mask_from_integers(values, analysis_shape(shape_zyx));
    throw InputError("a float field needs a threshold: --pore-below X or --pore-above X (pore where phi < X or > X)");
  });
}

std::vector<std::uint8_t> thresholded_bytes(std::span<const double> values, const PoreVolumeRequest& request) {
  if (!request.threshold) throw Error("thresholded_bytes: no threshold");
  return translating_errors([&] {
    std::vector<std::uint8_t> bytes(values.size());
    analysis::threshold_into(values, *request.threshold, bytes);
    return bytes;
  });
}

analysis::Mask pore_mask_of(std::span<const std::uint8_t> mask, std::array<std::size_t, 3> shape_zyx) {
  return translating_errors([&] { return analysis::mask_from_integers(mask, analysis_shape(shape_zyx)); });
}

analysis::PoreReport analyze_mask(analysis::Mask mask, const PoreVolumeRequest& request, PoreVolumeFields* fields) {
  return translating_errors([&] {
    analysis::AnalysisOptions options;
    options.connectivity = request.connectivity;
    options.compute_tortuosity = request.tortuosity;
    options.backend = request.backend;
    const analysis::Spacing spacing{request.spacing_zyx_um[0], request.spacing_zyx_um[1], request.spacing_zyx_um[2]};
    if (!fields) return analysis::analyze_pores(mask, spacing, options);
    analysis::PoreReport report = analysis::analyze_pores(mask, spacing, options, &fields->volumes);
    fields->pore = std::move(mask);
    return report;
  });
}

analysis::PoreReport analyze_volume(std::span<const double> values, std::array<std::size_t, 3> shape_zyx,
                                    bool is_integer, const PoreVolumeRequest& request, PoreVolumeFields* fields) {
  return analyze_mask(pore_mask_of(values, shape_zyx, is_integer, request), request, fields);
}

}  // namespace pf
