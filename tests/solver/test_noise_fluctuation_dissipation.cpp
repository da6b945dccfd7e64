// Conserved thermal noise (Cook 1970; MODEL.md §1) against the fluctuation–dissipation theorem:
// in a stable homogeneous state (f''(phi0) = a > 0) the linearised Cahn–Hilliard–Cook equation
// has the equilibrium structure factor S(k) = sigma / (a + kappa k^2) (Ornstein–Zernike). The
// scheme's discrete-time version is exact for a linear mode: with the update
//   phi_k <- g phi_k + dt eta_k / (1 + dt L),   g = 1 - dt lambda / (1 + dt L),
//   lambda = M k^2 (a + kappa k^2),  L = M (kappa k^4 + A k^2),
//   <|eta_k|^2> = k^2 N 2 sigma M / (dt dV)   (per-voxel flux noise, unnormalised DFT),
// the stationary power is <|phi_k|^2> = (2 sigma M k^2 dt N / dV) / ((1 + dt L)^2 (1 - g^2)),
// which tends to N sigma / (dV (a + kappa k^2)) as dt -> 0. The test measures <|phi_k|^2>/prediction
// over k-shells: a wrong noise amplitude, a missing factor 2, noise correlated between
// components or voxels, or a spectrum that is not white would all move it away from 1.
#include <fmt/format.h>

#include <complex>
#include <numbers>

#include "kernels/fft.hpp"
#include "solver/initial/initial_condition.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

class NoiseFluctuationDissipation : public BackendTest {};

TEST_P(NoiseFluctuationDissipation, StationarySpectrumMatchesTheSchemesExactLinearTheory) {
  // Flory–Huggins N_A = N_B = 1, chi = 1 at phi0 = 0.5: a = 2 + 2 - 2 = 2 (stable). sigma is
  // small so that fluctuations (~1e-3) stay in the linear regime. dV = 1.2 * 1 * 0.9.
  constexpr double sigma = 1e-6, a = 2, kappa = 1, M = 1, A = 0.5, dt = 0.05;
  const Config c = config_from(fmt::format(R"(
    [grid]
    shape = [32, 24, 16]
    spacing = [1.2, 1.0, 0.9]
    [model]
    free_energy = "flory_huggins"
    N_A = 1.0
    N_B = 1.0
    chi_A = 1.0
    kappa = {}
    M0 = {}
    [initial]
    kind = "uniform_noise"
    c0 = 0.5
    amplitude = 0
    [time]
    dt = {}
    end = 1.0
    stabilization = {}
    precision = "double"
    [noise]
    sigma = {}
    seed = 11
  )", kappa, M, dt, A, sigma));
  auto solver = solver_for(c);
  std::vector<double> phi = make_initial_field(c);
  solver->set_state(phi);

  const auto [nx, ny, nz] = c.grid.shape;
  const double dV = c.grid.cell_volume(), n_vox = double(c.grid.voxels());
  Fft<Cpu, double> fft({nz, ny, nx});
  const int nxc = nx / 2 + 1;
  std::vector<Complex<double>> spectrum(std::size_t(nz) * ny * nxc);

  // Shells in |k| between the slowest mode kept (relaxation time 1/(2 lambda) < 2) and the grid's
  // resolution; Nyquist planes and k_x = 0 are left out (not independent complex modes).
  const std::vector<double> edges{0.6, 1.0, 1.5, 2.0, 3.0};
  std::vector<double> ratio_sum(edges.size() - 1, 0.0);
  std::vector<long> count(edges.size() - 1, 0);
  auto wavenumber = [](int i, int n, double h) { return 2 * std::numbers::pi * double(i <= n / 2 ? i : i - n) / (n * h); };

  const int equilibrate = 400, samples = 150, every = 8;  // t_eq = 20 >> 2; samples 0.4 apart
  long step = 0;
  for (; step < equilibrate; ++step) solver->step(dt, std::uint64_t(step));
  for (int s = 0; s < samples; ++s) {
    for (int r = 0; r < every; ++r, ++step) solver->step(dt, std::uint64_t(step));
    solver->get_state(phi);
    fft.forward(phi.data(), spectrum.data());
    for (int kz = 0; kz < nz; ++kz)
      for (int ky = 0; ky < ny; ++ky)
        for (int kx = 1; kx < nx / 2; ++kx) {
          if (2 * ky == ny || 2 * kz == nz) continue;
          const double qx = wavenumber(kx, nx, c.grid.spacing[0]), qy = wavenumber(ky, ny, c.grid.spacing[1]),
                       qz = wavenumber(kz, nz, c.grid.spacing[2]);
          const double k2 = qx * qx + qy * qy + qz * qz, k = std::sqrt(k2);
          const auto shell = std::upper_bound(edges.begin(), edges.end(), k) - edges.begin() - 1;
          if (shell < 0 || shell >= long(ratio_sum.size())) continue;
          const double lambda = M * k2 * (a + kappa * k2), L = M * (kappa * k2 * k2 + A * k2);
          const double g = 1 - dt * lambda / (1 + dt * L);
          const double predicted = 2 * sigma * M * k2 * dt * n_vox / dV / ((1 + dt * L) * (1 + dt * L) * (1 - g * g));
          const Complex<double> v = spectrum[(std::size_t(kz) * ny + ky) * nxc + kx];
          ratio_sum[shell] += (v.re * v.re + v.im * v.im) / predicted;
          ++count[shell];
        }
  }
  for (std::size_t s = 0; s < ratio_sum.size(); ++s) {
    ASSERT_GT(count[s], 1000) << "shell " << s;
    // Each |phi_k|^2 / prediction is exponential with mean 1; thousands of modes per shell and
    // 150 samples put the statistical error below 1 %; 4 % leaves room for the slowest modes'
    // correlation between samples and the O(phi^2) nonlinearity of f'.
    EXPECT_NEAR(ratio_sum[s] / double(count[s]), 1.0, 0.04)
        << fmt::format("|k| in [{}, {}): {} mode samples", edges[s], edges[s + 1], count[s]);
  }
}

PF_INSTANTIATE_BACKENDS(NoiseFluctuationDissipation);

}  // namespace
}  // namespace pf::test
