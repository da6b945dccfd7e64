#pragma once
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

#include "kernels/backend.hpp"

namespace pf {

template <>
struct Memory<Cpu> {
  // 64-byte alignment satisfies FFTW's SIMD plans for every buffer we hand it.
  static void* allocate(std::size_t bytes) {
    if (bytes == 0) return nullptr;
    void* p = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!p) throw std::bad_alloc();
    return p;
  }
  static void release(void* p) { std::free(p); }
  static void copy_from_host(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
  static void copy_to_host(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
  // Host memory needs no pinning (the device backends' staging buffers ask for it).
  static void* allocate_pinned(std::size_t bytes) { return allocate(bytes); }
  static void release_pinned(void* p) { release(p); }
  static void copy_within(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
};

}  // namespace pf
