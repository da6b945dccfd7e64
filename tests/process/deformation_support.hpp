#pragma once
// Helpers shared by the deformation tests: a pipeline driven in-process, and domain sizes from
// the structure factor.
#include <array>
#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/pipeline.hpp"
#include "solver/process/stage_registry.hpp"
#include "test_support.hpp"

namespace pf::test {

inline DeformingDomain make_domain(const Config& c, BackendKind backend) {
  const Precision p = c.time.double_precision ? Precision::float64 : Precision::float32;
  return DeformingDomain(physics_from_config(c), [backend, p](const PhysicsSetup& s) { return make_solver(s, backend, p); },
                         c.deformation);
}

// Calls `on_step` after every accepted step and records remeshes.
struct CallbackObserver final : PipelineObserver {
  std::function<void(long long, double, bool)> on_step;
  std::function<void(const StageRecord&)> on_stage_end;
  std::vector<RemeshRecord> remeshes;
  void step_done(long long step, double t, double, bool last_of_stage, bool) override {
    if (on_step) on_step(step, t, last_of_stage);
  }
  void remeshed(const RemeshRecord& r) override { remeshes.push_back(r); }
  void stage_end(const StageRecord& r) override {
    if (on_stage_end) on_stage_end(r);
  }
};

// Domain size along each axis, L_a = 2 pi / <|k_a|>, with <|k_a|> the first moment of the
// structure factor S(k) = |phi^(k)|^2 (k != 0) of the field's band-limited interpolant: a
// Nyquist mode of an even axis stands for +k_N and -k_N with half the amplitude each, so it
// counts with weight 1/2 per such axis. Defined this way the moments are properties of the
// interpolating function, unchanged by an exact spectral resampling. Periodic grids only.
inline std::array<double, 3> domain_sizes(const std::vector<double>& phi, const Grid& g) {
  const int nx = g.shape[0], ny = g.shape[1], nz = g.shape[2], nxc = nx / 2 + 1;
  Fft<Cpu, double> fft({nz, ny, nx});
  Buffer<double, Cpu> in(phi.size());
  Buffer<Complex<double>, Cpu> out(std::size_t(nxc) * ny * nz);
  std::copy(phi.begin(), phi.end(), in.data());
  fft.forward(in.data(), out.data());
  const double two_pi = 2 * std::numbers::pi;
  double total = 0;
  std::array<double, 3> moment{0, 0, 0};
  for (int iz = 0; iz < nz; ++iz)
    for (int iy = 0; iy < ny; ++iy)
      for (int ix = 0; ix < nxc; ++ix) {
        if (ix == 0 && iy == 0 && iz == 0) continue;
        double w = (ix == 0 || 2 * ix == nx) ? 1 : 2;
        if (2 * ix == nx) w *= 0.5;
        if (2 * iy == ny) w *= 0.5;
        if (2 * iz == nz) w *= 0.5;
        const Complex<double> c = out.data()[(std::size_t(iz) * ny + iy) * nxc + ix];
        const double s = w * (c.re * c.re + c.im * c.im);
        const int my = 2 * iy <= ny ? iy : iy - ny, mz = 2 * iz <= nz ? iz : iz - nz;
        const std::array<double, 3> k{two_pi * ix / g.length(0), two_pi * std::abs(my) / g.length(1),
                                       two_pi * std::abs(mz) / g.length(2)};
        total += s;
        for (int a = 0; a < 3; ++a) moment[a] += k[a] * s;
      }
  return {two_pi * total / moment[0], two_pi * total / moment[1], two_pi * total / moment[2]};
}

}  // namespace pf::test
