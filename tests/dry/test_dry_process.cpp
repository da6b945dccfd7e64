// The dry process of seed 001 at CI size (docs/dry_process.md §5):
//  - morphology follows composition: the copolymer phase is one connected network near the
//    symmetric composition and broken into droplets at high PP content (measured by the share
//    of copolymer voxels in the largest 6-connected component, analysis::label_components);
//  - a frozen draft elongates domains along MD by lambda^(3/2) relative to TD (affine,
//    incompressible uniaxial: L_x scales by lambda, L_y by lambda^(-1/2));
//  - `cavitate` opens pores only in copolymer-rich voxels, porosity grows with the stretch
//    ratio, and the pores connect into through-holes (across z) above some stretch.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "dry/dry_support.hpp"

namespace pf::test {
namespace {

// Reference: percolation of a minority phase. At 50 wt% the copolymer (49 vol%) is one network;
// at 90 wt% (10.6 vol%) it must break up into droplets as the structure coarsens. Measured at
// 32^3, t = 80: 1.000 and 0.460 (scripts/plots/dry_morphology.py gives the whole curve).
TEST(DryMorphology, CopolymerIsContinuousNearSymmetricAndDropletsAtHighPP) {
  const double symmetric = copolymer_connectivity(run_pipeline(blend_config(50, 1, 1, hold_stage(80.0))));
  const double pp_rich = copolymer_connectivity(run_pipeline(blend_config(90, 1, 1, hold_stage(80.0))));
  std::printf("connectivity of the copolymer: 50 wt%% PP %.3f, 90 wt%% PP %.3f\n", symmetric, pp_rich);
  EXPECT_GT(symmetric, 0.95);
  EXPECT_GT(pp_rich, 0.0) << "the 90 wt% blend must have phase-separated";
  EXPECT_LT(pp_rich, 0.6);
}

// The shift of the transition with the MFR (mobility) ratio: tests/dry/test_dry_transition.cpp
// (pf_tests_long).

TEST(DryDraft, FrozenDraftElongatesDomainsByLambdaToThreeHalves) {
  const std::string stages = R"(
[[stage]]
kind = "hold"
duration = 40.0
[[stage]]
kind = "draft"
ratio = 3.0
duration = 1.0
dt = 0.1
mobility_factor = 0.0
)";
  const Config c = config_from(blend_config(55, 3, 1.5, stages));
  DeformingDomain domain = make_domain(c, BackendKind::cpu);
  domain.solver().set_state(make_initial_field(c));
  std::array<double, 3> before{}, after{};
  CallbackObserver obs;
  std::vector<double> phi;
  obs.on_stage_end = [&](const StageRecord& r) {
    phi.resize(domain.grid().voxels());
    domain.solver().get_state(phi);
    (r.kind == "hold" ? before : after) = domain_sizes(phi, domain.grid());
  };
  Pipeline(c, make_stages(c), domain).run(obs);
  const double expected = std::pow(3.0, 1.5);
  const double measured = (after[0] / after[1]) / (before[0] / before[1]);
  std::printf("draft 3: (Lx/Ly) after / before = %.6f, lambda^1.5 = %.6f\n", measured, expected);
  EXPECT_NEAR(measured, expected, 1e-9 * expected);
}

const char* cavitate_stages = R"(
[[stage]]
kind = "hold"
duration = 40.0
[[stage]]
kind = "cavitate"
mode = "uniaxial"
ratio_md = 3.0
duration = 2.0
dt = 0.1
mobility_factor = 0.0
critical_strain = 1.0
evaluate_every = 2
)";

TEST(DryCavitation, PoresOnlyInCopolymerGrowWithStretchAndPercolate) {
  const Evolved e = run_pipeline(blend_config(50, 3, 1.5, cavitate_stages, 24));
  ASSERT_FALSE(e.pore.empty());
  // Only inside copolymer-rich voxels (no remesh here, so pore and phi share the grid).
  long pores = 0;
  for (std::size_t i = 0; i < e.pore.size(); ++i)
    if (e.pore[i]) {
      ++pores;
      ASSERT_LT(e.phi[i], 0.5) << "pore at a PP-rich voxel " << i;
    }
  EXPECT_GT(pores, 0);
  // Porosity along the stretch.
  double last = 0;
  int first_through = -1;
  std::printf("lambda  porosity  through\n");
  for (std::size_t s = 0; s < e.pores_by_lambda.size(); ++s) {
    const auto& [lambda, m] = e.pores_by_lambda[s];
    const double eps = double(std::count(m.begin(), m.end(), 1)) / double(m.size());
    const auto labels = analysis::label_components(mask_of(e.grid, m), 6, true);
    const auto& L = labels.labels;
    const std::int64_t slice = L.shape.slice_size(), nz = L.shape.nz;
    std::set<int> bottom, top;
    for (std::int64_t i = 0; i < slice; ++i) {
      if (L.data[i] > 0) bottom.insert(L.data[i]);
      if (L.data[(nz - 1) * slice + i] > 0) top.insert(L.data[(nz - 1) * slice + i]);
    }
    bool through = false;
    for (int l : bottom) through |= top.count(l) > 0;
    if (through && first_through < 0) first_through = int(s);
    std::printf("%.3f  %.4f  %d\n", lambda, eps, int(through));
    EXPECT_GE(eps, last);
    last = eps;
  }
  const double eps_first = double(std::count(e.pores_by_lambda.front().second.begin(), e.pores_by_lambda.front().second.end(), 1));
  EXPECT_GT(last * e.pore.size(), eps_first) << "porosity must grow with stretch";
  ASSERT_GE(first_through, 1) << "no through-holes at the start of the stretch, some later";
}

}  // namespace
}  // namespace pf::test
