// The tortuosity solve on the device: the conducting voxels from the device labelling, then
// solve_tortuosity() (metrics/tortuosity_pcg.hpp, the CPU's loop and convergence rule) over
// device vectors: products and the V-cycle by DeviceMultigrid, dot products by thrust, the
// plane fluxes by one CUB segmented reduction (a segment per plane face); only the nz + 1 fluxes
// and the coarsest level's values cross to the host per iteration.
#include <cub/device/device_segmented_reduce.cuh>
#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/inner_product.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/cuda/device_support.cuh"
#include "analysis/cuda/voxel_multigrid_device.cuh"
#include "analysis/metrics/tortuosity_pcg.hpp"

namespace pf::analysis::cuda {
namespace {

// Labels of the 6-connected components that touch the z = 0 (bottom) and z = last (top) faces.
__global__ void mark_face_components(const std::int32_t* labels, std::uint8_t* bottom, std::uint8_t* top, Shape s) {
  const std::int64_t j = thread_index();
  if (j >= s.slice_size()) return;
  bottom[labels[j]] = 1;  // every writer stores the same value
  top[labels[(s.nz - 1) * s.slice_size() + j]] = 1;
}

__global__ void mark_conducting(const std::int32_t* labels, const std::uint8_t* bottom, const std::uint8_t* top,
                                std::uint8_t* active, std::int64_t n) {
  const std::int64_t i = thread_index();
  if (i >= n) return;
  const std::int32_t l = labels[i];
  active[i] = l > 0 && bottom[l] && top[l] ? 1 : 0;
}

// The conducting voxels (as tortuosity.cpp's conducting_voxels) into active, n + nx bytes with
// the zero row.
void conducting_on_device(const thrust::device_vector<std::uint8_t>& pore, const Shape& s, bool periodic_xy,
                          thrust::device_vector<std::uint8_t>& active) {
  thrust::device_vector<std::int32_t> labels;
  const std::int32_t count = label_on_device(pore, labels, s, 6, periodic_xy);
  thrust::device_vector<std::uint8_t> bottom(std::size_t(count) + 1, 0), top(std::size_t(count) + 1, 0);
  mark_face_components<<<blocks_for(s.slice_size()), threads_per_block>>>(raw(labels), raw(bottom), raw(top), s);
  check_launch("mark_face_components");
  active.assign(std::size_t(s.size() + s.nx), 0);
  mark_conducting<<<blocks_for(s.size()), threads_per_block>>>(raw(labels), raw(bottom), raw(top), raw(active), s.size());
  check_launch("mark_conducting");
}

__global__ void open_slab_start(const std::uint8_t* active, double* c, Shape s) {
  const std::int64_t i = thread_index();
  if (i < s.size()) c[i] = active[i] ? open_slab_concentration(i / s.slice_size(), s.nz) : 0.0;
}

// r = b - A c with b the inlet face's pull (ap holds A c).
__global__ void initial_residual(const std::uint8_t* active, const double* ap, double* r, double face, Shape s) {
  const std::int64_t i = thread_index();
  if (i < s.size()) r[i] = (active[i] && i < s.slice_size() ? face : 0.0) - ap[i];
}

__global__ void cg_step(double* r, const double* ap, double alpha, std::int64_t n) {
  const std::int64_t i = thread_index();
  if (i < n) r[i] -= alpha * ap[i];
}

__global__ void cg_direction(double* p, const double* z, double beta, std::int64_t n) {
  const std::int64_t i = thread_index();
  if (i < n) p[i] = z[i] + beta * p[i];
}

// Term t of the virtual array of plane-face flux terms: face t / ss, column t % ss.
struct FluxTerm {
  const std::uint8_t* a;
  const double* c;
  Shape s;
  double gz, face, inlet;
  __device__ double operator()(std::int64_t t) const {
    const std::int64_t ss = s.slice_size(), k = t / ss;
    return plane_flux_term(a, c, s, gz, face, inlet, k, t - k * ss);
  }
};

struct SegmentStart {
  std::int64_t ss;
  __host__ __device__ std::int64_t operator()(std::int64_t k) const { return k * ss; }
};

// The vector operations of solve_tortuosity() on device vectors.
class DevicePcg {
 public:
  DevicePcg(VoxelMultigrid& host, const thrust::device_vector<std::uint8_t>& active, bool multigrid)
      : host_(host), s_(host.shape()), n_(s_.size()), active_(active), mg_(host, active), multigrid_(multigrid),
        gz_(host.z_conductance()), face_(host.face_conductance()) {
    for (auto* v : {&r_, &p_, &z_and_ap_}) v->assign(std::size_t(n_ + s_.nx), 0.0);
    flux_.resize(std::size_t(s_.nz + 1));
    // p holds the start c0 until solve_tortuosity() has taken its fluxes.
    open_slab_start<<<blocks_for(n_), threads_per_block>>>(raw(active_), raw(p_), s_);
    check_launch("open_slab_start");
    mg_.apply(raw(p_), raw(ap_));
    initial_residual<<<blocks_for(n_), threads_per_block>>>(raw(active_), raw(ap_), raw(r_), face_, s_);
    check_launch("initial_residual");
  }

  void precondition() {
    if (multigrid_) mg_.precondition(raw(r_), raw(z_));
    else mg_.jacobi(raw(r_), raw(z_));
  }
  // The device cycle reads the host's second_coarse_pass(), so switching the host switches it.
  bool weaken_preconditioner() { return pf::analysis::weaken_preconditioner(host_, multigrid_); }
  void start_direction() { thrust::copy(z_.begin(), z_.end(), p_.begin()); }
  double dot_rz() const { return thrust::inner_product(r_.begin(), r_.begin() + n_, z_.begin(), 0.0); }
  double apply() { return mg_.apply(raw(p_), raw(ap_)); }
  void step(double alpha) {
    cg_step<<<blocks_for(n_), threads_per_block>>>(raw(r_), raw(ap_), alpha, n_);
    check_launch("cg_step");
  }
  void next_direction(double beta) {
    cg_direction<<<blocks_for(n_), threads_per_block>>>(raw(p_), raw(z_), beta, n_);
    check_launch("cg_direction");
  }
  std::vector<double> plane_fluxes(double inlet) {
    const auto terms = thrust::make_transform_iterator(thrust::counting_iterator<std::int64_t>(0),
                                                       FluxTerm{raw(active_), raw(p_), s_, gz_, face_, inlet});
    const auto starts =
        thrust::make_transform_iterator(thrust::counting_iterator<std::int64_t>(0), SegmentStart{s_.slice_size()});
    const int faces = int(s_.nz + 1);
    std::size_t bytes = 0;
    check_cuda(cub::DeviceSegmentedReduce::Sum(nullptr, bytes, terms, raw(flux_), faces, starts, starts + 1),
               "cub::DeviceSegmentedReduce::Sum");
    if (temp_.size() < bytes) temp_.resize(bytes);
    check_cuda(cub::DeviceSegmentedReduce::Sum(raw(temp_), bytes, terms, raw(flux_), faces, starts, starts + 1),
               "cub::DeviceSegmentedReduce::Sum");
    std::vector<double> flux(static_cast<std::size_t>(faces), 0.0);
    check_cuda(cudaMemcpy(flux.data(), raw(flux_), flux.size() * sizeof(double), cudaMemcpyDeviceToHost),
               "cudaMemcpy (plane fluxes)");
    return flux;
  }

 private:
  VoxelMultigrid& host_;
  Shape s_;
  std::int64_t n_;
  const thrust::device_vector<std::uint8_t>& active_;
  DeviceMultigrid mg_;
  bool multigrid_;
  double gz_, face_;
  thrust::device_vector<double> r_, p_, flux_;
  // z = M r and ap = A p share one vector, and c is not stored (solve_tortuosity's contract): 3
  // grid vectors, not 5.
  thrust::device_vector<double> z_and_ap_;
  thrust::device_vector<double>& z_ = z_and_ap_;
  thrust::device_vector<double>& ap_ = z_and_ap_;
  thrust::device_vector<std::uint8_t> temp_;
};

}  // namespace

TortuosityResult tortuosity(const Mask& pore, const Spacing& h, const TortuosityOptions& options) {
  validate_mask(pore, "cuda::tortuosity");
  validate_spacing(h, "cuda::tortuosity");
  validate_tortuosity_options(options, "cuda::tortuosity");
  require_device("cuda::tortuosity");
  const Shape s = pore.shape;
  thrust::device_vector<std::uint8_t> active;
  std::int64_t pore_voxels = 0;
  {
    const thrust::device_vector<std::uint8_t> d_pore = to_device(pore);
    pore_voxels = thrust::count(d_pore.begin(), d_pore.end(), std::uint8_t(1));
    conducting_on_device(d_pore, s, options.periodic_xy, active);
  }
  const std::int64_t unknowns = thrust::count(active.begin(), active.end(), std::uint8_t(1));
  TortuosityResult result = tortuosity_start(s.size(), pore_voxels, unknowns);
  if (unknowns == 0) return result;

  // The coarse levels are built on the host from the active mask, then uploaded.
  HostArray<char> host_active(static_cast<std::size_t>(s.size()));
  check_cuda(cudaMemcpy(host_active.data(), raw(active), host_active.size(), cudaMemcpyDeviceToHost),
             "cudaMemcpy (active voxels)");
  VoxelMultigrid op(host_active, s, h, options.periodic_xy, 2,
                          options.w_cycle ? MultigridCycle::w : MultigridCycle::v);
  DevicePcg pcg(op, active, options.preconditioner == TortuosityPreconditioner::multigrid);
  solve_tortuosity(pcg, s, h, options, result);
  return result;
}

}  // namespace pf::analysis::cuda
