// The Moulinec–Suquet elasticity solver (solver/mechanics/) against exact solutions:
//  - a homogeneous medium takes the applied macroscopic strain exactly;
//  - a two-phase laminate with layers normal to x: the strain components in the plane of the
//    layers equal the applied ones in both phases (Voigt, parallel), the normal components
//    follow from a uniform traction sigma.n (Reuss, series):
//      load along x: eps_xx,i = sigma_xx / M_i, sigma_xx = E_xx / <1/M>,  M = lambda + 2 mu;
//      load along y: eps_yy,i = E_yy, eps_xx,i = (sigma_xx - lambda_i E_yy) / M_i,
//                    sigma_xx = E_yy <lambda/M> / <1/M>.
//  The discrete fixed point of a laminate is exact (the Green operator of a field varying
//  along x only is 1/M0 times the mean-free projection), so the tolerance is the iteration's.
#include <gtest/gtest.h>

#include <cmath>

#include "solver/mechanics/elasticity.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

class MoulinecSuquetTest : public BackendTest {};

Grid laminate_grid() {
  Grid g;
  g.shape = {16, 4, 6};
  g.spacing = {0.7, 1.0, 1.3};
  return g;
}

TEST_P(MoulinecSuquetTest, HomogeneousMediumTakesTheAppliedStrain) {
  const Grid g = laminate_grid();
  const ElasticPhases phases = ElasticPhases::from_young(800, 0.4, 40, 0.45, 0.5);
  auto solver = make_elasticity_solver(g, phases, {1e-12, 100}, GetParam());
  const std::vector<double> phi(g.voxels(), 0.3);
  const SymTensor E{0.02, -0.01, 0.005, 0.003, -0.002, 0.001};
  const StrainField f = solver->solve(phi, {}, E);
  EXPECT_TRUE(f.converged);
  for (int c = 0; c < 6; ++c)
    for (double v : f.strain[c]) ASSERT_NEAR(v, E[c], 1e-15);
}

TEST_P(MoulinecSuquetTest, LaminateHasTheExactVoigtReussPartition) {
  const Grid g = laminate_grid();
  const ElasticPhases phases = ElasticPhases::from_young(800, 0.4, 40, 0.45, 0.5);
  auto solver = make_elasticity_solver(g, phases, {1e-13, 5000}, GetParam());
  // Layers normal to x: PP (phi = 1) for i < 5, copolymer (phi = 0) for the other 11.
  std::vector<double> phi(g.voxels());
  for (std::size_t v = 0; v < phi.size(); ++v) phi[v] = (v % 16) < 5 ? 1.0 : 0.0;
  const double f_pp = 5.0 / 16;
  auto lame = [](double K, double G) { return std::array<double, 2>{K - 2 * G / 3, G}; };
  const auto pp = lame(phases.bulk_pp, phases.shear_pp), rc = lame(phases.bulk_rc, phases.shear_rc);
  const double M_pp = pp[0] + 2 * pp[1], M_rc = rc[0] + 2 * rc[1];
  const double inv_M = f_pp / M_pp + (1 - f_pp) / M_rc;
  const double e = 0.01;

  {  // along x (normal to the layers): series
    const StrainField f = solver->solve(phi, {}, {e, 0, 0, 0, 0, 0});
    ASSERT_TRUE(f.converged) << f.iterations;
    const double sigma = e / inv_M;
    for (std::size_t v = 0; v < phi.size(); ++v) {
      const double M = phi[v] > 0.5 ? M_pp : M_rc;
      ASSERT_NEAR(f.strain[0][v], sigma / M, 1e-10 * e);
      for (int c = 1; c < 6; ++c) ASSERT_NEAR(f.strain[c][v], 0.0, 1e-10 * e);
    }
    EXPECT_NEAR(f.mean_stress[0], sigma, 1e-9 * sigma);
  }
  {  // along y (in the layers): parallel in y, with the Poisson coupling through the layers in x
    const StrainField f = solver->solve(phi, {}, {0, e, 0, 0, 0, 0});
    ASSERT_TRUE(f.converged) << f.iterations;
    const double lam_M = f_pp * pp[0] / M_pp + (1 - f_pp) * rc[0] / M_rc;
    const double sigma_xx = e * lam_M / inv_M;
    for (std::size_t v = 0; v < phi.size(); ++v) {
      const bool is_pp = phi[v] > 0.5;
      const double M = is_pp ? M_pp : M_rc, lambda = is_pp ? pp[0] : rc[0];
      ASSERT_NEAR(f.strain[1][v], e, 1e-10 * e);
      ASSERT_NEAR(f.strain[0][v], (sigma_xx - lambda * e) / M, 1e-10 * e);
      ASSERT_NEAR(f.strain[2][v], 0.0, 1e-10 * e);
    }
    // <sigma_yy> = Voigt-type average of lambda eps_xx + M eps_yy.
    double s_yy = 0;
    for (int pass = 0; pass < 2; ++pass) {
      const bool is_pp = pass == 0;
      const double M = is_pp ? M_pp : M_rc, lambda = is_pp ? pp[0] : rc[0];
      const double exx = (sigma_xx - lambda * e) / M;
      s_yy += (is_pp ? f_pp : 1 - f_pp) * (lambda * exx + M * e);
    }
    EXPECT_NEAR(f.mean_stress[1], s_yy, 1e-9 * std::abs(s_yy));
  }
}

TEST_P(MoulinecSuquetTest, SoftInclusionConcentratesStrain) {
  // A copolymer sphere in PP under uniaxial strain: the inclusion strains more than the applied
  // strain (Eshelby: a compliant inclusion's strain exceeds the far field), the mean stays E.
  Grid g;
  g.shape = {16, 16, 16};
  auto solver = make_elasticity_solver(g, ElasticPhases::from_young(800, 0.4, 40, 0.45, 0.5), {1e-8, 2000}, GetParam());
  std::vector<double> phi(g.voxels(), 1.0);
  for (int k = 0; k < 16; ++k)
    for (int j = 0; j < 16; ++j)
      for (int i = 0; i < 16; ++i)
        if ((i - 8) * (i - 8) + (j - 8) * (j - 8) + (k - 8) * (k - 8) <= 9) phi[(k * 16 + j) * 16 + i] = 0.0;
  const StrainField f = solver->solve(phi, {}, {0.01, 0, 0, 0, 0, 0});
  ASSERT_TRUE(f.converged);
  const std::size_t centre = (8 * 16 + 8) * 16 + 8;
  EXPECT_GT(f.strain[0][centre], 2 * 0.01);
  double mean = 0;
  for (double v : f.strain[0]) mean += v;
  EXPECT_NEAR(mean / double(f.strain[0].size()), 0.01, 1e-14);  // the mean is the applied strain
}

PF_INSTANTIATE_BACKENDS(MoulinecSuquetTest);

}  // namespace
}  // namespace pf::test
