// The copolymer's continuity transition shifts with the MFR (mobility) ratio
// (docs/dry_process.md §5). pf_tests_long: 48 small 2D runs, about 11 s on one core.
//
// Prediction. In the slow-mode mobility (MODEL.md §1) the transport inside a phase is carried by
// its minority chains: deep in the PP-rich phase M ~ N (1 - phi) m_RC, deep in the copolymer-rich
// phase M ~ N phi m_PP. With MFR_pp/MFR_rc = 100 (m_PP/m_RC = 100) the PP-rich phase is
// therefore the dynamically slow one, with 1/100 the copolymer-rich phase's mobility. A slow
// phase keeps a connected network at compositions where a symmetric mixture would already have
// broken it up (percolation inversion in model-B spinodal decomposition with kinetic asymmetry:
// Sappelt & Jäckle, Physica A 240 (1997) 453; viscoelastic phase separation: Tanaka, J. Phys.:
// Condens. Matter 12 (2000) R207). So at ratio 100 the PP network forms at lower PP content and
// the copolymer loses its continuity at lower PP content than at ratio 1/100. (The melt-blending
// rule of Paul & Barlow / Jordhamo, phi_PP/phi_RC = eta_PP/eta_RC at phase inversion, points the
// same way: a higher MFR_pp, a less viscous PP, makes PP the matrix; it comes from flow, which
// model B does not have, so only the sign is compared, not the size.)
//
// Measurement. 64 x 64 (2D, where exactly one phase spans the box, so the transition is sharp),
// a hold to t = 40 from the noisy uniform melt, 6 noise seeds per point; the connectivity is the
// share of copolymer (phi < 1/2) in its largest 4-connected periodic cluster, averaged over the
// seeds; the transition composition is where it crosses 1/2, interpolated linearly on the ladder
// 53, 56, 59, 62 wt% PP. Measured: ratio 1/100 59.57 wt%, ratio 100 53.89 wt% (shift -5.7 wt%); at
// t = 80 the shift is about -3 wt% (the slow network is partly transient, as Sappelt & Jäckle
// found). The assertion is the sign with a margin of half a ladder step.
#include <gtest/gtest.h>

#include <cstdio>

#include "dry/dry_support.hpp"

namespace pf::test {
namespace {

// wt% PP where the seed-averaged connectivity crosses 1/2 (NaN when the ladder does not bracket it).
double transition_wt(double mfr_ratio, const std::vector<double>& ladder, int seeds) {
  std::vector<double> mean;
  for (double wt : ladder) {
    double sum = 0;
    for (int s = 1; s <= seeds; ++s) sum += copolymer_connectivity(run_pipeline(blend_config(wt, mfr_ratio, 1, hold_stage(40.0), 64, s, true)));
    mean.push_back(sum / seeds);
    std::printf("MFR ratio %g, %.0f wt%% PP: copolymer connectivity %.3f\n", mfr_ratio, wt, mean.back());
  }
  for (std::size_t i = 0; i + 1 < ladder.size(); ++i)
    if (mean[i] >= 0.5 && mean[i + 1] < 0.5)
      return ladder[i] + (ladder[i + 1] - ladder[i]) * (mean[i] - 0.5) / (mean[i] - mean[i + 1]);
  return std::nan("");
}

TEST(DryMorphology, TransitionCompositionFallsWhenPPIsTheMoreMobileComponent) {
  const std::vector<double> ladder{53, 56, 59, 62};
  const double slow_pp = transition_wt(0.01, ladder, 6), fast_pp = transition_wt(100, ladder, 6);
  std::printf("transition: MFR ratio 0.01 %.2f wt%%, 100 %.2f wt%% PP\n", slow_pp, fast_pp);
  ASSERT_FALSE(std::isnan(slow_pp)) << "ratio 0.01: the ladder does not bracket the transition";
  ASSERT_FALSE(std::isnan(fast_pp)) << "ratio 100: the ladder does not bracket the transition";
  EXPECT_LT(fast_pp, slow_pp - 1.5);
}

}  // namespace
}  // namespace pf::test
