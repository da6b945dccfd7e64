// Exactness of the deformation engine (MODEL.md §5: "a stretched periodic cosine must remain
// the same function of the deformed coordinates"):
//  - a cosine field on a grid deformed by lambda, then one Cahn–Hilliard step, equals the closed
//    form of that step for the same cosine written in the deformed coordinates (stretched k);
//  - spectral resampling reproduces band-limited cosine sums on the new nodes (periodic axes and
//    the cosine series of a no-flux z), and up- then down-sampling returns any field;
//  - the mean of phi is conserved to 1e-12 through draft, stretch and remeshing.
#include <fmt/format.h>

#include <numbers>
#include <random>

#include "deformation_support.hpp"
#include "solver/process/resample.hpp"

namespace pf::test {
namespace {

constexpr double two_pi = 2 * std::numbers::pi;

// Double well rho (phi - 0.3)^2 (0.7 - phi)^2, constant mobility, A = 0: for
// phi = 0.5 + eps cos(theta), f'(phi) = 4 rho [(3 eps^3/4 - d^2 eps) cos(theta) + eps^3/4 cos(3 theta)]
// with d = 0.2, so the scheme identity of MODEL.md §2 gives the step in closed form.
const char* cosine_config = R"(
[grid]
shape = [16, 16, 10]
spacing = [1.0, 0.8, 1.2]
[model]
free_energy = "double_well"
rho = 5.0
c_alpha = 0.3
c_beta = 0.7
kappa = 2.0
M0 = 1.5
[initial]
kind = "uniform_noise"
[time]
dt = 0.05
end = 1.0
)";

class DeformedCosineStep : public BackendTest {};

TEST_P(DeformedCosineStep, EqualsClosedFormWithStretchedWavenumbers) {
  const Config c = config_from(cosine_config);
  const std::array<int, 3> m{1, 2, 1};  // 3m stays below every Nyquist index
  const double eps = 0.05, d = 0.2, rho = 5, kappa = 2, M = 1.5, dt = 0.05;
  const auto [nx, ny, nz] = c.grid.shape;
  std::vector<double> phi(c.grid.voxels()), theta(c.grid.voxels());
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const std::size_t idx = (std::size_t(k) * ny + j) * nx + i;
        theta[idx] = two_pi * (double(m[0] * i) / nx + double(m[1] * j) / ny + double(m[2] * k) / nz);
        phi[idx] = 0.5 + eps * std::cos(theta[idx]);
      }
  const std::array<std::array<double, 3>, 4> lambdas{{{2.5, 1 / std::sqrt(2.5), 1 / std::sqrt(2.5)},
                                                      {3.0, 2.0, 1.0 / 6.0},
                                                      {0.7, 1.3, 1.1},
                                                      {1.0, 1.0, 1.0}}};
  for (const auto& lambda : lambdas) {
    DeformingDomain domain = make_domain(c, GetParam());
    domain.solver().set_state(phi);
    // Deform in ten increments with frozen dynamics in between: node values must not change.
    domain.set_mobility_factor(0);
    for (int n = 1; n <= 10; ++n) {
      const double s = n / 10.0;
      domain.deform_to({1 + (lambda[0] - 1) * s, 1 + (lambda[1] - 1) * s, 1 + (lambda[2] - 1) * s});
      domain.solver().step(dt, std::uint64_t(n));
    }
    for (int a = 0; a < 3; ++a) EXPECT_DOUBLE_EQ(domain.grid().spacing[a], c.grid.spacing[a] * lambda[a]);
    std::vector<double> frozen(phi.size());
    domain.solver().get_state(frozen);
    EXPECT_EQ(max_abs_diff(frozen, phi), 0.0) << "frozen dynamics changed the field";

    domain.set_mobility_factor(1);
    domain.solver().step(dt, 11);
    std::vector<double> got(phi.size());
    domain.solver().get_state(got);

    // The same cosine in deformed coordinates x_a = i_a h_a lambda_a: k_a = 2 pi m_a / (n_a h_a lambda_a).
    double k2 = 0;
    for (int a = 0; a < 3; ++a) {
      const double k = two_pi * m[a] / (c.grid.shape[a] * c.grid.spacing[a] * lambda[a]);
      k2 += k * k;
    }
    const double a1 = (eps - dt * M * k2 * 4 * rho * (0.75 * eps * eps * eps - d * d * eps)) / (1 + dt * M * kappa * k2 * k2);
    const double a3 = (-dt * M * 9 * k2 * rho * eps * eps * eps) / (1 + dt * M * kappa * 81 * k2 * k2);
    std::vector<double> expect(phi.size());
    for (std::size_t i = 0; i < phi.size(); ++i) expect[i] = 0.5 + a1 * std::cos(theta[i]) + a3 * std::cos(3 * theta[i]);
    EXPECT_LT(max_abs_diff(got, expect), 1e-13) << "lambda = " << lambda[0] << ", " << lambda[1] << ", " << lambda[2];
    // And the step did something: the closed form differs from the initial field.
    EXPECT_GT(max_abs_diff(expect, phi), 1e-4);
  }
}

PF_INSTANTIATE_BACKENDS(DeformedCosineStep);

// A sum of cosines with integer mode numbers and phases. no_flux: z uses cos(pi m (z + h/2)/L),
// the even modes about walls half a cell outside the end nodes.
struct CosineSum {
  struct Term {
    std::array<int, 3> m;
    double amplitude, phase;
  };
  std::vector<Term> terms;
  bool no_flux_z = false;

  std::vector<double> sample(const Grid& g) const {
    const auto [nx, ny, nz] = g.shape;
    std::vector<double> out(g.voxels(), 0.3);
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
          double v = 0.3;
          for (const Term& t : terms) {
            const double xy = two_pi * (double(t.m[0] * i) / nx + double(t.m[1] * j) / ny) + t.phase;
            if (no_flux_z)
              v += t.amplitude * std::cos(xy) * std::cos(std::numbers::pi * t.m[2] * (k + 0.5) / nz);
            else
              v += t.amplitude * std::cos(xy + two_pi * double(t.m[2] * k) / nz);
          }
          out[(std::size_t(k) * ny + j) * nx + i] = v;
        }
    return out;
  }
};

Grid grid_of(std::array<int, 3> shape, std::array<double, 3> spacing, BoundaryZ z = BoundaryZ::periodic) {
  Grid g;
  g.shape = shape;
  g.spacing = spacing;
  g.boundary_z = z;
  return g;
}

TEST(SpectralResample, PeriodicCosineSumOnNewNodes) {
  // Modes strictly below the Nyquist index of the smallest grid used (12, 10, 9 -> below 6, 5, 4.5).
  const CosineSum f{{{{1, 0, 0}, 0.1, 0.3}, {{2, 3, 1}, 0.05, 1.1}, {{5, 4, 4}, 0.02, -0.7}, {{0, 1, 3}, 0.04, 2.0}}};
  const Grid coarse = grid_of({12, 10, 9}, {1.5, 2.0, 1.0});
  const std::vector<double> phi = f.sample(coarse);
  for (const std::array<int, 3> shape : {std::array<int, 3>{20, 16, 15}, std::array<int, 3>{35, 10, 27}, std::array<int, 3>{12, 25, 9}}) {
    const std::vector<double> fine = resample_spectral(phi, coarse, shape);
    const Grid g = resampled_grid(coarse, shape);
    EXPECT_DOUBLE_EQ(g.length(0), coarse.length(0));
    EXPECT_LT(max_abs_diff(fine, f.sample(g)), 1e-14) << "up to " << shape[0] << "x" << shape[1] << "x" << shape[2];
    const std::vector<double> back = resample_spectral(fine, g, coarse.shape);
    EXPECT_LT(max_abs_diff(back, phi), 1e-14);
  }
}

TEST(SpectralResample, NoFluxCosineSeriesOnNewNodes) {
  const CosineSum f{{{{1, 0, 0}, 0.1, 0.3}, {{2, 3, 1}, 0.05, 1.1}, {{3, 1, 2}, 0.02, -0.7}, {{0, 2, 3}, 0.04, 2.0}}, true};
  const Grid g0 = grid_of({12, 10, 8}, {1.0, 1.0, 0.5}, BoundaryZ::no_flux);
  const std::vector<double> phi = f.sample(g0);
  for (const std::array<int, 3> shape : {std::array<int, 3>{12, 10, 20}, std::array<int, 3>{16, 10, 5}, std::array<int, 3>{8, 14, 13}}) {
    const std::vector<double> out = resample_spectral(phi, g0, shape);
    const Grid g = resampled_grid(g0, shape);
    EXPECT_LT(max_abs_diff(out, f.sample(g)), 1e-14) << "to " << shape[0] << "x" << shape[1] << "x" << shape[2];
  }
}

TEST(SpectralResample, UpThenDownReturnsAnyField) {
  // Not band-limited: random values, including energy at every Nyquist mode (even sizes).
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  for (BoundaryZ z : {BoundaryZ::periodic, BoundaryZ::no_flux}) {
    const Grid g = grid_of({10, 12, 8}, {1, 1, 1}, z);
    std::vector<double> phi(g.voxels());
    for (double& v : phi) v = u(rng);
    const std::array<int, 3> up{21, 16, 15};
    const std::vector<double> there = resample_spectral(phi, g, up);
    const std::vector<double> back = resample_spectral(there, resampled_grid(g, up), g.shape);
    EXPECT_LT(max_abs_diff(back, phi), 1e-13) << (z == BoundaryZ::periodic ? "periodic" : "no_flux");
    double m0 = 0, m1 = 0;
    for (double v : phi) m0 += v;
    for (double v : there) m1 += v;
    EXPECT_NEAR(m1 / there.size(), m0 / phi.size(), 1e-15);
  }
}

TEST(RemeshPolicy, FriendlySizesAndVoxelCap) {
  EXPECT_EQ(fft_friendly_size(90.5), 90);
  EXPECT_EQ(fft_friendly_size(11), 12);  // 11 is prime; 12 is nearer than 10 by ratio
  EXPECT_EQ(fft_friendly_size(13.4), 14);
  EXPECT_EQ(fft_friendly_size(1.2, 2), 2);
  // 128^3 after a 5 x 5 simultaneous biaxial stretch (areal 25): spacings (5, 5, 1/25).
  Grid g = grid_of({128, 128, 128}, {5.0, 5.0, 0.04});
  DeformationConfig options;  // finest spacing, 2^27 voxels
  const std::array<int, 3> s = remesh_shape(g, options);
  const double voxels = double(s[0]) * s[1] * s[2];
  EXPECT_LE(voxels, double(options.max_voxels));
  EXPECT_GT(voxels, 0.5 * double(options.max_voxels));  // uses the memory it is given
  for (int a = 0; a < 3; ++a) EXPECT_EQ(s[a], fft_friendly_size(s[a]));
  EXPECT_LT(aspect_ratio(resampled_grid(g, s)), 1.1);
  options.target = RemeshTarget::preserve_voxels;
  const std::array<int, 3> p = remesh_shape(g, options);
  EXPECT_NEAR(double(p[0]) * p[1] * p[2] / (128.0 * 128 * 128), 1.0, 0.1);
}

// Conservation through every kind of deformation, with variable mobility, noise and remeshing.
std::string deforming_config(const char* boundary) {
  return fmt::format(R"(
    [grid]
    shape = [16, 12, 12]
    boundary_z = "{}"
    [model]
    free_energy = "flory_huggins"
    N_A = 20.0
    chi_A = 0.9
    kappa = 1.0
    mobility = "slow_mode"
    m_A = 0.2
    [initial]
    kind = "uniform_noise"
    c0 = 0.3
    amplitude = 0.05
    seed = 3
    [time]
    dt = 0.1
    stabilization = 1.0
    [noise]
    sigma = 1e-3
    seed = 4
    [[stage]]
    kind = "draft"
    ratio = 3.0
    duration = 2.0
    [[stage]]
    kind = "stretch"
    mode = "sequential_biaxial"
    ratio_md = 1.5
    ratio_td = 2.5
    duration = 2.0
    [[stage]]
    kind = "hold"
    duration = 1.0
  )",
                     boundary);
}

class DeformationConservation : public BackendTest {};

TEST_P(DeformationConservation, MassThroughDraftStretchAndRemesh) {
  for (const char* boundary : {"periodic", "no_flux"}) {
    const Config c = config_from(deforming_config(boundary));
    DeformingDomain domain = make_domain(c, GetParam());
    domain.solver().set_state(make_initial_field(c));
    const double m0 = domain.solver().diagnostics().mass;
    double worst = 0;
    CallbackObserver obs;
    obs.on_step = [&](long long, double, bool) {
      worst = std::max(worst, std::abs(domain.solver().diagnostics().mass - m0) / m0);
    };
    Pipeline pipeline(c, make_stages(c), domain);
    const PipelineTotals totals = pipeline.run(obs);
    EXPECT_GE(obs.remeshes.size(), 2u) << boundary;
    EXPECT_LT(worst, 1e-12) << boundary;
    // Final stretch: draft 3 then 1.5 x 2.5 (incompressible).
    const double lx = 3 * 1.5, ly = 2.5 / std::sqrt(3.0), lz = 1 / (lx * ly);
    EXPECT_NEAR(domain.lambda()[0], lx, 1e-12);
    EXPECT_NEAR(domain.lambda()[1], ly, 1e-12);
    EXPECT_NEAR(domain.lambda()[2], lz, 1e-12);
    // The box follows the material: L_a = L_a(0) lambda_a whatever the remeshes did.
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(domain.grid().length(a), c.grid.length(a) * domain.lambda()[a], 1e-12 * c.grid.length(a) * domain.lambda()[a]);
    EXPECT_EQ(totals.stages.size(), 3u);
  }
}

PF_INSTANTIATE_BACKENDS(DeformationConservation);

// The 25x areal stretch of a 128^3 box (max_voxels = 2^27, 64 voxels per initial voxel) scaled
// down to 16^3 with max_voxels = 2^18 (the same 64). A field whose modes every grid along the
// way can hold (in-plane modes <= 3, the first cosine across the no-flux thickness) must come
// out of a frozen 5 x 5 stretch with five remeshes as the same function of the deformed
// coordinates, on a grid that respects the voxel cap and is well shaped after every remesh.
TEST_P(DeformationConservation, TwentyFiveFoldArealStretchStaysResolved) {
  const Config c = config_from(R"(
    [grid]
    shape = [16, 16, 16]
    boundary_z = "no_flux"
    [model]
    free_energy = "double_well"
    kappa = 1.0
    [initial]
    kind = "uniform_noise"
    [time]
    dt = 0.05
    [deformation]
    max_voxels = 262144
    [[stage]]
    kind = "stretch"
    mode = "simultaneous_biaxial"
    ratio_md = 5.0
    ratio_td = 5.0
    duration = 1.0
    mobility_factor = 0.0
  )");
  const CosineSum f{{{{1, 0, 0}, 0.1, 0.3}, {{2, 3, 1}, 0.05, 1.1}, {{3, 1, 1}, 0.02, -0.7}, {{0, 2, 0}, 0.04, 2.0}}, true};
  DeformingDomain domain = make_domain(c, GetParam());
  domain.solver().set_state(f.sample(c.grid));
  const double m0 = domain.solver().diagnostics().mass;
  CallbackObserver obs;
  Pipeline pipeline(c, make_stages(c), domain);
  pipeline.run(obs);
  ASSERT_GE(obs.remeshes.size(), 3u);
  for (const RemeshRecord& r : obs.remeshes) {
    EXPECT_LE(r.new_grid.voxels(), std::size_t(c.deformation.max_voxels));
    EXPECT_LT(aspect_ratio(r.new_grid), c.deformation.max_aspect_ratio);
    EXPECT_GE(r.new_grid.shape[2], 2);
  }
  const Grid& g = domain.grid();
  EXPECT_NEAR(g.length(0), 80.0, 1e-12);
  EXPECT_NEAR(g.length(2), 16.0 / 25, 1e-12);
  std::vector<double> phi(g.voxels());
  domain.solver().get_state(phi);
  EXPECT_LT(max_abs_diff(phi, f.sample(g)), 1e-13);
  EXPECT_NEAR(domain.solver().diagnostics().mass, m0, 1e-12 * m0);
  std::printf("16^3 stretched 5 x 5: %zu remeshes, final grid %d x %d x %d, spacing (%.4g, %.4g, %.4g), solver %.1f MB\n",
              obs.remeshes.size(), g.shape[0], g.shape[1], g.shape[2], g.spacing[0], g.spacing[1], g.spacing[2],
              domain.solver().bytes_allocated() / 1e6);
}

}  // namespace
}  // namespace pf::test
