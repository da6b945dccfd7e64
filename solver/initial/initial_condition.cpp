#include "solver/initial/initial_condition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/isolated_hdf5.hpp"
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

// Checks the dataset's header against the grid (reading no data). The file is the user's, so
// it is read in a child process (io/isolated_hdf5.hpp).
void check_initial_shape(const Config& c, const std::array<std::size_t, 3>& have) {
  const auto& ic = c.initial;
  const auto& s = c.grid.shape;
  const std::array<std::size_t, 3> want{std::size_t(s[2]), std::size_t(s[1]), std::size_t(s[0])};
  if (have != want)
    throw InputError(fmt::format("{}: dataset '{}' has shape ({}, {}, {}) but [grid] shape needs (nz, ny, nx) = ({}, {}, {})",
                                 ic.file, ic.dataset, have[0], have[1], have[2], want[0], want[1], want[2]));
}

std::vector<double> from_file(const Config& c) {
  const auto& ic = c.initial;
  check_initial_shape(c, field_info_isolated(ic.file, ic.dataset).shape_zyx);
  const FieldData data = read_field_isolated(ic.file, ic.dataset);
  check_initial_shape(c, data.shape_zyx);  // the file may have changed since
  for (double v : data.values)
    if (!std::isfinite(v)) throw InputError(ic.file + ": dataset '" + ic.dataset + "' contains NaN or Inf");
  return data.values;
}

// Random spheres of the minority (phi-poor) phase in a phi-rich matrix, periodic in x and y
// (and z when periodic), placed from the counter-based RNG until their hard volume fraction
// reaches 1 - c0. The indicator is smoothed with a tanh of width w across each sphere surface,
// and phi = c0 + a (<s> - s) with a = 0.94, so the mean is c0 exactly and phi stays in
// [0.06 c0, 0.06 c0 + 0.94], inside (0, 1) as Flory–Huggins needs.
std::vector<double> droplets(const Config& c) {
  const auto& ic = c.initial;
  const Grid& g = c.grid;
  const auto [nx, ny, nz] = g.shape;
  const bool wrap_z = g.boundary_z == BoundaryZ::periodic;
  const double R = ic.droplet_radius, w = ic.interface_width;
  const std::size_t n = g.voxels();
  std::vector<double> signed_depth(n, -1e30);  // max over spheres of R - |x - centre|, grid units
  std::size_t inside = 0;
  const std::size_t target = std::size_t(std::llround((1 - ic.c0) * double(n)));
  const CounterRng rng{ic.seed, 0x5eedu};
  const int reach = int(std::ceil(R + 3 * w));
  for (std::uint64_t d = 0; inside < target && d < 100000000ull; ++d) {
    const double cx = rng.uniform(d, 0) * nx, cy = rng.uniform(d, 1) * ny, cz = rng.uniform(d, 2) * nz;
    for (int dz = -reach; dz <= reach; ++dz) {
      int k = int(std::floor(cz)) + dz;
      if (wrap_z) k = ((k % nz) + nz) % nz;
      else if (k < 0 || k >= nz) continue;
      for (int dy = -reach; dy <= reach; ++dy) {
        const int j = ((int(std::floor(cy)) + dy) % ny + ny) % ny;
        for (int dx = -reach; dx <= reach; ++dx) {
          const int i = ((int(std::floor(cx)) + dx) % nx + nx) % nx;
          const double rx = std::floor(cx) + dx - cx, ry = std::floor(cy) + dy - cy, rz = std::floor(cz) + dz - cz;
          const double depth = R - std::sqrt(rx * rx + ry * ry + rz * rz);
          const std::size_t idx = (std::size_t(k) * ny + j) * nx + i;
          if (depth > 0 && signed_depth[idx] <= 0) ++inside;
          signed_depth[idx] = std::max(signed_depth[idx], depth);
        }
      }
    }
  }
  std::vector<double> s(n);
  double mean = 0;
  for (std::size_t i = 0; i < n; ++i) mean += s[i] = 0.5 * (1 + std::tanh(signed_depth[i] / w));
  mean /= double(n);
  constexpr double a = 0.94;
  for (std::size_t i = 0; i < n; ++i) s[i] = ic.c0 + a * (mean - s[i]);
  return s;
}

}  // namespace

void check_initial_condition(const Config& c) {
  if (c.initial.kind == InitialKind::file) check_initial_shape(c, field_info_isolated(c.initial.file, c.initial.dataset).shape_zyx);
}

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
    case InitialKind::droplets:
    case InitialKind::reactor_blend:
      return droplets(c);
  }
  throw Error("unknown initial condition kind");
}

}  // namespace pf
