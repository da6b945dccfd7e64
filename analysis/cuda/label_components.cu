// Connected components on the device: union-find over voxel indices with atomicMin hooking
// (Playne & Hawick, "A new algorithm for parallel connected-component labelling on GPUs",
// IEEE TPDS 29 (2018) 1217). Every link points from a larger index to a smaller one, so each
// root ends as its component's smallest voxel index, and numbering roots in index order gives
// exactly the CPU's labels (components in the order of their first voxel).
#include <thrust/iterator/counting_iterator.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/cuda/device_support.cuh"
#include "analysis/filters/neighbour_steps.hpp"

namespace pf::analysis::cuda {
namespace {

__device__ std::int32_t find_root(const std::int32_t* parent, std::int32_t i) {
  for (std::int32_t p = parent[i]; p != i; p = parent[i]) i = p;
  return i;
}

// Hooks the larger of the two roots under the smaller. When another thread changed that entry
// first, atomicMin returns its old parent: the entry now points at min(old, a), so the link to
// `old` may be gone; uniting a with `old` next keeps both sets joined (the paper's merge).
__device__ void unite(std::int32_t* parent, std::int32_t a, std::int32_t b) {
  while (true) {
    a = find_root(parent, a);
    b = find_root(parent, b);
    if (a == b) return;
    if (a > b) {
      const std::int32_t t = a;
      a = b;
      b = t;
    }
    const std::int32_t old = atomicMin(&parent[b], a);
    if (old == b) return;
    b = old;
  }
}

__global__ void join_neighbours(const std::uint8_t* pore, std::int32_t* parent, Shape s, int connectivity,
                                bool periodic_xy) {
  const std::int64_t i = thread_index();
  if (i >= s.size() || !pore[i]) return;
  const std::int64_t z = i / s.slice_size(), y = (i / s.nx) % s.ny, x = i % s.nx;
  for (int k = 0; k < backward_step_count(connectivity); ++k) {
    const NeighbourStep st = backward_step(connectivity, k);
    const std::int64_t j = neighbour_index(s, z, y, x, st.dz, st.dy, st.dx, periodic_xy);
    if (j >= 0 && pore[j]) unite(parent, std::int32_t(i), std::int32_t(j));
  }
}

// After this every pore voxel points at its root; is_root is 1 at roots, 0 elsewhere.
__global__ void flatten(const std::uint8_t* pore, std::int32_t* parent, std::int32_t* is_root, std::int64_t n) {
  const std::int64_t i = thread_index();
  if (i >= n) return;
  const std::int32_t root = pore[i] ? find_root(parent, std::int32_t(i)) : -1;
  parent[i] = root;
  is_root[i] = root == std::int32_t(i) ? 1 : 0;
}

// rank = exclusive scan of is_root: a root's number among roots in index order.
__global__ void number_components(const std::int32_t* parent, const std::int32_t* rank, std::int32_t* labels,
                                  std::int64_t n) {
  const std::int64_t i = thread_index();
  if (i >= n) return;
  labels[i] = parent[i] < 0 ? 0 : rank[parent[i]] + 1;
}

}  // namespace

ComponentLabels label_components(const Mask& pore, int connectivity, bool periodic_xy) {
  validate_mask(pore, "cuda::label_components");
  require(connectivity == 6 || connectivity == 26,
          "cuda::label_components: connectivity must be 6 or 26, got " + std::to_string(connectivity));
  require_device("cuda::label_components");
  const Shape s = pore.shape;
  const std::int64_t n = s.size();
  const thrust::device_vector<std::uint8_t> d_pore = to_device(pore);
  const auto voxels = static_cast<std::size_t>(n);
  thrust::device_vector<std::int32_t> parent(voxels), is_root(voxels), rank(voxels);
  thrust::sequence(parent.begin(), parent.end());

  join_neighbours<<<blocks_for(n), threads_per_block>>>(raw(d_pore), raw(parent), s, connectivity, periodic_xy);
  check_launch("join_neighbours");
  flatten<<<blocks_for(n), threads_per_block>>>(raw(d_pore), raw(parent), raw(is_root), n);
  check_launch("flatten");
  thrust::exclusive_scan(is_root.begin(), is_root.end(), rank.begin());
  ComponentLabels out;
  out.count = n == 0 ? 0 : std::int32_t(rank.back()) + std::int32_t(is_root.back());
  number_components<<<blocks_for(n), threads_per_block>>>(raw(parent), raw(rank), raw(is_root), n);
  check_launch("number_components");
  check_cuda(cudaDeviceSynchronize(), "label_components (synchronize)");
  out.labels = to_host(is_root, s);  // number_components wrote the labels over is_root
  return out;
}

}  // namespace pf::analysis::cuda
