#pragma once
#include <cstddef>

#include "kernels/backend.hpp"

namespace pf {

// Plain cudaMalloc'd device memory (never managed memory); defined in memory_cuda.cu.
template <>
struct Memory<Cuda> {
  static void* allocate(std::size_t bytes);
  static void release(void* p);
  // Page-locked host memory (cudaMallocHost): the staging buffers of device-to-MPI transfers.
  static void* allocate_pinned(std::size_t bytes);
  static void release_pinned(void* p);
  static void copy_from_host(void* dst, const void* src, std::size_t bytes);
  static void copy_to_host(void* dst, const void* src, std::size_t bytes);
  static void copy_within(void* dst, const void* src, std::size_t bytes);
};

}  // namespace pf
