#pragma once
// Tortuosity factor with TauFactor's definition (Cooper et al., SoftwareX 5 (2016) 203-210).
#include <cstdint>

#include "analysis/volume.hpp"

namespace pf::analysis {

// Preconditioner of the conjugate gradients: a geometric multigrid W- or V-cycle (default; iterations
// nearly independent of size) or the diagonal (Jacobi; the simple reference, slow on big volumes).
enum class TortuosityPreconditioner { multigrid, jacobi };

struct TortuosityOptions {
  bool periodic_xy = true;
  double flux_tolerance = 1e-4;          // converged when every z-plane flux is within this of the mean
  std::int64_t max_iterations = 200000;  // conjugate-gradient iterations before giving up
  std::int64_t check_every = 1;          // iterations between flux checks
  TortuosityPreconditioner preconditioner = TortuosityPreconditioner::multigrid;
  bool w_cycle = true;                   // multigrid: W-cycle (false: V-cycle; same tau, more iterations)
};

struct TortuosityResult {
  double tortuosity = 0.0;         // tau; +inf when no pore path joins the two faces
  double diffusivity_ratio = 0.0;  // D_eff / D0 = porosity / tau (0 without a path)
  double porosity = 0.0;           // of the whole volume, percolating or not (TauFactor's epsilon)
  double conducting_fraction = 0.0;// pore voxels in face-to-face (6-connected) components / all pore voxels
  bool percolates = false;
  bool converged = false;          // false only if max_iterations ran out
  std::int64_t iterations = 0;
  double flux_deviation = 0.0;     // max |F_k - mean F| / mean F over the z-planes at the end
  // Times r . z < 0 made the solve fall back to a safer preconditioner (W-cycle -> V-cycle ->
  // Jacobi): the W-cycle's positive definiteness is not proven for every mask. 0 on every mask
  // tried so far; tau is as good either way.
  std::int64_t preconditioner_fallbacks = 0;
};

// Steady diffusion in the pore phase: concentration 1 on the z = 0 face, 0 on the z = d face,
// zero flux through solid walls, x/y periodic (option). Finite volumes on voxel faces: between two
// face-neighbouring pore voxels the conductance is D A_face / h along that axis; a face voxel is
// joined to its Dirichlet face over half a voxel (2 D A / hz), as TauFactor does, so that the
// open slab has conductance D A_total / (nz hz). Only 6-connected components touching both faces
// carry flux; they are solved with preconditioned conjugate gradients (multigrid W-cycle,
// analysis/solvers/voxel_multigrid.hpp, or Jacobi), and convergence is
// judged on the uniformity of the flux through every z-plane (inlet, each interior plane, outlet),
// not on a residual alone. Then
//     tau = porosity * F_open / F,   F_open = D (nx hx)(ny hy) / (nz hz),
// so D_eff / D0 = porosity / tau. Straight channels along z give tau = 1.
TortuosityResult tortuosity(const Mask& pore, const Spacing& spacing, const TortuosityOptions& options = {});

}  // namespace pf::analysis
