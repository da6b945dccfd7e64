// The adaptive step's "deterministic" change measure (configs/README.md, [time] change_measure):
// the semi-implicit update is linear in the flux, so a noisy step's change less its noise share
// must equal the change of the same step taken without noise from the same state. The reference
// is an independent solver with sigma = 0, not the noise-share code; a wrong sign of the mirrored
// z noise, a wrong dt or step index in the redraw, or a missing factor would all break equality.
#include <fmt/format.h>

#include "solver/initial/initial_condition.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

class DeterministicChange : public BackendTest {};

Config noisy_blend(double sigma) {
  return config_from(fmt::format(R"(
    [grid]
    shape = [16, 12, 10]
    spacing = [1.0, 1.1, 0.9]
    boundary_z = "no_flux"
    [model]
    free_energy = "flory_huggins"
    N_A = 1.0
    N_B = 1.0
    chi_A = 3.0
    kappa = 1.0
    M0 = 1.0
    mobility = "slow_mode"
    [initial]
    kind = "uniform_noise"
    c0 = 0.45
    amplitude = 0.05
    seed = 3
    [time]
    dt = 0.05
    end = 1.0
    stabilization = 1.0
    precision = "double"
    adaptive = true
    [noise]
    sigma = {}
    seed = 5
  )", sigma));
}

TEST_P(DeterministicChange, EqualsTheChangeOfTheSameStepWithoutNoise) {
  const Config noisy = noisy_blend(1e-3), quiet = noisy_blend(0);
  auto a = solver_for(noisy), b = solver_for(quiet);
  std::vector<double> phi = make_initial_field(noisy);
  a->set_state(phi);
  for (std::uint64_t s = 0; s < 5; ++s) a->step(0.05, s);  // a rough, noisy state to start from
  a->get_state(phi);

  for (const double dt : {0.02, 0.3}) {
    a->set_state(phi);
    b->set_state(phi);
    a->save_state();
    b->save_state();
    a->step(dt, 7);
    b->step(dt, 7);
    const double deterministic = a->max_change_from_saved(true), reference = b->max_change_from_saved(false);
    const double total = a->max_change_from_saved(false);
    ASSERT_GT(reference, 0) << dt;
    // Round-off only: the two solvers differ by the noise flux's FFTs (double, 1920 voxels).
    EXPECT_NEAR(deterministic, reference, 1e-9 * reference) << fmt::format("dt = {}", dt);
    // The comparison means something: the noise is a sizeable part of this step's change.
    EXPECT_GT(std::abs(total - reference), 0.05 * reference) << fmt::format("dt = {}", dt);
    // Without noise both measures are the same number.
    EXPECT_EQ(b->max_change_from_saved(true), reference);
  }
}

PF_INSTANTIATE_BACKENDS(DeterministicChange);

}  // namespace
}  // namespace pf::test
