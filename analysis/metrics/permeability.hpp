#pragma once
// Air permeability (Gurley number) and water-vapour transmission from the pore structure.
// Every formula, constant and source is listed in docs/analysis.md, section "Permeability".
//
// Capillary model: the pores are tortuous capillaries of diameter d_p, and tau is the tortuosity
// FACTOR (TauFactor's, D_eff / D = eps / tau; in the capillary picture tau = (path length /
// thickness)^2). Then per unit membrane area
//   viscous (Hagen-Poiseuille):  k = eps d_p^2 / (32 tau),      u = k dp / (mu L)
//   Knudsen:  D_K = (d_p / 3) sqrt(8 R T / (pi M)),     u = (eps / tau) D_K dp / (p_m L)
// where u is the volumetric flux at the mean pressure p_m. The combined (dusty-gas) flux is the
// sum of the two (Mason & Malinauskas 1983).
#include "analysis/error.hpp"

namespace pf::analysis {

// Gas constant, J / (mol K).
inline constexpr double kGasConstant = 8.314462618;

struct PoreStructure {
  double porosity = 0.0;          // eps, volume fraction
  double tortuosity = 1.0;        // tau, tortuosity factor (1 for straight pores; +inf: no path)
  double pore_diameter_um = 0.0;  // d_p
  double thickness_um = 0.0;      // L
};

// JIS P 8117 (ISO 5636-5) Gurley test: 100 mL of air through 6.45 cm^2 at 1.22 kPa, 23 degC.
struct GurleyConditions {
  double temperature_K = 296.15;
  double pressure_difference_Pa = 1220.0;
  double downstream_pressure_Pa = 101325.0;
  double air_volume_m3 = 100e-6;
  double area_m2 = 6.45e-4;
  double molar_mass_kg_per_mol = 0.028964;  // dry air
};

enum class FlowRegime { viscous, knudsen, combined };

// Dynamic viscosity of air, Sutherland's law (mu0 = 1.716e-5 Pa s at 273.15 K, S = 110.4 K).
double air_viscosity_Pa_s(double temperature_K);

// Knudsen diffusivity in a cylindrical pore of diameter d: (d / 3) * mean molecular speed.
double knudsen_diffusivity_m2_per_s(double pore_diameter_m, double temperature_K, double molar_mass_kg_per_mol);

// Volumetric air flux per unit membrane area (m/s, at the mean pressure) under the Gurley
// conditions, in the chosen regime. 0 when there is no path (tau = inf) or no pore.
double air_flux_m_per_s(const PoreStructure& pores, FlowRegime regime = FlowRegime::combined,
                        const GurleyConditions& conditions = {});

// Gurley number: seconds for air_volume_m3 to pass area_m2; +inf when the flux is 0.
double gurley_seconds(const PoreStructure& pores, FlowRegime regime = FlowRegime::combined,
                      const GurleyConditions& conditions = {});

// JIS Z 0208 cup method, condition B: 40 degC, 90 % RH on one side, 0 % (desiccant) on the other.
struct VapourConditions {
  double temperature_K = 313.15;
  double humidity_high = 0.90;
  double humidity_low = 0.0;
  double total_pressure_Pa = 101325.0;
};

// Saturation vapour pressure of water, Buck (1996): 611.21 exp((18.678 - t/234.5) t / (257.14 + t)) Pa, t in degC.
double saturation_vapour_pressure_Pa(double temperature_K);

// Molecular diffusivity of water vapour in air, Massman (1998): 2.178e-5 (T/273.15)^1.81 (p0/p) m^2/s.
double water_vapour_diffusivity_m2_per_s(double temperature_K, double total_pressure_Pa);

// Water-vapour transmission of the membrane alone (no still-air layers of the cup), g / (m^2 24 h):
// J = (eps / tau) D dc / L with 1/D = 1/D_molecular + 1/D_Knudsen (Bosanquet),
// dc = (RH_high - RH_low) p_sat M_w / (R T). 0 when there is no path.
double moisture_permeability_g_per_m2_day(const PoreStructure& pores, const VapourConditions& conditions = {});

// The cup of a JIS Z 0208 / JIS L 1099 A-1 measurement: the desiccant surface lies about 3 mm
// below the specimen, and that still air is a diffusion resistance in series with the membrane.
// For open microporous films it, not the membrane, limits the measured value.
struct CupGeometry {
  double air_gap_m = 3e-3;
};

// The cup's still-air gap alone (no membrane): D_molecular dc / gap, g / (m^2 24 h).
double cup_air_gap_transmission_g_per_m2_day(const VapourConditions& conditions = {}, const CupGeometry& cup = {});

// What a cup measurement of the membrane would read: membrane and air gap in series,
// 1/J = 1/J_membrane + 1/J_gap. 0 when there is no path.
double moisture_permeability_cup_g_per_m2_day(const PoreStructure& pores, const VapourConditions& conditions = {},
                                              const CupGeometry& cup = {});

}  // namespace pf::analysis
