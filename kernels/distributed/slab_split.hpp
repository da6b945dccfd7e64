#pragma once
// The block split of n items over P ranks that FFTW-MPI uses by default: blocks of ceil(n / P),
// the last ones shorter or empty. The explicit-transpose FFT uses it too, so its slabs and its
// transposed spectrum are FFTW-MPI's (SlabLayout), and the kernels cannot tell them apart.
#include "solver/core/host_device.hpp"

namespace pf {

struct BlockSplit {
  int n = 1, block = 1;  // items, and items per rank (ceil(n / ranks))
  static BlockSplit of(int n, int ranks) { return {n, (n + ranks - 1) / ranks}; }
  PF_HOST_DEVICE int first(int rank) const { return rank * block < n ? rank * block : n; }
  PF_HOST_DEVICE int count(int rank) const {
    const int f = first(rank);
    return f + block < n ? block : n - f;
  }
  PF_HOST_DEVICE int owner(int item) const { return item / block; }
};

}  // namespace pf
