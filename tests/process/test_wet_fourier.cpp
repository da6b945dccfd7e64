// A wet stage's `fourier_number` (docs/wet_process.md §4.1): the stage runs its heat conduction
// with alpha = Fo d^2 / duration, so at its end T(z) is the slab's Fourier series at that Fo,
// whatever [material] thermal_diffusivity says; the next stage without the key has the
// material's alpha again. Reference: the series for a slab with both faces held at Ts,
//   T = Ts + (T0 - Ts) sum_{n odd} 4/(n pi) sin(n pi z / d) exp(-(n pi)^2 Fo).
#include <cmath>
#include <fstream>
#include <numbers>
#include <string>

#include <nlohmann/json.hpp>

#include "io/config.hpp"
#include "solver/process/stage_registry.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

double series(double z_over_d, double fourier, double T0, double Ts) {
  double sum = 0;
  for (int n = 1; n < 2001; n += 2)
    sum += 4.0 / (n * std::numbers::pi) * std::sin(n * std::numbers::pi * z_over_d) *
           std::exp(-std::pow(n * std::numbers::pi, 2) * fourier);
  return Ts + (T0 - Ts) * sum;
}

// A uniform film (no structure, no noise): only T(z) moves. 64 z nodes, 25 C throughout, both
// faces at 128 C for 20 time units with Fo = 0.05 (alpha = 10.24 instead of the material's 500),
// then, if `then_quench`, 20 more units with the faces at 128 C and no fourier_number.
nlohmann::json final_temperature(bool then_quench) {
  std::string text = R"(
[grid]
shape = [4, 1, 64]
boundary_z = "no_flux"
[model]
free_energy = "flory_huggins"
kappa = 1.0
mobility = "slow_mode"
log_continuation = true
[material]
polymer_wt_percent = 20
thermal_diffusivity = 500
initial_temperature_C = 25
[initial]
kind = "uniform_noise"
amplitude = 0
seed = 1
[time]
dt = 0.01
[output]
every = 100000
[[stage]]
kind = "hot_solvent"
T_hot_C = 128
sides = "both"
bath_rate = 0
duration = 20
fourier_number = 0.05
)";
  if (then_quench) text += "[[stage]]\nkind = \"quench\"\nT_cool_C = 128\nheat_transfer_coefficient = 0\nduration = 20\n";
  const auto dir = temp_dir(then_quench ? "fo-quench" : "fo");
  RunOptions options;
  options.output_dir = dir.string();
  options.quiet = true;
  options.backend = BackendKind::cpu;
  run_simulation(config_from(text), options);
  std::ifstream in(dir / "run.json");
  return nlohmann::json::parse(in)["wet_process"]["final_temperature_C"];
}

TEST(WetProcessFourier, StageFourierNumberGivesTheSeriesAtThatFo) {
  // Backward Euler at r = alpha dt / h^2 = 0.1 (2000 steps): the error stays below 1e-3 of the jump.
  const nlohmann::json T = final_temperature(false);
  ASSERT_EQ(T.size(), 64u);
  double worst = 0;
  for (std::size_t k = 0; k < T.size(); ++k)
    worst = std::max(worst, std::abs(double(T[k]) - series((k + 0.5) / 64.0, 0.05, 25, 128)));
  EXPECT_LT(worst / (128 - 25), 1e-3);
  // The middle lags: at Fo = 0.05 it has risen by about a fifth of the jump (with the material's
  // alpha = 500, Fo would be 2.4 and the middle at T_hot).
  EXPECT_LT(double(T[32]), 25 + 0.3 * 103);
}

TEST(WetProcessFourier, NextStageHasTheMaterialDiffusivityAgain) {
  // With alpha = 500 the second stage is at Fo = 2.4: the slab is at 128 C to exp(-pi^2 2.4) ~ 1e-10.
  // Had alpha stayed at 10.24, the middle would sit near 80 C (Fo = 0.1).
  for (double T : final_temperature(true)) EXPECT_NEAR(T, 128.0, 1e-6);
}

// The two-sided recipes give the cool-down after the dip the dip's alpha (one time mapping for the
// treatment, docs/wet_process.md §4.1): Fo / duration is the same for both stages (same thickness).
TEST(WetProcessFourier, TwoSidedRecipesCoolWithTheDipsDiffusivity) {
  for (const char* recipe : {"wet_hot_solvent_both_sides.toml", "wet_hot_solvent_both_sides_hires.toml"}) {
    const auto stages = make_stages(parse_config_file(std::string(PF_SOURCE_DIR) + "/configs/" + recipe));
    std::size_t hot = 0;
    while (hot < stages.size() && stages[hot]->kind() != "hot_solvent") ++hot;
    ASSERT_LT(hot + 1, stages.size()) << recipe;
    const nlohmann::json dip = stages[hot]->parameters(), cool = stages[hot + 1]->parameters();
    ASSERT_EQ(stages[hot + 1]->kind(), "quench") << recipe;
    ASSERT_TRUE(dip.contains("fourier_number") && cool.contains("fourier_number")) << recipe;
    EXPECT_NEAR(double(cool["fourier_number"]) / double(cool["duration"]) /
                    (double(dip["fourier_number"]) / double(dip["duration"])),
                1.0, 1e-9)
        << recipe;
  }
}

}  // namespace
}  // namespace pf::test
