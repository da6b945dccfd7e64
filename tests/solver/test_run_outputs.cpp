// A whole run's files: energy.csv header and final row, fields.h5 + fields.xdmf snapshots,
// final.h5 with phi (nz, ny, nx) and its time/step/spacing attributes, run.json. Values are
// checked against the solver itself run in-process, not against stored files.
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "io/hdf5_file.hpp"
#include "solver/core/errors.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

const char* small_run = R"(
[grid]
shape = [12, 10, 6]
spacing = [1.0, 0.5, 2.0]
[model]
free_energy = "double_well"
kappa = 1.0
[initial]
kind = "uniform_noise"
c0 = 0.5
amplitude = 0.05
[time]
dt = 0.05
end = 1.0
[output]
every = 7
)";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class RunOutputs : public BackendTest {};

TEST_P(RunOutputs, FilesHoldTheRun) {
  const Config c = config_from(small_run);
  RunOptions options;
  options.output_dir = temp_dir().string();
  options.backend = GetParam();
  options.quiet = true;
  const RunSummary s = run_simulation(c, options);
  const std::filesystem::path dir = *options.output_dir;
  EXPECT_EQ(s.steps, 20);
  EXPECT_DOUBLE_EQ(s.time, 1.0);

  // energy.csv: header, rows at 0, 7, 14 and the final step 20 (not a multiple of every).
  std::stringstream csv(read_text(dir / "energy.csv"));
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(csv, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], "step,time,dt,free_energy,mass");
  EXPECT_EQ(rows[4].substr(0, 5), "20,1,");

  // final.h5 equals an in-process run of the same steps.
  const FieldData final_phi = Hdf5File::open_read((dir / "final.h5").string()).read_field("phi");
  EXPECT_EQ(final_phi.shape_zyx, (std::array<std::size_t, 3>{6, 10, 12}));
  EXPECT_DOUBLE_EQ(final_phi.attributes.time, 1.0);
  EXPECT_EQ(final_phi.attributes.step, 20);
  EXPECT_EQ(final_phi.attributes.spacing_zyx, (std::array<double, 3>{2.0, 0.5, 1.0}));
  auto solver = solver_for(c);
  solver->set_state(make_initial_field(c));
  for (int n = 0; n < 20; ++n) solver->step(0.05, n);
  std::vector<double> expect(c.grid.voxels());
  solver->get_state(expect);
  EXPECT_EQ(max_abs_diff(final_phi.values, expect), 0.0);

  // Snapshots at steps 0, 7, 14, each listed in the XDMF series with its time.
  Hdf5File fields = Hdf5File::open_read((dir / "fields.h5").string());
  for (const char* step : {"00000000", "00000007", "00000014"}) EXPECT_TRUE(fields.has(std::string("snapshots/") + step + "/phi"));
  EXPECT_EQ(fields.read_field("snapshots/00000007/phi").attributes.step, 7);
  EXPECT_NE(fields.read_root_attribute("config_toml").find("every = 7"), std::string::npos);
  const std::string xdmf = read_text(dir / "fields.xdmf");
  EXPECT_NE(xdmf.find("fields.h5:/snapshots/00000014/phi"), std::string::npos);
  EXPECT_NE(xdmf.find("<Time Value=\"0.35"), std::string::npos);
  EXPECT_NE(xdmf.find("Dimensions=\"6 10 12\""), std::string::npos);

  const auto record = nlohmann::json::parse(read_text(dir / "run.json"));
  EXPECT_EQ(record["backend"], GetParam() == BackendKind::cuda ? "cuda" : "cpu");
  EXPECT_EQ(record["result"]["steps"], 20);
  EXPECT_NE(record["config_toml"].get<std::string>().find("kappa = 1.0"), std::string::npos);
}

TEST_P(RunOutputs, AdaptiveStepRecordsEveryDt) {
  std::string text = small_run;
  text.replace(text.find("end = 1.0"), 9, "end = 2.0\nadaptive = true\nmax_change = 0.002");
  const Config c = config_from(text);
  RunOptions options;
  options.output_dir = temp_dir().string();
  options.backend = GetParam();
  options.quiet = true;
  const RunSummary s = run_simulation(c, options);
  EXPECT_DOUBLE_EQ(s.time, 2.0);
  std::stringstream csv(read_text(std::filesystem::path(*options.output_dir) / "timesteps.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "step,time,dt");
  double t_sum = 0, dt_first = 0, dt_last = 0;
  long long rows = 0;
  while (std::getline(csv, line)) {
    const double dt = std::stod(line.substr(line.rfind(',') + 1));
    if (rows == 0) dt_first = dt;
    dt_last = dt;
    t_sum += dt;
    ++rows;
  }
  EXPECT_EQ(rows, s.steps);
  EXPECT_NEAR(t_sum, 2.0, 1e-12);  // every dt used is recorded
  EXPECT_NE(dt_first, dt_last);     // and the controller did change it
}

TEST_P(RunOutputs, AdaptiveBlowUpAtDtMinStopsWithANumericalError) {
  // A cubic double-well force this far from the wells diverges within a few steps of dt = 5;
  // with dt_min = dt there is nothing left to shrink, so the run must stop, not loop.
  const Config c = config_from(R"(
    [grid]
    shape = [16, 16, 1]
    [model]
    free_energy = "double_well"
    kappa = 0.5
    [initial]
    kind = "uniform_noise"
    c0 = 0.5
    amplitude = 3.0
    [time]
    dt = 5.0
    end = 1000.0
    adaptive = true
    dt_min = 5.0
    [output]
    every = 10
  )");
  RunOptions options;
  options.output_dir = temp_dir().string();
  options.backend = GetParam();
  options.quiet = true;
  try {
    run_simulation(c, options);
    FAIL() << "the run did not stop";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("even at [time] dt_min"), std::string::npos) << e.what();
  }
  // The initial snapshot stays readable.
  EXPECT_TRUE(Hdf5File::open_read((std::filesystem::path(*options.output_dir) / "fields.h5").string()).has("snapshots/00000000/phi"));
}

PF_INSTANTIATE_BACKENDS(RunOutputs);

}  // namespace
}  // namespace pf::test
