#pragma once
// The no-flux z mirror of a slab-decomposed grid. The computational grid has nz = 2 nz_physical
// planes and plane iz >= nz_physical is a copy of plane nz - 1 - iz; with z slabs the copy often
// sits on another rank, so the physical planes are sent there (one all-to-all per step, about
// half a field in all). Works on host memory (the CPU backend).
#include <cstddef>
#include <vector>

#include "kernels/communicator.hpp"

namespace pf {

class MirrorExchange {
 public:
  // z0, nz_local: this rank's slab; every rank calls this together (it gathers the slabs).
  MirrorExchange(const Communicator& comm, int nz_physical, int nz, int z0, int nz_local, std::size_t plane_bytes);
  // Fills this rank's mirror planes of `local` (nz_local planes of plane_bytes) from the
  // physical planes of all ranks. Collective.
  void apply(std::byte* local) const;

 private:
  struct Range {
    int z0, n;
  };
  int owner(int iz) const;
  const Communicator& comm_;
  int nz_physical_, nz_, rank_;
  std::size_t plane_bytes_;
  std::vector<Range> slabs_;  // every rank's slab
};

}  // namespace pf
