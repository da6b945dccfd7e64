// One physics, two backends: the same run on CPU and CUDA agrees to round-off (noise
// included, since both draw the same counter-based numbers). Skipped without a GPU.
#include "solver/initial/initial_condition.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

TEST(BackendParity, CpuAndCudaAgree) {
  std::string why;
  if (!cuda_device_usable(&why)) GTEST_SKIP() << why;
  for (const char* precision : {"double", "float"}) {
    const Config c = config_from(std::string(R"(
      [grid]
      shape = [32, 24, 16]
      boundary_z = "no_flux"
      [model]
      free_energy = "flory_huggins"
      N_A = 20.0
      chi_A = 0.9
      kappa = 1.0
      mobility = "slow_mode"
      m_A = 0.3
      [initial]
      kind = "uniform_noise"
      c0 = 0.3
      amplitude = 0.05
      [time]
      dt = 0.1
      end = 10.0
      stabilization = 1.0
      precision = ")") + precision + R"("
      [noise]
      sigma = 1e-3
    )");
    std::vector<std::vector<double>> result;
    for (BackendKind b : {BackendKind::cpu, BackendKind::cuda}) {
      auto solver = make_solver(physics_from_config(c), b, c.time.double_precision ? Precision::float64 : Precision::float32);
      solver->set_state(make_initial_field(c));
      for (int n = 0; n < 100; ++n) solver->step(0.1, n);
      result.emplace_back(c.grid.voxels());
      solver->get_state(result.back());
    }
    const double diff = max_abs_diff(result[0], result[1]);
    RecordProperty(std::string("max_abs_diff_") + precision, std::to_string(diff));
    EXPECT_LT(diff, std::string(precision) == "double" ? 1e-10 : 1e-3) << precision;
  }
}

}  // namespace
}  // namespace pf::test
