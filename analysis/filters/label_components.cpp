#include "analysis/filters/label_components.hpp"

#include <algorithm>
#include <vector>

#include "analysis/filters/neighbour_steps.hpp"

namespace pf::analysis {
namespace {

struct DisjointSets {
  HostArray<std::int32_t> parent;

  explicit DisjointSets(std::int64_t n) : parent(static_cast<std::size_t>(n)) {
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) parent[i] = static_cast<std::int32_t>(i);
  }
  std::int32_t find(std::int32_t i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
  // The smaller index becomes the root, so a root is its component's first voxel.
  void unite(std::int32_t a, std::int32_t b) {
    a = find(a);
    b = find(b);
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  }
};

}  // namespace

ComponentLabels label_components(const Mask& pore, int connectivity, bool periodic_xy) {
  validate_mask(pore, "label_components");
  require(connectivity == 6 || connectivity == 26,
          "label_components: connectivity must be 6 or 26, got " + std::to_string(connectivity));
  const Shape s = pore.shape;
  DisjointSets sets(s.size());

  // Slabs of planes are joined in parallel: a union inside a slab touches only that slab's
  // entries (roots are the smallest index, which lies in the slab). Links from a slab's first
  // plane back into the previous slab are made afterwards, one slab at a time.
  //
  // With 26-connectivity, when the voxel before i along x is pore it is joined to i, and its own
  // steps (dz, dy, dx + 1) already reach i's steps (dz, dy, dx) with dx = -1 or 0 (those lie before
  // it too): only i's steps with dx = +1 and the step to it remain, 5 of 13. Same partition.
  const auto join_plane = [&](std::int64_t z, bool across_slabs) {
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const std::int64_t i = s.index(z, y, x);
        if (!pore[i]) continue;
        const std::int64_t before = neighbour_index(s, z, y, x, 0, 0, -1, periodic_xy);
        const bool joined_before = connectivity == 26 && before >= 0 && pore[before];
        for (int k = 0; k < backward_step_count(connectivity); ++k) {
          const NeighbourStep st = backward_step(connectivity, k);
          if ((st.dz < 0) != across_slabs) continue;
          if (joined_before && st.dx != 1 && (st.dz || st.dy)) continue;
          const std::int64_t j = neighbour_index(s, z, y, x, st.dz, st.dy, st.dx, periodic_xy);
          if (j >= 0 && pore[j]) sets.unite(static_cast<std::int32_t>(i), static_cast<std::int32_t>(j));
        }
      }
  };
  const std::int64_t slabs = std::min<std::int64_t>(s.nz, 32), per_slab = (s.nz + slabs - 1) / slabs;
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t b = 0; b < slabs; ++b)
    for (std::int64_t z = b * per_slab; z < std::min(s.nz, (b + 1) * per_slab); ++z) {
      join_plane(z, false);
      if (z > b * per_slab) join_plane(z, true);
    }
  for (std::int64_t b = 1; b < slabs; ++b)
    if (b * per_slab < s.nz) join_plane(b * per_slab, true);

  // A root is its component's first voxel, so in index order it is labelled before the rest of
  // its component, which then reads the label there.
  ComponentLabels out{Labels(s), 0};
  for (std::int64_t i = 0; i < s.size(); ++i) {
    if (!pore[i]) continue;
    const std::int32_t root = sets.find(static_cast<std::int32_t>(i));
    out.labels[i] = root == i ? ++out.count : out.labels[root];
  }
  return out;
}

}  // namespace pf::analysis
