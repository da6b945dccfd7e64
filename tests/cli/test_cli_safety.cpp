// The real porefield binary on bad input: every class of mistake exits with its documented code
// and one line naming the problem, and writes nothing: the output directory is not created, and
// an earlier run's results in it are left byte for byte as they were.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "io/hdf5_file.hpp"
#include "kernels/device.hpp"
#include "cli/cli_support.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

using Result = CommandResult;

// Runs `porefield ARGS` in `cwd` through /bin/sh; `shell_prefix` may set limits first.
Result porefield(const fs::path& cwd, const std::string& args, const std::string& shell_prefix = "") {
  return run_shell("cd '" + cwd.string() + "' && " + shell_prefix + " exec env OMP_NUM_THREADS=1 '" + PF_BINARY +
                   "' " + args + " 2>&1");
}

// Every file under `dir` with its contents, to show that nothing changed.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    files[fs::relative(e.path(), dir).string()] = s.str();
  }
  return files;
}

const std::string good_config = R"([grid]
shape = [16, 16, 4]
[model]
free_energy = "double_well"
kappa = 1.0
[initial]
kind = "uniform_noise"
c0 = 0.5
amplitude = 0.05
[time]
dt = 0.05
end = 0.5
[output]
dir = "out"
every = 5
)";

std::string edited(std::vector<std::pair<std::string, std::string>> edits) {
  std::string text = good_config;
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << "expected \"" << (part) << "\" in:\n" << (text)

struct BadInput {
  const char* name;
  std::vector<std::pair<std::string, std::string>> edits;
  std::vector<std::string> expect;  // parts of the one-line message
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }  // readable CTest names

const std::string flory_huggins = "free_energy = \"flory_huggins\"\nN_A = 10.0\nchi_A = 1.0";

std::vector<BadInput> bad_inputs() {
  return {
      {"AnalysisBackendUnknown",
       {{"[output]", "[analysis]\npore_below = 0.5\nbackend = \"gpu\"\n[output]"}},
       {"bad.toml:15: [analysis] backend", "cpu | auto | cuda"}},
      {"UnknownKey", {{"kappa = 1.0", "kapa = 1.0"}}, {"bad.toml:5: [model] kapa: unknown key", "did you mean \"kappa\""}},
      {"UnknownSection", {{"[output]", "[ouput]"}}, {"bad.toml:13: unknown section [ouput]", "did you mean [output]"}},
      {"WrongType", {{"dt = 0.05", "dt = \"small\""}}, {"bad.toml:11: [time] dt: expected a number, got \"small\""}},
      {"NegativeDt", {{"dt = 0.05", "dt = -0.05"}}, {"bad.toml:11: [time] dt: -0.05 is out of range: must be > 0"}},
      {"ZeroDt", {{"dt = 0.05", "dt = 0"}}, {"bad.toml:11: [time] dt: 0 is out of range: must be > 0"}},
      {"ZeroDtFloat", {{"dt = 0.05", "dt = 0.0"}}, {"[time] dt: 0 is out of range: must be > 0"}},
      {"CompositionAboveOne",
       {{"free_energy = \"double_well\"", flory_huggins}, {"c0 = 0.5", "c0 = 1.2"}},
       {"[initial] c0: 1.2 is out of range: must be in (0, 1)"}},
      {"CompositionZero",
       {{"free_energy = \"double_well\"", flory_huggins}, {"c0 = 0.5", "c0 = 0.0"}},
       {"[initial] c0: 0 is out of range: must be in (0, 1)"}},
      {"ChainLengthBelowOne",
       {{"free_energy = \"double_well\"", flory_huggins + "\nN_B = 0.5"}},
       {"[model] N_B: 0.5 is out of range: must be >= 1"}},
      {"GridTooSmall", {{"shape = [16, 16, 4]", "shape = [1, 16, 4]"}}, {"bad.toml:2: [grid] shape: nx = 1 is out of range"}},
      {"GridNotFftFriendly",
       {{"shape = [16, 16, 4]", "shape = [16, 13, 4]"}},
       {"bad.toml:2: [grid] shape: ny = 13 has the prime factor 13 > 7", "such as 12 or 14"}},
      {"MemoryAboveHost",
       {{"shape = [16, 16, 4]", "shape = [8192, 8192, 8192]"}},
       {"bad.toml:2: [grid] shape: [8192, 8192, 8192] needs about", "MemAvailable"}},
      {"SyntaxError", {{"end = 0.5", "end = = 0.5"}}, {"bad.toml:12: TOML syntax error"}},
      {"InitialFileMissing",
       {{"kind = \"uniform_noise\"", "kind = \"file\"\nfile = \"nope.h5\""}},
       {"nope.h5: not a readable HDF5 file"}},
      {"InitialFileNotHdf5",
       {{"kind = \"uniform_noise\"", "kind = \"file\"\nfile = \"bad.toml\""}},
       {"bad.toml: not a readable HDF5 file"}},
  };
}

class CliBadInput : public testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, ExitsTwoNamesTheProblemAndWritesNothing) {
  const fs::path dir = temp_dir();
  write(dir / "bad.toml", edited(GetParam().edits));
  for (const char* command : {"check bad.toml", "run bad.toml", "run bad.toml --force"}) {
    const Result r = porefield(dir, command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_HAS(r.output, "porefield: error: ");
    for (const auto& part : GetParam().expect) EXPECT_HAS(r.output, part);
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << "one line: " << r.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << command;
  }
  // An earlier run's results stay exactly as they were, even with --force.
  write(dir / "good.toml", good_config);
  ASSERT_EQ(porefield(dir, "run good.toml -q").exit_code, 0);
  const auto before = tree(dir / "out");
  ASSERT_TRUE(before.count("final.h5"));
  EXPECT_EQ(porefield(dir, "run bad.toml --force").exit_code, 2);
  EXPECT_EQ(tree(dir / "out"), before);
}

INSTANTIATE_TEST_SUITE_P(Cli, CliBadInput, testing::ValuesIn(bad_inputs()),
                         [](const testing::TestParamInfo<BadInput>& i) { return std::string(i.param.name); });

TEST(Cli, MissingConfigFileAndBadFlags) {
  const fs::path dir = temp_dir();
  Result r = porefield(dir, "run missing.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_HAS(r.output, "missing.toml: cannot open config file");
  r = porefield(dir, "run missing.toml --backend gpu");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = porefield(dir, "frobnicate");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(Cli, CudaWithoutDeviceIsAnInputError) {
  if (cuda_device_usable()) GTEST_SKIP() << "a CUDA device is usable here";
  const fs::path dir = temp_dir();
  write(dir / "good.toml", good_config);
  const Result r = porefield(dir, "run good.toml --backend cuda");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_HAS(r.output, "--backend cuda: ");
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// The in-process analysis asked onto a GPU that is not there: refused by check and run before
// any output, naming the config line.
TEST(Cli, AnalysisOnCudaWithoutDeviceIsAnInputError) {
  if (cuda_device_usable()) GTEST_SKIP() << "a CUDA device is usable here";
  const fs::path dir = temp_dir();
  write(dir / "job.toml", edited({{"[output]", "[analysis]\npore_below = 0.5\nbackend = \"cuda\"\n[output]"}}));
  for (const char* command : {"check job.toml", "run job.toml"}) {
    const Result r = porefield(dir, command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_HAS(r.output, "job.toml:15: [analysis] backend cuda: ");
    EXPECT_FALSE(fs::exists(dir / "out")) << command;
  }
  // "auto" falls back to the CPU filters.
  write(dir / "auto.toml", edited({{"[output]", "[analysis]\npore_below = 0.5\nbackend = \"auto\"\n[output]"}}));
  EXPECT_EQ(porefield(dir, "check auto.toml").exit_code, 0);
}

TEST(Cli, RefusesToOverwriteAnEarlierRun) {
  const fs::path dir = temp_dir();
  write(dir / "good.toml", good_config);
  ASSERT_EQ(porefield(dir, "run good.toml -q").exit_code, 0);
  const auto before = tree(dir / "out");
  const Result r = porefield(dir, "run good.toml");
  EXPECT_EQ(r.exit_code, 2);
  // A finished run keeps its newest checkpoints (default: one per snapshot, the last 2).
  EXPECT_HAS(r.output, "out: output directory is not empty (holds checkpoint_000000000005.h5, energy.csv, fields.h5, fields.xdmf and 2 more)");
  EXPECT_HAS(r.output, "--force");
  EXPECT_EQ(tree(dir / "out"), before);
  // Any file counts: porefield never guesses that a directory is disposable.
  fs::create_directories(dir / "mine");
  write(dir / "mine" / "notes.txt", "keep me");
  EXPECT_EQ(porefield(dir, "run good.toml -o mine").exit_code, 2);
  EXPECT_EQ(tree(dir / "mine").size(), 1u);
}

TEST(Cli, ForceReplacesTheEarlierRunsFilesOnly) {
  const fs::path dir = temp_dir();
  write(dir / "good.toml", good_config);
  ASSERT_EQ(porefield(dir, "run good.toml -q").exit_code, 0);
  write(dir / "out" / "timesteps.csv", "stale, from an adaptive run\n");
  write(dir / "out" / "notes.txt", "keep me");
  write(dir / "longer.toml", edited({{"end = 0.5", "end = 1.0"}}));
  const Result r = porefield(dir, "run longer.toml -q --force");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Hdf5File::open_read((dir / "out" / "final.h5").string()).read_field("phi").attributes.step, 20);
  EXPECT_FALSE(fs::exists(dir / "out" / "timesteps.csv"));  // not left stale
  EXPECT_FALSE(fs::exists(dir / "out" / "final.h5.tmp"));
  EXPECT_TRUE(fs::exists(dir / "out" / "notes.txt"));
}

TEST(Cli, OutputPathThroughAFileIsRefusedUpFront) {
  const fs::path dir = temp_dir();
  write(dir / "good.toml", good_config);
  const Result r = porefield(dir, "run good.toml -o good.toml/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_HAS(r.output, "good.toml/out: cannot create output directory:");
  EXPECT_HAS(r.output, "is not a directory");
}

TEST(Cli, WriteFailureNamesThePathAndTheReason) {
  // A file-size limit makes writes fail with EFBIG, as a full disk fails them with ENOSPC.
  const fs::path dir = temp_dir();
  write(dir / "good.toml", edited({{"shape = [16, 16, 4]", "shape = [32, 32, 16]"}}));
  const Result r = porefield(dir, "run good.toml -q", "trap '' XFSZ; ulimit -f 64;");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_HAS(r.output, "porefield: error: ");
  EXPECT_HAS(r.output, "out/");
  EXPECT_HAS(r.output, "File too large");
  EXPECT_FALSE(fs::exists(dir / "out" / "final.h5"));
}

TEST(Cli, CheckPrintsThePlanAndWritesNothing) {
  const fs::path dir = temp_dir();
  write(dir / "fh.toml", edited({{"free_energy = \"double_well\"", flory_huggins + "\nchi_B = 200.0\nT = 400.0"},
                                 {"c0 = 0.5", "c0 = 0.3"}}));
  const Result r = porefield(dir, "check fh.toml --backend cpu");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* part : {"grid      16 x 16 x 4 voxels", "boundary  x, y periodic; z periodic", "chi = chi_A + chi_B / T",
                           "= 1.5", "reference mobility", "steps     10 estimated", "3 snapshots", "memory    about"})
    EXPECT_HAS(r.output, std::string(part));
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// `check` refuses what `run` refuses inside a [[stage]] (keys that only the stage reads).
TEST(Cli, CheckValidatesEachStagesKeys) {
  const fs::path dir = temp_dir();
  std::ifstream in(fs::path(PF_SOURCE_DIR) / "configs" / "wet_hot_solvent_one_side.toml");
  const std::string recipe((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write(dir / "ok.toml", recipe);
  const Result ok = porefield(dir, "check ok.toml --backend cpu");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  std::string hot = recipe;
  hot.replace(hot.find("T_hot_C = 128"), 13, "T_hot_C = 300");
  write(dir / "hot.toml", hot);
  const Result r = porefield(dir, "check hot.toml --backend cpu");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_HAS(r.output, "T_hot_C");
  EXPECT_EQ(r.output.find("config    "), std::string::npos) << "no plan is printed for an invalid config";
}

TEST(Cli, BlowUpStopsWithExitThreeAndKeepsTheLastGoodSnapshot) {
  // dt = 50 without stabilisation: the explicit double-well term runs away within 10 steps.
  const fs::path dir = temp_dir();
  write(dir / "blow.toml", edited({{"dt = 0.05", "dt = 50.0"}, {"end = 0.5", "end = 5000.0"}}));
  const Result r = porefield(dir, "run blow.toml -q");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_HAS(r.output, "numerical blow-up at step 10 (t = 500)");
  EXPECT_HAS(r.output, "likely cause: dt = 50 too large for [time] stabilization = 0");
  EXPECT_HAS(r.output, "last good snapshot: step 5 in fields.h5");
  const Hdf5File fields = Hdf5File::open_read((dir / "out" / "fields.h5").string());
  const FieldData last = fields.read_field("snapshots/00000005/phi");
  EXPECT_EQ(last.attributes.step, 5);
  for (double v : last.values) ASSERT_TRUE(std::isfinite(v) && std::abs(v) < 10);
  EXPECT_FALSE(fields.has("snapshots/00000010/phi"));
  EXPECT_FALSE(fs::exists(dir / "out" / "final.h5"));
  EXPECT_FALSE(fs::exists(dir / "out" / "run.json"));
}

}  // namespace
}  // namespace pf::test
