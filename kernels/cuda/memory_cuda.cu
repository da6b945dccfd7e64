#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/memory_cuda.hpp"

namespace pf {

void* Memory<Cuda>::allocate(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = nullptr;
  check_cuda(cudaMalloc(&p, bytes), "cudaMalloc");
  return p;
}

void Memory<Cuda>::release(void* p) {
  if (p) cudaFree(p);  // never throws from a destructor path
}

void* Memory<Cuda>::allocate_pinned(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = nullptr;
  check_cuda(cudaMallocHost(&p, bytes), "cudaMallocHost");
  return p;
}

void Memory<Cuda>::release_pinned(void* p) {
  if (p) cudaFreeHost(p);
}

void Memory<Cuda>::copy_from_host(void* dst, const void* src, std::size_t bytes) {
  check_cuda(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice), "cudaMemcpy host->device");
}

void Memory<Cuda>::copy_to_host(void* dst, const void* src, std::size_t bytes) {
  check_cuda(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy device->host");
}

void Memory<Cuda>::copy_within(void* dst, const void* src, std::size_t bytes) {
  check_cuda(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy device->device");
}

}  // namespace pf
