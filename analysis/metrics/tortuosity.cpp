#include "analysis/metrics/tortuosity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "analysis/filters/label_components.hpp"
#include "analysis/solvers/voxel_multigrid.hpp"
#include "kernels/cpu/deterministic_sum.hpp"

namespace pf::analysis {
namespace {

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
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < s.size(); ++i) {
    const std::int32_t l = cc.labels[i];
    active[i] = l > 0 && bottom[l] && top[l];
  }
  return active;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return deterministic_sum(a.size(), [&](std::size_t i) { return a[i] * b[i]; });
}

// Flux through the inlet face, each interior z-plane and the outlet face (nz + 1 values).
std::vector<double> plane_fluxes(const VoxelMultigrid& op, const std::vector<double>& c) {
  const Shape s = op.shape();
  const std::int64_t ss = s.slice_size();
  const double face = op.face_conductance(), gz = op.z_conductance();
  std::vector<double> flux(std::size_t(s.nz) + 1, 0.0);
#pragma omp parallel for schedule(static)
  for (std::int64_t z = 0; z < s.nz; ++z) {
    double inlet = 0.0, outlet = 0.0, up = 0.0;
    for (std::int64_t i = z * ss; i < (z + 1) * ss; ++i) {
      if (!op.active(i)) continue;
      if (z == 0) inlet += face * (1.0 - c[i]);
      if (z == s.nz - 1) outlet += face * c[i];
      else if (op.active(i + ss)) up += gz * (c[i] - c[i + ss]);
    }
    if (z == 0) flux[0] = inlet;
    if (z == s.nz - 1) flux[std::size_t(s.nz)] = outlet;
    else flux[std::size_t(z) + 1] = up;
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
  std::int64_t unknowns = 0;
  for (const char a : active) unknowns += a;
  result.conducting_fraction = pore_voxels ? double(unknowns) / double(pore_voxels) : 0.0;
  if (unknowns == 0) {
    result.converged = true;
    return result;
  }
  result.percolates = true;
  VoxelMultigrid op(active, s, h, options.periodic_xy);
  const bool multigrid = options.preconditioner == TortuosityPreconditioner::multigrid;

  // Start from the open-slab solution (linear in z), exact for straight channels. Vectors live on
  // the whole grid (0 on non-conducting voxels) with a trailing zero; b = the inlet face's pull.
  const std::int64_t n = s.size();
  std::vector<double> c = op.vector(), r = op.vector(), z = op.vector(), p = op.vector(), ap = op.vector();
#pragma omp parallel for schedule(static)
  for (std::int64_t u = 0; u < n; ++u)
    if (active[u]) c[u] = 1.0 - (double(u / s.slice_size()) + 0.5) / double(s.nz);
  op.apply(c, ap);
#pragma omp parallel for schedule(static)
  for (std::int64_t u = 0; u < n; ++u)
    r[u] = (active[u] && u < s.slice_size() ? op.face_conductance() : 0.0) - ap[u];
  const auto precondition = [&] {
    if (multigrid) op.precondition(r, z);
    else op.jacobi(r, z);
  };
  precondition();
  p = z;
  double rz = dot(r, z);

  for (std::int64_t it = 0;; ++it) {
    if (it % options.check_every == 0 || rz == 0.0) {
      result.flux_deviation = flux_deviation(plane_fluxes(op, c));
      result.iterations = it;
      if (result.flux_deviation < options.flux_tolerance) {
        result.converged = true;
        break;
      }
      if (it >= options.max_iterations || rz == 0.0) break;
    }
    const double alpha = rz / op.apply(p, ap);
#pragma omp parallel for schedule(static)
    for (std::int64_t u = 0; u < n; ++u) {
      c[u] += alpha * p[u];
      r[u] -= alpha * ap[u];
    }
    precondition();
    const double rz_next = dot(r, z);
    const double beta = rz_next / rz;
    rz = rz_next;
#pragma omp parallel for schedule(static)
    for (std::int64_t u = 0; u < n; ++u) p[u] = z[u] + beta * p[u];
  }

  const double flux = mean(plane_fluxes(op, c));
  const double open_flux = (double(s.nx) * h.hx) * (double(s.ny) * h.hy) / (double(s.nz) * h.hz);
  result.tortuosity = result.porosity * open_flux / flux;
  result.diffusivity_ratio = result.porosity / result.tortuosity;
  return result;
}

}  // namespace pf::analysis
