// The scheme identity of MODEL.md §2: with constant mobility and A = 0 one step must equal
// phi^{n+1} = (phi^ - dt M k^2 f'(phi)^) / (1 + dt M kappa k^4). The reference here is an
// independent O(N^2) discrete Fourier transform in long double, not the solver's FFTs.
#include <complex>
#include <numbers>

#include "test_support.hpp"

namespace pf::test {
namespace {

using Cx = std::complex<long double>;

// phi_new by the closed form, via a naive 3D DFT over signed wavenumbers.
std::vector<double> reference_step(const std::vector<double>& phi, const PhysicsSetup& s, double dt) {
  const auto [nx, ny, nz] = s.grid.shape;
  const std::size_t n = phi.size();
  const long double two_pi = 2 * std::numbers::pi_v<long double>;
  auto signed_index = [](int m, int len) { return 2 * m <= len ? m : m - len; };
  std::vector<Cx> phi_hat(n), f_hat(n);
  std::vector<long double> fprime(n);
  for (std::size_t i = 0; i < n; ++i) fprime[i] = s.free_energy.df(phi[i]);
  auto index = [&](int i, int j, int k) { return (std::size_t(k) * ny + j) * nx + i; };
  for (int c = 0; c < nz; ++c)
    for (int b = 0; b < ny; ++b)
      for (int a = 0; a < nx; ++a) {
        Cx p = 0, f = 0;
        for (int k = 0; k < nz; ++k)
          for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
              const long double ang = -two_pi * ((long double)a * i / nx + (long double)b * j / ny + (long double)c * k / nz);
              const Cx e(std::cos(ang), std::sin(ang));
              p += e * (long double)phi[index(i, j, k)];
              f += e * fprime[index(i, j, k)];
            }
        const long double kx = two_pi * signed_index(a, nx) / s.grid.length(0);
        const long double ky = two_pi * signed_index(b, ny) / s.grid.length(1);
        const long double kz = two_pi * signed_index(c, nz) / s.grid.length(2);
        const long double k2 = kx * kx + ky * ky + kz * kz;
        const long double M = s.mobility.M0;
        phi_hat[index(a, b, c)] = (p - (long double)dt * M * k2 * f) / (1.0L + dt * M * s.kappa * k2 * k2);
      }
  std::vector<double> out(n);
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        Cx v = 0;
        for (int c = 0; c < nz; ++c)
          for (int b = 0; b < ny; ++b)
            for (int a = 0; a < nx; ++a) {
              const long double ang = two_pi * ((long double)a * i / nx + (long double)b * j / ny + (long double)c * k / nz);
              v += phi_hat[index(a, b, c)] * Cx(std::cos(ang), std::sin(ang));
            }
        out[index(i, j, k)] = double(v.real() / (long double)n);
      }
  return out;
}

class SchemeIdentity : public BackendTest {
 protected:
  void check(const char* free_energy, const char* precision, double tolerance) {
    const Config c = config_from(std::string(R"(
      [grid]
      shape = [8, 6, 4]
      spacing = [0.7, 1.1, 1.9]
      [model]
      )") + free_energy + R"(
      kappa = 1.5
      M0 = 2.0
      [initial]
      kind = "uniform_noise"
      c0 = 0.4
      amplitude = 0.2
      seed = 7
      [time]
      dt = 0.05
      end = 1.0
      precision = ")" + precision + "\"\n");
    const PhysicsSetup s = physics_from_config(c);
    auto solver = solver_for(c);
    std::vector<double> phi(c.grid.voxels());
    // Start from values the float backend represents exactly, so both see the same input.
    for (std::size_t i = 0; i < phi.size(); ++i) phi[i] = double(float(0.4 + 0.2 * std::sin(1.3 * double(i))));
    solver->set_state(phi);
    solver->step(c.time.dt, 0);
    std::vector<double> got(phi.size());
    solver->get_state(got);
    const std::vector<double> want = reference_step(phi, s, c.time.dt);
    EXPECT_LT(max_abs_diff(got, want), tolerance);
    // The step must have done something measurable, or the comparison proves nothing.
    EXPECT_GT(max_abs_diff(want, phi), 1e3 * tolerance);
  }
};

TEST_P(SchemeIdentity, DoubleWellDouble) {
  check("free_energy = \"double_well\"\nrho = 5.0\nc_alpha = 0.3\nc_beta = 0.7", "double", 1e-13);
}
TEST_P(SchemeIdentity, FloryHugginsDouble) {
  check("free_energy = \"flory_huggins\"\nN_A = 20.0\nN_B = 1.0\nchi_A = 0.4\nchi_B = 300.0\nT = 400.0", "double", 1e-13);
}
TEST_P(SchemeIdentity, DoubleWellFloat) {
  check("free_energy = \"double_well\"\nrho = 5.0\nc_alpha = 0.3\nc_beta = 0.7", "float", 2e-6);
}

PF_INSTANTIATE_BACKENDS(SchemeIdentity);

}  // namespace
}  // namespace pf::test
