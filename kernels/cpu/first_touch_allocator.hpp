#pragma once
// An allocator for big host arrays whose pages the OpenMP threads fault in together.
//
// A fresh std::vector<T>(n) zero-fills in one thread, and the first write to each page traps
// into the kernel, which zeroes the page in that same thread: for volumes of 512^3 voxels that
// serial page-fault path dominated the analysis (perf: 15 % of all samples in clear_page_erms
// under one memset; on the 2-core VM 8 GiB took 6.3-19 s that way, 2.5 s with the pages touched
// by both threads first, docs/benchmarks.md). Here allocate() writes one byte per page in an
// OpenMP static loop, so the kernel's work is spread over the threads, then the vector
// value-initialises as usual (no page faults left). Small blocks skip the parallel loop.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace pf {

inline constexpr std::size_t kFirstTouchPage = 4096;
inline constexpr std::size_t kFirstTouchMinBytes = std::size_t(1) << 24;  // 16 MiB

// Writes a zero byte into every page of [p, p + bytes) (memory that holds no object yet).
inline void fault_in_pages(void* p, std::size_t bytes) {
  auto* c = static_cast<unsigned char*>(p);
  const auto pages = static_cast<std::int64_t>((bytes + kFirstTouchPage - 1) / kFirstTouchPage);
#pragma omp parallel for schedule(static) if (bytes >= kFirstTouchMinBytes)
  for (std::int64_t k = 0; k < pages; ++k) c[std::size_t(k) * kFirstTouchPage] = 0;
}

template <class T>
struct FirstTouchAllocator {
  using value_type = T;

  FirstTouchAllocator() noexcept = default;
  template <class U>
  FirstTouchAllocator(const FirstTouchAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    T* p = std::allocator<T>{}.allocate(n);
    if (n * sizeof(T) >= kFirstTouchMinBytes) fault_in_pages(p, n * sizeof(T));
    return p;
  }
  void deallocate(T* p, std::size_t n) noexcept { std::allocator<T>{}.deallocate(p, n); }

  template <class U>
  bool operator==(const FirstTouchAllocator<U>&) const noexcept {
    return true;
  }
};

// The host array type of the pore analysis' volumes and solver vectors.
template <class T>
using HostArray = std::vector<T, FirstTouchAllocator<T>>;

}  // namespace pf
