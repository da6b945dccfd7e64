// A staged run's files: energy.csv keeps its header and continues across stages; every
// snapshot in fields.h5/.xdmf carries the grid it was taken on (stretched spacing, remeshed
// shape); run.json lists the stages with start/end time and final lambda, and each remesh.
// The reference values are the stage definitions themselves (durations, ratios) and the
// in-process pipeline, not stored files.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "io/hdf5_file.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

const char* staged_run = R"(
[grid]
shape = [16, 16, 8]
boundary_z = "no_flux"
[model]
free_energy = "double_well"
kappa = 1.0
[initial]
kind = "uniform_noise"
c0 = 0.5
amplitude = 0.05
[time]
dt = 0.05
stabilization = 1.0
[output]
every = 10
[[stage]]
kind = "hold"
duration = 0.5
[[stage]]
kind = "draft"
ratio = 3.0
duration = 1.0
mobility_factor = 0.5
[[stage]]
kind = "hold"
duration = 0.25
dt = 0.025
)";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class StagedRunOutputs : public BackendTest {};

TEST_P(StagedRunOutputs, FilesFollowTheDeformation) {
  const Config c = config_from(staged_run);
  RunOptions options;
  options.output_dir = temp_dir().string();
  options.backend = GetParam();
  options.quiet = true;
  const RunSummary s = run_simulation(c, options);
  const std::filesystem::path dir = *options.output_dir;
  EXPECT_EQ(s.steps, 10 + 20 + 10);
  EXPECT_DOUBLE_EQ(s.time, 1.75);

  // energy.csv: unchanged header; steps strictly increasing through all three stages.
  std::stringstream csv(read_text(dir / "energy.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "step,time,dt,free_energy,mass");
  long long previous = -1, rows = 0;
  double mass0 = 0, worst = 0;
  while (std::getline(csv, line)) {
    const long long step = std::stoll(line.substr(0, line.find(',')));
    const double mass = std::stod(line.substr(line.rfind(',') + 1));
    if (rows == 0) mass0 = mass;
    worst = std::max(worst, std::abs(mass - mass0));
    EXPECT_GT(step, previous);
    previous = step;
    ++rows;
  }
  EXPECT_EQ(previous, 40);
  EXPECT_LT(worst, 1e-12);

  const auto record = nlohmann::json::parse(read_text(dir / "run.json"));
  const auto& stages = record["stages"];
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[1]["kind"], "draft");
  EXPECT_DOUBLE_EQ(stages[1]["start"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(stages[1]["end"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(stages[2]["end"].get<double>(), 1.75);
  const auto lambda = stages[1]["lambda_end"].get<std::array<double, 3>>();
  EXPECT_NEAR(lambda[0], 3.0, 1e-14);
  EXPECT_NEAR(lambda[1], 1 / std::sqrt(3.0), 1e-14);
  EXPECT_NEAR(lambda[2], 1 / std::sqrt(3.0), 1e-14);
  // Draft 3: aspect 3^(3/2) > 2, so at least one remesh, each with its step, time and grids.
  const auto& remeshes = record["remeshes"];
  ASSERT_GE(remeshes.size(), 1u);
  EXPECT_GT(remeshes[0]["step"].get<long long>(), 10);
  EXPECT_LE(remeshes[0]["time"].get<double>(), 1.5);
  EXPECT_NE(remeshes[0]["old_shape"], remeshes[0]["new_shape"]);
  const auto final_shape = record["final_grid"]["shape"].get<std::array<int, 3>>();
  const auto final_spacing = record["final_grid"]["spacing"].get<std::array<double, 3>>();
  const auto last_remesh_shape = remeshes.back()["new_shape"].get<std::array<int, 3>>();
  EXPECT_EQ(final_shape, last_remesh_shape);
  // The box follows the material.
  EXPECT_NEAR(final_shape[0] * final_spacing[0], 16 * 3.0, 1e-12);
  EXPECT_NEAR(final_shape[2] * final_spacing[2], 8 / std::sqrt(3.0), 1e-12);

  // final.h5 on the final grid; the snapshot at the end of the draft (step 30) on its grid;
  // the XDMF lists each frame's own dimensions and spacing.
  const FieldData final_phi = Hdf5File::open_read((dir / "final.h5").string()).read_field("phi");
  const std::array<std::size_t, 3> final_zyx{std::size_t(final_shape[2]), std::size_t(final_shape[1]),
                                              std::size_t(final_shape[0])};
  EXPECT_EQ(final_phi.shape_zyx, final_zyx);
  EXPECT_DOUBLE_EQ(final_phi.attributes.spacing_zyx[2], final_spacing[0]);
  Hdf5File fields = Hdf5File::open_read((dir / "fields.h5").string());
  const FieldData first = fields.read_field("snapshots/00000000/phi");
  EXPECT_EQ(first.shape_zyx, (std::array<std::size_t, 3>{8, 16, 16}));
  const FieldData after_draft = fields.read_field("snapshots/00000030/phi");
  EXPECT_DOUBLE_EQ(after_draft.attributes.spacing_zyx[2], final_spacing[0]);
  const std::string xdmf = read_text(dir / "fields.xdmf");
  EXPECT_NE(xdmf.find("Dimensions=\"8 16 16\""), std::string::npos);
  EXPECT_NE(xdmf.find(fmt::format("Dimensions=\"{} {} {}\"", final_shape[2], final_shape[1], final_shape[0])), std::string::npos);
  EXPECT_NE(xdmf.find(fmt::format("{:.17g} {:.17g} {:.17g}", final_spacing[2], final_spacing[1], final_spacing[0])),
            std::string::npos);
}

PF_INSTANTIATE_BACKENDS(StagedRunOutputs);

}  // namespace
}  // namespace pf::test
