#include "solver/initial/initial_condition.hpp"

#include <fmt/format.h>

#include <cmath>

#include "io/hdf5_file.hpp"
#include "solver/core/errors.hpp"
#include "solver/models/counter_rng.hpp"
#include "solver/models/wet_process_mapping.hpp"

namespace pf {

namespace {

// PFHub benchmark 1's standard initial condition (Jokisaari et al. 2017), x and y in length units.
double pfhub_bm1(double c0, double eps, double x, double y) {
  return c0 + eps * (std::cos(0.105 * x) * std::cos(0.11 * y) + std::pow(std::cos(0.13 * x) * std::cos(0.087 * y), 2) +
                     std::cos(0.025 * x - 0.15 * y) * std::cos(0.07 * x - 0.02 * y));
}

template <class F>
std::vector<double> fill(const Grid& g, F value) {
  const auto [nx, ny, nz] = g.shape;
  std::vector<double> phi(g.voxels());
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const std::size_t idx = (std::size_t(k) * ny + j) * nx + i;
        phi[idx] = value(i, j, k, idx);
      }
  return phi;
}

std::vector<double> from_file(const Config& c) {
  const auto& ic = c.initial;
  const FieldData data = Hdf5File::open_read(ic.file).read_field(ic.dataset);
  const auto& s = c.grid.shape;
  const std::array<std::size_t, 3> want{std::size_t(s[2]), std::size_t(s[1]), std::size_t(s[0])};
  if (data.shape_zyx != want)
    throw InputError(fmt::format("{}: dataset '{}' has shape ({}, {}, {}) but [grid] shape needs (nz, ny, nx) = ({}, {}, {})",
                                 ic.file, ic.dataset, data.shape_zyx[0], data.shape_zyx[1], data.shape_zyx[2], want[0],
                                 want[1], want[2]));
  for (double v : data.values)
    if (!std::isfinite(v)) throw InputError(ic.file + ": dataset '" + ic.dataset + "' contains NaN or Inf");
  return data.values;
}

}  // namespace

std::vector<double> make_initial_field(const Config& c) {
  InitialConfig ic = c.initial;
  // The wet process's solution: its polymer volume fraction comes from [material] wt%.
  if (c.material.enabled) ic.c0 = wet_process_parameters(c.material).phi0;
  const Grid& g = c.grid;
  switch (ic.kind) {
    case InitialKind::pfhub_bm1:
      return fill(g, [&](int i, int j, int, std::size_t) {
        return pfhub_bm1(ic.c0, ic.epsilon, i * g.spacing[0], j * g.spacing[1]);
      });
    case InitialKind::cosine: {
      const double two_pi = 2 * M_PI;
      return fill(g, [&](int i, int j, int k, std::size_t) {
        const double phase = ic.mode[0] * double(i) / g.shape[0] + ic.mode[1] * double(j) / g.shape[1] +
                             ic.mode[2] * double(k) / g.shape[2];
        return ic.c0 + ic.amplitude * std::cos(two_pi * phase);
      });
    }
    case InitialKind::uniform_noise: {
      const CounterRng rng{ic.seed, 0u};
      return fill(g, [&](int, int, int, std::size_t idx) { return ic.c0 + ic.amplitude * (2 * rng.uniform(0, idx) - 1); });
    }
    case InitialKind::file:
      return from_file(c);
  }
  throw Error("unknown initial condition kind");
}

}  // namespace pf
