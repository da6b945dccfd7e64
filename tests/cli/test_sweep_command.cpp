// Parameter sweeps: expanding [[axis]] tables (product, zip groups, range, logspace), the
// generated point configs, refusal of a sweep with an invalid point, `porefield sweep --local`
// (runs, re-runs that skip finished points, failing points) and `porefield collect`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_support.hpp"
#include "io/config.hpp"
#include "solver/core/errors.hpp"
#include "solver/sweep/sweep_plan.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

// A CI-sized base: 8 x 8 x 4 double well, 10 steps, in-process analysis without tortuosity.
constexpr const char* tiny_base = R"(
[grid]
shape = [8, 8, 4]
[model]
free_energy = "double_well"
kappa = 1.0
M0 = 1.0
[initial]
kind = "cosine"
c0 = 0.5
amplitude = 0.05
[time]
dt = 0.01
end = 0.1
[output]
every = 5
[analysis]
pore_below = 0.5
tortuosity = false
)";

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes base.toml and sweep.toml (the given axes after `base = "base.toml"`) into dir.
fs::path make_sweep(const fs::path& dir, const std::string& axes, const std::string& base = tiny_base) {
  write(dir / "base.toml", base);
  write(dir / "sweep.toml", "base = \"base.toml\"\n" + axes);
  return dir / "sweep.toml";
}

std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto fields = split_csv_line(line);
    EXPECT_EQ(fields.size(), header.size()) << line;
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

TEST(SweepPlan, AxesCombineAsACartesianProductFirstAxisSlowest) {
  const fs::path dir = temp_dir();
  const auto sweep = make_sweep(dir, R"(
[[axis]]
key = "model.kappa"
values = [1.0, 2.0, 3.0]
[[axis]]
key = "initial.seed"
values = [7, 8]
)");
  const SweepPlan plan = plan_sweep(sweep, dir / "out");
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.points[0].values, (std::vector<std::string>{"1", "7"}));
  EXPECT_EQ(plan.points[1].values, (std::vector<std::string>{"1", "8"}));
  EXPECT_EQ(plan.points[5].values, (std::vector<std::string>{"3", "8"}));
  EXPECT_EQ(plan.points[5].dir_name, "point_0005");
  EXPECT_FALSE(fs::exists(dir / "out")) << "planning writes nothing";
}

TEST(SweepPlan, ZipGroupsVaryTogetherAndCombineWithOtherAxes) {
  const fs::path dir = temp_dir();
  // zip = true: every axis without a group is one group.
  EXPECT_EQ(plan_sweep(make_sweep(dir, R"(
zip = true
[[axis]]
key = "model.kappa"
values = [1.0, 2.0, 3.0]
[[axis]]
key = "model.M0"
range = {start = 1.0, stop = 3.0, count = 3}
)"), dir / "out").points.size(), 3u);
  // A named group of two axes (3 values each) times an ungrouped axis (2 values).
  const SweepPlan plan = plan_sweep(make_sweep(dir, R"(
[[axis]]
key = "model.kappa"
values = [1.0, 2.0, 3.0]
group = "g"
[[axis]]
key = "initial.seed"
values = [1, 2]
[[axis]]
key = "model.M0"
values = [10.0, 20.0, 30.0]
group = "g"
)"), dir / "out");
  ASSERT_EQ(plan.points.size(), 6u);
  for (const SweepPoint& p : plan.points) EXPECT_EQ(std::stod(p.values[2]), 10 * std::stod(p.values[0]));
  EXPECT_EQ(plan.points[1].values, (std::vector<std::string>{"1", "2", "10"}));
  // Zipped axes must have equal lengths.
  try {
    plan_sweep(make_sweep(dir, R"(
zip = true
[[axis]]
key = "model.kappa"
values = [1.0, 2.0]
[[axis]]
key = "model.M0"
values = [1.0, 2.0, 3.0]
)"), dir / "out");
    FAIL() << "mismatched zip lengths accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("model.kappa (2 values) and model.M0 (3 values)"), std::string::npos) << e.what();
  }
}

// A numeric path segment indexes an array (and so, later, an array of tables such as [[stage]]).
TEST(SweepPlan, NumericSegmentIndexesAnArray) {
  const fs::path dir = temp_dir();
  const SweepPlan plan = plan_sweep(make_sweep(dir, "[[axis]]\nkey = \"grid.shape.2\"\nvalues = [1, 6]\n"), dir / "out");
  ASSERT_EQ(plan.points.size(), 2u);
  EXPECT_EQ(parse_config_text(plan.points[1].config_toml, "p1").grid.shape, (std::array<int, 3>{8, 8, 6}));
  try {
    plan_sweep(make_sweep(dir, "[[axis]]\nkey = \"grid.shape.3\"\nvalues = [1]\n"), dir / "out");
    FAIL() << "index past the end accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("\"3\" is not an index of an array of 3 elements"), std::string::npos) << e.what();
  }
}

// [[stage]] keys are swept by index and validated like `porefield run` validates them.
TEST(SweepPlan, StageKeysAreSweptAndValidated) {
  const fs::path dir = temp_dir();
  const std::string base = std::string(PF_SOURCE_DIR) + "/configs/quench_then_stretch_5x5.toml";
  const auto sweep = [&](const std::string& values) {
    write(dir / "s.toml", "base = \"" + base + "\"\nzip = true\n[[axis]]\nkey = \"stage.1.ratio_md\"\nvalues = " + values +
                              "\n[[axis]]\nkey = \"stage.1.ratio_td\"\nvalues = " + values + "\n");
    return plan_sweep(dir / "s.toml", dir / "out");
  };
  const SweepPlan plan = sweep("[2.0, 3.0]");
  ASSERT_EQ(plan.points.size(), 2u);
  const Config c = parse_config_text(plan.points[1].config_toml, "p1");
  ASSERT_EQ(c.stages.size(), 2u);
  EXPECT_NE(plan.points[1].config_toml.find("ratio_md = 3.0"), std::string::npos);
  try {
    sweep("[2.0, 0.5]");
    FAIL() << "a stretch ratio below 1 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("point_0001 (stage.1.ratio_md = 0.5, stage.1.ratio_td = 0.5) is invalid"),
              std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[stage #2] ratio_md"), std::string::npos) << e.what();
  }
}

TEST(SweepPlan, RangeAndLogspaceValues) {
  const fs::path dir = temp_dir();
  const SweepPlan plan = plan_sweep(make_sweep(dir, R"(
zip = true
[[axis]]
key = "model.kappa"
range = {start = 0.5, stop = 1.5, count = 5}
[[axis]]
key = "model.M0"
logspace = {start = 0.01, stop = 100.0, count = 5}
[[axis]]
key = "initial.seed"
range = {start = 0, stop = 40, count = 5}
)"), dir / "out");
  std::vector<std::string> kappa, m0, seed;
  for (const auto& p : plan.points) kappa.push_back(p.values[0]), m0.push_back(p.values[1]), seed.push_back(p.values[2]);
  EXPECT_EQ(kappa, (std::vector<std::string>{"0.5", "0.75", "1", "1.25", "1.5"}));
  EXPECT_EQ(m0, (std::vector<std::string>{"0.01", "0.1", "1", "10", "100"}));
  EXPECT_EQ(seed, (std::vector<std::string>{"0", "10", "20", "30", "40"}));
  EXPECT_NE(plan.points[2].config_toml.find("seed = 20\n"), std::string::npos) << "integer range stays integer";
}

TEST(SweepCommand, WritesOneParsingConfigPerPointWithTheValuesSubstituted) {
  const fs::path dir = temp_dir();
  const auto sweep = make_sweep(dir, R"(
[[axis]]
key = "model.kappa"
values = [1.5, 2.5]
[[axis]]
key = "grid.shape"
values = [[8, 8, 4], [12, 10, 2]]
[[axis]]
key = "noise.sigma"
values = [0.001]
)");
  const auto r = run_porefield("sweep " + sweep.string() + " --output " + (dir / "s").string() + " --slurm --max-parallel 3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = read_csv(dir / "s" / "points.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    const fs::path config_file = dir / "s" / row.at("dir") / "config.toml";
    const Config c = parse_config_file(config_file.string());
    EXPECT_EQ(c.model.kappa, std::stod(row.at("model.kappa")));
    EXPECT_EQ(fmt::format("[{}, {}, {}]", c.grid.shape[0], c.grid.shape[1], c.grid.shape[2]), row.at("grid.shape"));
    EXPECT_EQ(c.noise.sigma, 0.001) << "a section absent from the base is created";
    EXPECT_EQ(c.time.end, 0.1) << "keys not swept keep the base's values";
    EXPECT_EQ(fs::path(c.output.dir), dir / "s" / row.at("dir") / "out");
  }
  EXPECT_EQ(rows[3].at("model.kappa"), "2.5");
  EXPECT_EQ(rows[3].at("grid.shape"), "[12, 10, 2]");
  std::ifstream in(dir / "s" / "sweep.json");
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["point_count"], 4);
  EXPECT_EQ(j["points"][3]["values"]["model.kappa"], "2.5");

  const std::string sbatch = read(dir / "s" / "sweep.sbatch");
  EXPECT_NE(sbatch.find("#SBATCH --array=0-3%3\n"), std::string::npos) << sbatch;
  EXPECT_NE(sbatch.find("#SBATCH --signal=B:USR1@120\n"), std::string::npos);
  EXPECT_NE(sbatch.find("scontrol requeue"), std::string::npos);
  EXPECT_EQ(std::system(("bash -n " + (dir / "s" / "sweep.sbatch").string()).c_str()), 0) << "script parses";
}

TEST(SweepCommand, AnInvalidPointRefusesTheWholeSweepAndWritesNothing) {
  const fs::path dir = temp_dir();
  const auto sweep = make_sweep(dir, R"(
[[axis]]
key = "model.kappa"
values = [1.0, 2.0]
[[axis]]
key = "model.M0"
values = [1.0, -3.0]
)");
  const auto r = run_porefield("sweep " + sweep.string() + " --output " + (dir / "s").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("point_0001 (model.kappa = 1, model.M0 = -3) is invalid"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("[model] M0"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "s"));

  // A path through a value, an unknown sweep key and a misspelt config key are refused too.
  EXPECT_EQ(run_porefield("sweep " + make_sweep(dir, "[[axis]]\nkey = \"model.kappa.x\"\nvalues = [1]\n").string() +
                          " --output " + (dir / "s").string()).exit_code, 2);
  const auto unknown = run_porefield("sweep " + make_sweep(dir, "[[axes]]\nkey = \"model.kappa\"\nvalues = [1]\n").string());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown key \"axes\""), std::string::npos) << unknown.output;
  const auto misspelt = run_porefield("sweep " + make_sweep(dir, "[[axis]]\nkey = \"model.kapa\"\nvalues = [1.0]\n").string() +
                                      " --dry-run");
  EXPECT_EQ(misspelt.exit_code, 2);
  EXPECT_NE(misspelt.output.find("did you mean"), std::string::npos) << misspelt.output;
  EXPECT_FALSE(fs::exists(dir / "s"));
}

// --local -j 2: both points finish; a re-run skips them; a point whose run fails is listed with
// its error line and error.txt, and the sweep exits 1.
TEST(SweepCommand, LocalRunFinishesSkipsFinishedPointsAndListsFailures) {
  const fs::path dir = temp_dir();
  const auto sweep = make_sweep(dir, "[[axis]]\nkey = \"model.kappa\"\nvalues = [1.0, 2.0]\n");
  const std::string out = (dir / "s").string();
  const auto first = run_porefield("sweep " + sweep.string() + " --output " + out + " --local -j 2");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("2/2 points finished (2 now, 0 before), 0 failed"), std::string::npos) << first.output;
  for (const char* p : {"point_0000", "point_0001"}) {
    EXPECT_TRUE(fs::exists(dir / "s" / p / "out" / "run.json")) << p;
    EXPECT_FALSE(fs::exists(dir / "s" / p / "error.txt")) << "empty stderr is not kept";
  }
  // collect: both rows finished, with each point's parameters and its own run.json values.
  ASSERT_EQ(run_porefield("collect " + out).exit_code, 0);
  const auto rows = read_csv(dir / "s" / "collected.csv");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    std::ifstream in(dir / "s" / row.at("dir") / "out" / "run.json");
    const auto run = nlohmann::json::parse(in);
    EXPECT_EQ(row.at("status"), "finished");
    EXPECT_EQ(std::stod(row.at("model.kappa")), parse_config_text(run["config_toml"], "echo").model.kappa);
    EXPECT_EQ(std::stod(row.at("free_energy")), run["result"]["free_energy"].get<double>());
    EXPECT_EQ(std::stod(row.at("wall_seconds")), run["timings"]["wall_seconds"].get<double>());
    EXPECT_NE(row.at("porosity"), "");
  }
  EXPECT_NE(rows[0].at("free_energy"), rows[1].at("free_energy")) << "kappa 1 and 2 give different runs";

  const auto stamp = fs::last_write_time(dir / "s" / "point_0000" / "out" / "run.json");
  const auto again = run_porefield("sweep " + sweep.string() + " --output " + out + " --local -j 2");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("2 already finished, running 0"), std::string::npos) << again.output;
  EXPECT_EQ(fs::last_write_time(dir / "s" / "point_0000" / "out" / "run.json"), stamp);

  // The same directory with other values would mix two sweeps: refused.
  const auto other = make_sweep(dir, "[[axis]]\nkey = \"model.kappa\"\nvalues = [3.0, 2.0]\n");
  const auto mixed = run_porefield("sweep " + other.string() + " --output " + out);
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_NE(mixed.output.find("point_0000 is finished but its config.toml differs"), std::string::npos) << mixed.output;

  // Point 1 starts from an HDF5 file that does not exist: it parses, and fails when it runs.
  const auto failing = make_sweep(dir, R"(
zip = true
[[axis]]
key = "initial.kind"
values = ["cosine", "file"]
[[axis]]
key = "initial.file"
values = ["unused.h5", "no_such_start.h5"]
)");
  const auto failed = run_porefield("sweep " + failing.string() + " --output " + (dir / "f").string() + " --local -j 2");
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("1/2 points finished (1 now, 0 before), 1 failed"), std::string::npos) << failed.output;
  EXPECT_NE(failed.output.find("failed point_0001: porefield: error: "), std::string::npos) << failed.output;
  EXPECT_NE(failed.output.find("no_such_start.h5"), std::string::npos) << failed.output;
  EXPECT_NE(read(dir / "f" / "point_0001" / "error.txt").find("no_such_start.h5"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "f" / "point_0000" / "out" / "run.json"));
}

// collect: one row per point, its parameters, status, run.json's result and the final analysis.
TEST(CollectCommand, OneRowPerPointWithStatusParametersAndResults) {
  const fs::path dir = temp_dir();
  const std::string out = (dir / "s").string();
  // Point 0 finishes, point 1 stays pending, point 2 fails (its start file does not exist).
  const auto sweep = make_sweep(dir, R"(
zip = true
[[axis]]
key = "initial.kind"
values = ["cosine", "cosine", "file"]
[[axis]]
key = "initial.file"
values = ["", "", "missing.h5"]
[[axis]]
key = "model.kappa"
values = [1.0, 2.0, 1.0]
)");
  ASSERT_EQ(run_porefield("sweep " + sweep.string() + " --output " + out).exit_code, 0);
  // Run points 0 and 2 by hand, the way --local and the Slurm array task do.
  ASSERT_EQ(run_porefield("run " + out + "/point_0000/config.toml --output " + out + "/point_0000/out -q").exit_code, 0);
  const auto bad = run_porefield("run " + out + "/point_0002/config.toml --output " + out + "/point_0002/out -q");
  ASSERT_EQ(bad.exit_code, 2);
  write(dir / "s" / "point_0002" / "error.txt", bad.output);

  const auto r = run_porefield("collect " + out + " --csv " + (dir / "c.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("3 points: 1 finished, 1 failed, 1 pending"), std::string::npos) << r.output;
  const auto rows = read_csv(dir / "c.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("status"), "finished");
  EXPECT_EQ(rows[1].at("status"), "pending");
  EXPECT_EQ(rows[2].at("status"), "failed");
  EXPECT_NE(rows[2].at("error").find("missing.h5"), std::string::npos);
  EXPECT_EQ(rows[1].at("model.kappa"), "2");
  EXPECT_EQ(rows[1].at("free_energy"), "");

  std::ifstream run_in(dir / "s" / "point_0000" / "out" / "run.json");
  const auto run = nlohmann::json::parse(run_in);
  EXPECT_EQ(std::stod(rows[0].at("free_energy")), run["result"]["free_energy"].get<double>());
  EXPECT_EQ(std::stod(rows[0].at("mass")), run["result"]["mass"].get<double>());
  EXPECT_EQ(std::stoll(rows[0].at("steps")), run["result"]["steps"].get<long long>());
  EXPECT_EQ(rows[0].at("backend"), "cpu");
  std::ifstream report_in(dir / "s" / "point_0000" / "out" / "pore_report.json");
  const auto report = nlohmann::json::parse(report_in);
  EXPECT_EQ(std::stod(rows[0].at("porosity")), report["porosity"].get<double>());
  EXPECT_EQ(std::stoll(rows[0].at("through_holes")), report["through_holes"]["count"].get<long long>());
  EXPECT_EQ(rows[0].at("tortuosity"), "") << "tortuosity = false leaves it empty";

  // Without pore_report.json the final row of analysis.csv is used.
  fs::remove(dir / "s" / "point_0000" / "out" / "pore_report.json");
  ASSERT_EQ(run_porefield("collect " + out).exit_code, 0);
  const auto again = read_csv(dir / "s" / "collected.csv");
  EXPECT_EQ(std::stod(again[0].at("porosity")), report["porosity"].get<double>());

  const auto none = run_porefield("collect " + (dir / "nowhere").string());
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.output.find("no points.csv"), std::string::npos) << none.output;
}

}  // namespace
}  // namespace pf::test
