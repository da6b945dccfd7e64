#include "solver/physics_from_config.hpp"

#include <algorithm>
#include <cmath>

#include "solver/models/wet_process_mapping.hpp"

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
  s.free_energy.flory_huggins = {m.N_A, m.N_B, m.chi(), m.delta, m.log_continuation};
  s.kappa = m.kappa;
  s.mobility.kind = m.mobility;
  s.mobility.M0 = m.M0;
  s.mobility.m_A = m.m_A;
  s.mobility.m_B = m.m_B;
  s.mobility.temperature_factor = std::exp(-m.E_a / gas_constant * (1.0 / m.T - 1.0 / m.T_ref));
  s.mobility.arrest_factor = m.arrest_factor;
  s.mobility.phi_arrest = m.phi_arrest;
  s.mobility.arrest_width = m.arrest_width;
  s.mobility.floor = m.mobility_floor;
  if (c.material.enabled) {
    // The wet process: N, chi, the temperature factor and the arrest threshold come from
    // [material] (wet_process_mapping.cpp), evaluated here at the initial temperature; during
    // the run T(z, t) replaces them plane by plane (DeformingDomain::prepare_step).
    const WetProcessParameters w = wet_process_parameters(c.material);
    const double T0 = c.material.initial_temperature_C;
    s.free_energy.flory_huggins = {w.N, 1.0, w.chi(T0), m.delta, m.log_continuation};
    s.mobility.temperature_factor = w.temperature_factor(T0);
    s.mobility.phi_arrest = w.phi_arrest(T0);
  }
  s.reference_mobility = max_mobility(s.mobility);
  s.stabilization = c.time.stabilization;
  s.noise_sigma = c.noise.sigma;
  s.noise_seed = c.noise.seed;
  return s;
}

}  // namespace pf
