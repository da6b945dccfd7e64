#include "analysis/metrics/tortuosity.hpp"

#include <optional>
#include <vector>

#include "analysis/filters/pore_runs.hpp"
#include "analysis/metrics/pore_size.hpp"
#include "analysis/metrics/tortuosity_pcg.hpp"
#include "analysis/solvers/voxel_multigrid.hpp"
#include "kernels/cpu/deterministic_sum.hpp"

namespace pf::analysis {
namespace {

// Pore voxels of the 6-connected components that touch both faces, found by run (no label per
// voxel: at 512^3 that array alone is 0.5 GB).
HostArray<char> conducting_voxels(const Mask& pore, bool periodic_xy) {
  const Shape s = pore.shape;
  const PoreRuns runs = find_pore_runs(pore);
  const RunLabels cc = label_runs(runs, 6, periodic_xy);
  std::vector<char> bottom(std::size_t(cc.count) + 1, 0), top(std::size_t(cc.count) + 1, 0);
  const std::int64_t top_row = (s.nz - 1) * s.ny;
  for (std::int64_t k = 0; k < runs.row_first[std::size_t(s.ny)]; ++k) bottom[std::size_t(cc.label[std::size_t(k)])] = 1;
  for (std::int64_t k = runs.row_first[std::size_t(top_row)]; k < runs.count(); ++k) top[std::size_t(cc.label[std::size_t(k)])] = 1;
  HostArray<char> active(static_cast<std::size_t>(s.size()));
  paint_runs(runs, [&](std::int64_t k) {
    const std::int32_t l = cc.label[std::size_t(k)];
    return bottom[std::size_t(l)] && top[std::size_t(l)];
  }, active.data());
  return active;
}

double dot(const GridVector& a, const GridVector& b) {
  return deterministic_sum(a.size(), [&](std::size_t i) { return a[i] * b[i]; });
}

// The vector operations of solve_tortuosity() on host vectors (OpenMP).
class HostPcg {
 public:
  // p holds the start c0 until solve_tortuosity() has taken its fluxes.
  HostPcg(VoxelMultigrid& op, bool multigrid)
      : op_(op), multigrid_(multigrid), r_(op.vector()), p_(op.vector()), z_and_ap_(op.vector()) {
    const Shape s = op.shape();
    const std::uint8_t* active = op.fine_stencil().a;
    const std::int64_t n = s.size();
#pragma omp parallel for schedule(static)
    for (std::int64_t u = 0; u < n; ++u)
      if (active[u]) p_[u] = open_slab_concentration(u / s.slice_size(), s.nz);
    op.apply(p_, ap_);
    // r = b - A c0, b = the inlet face's pull.
#pragma omp parallel for schedule(static)
    for (std::int64_t u = 0; u < n; ++u)
      r_[u] = (active[u] && u < s.slice_size() ? op.face_conductance() : 0.0) - ap_[u];
  }

  void precondition() {
    if (multigrid_) op_.precondition(r_, z_);
    else op_.jacobi(r_, z_);
  }
  bool weaken_preconditioner() { return pf::analysis::weaken_preconditioner(op_, multigrid_); }
  void start_direction() { p_ = z_; }
  double dot_rz() const { return dot(r_, z_); }
  double apply() { return op_.apply(p_, ap_); }
  void step(double alpha) {
    const std::int64_t n = op_.shape().size();
#pragma omp parallel for schedule(static)
    for (std::int64_t u = 0; u < n; ++u) r_[u] -= alpha * ap_[u];
  }
  void next_direction(double beta) {
    const std::int64_t n = op_.shape().size();
#pragma omp parallel for schedule(static)
    for (std::int64_t u = 0; u < n; ++u) p_[u] = z_[u] + beta * p_[u];
  }
  // Flux of p through the inlet face, each interior z-plane and the outlet face (nz + 1 values).
  std::vector<double> plane_fluxes(double inlet) const {
    const Shape s = op_.shape();
    const MaskStencil st = op_.fine_stencil();
    const std::int64_t faces = s.nz + 1;
    std::vector<double> flux(std::size_t(faces), 0.0);
#pragma omp parallel for schedule(static)
    for (std::int64_t k = 0; k < faces; ++k) {
      double sum = 0.0;
      for (std::int64_t j = 0; j < s.slice_size(); ++j)
        sum += plane_flux_term(st.a, p_.data(), s, op_.z_conductance(), op_.face_conductance(), inlet, k, j);
      flux[std::size_t(k)] = sum;
    }
    return flux;
  }

 private:
  VoxelMultigrid& op_;
  bool multigrid_;
  GridVector r_, p_;
  // z = M r and ap = A p share one vector, and c is not stored (solve_tortuosity's contract): 3
  // grid vectors, not 5.
  GridVector z_and_ap_;
  GridVector& z_ = z_and_ap_;
  GridVector& ap_ = z_and_ap_;
};

}  // namespace

TortuosityResult tortuosity(const Mask& pore, const Spacing& h, const TortuosityOptions& options) {
  validate_mask(pore, "tortuosity");
  validate_spacing(h, "tortuosity");
  validate_tortuosity_options(options, "tortuosity");
  const Shape s = pore.shape;
  const std::int64_t pore_voxels = pore_voxel_count(pore, {0, s.nz});
  std::optional<VoxelMultigrid> op;
  std::int64_t unknowns = 0;
  {
    const HostArray<char> active = conducting_voxels(pore, options.periodic_xy);
#pragma omp parallel for schedule(static) reduction(+ : unknowns)
    for (std::int64_t u = 0; u < s.size(); ++u) unknowns += active[std::size_t(u)];
    // Vectors live on the whole grid (0 on non-conducting voxels) with a trailing zero row.
    if (unknowns > 0)
      op.emplace(active, s, h, options.periodic_xy, 2, options.w_cycle ? MultigridCycle::w : MultigridCycle::v);
  }  // the multigrid keeps its own copy of the mask: this one's pages go to the solver's vectors
  TortuosityResult result = tortuosity_start(s.size(), pore_voxels, unknowns);
  if (unknowns == 0) return result;
  HostPcg pcg(*op, options.preconditioner == TortuosityPreconditioner::multigrid);
  solve_tortuosity(pcg, s, h, options, result);
  return result;
}

}  // namespace pf::analysis
