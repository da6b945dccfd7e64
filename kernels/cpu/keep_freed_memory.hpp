#pragma once
// Keeps memory the process frees for its own later allocations instead of returning it to the
// kernel. glibc maps every block over 32 MiB with mmap and unmaps it on free, so each volume-sized
// array of the pore analysis (1 GiB at 512^3) starts in fresh pages that the kernel must fault in
// and zero; an analysis at every output time, or the stages of one analysis, would pay that again
// and again (on the 2-core VM a second 512^3 analysis in the same process took 38 s against 45.6 s
// for the first, docs/benchmarks.md). With mmap off and trimming off, freed blocks stay in the
// heap for reuse; the peak resident memory stays what the largest moment needs (7.68 against
// 7.63 GB for the 512^3 analysis). Called once by porefield's main(); a library user decides for
// their own process.
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pf {

inline void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_MAX, 0);         // big blocks from the heap too, so that free() keeps them
  mallopt(M_TRIM_THRESHOLD, -1);  // never give the heap's free top back (mallopt(3): -1 disables)
#endif
}

}  // namespace pf
