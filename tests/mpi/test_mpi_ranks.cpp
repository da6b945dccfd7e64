// Rank-count independence of the MPI build (label `mpi`): the real porefield binary under
// mpirun on 1, 2, 3 and 4 ranks (more ranks than cores: oversubscribed), outputs compared file
// by file with the 1-rank run, which uses the serial FFTW path (no FFTW-MPI, no exchange).
//
// Tolerances. Ranks change only the order of floating-point operations: FFTW-MPI does the same
// transforms as serial FFTW with transposes in between, and reductions add the same terms in
// another order. An FFT's rounding error is O(eps log2 N) relative (Higham, "Accuracy and
// Stability of Numerical Algorithms", 2nd ed., §24.1); the semi-implicit step does not amplify
// stable modes, so over S steps a field differs by at most about eps log2(N) S, given a factor
// 10 of margin for the unstable (coarsening) modes: 1.2e-12 for double, 7e-4 for float over 40
// steps on 32 x 32 x 32. Energies and masses are sums of N terms in double: relative eps N
// = 3.6e-12, plus the field difference. (In practice the fields come out bitwise equal.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "cli/cli_support.hpp"
#include "io/hdf5_file.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path tmp_root = fs::path(PF_TEST_TMP_DIR) / "mpi";
const fs::path config_dir = fs::path(PF_SOURCE_DIR) / "tests" / "mpi";

using Result = pf::test::CommandResult;

// One OpenMP thread per rank (ranks already oversubscribe the cores); CI containers run as
// root, which OpenMPI refuses without these two variables. `env`: more VAR=value settings.
Result mpirun(int ranks, const std::string& args, const std::string& env = "") {
  const std::string command = env + " OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 " +
                              std::string(PF_MPIEXEC) + " " + PF_MPIEXEC_FLAGS + " -np " + std::to_string(ranks) + " " +
                              PF_BINARY + " " + args + " 2>&1";
  return pf::test::run_shell(command);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The run with `ranks` ranks of `config` in tmp_root/name/r<ranks>; asserts it finished.
fs::path run_on(int ranks, const fs::path& config, const std::string& name, const std::string& env = "") {
  const fs::path dir = tmp_root / name / ("r" + std::to_string(ranks));
  fs::remove_all(dir);
  const Result r = mpirun(ranks, "run " + config.string() + " --quiet --output " + dir.string(), env);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // The run really was spread over `ranks` ranks (not `ranks` serial copies).
  const nlohmann::json record = nlohmann::json::parse(read_text(dir / "run.json"), nullptr, false);
  EXPECT_TRUE(record.is_object() && record.value("ranks", 0) == ranks) << dir;
  return dir;
}

std::vector<std::vector<double>> csv_rows(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) row.push_back(cell.empty() ? NAN : std::stod(cell));
    rows.push_back(row);
  }
  return rows;
}

void expect_csv_close(const fs::path& a, const fs::path& b, double relative) {
  const auto ra = csv_rows(a), rb = csv_rows(b);
  ASSERT_EQ(ra.size(), rb.size()) << a << " vs " << b;
  ASSERT_FALSE(ra.empty()) << a;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    ASSERT_EQ(ra[i].size(), rb[i].size()) << b << " row " << i;
    for (std::size_t j = 0; j < ra[i].size(); ++j) {
      if (std::isnan(ra[i][j])) {
        EXPECT_TRUE(std::isnan(rb[i][j])) << b << " row " << i << " column " << j;
        continue;
      }
      EXPECT_NEAR(ra[i][j], rb[i][j], relative * std::max(1.0, std::abs(ra[i][j]))) << b << " row " << i << " column " << j;
    }
  }
}

void expect_dataset_close(const fs::path& a, const fs::path& b, const std::string& name, double tolerance) {
  const pf::FieldData fa = pf::Hdf5File::open_read(a.string()).read_field(name);
  const pf::FieldData fb = pf::Hdf5File::open_read(b.string()).read_field(name);
  ASSERT_EQ(fa.shape_zyx, fb.shape_zyx) << b << ":" << name;
  ASSERT_EQ(fa.element_bytes, fb.element_bytes) << b << ":" << name;
  EXPECT_EQ(fa.attributes.time, fb.attributes.time) << b << ":" << name;
  EXPECT_EQ(fa.attributes.step, fb.attributes.step) << b << ":" << name;
  double worst = 0;
  for (std::size_t i = 0; i < fa.values.size(); ++i) worst = std::max(worst, std::abs(fa.values[i] - fb.values[i]));
  EXPECT_LE(worst, tolerance) << b << ":" << name;
}

std::vector<std::string> dataset_names(const fs::path& file) {
  std::vector<std::string> names;
  for (const auto& d : pf::Hdf5File::open_read(file.string()).list_datasets()) names.push_back(d.name);
  return names;
}

std::vector<std::string> checkpoint_names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("checkpoint_", 0) == 0) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// `check`'s per-rank memory estimate (run_plan.cpp) against what rank 0, which holds the
// largest slab, actually allocated: it must cover it, and not by much (FFTW-MPI's block split).
// The estimate is for the config's grid: a run that remeshed ends on another one.
void expect_memory_estimate_covers(const fs::path& dir) {
  const auto record = nlohmann::json::parse(read_text(dir / "run.json"));
  if (record.at("grid").at("shape") != record.at("final_grid").at("shape")) return;
  const auto timings = record.at("timings");
  const double allocated = timings.at("solver_bytes").get<double>(), estimate = timings.at("solver_bytes_estimate").get<double>();
  EXPECT_GE(estimate, allocated) << dir;
  EXPECT_LE(estimate, 1.05 * allocated) << dir;
}

// Every output a run writes, compared with the 1-rank run's.
void expect_same_outputs(const fs::path& one, const fs::path& many, double field_tol, double energy_rel) {
  expect_memory_estimate_covers(one);
  expect_memory_estimate_covers(many);
  expect_csv_close(one / "energy.csv", many / "energy.csv", energy_rel);
  if (fs::exists(one / "analysis.csv")) expect_csv_close(one / "analysis.csv", many / "analysis.csv", 1e-9);
  if (fs::exists(one / "surface_flux.csv")) expect_csv_close(one / "surface_flux.csv", many / "surface_flux.csv", energy_rel);
  const auto snapshots = dataset_names(one / "fields.h5");
  EXPECT_GE(snapshots.size(), 3u);
  EXPECT_EQ(snapshots, dataset_names(many / "fields.h5"));
  for (const auto& name : snapshots) expect_dataset_close(one / "fields.h5", many / "fields.h5", name, field_tol);
  const auto finals = dataset_names(one / "final.h5");
  EXPECT_EQ(finals, dataset_names(many / "final.h5"));
  for (const auto& name : finals) expect_dataset_close(one / "final.h5", many / "final.h5", name, name == "pore" ? 0.0 : field_tol);
  const auto checkpoints = checkpoint_names(one);
  EXPECT_FALSE(checkpoints.empty());
  EXPECT_EQ(checkpoints, checkpoint_names(many));
  for (const auto& c : checkpoints)
    for (const auto& name : dataset_names(one / c))
      expect_dataset_close(one / c, many / c, name, name == "pore" ? 0.0 : field_tol);
  EXPECT_EQ(read_text(one / "fields.xdmf"), read_text(many / "fields.xdmf"));
}

double field_tolerance(double eps, double voxels, int steps) { return eps * std::log2(voxels) * steps * 10; }

TEST(MpiRanks, DoubleNoFluxWithNoiseMatchesOneRank) {
  const fs::path config = config_dir / "rank_count.toml";
  const fs::path one = run_on(1, config, "double_no_flux");
  const double tol = field_tolerance(std::numeric_limits<double>::epsilon(), 32 * 32 * 32, 40);
  for (int ranks : {2, 4}) expect_same_outputs(one, run_on(ranks, config, "double_no_flux"), tol, 1e-11);
}

TEST(MpiRanks, FloatPeriodicMatchesOneRank) {
  std::string text = read_text(config_dir / "rank_count.toml");
  text = replaced(text, "boundary_z = \"no_flux\"", "boundary_z = \"periodic\"");
  text = replaced(text, "stabilization = 1.0", "stabilization = 1.0\nprecision = \"float\"");
  const fs::path config = tmp_root / "float_periodic" / "config.toml";
  write_text(config, text);
  const fs::path one = run_on(1, config, "float_periodic");
  const double tol = field_tolerance(std::numeric_limits<float>::epsilon(), 32 * 32 * 16, 40);
  for (int ranks : {2, 4}) expect_same_outputs(one, run_on(ranks, config, "float_periodic"), tol, tol);
}

// The explicit-transpose FFT (PF_MPI_FFT=transpose: the all-to-all path CUDA ranks take, with
// FFTW local transforms) on 2 and 3 (uneven) ranks against the 1-rank run of the serial FFTW
// path, over the whole solver: noise, slow-mode mobility, mirror exchange, outputs.
TEST(MpiRanks, ExplicitTransposeFftMatchesOneRank) {
  const fs::path config = config_dir / "rank_count.toml";
  const fs::path one = run_on(1, config, "transpose_fft");
  EXPECT_EQ(nlohmann::json::parse(read_text(one / "run.json")).value("fft", ""), "fftw");
  const double tol = field_tolerance(std::numeric_limits<double>::epsilon(), 32 * 32 * 32, 40);
  for (int ranks : {2, 3}) {
    const fs::path many = run_on(ranks, config, "transpose_fft", "PF_MPI_FFT=transpose");
    EXPECT_EQ(nlohmann::json::parse(read_text(many / "run.json")).value("fft", ""), "fftw + transpose");
    expect_same_outputs(one, many, tol, 1e-11);
  }
}

// Bath on one rank's plane, z profiles, adaptive steps, remeshing and pore extraction.
TEST(MpiRanks, WetProcessStagesMatchOneRank) {
  const fs::path config = config_dir / "wet_stages.toml";
  const fs::path one = run_on(1, config, "wet");
  const nlohmann::json record = nlohmann::json::parse(read_text(one / "run.json"));
  ASSERT_GE(record["remeshes"].size(), 1u) << "the test needs a remesh";
  ASSERT_TRUE(dataset_names(one / "final.h5").size() == 2) << "the test needs a pore mask";
  const double tol = field_tolerance(std::numeric_limits<double>::epsilon(), 84 * 84 * 24, 43);
  for (int ranks : {2, 4}) {
    const fs::path many = run_on(ranks, config, "wet");
    expect_same_outputs(one, many, tol, 1e-11);
    EXPECT_EQ(nlohmann::json::parse(read_text(many / "run.json"))["remeshes"], record["remeshes"]);
  }
}

// A checkpoint written by 2 ranks continues on 3 (uneven slabs: 11, 11, 10 of 32 planes) to the
// same results as the uninterrupted 1-rank run.
TEST(MpiRanks, RestartFromTwoRankCheckpointOnThreeRanks) {
  const fs::path config = config_dir / "rank_count.toml";
  const fs::path one = run_on(1, config, "restart");
  const fs::path two = run_on(2, config, "restart");
  const fs::path three = tmp_root / "restart" / "r2_then_r3";
  fs::remove_all(three);
  fs::copy(two, three, fs::copy_options::recursive);
  fs::remove(three / "final.h5");
  fs::remove(three / "run.json");
  const fs::path checkpoint = three / "checkpoint_000000000020.h5";
  ASSERT_TRUE(fs::exists(checkpoint));
  const Result r = mpirun(3, "run " + config.string() + " --quiet --restart " + checkpoint.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(read_text(three / "run.json")).value("ranks", 0), 3);
  const double tol = field_tolerance(std::numeric_limits<double>::epsilon(), 32 * 32 * 32, 40);
  expect_same_outputs(one, three, tol, 1e-11);
}

// The first "porefield: error" line of a run's output, or "".
std::string error_line(const std::string& output) {
  const std::size_t at = output.find("porefield: error");
  return at == std::string::npos ? "" : output.substr(at, output.find('\n', at) - at);
}

// What cannot run on several ranks is refused before anything is written.
TEST(MpiRanks, RefusesWhatRunsOnOneRankOnly) {
  const fs::path out = tmp_root / "refused";
  fs::remove_all(out);
  Result r = mpirun(2, "run " + (fs::path(PF_SOURCE_DIR) / "configs/dry/claim1_ci.toml").string() + " --output " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("kind = \"cavitate\" runs on 1 rank only"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));

  // --backend cuda is no longer refused for being on several ranks: 2 ranks answer as 1 does
  // (refused for the same reason where no GPU is usable, accepted where one is).
  const std::string check_cuda = "check " + (config_dir / "rank_count.toml").string() + " --backend cuda";
  const Result one_rank = mpirun(1, check_cuda);
  r = mpirun(2, check_cuda);
  EXPECT_EQ(r.exit_code, one_rank.exit_code) << r.output;
  EXPECT_EQ(r.output.find("rank only"), std::string::npos) << r.output;
  EXPECT_EQ(error_line(r.output), error_line(one_rank.output));
  // The distributed FFT's switches are checked before a run starts.
  const std::string check_cpu = "check " + (config_dir / "rank_count.toml").string() + " --backend cpu";
  r = mpirun(2, check_cpu, "PF_MPI_FFT=cufft");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("PF_MPI_FFT = \"cufft\": must be \"fftw\" or \"transpose\""), std::string::npos) << r.output;
  r = mpirun(2, check_cpu, "PF_GPU_AWARE_MPI=maybe");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("PF_GPU_AWARE_MPI = \"maybe\": must be \"auto\", \"on\" or \"off\""), std::string::npos) << r.output;

  const fs::path flat = tmp_root / "flat" / "config.toml";
  write_text(flat, replaced(read_text(config_dir / "rank_count.toml"), "shape = [32, 32, 16]", "shape = [32, 32, 1]"));
  r = mpirun(2, "run " + flat.string() + " --output " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("2D grid (nz = 1) runs on 1 rank only"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));

  // One error line, not one per rank.
  EXPECT_EQ(r.output.find("porefield: error"), r.output.rfind("porefield: error")) << r.output;
}

}  // namespace
