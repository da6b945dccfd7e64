#pragma once
#include <cmath>

#include "solver/core/host_device.hpp"

namespace pf {

enum class MobilityKind { constant, slow_mode, degenerate };

// tanh in the precision asked for. An unqualified tanh(float) is the C library's double tanh
// under g++ (nvcc adds a float overload): a sixth of the perf samples of a float CPU run's hot
// stage (64x64x512 wet recipe, 2026-11-25) were that tanh and the expm1 it calls.
PF_HOST_DEVICE inline float tanh_of(float x) { return tanhf(x); }
PF_HOST_DEVICE inline double tanh_of(double x) { return tanh(x); }

// M(phi) of MODEL.md §1, times a temperature factor exp(-E_a/R (1/T - 1/T_ref)) evaluated once
// on the host, times an optional smooth arrest factor where polymer-rich regions gel.
template <class Real>
struct Mobility {
  MobilityKind kind = MobilityKind::constant;
  Real M0 = 1;
  Real m_A = 1, m_B = 1;          // slow_mode relative mobilities of the two components
  Real temperature_factor = 1;
  Real arrest_factor = 1;         // mobility multiplier deep in the arrested region (1 = off)
  Real phi_arrest = 1;            // arrest sets in above this phi
  Real arrest_width = Real(0.02);
  // Lower bound on M / M0 before the temperature and arrest factors (0 = none). The slow-mode
  // and degenerate forms vanish at phi = 0; with a nearly pure solvent phase (large N) an
  // explicit flux step then pushes phi below 0 where nothing pulls it back. A small floor lets
  // the free energy's restoring curvature act there (docs/wet_process.md).
  Real floor = 0;

  PF_HOST_DEVICE Real operator()(Real phi) const {
    const Real p = phi < Real(0) ? Real(0) : (phi > Real(1) ? Real(1) : phi);
    Real m = M0;
    if (kind == MobilityKind::degenerate) {
      m = M0 * p * (Real(1) - p);
    } else if (kind == MobilityKind::slow_mode) {
      // Both components' mobilities: -> M0 phi m_A when A is dilute (its chains limit mixing).
      m = M0 * p * (Real(1) - p) * m_A * m_B / ((Real(1) - p) * m_B + p * m_A);
    }
    if (m < M0 * floor) m = M0 * floor;
    m *= temperature_factor;
    if (arrest_factor < Real(1)) {
      const Real s = Real(0.5) * (Real(1) + tanh_of((phi - phi_arrest) / arrest_width));
      m *= Real(1) - (Real(1) - arrest_factor) * s;
    }
    return m;
  }

  PF_HOST_DEVICE bool is_constant() const { return kind == MobilityKind::constant && arrest_factor >= Real(1); }
};

}  // namespace pf
