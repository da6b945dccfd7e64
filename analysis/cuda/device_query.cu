#include <cuda_runtime.h>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/cuda/device_support.cuh"

namespace pf::analysis::cuda {

bool usable(std::string* why) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    if (why)
      *why = status != cudaSuccess ? std::string("no usable CUDA device: ") + cudaGetErrorString(status)
                                   : "no usable CUDA device: the driver reports 0 devices";
    return false;
  }
  return true;
}

void require_device(const std::string& where) {
  std::string why;
  if (!usable(&why)) throw AnalysisError(where + ": " + why);
}

}  // namespace pf::analysis::cuda
