#include "solver/process/thermal_slab.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/errors.hpp"

namespace pf {

ThermalSlab::ThermalSlab(int nz, double spacing, double diffusivity, double initial, double heat_transfer)
    : T_(std::size_t(std::max(1, nz)), initial), h_(spacing), alpha_(diffusivity), heat_transfer_(heat_transfer) {
  if (!(spacing > 0) || !(diffusivity > 0) || !(heat_transfer >= 0))
    throw Error("ThermalSlab: spacing and diffusivity must be positive, the heat-transfer coefficient >= 0");
}

void ThermalSlab::set_diffusivity(double alpha) {
  if (!(alpha > 0)) throw Error("ThermalSlab: diffusivity must be positive");
  alpha_ = alpha;
}

void ThermalSlab::set_uniform(double value) { std::fill(T_.begin(), T_.end(), value); }

void ThermalSlab::step(double dt, const FaceTemperatures& faces) {
  const std::size_t n = T_.size();
  const double r = alpha_ * dt / (h_ * h_);
  // A face's conductance relative to a full cell's alpha / h: 2 for a perfect contact.
  const double H = faces.heat_transfer.value_or(heat_transfer_);
  const double face = H > 0 ? (1.0 / (h_ / (2 * alpha_) + 1.0 / H)) * h_ / alpha_ : 2.0;
  // Thomas algorithm on a_k T_{k-1} + b_k T_k + c_k T_{k+1} = d_k.
  std::vector<double> c(n), d(n);
  double b_prev = 0;
  for (std::size_t k = 0; k < n; ++k) {
    double b = 1, rhs = T_[k];
    const double a = k > 0 ? -r : 0.0, up = k + 1 < n ? -r : 0.0;
    if (k > 0) b += r;
    if (k + 1 < n) b += r;
    // A Dirichlet face is half a cell away: conductance 2 / h^2 instead of 1 / h^2.
    if (k == 0 && faces.bottom) {
      b += face * r;
      rhs += face * r * *faces.bottom;
    }
    if (k + 1 == n && faces.top) {
      b += face * r;
      rhs += face * r * *faces.top;
    }
    if (k > 0) {
      const double m = a / b_prev;
      b -= m * c[k - 1];
      rhs -= m * d[k - 1];
    }
    c[k] = up;
    d[k] = rhs;
    b_prev = b;
    // Store the pivot in place of the diagonal for back substitution.
    T_[k] = b;
  }
  // Back substitution: x_k = (d_k - c_k x_{k+1}) / b_k, pivots held in T_.
  double next = 0;
  for (std::size_t k = n; k-- > 0;) {
    const double x = (d[k] - (k + 1 < n ? c[k] * next : 0.0)) / T_[k];
    T_[k] = x;
    next = x;
  }
}

std::vector<double> resample_depth_profile(const std::vector<double>& values, int nz) {
  const std::size_t n_old = values.size(), n_new = std::size_t(std::max(1, nz));
  if (n_new == n_old || n_old == 0) return values;
  std::vector<double> out(n_new);
  for (std::size_t k = 0; k < n_new; ++k) {
    // Node centres at (k + 1/2) / n of the thickness, on both grids.
    const double s = (double(k) + 0.5) * double(n_old) / double(n_new) - 0.5;
    const double lo = std::clamp(std::floor(s), 0.0, double(n_old - 1));
    const std::size_t i = std::size_t(lo), j = std::min(i + 1, n_old - 1);
    const double f = std::clamp(s - lo, 0.0, 1.0);
    out[k] = (1 - f) * values[i] + f * values[j];
  }
  return out;
}

void ThermalSlab::resize(int nz) { T_ = resample_depth_profile(T_, nz); }

}  // namespace pf
