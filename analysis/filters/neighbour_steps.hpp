#pragma once
// The half of the 6- or 26-neighbourhood that the CUDA connected-component labelling walks (the
// CPU runs the same steps in tests/analysis/test_min_hooking.cpp): each unordered pair of
// neighbours is visited once, from the voxel whose partner lies before it in memory order (before
// any wrap-around).
#include "analysis/volume.hpp"

namespace pf::analysis {

struct NeighbourStep {
  int dz, dy, dx;
};

// 3 steps for connectivity 6, 13 for 26.
PF_HOST_DEVICE constexpr int backward_step_count(int connectivity) { return connectivity == 6 ? 3 : 13; }

// Step k of backward_step_count(connectivity). For 26 these are the offsets whose memory-order
// code (dz 3 + dy) 3 + dx is negative: k = code + 13, read in base 3.
PF_HOST_DEVICE constexpr NeighbourStep backward_step(int connectivity, int k) {
  if (connectivity == 6) return {k == 0 ? -1 : 0, k == 1 ? -1 : 0, k == 2 ? -1 : 0};
  return {k / 9 - 1, (k / 3) % 3 - 1, k % 3 - 1};
}

}  // namespace pf::analysis
