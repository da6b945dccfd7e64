// The Moulinec–Suquet elasticity solver (solver/mechanics/) against exact solutions:
//  - a homogeneous medium takes the applied macroscopic strain exactly;
//  - a two-phase laminate with layers normal to x: the strain components in the plane of the
//    layers equal the applied ones in both phases (Voigt, parallel), the normal components
//    follow from a uniform traction sigma.n (Reuss, series):
//      load along x: eps_xx,i = sigma_xx / M_i, sigma_xx = E_xx / <1/M>,  M = lambda + 2 mu;
//      load along y: eps_yy,i = E_yy, eps_xx,i = (sigma_xx - lambda_i E_yy) / M_i,
//                    sigma_xx = E_yy <lambda/M> / <1/M>.
//  Both schemes (basic fixed point, conjugate gradients) at contrast 20, and conjugate gradients
//  at contrast 1e4, where the basic scheme would need tens of thousands of iterations.
//  The discrete fixed point of a laminate is exact (the Green operator of a field varying
//  along x only is 1/M0 times the mean-free projection), so the tolerance is the iteration's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

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

// Layer i normal to x has PP fraction layer_phi[i]; its moduli are the solver's linear
// interpolation in phi (elasticity.hpp). Solves the laminate and checks the exact partition.
void check_laminate(const std::vector<double>& layer_phi, const ElasticPhases& phases, const ElasticityOptions& options,
                    BackendKind backend) {
  const Grid g = laminate_grid();
  auto solver = make_elasticity_solver(g, phases, options, backend);
  std::vector<double> phi(g.voxels());
  for (std::size_t v = 0; v < phi.size(); ++v) phi[v] = layer_phi[v % 16];
  std::vector<double> M(16), lambda(16);
  double inv_M = 0, lam_M = 0;
  for (int i = 0; i < 16; ++i) {
    const double K = phases.bulk_rc + layer_phi[i] * (phases.bulk_pp - phases.bulk_rc);
    const double G = phases.shear_rc + layer_phi[i] * (phases.shear_pp - phases.shear_rc);
    lambda[i] = K - 2 * G / 3;
    M[i] = lambda[i] + 2 * G;
    inv_M += 1 / M[i] / 16;
    lam_M += lambda[i] / M[i] / 16;
  }
  const double e = 0.01;

  {  // along x (normal to the layers): series
    const StrainField f = solver->solve(phi, {}, {e, 0, 0, 0, 0, 0});
    ASSERT_TRUE(f.converged) << f.iterations;
    std::printf("laminate, load along x: %d iterations\n", f.iterations);
    const double sigma = e / inv_M;
    for (std::size_t v = 0; v < phi.size(); ++v) {
      ASSERT_NEAR(f.strain[0][v], sigma / M[v % 16], 1e-10 * e);
      for (int c = 1; c < 6; ++c) ASSERT_NEAR(f.strain[c][v], 0.0, 1e-10 * e);
    }
    EXPECT_NEAR(f.mean_stress[0], sigma, 1e-9 * sigma);
  }
  {  // along y (in the layers): parallel in y, with the Poisson coupling through the layers in x
    const StrainField f = solver->solve(phi, {}, {0, e, 0, 0, 0, 0});
    ASSERT_TRUE(f.converged) << f.iterations;
    const double sigma_xx = e * lam_M / inv_M;
    for (std::size_t v = 0; v < phi.size(); ++v) {
      ASSERT_NEAR(f.strain[1][v], e, 1e-10 * e);
      ASSERT_NEAR(f.strain[0][v], (sigma_xx - lambda[v % 16] * e) / M[v % 16], 1e-10 * e);
      ASSERT_NEAR(f.strain[2][v], 0.0, 1e-10 * e);
    }
    // <sigma_yy> = Voigt-type average of lambda eps_xx + M eps_yy.
    double s_yy = 0;
    for (int i = 0; i < 16; ++i) s_yy += (lambda[i] * (sigma_xx - lambda[i] * e) / M[i] + M[i] * e) / 16;
    EXPECT_NEAR(f.mean_stress[1], s_yy, 1e-9 * std::abs(s_yy));
  }
}

TEST_P(MoulinecSuquetTest, LaminateHasTheExactVoigtReussPartition) {
  // PP (phi = 1) for i < 5, copolymer (phi = 0) for the other 11; contrast 20.
  std::vector<double> layers(16, 0.0);
  std::fill(layers.begin(), layers.begin() + 5, 1.0);
  const ElasticPhases phases = ElasticPhases::from_young(800, 0.4, 40, 0.45, 0.5);
  check_laminate(layers, phases, {1e-13, 5000, ElasticityScheme::basic}, GetParam());
  check_laminate(layers, phases, {1e-13, 5000, ElasticityScheme::conjugate_gradient}, GetParam());
}

// Stiff PP against a rubbery copolymer: Young's moduli 800 vs 0.08 MPa (contrast 1e4) and the
// copolymer nearly incompressible (nu 0.49), so the Lame moduli span more than 1e5. The basic
// scheme's error contracts by (c - 1)/(c + 1) per iteration (about 1 - 2e-4 here: tens of
// thousands of iterations); conjugate gradients must reach the exact partition within 1000.
// Graded layers (16 distinct moduli, phi = (i/15)^4) so that the Krylov space is not trivial:
// with two phases a laminate is solved by one CG step.
TEST_P(MoulinecSuquetTest, ConjugateGradientsSolveTheLaminateAtContrastTenThousand) {
  std::vector<double> layers(16);
  for (int i = 0; i < 16; ++i) layers[i] = std::pow(i / 15.0, 4);
  const ElasticPhases phases = ElasticPhases::from_young(800, 0.4, 0.08, 0.49, 0.5);
  check_laminate(layers, phases, {1e-13, 1000, ElasticityScheme::conjugate_gradient}, GetParam());
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
