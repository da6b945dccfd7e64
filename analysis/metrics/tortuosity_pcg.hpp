#pragma once
// The parts of the tortuosity solve (tortuosity.hpp) that the CPU (tortuosity.cpp) and the CUDA
// backend (cuda/tortuosity.cu) share: the per-voxel terms, the conjugate-gradient loop with its
// flux-uniformity convergence rule, and tau from the converged flux. Each backend supplies the
// vector operations.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analysis/metrics/tortuosity.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

// The start of the iteration: the open-slab solution, linear in z (exact for straight channels).
PF_HOST_DEVICE inline double open_slab_concentration(std::int64_t z, std::int64_t nz) {
  return 1.0 - (double(z) + 0.5) / double(nz);
}

// Term j (a column of the plane) of the flux through plane-face k (0 = inlet, 1 .. nz - 1 the
// face between planes k - 1 and k, nz = outlet) of concentration c on the active voxels a, with
// the inlet face held at `inlet` and the outlet at 0. The flux is affine in c, so with inlet = 0
// this is the change of the flux when c changes by the vector passed. Each face's flux is the sum
// of its terms in j order.
PF_HOST_DEVICE inline double plane_flux_term(const std::uint8_t* a, const double* c, const Shape& s, double gz,
                                             double face, double inlet, std::int64_t k, std::int64_t j) {
  const std::int64_t ss = s.slice_size();
  if (k == 0) return a[j] ? face * (inlet - c[j]) : 0.0;
  if (k == s.nz) return a[(k - 1) * ss + j] ? face * c[(k - 1) * ss + j] : 0.0;
  const std::int64_t i = (k - 1) * ss + j;
  return a[i] && a[i + ss] ? gz * (c[i] - c[i + ss]) : 0.0;
}

// max |F_k - mean F| / mean F over the nz + 1 plane fluxes; +inf without a mean flux.
inline double flux_deviation(const std::vector<double>& flux) {
  double mean = 0.0;
  for (double f : flux) mean += f;
  mean /= double(flux.size());
  double worst = 0.0;
  for (double f : flux) worst = std::max(worst, std::abs(f - mean));
  return mean > 0.0 ? worst / mean : std::numeric_limits<double>::infinity();
}

inline void validate_tortuosity_options(const TortuosityOptions& o, const std::string& where) {
  require(o.flux_tolerance > 0.0 && o.check_every > 0 && o.max_iterations >= 0,
          where + ": flux_tolerance and check_every must be positive, max_iterations non-negative");
}

// The result before the solve: porosity, conducting fraction, tau = +inf; percolates and
// converged (trivially) when nothing conducts.
inline TortuosityResult tortuosity_start(std::int64_t voxels, std::int64_t pore_voxels, std::int64_t conducting) {
  TortuosityResult r;
  r.porosity = double(pore_voxels) / double(voxels);
  r.tortuosity = std::numeric_limits<double>::infinity();
  r.conducting_fraction = pore_voxels ? double(conducting) / double(pore_voxels) : 0.0;
  r.percolates = conducting > 0;
  r.converged = conducting == 0;
  return r;
}

// z = M r with r . z >= 0 into rz, weakening the preconditioner while r . z < 0 or is not a
// number (a preconditioner that is not positive definite for this mask); false when even the
// last one fails (the solve stops unconverged instead of iterating on garbage).
template <class Ops>
bool precondition_positively(Ops& ops, TortuosityResult& result, double& rz) {
  while (true) {
    ops.precondition();
    rz = ops.dot_rz();
    if (rz >= 0.0) return true;
    if (!ops.weaken_preconditioner()) return false;
    ++result.preconditioner_fallbacks;
  }
}

// tau and D_eff / D0 from the plane fluxes.
inline void finish_tortuosity(const std::vector<double>& flux, const Shape& s, const Spacing& h,
                              TortuosityResult& result) {
  double sum = 0.0;
  for (double f : flux) sum += f;
  const double open_flux = (double(s.nx) * h.hx) * (double(s.ny) * h.hy) / (double(s.nz) * h.hz);
  result.tortuosity = result.porosity * open_flux / (sum / double(flux.size()));
  result.diffusivity_ratio = result.porosity / result.tortuosity;
}

// Preconditioned conjugate gradients on A c = b from the open-slab start c0, stopped when every
// plane flux is within options.flux_tolerance of their mean (checked every check_every
// iterations), or after max_iterations; then tau = porosity F_open / mean F. `ops` holds the
// vectors r = b - A c0 and p = c0 (set by the caller), z and ap, and provides
//   plane_fluxes(inlet) the nz + 1 plane fluxes of p (plane_flux_term);
//   precondition() z = M r;   start_direction() p = z;   dot_rz() r . z;
//   apply() ap = A p, returns p . ap;   step(alpha) r -= alpha ap;
//   next_direction(beta) p = z + beta p;
//   weaken_preconditioner() switch to the next safer preconditioner (W-cycle -> V-cycle ->
//   Jacobi), false when there is none.
// The iterate c is never stored: the fluxes are affine in c, so those of c0 + sum alpha_i p_i are
// F(c0) + sum alpha_i F0(p_i) (F0: inlet at 0), nz + 1 numbers kept here; at 512^3 the vector c
// would be 1 GiB, and updating it a pass over two vectors per iteration. z and ap may share
// storage: z is read (dot_rz, next_direction) before the next apply() overwrites ap, and ap (step)
// before the next precondition() overwrites z.
template <class Ops>
void solve_tortuosity(Ops& ops, const Shape& s, const Spacing& h, const TortuosityOptions& options,
                      TortuosityResult& result) {
  std::vector<double> flux = ops.plane_fluxes(1.0);  // of c0, before start_direction() overwrites p
  double rz = 0.0;
  if (!precondition_positively(ops, result, rz)) {
    result.flux_deviation = flux_deviation(flux);
    return finish_tortuosity(flux, s, h, result);
  }
  ops.start_direction();
  for (std::int64_t it = 0;; ++it) {
    if (it % options.check_every == 0 || rz == 0.0) {
      result.flux_deviation = flux_deviation(flux);
      result.iterations = it;
      if (result.flux_deviation < options.flux_tolerance) {
        result.converged = true;
        break;
      }
      if (it >= options.max_iterations || rz == 0.0) break;
    }
    const double alpha = rz / ops.apply();
    const std::vector<double> change = ops.plane_fluxes(0.0);
    for (std::size_t k = 0; k < flux.size(); ++k) flux[k] += alpha * change[k];
    ops.step(alpha);
    const std::int64_t fallbacks = result.preconditioner_fallbacks;
    double rz_next = 0.0;
    if (!precondition_positively(ops, result, rz_next)) {
      result.flux_deviation = flux_deviation(flux);
      result.iterations = it + 1;
      break;
    }
    // After a fallback the directions so far are not conjugate in the new preconditioner's
    // metric: restart from the steepest-descent direction (beta = 0).
    const double beta = result.preconditioner_fallbacks > fallbacks ? 0.0 : rz_next / rz;
    rz = rz_next;
    ops.next_direction(beta);
  }
  finish_tortuosity(flux, s, h, result);
}

}  // namespace pf::analysis
