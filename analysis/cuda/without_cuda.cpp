// The CUDA filters in a build without CUDA (PF_ENABLE_CUDA=OFF or the standalone library).
#include "analysis/cuda/cuda_filters.hpp"

namespace pf::analysis::cuda {
namespace {

constexpr const char* not_built = "built without CUDA (configure with -DPF_ENABLE_CUDA=ON)";

[[noreturn]] void refuse(const char* where) { throw AnalysisError(std::string(where) + ": " + not_built); }

}  // namespace

bool usable(std::string* why) {
  if (why) *why = not_built;
  return false;
}

Field squared_distance_transform(const Mask&, const Spacing&, bool) { refuse("cuda::squared_distance_transform"); }
ComponentLabels label_components(const Mask&, int, bool) { refuse("cuda::label_components"); }
Field local_thickness(const Mask&, const Spacing&, bool) { refuse("cuda::local_thickness"); }
Field local_thickness_from_squared_edt(const Mask&, const Field&, const Spacing&, bool) {
  refuse("cuda::local_thickness_from_squared_edt");
}
TortuosityResult tortuosity(const Mask&, const Spacing&, const TortuosityOptions&) { refuse("cuda::tortuosity"); }

}  // namespace pf::analysis::cuda
