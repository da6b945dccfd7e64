// Linear stability of the homogeneous state: a small mode phi0 + d cos(k.x) must grow or
// decay at the analytic Cahn–Hilliard rate omega(k) = -M(phi0) k^2 (f''(phi0) + kappa k^2)
// (Cahn 1961; MODEL.md §9), for both free energies, on both sides of the critical wavenumber.
#include <fmt/format.h>

#include <numbers>

#include "solver/initial/initial_condition.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

struct StabilityCase {
  std::string model;  // [model] body
  double phi0;
  double stabilization;
};

// Amplitude of cos(2 pi (m.x/L)) in phi - phi0, by projection onto the mode.
double mode_amplitude(const std::vector<double>& phi, const Grid& g, std::array<int, 3> m, double phi0) {
  double s = 0;
  const auto [nx, ny, nz] = g.shape;
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const double phase = 2 * std::numbers::pi * (m[0] * double(i) / nx + m[1] * double(j) / ny + m[2] * double(k) / nz);
        s += (phi[(std::size_t(k) * ny + j) * nx + i] - phi0) * std::cos(phase);
      }
  return 2 * s / double(g.voxels());
}

class LinearStability : public BackendTest {
 protected:
  void check(const StabilityCase& sc) {
    // Anisotropic spacing so that k mixes three different box lengths.
    const std::vector<std::array<int, 3>> modes = {{1, 0, 0}, {3, 0, 0}, {5, 0, 0}, {7, 0, 0}, {9, 0, 0}, {2, 1, 1}, {3, 1, 1}};
    for (const auto& m : modes) {
      const Config c = config_from(fmt::format(R"(
        [grid]
        shape = [64, 8, 4]
        spacing = [1.0, 1.5, 2.5]
        [model]
        {}
        [initial]
        kind = "cosine"
        c0 = {}
        amplitude = 1e-7
        mode = [{}, {}, {}]
        [time]
        dt = 1e-3
        end = 2.0
        stabilization = {}
      )",
                                               sc.model, sc.phi0, m[0], m[1], m[2], sc.stabilization));
      const PhysicsSetup setup = physics_from_config(c);
      const double kx = 2 * std::numbers::pi * m[0] / c.grid.length(0), ky = 2 * std::numbers::pi * m[1] / c.grid.length(1),
                   kz = 2 * std::numbers::pi * m[2] / c.grid.length(2);
      const double k2 = kx * kx + ky * ky + kz * kz;
      const double omega = -setup.mobility(sc.phi0) * k2 * (setup.free_energy.d2f(sc.phi0) + setup.kappa * k2);

      auto solver = solver_for(c);
      std::vector<double> phi = make_initial_field(c);
      solver->set_state(phi);
      const double a0 = mode_amplitude(phi, c.grid, m, sc.phi0);
      const int steps = int(std::lround(c.time.end / c.time.dt));
      for (int n = 0; n < steps; ++n) solver->step(c.time.dt, n);
      solver->get_state(phi);
      const double rate = std::log(mode_amplitude(phi, c.grid, m, sc.phi0) / a0) / c.time.end;
      EXPECT_NEAR(rate, omega, 5e-3 * std::abs(omega))
          << "mode (" << m[0] << "," << m[1] << "," << m[2] << "), k = " << std::sqrt(k2) << ", " << sc.model;
    }
  }
};

TEST_P(LinearStability, DoubleWellConstantMobility) {
  // f''(0.5) = -0.8, kappa = 2: k_c = 0.63; the modes span k = 0.10 .. 0.88.
  check({"free_energy = \"double_well\"\nrho = 5.0\nc_alpha = 0.3\nc_beta = 0.7\nkappa = 2.0\nM0 = 1.0", 0.5, 0.0});
}

TEST_P(LinearStability, DoubleWellWithStabilization) {
  check({"free_energy = \"double_well\"\nrho = 5.0\nc_alpha = 0.3\nc_beta = 0.7\nkappa = 2.0\nM0 = 1.0", 0.5, 0.5});
}

TEST_P(LinearStability, FloryHugginsConstantMobility) {
  // f''(0.3) = 1/(10*0.3) + 1/0.7 - 2*1.2 = -0.638, kappa = 1: k_c = 0.80.
  check({"free_energy = \"flory_huggins\"\nN_A = 10.0\nN_B = 1.0\nchi_A = 1.2\nkappa = 1.0\nM0 = 1.0", 0.3, 0.0});
}

TEST_P(LinearStability, FloryHugginsSlowModeMobility) {
  // Variable mobility takes the 9-FFT flux path; linearised, it grows with M(phi0).
  check({"free_energy = \"flory_huggins\"\nN_A = 10.0\nN_B = 1.0\nchi_A = 1.2\nkappa = 1.0\nmobility = \"slow_mode\"\n"
         "M0 = 4.0\nm_A = 0.5\nm_B = 2.0",
         0.3, 0.0});
}

// The stabilised scheme's bound on A (stabilization_bound, physics_setup.hpp) against the
// amplification factor of one large step, g = 1 - dt M k^2 (f'' + kappa k^2) /
// (1 + dt Mbar k^2 (kappa k^2 + A)) (the scheme of MODEL.md §2 linearised; Mbar = max M). The
// wet recipes' solvent phase: N = 7000, log continuation below delta = 1e-6 (where mu is exactly
// linear in phi, so the linearisation is exact), mobility at its floor 0.02 M0 while Mbar = M0/4.
// There M f'' / (2 Mbar) = 5.68 (5.66 at the recipes' N = 7017): at A = 5 (every wet recipe) the
// longest waves flip and grow at large dt, which made 3D runs of the hires recipes crawl
// (docs/physics.md).
TEST_P(LinearStability, StabilisationBoundSeparatesGrowthFromDecayAtLargeSteps) {
  const std::string model =
      "free_energy = \"flory_huggins\"\nN_A = 7000.0\nN_B = 1.0\nchi_A = 0.94\nkappa = 1.0\ndelta = 1e-6\n"
      "log_continuation = true\nmobility = \"slow_mode\"\nM0 = 10.0\nmobility_floor = 0.02";
  const double phi0 = 5e-7, dt = 50;
  const auto config_with = [&](double stabilization, int mode) {
    return config_from(fmt::format(R"(
      [grid]
      shape = [64, 1, 1]
      [model]
      {}
      [initial]
      kind = "cosine"
      c0 = {}
      amplitude = 1e-8
      mode = [{}, 0, 0]
      [time]
      dt = {}
      end = {}
      stabilization = {}
    )",
                                   model, phi0, mode, dt, dt, stabilization));
  };
  const PhysicsSetup base = physics_from_config(config_with(5, 1));
  const double M = base.mobility(phi0), f2 = base.free_energy.d2f(phi0), Mbar = base.reference_mobility;
  const double bound = stabilization_bound(base.free_energy, base.mobility, Mbar, 0, 0.6);
  // Closed form: the floor's mobility over Mbar = M0/4, times f''(delta) = 1/(N delta) + 1/(1 - delta) - 2 chi.
  EXPECT_NEAR(bound, 0.02 * 10 * (1 / (7000 * 1e-6) + 1 / (1 - 1e-6) - 2 * 0.94) / (2 * 10 / 4.0), 1e-3);
  EXPECT_NEAR(bound, M * f2 / (2 * Mbar), 1e-9 * bound);

  for (const double A : {0.8 * bound, 1.2 * bound}) {
    double largest = 0;
    for (const int mode : {1, 2, 4, 8}) {
      const Config c = config_with(A, mode);
      const double k = 2 * std::numbers::pi * mode / c.grid.length(0), k2 = k * k;
      const double g = 1 - dt * M * k2 * (f2 + k2) / (1 + dt * Mbar * k2 * (k2 + A));
      auto solver = solver_for(c);
      std::vector<double> phi = make_initial_field(c);
      solver->set_state(phi);
      const double a0 = mode_amplitude(phi, c.grid, {mode, 0, 0}, phi0);
      solver->step(dt, 0);
      solver->get_state(phi);
      const double measured = mode_amplitude(phi, c.grid, {mode, 0, 0}, phi0) / a0;
      EXPECT_NEAR(measured, g, 1e-3) << "A = " << A << ", mode " << mode;
      largest = std::max(largest, std::abs(measured));
    }
    if (A < bound) EXPECT_GT(largest, 1.05) << "below the bound the longest wave should grow";
    else EXPECT_LT(largest, 1.0) << "above the bound every wave should decay";
  }
}

PF_INSTANTIATE_BACKENDS(LinearStability);

}  // namespace
}  // namespace pf::test
