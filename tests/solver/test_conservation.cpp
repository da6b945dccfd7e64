// Invariants of the Cahn–Hilliard flow (MODEL.md §9): the mean of phi is conserved to
// round-off (periodic and no-flux z, with noise and variable mobility), and without noise the
// free energy never increases (the stabilised semi-implicit scheme is energy stable).
#include <fmt/format.h>

#include "solver/initial/initial_condition.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

std::string spinodal_config(const char* boundary, const char* mobility, double sigma, const char* precision = "double") {
  return fmt::format(R"(
    [grid]
    shape = [24, 20, 16]
    spacing = [1.0, 1.0, 1.2]
    boundary_z = "{}"
    [model]
    free_energy = "flory_huggins"
    N_A = 20.0
    N_B = 1.0
    chi_A = 0.9
    kappa = 1.0
    mobility = "{}"
    M0 = 1.0
    m_A = 0.2
    [initial]
    kind = "uniform_noise"
    c0 = 0.3
    amplitude = 0.05
    seed = 3
    [time]
    dt = 0.1
    end = 20.0
    stabilization = 1.0
    precision = "{}"
    [noise]
    sigma = {}
    seed = 11
  )",
                     boundary, mobility, precision, sigma);
}

class Conservation : public BackendTest {
 protected:
  // Runs the config's steps; returns (initial mass, final mass, energies at every step).
  std::tuple<double, double, std::vector<double>> run(const Config& c) {
    auto solver = solver_for(c);
    solver->set_state(make_initial_field(c));
    const double m0 = solver->diagnostics().mass;
    std::vector<double> energy{solver->diagnostics().free_energy};
    const int steps = int(std::lround(c.time.end / c.time.dt));
    for (int n = 0; n < steps; ++n) {
      solver->step(c.time.dt, n);
      energy.push_back(solver->diagnostics().free_energy);
    }
    return {m0, solver->diagnostics().mass, energy};
  }
};

TEST_P(Conservation, MassPeriodicWithNoiseAndSlowMode) {
  const auto [m0, m1, energy] = run(config_from(spinodal_config("periodic", "slow_mode", 1e-3)));
  EXPECT_LT(std::abs(m1 - m0) / m0, 1e-12);
}

TEST_P(Conservation, MassNoFluxWithNoiseAndSlowMode) {
  const auto [m0, m1, energy] = run(config_from(spinodal_config("no_flux", "slow_mode", 1e-3)));
  EXPECT_LT(std::abs(m1 - m0) / m0, 1e-12);
}

TEST_P(Conservation, MassFloatPrecision) {
  const auto [m0, m1, energy] = run(config_from(spinodal_config("periodic", "constant", 0.0, "float")));
  EXPECT_LT(std::abs(m1 - m0) / m0, 1e-5);  // float round-off over 200 steps
}

TEST_P(Conservation, EnergyNonIncreasingWithoutNoise) {
  for (const char* boundary : {"periodic", "no_flux"})
    for (const char* mobility : {"constant", "slow_mode"}) {
      const auto [m0, m1, energy] = run(config_from(spinodal_config(boundary, mobility, 0.0)));
      // The system must actually phase-separate, or a flat energy would pass trivially.
      EXPECT_LT(energy.back(), energy.front() - 1e-3 * std::abs(energy.front())) << boundary << " " << mobility;
      for (std::size_t n = 1; n < energy.size(); ++n)
        ASSERT_LE(energy[n], energy[n - 1] + 1e-12 * std::abs(energy[n - 1]))
            << "energy rose at step " << n << " (" << boundary << ", " << mobility << ")";
    }
}

TEST_P(Conservation, NoFluxFieldIsEvenAtTheFaces) {
  // With no-flux faces a z-uniform perturbation stays z-uniform and a z-mode cos(pi z/L) is an
  // eigenmode: check the field keeps zero slope at the faces, i.e. phi(z0) ~ phi(z1) symmetric
  // about the cell-centred walls, by comparing with a run on a periodic box twice as thick.
  const Config no_flux = config_from(spinodal_config("no_flux", "constant", 0.0));
  std::string doubled_text = spinodal_config("periodic", "constant", 0.0);
  doubled_text.replace(doubled_text.find("[24, 20, 16]"), 12, "[24, 20, 32]");
  const Config doubled = config_from(doubled_text);
  auto a = solver_for(no_flux);
  auto b = solver_for(doubled);
  const std::vector<double> phi = make_initial_field(no_flux);
  const std::size_t plane = 24 * 20;
  std::vector<double> mirrored(phi.size() * 2);
  for (std::size_t z = 0; z < 16; ++z)
    for (std::size_t p = 0; p < plane; ++p) mirrored[z * plane + p] = mirrored[(31 - z) * plane + p] = phi[z * plane + p];
  a->set_state(phi);
  b->set_state(mirrored);
  for (int n = 0; n < 50; ++n) {
    a->step(0.1, n);
    b->step(0.1, n);
  }
  std::vector<double> got(phi.size()), ref(mirrored.size());
  a->get_state(got);
  b->get_state(ref);
  ref.resize(phi.size());
  EXPECT_LT(max_abs_diff(got, ref), 1e-12);
}

PF_INSTANTIATE_BACKENDS(Conservation);

}  // namespace
}  // namespace pf::test
