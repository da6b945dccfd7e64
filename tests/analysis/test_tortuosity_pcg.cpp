// The conjugate-gradient loop of the tortuosity (solve_tortuosity, tortuosity_pcg.hpp) on a
// problem small enough to write out: a chain of nz voxels between the two Dirichlet faces whose
// face conductances vary along z, so the open-slab start is not the solution. Compared with the
// series-conductance formula F = 1 / (1/g_inlet + sum 1/g_k + 1/g_outlet), which the loop does not
// use. The fake preconditioner can be made indefinite (z = -r / diag) to check the fallback.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "analysis/metrics/tortuosity_pcg.hpp"

namespace pf::analysis {
namespace {

class ChainOps {
 public:
  // g[k], k = 1 .. nz - 1: conductance between voxels k - 1 and k; face: to each Dirichlet face.
  // From precondition() call number `bad_from` + 1 on, the preconditioner is indefinite until
  // weaken_preconditioner() has been called `bad` times (-1: it never gets better).
  ChainOps(std::vector<double> g, double face, int bad_from, int bad)
      : g_(std::move(g)), face_(face), bad_from_(bad_from), bad_(bad), n_(g_.size()), r_(n_), p_(n_), z_(n_), ap_(n_) {
    for (std::size_t k = 0; k < n_; ++k) p_[k] = open_slab_concentration(std::int64_t(k), std::int64_t(n_));
    multiply(p_, ap_);
    for (std::size_t k = 0; k < n_; ++k) r_[k] = (k == 0 ? face_ : 0.0) - ap_[k];
  }

  std::vector<double> plane_fluxes(double inlet) const {
    std::vector<double> f(n_ + 1);
    f[0] = face_ * (inlet - p_[0]);
    for (std::size_t k = 1; k < n_; ++k) f[k] = g_[k] * (p_[k - 1] - p_[k]);
    f[n_] = face_ * p_[n_ - 1];
    return f;
  }
  void precondition() {
    const double sign = ++calls_ > bad_from_ && bad_ != 0 ? -1.0 : 1.0;
    for (std::size_t k = 0; k < n_; ++k) z_[k] = sign * r_[k] / diagonal(k);
  }
  bool weaken_preconditioner() {
    ++weakened;
    if (bad_ < 0) return false;
    if (bad_ > 0) --bad_;
    return true;
  }
  void start_direction() { p_ = z_; }
  double dot_rz() const { return dot(r_, z_); }
  double apply() {
    multiply(p_, ap_);
    return dot(p_, ap_);
  }
  void step(double alpha) {
    for (std::size_t k = 0; k < n_; ++k) r_[k] -= alpha * ap_[k];
  }
  void next_direction(double beta) {
    for (std::size_t k = 0; k < n_; ++k) p_[k] = z_[k] + beta * p_[k];
  }

  int weakened = 0;

 private:
  std::vector<double> g_;
  double face_;
  int bad_from_, bad_, calls_ = 0;
  std::size_t n_;
  std::vector<double> r_, p_, z_, ap_;

  double left(std::size_t k) const { return k == 0 ? face_ : g_[k]; }
  double right(std::size_t k) const { return k + 1 == n_ ? face_ : g_[k + 1]; }
  double diagonal(std::size_t k) const { return left(k) + right(k); }
  void multiply(const std::vector<double>& x, std::vector<double>& y) const {
    for (std::size_t k = 0; k < n_; ++k)
      y[k] = diagonal(k) * x[k] - (k > 0 ? g_[k] * x[k - 1] : 0.0) - (k + 1 < n_ ? g_[k + 1] * x[k + 1] : 0.0);
  }
  static double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
    return s;
  }
};

const std::vector<double> kConductances = {0.0, 1.0, 0.25, 3.0, 0.5, 2.0, 0.125, 1.5};  // g[0] unused
constexpr double kFace = 2.0;

// tau of the chain by the series formula: porosity 1, F_open = 1 / nz (unit spacing).
double series_tortuosity() {
  double resistance = 2.0 / kFace;
  for (std::size_t k = 1; k < kConductances.size(); ++k) resistance += 1.0 / kConductances[k];
  return (1.0 / double(kConductances.size())) * resistance;
}

TortuosityResult solve_chain(ChainOps& ops) {
  TortuosityResult r = tortuosity_start(std::int64_t(kConductances.size()), std::int64_t(kConductances.size()),
                                        std::int64_t(kConductances.size()));
  TortuosityOptions o;
  o.flux_tolerance = 1e-12;
  o.max_iterations = 100;
  solve_tortuosity(ops, Shape{std::int64_t(kConductances.size()), 1, 1}, Spacing{}, o, r);
  return r;
}

TEST(TortuosityPcg, ChainMatchesTheSeriesConductance) {
  ChainOps ops(kConductances, kFace, 0, 0);
  const TortuosityResult r = solve_chain(ops);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.tortuosity, series_tortuosity(), 1e-10 * series_tortuosity());
  EXPECT_EQ(r.preconditioner_fallbacks, 0);
  EXPECT_EQ(ops.weakened, 0);
}

// An indefinite preconditioner (r . z < 0), from the start or from the third iteration on, makes
// the loop weaken it and restart, not iterate on a direction that is not a descent direction.
TEST(TortuosityPcg, FallsBackFromAnIndefinitePreconditioner) {
  for (const auto& [from, bad] : {std::pair{0, 1}, std::pair{0, 2}, std::pair{2, 1}}) {
    ChainOps ops(kConductances, kFace, from, bad);
    const TortuosityResult r = solve_chain(ops);
    EXPECT_TRUE(r.converged) << from << " " << bad;
    EXPECT_NEAR(r.tortuosity, series_tortuosity(), 1e-10 * series_tortuosity()) << from << " " << bad;
    EXPECT_EQ(r.preconditioner_fallbacks, bad);
  }
}

TEST(TortuosityPcg, StopsUnconvergedWhenNoPreconditionerIsPositive) {
  ChainOps ops(kConductances, kFace, 0, -1);
  const TortuosityResult r = solve_chain(ops);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(ops.weakened, 1);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_GT(r.flux_deviation, 1e-3);  // the open-slab start's fluxes are far from uniform here
}

}  // namespace
}  // namespace pf::analysis
