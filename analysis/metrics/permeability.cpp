#include "analysis/metrics/permeability.hpp"

#include <cmath>
#include <limits>
#include <numbers>

#include "analysis/error.hpp"

namespace pf::analysis {
namespace {

constexpr double kWaterMolarMass = 0.018015;  // kg/mol

void check(const PoreStructure& p, const char* where) {
  require(p.porosity >= 0.0 && p.porosity <= 1.0,
          std::string(where) + ": porosity must lie in [0, 1], got " + std::to_string(p.porosity));
  require(p.tortuosity > 0.0, std::string(where) + ": tortuosity factor must be positive (or +inf), got " +
                                  std::to_string(p.tortuosity));
  require(p.pore_diameter_um >= 0.0 && std::isfinite(p.pore_diameter_um),
          std::string(where) + ": pore diameter must be finite and >= 0, got " + std::to_string(p.pore_diameter_um));
  require(p.thickness_um > 0.0 && std::isfinite(p.thickness_um),
          std::string(where) + ": thickness must be positive, got " + std::to_string(p.thickness_um));
}

// True when the structure carries no flux at all.
bool blocked(const PoreStructure& p) {
  return p.porosity == 0.0 || p.pore_diameter_um == 0.0 || std::isinf(p.tortuosity);
}

}  // namespace

double air_viscosity_Pa_s(double T) {
  constexpr double mu0 = 1.716e-5, T0 = 273.15, S = 110.4;
  return mu0 * std::pow(T / T0, 1.5) * (T0 + S) / (T + S);
}

double knudsen_diffusivity_m2_per_s(double d, double T, double M) {
  const double mean_speed = std::sqrt(8.0 * kGasConstant * T / (std::numbers::pi * M));
  return d / 3.0 * mean_speed;
}

double air_flux_m_per_s(const PoreStructure& p, FlowRegime regime, const GurleyConditions& c) {
  check(p, "air_flux_m_per_s");
  if (blocked(p)) return 0.0;
  const double d = p.pore_diameter_um * 1e-6, L = p.thickness_um * 1e-6;
  const double dp = c.pressure_difference_Pa;
  const double mean_pressure = c.downstream_pressure_Pa + 0.5 * dp;
  const double viscous = p.porosity * d * d / (32.0 * p.tortuosity) / air_viscosity_Pa_s(c.temperature_K) * dp / L;
  const double knudsen = p.porosity / p.tortuosity *
                         knudsen_diffusivity_m2_per_s(d, c.temperature_K, c.molar_mass_kg_per_mol) / mean_pressure *
                         dp / L;
  switch (regime) {
    case FlowRegime::viscous: return viscous;
    case FlowRegime::knudsen: return knudsen;
    case FlowRegime::combined: return viscous + knudsen;
  }
  return 0.0;
}

double gurley_seconds(const PoreStructure& p, FlowRegime regime, const GurleyConditions& c) {
  const double u = air_flux_m_per_s(p, regime, c);
  if (u <= 0.0) return std::numeric_limits<double>::infinity();
  return c.air_volume_m3 / (c.area_m2 * u);
}

double saturation_vapour_pressure_Pa(double T) {
  const double t = T - 273.15;
  return 611.21 * std::exp((18.678 - t / 234.5) * (t / (257.14 + t)));
}

double water_vapour_diffusivity_m2_per_s(double T, double p) {
  return 2.178e-5 * std::pow(T / 273.15, 1.81) * (101325.0 / p);
}

// Water-vapour density difference across the specimen, kg/m^3 (ideal gas).
static double vapour_density_difference(const VapourConditions& c) {
  return (c.humidity_high - c.humidity_low) * saturation_vapour_pressure_Pa(c.temperature_K) * kWaterMolarMass /
         (kGasConstant * c.temperature_K);
}

double moisture_permeability_g_per_m2_day(const PoreStructure& p, const VapourConditions& c) {
  check(p, "moisture_permeability_g_per_m2_day");
  if (blocked(p)) return 0.0;
  const double d = p.pore_diameter_um * 1e-6, L = p.thickness_um * 1e-6;
  const double d_molecular = water_vapour_diffusivity_m2_per_s(c.temperature_K, c.total_pressure_Pa);
  const double d_knudsen = knudsen_diffusivity_m2_per_s(d, c.temperature_K, kWaterMolarMass);
  const double diffusivity = 1.0 / (1.0 / d_molecular + 1.0 / d_knudsen);
  const double flux = p.porosity / p.tortuosity * diffusivity * vapour_density_difference(c) / L;  // kg/(m^2 s)
  return flux * 1000.0 * 86400.0;
}

double cup_air_gap_transmission_g_per_m2_day(const VapourConditions& c, const CupGeometry& cup) {
  if (!(cup.air_gap_m > 0.0)) throw AnalysisError("cup_air_gap_transmission_g_per_m2_day: air_gap_m must be > 0");
  const double d_molecular = water_vapour_diffusivity_m2_per_s(c.temperature_K, c.total_pressure_Pa);
  return d_molecular * vapour_density_difference(c) / cup.air_gap_m * 1000.0 * 86400.0;
}

double moisture_permeability_cup_g_per_m2_day(const PoreStructure& p, const VapourConditions& c, const CupGeometry& cup) {
  const double membrane = moisture_permeability_g_per_m2_day(p, c);
  if (membrane <= 0.0) return 0.0;
  return 1.0 / (1.0 / membrane + 1.0 / cup_air_gap_transmission_g_per_m2_day(c, cup));
}

}  // namespace pf::analysis
