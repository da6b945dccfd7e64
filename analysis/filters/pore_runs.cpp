#include "analysis/filters/pore_runs.hpp"

#include <algorithm>

namespace pf::analysis {
namespace {

// Union-find over run indices with path halving. The smaller index becomes the root, so a root
// is its component's first run, and that run holds the component's first voxel.
struct RunSets {
  HostArray<std::int32_t> parent;

  explicit RunSets(std::int64_t n) : parent(static_cast<std::size_t>(n)) {
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) parent[std::size_t(i)] = static_cast<std::int32_t>(i);
  }
  std::int32_t find(std::int32_t i) {
    while (parent[std::size_t(i)] != i) {
      parent[std::size_t(i)] = parent[std::size_t(parent[std::size_t(i)])];
      i = parent[std::size_t(i)];
    }
    return i;
  }
  void unite(std::int64_t a, std::int64_t b) {
    const std::int32_t ra = find(std::int32_t(a)), rb = find(std::int32_t(b));
    if (ra < rb) parent[std::size_t(rb)] = ra;
    else if (rb < ra) parent[std::size_t(ra)] = rb;
  }
};

// Joins each run of row a with the runs of row b it touches: x ranges that overlap once widened
// by `reach` voxels (0: face neighbours only; 1: edge and corner neighbours too), and, with
// `wrap` and reach 1, the runs at the two ends of the periodic x line.
void join_rows(RunSets& sets, const PoreRuns& r, std::int64_t a, std::int64_t b, int reach, bool wrap) {
  const std::int64_t a0 = r.row_first[std::size_t(a)], a1 = r.row_first[std::size_t(a) + 1];
  const std::int64_t b0 = r.row_first[std::size_t(b)], b1 = r.row_first[std::size_t(b) + 1];
  if (a0 == a1 || b0 == b1) return;
  std::int64_t j = b0;
  for (std::int64_t i = a0; i < a1; ++i) {
    const std::int64_t lo = r.begin[std::size_t(i)] - reach, hi = r.end[std::size_t(i)] + reach;
    while (j < b1 && r.end[std::size_t(j)] <= lo) ++j;  // runs of b left of run i, and of every later one
    for (std::int64_t k = j; k < b1 && r.begin[std::size_t(k)] < hi; ++k) sets.unite(i, k);
  }
  if (wrap && reach > 0) {  // x = 0 and x = nx - 1 are neighbours
    const std::int32_t nx = std::int32_t(r.shape.nx);
    if (r.begin[std::size_t(a0)] == 0 && r.end[std::size_t(b1 - 1)] == nx) sets.unite(a0, b1 - 1);
    if (r.end[std::size_t(a1 - 1)] == nx && r.begin[std::size_t(b0)] == 0) sets.unite(a1 - 1, b0);
  }
}

// The row at y + dy of plane z, or -1 outside a non-periodic side.
std::int64_t row_at(const Shape& s, bool periodic, std::int64_t z, std::int64_t y, std::int64_t dy) {
  std::int64_t yy = y + dy;
  if (periodic) yy = wrap_index(yy, s.ny);
  else if (yy < 0 || yy >= s.ny) return -1;
  return z * s.ny + yy;
}

}  // namespace

PoreRuns find_pore_runs(const Mask& pore) {
  const Shape s = pore.shape;
  const std::int64_t rows = s.nz * s.ny;
  PoreRuns r;
  r.shape = s;
  r.row_first.assign(std::size_t(rows + 1), 0);
  const std::uint8_t* m = pore.data.data();
#pragma omp parallel for schedule(static)
  for (std::int64_t row = 0; row < rows; ++row) {
    const std::uint8_t* line = m + row * s.nx;
    std::int64_t starts = line[0] != 0;
    for (std::int64_t x = 1; x < s.nx; ++x) starts += (line[x] != 0) & (line[x - 1] == 0);
    r.row_first[std::size_t(row) + 1] = starts;
  }
  for (std::int64_t row = 0; row < rows; ++row) r.row_first[std::size_t(row) + 1] += r.row_first[std::size_t(row)];
  r.begin.resize(std::size_t(r.row_first[std::size_t(rows)]));
  r.end.resize(r.begin.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t row = 0; row < rows; ++row) {
    const std::uint8_t* line = m + row * s.nx;
    std::size_t k = std::size_t(r.row_first[std::size_t(row)]);
    for (std::int64_t x = 0; x < s.nx;) {
      while (x < s.nx && line[x] == 0) ++x;
      if (x == s.nx) break;
      r.begin[k] = std::int32_t(x);
      while (x < s.nx && line[x] != 0) ++x;
      r.end[k++] = std::int32_t(x);
    }
  }
  return r;
}

RunLabels label_runs(const PoreRuns& runs, int connectivity, bool periodic_xy) {
  require(connectivity == 6 || connectivity == 26,
          "label_runs: connectivity must be 6 or 26, got " + std::to_string(connectivity));
  const Shape s = runs.shape;
  RunSets sets(runs.count());
  const int reach = connectivity == 26 ? 1 : 0;

  // The runs of row (z, y) with those of the rows before it that hold neighbours: in plane z the
  // row at y - 1 (26: its x +- 1 too), in plane z - 1 (`below`) the row at y (26: and y +- 1).
  // A run's own x - 1 is the same run; the periodic x wrap joins a row's last run to its first.
  const auto join_row = [&](std::int64_t z, std::int64_t y, bool below) {
    const std::int64_t row = z * s.ny + y;
    if (!below) {
      const std::int64_t first = runs.row_first[std::size_t(row)], last = runs.row_first[std::size_t(row) + 1] - 1;
      if (periodic_xy && last > first && runs.begin[std::size_t(first)] == 0 && runs.end[std::size_t(last)] == s.nx)
        sets.unite(first, last);
      if (const std::int64_t b = row_at(s, periodic_xy, z, y, -1); b >= 0) join_rows(sets, runs, row, b, reach, periodic_xy);
      return;
    }
    for (std::int64_t dy = -reach; dy <= reach; ++dy)
      if (const std::int64_t b = row_at(s, periodic_xy, z - 1, y, dy); b >= 0) join_rows(sets, runs, row, b, reach, periodic_xy);
  };

  // Slabs of planes are joined in parallel: a union inside a slab touches only that slab's
  // entries (roots are the smallest index, which lies in the slab). Links from a slab's first
  // plane down into the previous slab are made afterwards, one slab at a time.
  const std::int64_t slabs = std::min<std::int64_t>(s.nz, 32), per_slab = (s.nz + slabs - 1) / slabs;
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t b = 0; b < slabs; ++b)
    for (std::int64_t z = b * per_slab; z < std::min(s.nz, (b + 1) * per_slab); ++z)
      for (std::int64_t y = 0; y < s.ny; ++y) {
        join_row(z, y, false);
        if (z > b * per_slab) join_row(z, y, true);
      }
  for (std::int64_t b = 1; b < slabs; ++b)
    if (b * per_slab < s.nz)
      for (std::int64_t y = 0; y < s.ny; ++y) join_row(b * per_slab, y, true);

  // A root is its component's first run, so in run order it is labelled before the rest.
  RunLabels out;
  out.label.resize(std::size_t(runs.count()));
  for (std::int64_t k = 0; k < runs.count(); ++k) {
    const std::int32_t root = sets.find(std::int32_t(k));
    out.label[std::size_t(k)] = root == k ? ++out.count : out.label[std::size_t(root)];
  }
  return out;
}

}  // namespace pf::analysis
