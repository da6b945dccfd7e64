#pragma once
#include <cmath>

#include "solver/core/host_device.hpp"

namespace pf {

// Free-energy densities f(phi) in units of kT per lattice site, with f' and f''.
// Written once; the CPU loops and the CUDA kernels call the same members (MODEL.md §1).

// PFHub benchmark 1: f = rho (phi - c_alpha)^2 (c_beta - phi)^2.
template <class Real>
struct DoubleWell {
  Real rho, c_alpha, c_beta;

  PF_HOST_DEVICE Real f(Real c) const {
    const Real a = c - c_alpha, b = c_beta - c;
    return rho * a * a * b * b;
  }
  PF_HOST_DEVICE Real df(Real c) const {
    const Real a = c - c_alpha, b = c_beta - c;
    return Real(2) * rho * a * b * (b - a);
  }
  PF_HOST_DEVICE Real d2f(Real c) const {
    const Real a = c - c_alpha, b = c_beta - c;
    return Real(2) * rho * (a * a + b * b - Real(4) * a * b);
  }
};

// Flory–Huggins: f = (phi/N_A) ln phi + ((1-phi)/N_B) ln(1-phi) + chi phi (1-phi).
// The logarithms need phi inside (0, 1): phi is clipped to [delta, 1 - delta] before they are
// evaluated, so f, f' and f'' stay finite if round-off or noise pushes phi past a bound.
// With `continuation` set, the log part is instead continued past a bound by its second-order
// Taylor expansion there (f'' = its value at the bound), so a phi pushed past it feels the
// restoring curvature 1/(N delta) instead of none. The wet process needs this: with N ~ 10^4 and
// chi > 1/2 the solvent-rich phase is nearly pure solvent (docs/wet_process.md). Off by default:
// the restoring curvature is stiff, and the plain clip keeps explicit steps stable.
template <class Real>
struct FloryHuggins {
  Real N_A, N_B, chi, delta;
  bool continuation = false;

  PF_HOST_DEVICE Real clip(Real p) const { return p < delta ? delta : (p > Real(1) - delta ? Real(1) - delta : p); }
  // The entropic (log) part and its derivatives at c inside the bounds.
  PF_HOST_DEVICE Real s0(Real c) const { return c / N_A * log(c) + (Real(1) - c) / N_B * log(Real(1) - c); }
  PF_HOST_DEVICE Real s1(Real c) const { return (log(c) + Real(1)) / N_A - (log(Real(1) - c) + Real(1)) / N_B; }
  PF_HOST_DEVICE Real s2(Real c) const { return Real(1) / (N_A * c) + Real(1) / (N_B * (Real(1) - c)); }

  PF_HOST_DEVICE Real f(Real p) const {
    const Real c = clip(p), e = continuation ? p - c : Real(0);
    return s0(c) + e * s1(c) + Real(0.5) * e * e * s2(c) + chi * p * (Real(1) - p);
  }
  PF_HOST_DEVICE Real df(Real p) const {
    const Real c = clip(p);
    return s1(c) + (continuation ? (p - c) * s2(c) : Real(0)) + chi * (Real(1) - Real(2) * p);
  }
  PF_HOST_DEVICE Real d2f(Real p) const { return s2(clip(p)) - Real(2) * chi; }
};

enum class FreeEnergyKind { double_well, flory_huggins };

// The configured free energy. A uniform switch (every thread takes the same branch) costs
// nothing measurable and keeps one kernel per operation instead of one per model.
template <class Real>
struct FreeEnergy {
  FreeEnergyKind kind = FreeEnergyKind::double_well;
  DoubleWell<Real> double_well{};
  FloryHuggins<Real> flory_huggins{};

  PF_HOST_DEVICE Real f(Real p) const {
    return kind == FreeEnergyKind::double_well ? double_well.f(p) : flory_huggins.f(p);
  }
  PF_HOST_DEVICE Real df(Real p) const {
    return kind == FreeEnergyKind::double_well ? double_well.df(p) : flory_huggins.df(p);
  }
  PF_HOST_DEVICE Real d2f(Real p) const {
    return kind == FreeEnergyKind::double_well ? double_well.d2f(p) : flory_huggins.d2f(p);
  }
};

}  // namespace pf
