#include "solver/models/wet_process_mapping.hpp"

#include <algorithm>
#include <cmath>

namespace pf {

namespace {
constexpr double gas_constant = 8.314462618;  // J/(mol K)
}

WetProcessParameters wet_process_parameters(const MaterialConfig& m) {
  WetProcessParameters p;
  p.material = m;
  // wt% -> volume fraction with the component densities (ideal mixing of volumes).
  const double w = m.polymer_wt_percent / 100.0;
  p.polymer_weight_fraction = w;
  const double v_polymer = w / m.polymer_density_g_cm3, v_solvent = (1 - w) / m.solvent_density_g_cm3;
  p.phi0 = v_polymer / (v_polymer + v_solvent);
  // A composition's M_w is the weight average of its components' M_w (M_w = sum w_i M_i holds
  // for any mixture of weight-averaged fractions).
  for (std::size_t i = 0; i < m.polymer_mw.size(); ++i) p.mw_effective += m.polymer_weight_fractions[i] * m.polymer_mw[i];
  // Lattice sites of the solvent's molar volume per chain.
  p.N = std::max(1.0, (p.mw_effective / m.polymer_density_g_cm3) / m.solvent_molar_volume_cm3_mol);
  p.flory_temperature_K = m.heat_of_fusion_J_g * m.polymer_density_g_cm3 * m.solvent_molar_volume_cm3_mol / gas_constant;
  p.hot_solvent_min_C = m.crystal_dispersion_C;
  p.hot_solvent_max_C = m.melting_point_C + 10.0;
  return p;
}

double diffusivity_for_fourier_number(double fourier_number, double thickness, double duration) {
  return fourier_number * thickness * thickness / duration;
}

double WetProcessParameters::chi(double T_C) const { return material.chi_A + material.chi_B_K / (T_C + kelvin_offset); }

double WetProcessParameters::chi_temperature(double T_C, double T_memory_C) const {
  if (!material.gel_chi_memory || T_C >= material.melting_point_C) return T_C;
  return std::min(T_C, T_memory_C);
}

double WetProcessParameters::temperature_factor(double T_C) const {
  return std::exp(-material.activation_energy_J_mol / gas_constant *
                  (1.0 / (T_C + kelvin_offset) - 1.0 / (material.reference_temperature_C + kelvin_offset)));
}

double WetProcessParameters::phi_arrest(double T_C) const {
  const double T = T_C + material.crystallisation_undercooling_K + kelvin_offset;
  const double Tm = material.melting_point_C + kelvin_offset;
  // g(v) = v - chi v^2 (v = 1 - phi, the solvent fraction) must exceed c for the crystal to melt.
  const double c = flory_temperature_K * (1.0 / T - 1.0 / Tm);
  if (c <= 0) return 1.0;
  const double x = chi(T_C);
  // g rises on v in [0, v_top]; beyond g's maximum every composition is arrested there.
  const double v_top = x > 0.5 ? 1.0 / (2.0 * x) : 1.0;
  const double g_top = v_top - x * v_top * v_top;
  if (c >= g_top) return 1.0 - v_top;
  const double v = std::abs(x) < 1e-12 ? c : (1.0 - std::sqrt(1.0 - 4.0 * x * c)) / (2.0 * x);
  return 1.0 - v;
}

double WetProcessParameters::spinodal_chi() const { return 0.5 * (1.0 / (N * phi0) + 1.0 / (1.0 - phi0)); }

nlohmann::json WetProcessParameters::to_json() const {
  const MaterialConfig& m = material;
  const double T0 = m.initial_temperature_C;
  return {{"polymer_weight_fraction", polymer_weight_fraction},
          {"phi0", phi0},
          {"mw_effective_g_mol", mw_effective},
          {"mw_mn", m.mw_mn},
          {"N", N},
          {"flory_temperature_K", flory_temperature_K},
          {"spinodal_chi_at_phi0", spinodal_chi()},
          {"chi_at_initial_temperature", chi(T0)},
          {"chi_at_melting_point", chi(m.melting_point_C)},
          {"chi_at_25C", chi(25)},
          {"phi_arrest_at_initial_temperature", phi_arrest(T0)},
          {"phi_arrest_at_crystal_dispersion", phi_arrest(m.crystal_dispersion_C)},
          {"phi_arrest_at_25C", phi_arrest(25)},
          {"hot_solvent_window_C", {hot_solvent_min_C, hot_solvent_max_C}},
          {"gel_chi_memory", m.gel_chi_memory},
          {"thermal_diffusivity", m.thermal_diffusivity},
          {"heat_transfer_coefficient", m.heat_transfer_coefficient}};
}

}  // namespace pf
