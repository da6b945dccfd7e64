// Checkpoint and restart: a run continued from a checkpoint taken at an arbitrary step (not a
// multiple of [output] every) ends bit for bit where the straight run ends (final.h5 phi bytes,
// the whole energy.csv), in double and float, with noise, and across a stretch that remeshes.
// The reference is the same config run straight through, in-process.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <numeric>
#include <sstream>

#include "io/hdf5_file.hpp"
#include "solver/core/errors.hpp"
#include "solver/run/checkpoint.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

// Variable mobility with noise: the 9-FFT path whose noise is keyed by (seed, step, voxel).
std::string noisy_config(const char* precision, const std::string& extra = "") {
  return fmt::format(R"(
[grid]
shape = [16, 12, 8]
[model]
free_energy = "flory_huggins"
N_A = 20.0
chi_A = 0.9
kappa = 1.0
mobility = "slow_mode"
m_A = 0.2
[initial]
kind = "uniform_noise"
c0 = 0.3
amplitude = 0.05
seed = 3
[time]
dt = 0.1
end = 3.0
stabilization = 1.0
precision = "{}"
[noise]
sigma = 1e-3
seed = 4
[output]
every = 10
checkpoint_every = 7
checkpoint_keep = 100
{}
)",
                     precision, extra);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string last_line(const std::string& text) {
  std::stringstream s(text);
  std::string line, last;
  while (std::getline(s, line))
    if (!line.empty()) last = line;
  return last;
}

RunSummary run(const Config& c, const fs::path& dir, std::optional<fs::path> restart = std::nullopt,
               BackendKind backend = BackendKind::cpu) {
  RunOptions o;
  o.output_dir = dir.string();
  o.backend = backend;
  o.quiet = true;
  if (restart) o.restart = restart->string();
  return run_simulation(c, o);
}

// final.h5's phi bytes (float runs store float32: equal doubles read back mean equal floats).
std::vector<double> final_phi(const fs::path& dir) {
  return Hdf5File::open_read((dir / "final.h5").string()).read_field("phi").values;
}

void expect_same_run(const fs::path& straight, const fs::path& restarted) {
  const std::vector<double> a = final_phi(straight), b = final_phi(restarted);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << "max diff " << max_abs_diff(a, b);
  const std::string ea = read_text(straight / "energy.csv"), eb = read_text(restarted / "energy.csv");
  EXPECT_EQ(last_line(ea), last_line(eb));
  EXPECT_EQ(ea, eb);  // rows past the checkpoint were dropped, then written again identically
  const auto frames = [](const fs::path& d) {
    std::vector<std::string> names;
    for (const DatasetSummary& s : Hdf5File::open_read((d / "fields.h5").string()).list_datasets()) names.push_back(s.name);
    return names;
  };
  EXPECT_EQ(frames(straight), frames(restarted));
  const std::string xa = read_text(straight / "fields.xdmf"), xb = read_text(restarted / "fields.xdmf");
  EXPECT_EQ(xa, xb);
}

class CheckpointRestart : public testing::TestWithParam<const char*> {};

TEST_P(CheckpointRestart, RestartFromAnArbitraryStepIsBitwiseTheStraightRun) {
  const Config c = config_from(noisy_config(GetParam()));
  const fs::path straight = temp_dir("_straight"), split = temp_dir("_split");
  const RunSummary a = run(c, straight);
  EXPECT_EQ(a.steps, 30);
  run(c, split);
  // The checkpoint at step 14 (not a multiple of every = 10), as a run killed after step 14 left
  // it: the outputs past it (rows 20, 30, frames 20, 30, final.h5, run.json) are there too.
  const fs::path ck = checkpoint_path(split, 14);
  ASSERT_TRUE(fs::exists(ck));
  const Checkpoint k = read_checkpoint(ck);
  EXPECT_EQ(k.position.totals.steps, 14);
  EXPECT_EQ(k.element_bytes, std::string(GetParam()) == "float" ? 4u : 8u);
  EXPECT_EQ(k.phi.size(), std::size_t(16 * 12 * 8) * k.element_bytes);
  fs::remove(split / "final.h5");
  fs::remove(split / "run.json");
  const RunSummary b = run(c, split, ck);
  EXPECT_EQ(b.steps, 30);
  EXPECT_EQ(b.free_energy, a.free_energy);
  expect_same_run(straight, split);
}

INSTANTIATE_TEST_SUITE_P(Precisions, CheckpointRestart, testing::Values("double", "float"),
                         [](const auto& info) { return std::string(info.param); });

// The same split on every backend compiled in (CUDA where a device is usable): the raw
// float/double state crosses Solver::get_state_raw/set_state_raw of that backend.
class CheckpointRestartBackend : public BackendTest {};

TEST_P(CheckpointRestartBackend, SplitRunIsBitwiseInBothPrecisions) {
  for (const char* precision : {"float", "double"}) {
    SCOPED_TRACE(precision);
    const Config c = config_from(noisy_config(precision));
    const fs::path straight = temp_dir(std::string("_straight_") + precision), split = temp_dir(std::string("_split_") + precision);
    run(c, straight, std::nullopt, GetParam());
    run(c, split, std::nullopt, GetParam());
    fs::remove(split / "final.h5");
    run(c, split, checkpoint_path(split, 21), GetParam());
    expect_same_run(straight, split);
  }
}

PF_INSTANTIATE_BACKENDS(CheckpointRestartBackend);

// A hold, a uniaxial stretch that remeshes (lambda 2.5 > max_aspect_ratio 2), a hold: restarts
// from before the stretch, in it just before the remesh, and after the remesh, each with [output]
// changed (allowed), end where the straight run ends.
TEST(CheckpointRestart, ThroughAStretchThatRemeshes) {
  const std::string stages = R"(
[[stage]]
kind = "hold"
duration = 1.0
[[stage]]
kind = "stretch"
mode = "uniaxial"
ratio_md = 2.5
duration = 1.0
[[stage]]
kind = "hold"
duration = 0.5
)";
  std::string text = noisy_config("double", "");
  text.replace(text.find("end = 3.0\n"), 10, "");
  const Config c = config_from(text + stages);
  const fs::path straight = temp_dir("_straight");
  run(c, straight);
  const nlohmann::json record = nlohmann::json::parse(read_text(straight / "run.json"));
  ASSERT_FALSE(record["remeshes"].empty());
  const long long remesh_step = record["remeshes"][0]["step"];
  EXPECT_GE(remesh_step, 14);  // checkpoint 14 is the boundary just before it
  EXPECT_LT(remesh_step, 21);
  for (long long at : {7, 14, 21}) {
    const fs::path split = temp_dir(fmt::format("_from_{}", at));
    run(c, split);
    fs::remove(split / "final.h5");
    const Config changed_output = config_from(text + "checkpoint_minutes = 60\n" + stages);
    run(changed_output, split, checkpoint_path(split, at));
    SCOPED_TRACE(at);
    expect_same_run(straight, split);
    const nlohmann::json again = nlohmann::json::parse(read_text(split / "run.json"));
    EXPECT_EQ(again["remeshes"], record["remeshes"]);
    EXPECT_EQ(again["stages"], record["stages"]);
    EXPECT_EQ(again["final_grid"], record["final_grid"]);
  }
}

// Adaptive steps: the checkpoint carries the controller's next dt, so the restarted run takes
// the same steps (timesteps.csv identical) and ends on the same bits.
TEST(CheckpointRestart, AdaptiveRunContinuesWithTheSameSteps) {
  std::string text = noisy_config("double");
  text.replace(text.find("stabilization = 1.0"), 19, "stabilization = 1.0\nadaptive = true\nmax_change = 0.1");
  text.replace(text.find("checkpoint_every = 7"), 20, "checkpoint_every = 3");
  const Config c = config_from(text);
  const fs::path straight = temp_dir("_straight"), split = temp_dir("_split");
  const RunSummary a = run(c, straight);
  run(c, split);
  const std::vector<fs::path> list = list_checkpoints(split);
  ASSERT_GE(list.size(), 2u);
  const Checkpoint k = read_checkpoint(list[list.size() / 2]);
  EXPECT_NE(k.position.dt, 0.1);  // the controller has changed dt
  fs::remove(split / "final.h5");
  const RunSummary b = run(c, split, list[list.size() / 2]);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(read_text(straight / "timesteps.csv"), read_text(split / "timesteps.csv"));
  expect_same_run(straight, split);
}

// checkpoint_minutes: a wall-time interval (here tiny, so every step boundary qualifies).
TEST(CheckpointRestart, WallTimeIntervalWritesCheckpointsToo) {
  std::string text = noisy_config("double", "checkpoint_minutes = 1e-9");
  text.replace(text.find("checkpoint_every = 7"), 20, "checkpoint_every = 1000");
  text.replace(text.find("checkpoint_keep = 100"), 21, "checkpoint_keep = 3");
  const fs::path dir = temp_dir();
  run(config_from(text), dir);
  const std::vector<fs::path> list = list_checkpoints(dir);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].filename(), "checkpoint_000000000027.h5");
  EXPECT_EQ(list[2].filename(), "checkpoint_000000000029.h5");
}

TEST(CheckpointRestart, RefusesAnotherConfigOrPrecision) {
  const Config c = config_from(noisy_config("double"));
  const fs::path dir = temp_dir();
  run(c, dir);
  const fs::path ck = checkpoint_path(dir, 14);
  std::string other = noisy_config("double");
  other.replace(other.find("kappa = 1.0"), 11, "kappa = 1.5");
  try {
    run(config_from(other), dir, ck);
    FAIL() << "a checkpoint of another config was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("another config"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run(config_from(noisy_config("float")), dir, ck), InputError);
}

// A killed writer leaves at most a .tmp file (the rename is atomic): discovery ignores it and the
// newest complete checkpoint stays readable; retention keeps the newest `keep`, never the one
// just written.
TEST(CheckpointRestart, TornWritesAreIgnoredAndRetentionKeepsTheNewest) {
  std::string text = noisy_config("double");
  text.replace(text.find("checkpoint_keep = 100"), 21, "checkpoint_keep = 2");
  const Config c = config_from(text);
  const fs::path dir = temp_dir();
  run(c, dir);
  std::vector<fs::path> list = list_checkpoints(dir);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].filename(), "checkpoint_000000000021.h5");
  EXPECT_EQ(list[1].filename(), "checkpoint_000000000028.h5");

  // A truncated copy under the writer's .tmp name, and a stray half-written one.
  {
    const std::string bytes = read_text(list[1]);
    std::ofstream(dir / "checkpoint_000000000035.h5.tmp", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::ofstream(dir / "checkpoint_000000000042.h5.tmp", std::ios::binary) << "garbage";
  }
  list = list_checkpoints(dir);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.back().filename(), "checkpoint_000000000028.h5");
  EXPECT_EQ(read_checkpoint(list.back()).position.totals.steps, 28);
  // The truncated file itself is refused with a clear error, not read as garbage.
  EXPECT_THROW(read_checkpoint(dir / "checkpoint_000000000035.h5.tmp"), InputError);
  // Files that are not checkpoints: a run's final.h5 (no metadata), and the fuzzer's file on
  // which libhdf5 itself crashes when its dataset is read (refused by name, in the child).
  const auto error_of = [](const fs::path& p) -> std::string {
    try {
      read_checkpoint(p);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no InputError";
  };
  EXPECT_NE(error_of(dir / "final.h5").find("final.h5: not a porefield checkpoint"), std::string::npos);
  const fs::path crasher =
      fs::path(PF_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "hdf5_regressions" / "libhdf5_segv_in_accum_read.h5";
  EXPECT_EQ(error_of(crasher).rfind(crasher.string() + ": ", 0), 0u) << error_of(crasher);
  // Restart from the newest complete one still finishes the run.
  fs::remove(dir / "final.h5");
  EXPECT_EQ(run(c, dir, list.back()).steps, 30);

  // keep = 1 with a stale, higher-numbered checkpoint in the directory: the one just written
  // survives its own retention pass.
  const fs::path dir1 = temp_dir("_keep1");
  fs::copy_file(list.back(), dir1 / "checkpoint_000000099999.h5");
  const fs::path written = write_checkpoint(dir1, read_checkpoint(list.back()), 1);
  EXPECT_EQ(written.filename(), "checkpoint_000000000028.h5");
  EXPECT_TRUE(fs::exists(written));
  EXPECT_EQ(read_checkpoint(written).position.totals.steps, 28);

  // --force starts a fresh run: the earlier run's checkpoints go with its other files.
  RunOptions o;
  o.output_dir = dir1.string();
  o.backend = BackendKind::cpu;
  o.quiet = true;
  o.overwrite = true;
  run_simulation(c, o);
  list = list_checkpoints(dir1);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.back().filename(), "checkpoint_000000000028.h5");
  EXPECT_FALSE(fs::exists(dir1 / "checkpoint_000000099999.h5"));
}

// The state the process stages keep besides the field: the wet process's T(z) and the gel's chi
// memory (the coldest T each plane has seen), the faces and the bath (a quench that
// starts from T_start_C must not reset it on resume), the faces and the bath, the extraction
// threshold (the hot solvent after extraction re-extracts at its end), the bath's running
// totals in run.json; restarts from inside each stage end on the straight run's bits.
TEST(CheckpointRestart, WetProcessChainFromInsideEachStage) {
  const Config c = config_from(R"(
[grid]
shape = [24, 1, 24]
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
delta = 1e-6
log_continuation = true
[material]
polymer_wt_percent = 20
melting_point_C = 135
crystal_dispersion_C = 90
chi_A = -0.2
chi_B_K = 340
thermal_diffusivity = 500
heat_transfer_coefficient = 0.1
initial_temperature_C = 200
gel_chi_memory = true
[initial]
kind = "uniform_noise"
amplitude = 0.05
seed = 1
[noise]
sigma = 1e-5
seed = 1
[time]
dt = 0.5
stabilization = 5
precision = "double"
[output]
every = 10
checkpoint_every = 6
checkpoint_keep = 100
[[stage]]
kind = "quench"
T_start_C = 200
T_cool_C = 25
duration = 10
[[stage]]
kind = "extract"
threshold = 0.3
[[stage]]
kind = "hot_solvent"
T_hot_C = 128
sides = "bottom"
T_other_C = 25
duration = 10
[[stage]]
kind = "quench"
T_cool_C = 25
duration = 5
)");
  const fs::path straight = temp_dir("_straight");
  run(c, straight);
  const nlohmann::json record = nlohmann::json::parse(read_text(straight / "run.json"));
  const auto pore = [](const fs::path& d) { return Hdf5File::open_read((d / "final.h5").string()).read_field("pore").values; };
  // Steps 1-20 quench, 21-40 hot solvent, 41-50 quench again.
  for (long long at : {6, 30, 42}) {
    const fs::path split = temp_dir(fmt::format("_from_{}", at));
    run(c, split);
    for (const char* f : {"final.h5", "run.json", "surface_flux.csv"}) fs::remove(split / f);
    const Checkpoint k = read_checkpoint(checkpoint_path(split, at));
    EXPECT_EQ(k.domain.temperature.size(), 24u);
    EXPECT_EQ(k.domain.chi_temperature.size(), 24u);
    EXPECT_EQ(k.domain.extraction_threshold.has_value(), at > 20) << at;
    run(c, split, checkpoint_path(split, at));
    SCOPED_TRACE(at);
    expect_same_run(straight, split);
    EXPECT_EQ(pore(straight), pore(split));
    const nlohmann::json again = nlohmann::json::parse(read_text(split / "run.json"));
    EXPECT_EQ(again["wet_process"]["bath_exchange_mean_phi"], record["wet_process"]["bath_exchange_mean_phi"]);
    EXPECT_NE(record["wet_process"]["bath_exchange_mean_phi"]["bottom"], 0.0);
  }
}

// Cavitation: the stage's step counter (evaluate_every) and the elasticity solver's warm start
// are stage state; a restart inside the stage, between two evaluations, gives the same pores.
TEST(CheckpointRestart, CavitationFromInsideTheStage) {
  std::string text = noisy_config("double");
  text.replace(text.find("end = 3.0\n"), 10, "");
  const Config c = config_from(text + R"(
[[stage]]
kind = "hold"
duration = 1.0
[[stage]]
kind = "cavitate"
mode = "uniaxial"
ratio_md = 1.6
duration = 2.0
mobility_factor = 0.0
copolymer_below = 0.3
critical_strain = 0.3
evaluate_every = 4
tolerance = 1e-3
)");
  const fs::path straight = temp_dir("_straight");
  run(c, straight);
  const auto pore = [](const fs::path& d) { return Hdf5File::open_read((d / "final.h5").string()).read_field("pore").values; };
  const std::vector<double> pores = pore(straight);
  const double porosity = std::accumulate(pores.begin(), pores.end(), 0.0) / double(pores.size());
  EXPECT_GT(porosity, 0.01);  // the criterion opened pores, so the comparison means something
  EXPECT_LT(porosity, 0.9);
  // Steps 1-10 hold, 11-30 cavitate (evaluated at its steps 4, 8, ...): 21 is its step 11.
  const fs::path split = temp_dir("_split");
  run(c, split);
  fs::remove(split / "final.h5");
  const Checkpoint k = read_checkpoint(checkpoint_path(split, 21));
  EXPECT_EQ(k.position.stage_state.at("steps"), std::vector<double>{11});
  EXPECT_EQ(k.position.stage_state.count("warm_strain_0"), 1u);
  run(c, split, checkpoint_path(split, 21));
  expect_same_run(straight, split);
  EXPECT_EQ(pore(split), pores);
  // The final mask is decided mostly by the last evaluation; the checkpoint at step 28, between
  // evaluations, shows the schedule and the warm-started strain field themselves.
  const Checkpoint a = read_checkpoint(checkpoint_path(straight, 28)), b = read_checkpoint(checkpoint_path(split, 28));
  EXPECT_EQ(a.position.stage_state, b.position.stage_state);
  EXPECT_EQ(a.pore_mask, b.pore_mask);
}

}  // namespace
}  // namespace pf::test
