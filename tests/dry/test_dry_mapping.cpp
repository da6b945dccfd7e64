// The [blend] mapping of seed 001's claim terms (solver/models/dry_process_mapping.hpp) against
// values computed by hand from the formulas in docs/dry_process.md §2.
#include <gtest/gtest.h>

#include "solver/core/errors.hpp"
#include "solver/models/dry_process_mapping.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

TEST(DryMapping, WeightPercentToVolumeFractionWithDensities) {
  // 70 wt% PP (0.905 g/cm3) in copolymer (0.870): (70/0.905) / (70/0.905 + 30/0.870)
  //   = 77.3481 / (77.3481 + 34.4828) = 0.691652
  EXPECT_NEAR(blend::volume_fraction(70, 0.905, 0.870), 0.691652, 1e-6);
  // Equal densities: volume fraction = weight fraction.
  EXPECT_DOUBLE_EQ(blend::volume_fraction(30, 0.9, 0.9), 0.3);
}

TEST(DryMapping, PropyleneContentAndRandomCopolymerChi) {
  // 60 wt% propylene: (60/42.080) / (60/42.080 + 40/28.054) = 1.425856 / (1.425856 + 1.425822)
  EXPECT_NEAR(blend::propylene_mole_fraction(60), 0.500006, 1e-6);
  EXPECT_DOUBLE_EQ(blend::propylene_mole_fraction(100), 1.0);
  EXPECT_DOUBLE_EQ(blend::propylene_mole_fraction(0), 0.0);
  // chi_eff = (1 - x)^2 chi_PP-PE: x = 0.4, chi = 0.01 -> 0.0036; a PP homopolymer (x = 1) is athermal.
  EXPECT_NEAR(blend::chi_random_copolymer(0.4, 0.01), 0.0036, 1e-15);
  EXPECT_DOUBLE_EQ(blend::chi_random_copolymer(1.0, 0.01), 0.0);
}

TEST(DryMapping, MeltFlowRateRatioIsTheMobilityRatio) {
  EXPECT_DOUBLE_EQ(blend::mobility_ratio(3.0, 1.5), 2.0);
  BlendInputs in;
  in.mfr_pp = 50;
  in.mfr_rc = 0.5;  // claim 11 range: 100
  const BlendParameters p = blend::map(in);
  EXPECT_NEAR(p.m_A / p.m_B, 100, 1e-12);
  EXPECT_NEAR(p.m_A * p.m_B, 1, 1e-12);
}

TEST(DryMapping, ChainLengthsChiKappaAndTimeUnit) {
  BlendInputs in;  // defaults: Mw 3e5 both, densities 0.905 / 0.870, 60 wt% propylene, chi = 4/T
  in.pp_wt_percent = 50;
  const BlendParameters p = blend::map(in);
  // Site: one propylene unit of PP, 42.080 / 0.905 = 46.4972 cm3/mol.
  EXPECT_NEAR(p.site_volume_cm3_per_mol, 46.4972, 1e-4);
  EXPECT_NEAR(p.N_A, 3e5 / 42.080, 1e-9);                       // 7129.28
  EXPECT_NEAR(p.N_B, (3e5 / 0.870) / (42.080 / 0.905), 1e-9);   // 7416.15
  EXPECT_NEAR(p.chi_pp_pe, 4.0 / 473.15, 1e-15);                // 0.0084540
  const double x = 0.500006;
  EXPECT_NEAR(p.chi_eff, (1 - x) * (1 - x) * 4.0 / 473.15, 1e-8);  // 0.0021134
  // Fastest-growing wavelength 12 at phi = 1/2: kappa = -f''(1/2) / (2 (2 pi / 12)^2).
  const double d2f = 2 / p.N_A + 2 / p.N_B - 2 * p.chi_eff;
  EXPECT_NEAR(p.kappa, -d2f / (2 * std::pow(2 * M_PI / 12, 2)), 1e-15);
  // Time unit: M0 / 4 * f''^2 / (8 kappa) = 1.
  EXPECT_NEAR(p.M0 / 4 * d2f * d2f / (8 * p.kappa), 1.0, 1e-12);
  EXPECT_GT(p.chi_eff, 5 * p.chi_critical);  // deep inside the two-phase region
}

TEST(DryMapping, CavitationStrainIsTheGentLindleyPressureOverTheBulkModulus) {
  // Source numbers: p_c = 5G/2 (Ball 1982), which is Gent & Lindley's 5E/6 for an
  // incompressible rubber (E = 3G). Here against the copolymer's own K and G from E and nu.
  for (const double nu : {0.25, 0.40, 0.45, 0.49}) {
    const double E = 40;  // MPa; must cancel
    const double G = E / (2 * (1 + nu)), K = E / (3 * (1 - 2 * nu));
    EXPECT_NEAR(K * blend::cavitation_volumetric_strain(nu), blend::cavitation_pressure(G), 1e-12 * E) << nu;
  }
  EXPECT_NEAR(blend::cavitation_pressure(1.0 / 3), 5.0 / 6, 1e-15);  // E = 1, nu = 1/2: Gent-Lindley's 5E/6
  // By hand: 15 (1 - 2 nu) / (4 (1 + nu)); nu_rc = 0.45 (cavitate's default) -> 1.5 / 5.8.
  EXPECT_NEAR(blend::cavitation_volumetric_strain(0.45), 0.2586207, 1e-7);
  EXPECT_NEAR(blend::cavitation_volumetric_strain(0.49), 0.0503356, 1e-7);
  EXPECT_DOUBLE_EQ(blend::cavitation_volumetric_strain(0.5), 0.0);
}

TEST(DryMapping, ConfigBlendSetsModelAndInitialAndRejectsDuplicates) {
  const Config c = config_from(R"(
[grid]
shape = [8, 8, 8]
[blend]
pp_wt_percent = 70
mfr_pp = 3.0
mfr_rc = 1.5
propylene_wt_percent = 60
[initial]
kind = "reactor_blend"
[time]
dt = 0.1
end = 1.0
)");
  EXPECT_EQ(c.model.free_energy, FreeEnergyKind::flory_huggins);
  EXPECT_EQ(c.model.mobility, MobilityKind::slow_mode);
  EXPECT_NEAR(c.initial.c0, 0.691652, 1e-6);
  EXPECT_NEAR(c.model.m_A / c.model.m_B, 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(c.initial.droplet_radius, 2.0);
  try {
    config_from(R"(
[grid]
shape = [8, 8, 8]
[blend]
pp_wt_percent = 70
mfr_pp = 3.0
mfr_rc = 1.5
propylene_wt_percent = 60
[model]
kappa = 1.0
[initial]
kind = "droplets"
[time]
dt = 0.1
end = 1.0
)");
    FAIL() << "kappa next to [blend] must be an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("set by [blend]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pf::test
