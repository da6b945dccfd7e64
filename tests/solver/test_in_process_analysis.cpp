// A run with [analysis] reports on its own state: analysis.csv rows at the requested steps and
// a final pore_report.json equal to analysing final.h5 afterwards (the same volume two ways).
#include <nlohmann/json.hpp>

#include <fstream>

#include "io/hdf5_file.hpp"
#include "solver/pore_volume_analysis.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

class InProcessAnalysisTest : public BackendTest {};

TEST_P(InProcessAnalysisTest, ReportsMatchTheWrittenFinalState) {
  const Config c = config_from(R"(
    [grid]
    shape = [24, 24, 16]
    boundary_z = "no_flux"
    length_unit_um = 0.05
    [model]
    free_energy = "flory_huggins"
    N_A = 20.0
    chi_A = 1.3
    kappa = 2.0
    M0 = 5.0
    [initial]
    kind = "uniform_noise"
    c0 = 0.35
    amplitude = 0.05
    [time]
    dt = 0.2
    end = 40.0
    stabilization = 1.0
    [output]
    every = 50
    [analysis]
    every = 80
    pore_below = 0.35
  )");
  RunOptions options;
  options.output_dir = temp_dir().string();
  options.backend = GetParam();
  options.quiet = true;
  run_simulation(c, options);
  const std::filesystem::path dir = *options.output_dir;

  std::ifstream csv(dir / "analysis.csv");
  std::string line;
  std::vector<std::string> steps;
  std::getline(csv, line);
  while (std::getline(csv, line)) steps.push_back(line.substr(0, line.find(',')));
  EXPECT_EQ(steps, (std::vector<std::string>{"80", "160", "200"}));  // every 80 and the final step

  const FieldData final_phi = Hdf5File::open_read((dir / "final.h5").string()).read_field("phi");
  PoreVolumeRequest request;
  request.threshold = analysis::PoreThreshold{analysis::PoreSide::below, 0.35};
  request.spacing_zyx_um = {0.05, 0.05, 0.05};
  const auto expected = analysis::to_json(analyze_volume(final_phi.values, final_phi.shape_zyx, false, request));
  std::ifstream in(dir / "pore_report.json");
  auto got = nlohmann::json::parse(in);
  got.erase("source");
  EXPECT_EQ(got, expected);
  // The quench must have made pores, or the comparison is empty.
  EXPECT_GT(got["porosity"].get<double>(), 0.1);
}

PF_INSTANTIATE_BACKENDS(InProcessAnalysisTest);

}  // namespace
}  // namespace pf::test
