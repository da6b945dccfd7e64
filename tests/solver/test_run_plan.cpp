// The run plan: its memory estimate is the solver's own allocation, and a run that cannot fit
// is refused before anything is allocated or written.
#include <fstream>

#include "io/output_directory.hpp"
#include "solver/core/errors.hpp"
#include "solver/run/run_plan.hpp"
#include "solver/run/run_simulation.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

std::string config_text(const std::string& shape, const std::string& extra_model, const std::string& extra_time) {
  return "[grid]\nshape = " + shape + "\nboundary_z = \"no_flux\"\n[model]\nfree_energy = \"double_well\"\nkappa = 1.0\n" +
         extra_model + "\n[initial]\nkind = \"uniform_noise\"\n[time]\ndt = 0.1\nend = 1.0\n" + extra_time + "\n";
}

class RunPlanMemory : public BackendTest {};

TEST_P(RunPlanMemory, EstimateEqualsWhatTheSolverAllocates) {
  for (const auto& [model, time] : std::vector<std::pair<std::string, std::string>>{
           {"", ""}, {"mobility = \"slow_mode\"", ""}, {"", "adaptive = true\nprecision = \"float\""}}) {
    const Config c = config_from(config_text("[12, 10, 6]", model, time));
    auto solver = solver_for(c);
    if (c.time.adaptive) solver->save_state();
    EXPECT_EQ(solver_buffer_bytes(physics_from_config(c), solver->precision(), c.time.adaptive), solver->bytes_allocated())
        << model << time;
  }
}

PF_INSTANTIATE_BACKENDS(RunPlanMemory);

TEST(RunPlan, NamesDerivedQuantities) {
  const Config c = config_from(config_text("[12, 10, 6]", "", "") + "[output]\nevery = 3\n");
  const RunPlan p = plan_run(c, BackendKind::cpu);
  EXPECT_EQ(p.compute_shape, (std::array<int, 3>{12, 10, 12}));  // no_flux mirrors z
  EXPECT_EQ(p.estimated_steps, 10);
  EXPECT_EQ(p.snapshots, 4);  // steps 0, 3, 6, 9
  const std::string text = describe_plan(c, p);
  EXPECT_NE(text.find("10 estimated"), std::string::npos) << text;
  EXPECT_NE(text.find("mirrored: FFTs on 12 x 10 x 12"), std::string::npos) << text;
}

TEST(RunPlan, RunThatCannotFitIsRefusedBeforeWriting) {
  const Config c = config_from(config_text("[16384, 16384, 16384]", "", ""));
  const auto dir = temp_dir() / "never";
  RunOptions options;
  options.output_dir = dir.string();
  options.backend = BackendKind::cpu;
  try {
    run_simulation(c, options);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("test.toml:2: [grid] shape: [16384, 16384, 16384]"), std::string::npos) << m;
    EXPECT_NE(m.find("MemAvailable"), std::string::npos) << m;
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(OutputDirectory, RefusesNonEmptyUnlessOverwriting) {
  const auto dir = temp_dir();
  EXPECT_NO_THROW(check_output_directory(dir, false));  // exists, empty
  std::ofstream(dir / "energy.csv") << "old";
  std::ofstream(dir / "notes.txt") << "mine";
  EXPECT_THROW(check_output_directory(dir, false), InputError);
  EXPECT_NO_THROW(check_output_directory(dir, true));
  prepare_output_directory(dir, true);
  EXPECT_FALSE(std::filesystem::exists(dir / "energy.csv"));  // the earlier run's file, replaced
  EXPECT_TRUE(std::filesystem::exists(dir / "notes.txt"));    // anything else is left alone
  EXPECT_THROW(check_output_directory(dir / "notes.txt", true), InputError);
  EXPECT_THROW(check_output_directory(dir / "notes.txt" / "sub", false), InputError);
}

}  // namespace
}  // namespace pf::test
