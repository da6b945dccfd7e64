// Local thickness on the device, by its definition: every centre whose ball is maximal paints
// its ball with atomicMax on the squared radius, and the largest value a voxel received is its
// thickness. Centres are selected by the CPU's exact discrete containment test
// (ball_containment.hpp) over the same tables, built on the host from the distinct radii found on
// the device, and paint only the parts of their ball that no higher-ranking neighbour covers
// (parts_covered_by_neighbours, for_each_uncovered_ball_row; the max needs no order, so the CPU
// filter's argument holds as is). One block per centre. Centres go in decreasing radius, so most
// later writes are skipped after a plain read.
#include <thrust/count.h>
#include <thrust/execution_policy.h>
#include <thrust/copy.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/sort.h>
#include <thrust/transform.h>
#include <thrust/unique.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/cuda/device_support.cuh"
#include "analysis/filters/ball_containment.hpp"
#include "analysis/filters/ball_geometry.hpp"
#include "analysis/filters/local_thickness.hpp"

namespace pf::analysis::cuda {
namespace {

struct IsPore {
  __device__ bool operator()(std::uint8_t v) const { return v != 0; }
};

// The distinct squared radii of the pore voxels, decreasing (as distinct_pore_radii2 on the CPU).
// The pore voxels' radii are sorted in a temporary array (8 bytes per pore voxel, plus the sort's
// own buffer).
std::vector<double> distinct_radii2(const thrust::device_vector<std::uint8_t>& pore, const thrust::device_vector<double>& d2) {
  thrust::device_vector<double> radii2(static_cast<std::size_t>(thrust::count_if(pore.begin(), pore.end(), IsPore{})));
  thrust::copy_if(d2.begin(), d2.end(), pore.begin(), radii2.begin(), IsPore{});
  thrust::sort(radii2.begin(), radii2.end(), thrust::greater<double>());
  const auto end = thrust::unique(radii2.begin(), radii2.end());
  std::vector<double> host(static_cast<std::size_t>(end - radii2.begin()));
  thrust::copy(radii2.begin(), end, host.begin());
  return host;
}

// A pore voxel whose discrete ball lies inside no 26-neighbour's: its ball index by binary search
// in the distinct radii, then the CPU filter's predicate.
struct MaximalCentre {
  const std::uint8_t* pore;
  const double* d2;
  const double* radii2;  // decreasing
  std::int32_t balls;
  const double* need;    // containment_need()
  Shape s;
  bool periodic_xy;

  __device__ bool operator()(std::int32_t i) const {
    if (!pore[i]) return false;
    const std::int64_t z = i / s.slice_size(), y = (i / s.nx) % s.ny, x = i % s.nx;
    const std::int32_t k = ball_index(radii2, balls, d2[i]);
    return !inside_a_neighbour_discrete_ball(d2, need, k, s, z, y, x, periodic_xy);
  }
};

struct SquaredRadius {
  const double* d2;
  __device__ double operator()(std::int32_t i) const { return d2[i]; }
};

struct CoveredParts {
  const double* d2;
  Shape s;
  bool periodic_xy;
  __device__ std::uint32_t operator()(std::int32_t i) const {
    return parts_covered_by_neighbours(d2, s, i / s.slice_size(), (i / s.nx) % s.ny, i % s.nx, periodic_xy);
  }
};

// Non-negative doubles order like their bit patterns, so atomicMax on the bits is a max.
__device__ void paint(unsigned long long* best, std::int64_t v, double r2) {
  if (__longlong_as_double(static_cast<long long>(best[v])) < r2)
    atomicMax(best + v, static_cast<unsigned long long>(__double_as_longlong(r2)));
}

// Block b paints the uncovered parts of the ball of centres[b]: its row spans are dealt
// round-robin to the warps, and a warp's lanes stride along each span (coalesced).
__global__ void paint_balls(const std::int32_t* centres, const double* radii2, const std::uint32_t* covered, Shape s,
                            Spacing h, bool periodic_xy, unsigned long long* best) {
  const std::int32_t c = centres[blockIdx.x];
  const double r2 = radii2[blockIdx.x];
  const unsigned warp = threadIdx.x / warpSize, lane = threadIdx.x % warpSize, warps = blockDim.x / warpSize;
  for_each_uncovered_ball_row(s, h, periodic_xy, c / s.slice_size(), (c / s.nx) % s.ny, c % s.nx, r2,
                              covered[blockIdx.x], warp, warps,
                              [&](std::int64_t z, std::int64_t y, std::int64_t lo, std::int64_t hi) {
                                const std::int64_t row = s.index(z, y, 0);
                                for (std::int64_t x = lo + lane; x <= hi; x += warpSize)
                                  paint(best, row + (x < 0 ? x + s.nx : x >= s.nx ? x - s.nx : x), r2);
                              });
}

// Solid voxels are 0 even where a ball reached one: the EDT's envelope can leave a squared
// radius an ulp above a solid voxel's distance (the CPU filter's rule, local_thickness.cpp).
struct Diameter {
  __device__ double operator()(unsigned long long bits, std::uint8_t pore) const {
    return pore ? 2.0 * ::sqrt(__longlong_as_double(static_cast<long long>(bits))) : 0.0;
  }
};

// Local thickness from a device-resident EDT, into host memory.
Field paint_local_thickness(const thrust::device_vector<std::uint8_t>& pore, const thrust::device_vector<double>& d2,
                            const Shape& s, const Spacing& h, bool periodic_xy) {
  const BallTable balls(distinct_radii2(pore, d2), h);
  const thrust::device_vector<double> radii2_table(balls.r2.begin(), balls.r2.end());
  const std::vector<double> need = containment_need(balls, h);
  const thrust::device_vector<double> need_table(need.begin(), need.end());
  const MaximalCentre maximal{raw(pore), raw(d2), raw(radii2_table), std::int32_t(balls.r2.size()), raw(need_table), s, periodic_xy};
  const thrust::counting_iterator<std::int32_t> voxels(0);
  const auto count = thrust::count_if(thrust::device, voxels, voxels + s.size(), maximal);
  thrust::device_vector<std::int32_t> centres(static_cast<std::size_t>(count));
  thrust::copy_if(thrust::device, voxels, voxels + s.size(), centres.begin(), maximal);
  thrust::device_vector<double> radii2(static_cast<std::size_t>(count));
  thrust::transform(centres.begin(), centres.end(), radii2.begin(), SquaredRadius{raw(d2)});
  thrust::sort_by_key(radii2.begin(), radii2.end(), centres.begin(), thrust::greater<double>());
  thrust::device_vector<std::uint32_t> covered(static_cast<std::size_t>(count));
  thrust::transform(centres.begin(), centres.end(), covered.begin(), CoveredParts{raw(d2), s, periodic_xy});

  thrust::device_vector<unsigned long long> best(static_cast<std::size_t>(s.size()), 0ull);  // the bits of +0.0
  if (count > 0) {
    paint_balls<<<unsigned(count), 128>>>(raw(centres), raw(radii2), raw(covered), s, h, periodic_xy, raw(best));
    check_launch("paint_balls");
  }
  thrust::device_vector<double> diameter(static_cast<std::size_t>(s.size()));
  thrust::transform(best.begin(), best.end(), pore.begin(), diameter.begin(), Diameter{});
  check_cuda(cudaDeviceSynchronize(), "paint_balls (synchronize)");
  return to_host(diameter, s);
}

// Without pores or without solid, the CPU filter's early answers (no painting) apply.
bool needs_painting(const Mask& pore) {
  const auto [lo, hi] = std::minmax_element(pore.data.begin(), pore.data.end());
  return *lo == 0 && *hi == 1;
}

}  // namespace

Field local_thickness(const Mask& pore, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "cuda::local_thickness");
  validate_spacing(h, "cuda::local_thickness");
  require_device("cuda::local_thickness");
  if (!needs_painting(pore)) return pf::analysis::local_thickness(pore, h, periodic_xy);
  const thrust::device_vector<std::uint8_t> d_pore = to_device(pore);
  thrust::device_vector<double> d2;
  squared_edt_on_device(d_pore, d2, pore.shape, h, periodic_xy);
  return paint_local_thickness(d_pore, d2, pore.shape, h, periodic_xy);
}

Field local_thickness_from_squared_edt(const Mask& pore, const Field& squared_edt, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "cuda::local_thickness");
  validate_spacing(h, "cuda::local_thickness");
  require_same_shape(pore, squared_edt, "cuda::local_thickness");
  require_device("cuda::local_thickness");
  if (!needs_painting(pore)) return pf::analysis::local_thickness_from_squared_edt(pore, squared_edt, h, periodic_xy);
  return paint_local_thickness(to_device(pore), to_device(squared_edt), pore.shape, h, periodic_xy);
}

}  // namespace pf::analysis::cuda
