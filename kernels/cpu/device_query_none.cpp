// Linked instead of kernels/cuda/device_query.cu when porefield is built without CUDA.
#include "kernels/device.hpp"

namespace pf {

bool cuda_device_usable(std::string* why) {
  if (why) *why = "this porefield was built without CUDA (configure with -DPF_ENABLE_CUDA=ON where nvcc exists)";
  return false;
}

int select_cuda_device(int) { return -1; }

bool cuda_device_memory(std::size_t*, std::size_t*) { return false; }

std::string cuda_device_description() { return {}; }

}  // namespace pf
