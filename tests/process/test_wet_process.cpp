// The wet process's building blocks (docs/wet_process.md), each against an independent
// reference: 1D heat conduction against the Fourier series of a slab with fixed face
// temperatures; the claim-parameter mapping against hand-computed values; claim 13's window as
// a named config error; the bath's mass bookkeeping (the change of mean phi equals the reported
// exchange to round-off); per-z profiles that are uniform reproduce the uniform run bit for bit.
#include <cmath>
#include <numbers>
#include <vector>

#include "solver/core/errors.hpp"
#include "solver/models/wet_process_mapping.hpp"
#include "solver/physics_from_config.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/process/stage_registry.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/thermal_slab.hpp"
#include "solver/run/run_simulation.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include "deformation_support.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << "message: " << std::string(text)

// Slab 0 < z < L at T0, faces held at Ts from t = 0:
//   T = Ts + (T0 - Ts) sum_{n odd} 4/(n pi) sin(n pi z / L) exp(-alpha (n pi / L)^2 t).
double slab_series(double z, double t, double L, double alpha, double T0, double Ts) {
  double sum = 0;
  for (int n = 1; n < 4001; n += 2) {
    const double k = n * std::numbers::pi / L;
    sum += 4.0 / (n * std::numbers::pi) * std::sin(k * z) * std::exp(-alpha * k * k * t);
  }
  return Ts + (T0 - Ts) * sum;
}

TEST(ThermalSlab, MatchesFourierSeriesOfSlabWithFixedFaces) {
  // 64 cells, alpha = 2, dt = 1e-3: backward Euler O(dt) + second-order space. At
  // alpha t / L^2 = 0.05 and 0.2 the error stays below 2e-3 of the temperature jump.
  const int nz = 64;
  const double h = 0.5, alpha = 2, L = nz * h, T0 = 200, Ts = 25, dt = 1e-3;
  ThermalSlab slab(nz, h, alpha, T0);
  double t = 0, worst = 0;
  for (double target : {0.05 * L * L / alpha, 0.2 * L * L / alpha}) {
    while (t < target - 1e-12) {
      slab.step(dt, {Ts, Ts, {}});
      t += dt;
    }
    for (int k = 0; k < nz; ++k)
      worst = std::max(worst, std::abs(slab.temperature()[k] - slab_series((k + 0.5) * h, t, L, alpha, T0, Ts)));
  }
  EXPECT_LT(worst / (T0 - Ts), 2e-3);
}

TEST(ThermalSlab, InsulatedFacesKeepHeatAndRobinFaceRelaxesAtItsRate) {
  ThermalSlab insulated(16, 1.0, 3.0, 50.0);
  insulated.set_temperature(std::vector<double>(16, 50.0));
  for (int i = 0; i < 100; ++i) insulated.step(0.5, {});
  for (double T : insulated.temperature()) EXPECT_NEAR(T, 50.0, 1e-12);
  // A thin slab (Biot number H L / alpha = 1e-3) cooled through both faces: lumped capacitance,
  // T - Ts = (T0 - Ts) exp(-2 H t / L).
  const double H = 1e-3, L = 8.0;
  ThermalSlab lumped(8, 1.0, 4.0, 100.0, H);
  const double dt = 0.1;
  for (int i = 0; i < 20000; ++i) lumped.step(dt, {0.0, 0.0, {}});
  const double expected = 100.0 * std::exp(-2 * H * 2000.0 / L);
  EXPECT_NEAR(lumped.temperature()[4], expected, 0.01 * expected);
}

TEST(WetProcessMapping, ClaimTermsGiveHandComputedParameters) {
  MaterialConfig m;
  m.polymer_wt_percent = 30;  // claim 12
  m.polymer_mw = {2.0e6, 3.0e5};  // claim 17: UHMWPE + a 1e5..1e6 polyolefin
  m.polymer_weight_fractions = {0.25, 0.75};
  m.polymer_density_g_cm3 = 0.95;
  m.solvent_density_g_cm3 = 0.85;
  m.solvent_molar_volume_cm3_mol = 300;
  m.melting_point_C = 135;
  m.crystal_dispersion_C = 90;
  m.chi_A = -0.2;
  m.chi_B_K = 340;
  const WetProcessParameters p = wet_process_parameters(m);
  // phi = (0.3/0.95) / (0.3/0.95 + 0.7/0.85) = 0.315789 / 1.139319 = 0.277174
  EXPECT_NEAR(p.phi0, 0.2771739, 1e-6);
  // M_w = 0.25 * 2e6 + 0.75 * 3e5 = 725000; N = 725000 / 0.95 / 300 = 2543.86
  EXPECT_DOUBLE_EQ(p.mw_effective, 725000.0);
  EXPECT_NEAR(p.N, 2543.8596, 1e-3);
  // chi(100 C) = -0.2 + 340 / 373.15 = 0.711161
  EXPECT_NEAR(p.chi(100), 0.7111618, 1e-6);
  EXPECT_DOUBLE_EQ(p.hot_solvent_min_C, 90);
  EXPECT_DOUBLE_EQ(p.hot_solvent_max_C, 145);
  // Theta = 293 * 0.95 * 300 / 8.314462618 = 10043.34 K
  EXPECT_NEAR(p.flory_temperature_K, 10043.343, 1e-2);
  // Above T_m - undercooling nothing arrests.
  EXPECT_DOUBLE_EQ(p.phi_arrest(125), 1.0);
  // At 115 C (+15 K = 130 C = 403.15 K): c = Theta (1/403.15 - 1/408.15) = 0.305184;
  // chi(115 C) = -0.2 + 340/388.15 = 0.675950; v = (1 - sqrt(1 - 4 chi c)) / (2 chi) = 0.430400;
  // phi = 0.569600.
  EXPECT_NEAR(p.phi_arrest(115), 0.569600, 1e-6);
  EXPECT_NEAR(p.spinodal_chi(), 0.5 * (1 / (p.N * p.phi0) + 1 / (1 - p.phi0)), 1e-15);
}

const char* wet_base = R"(
[grid]
shape = [8, 8, 8]
boundary_z = "no_flux"
[model]
free_energy = "flory_huggins"
kappa = 1.0
mobility = "slow_mode"
M0 = 1
[material]
polymer_wt_percent = 20
melting_point_C = 135
crystal_dispersion_C = 90
[initial]
kind = "uniform_noise"
amplitude = 0.01
[time]
dt = 0.1
)";
const char* hold_stage = "[[stage]]\nkind = \"hold\"\nduration = 1\n";

std::string stage_error(const std::string& text) {
  try {
    make_stages(config_from(text));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The gel's chi memory (docs/wet_process.md §1): below T_m chi stays at the coldest temperature
// seen; from T_m up it follows T; off, it always follows T.
TEST(WetProcessMapping, GelChiMemoryKeepsColdestTemperatureBelowMeltingPoint) {
  MaterialConfig m;
  m.enabled = true;
  m.melting_point_C = 135;
  m.gel_chi_memory = true;
  const WetProcessParameters on = wet_process_parameters(m);
  EXPECT_EQ(on.chi_temperature(128, 25), 25);    // re-heated gel: still chi(25 C)
  EXPECT_EQ(on.chi_temperature(20, 25), 20);     // colder than ever: follows T down
  EXPECT_EQ(on.chi_temperature(135, 25), 135);   // at T_m the crystals melt: memory cleared
  EXPECT_EQ(on.chi_temperature(200, 25), 200);
  m.gel_chi_memory = false;
  EXPECT_EQ(wet_process_parameters(m).chi_temperature(128, 25), 128);
}

TEST(WetProcessConfig, HotSolventOutsideClaim13WindowIsNamedError) {
  const std::string stage = "[[stage]]\nkind = \"hot_solvent\"\nduration = 1\nT_hot_C = ";
  EXPECT_EQ(stage_error(std::string(wet_base) + stage + "90\n"), "");
  EXPECT_EQ(stage_error(std::string(wet_base) + stage + "145\n"), "");
  const std::string low = stage_error(std::string(wet_base) + stage + "85\n");
  EXPECT_CONTAINS(low, "T_hot_C");
  EXPECT_CONTAINS(low, "claim 13");
  EXPECT_CONTAINS(low, "[90, 145]");
  EXPECT_CONTAINS(low, "crystal_dispersion_C");
  EXPECT_CONTAINS(stage_error(std::string(wet_base) + stage + "145.5\n"), "melting_point_C = 135");
}

TEST(WetProcessConfig, MaterialOwnsItsModelKeysAndNeedsFloryHuggins) {
  std::string text = std::string(wet_base) + hold_stage;
  text.replace(text.find("kappa = 1.0"), 11, "kappa = 1.0\nchi_A = 0.5");
  EXPECT_THROW(config_from(text), InputError);
  std::string c0 = std::string(wet_base) + hold_stage;
  c0.replace(c0.find("amplitude = 0.01"), 16, "amplitude = 0.01\nc0 = 0.3");
  EXPECT_THROW(config_from(c0), InputError);
  std::string weights = std::string(wet_base) + hold_stage;
  weights.replace(weights.find("polymer_wt_percent = 20"), 23,
                  "polymer_wt_percent = 20\npolymer_mw = [2e6, 3e5]\npolymer_weight_fractions = [0.5, 0.6]");
  EXPECT_THROW(config_from(weights), InputError);
  // The solution's phi comes from wt%.
  const Config c = config_from(std::string(wet_base) + hold_stage);
  const auto phi = make_initial_field(c);
  double mean = 0;
  for (double v : phi) mean += v / double(phi.size());
  EXPECT_NEAR(mean, wet_process_parameters(c.material).phi0, 2e-3);
}

class WetProcessSolver : public BackendTest {};

const char* fh_solver = R"(
[grid]
shape = [16, 8, 12]
spacing = [1, 1, 1]
boundary_z = "no_flux"
[model]
free_energy = "flory_huggins"
N_A = 20
N_B = 1
chi_A = 0.9
kappa = 1.0
mobility = "slow_mode"
M0 = 1
phi_arrest = 0.7
arrest_factor = 0.01
[initial]
kind = "uniform_noise"
c0 = 0.35
amplitude = 0.05
seed = 4
[time]
dt = 0.2
end = 1
stabilization = 1
)";

TEST_P(WetProcessSolver, UniformZProfilesReproduceUniformRunExactly) {
  const Config c = config_from(fh_solver);
  const std::vector<double> phi0 = make_initial_field(c);
  auto uniform = solver_for(c), profiled = solver_for(c);
  if (!uniform) GTEST_SKIP() << "backend not usable here";
  const PhysicsSetup s = physics_from_config(c);
  const int nz = c.grid.shape[2];
  ZProfiles p;
  p.chi.assign(nz, s.free_energy.flory_huggins.chi);
  p.temperature_factor.assign(nz, s.mobility.temperature_factor);
  p.phi_arrest.assign(nz, s.mobility.phi_arrest);
  profiled->set_z_profiles(p);
  uniform->set_state(phi0);
  profiled->set_state(phi0);
  for (int n = 0; n < 20; ++n) {
    uniform->step(0.2, n);
    profiled->step(0.2, n);
  }
  std::vector<double> a(phi0.size()), b(phi0.size());
  uniform->get_state(a);
  profiled->get_state(b);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << "voxel " << i;
  EXPECT_EQ(uniform->diagnostics().free_energy, profiled->diagnostics().free_energy);
}

TEST_P(WetProcessSolver, BathChangesMassExactlyByReportedExchange) {
  const Config c = config_from(fh_solver);
  auto solver = solver_for(c);
  if (!solver) GTEST_SKIP() << "backend not usable here";
  solver->set_state(make_initial_field(c));
  // A hot bottom half (lower chi, faster) and a solvent bath on both faces.
  const PhysicsSetup s = physics_from_config(c);
  const int nz = c.grid.shape[2];
  ZProfiles p;
  for (int k = 0; k < nz; ++k) {
    p.chi.push_back(k < nz / 2 ? 0.6 : s.free_energy.flory_huggins.chi);
    p.temperature_factor.push_back(k < nz / 2 ? 3.0 : 1.0);
    p.phi_arrest.push_back(k < nz / 2 ? 1.0 : 0.7);
  }
  solver->set_z_profiles(p);
  solver->set_bath({true, true, 0.02, 0.5});
  const double voxels = double(c.grid.voxels());
  double mass = solver->diagnostics().mass, reported = 0;
  for (int n = 0; n < 50; ++n) {
    solver->step(0.2, n);
    const BathExchange e = solver->last_bath_exchange();
    reported += (e.bottom + e.top) / voxels;
    EXPECT_LT(e.bottom, 0);  // phi > phi_bath at the faces: solvent enters
  }
  const double change = solver->diagnostics().mass - mass;
  EXPECT_LT(change, -1e-4);
  EXPECT_NEAR(change, reported, 1e-13 + 1e-12 * std::abs(reported));
}

// A bath of solvent has no polymer to give: where the faces are leaner than phi_bath (here
// phi_bath = 0.9 above every voxel of a 0.35 +- 0.05 field) it exchanges nothing and the mass
// is conserved as with no bath (MODEL.md §3: mass changes only by the surface flux).
TEST_P(WetProcessSolver, SolventBathNeverGivesPolymer) {
  const Config c = config_from(fh_solver);
  auto solver = solver_for(c);
  if (!solver) GTEST_SKIP() << "backend not usable here";
  solver->set_state(make_initial_field(c));
  solver->set_bath({true, true, 0.9, 5.0});
  const double mass = solver->diagnostics().mass;
  for (int n = 0; n < 20; ++n) {
    solver->step(0.2, n);
    const BathExchange e = solver->last_bath_exchange();
    EXPECT_EQ(e.bottom, 0.0);
    EXPECT_EQ(e.top, 0.0);
  }
  EXPECT_NEAR(solver->diagnostics().mass, mass, 1e-12);
}

PF_INSTANTIATE_BACKENDS(WetProcessSolver);

}  // namespace
}  // namespace pf::test

namespace pf::test {
namespace {

// The whole wet chain on a small x-z slab: quench, one-sided hot solvent, cool, frozen stretch,
// extract. Checks the bookkeeping rather than the claims (those are measured by the recipes,
// docs/wet_process.md): the change of mean phi equals the bath exchange in run.json, the pore
// mask is the extracted phase, the report has both faces' claim-4 layers, T(z) in run.json
// ends between the stage temperatures.
TEST(WetProcessRun, ChainRunsAndBooksTheBath) {
  const std::string text = R"(
[grid]
shape = [32, 1, 24]
boundary_z = "no_flux"
length_unit_um = 0.1
[model]
free_energy = "flory_huggins"
kappa = 1.0
mobility = "slow_mode"
M0 = 10
arrest_factor = 1e-4
arrest_width = 0.03
mobility_floor = 0.02
log_continuation = true
[material]
polymer_wt_percent = 20
thermal_diffusivity = 500
heat_transfer_coefficient = 0.2
[initial]
kind = "uniform_noise"
amplitude = 0.05
seed = 1
[time]
dt = 0.5
adaptive = true
max_change = 0.02
stabilization = 5
dt_max = 2
[output]
every = 1000
[analysis]
pore_below = 0.3
tortuosity = false
every = 100000
[deformation]
max_aspect_ratio = 1000
[[stage]]
kind = "quench"
T_start_C = 200
T_cool_C = 25
duration = 300
[[stage]]
kind = "hot_solvent"
T_hot_C = 128
sides = "bottom"
T_other_C = 25
duration = 100
[[stage]]
kind = "quench"
T_cool_C = 25
duration = 50
[[stage]]
kind = "stretch"
mode = "simultaneous_biaxial"
ratio_md = 4
ratio_td = 4
duration = 1
mobility_factor = 0
[[stage]]
kind = "extract"
threshold = 0.3
)";
  const Config c = config_from(text);
  const auto dir = temp_dir();
  RunOptions options;
  options.output_dir = dir.string();
  options.quiet = true;
  options.backend = BackendKind::cpu;
  run_simulation(c, options);
  std::ifstream in(dir / "run.json");
  const nlohmann::json run = nlohmann::json::parse(in);
  const double mass0 = run["wet_process"]["phi0"];
  const double bath = run["wet_process"]["bath_exchange_mean_phi"]["bottom"];
  EXPECT_EQ(double(run["wet_process"]["bath_exchange_mean_phi"]["top"]), 0.0);
  EXPECT_NE(bath, 0.0);
  // Mean phi of the initial field differs from phi0 by its noise: compare changes to the
  // energy.csv first row instead.
  std::ifstream energy(dir / "energy.csv");
  std::string header, first;
  std::getline(energy, header);
  std::getline(energy, first);
  const double m_start = std::stod(first.substr(first.rfind(',') + 1));
  const double m_end = run["result"]["mass"];
  EXPECT_NEAR(m_end - m_start, bath, 1e-12);
  EXPECT_NEAR(m_start, mass0, 0.01);
  for (double T : run["wet_process"]["final_temperature_C"]) {
    EXPECT_GE(T, 25.0 - 1e-9);
    EXPECT_LE(T, 128.0 + 1e-9);
  }
  std::ifstream rep(dir / "pore_report.json");
  const nlohmann::json report = nlohmann::json::parse(rep);
  EXPECT_EQ(report["source"]["dataset"], "pore");
  EXPECT_TRUE(report["surface_layers"]["bottom"].contains("ratio"));
  EXPECT_TRUE(report["surface_layers"]["top"].contains("ratio"));
  EXPECT_GT(double(report["porosity"]), 0.3);
  // Thickness after the areal 16x stretch: 24 * 0.1 um / 16.
  EXPECT_NEAR(double(report["thickness"]), 2.4 / 16, 1e-9);
}

// The gel's chi memory through the domain: a uniform field's free energy is sum f(phi; chi(T_chi))
// over the voxels, so the ratio of the energies with memory on and off is f(c; chi(T_chi)) /
// f(c; chi(T)), computed here from the Flory-Huggins formula directly. Cooled to 25 C and
// re-heated to 128 C (< T_m) the gel keeps chi(25 C); heated to 150 C (> T_m) it forgets, and
// cooled back to 128 C it has chi(128 C).
TEST(WetProcessDomain, GelChiMemoryFollowsTheThermalHistory) {
  const std::string text = R"(
[grid]
shape = [8, 1, 8]
boundary_z = "no_flux"
[model]
free_energy = "flory_huggins"
kappa = 1.0
mobility = "slow_mode"
log_continuation = true
[material]
polymer_wt_percent = 20
thermal_diffusivity = 50
initial_temperature_C = 200
[initial]
kind = "uniform_noise"
amplitude = 0
seed = 1
[time]
dt = 0.1
end = 1
)";
  const double c0 = 0.3;
  auto energy_after = [&](bool memory, const std::vector<double>& stage_T) {
    Config c = config_from(text);
    c.material.gel_chi_memory = memory;
    DeformingDomain domain = make_domain(c, BackendKind::cpu);
    domain.enable_wet_process(wet_process_parameters(c.material));
    domain.solver().set_state(std::vector<double>(c.grid.voxels(), c0));
    for (double T : stage_T) {
      domain.set_face_temperatures({T, T, {}});
      for (int n = 0; n < 400; ++n) {  // alpha t / L^2 = 50 * 40 / 64: the slab reaches T
        domain.prepare_step(0.1);
        domain.commit_step();
      }
    }
    domain.apply_temperature();
    return domain.solver().diagnostics().free_energy;
  };
  const WetProcessParameters w = wet_process_parameters(config_from(text).material);
  auto f = [&](double T) {
    const double N = w.N, chi = w.chi(T);
    return c0 / N * std::log(c0) + (1 - c0) * std::log(1 - c0) + chi * c0 * (1 - c0);
  };
  EXPECT_NEAR(energy_after(true, {25, 128}) / energy_after(false, {25, 128}), f(25) / f(128), 1e-9);
  EXPECT_NEAR(energy_after(true, {25, 150}) / energy_after(false, {25, 150}), 1.0, 1e-12);
  EXPECT_NEAR(energy_after(true, {25, 150, 128}) / energy_after(false, {25, 150, 128}), 1.0, 1e-12);
}

}  // namespace
}  // namespace pf::test
