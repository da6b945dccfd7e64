// Seed 000's claimed pore-size gradient (claims 1, 3, 4) from the shipped wet recipes, run on an
// x-z slab (128 x 1 x 64, the geometry of scripts/wet_sweep.sh): about 8 s for each run
// on one core (deterministic step measure, as the recipes ship). The margins come from the seed scatter
// measured with that script (docs/wet_process.md §4.1), not from this seed's output:
//   - the baseline's faces put a/b in [lo, hi] over seeds 1-3 (both faces), so a treated face
//     counts as coarser only above hi plus the range's half-width, and a baseline face counts
//     as flat within [lo, hi] widened by that half-width;
//   - the baseline's ratio of mean pore size, bottom half over top half, lies in [lo, hi] over
//     seeds 1-3: a one-sided run counts as graded only above hi plus that range's half-width.
// Labelled "long" (tests/CMakeLists.txt): the sanitizer pass leaves these out.
#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/config.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

// Baseline seed scatter on the slabs, with the recipes' deterministic step measure
// (docs/wet_process.md §4.1, "Temperature and time over seeds"; `MEASURE=deterministic
// scripts/wet_sweep.sh`'s baseline_s1-3).
constexpr double face_lo = 0.887, face_hi = 1.078;        // a/b, both faces, seeds 1-3
constexpr double halves_lo = 0.780, halves_hi = 0.996;    // bottom-half / top-half pore size
constexpr double outer_lo = 0.140, outer_hi = 0.191;      // um, outermost eighth, both faces, seeds 1-3
constexpr std::array<int, 3> kSlab{128, 1, 64};
// Seed 4 lies outside the seeds 1-3 whose scatter sets the margins: an out-of-sample check.
constexpr std::uint64_t kSeed = 4;

// A recipe on an x-z slab with the given seed, on the CPU; its pore report.
nlohmann::json run_config_slab(Config c, const std::string& name, std::array<int, 3> shape_xyz, std::uint64_t seed) {
  c.grid.shape = shape_xyz;
  c.initial.seed = seed;
  c.noise.seed = seed;
  c.analysis.tortuosity = false;
  const auto dir = temp_dir(name);
  RunOptions options;
  options.output_dir = dir.string();
  options.quiet = true;
  options.backend = BackendKind::cpu;
  run_simulation(c, options);
  std::ifstream in(dir / "pore_report.json");
  return nlohmann::json::parse(in);
}

nlohmann::json run_recipe_slab(const std::string& recipe, std::array<int, 3> shape_xyz, std::uint64_t seed) {
  return run_config_slab(parse_config_file(std::string(PF_SOURCE_DIR) + "/configs/" + recipe), recipe, shape_xyz, seed);
}

// The one-sided recipe with its hot_solvent stage at T_hot (C) for `duration`, as
// scripts/wet_sweep.sh writes it (the stage's first T_hot_C and duration lines replaced).
Config one_sided_recipe_with(double T_hot, double duration) {
  const std::string path = std::string(PF_SOURCE_DIR) + "/configs/wet_hot_solvent_one_side.toml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  const auto hot = toml.find("kind = \"hot_solvent\"");
  EXPECT_NE(hot, std::string::npos);
  std::string stage = toml.substr(hot);
  stage = std::regex_replace(stage, std::regex("\nT_hot_C = [^\n]*"), "\nT_hot_C = " + std::to_string(T_hot),
                             std::regex_constants::format_first_only);
  stage = std::regex_replace(stage, std::regex("\nduration = [^\n]*"), "\nduration = " + std::to_string(duration),
                             std::regex_constants::format_first_only);
  return parse_config_text(toml.substr(0, hot) + stage, path);
}

// Mean local-thickness pore size of slices [a, b), weighted by their porosity.
double band_mean(const nlohmann::json& report, std::size_t a, std::size_t b) {
  double sum = 0, weight = 0;
  for (std::size_t k = a; k < b; ++k) {
    if (report["pore_size_profile"][k].is_null()) continue;
    const double eps = report["porosity_profile"][k];
    sum += eps * double(report["pore_size_profile"][k]);
    weight += eps;
  }
  return weight > 0 ? sum / weight : 0;
}

// The gradient through the film: mean pore size of the bottom (treated) half over the top half.
double half_ratio(const nlohmann::json& report) {
  const std::size_t n = report["pore_size_profile"].size();
  return band_mean(report, 0, n / 2) / band_mean(report, n / 2, n);
}

TEST(WetProcessClaims, OneSidedHotSolventGivesLargerPoresAtTheTreatedFace) {
  const nlohmann::json r = run_recipe_slab("wet_hot_solvent_one_side.toml", kSlab, kSeed);
  const double treated = r["surface_layers"]["bottom"]["ratio"];
  // Claim 4 at the treated face (b < a), beyond the baseline's scatter.
  EXPECT_GT(treated, face_hi + 0.5 * (face_hi - face_lo));
  // Claim 1: pores decrease from the treated face inward: the treated half is coarser than the
  // untreated half by more than the baseline's scatter of that ratio.
  const std::size_t n = r["pore_size_profile"].size();
  EXPECT_GT(half_ratio(r), halves_hi + 0.5 * (halves_hi - halves_lo));
  // Claim 3: the through-holes taper from the treated side.
  for (const auto& hole : r["through_holes"]["items"]) EXPECT_EQ(hole["shape"], "tapered");
  // The untreated face keeps the pore size of an untreated film: its outermost eighth lies in the
  // baseline's scatter of that band (either face). Its a/b is not the measure: b averages the
  // rest of the film, coarsened treated side included, so a profile falling toward this face puts
  // a/b below 1 by construction (docs/wet_process.md §4.1 "The untreated face").
  const double untreated_face = band_mean(r, n - n / 8, n), outer_w = 0.5 * (outer_hi - outer_lo);
  EXPECT_GT(untreated_face, outer_lo - outer_w);
  EXPECT_LT(untreated_face, outer_hi + outer_w);
}

TEST(WetProcessClaims, BaselineHasNoGradientBeyondSeedScatter) {
  const nlohmann::json r = run_recipe_slab("wet_baseline.toml", kSlab, kSeed);
  const double face_w = 0.5 * (face_hi - face_lo), halves_w = 0.5 * (halves_hi - halves_lo);
  for (const char* face : {"bottom", "top"}) {
    const double ratio = r["surface_layers"][face]["ratio"];
    EXPECT_GT(ratio, face_lo - face_w) << face;
    EXPECT_LT(ratio, face_hi + face_w) << face;
  }
  const double halves = half_ratio(r);
  EXPECT_GT(halves, halves_lo - halves_w);
  EXPECT_LT(halves, halves_hi + halves_w);
}

// Issue 7: the gradient grows with the hot solvent's temperature and time. The gradient is the
// half ratio above (treated half over untreated half) of the one-sided recipe, averaged over
// seeds 5-8. Seeds 1-4 (`SWEEP_SEEDS="1 2 3 4" scripts/wet_sweep.sh`, docs/wet_process.md §4.1
// "Temperature and time over seeds") were looked at to choose the design and are left out. An
// increase counts only beyond the half-width of the baseline's seed scatter of the half ratio
// (that is the scatter of one run; a mean of four scatters about half as much).
constexpr std::array<std::uint64_t, 4> kGrowthSeeds{5, 6, 7, 8};

double mean_half_ratio(double T_hot, double duration) {
  double sum = 0;
  for (const std::uint64_t seed : kGrowthSeeds) {
    const nlohmann::json r = run_config_slab(one_sided_recipe_with(T_hot, duration), "wet_growth", kSlab, seed);
    const double ratio = half_ratio(r);
    std::cout << "T_hot " << T_hot << " C, duration " << duration << ", seed " << seed << ": half ratio " << ratio << std::endl;
    sum += ratio;
  }
  return sum / double(kGrowthSeeds.size());
}

// From the crystal dispersion temperature (90 C, where the arrest starts to lift; claim 13's
// lowest) to the melting point (135 C; above it the treated face re-mixes and closes), 3000 time
// units each: 8 runs of about 8 s on one core.
TEST(WetProcessClaims, GradientGrowsWithHotSolventTemperature) {
  const double cool = mean_half_ratio(90, 3000), hot = mean_half_ratio(135, 3000);
  EXPECT_GT(hot - cool, 0.5 * (halves_hi - halves_lo)) << "90 C " << cool << ", 135 C " << hot;
}

// At the recipe's 128 C, a sixth of its time (500) against all of it (3000): 8 runs, 3-8 s each.
TEST(WetProcessClaims, GradientGrowsWithHotSolventTime) {
  const double brief = mean_half_ratio(128, 500), full = mean_half_ratio(128, 3000);
  EXPECT_GT(full - brief, 0.5 * (halves_hi - halves_lo)) << "500: " << brief << ", 3000: " << full;
}

// Two-sided hot solvent (claim 14) at the _hires recipe's thickness: an x-z slab 32 x 1 x 512 of
// configs/wet_hot_solvent_both_sides_hires.toml (30-90 s on one core). The rule comes from the
// baseline's seed scatter on the same slabs, seeds 1-8 (scripts/wet_hires_slab_sweep.sh,
// docs/wet_process.md §4.1 "Two sides at 512 nodes"): the finer face of a baseline run has a/b in
// [0.71, 1.13], so a treated face counts as coarser only above 1.13 plus that range's half-width.
// Seed 9 is outside the seeds that set the margin.
// Holds for the recipe as shipped (stabilization 5, below the scheme's bound 5.66, dt_max 2); at
// 8 and dt_max 0.5 the baseline's faces coarsen too and this face rule fails (docs/wet_process.md §6).
constexpr double hires_finer_face_hi = 1.13, hires_finer_face_lo = 0.71;

TEST(WetProcessClaims, TwoSidedHotSolventGivesCoarseFacesAndAFineMiddle) {
  const nlohmann::json r = run_recipe_slab("wet_hot_solvent_both_sides_hires.toml", {32, 1, 512}, 9);

  // Claim 4 at both treated faces (b < a), beyond the baseline's scatter.
  const double margin = hires_finer_face_hi + 0.5 * (hires_finer_face_hi - hires_finer_face_lo);
  for (const char* face : {"bottom", "top"}) EXPECT_GT(double(r["surface_layers"][face]["ratio"]), margin) << face;
  // The smallest pores lie inside: the finest of 8 depth bands is one of the middle four.
  const std::size_t n = r["pore_size_profile"].size();
  std::vector<double> bands;
  for (std::size_t k = 0; k < 8; ++k) bands.push_back(band_mean(r, k * n / 8, (k + 1) * n / 8));
  const auto finest = std::size_t(std::min_element(bands.begin(), bands.end()) - bands.begin());
  EXPECT_GE(finest, 2u);
  EXPECT_LE(finest, 5u);
  // Claim 2/3: the through-holes narrow toward the middle.
  for (const auto& hole : r["through_holes"]["items"]) EXPECT_EQ(hole["shape"], "hourglass");
}

}  // namespace
}  // namespace pf::test
