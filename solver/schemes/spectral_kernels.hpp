#pragma once
// The pointwise operations of one semi-implicit spectral step (MODEL.md §2), each a small
// functor over a flat index. Exec<Cpu> runs them as OpenMP loops, Exec<Cuda> as kernels.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/complex.hpp"
#include "solver/core/host_device.hpp"
#include "solver/models/counter_rng.hpp"
#include "solver/models/free_energy.hpp"
#include "solver/models/mobility.hpp"
#include "solver/schemes/spectral_grid.hpp"

namespace pf::kernels {

// The semi-implicit factor: (1 + dt L) phi^{n+1} = phi^n + dt E(phi^n) + dt L phi^n with
// L(k) = M-bar (kappa k^4 + A k^2). Returns the new unnormalised mode times 1/N.
template <class Real>
struct SemiImplicitFactor {
  Real dt, reference_mobility, kappa, stabilization, inv_n;

  PF_HOST_DEVICE Complex<Real> operator()(Real k2, Complex<Real> phi_hat, Complex<Real> rhs_hat) const {
    const Real dtl = dt * reference_mobility * (kappa * k2 * k2 + stabilization * k2);
    const Real scale = inv_n / (Real(1) + dtl);
    return {scale * (phi_hat.re * (Real(1) + dtl) + dt * rhs_hat.re),
            scale * (phi_hat.im * (Real(1) + dtl) + dt * rhs_hat.im)};
  }
};

// Per-z-plane parameters (T(z, t) of MODEL.md §4 makes chi, the mobility's temperature factor
// and the arrest threshold functions of depth): one value per physical plane, or null pointers
// for "uniform" (the scalar members of FreeEnergy / Mobility are then used unchanged). The
// formulas stay in FreeEnergy and Mobility: a plane's copy of the struct only swaps the scalar.
template <class Real>
struct ZProfileView {
  const Real* chi = nullptr;
  const Real* temperature_factor = nullptr;
  const Real* phi_arrest = nullptr;

  PF_HOST_DEVICE bool active() const { return chi != nullptr; }

  // The physical plane of flat real-space index i; a mirrored grid's plane iz >= nz_physical
  // is the reflection of plane 2 nz_physical - 1 - iz.
  PF_HOST_DEVICE static int plane(const SpectralGrid<Real>& g, std::size_t i) {
    const int iz = g.plane_of(i);
    return iz >= g.nz_physical ? g.nz - 1 - iz : iz;
  }
  PF_HOST_DEVICE FreeEnergy<Real> free_energy_at(FreeEnergy<Real> fe, int iz) const {
    if (active()) fe.flory_huggins.chi = chi[iz];
    return fe;
  }
  PF_HOST_DEVICE Mobility<Real> mobility_at(Mobility<Real> m, int iz) const {
    if (active()) {
      m.temperature_factor = temperature_factor[iz];
      m.phi_arrest = phi_arrest[iz];
    }
    return m;
  }
};

// out = f'(phi): the local part of the chemical potential.
template <class Real>
struct LocalChemicalPotential {
  const Real* phi;
  Real* out;
  FreeEnergy<Real> free_energy;
  SpectralGrid<Real> grid;
  ZProfileView<Real> z;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    out[i] = z.active() ? z.free_energy_at(free_energy, ZProfileView<Real>::plane(grid, i)).df(phi[i]) : free_energy.df(phi[i]);
  }
};

// Constant mobility: E^ = -M k^2 (f'^ + kappa k^2 phi^). In: fprime_hat; out (in place): the
// normalised new spectrum, ready for the backward transform.
template <class Real>
struct ConstantMobilityUpdate {
  const Complex<Real>* phi_hat;
  Complex<Real>* fprime_hat;
  SpectralGrid<Real> grid;
  Real mobility, kappa;
  SemiImplicitFactor<Real> factor;

  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const Real k2 = grid.k2(i);
    const Complex<Real> p = phi_hat[i];
    const Complex<Real> mu = {fprime_hat[i].re + kappa * k2 * p.re, fprime_hat[i].im + kappa * k2 * p.im};
    fprime_hat[i] = factor(k2, p, (-mobility * k2) * mu);
  }
};

// mu^ = f'^ + kappa k^2 phi^, in place over f'^.
template <class Real>
struct SpectralChemicalPotential {
  Complex<Real>* mu_hat;
  const Complex<Real>* phi_hat;
  SpectralGrid<Real> grid;
  Real kappa;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const Real k2 = grid.k2(i);
    mu_hat[i] = mu_hat[i] + (kappa * k2) * phi_hat[i];
  }
};

// out^ = i k_axis in^
template <class Real>
struct SpectralDerivative {
  const Complex<Real>* in;
  Complex<Real>* out;
  SpectralGrid<Real> grid;
  int axis;
  PF_HOST_DEVICE void operator()(std::size_t i) const { out[i] = times_ik(grid.k_derivative(i, axis), in[i]); }
};

// flux = M(phi) d_axis(mu) + zeta_axis, in place over N * d_axis(mu) from the backward FFT.
// zeta is conserved Cook–Langer noise, <zeta zeta> = 2 sigma M / (dt dV) per voxel and step,
// keyed by (seed, step, global physical voxel), so it does not depend on the rank count; on a
// z-mirrored grid the mirror voxel reuses its partner's numbers with zeta_z reversed, so the
// noise respects the no-flux faces.
template <class Real>
struct MobilityFlux {
  const Real* phi;
  Real* grad;
  Mobility<Real> mobility;
  SpectralGrid<Real> grid;
  Real inv_n;
  int axis;
  Real noise_variance;  // 2 sigma / (dt dV); 0 disables noise
  CounterRng rng;
  std::uint64_t step;
  ZProfileView<Real> z;

  PF_HOST_DEVICE Real local_mobility(std::size_t i) const {
    return z.active() ? z.mobility_at(mobility, ZProfileView<Real>::plane(grid, i))(phi[i]) : mobility(phi[i]);
  }

  // The Cook-Langer flux noise of voxel i along `axis`. Mirrored planes draw their reflection's
  // numbers (the z component flips sign), so the noise keeps the field even about the faces.
  PF_HOST_DEVICE Real noise(std::size_t i, Real m) const {
    const std::size_t plane = grid.plane_size();
    std::size_t iz = std::size_t(grid.plane_of(i));
    Real sign = Real(1);
    if (iz >= std::size_t(grid.nz_physical)) {
      iz = std::size_t(grid.nz) - 1 - iz;
      if (axis == 2) sign = Real(-1);
    }
    const std::size_t voxel = iz * plane + i % plane;
    return sign * sqrt(noise_variance * m) * Real(rng.normal(step, voxel, axis));
  }

  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const Real m = local_mobility(i);
    Real flux = m * grad[i] * inv_n;
    if (noise_variance > Real(0)) flux += noise(i, m);
    grad[i] = flux;
  }
};

// The noise part of MobilityFlux alone (same numbers, written into `out`): the adaptive step
// separates the noise's share of a step's change from the deterministic one with it.
template <class Real>
struct NoiseFluxOnly {
  MobilityFlux<Real> flux;  // its grad is unused
  Real* out;
  PF_HOST_DEVICE void operator()(std::size_t i) const { out[i] = flux.noise(i, flux.local_mobility(i)); }
};

// |a - b - c|: a step's change (a - b) less its noise share c.
template <class Real>
struct AbsDifferenceLess {
  const Real* a;
  const Real* b;
  const Real* c;
  PF_HOST_DEVICE Real operator()(std::size_t i) const {
    const Real d = a[i] - b[i] - c[i];
    return d < Real(0) ? -d : d;
  }
};

// div^ (+)= i k_axis flux^
template <class Real>
struct AccumulateDivergence {
  const Complex<Real>* flux_hat;
  Complex<Real>* div_hat;
  SpectralGrid<Real> grid;
  int axis;
  bool first;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const Complex<Real> d = times_ik(grid.k_derivative(i, axis), flux_hat[i]);
    div_hat[i] = first ? d : div_hat[i] + d;
  }
};

// Variable mobility: the semi-implicit update with E^ = div^, written in place over div^.
template <class Real>
struct VariableMobilityUpdate {
  const Complex<Real>* phi_hat;
  Complex<Real>* div_hat;
  SpectralGrid<Real> grid;
  SemiImplicitFactor<Real> factor;
  PF_HOST_DEVICE void operator()(std::size_t i) const { div_hat[i] = factor(grid.k2(i), phi_hat[i], div_hat[i]); }
};

// The update's response to a flux divergence alone (phi^ = 0): the noise share of a step.
template <class Real>
struct LinearResponse {
  Complex<Real>* div_hat;
  SpectralGrid<Real> grid;
  SemiImplicitFactor<Real> factor;
  PF_HOST_DEVICE void operator()(std::size_t i) const { div_hat[i] = factor(grid.k2(i), Complex<Real>{}, div_hat[i]); }
};

// Copies the physical half of a z-mirrored field onto its reflection (even about the faces);
// for a grid held whole by one rank (SemiImplicitSpectral exchanges slabs otherwise).
template <class Real>
struct MirrorZ {
  Real* phi;
  SpectralGrid<Real> grid;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const std::size_t plane = std::size_t(grid.nx) * grid.ny;
    const std::size_t iz = i / plane;
    phi[(std::size_t(grid.nz) - 1 - iz) * plane + i % plane] = phi[i];
  }
};

template <class Real>
struct BulkEnergyDensity {
  const Real* phi;
  FreeEnergy<Real> free_energy;
  SpectralGrid<Real> grid;
  ZProfileView<Real> z;
  PF_HOST_DEVICE double operator()(std::size_t i) const {
    return double(z.active() ? z.free_energy_at(free_energy, ZProfileView<Real>::plane(grid, i)).f(phi[i])
                             : free_energy.f(phi[i]));
  }
};

// The solvent bath of MODEL.md §3 as a relaxation of one face plane toward phi_bath:
// phi += fraction (phi_bath - phi) where phi > phi_bath, with fraction = 1 - exp(-rate dt), over
// the nx*ny nodes of the physical face plane at local plane index `local_iz` (the solver mirrors
// afterwards).
// BathDelta is the same increment as a reduction (evaluated before the update), so the mass
// the bath adds is known to round-off. A solvent bath only dilutes: where the face is already
// leaner than phi_bath it has no polymer to give (with the log continuation the solvent-rich
// phase sits just below 0, and a two-way relaxation fed polymer into the film, docs/wet_process.md §4).
template <class Real>
struct BathDelta {
  const Real* phi;
  SpectralGrid<Real> grid;
  int local_iz;
  Real phi_bath, fraction;
  PF_HOST_DEVICE Real delta(std::size_t i) const {
    const Real excess = phi[std::size_t(local_iz) * grid.plane_size() + i] - phi_bath;
    return excess > Real(0) ? -fraction * excess : Real(0);
  }
  PF_HOST_DEVICE double operator()(std::size_t i) const { return double(delta(i)); }
};

template <class Real>
struct BathRelaxation {
  Real* phi;
  BathDelta<Real> bath;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    const std::size_t idx = std::size_t(bath.local_iz) * bath.grid.plane_size() + i;
    phi[idx] = phi[idx] + bath.delta(i);
  }
};

// Parseval: sum_x |grad phi|^2 = (1/N) sum_k |k|^2 |phi^_k|^2, over the half spectrum.
template <class Real>
struct GradientEnergySpectral {
  const Complex<Real>* phi_hat;
  SpectralGrid<Real> grid;
  PF_HOST_DEVICE double operator()(std::size_t i) const {
    return double(grid.hermitian_weight(i)) * double(grid.k2(i)) * double(norm2(phi_hat[i]));
  }
};

template <class Real>
struct Value {
  const Real* phi;
  PF_HOST_DEVICE double operator()(std::size_t i) const { return double(phi[i]); }
};

template <class Real>
struct AbsValue {
  const Real* phi;
  PF_HOST_DEVICE double operator()(std::size_t i) const { return fabs(double(phi[i])); }
};

template <class Real>
struct AbsDifference {
  const Real* a;
  const Real* b;
  PF_HOST_DEVICE double operator()(std::size_t i) const { return fabs(double(a[i]) - double(b[i])); }
};

}  // namespace pf::kernels
