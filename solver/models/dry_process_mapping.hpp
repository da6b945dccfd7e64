#pragma once
// The ONE place where seed 001's claim terms become model parameters (MODEL.md §6; the
// derivations and references are in docs/dry_process.md §2). Header-only like the rest of
// models/, so io/ (which parses [blend]) and the tests can use it without a link dependency.
//
//   phi = volume fraction of crystalline polypropylene (A); 1 - phi = copolymer (B).
//
// Inputs are the claims' quantities: PP wt% of the resin, MFR of both components, propylene
// wt% of the copolymer, densities, weight-average molecular weights, the melt temperature.
#include <cmath>

namespace pf {

// [blend] as written (units in the names). Defaults are typical grades, not claims.
struct BlendInputs {
  double pp_wt_percent = 50;            // crystalline PP share of the resin, wt% (claim 1: 30-90)
  double mfr_pp = 3.0;                  // g/10 min, 230 degC / 2.16 kg
  double mfr_rc = 1.5;                  // g/10 min (claim 1: MFR_pp/MFR_rc in [0.1, 10]; claim 11: (10, 1000])
  double propylene_wt_percent = 60;     // propylene in the copolymer, wt% (claims 6, 14: 30-80)
  double density_pp = 0.905;            // g/cm^3
  double density_rc = 0.870;            // g/cm^3
  double mw_pp = 3.0e5;                 // g/mol, weight average
  double mw_rc = 3.0e5;                 // g/mol
  // chi between PP and PE segments per propylene-unit site, chi_PP-PE(T) = A + B/T.
  double chi_pp_pe_A = 0.0;
  double chi_pp_pe_B = 4.0;             // K: chi_PP-PE(473 K) = 0.0085 (see docs/dry_process.md)
  double melt_temperature_K = 473.15;   // kneading / casting temperature
  double wavelength = 12;               // grid units: fastest-growing wavelength of the symmetric blend
};

// What the mapping produces; every number is echoed in run.json under derived.blend.
struct BlendParameters {
  double phi_pp = 0.5;                 // PP volume fraction (= initial c0)
  double site_volume_cm3_per_mol = 0;  // reference site: one propylene unit of PP
  double N_A = 1, N_B = 1;             // sites per chain, PP and copolymer
  double propylene_mole_fraction = 0;  // x_P of the copolymer (monomer units)
  double chi_pp_pe = 0;                // at the melt temperature
  double chi_eff = 0;                  // (1 - x_P)^2 chi_PP-PE
  double mobility_ratio = 1;           // m_PP / m_RC = MFR_pp / MFR_rc
  double m_A = 1, m_B = 1;             // slow-mode relative mobilities, m_A m_B = 1
  double kappa = 1;                    // from the wavelength at phi = 1/2
  double M0 = 1;                       // time unit = 1 / (fastest growth rate) at phi = 1/2, m_A = m_B
  double chi_critical = 0;             // (1/sqrt(N_A) + 1/sqrt(N_B))^2 / 2
};

namespace blend {

inline constexpr double propylene_g_per_mol = 42.080;
inline constexpr double ethylene_g_per_mol = 28.054;

// wt% -> volume fraction: phi = (w/rho_A) / (w/rho_A + (1-w)/rho_B).
inline double volume_fraction(double wt_percent_a, double rho_a, double rho_b) {
  const double w = wt_percent_a / 100;
  return (w / rho_a) / (w / rho_a + (1 - w) / rho_b);
}

// Propylene wt% of an ethylene-propylene copolymer -> mole fraction of propylene units.
inline double propylene_mole_fraction(double propylene_wt_percent) {
  const double p = propylene_wt_percent / 100 / propylene_g_per_mol;
  const double e = (1 - propylene_wt_percent / 100) / ethylene_g_per_mol;
  return p / (p + e);
}

// Random-copolymer theory (ten Brinke, Karasz & MacKnight 1983; Paul & Barlow 1984): a
// homopolymer A and a random copolymer A_x B_(1-x) interact with chi_eff = (1 - x)^2 chi_AB.
inline double chi_random_copolymer(double x_propylene, double chi_pp_pe) {
  return (1 - x_propylene) * (1 - x_propylene) * chi_pp_pe;
}

// MFR is inversely proportional to the zero-shear viscosity, and a chain's mobility to its
// friction (viscosity): m_PP / m_RC = eta_RC / eta_PP = MFR_pp / MFR_rc.
inline double mobility_ratio(double mfr_pp, double mfr_rc) { return mfr_pp / mfr_rc; }

// cavitate's default critical_strain for strain_measure = "volumetric" (docs/dry_process.md §4).
// A small cavity in a neo-Hookean rubber grows without bound at the hydrostatic tension
// p_c = 5G/2 (= 5E/6 when incompressible, E = 3G): Gent & Lindley, Proc. R. Soc. Lond. A 249
// (1959) 195; exact as a bifurcation in Ball, Phil. Trans. R. Soc. Lond. A 306 (1982) 557.
// The small-strain copolymer carries the mean stress K tr(eps), so it cavitates at
//   tr(eps)_c = p_c / K = (5/2) G/K = 15 (1 - 2 nu) / (4 (1 + nu))      (E cancels)
// with G = E / (2 (1 + nu)), K = E / (3 (1 - 2 nu)). Zero at nu = 1/2: an incompressible rubber
// reaches p_c without a finite dilatation, so there is no strain default then.
inline double cavitation_pressure(double shear_modulus) { return 2.5 * shear_modulus; }
inline double cavitation_volumetric_strain(double nu_rc) { return 15 * (1 - 2 * nu_rc) / (4 * (1 + nu_rc)); }

inline BlendParameters map(const BlendInputs& in) {
  BlendParameters p;
  p.phi_pp = volume_fraction(in.pp_wt_percent, in.density_pp, in.density_rc);
  p.site_volume_cm3_per_mol = propylene_g_per_mol / in.density_pp;
  p.N_A = (in.mw_pp / in.density_pp) / p.site_volume_cm3_per_mol;
  p.N_B = (in.mw_rc / in.density_rc) / p.site_volume_cm3_per_mol;
  p.propylene_mole_fraction = propylene_mole_fraction(in.propylene_wt_percent);
  p.chi_pp_pe = in.chi_pp_pe_A + in.chi_pp_pe_B / in.melt_temperature_K;
  p.chi_eff = chi_random_copolymer(p.propylene_mole_fraction, p.chi_pp_pe);
  p.mobility_ratio = mobility_ratio(in.mfr_pp, in.mfr_rc);
  p.m_A = std::sqrt(p.mobility_ratio);
  p.m_B = 1 / p.m_A;
  const double s = 1 / std::sqrt(p.N_A) + 1 / std::sqrt(p.N_B);
  p.chi_critical = 0.5 * s * s;
  // Length: the fastest-growing wavenumber of the symmetric blend, k_m^2 = -f''(1/2) / (2 kappa).
  const double d2f_half = 2 / p.N_A + 2 / p.N_B - 2 * p.chi_eff;  // f''(1/2)
  const double k_m = 2 * 3.14159265358979323846 / in.wavelength;
  p.kappa = d2f_half < 0 ? -d2f_half / (2 * k_m * k_m) : 0;
  // Time: the fastest growth rate omega_m = M(1/2) f''^2 / (8 kappa) set to 1 with m_A = m_B = 1,
  // where slow mode gives M(1/2) = M0 / 4.
  p.M0 = d2f_half < 0 ? 32 * p.kappa / (d2f_half * d2f_half) : 1;
  return p;
}

}  // namespace blend
}  // namespace pf
