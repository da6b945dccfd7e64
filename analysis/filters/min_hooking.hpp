#pragma once
// The per-voxel steps of the CUDA labelling (cuda/label_components.cu), written here so that the
// CPU can run them too (tests/analysis/test_min_hooking.cpp): union-find over voxel indices with
// atomicMin hooking (Playne & Hawick, "A new algorithm for parallel connected-component labelling
// on GPUs", IEEE TPDS 29 (2018) 1217). Every link points from a larger index to a smaller one,
// so each root ends as its component's smallest voxel index.
#include <cstdint>

#include "analysis/filters/neighbour_steps.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

PF_HOST_DEVICE inline std::int32_t find_root(const std::int32_t* parent, std::int32_t i) {
  for (std::int32_t p = parent[i]; p != i; p = parent[i]) i = p;
  return i;
}

// Hooks the larger of the two roots under the smaller. atomic_min(p, v) stores min(*p, v) and
// returns the old *p (atomicMin on the device). When another thread changed that entry first,
// the old value is not the root: the entry now points at min(old, a), so the link to `old` may be
// gone, and uniting a with `old` next keeps both sets joined (the paper's merge).
template <class AtomicMin>
PF_HOST_DEVICE void unite(std::int32_t* parent, std::int32_t a, std::int32_t b, AtomicMin atomic_min) {
  while (true) {
    a = find_root(parent, a);
    b = find_root(parent, b);
    if (a == b) return;
    if (a > b) {
      const std::int32_t t = a;
      a = b;
      b = t;
    }
    const std::int32_t old = atomic_min(parent + b, a);
    if (old == b) return;
    b = old;
  }
}

// Unites pore voxel i with its pore neighbours among backward_step(connectivity, ·).
template <class AtomicMin>
PF_HOST_DEVICE void join_neighbours_of(const std::uint8_t* pore, std::int32_t* parent, const Shape& s,
                                       int connectivity, bool periodic_xy, std::int64_t i, AtomicMin atomic_min) {
  if (!pore[i]) return;
  const std::int64_t z = i / s.slice_size(), y = (i / s.nx) % s.ny, x = i % s.nx;
  for (int k = 0; k < backward_step_count(connectivity); ++k) {
    const NeighbourStep st = backward_step(connectivity, k);
    const std::int64_t j = neighbour_index(s, z, y, x, st.dz, st.dy, st.dx, periodic_xy);
    if (j >= 0 && pore[j]) unite(parent, std::int32_t(i), std::int32_t(j), atomic_min);
  }
}

}  // namespace pf::analysis
