#include "solver/physics_from_config.hpp"

#include <algorithm>
#include <cmath>

namespace pf {

namespace {
constexpr double gas_constant = 8.314462618;  // J/(mol K)
}

PhysicsSetup physics_from_config(const Config& c) {
  const ModelConfig& m = c.model;
  PhysicsSetup s;
  s.grid = c.grid;
  s.free_energy.kind = m.free_energy;
  s.free_energy.double_well = {m.rho, m.c_alpha, m.c_beta};
  s.free_energy.flory_huggins = {m.N_A, m.N_B, m.chi(), m.delta};
  s.kappa = m.kappa;
  s.mobility.kind = m.mobility;
  s.mobility.M0 = m.M0;
  s.mobility.m_A = m.m_A;
  s.mobility.m_B = m.m_B;
  s.mobility.temperature_factor = std::exp(-m.E_a / gas_constant * (1.0 / m.T - 1.0 / m.T_ref));
  s.mobility.arrest_factor = m.arrest_factor;
  s.mobility.phi_arrest = m.phi_arrest;
  s.mobility.arrest_width = m.arrest_width;
  // M-bar: the largest mobility over phi in [0, 1], so the implicit operator dominates the
  // explicit one everywhere (the usual choice for stabilised variable-mobility schemes).
  double m_max = 0;
  for (int i = 0; i <= 1000; ++i) m_max = std::max(m_max, s.mobility(i / 1000.0));
  s.reference_mobility = m_max;
  s.stabilization = c.time.stabilization;
  s.noise_sigma = c.noise.sigma;
  s.noise_seed = c.noise.seed;
  return s;
}

}  // namespace pf
