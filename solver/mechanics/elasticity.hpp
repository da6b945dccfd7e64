#pragma once
// Heterogeneous small-strain linear elasticity of the two-phase blend on the run's grid, for the
// `cavitate` stage (docs/dry_process.md §4). Backend-neutral interface: fields cross it as
// physical (nz, ny, nx) host arrays of double, like the Cahn–Hilliard Solver.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "solver/core/grid.hpp"
#include "solver/schemes/solver.hpp"

namespace pf {

// Symmetric tensors as 6 components in the order xx, yy, zz, yz, xz, xy (tensor components,
// not engineering shears).
using SymTensor = std::array<double, 6>;

// Isotropic phases: the local moduli are interpolated linearly in phi (clipped to [0, 1])
// between the copolymer (phi = 0) and the polypropylene (phi = 1); pore voxels keep the
// copolymer moduli times pore_factor.
struct ElasticPhases {
  double bulk_pp = 1, shear_pp = 1;  // K and G of PP, any stress unit (MPa in configs)
  double bulk_rc = 1, shear_rc = 1;  // K and G of the copolymer
  double pore_factor = 1;            // pore voxels: copolymer moduli times this (> 0)

  static ElasticPhases from_young(double E_pp, double nu_pp, double E_rc, double nu_rc, double pore_factor) {
    ElasticPhases p;
    p.bulk_pp = E_pp / (3 * (1 - 2 * nu_pp));
    p.shear_pp = E_pp / (2 * (1 + nu_pp));
    p.bulk_rc = E_rc / (3 * (1 - 2 * nu_rc));
    p.shear_rc = E_rc / (2 * (1 + nu_rc));
    p.pore_factor = pore_factor;
    return p;
  }
};

// basic: the Moulinec–Suquet fixed point (iterations grow as the stiffness contrast c);
// conjugate_gradient: the same equation by CG (iterations grow as sqrt(c)).
enum class ElasticityScheme { basic, conjugate_gradient };

struct ElasticityOptions {
  // basic: stop when the rms change of strain per iteration < tolerance * |E|;
  // conjugate_gradient: when the equilibrium residual |P sigma| < tolerance * |C : E|.
  double tolerance = 1e-6;
  int max_iterations = 2000;
  ElasticityScheme scheme = ElasticityScheme::conjugate_gradient;
};

struct StrainField {
  std::array<std::vector<double>, 6> strain;  // (nz, ny, nx) each
  SymTensor mean_stress{};                    // volume average of sigma
  int iterations = 0;
  double last_change = 0;                     // the stopping test's relative measure at the end
  bool converged = false;
};

// Solves div sigma = 0, sigma = C(x) : eps, eps = E + eps*(periodic) on the grid (periodic in
// all three axes, spacing as given) with an FFT (Moulinec–Suquet Green operator) scheme.
class ElasticitySolver {
 public:
  virtual ~ElasticitySolver() = default;
  // `pore` may be empty (no pores). `initial` (may be null) is a starting strain field on this
  // grid; it is rescaled so that its mean equals E (warm start across stretch increments).
  virtual StrainField solve(std::span<const double> phi, std::span<const std::uint8_t> pore, const SymTensor& E,
                            const std::array<std::vector<double>, 6>* initial = nullptr) = 0;
  virtual void set_spacing(std::array<double, 3> spacing) = 0;
  virtual Grid grid() const = 0;
};

std::unique_ptr<ElasticitySolver> make_elasticity_solver(const Grid& grid, const ElasticPhases& phases,
                                                         const ElasticityOptions& options, BackendKind backend);

template <class Real>
std::unique_ptr<ElasticitySolver> make_cpu_elasticity_solver(const Grid&, const ElasticPhases&, const ElasticityOptions&);
template <class Real>
std::unique_ptr<ElasticitySolver> make_cuda_elasticity_solver(const Grid&, const ElasticPhases&, const ElasticityOptions&);

// Scalar measures of a strain tensor used by the cavitation criterion.
inline double volumetric_strain(const SymTensor& e) { return e[0] + e[1] + e[2]; }
// von Mises equivalent strain sqrt(2/3 e':e'), e' the deviator.
double equivalent_strain(const SymTensor& e);

}  // namespace pf
