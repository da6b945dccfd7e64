#include <cuda_runtime.h>

#include <string>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/device.hpp"

namespace pf {

bool cuda_device_usable(std::string* why) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    if (why) *why = std::string("no usable CUDA device: ") + cudaGetErrorString(status);
    return false;
  }
  if (count == 0) {
    if (why) *why = "no usable CUDA device: the driver reports 0 devices";
    return false;
  }
  return true;
}

int select_cuda_device(int node_rank) {
  int count = 0;
  check_cuda(cudaGetDeviceCount(&count), "cudaGetDeviceCount");
  const int device = count > 0 ? node_rank % count : 0;
  check_cuda(cudaSetDevice(device), "cudaSetDevice");
  return device;
}

bool cuda_device_memory(std::size_t* free_bytes, std::size_t* total_bytes) {
  if (!cuda_device_usable()) return false;
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) return false;
  if (free_bytes) *free_bytes = free;
  if (total_bytes) *total_bytes = total;
  return true;
}

std::string cuda_device_description() {
  if (!cuda_device_usable()) return {};
  int device = 0;
  cudaGetDevice(&device);
  cudaDeviceProp prop{};
  cudaGetDeviceProperties(&prop, device);
  int runtime = 0;
  cudaRuntimeGetVersion(&runtime);
  return std::string(prop.name) + " (CUDA runtime " + std::to_string(runtime / 1000) + "." +
         std::to_string(runtime % 1000 / 10) + ")";
}

}  // namespace pf
