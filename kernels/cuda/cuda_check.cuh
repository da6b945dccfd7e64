#pragma once
#include <cuda_runtime.h>

#include <string>

#include "solver/core/errors.hpp"

namespace pf {

// Turns a CUDA runtime status into an exception naming the call.
inline void check_cuda(cudaError_t status, const char* call) {
  if (status != cudaSuccess)
    throw BackendError(std::string("CUDA error in ") + call + ": " + cudaGetErrorString(status));
}

}  // namespace pf
