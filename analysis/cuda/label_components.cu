// Connected components on the device: one thread per voxel runs join_neighbours_of()
// (filters/min_hooking.hpp), then every voxel is pointed at its root. Roots are their
// component's smallest voxel index, so numbering roots in index order (an exclusive scan) gives
// exactly the CPU's labels (components in the order of their first voxel).
#include <thrust/iterator/counting_iterator.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/cuda/device_support.cuh"
#include "analysis/filters/min_hooking.hpp"

namespace pf::analysis::cuda {
namespace {

struct DeviceAtomicMin {
  __device__ std::int32_t operator()(std::int32_t* p, std::int32_t v) const { return atomicMin(p, v); }
};

__global__ void join_neighbours(const std::uint8_t* pore, std::int32_t* parent, Shape s, int connectivity,
                                bool periodic_xy) {
  const std::int64_t i = thread_index();
  if (i < s.size()) join_neighbours_of(pore, parent, s, connectivity, periodic_xy, i, DeviceAtomicMin{});
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

std::int32_t label_on_device(const thrust::device_vector<std::uint8_t>& pore, thrust::device_vector<std::int32_t>& labels,
                             const Shape& s, int connectivity, bool periodic_xy) {
  const std::int64_t n = s.size();
  const auto voxels = static_cast<std::size_t>(n);
  thrust::device_vector<std::int32_t> parent(voxels), rank(voxels);
  labels.resize(voxels);
  thrust::sequence(parent.begin(), parent.end());

  join_neighbours<<<blocks_for(n), threads_per_block>>>(raw(pore), raw(parent), s, connectivity, periodic_xy);
  check_launch("join_neighbours");
  flatten<<<blocks_for(n), threads_per_block>>>(raw(pore), raw(parent), raw(labels), n);  // labels = is_root
  check_launch("flatten");
  thrust::exclusive_scan(labels.begin(), labels.end(), rank.begin());
  const std::int32_t count = n == 0 ? 0 : std::int32_t(rank.back()) + std::int32_t(labels.back());
  number_components<<<blocks_for(n), threads_per_block>>>(raw(parent), raw(rank), raw(labels), n);
  check_launch("number_components");
  check_cuda(cudaDeviceSynchronize(), "label_components (synchronize)");
  return count;
}

ComponentLabels label_components(const Mask& pore, int connectivity, bool periodic_xy) {
  validate_mask(pore, "cuda::label_components");
  require(connectivity == 6 || connectivity == 26,
          "cuda::label_components: connectivity must be 6 or 26, got " + std::to_string(connectivity));
  require_device("cuda::label_components");
  const thrust::device_vector<std::uint8_t> d_pore = to_device(pore);
  thrust::device_vector<std::int32_t> labels;
  ComponentLabels out;
  out.count = label_on_device(d_pore, labels, pore.shape, connectivity, periodic_xy);
  out.labels = to_host(labels, pore.shape);
  return out;
}

}  // namespace pf::analysis::cuda
