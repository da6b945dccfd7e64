// One physics, two backends: the same run on CPU and CUDA agrees to round-off (noise
// included, since both draw the same counter-based numbers). Skipped without a GPU.
//
// "Round-off" after 100 steps is not a fixed number; the bound is measured on the CPU, not chosen:
// - the deterministic part: the CPU run repeated from an initial state changed by one ulp; FFTW
//   and cuFFT round differently, so the CUDA run may differ by kRoundingsPerStep such
//   disagreements per step, each amplified at most as much as the initial one;
// - the noise part: the noise's normals are single precision by design (solver/models/
//   counter_rng.hpp) and CUDA's logf/sincosf may differ from libm's by a few float ulps
//   (CUDA Programming Guide, "Mathematical Functions": logf 1 ulp, sinf/cosf 2 ulp), so each
//   step's noise increment, measured as the CPU's one-step change with noise minus without,
//   may differ by kNoiseUlps float ulps of itself.
// A physics difference (a wrong term, a wrong sign) is O(dt) per step, orders above both.
#include <fmt/format.h>

#include <algorithm>

#include "solver/initial/initial_condition.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

constexpr int kSteps = 100;
constexpr double kRoundingsPerStep = 10.0;
constexpr double kNoiseUlps = 16.0;

Config parity_config(const std::string& precision, double sigma) {
  return config_from(fmt::format(R"(
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
      precision = "{}"
      [noise]
      sigma = {}
    )", precision, sigma));
}

std::vector<double> run(const Config& c, BackendKind b, const std::vector<double>& phi0, int steps) {
  auto solver = make_solver(physics_from_config(c), b, c.time.double_precision ? Precision::float64 : Precision::float32);
  solver->set_state(phi0);
  for (int n = 0; n < steps; ++n) solver->step(0.1, n);
  std::vector<double> out(c.grid.voxels());
  solver->get_state(out);
  return out;
}

TEST(BackendParity, CpuAndCudaAgree) {
  std::string why;
  if (!cuda_device_usable(&why)) GTEST_SKIP() << why;
  for (const std::string precision : {"double", "float"}) {
    const Config c = parity_config(precision, 1e-3);
    const double ulp = c.time.double_precision ? 0x1p-52 : 0x1p-23;
    const std::vector<double> initial = make_initial_field(c);
    std::vector<double> nudged = initial;
    for (double& v : nudged) v *= 1.0 + ulp;

    const std::vector<double> cpu = run(c, BackendKind::cpu, initial, kSteps);
    const double amplified_ulp = std::max(max_abs_diff(cpu, run(c, BackendKind::cpu, nudged, kSteps)), ulp * 0.3);
    const double noise_step = max_abs_diff(run(c, BackendKind::cpu, initial, 1),
                                           run(parity_config(precision, 0.0), BackendKind::cpu, initial, 1));
    const double bound = kSteps * (kRoundingsPerStep * amplified_ulp + kNoiseUlps * 0x1p-23 * noise_step);
    const double diff = max_abs_diff(cpu, run(c, BackendKind::cuda, initial, kSteps));
    RecordProperty("max_abs_diff_" + precision, fmt::format("{:.3e}", diff));
    RecordProperty("bound_" + precision, fmt::format("{:.3e}", bound));
    fmt::print("{}: CPU vs CUDA {:.3e}; bound {:.3e} (one-ulp nudge grows to {:.3e}, one step's noise {:.3e})\n",
               precision, diff, bound, amplified_ulp, noise_step);
    EXPECT_LT(diff, bound) << precision;
  }
}

}  // namespace
}  // namespace pf::test
