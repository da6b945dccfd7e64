#pragma once
// The wet process's material, from the claims' own terms to the simulation's nondimensional
// parameters (MODEL.md §6; seed 000 claims 5–13, 16–27). This is the ONE place where wt%, M_w,
// densities, melting point and crystal dispersion temperature become phi, N, chi(T), the
// mobility's temperature factor and the arrest threshold. docs/wet_process.md derives each line.
#include <nlohmann/json.hpp>

#include "io/config.hpp"

namespace pf {

constexpr double kelvin_offset = 273.15;

struct WetProcessParameters {
  MaterialConfig material;            // the inputs, as configured
  double polymer_weight_fraction = 0; // w = wt% / 100
  double phi0 = 0;                    // polymer volume fraction of the solution
  double mw_effective = 0;            // weight-averaged M_w of the composition (g/mol)
  double N = 1;                       // solvent-sized sites per chain: (M_w / rho_P) / V_solvent
  double flory_temperature_K = 0;     // h_f rho_P V_s / R: the scale of melting-point depression
  double hot_solvent_min_C = 0, hot_solvent_max_C = 0;  // claim 13 window

  double chi(double T_C) const;                 // chi_A + chi_B / T
  // The temperature chi is evaluated at, for a plane now at T_C whose chi was last evaluated at
  // T_memory_C. Plainly T_C. With [material] gel_chi_memory: a gel re-heated below the melting
  // point keeps the demixing its crystals fixed as it cooled, so chi stays at the coldest
  // temperature since the plane was last at or above T_m: min(T_C, T_memory_C) below T_m, T_C
  // from T_m up (the crystals melt and the solution's chi(T) takes over again).
  double chi_temperature(double T_C, double T_memory_C) const;
  double temperature_factor(double T_C) const;  // exp(-E_a/R (1/T - 1/T_ref))
  // Polymer fraction above which the polymer-rich phase crystallises (gels) at T: the inverse
  // of the dissolution curve T_d(phi) of Flory's melting-point depression,
  //   1/T_d = 1/T_m + (1/Theta) [(1 - phi) - chi (1 - phi)^2],   Theta = h_f rho_P V_s / R,
  // shifted down by the crystallisation undercooling: arrest where T + dT_u < T_d(phi).
  // 1 (nothing arrests) at or above T_m - dT_u.
  double phi_arrest(double T_C) const;
  // The spinodal chi of the solution at phi0: 1/2 (1/(N phi0) + 1/(1 - phi0)).
  double spinodal_chi() const;

  nlohmann::json to_json() const;
};

WetProcessParameters wet_process_parameters(const MaterialConfig& material);

// The thermal diffusivity (length^2/time) that gives a stage of `duration` on a film `thickness`
// thick the Fourier number Fo = alpha t / d^2 of the real process. The phase-field time unit is
// set by the structure's dynamics, not by seconds, so the real alpha cannot be carried over; what
// carries over is how far heat gets across the sheet during the step (docs/wet_process.md §4.1).
double diffusivity_for_fourier_number(double fourier_number, double thickness, double duration);

}  // namespace pf
