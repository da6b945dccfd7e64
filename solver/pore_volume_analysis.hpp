#pragma once
// The bridge from stored or live fields to the pore-analysis library, shared by
// `porefield analyze` and a run's in-process [analysis].
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/filters/threshold.hpp"
#include "analysis/report.hpp"

namespace pf {

struct PoreVolumeRequest {
  std::optional<analysis::PoreThreshold> threshold;  // required for float fields; none for masks
  std::array<double, 3> spacing_zyx_um{1, 1, 1};
  int connectivity = 26;
  bool tortuosity = true;
  analysis::AnalysisBackend backend = analysis::AnalysisBackend::cpu;
};

// "cpu", "cuda" or "auto" (cuda where analysis::cuda::usable(), else cpu). Throws InputError for
// "cuda" without a build with CUDA or without a device, naming `option` and the reason.
analysis::AnalysisBackend resolve_analysis_backend(const std::string& name, const std::string& option = "--backend");

// The pore mask and the analysis volumes behind a report (for porefield analyze --vtk).
struct PoreVolumeFields {
  analysis::Mask pore;
  analysis::PoreVolumes volumes;
};

// The pore mask of a volume: a 0/1 integer volume as is, a float field by the request's
// threshold. Throws InputError for input the analysis cannot take (wrong values, missing
// threshold).
analysis::Mask pore_mask_of(std::span<const double> values, std::array<std::size_t, 3> shape_zyx, bool is_integer,
                            const PoreVolumeRequest& request);
// The threshold of pore_mask_of into bytes, single-threaded: for a forked reading process
// (no OpenMP there). Needs request.threshold.
std::vector<std::uint8_t> thresholded_bytes(std::span<const double> values, const PoreVolumeRequest& request);
// A run's own uint8 pore mask (0/1 checked), without widening it to doubles.
analysis::Mask pore_mask_of(std::span<const std::uint8_t> mask, std::array<std::size_t, 3> shape_zyx);

// Analyses a pore mask, moved in (a caller done with its field can free it first: at 512^3 a
// float field read as doubles is 1 GiB); fills `fields` when given. Same errors as above.
analysis::PoreReport analyze_mask(analysis::Mask mask, const PoreVolumeRequest& request, PoreVolumeFields* fields = nullptr);

// pore_mask_of then analyze_mask.
analysis::PoreReport analyze_volume(std::span<const double> values, std::array<std::size_t, 3> shape_zyx,
                                    bool is_integer, const PoreVolumeRequest& request,
                                    PoreVolumeFields* fields = nullptr);

}  // namespace pf
