#pragma once
#include <algorithm>
#include <cstdint>

#include "solver/core/grid.hpp"
#include "solver/models/free_energy.hpp"
#include "solver/models/mobility.hpp"

namespace pf {

// Everything the time stepper needs, in double; each backend casts it to its precision.
struct PhysicsSetup {
  Grid grid;
  FreeEnergy<double> free_energy;
  Mobility<double> mobility;
  double kappa = 1;
  double stabilization = 0;       // A of MODEL.md §2
  double reference_mobility = 1;  // M-bar of MODEL.md §2
  double noise_sigma = 0;         // Cook–Langer noise strength; 0 = deterministic
  std::uint64_t noise_seed = 0;
};

// The largest of value(phi) and 0 over 1001 equally spaced phi in [lo, hi] (ends included): the
// sampling behind M-bar and the stabilisation's bound.
template <class Value>
double max_over_phi(double lo, double hi, Value&& value) {
  double best = 0;
  for (int i = 0; i <= 1000; ++i) best = std::max(best, value(lo + (hi - lo) * i / 1000.0));
  return best;
}

// The largest mobility over phi in [0, 1] (1001 samples): M-bar of the stabilised scheme, so the
// implicit operator dominates the explicit one everywhere (the usual choice for stabilised
// variable-mobility schemes). Used for the uniform setup and for every z plane alike.
inline double max_mobility(const Mobility<double>& m) { return max_over_phi(0, 1, m); }

// The least stabilisation A with which the stabilised scheme (MODEL.md §2) is stable at every
// step size, for phi in [lo, hi] (1001 samples). Linearised about a uniform phi with local
// mobility M and curvature f'', mode k changes per step by the factor
//   g = 1 - dt M k^2 (f'' + kappa k^2) / (1 + dt Mbar k^2 (kappa k^2 + A)),
// which stays >= -1 at every dt and k iff M f'' <= 2 Mbar A (given M <= Mbar, Mbar's definition).
// Below it, long waves where M f'' is large flip sign and grow once dt passes a threshold, and an
// adaptive run saw-tooths at small steps (docs/physics.md "The stabilisation's bound").
inline double stabilization_bound(const FreeEnergy<double>& f, const Mobility<double>& m, double reference_mobility,
                                  double lo, double hi) {
  return max_over_phi(lo, hi, [&](double phi) { return m(phi) * f.d2f(phi); }) / (2 * reference_mobility);
}

template <class Real>
FreeEnergy<Real> cast_free_energy(const FreeEnergy<double>& d) {
  FreeEnergy<Real> r;
  r.kind = d.kind;
  r.double_well = {Real(d.double_well.rho), Real(d.double_well.c_alpha), Real(d.double_well.c_beta)};
  r.flory_huggins = {Real(d.flory_huggins.N_A), Real(d.flory_huggins.N_B), Real(d.flory_huggins.chi),
                     Real(d.flory_huggins.delta), d.flory_huggins.continuation};
  return r;
}

template <class Real>
Mobility<Real> cast_mobility(const Mobility<double>& d) {
  Mobility<Real> r;
  r.kind = d.kind;
  r.M0 = Real(d.M0);
  r.m_A = Real(d.m_A);
  r.m_B = Real(d.m_B);
  r.temperature_factor = Real(d.temperature_factor);
  r.arrest_factor = Real(d.arrest_factor);
  r.phi_arrest = Real(d.phi_arrest);
  r.arrest_width = Real(d.arrest_width);
  r.floor = Real(d.floor);
  return r;
}

}  // namespace pf
