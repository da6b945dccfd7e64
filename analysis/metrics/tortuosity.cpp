#include "analysis/metrics/tortuosity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "analysis/filters/label_components.hpp"

namespace pf::analysis {
namespace {

// Face-neighbour directions: z-, z+, y-, y+, x-, x+.
constexpr int kDirections = 6;

// The linear system A c = b of the finite-volume discretisation, restricted to the conducting
// pore voxels ("unknowns").
struct DiffusionSystem {
  std::int64_t nz = 0;
  std::vector<std::int64_t> slice;          // z index of each unknown
  std::vector<std::int32_t> neighbour;      // kDirections per unknown, -1 where there is none
  std::vector<double> diagonal, rhs;
  double conductance[kDirections] = {};     // D A_face / h per direction (D = 1)
  double face_conductance = 0.0;            // to a Dirichlet face, over half a voxel

  std::size_t size() const { return slice.size(); }
};

// Pore voxels of the 6-connected components that touch both faces.
std::vector<char> conducting_voxels(const Mask& pore, bool periodic_xy) {
  const Shape s = pore.shape;
  const ComponentLabels cc = label_components(pore, 6, periodic_xy);
  std::vector<char> bottom(std::size_t(cc.count) + 1, 0), top(std::size_t(cc.count) + 1, 0);
  for (std::int64_t i = 0; i < s.slice_size(); ++i) {
    bottom[cc.labels[i]] = 1;
    top[cc.labels[(s.nz - 1) * s.slice_size() + i]] = 1;
  }
  std::vector<char> active(static_cast<std::size_t>(s.size()), 0);
  for (std::int64_t i = 0; i < s.size(); ++i) {
    const std::int32_t l = cc.labels[i];
    active[i] = l > 0 && bottom[l] && top[l];
  }
  return active;
}

DiffusionSystem build_system(const std::vector<char>& active, const Shape& s, const Spacing& h, bool periodic_xy) {
  DiffusionSystem sys;
  sys.nz = s.nz;
  const double gz = h.hx * h.hy / h.hz, gy = h.hx * h.hz / h.hy, gx = h.hy * h.hz / h.hx;
  const double g[kDirections] = {gz, gz, gy, gy, gx, gx};
  std::copy(g, g + kDirections, sys.conductance);
  sys.face_conductance = 2.0 * gz;

  std::vector<std::int32_t> id(static_cast<std::size_t>(s.size()), -1);
  std::int32_t n = 0;
  for (std::int64_t i = 0; i < s.size(); ++i)
    if (active[i]) id[i] = n++;
  sys.slice.resize(std::size_t(n));
  sys.neighbour.assign(std::size_t(n) * kDirections, -1);
  sys.diagonal.assign(std::size_t(n), 0.0);
  sys.rhs.assign(std::size_t(n), 0.0);

  const auto along = [&](std::int64_t v, std::int64_t step, std::int64_t size, bool wraps) -> std::int64_t {
    const std::int64_t w = v + step;
    if (wraps) return wrap_index(w, size);
    return (w < 0 || w >= size) ? -1 : w;
  };
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const std::int64_t i = s.index(z, y, x);
        if (!active[i]) continue;
        const std::int32_t u = id[i];
        sys.slice[u] = z;
        const std::int64_t zs[2] = {along(z, -1, s.nz, false), along(z, 1, s.nz, false)};
        const std::int64_t ys[2] = {along(y, -1, s.ny, periodic_xy), along(y, 1, s.ny, periodic_xy)};
        const std::int64_t xs[2] = {along(x, -1, s.nx, periodic_xy), along(x, 1, s.nx, periodic_xy)};
        std::int64_t j[kDirections] = {-1, -1, -1, -1, -1, -1};
        for (int k = 0; k < 2; ++k) {
          if (zs[k] >= 0) j[k] = s.index(zs[k], y, x);
          if (ys[k] >= 0) j[2 + k] = s.index(z, ys[k], x);
          if (xs[k] >= 0) j[4 + k] = s.index(z, y, xs[k]);
        }
        for (int d = 0; d < kDirections; ++d) {
          // A voxel wrapping onto itself (a line of length 1) has no neighbour.
          if (j[d] < 0 || j[d] == i || !active[j[d]]) continue;
          sys.neighbour[std::size_t(u) * kDirections + d] = id[j[d]];
          sys.diagonal[u] += g[d];
        }
        if (z == 0) {
          sys.diagonal[u] += sys.face_conductance;
          sys.rhs[u] += sys.face_conductance * 1.0;  // c = 1 on the z = 0 face
        }
        if (z == s.nz - 1) sys.diagonal[u] += sys.face_conductance;  // c = 0 on the z = d face
      }
  return sys;
}

void apply(const DiffusionSystem& sys, const std::vector<double>& c, std::vector<double>& out) {
  const auto n = static_cast<std::int64_t>(sys.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t u = 0; u < n; ++u) {
    double v = sys.diagonal[u] * c[u];
    for (int d = 0; d < kDirections; ++d) {
      const std::int32_t w = sys.neighbour[std::size_t(u) * kDirections + d];
      if (w >= 0) v -= sys.conductance[d] * c[w];
    }
    out[u] = v;
  }
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<std::int64_t>(a.size());
  double sum = 0.0;
#pragma omp parallel for reduction(+ : sum) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// Flux through the inlet face, each interior z-plane and the outlet face (nz + 1 values).
std::vector<double> plane_fluxes(const DiffusionSystem& sys, const std::vector<double>& c) {
  std::vector<double> flux(std::size_t(sys.nz) + 1, 0.0);
  for (std::size_t u = 0; u < sys.size(); ++u) {
    const std::int64_t z = sys.slice[u];
    if (z == 0) flux[0] += sys.face_conductance * (1.0 - c[u]);
    if (z == sys.nz - 1) flux[std::size_t(sys.nz)] += sys.face_conductance * c[u];
    const std::int32_t up = sys.neighbour[u * kDirections + 1];
    if (up >= 0) flux[std::size_t(z) + 1] += sys.conductance[1] * (c[u] - c[up]);
  }
  return flux;
}

double flux_deviation(const std::vector<double>& flux) {
  double mean = 0.0;
  for (double f : flux) mean += f;
  mean /= double(flux.size());
  double worst = 0.0;
  for (double f : flux) worst = std::max(worst, std::abs(f - mean));
  return mean > 0.0 ? worst / mean : std::numeric_limits<double>::infinity();
}

double mean(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / double(v.size());
}

}  // namespace

TortuosityResult tortuosity(const Mask& pore, const Spacing& h, const TortuosityOptions& options) {
  validate_mask(pore, "tortuosity");
  validate_spacing(h, "tortuosity");
  require(options.flux_tolerance > 0.0 && options.check_every > 0 && options.max_iterations >= 0,
          "tortuosity: flux_tolerance and check_every must be positive, max_iterations non-negative");
  const Shape s = pore.shape;
  TortuosityResult result;
  std::int64_t pore_voxels = 0;
  for (const auto v : pore.data) pore_voxels += v;
  result.porosity = double(pore_voxels) / double(s.size());
  result.tortuosity = std::numeric_limits<double>::infinity();

  const std::vector<char> active = conducting_voxels(pore, options.periodic_xy);
  const DiffusionSystem sys = build_system(active, s, h, options.periodic_xy);
  result.conducting_fraction = pore_voxels ? double(sys.size()) / double(pore_voxels) : 0.0;
  if (sys.size() == 0) {
    result.converged = true;
    return result;
  }
  result.percolates = true;

  // Start from the open-slab solution (linear in z), exact for straight channels.
  const std::size_t n = sys.size();
  std::vector<double> c(n), r(n), z(n), p(n), ap(n);
  for (std::size_t u = 0; u < n; ++u) c[u] = 1.0 - (double(sys.slice[u]) + 0.5) / double(s.nz);
  apply(sys, c, ap);
  for (std::size_t u = 0; u < n; ++u) {
    r[u] = sys.rhs[u] - ap[u];
    z[u] = r[u] / sys.diagonal[u];
  }
  p = z;
  double rz = dot(r, z);

  for (std::int64_t it = 0;; ++it) {
    if (it % options.check_every == 0 || rz == 0.0) {
      result.flux_deviation = flux_deviation(plane_fluxes(sys, c));
      result.iterations = it;
      if (result.flux_deviation < options.flux_tolerance) {
        result.converged = true;
        break;
      }
      if (it >= options.max_iterations || rz == 0.0) break;
    }
    apply(sys, p, ap);
    const double alpha = rz / dot(p, ap);
    for (std::size_t u = 0; u < n; ++u) {
      c[u] += alpha * p[u];
      r[u] -= alpha * ap[u];
      z[u] = r[u] / sys.diagonal[u];
    }
    const double rz_next = dot(r, z);
    const double beta = rz_next / rz;
    rz = rz_next;
    for (std::size_t u = 0; u < n; ++u) p[u] = z[u] + beta * p[u];
  }

  const double flux = mean(plane_fluxes(sys, c));
  const double open_flux = (double(s.nx) * h.hx) * (double(s.ny) * h.hy) / (double(s.nz) * h.hz);
  result.tortuosity = result.porosity * open_flux / flux;
  result.diffusivity_ratio = result.porosity / result.tortuosity;
  return result;
}

}  // namespace pf::analysis
