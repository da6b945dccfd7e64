#pragma once
// Pointwise (un)packing of the all-to-all blocks of the z-slab <-> y-slab transpose; written once
// for the CPU and CUDA backends (Exec<Backend>::for_each). Blocks are laid out for MPI_Alltoallv:
// the block exchanged with rank r holds its (z, y, x) elements in C order, z slowest, and blocks
// follow each other in rank order. Half-spectrum rows have nxc complex numbers.
#include <cstddef>

#include "kernels/complex.hpp"
#include "kernels/distributed/slab_split.hpp"
#include "solver/core/host_device.hpp"

namespace pf::kernels {

// The z-slab side: A = (nz_local, ny, nxc), split by y rows among the receivers.
template <class Real>
struct ZSlabBlocks {
  Complex<Real>* slab;
  Complex<Real>* packed;
  BlockSplit y;
  int nz_local, nxc;
  bool to_packed;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const int x = int(i % nxc);
    const std::size_t row = i / nxc;
    const int iy = int(row % y.n), iz = int(row / y.n);
    const int r = y.owner(iy), y0 = y.first(r), ny_r = y.count(r);
    const std::size_t p = std::size_t(nz_local) * nxc * y0 + (std::size_t(iz) * ny_r + (iy - y0)) * nxc + x;
    if (to_packed)
      packed[p] = slab[i];
    else
      slab[i] = packed[p];
  }
};

// The y-slab side: B = (ny_local, nz, nxc), the transposed spectrum, split by z among the senders.
template <class Real>
struct YSlabBlocks {
  Complex<Real>* slab;
  Complex<Real>* packed;
  BlockSplit z;
  int ny_local, nxc;
  bool to_packed;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const int x = int(i % nxc);
    const std::size_t row = i / nxc;
    const int iz = int(row % z.n), iy = int(row / z.n);
    const int r = z.owner(iz), z0 = z.first(r);
    const std::size_t p = std::size_t(ny_local) * nxc * z0 + (std::size_t(iz - z0) * ny_local + iy) * nxc + x;
    if (to_packed)
      packed[p] = slab[i];
    else
      slab[i] = packed[p];
  }
};

}  // namespace pf::kernels
