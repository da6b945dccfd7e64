// The separable distance transform on the device: each pass runs the CPU's lower_envelope, one
// thread per line, in batches of lines whose workspace fits the free device memory.
#include <thrust/transform.h>

#include <algorithm>
#include <limits>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/cuda/device_support.cuh"
#include "analysis/filters/lower_envelope.hpp"

namespace pf::analysis::cuda {
namespace {

struct LineWorkspace {
  std::int64_t doubles, sites;  // per line: in, out and boundary; the envelope's sites

  explicit LineWorkspace(const EnvelopeLines& p)
      : doubles(2 * p.n + envelope_sites(p.n, p.periodic) + 1), sites(envelope_sites(p.n, p.periodic)) {}
  std::int64_t bytes() const { return doubles * std::int64_t(sizeof(double)) + sites * std::int64_t(sizeof(std::int64_t)); }
};

__global__ void envelope_lines(double* d2, EnvelopeLines pass, std::int64_t first, std::int64_t count,
                               LineWorkspace ws, double* doubles, std::int64_t* sites) {
  const std::int64_t t = thread_index();
  if (t >= count) return;
  const std::int64_t n = pass.n, start = pass.start(first + t);
  double* in = doubles + t * ws.doubles;
  double* out = in + n;
  double* boundary = out + n;
  for (std::int64_t i = 0; i < n; ++i) in[i] = d2[start + i * pass.stride];
  lower_envelope(in, n, pass.h, pass.periodic, sites + t * ws.sites, boundary, out);
  for (std::int64_t i = 0; i < n; ++i) d2[start + i * pass.stride] = out[i];
}

struct InitialDistance {
  __device__ double operator()(std::uint8_t pore) const {
    return pore ? std::numeric_limits<double>::infinity() : 0.0;
  }
};

// Lines per launch: as many as fit half the free memory, capped at 4 GiB of workspace (enough
// for every line of a 512^3 volume in one launch), at most all of them.
std::int64_t batch_lines(const EnvelopeLines& pass) {
  std::size_t free = 0, total = 0;
  check_cuda(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
  const std::int64_t budget = std::min<std::int64_t>(std::int64_t(free / 2), std::int64_t(4) << 30);
  const std::int64_t fit = budget / LineWorkspace(pass).bytes();
  require(fit > 0, "cuda::squared_distance_transform: not enough device memory for one line of " +
                       std::to_string(pass.n) + " voxels");
  return std::min(pass.lines, fit);
}

}  // namespace

void squared_edt_on_device(const thrust::device_vector<std::uint8_t>& pore, thrust::device_vector<double>& d2,
                           const Shape& s, const Spacing& h, bool periodic_xy) {
  d2.resize(std::size_t(s.size()));
  thrust::transform(pore.begin(), pore.end(), d2.begin(), InitialDistance{});
  for (const EnvelopeLines& pass : distance_transform_passes(s, h, periodic_xy)) {
    const LineWorkspace ws(pass);
    const std::int64_t batch = batch_lines(pass);
    thrust::device_vector<double> doubles(static_cast<std::size_t>(batch * ws.doubles));
    thrust::device_vector<std::int64_t> sites(static_cast<std::size_t>(batch * ws.sites));
    for (std::int64_t first = 0; first < pass.lines; first += batch) {
      const std::int64_t count = std::min(batch, pass.lines - first);
      envelope_lines<<<blocks_for(count), threads_per_block>>>(raw(d2), pass, first, count, ws, raw(doubles), raw(sites));
      check_launch("envelope_lines");
    }
  }
  check_cuda(cudaDeviceSynchronize(), "envelope_lines (synchronize)");
}

Field squared_distance_transform(const Mask& pore, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "cuda::squared_distance_transform");
  validate_spacing(h, "cuda::squared_distance_transform");
  require_device("cuda::squared_distance_transform");
  thrust::device_vector<double> d2;
  squared_edt_on_device(to_device(pore), d2, pore.shape, h, periodic_xy);
  return to_host(d2, pore.shape);
}

}  // namespace pf::analysis::cuda
