// Physics of stretching a phase-separated structure (MODEL.md §5). A bicontinuous structure
// from spinodal decomposition (symmetric double well, phi0 = 0.5) is stretched uniaxially and
// incompressibly, lambda_x = lambda, lambda_y = lambda_z = lambda^(-1/2):
//  - with frozen dynamics (mobility_factor = 0) every domain follows the material, so the
//    domain-size ratio along/across the stretch grows by exactly lambda_x / lambda_y =
//    lambda^(3/2); the reference is that number, the measurement the structure factor's first
//    moments along each axis, taken on whatever grid the remeshing left;
//  - with the dynamics on again during a hold, interfacial tension relaxes the elongated
//    domains back toward isotropy: the ratio decreases at every checkpoint.
#include "deformation_support.hpp"

namespace pf::test {
namespace {

const char* stretch_config = R"(
[grid]
shape = [32, 32, 32]
[model]
free_energy = "double_well"
rho = 1.0
c_alpha = 0.0
c_beta = 1.0
kappa = 0.5
M0 = 1.0
[initial]
kind = "uniform_noise"
c0 = 0.5
amplitude = 0.02
seed = 7
[time]
dt = 0.1
stabilization = 1.0
[[stage]]
kind = "hold"
duration = 40.0
[[stage]]
kind = "stretch"
mode = "uniaxial"
ratio_md = 2.0
duration = 1.0
mobility_factor = 0.0
[[stage]]
kind = "hold"
duration = 40.0
)";

class StretchPhysics : public BackendTest {};

TEST_P(StretchPhysics, FrozenUniaxialStretchScalesDomainRatioThenItRelaxes) {
  const Config c = config_from(stretch_config);
  DeformingDomain domain = make_domain(c, GetParam());
  domain.solver().set_state(make_initial_field(c));
  auto ratio = [&] {
    std::vector<double> phi(domain.grid().voxels());
    domain.solver().get_state(phi);
    const auto L = domain_sizes(phi, domain.grid());
    return std::array<double, 3>{L[0] / L[1], L[0] / L[2], L[0]};
  };
  std::vector<std::array<double, 3>> at_stage_end, during_final_hold;
  CallbackObserver obs;
  long long final_hold_start = -1;
  obs.on_stage_end = [&](const StageRecord& r) {
    at_stage_end.push_back(ratio());
    if (r.index == 1) final_hold_start = r.last_step;
  };
  obs.on_step = [&](long long step, double, bool) {
    if (final_hold_start >= 0 && (step - final_hold_start) % 100 == 0) during_final_hold.push_back(ratio());
  };
  Pipeline pipeline(c, make_stages(c), domain);
  pipeline.run(obs);
  ASSERT_EQ(at_stage_end.size(), 3u);
  ASSERT_EQ(obs.remeshes.size(), 1u);  // cell aspect 2^(3/2) > 2: the stretch remeshed once
  EXPECT_GT(obs.remeshes[0].new_grid.shape[0], 32);

  // Spinodal decomposition gave an isotropic structure (a sanity check, not the claim) with
  // domains several cells wide.
  EXPECT_NEAR(at_stage_end[0][0], 1.0, 0.15);
  EXPECT_GT(at_stage_end[0][2], 4.0);

  const double expect = std::pow(2.0, 1.5);
  EXPECT_NEAR(at_stage_end[1][0] / at_stage_end[0][0], expect, 1e-10 * expect);  // x vs y
  EXPECT_NEAR(at_stage_end[1][1] / at_stage_end[0][1], expect, 1e-10 * expect);  // x vs z

  // Relaxation: the anisotropy decreases at every checkpoint of the final hold and ends below
  // where it started.
  ASSERT_GE(during_final_hold.size(), 4u);
  double previous = at_stage_end[1][0];
  for (const auto& r : during_final_hold) {
    EXPECT_LT(r[0], previous);
    previous = r[0];
  }
  EXPECT_LT(at_stage_end[2][0], at_stage_end[1][0]);
  std::printf("domain ratio Lx/Ly: after spinodal %.4f, after frozen stretch %.4f (x %.6f, expect %.6f), after hold %.4f\n",
              at_stage_end[0][0], at_stage_end[1][0], at_stage_end[1][0] / at_stage_end[0][0], expect, at_stage_end[2][0]);
}

PF_INSTANTIATE_BACKENDS(StretchPhysics);

}  // namespace
}  // namespace pf::test
