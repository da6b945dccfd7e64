#pragma once
// The pore phase as runs, and its connected components by run: the CPU labelling
// (label_components.hpp) and the tortuosity's conducting set (metrics/tortuosity.cpp).
//
// A run is a maximal segment of consecutive pore voxels along x in one row (z, y). Two runs are
// joined when a voxel of one is a 6- or 26-neighbour of a voxel of the other: for 6, the x ranges
// of runs in face-neighbouring rows overlap; for 26, they overlap once widened by one voxel, in the
// rows of the face- and edge-neighbouring rows. This is the run-based union-find of He, Chao and
// Suzuki ("A run-based two-scan labeling algorithm", IEEE Trans. Image Process. 17 (2008) 749),
// here in 3D and periodic in x and y: on phase-field pore spaces, whose runs are tens of voxels
// long, it makes a few links per run instead of 3 or 5 per voxel, and it needs no array per voxel.
#include <cstdint>

#include "analysis/volume.hpp"

namespace pf::analysis {

struct PoreRuns {
  Shape shape;
  HostArray<std::int64_t> row_first;  // per row z * ny + y, its first run; one more entry ends the last row
  HostArray<std::int32_t> begin, end;  // x range [begin, end) of each run; runs in memory order

  std::int64_t count() const { return std::int64_t(begin.size()); }
};

// The runs of a pore mask (1 = pore), row by row.
PoreRuns find_pore_runs(const Mask& pore);

// Component label of each run, 1 .. count, numbered in order of each component's first voxel in
// memory order (the numbering of label_components).
struct RunLabels {
  HostArray<std::int32_t> label;
  std::int32_t count = 0;
};

// Connectivity 6 or 26; x and y wrap around when periodic_xy is true, z never does.
RunLabels label_runs(const PoreRuns& runs, int connectivity, bool periodic_xy);

// Writes label_of(run) on every voxel of each run and 0 elsewhere: out has runs.shape.size()
// entries in memory order.
template <class T, class LabelOf>
void paint_runs(const PoreRuns& runs, LabelOf label_of, T* out) {
  const Shape s = runs.shape;
  const std::int64_t rows = s.nz * s.ny;
#pragma omp parallel for schedule(static)
  for (std::int64_t row = 0; row < rows; ++row) {
    T* line = out + row * s.nx;
    std::int32_t x = 0;
    for (std::int64_t k = runs.row_first[row]; k < runs.row_first[row + 1]; ++k) {
      for (; x < runs.begin[k]; ++x) line[x] = T(0);
      const T v = T(label_of(k));
      for (; x < runs.end[k]; ++x) line[x] = v;
    }
    for (; x < s.nx; ++x) line[x] = T(0);
  }
}

}  // namespace pf::analysis
