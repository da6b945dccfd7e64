#pragma once
// The Moulinec–Suquet basic scheme (Moulinec & Suquet, Comput. Methods Appl. Mech. Engrg. 157
// (1998) 69–94) for periodic small-strain linear elasticity, written once over a backend's
// primitives (Buffer, Fft, Exec) like SemiImplicitSpectral; instantiated in
// moulinec_suquet_cpu.cpp and moulinec_suquet_cuda.cu. Lippmann–Schwinger fixed point with a
// homogeneous isotropic reference medium C0 (lambda0, mu0):
//
//   tau^k   = (C(x) - C0) : eps^k                         (polarisation, real space)
//   eps^k+1 = E - Gamma0 * tau^k                          (Fourier space: eps^(0) = E,
//                                                          eps^(xi) = -Gamma0^(xi) : tau^(xi))
//   Gamma0^_khij(xi) = [d_ki n_h n_j + d_hi n_k n_j + d_kj n_h n_i + d_hj n_k n_i] / (4 mu0)
//                      - (lambda0 + mu0) / (mu0 (lambda0 + 2 mu0)) n_i n_j n_k n_h,  n = xi/|xi|
//
// The reference is the arithmetic mean of the extreme moduli, lambda0 = (min + max)/2 and
// mu0 = (min + max)/2, for which the scheme converges for any finite contrast at the rate
// (c - 1)/(c + 1), c the stiffness contrast (Moulinec & Suquet 1998; Michel, Moulinec & Suquet
// 2001). xi is the wavevector of the current (possibly stretched) spacing.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"
#include "solver/core/host_device.hpp"
#include "solver/mechanics/elasticity.hpp"
#include "solver/schemes/spectral_grid.hpp"

namespace pf {

namespace mechanics {

template <class Real>
struct PhaseModuli {
  Real K_pp, G_pp, K_rc, G_rc, pore_factor;

  // Lame (lambda, mu) of a voxel with PP fraction phi, pore flag p.
  PF_HOST_DEVICE void lame(Real phi, bool pore, Real& lambda, Real& mu) const {
    const Real s = phi < Real(0) ? Real(0) : (phi > Real(1) ? Real(1) : phi);
    Real K = K_rc + s * (K_pp - K_rc), G = G_rc + s * (G_pp - G_rc);
    if (pore) {
      K = pore_factor * K_rc;
      G = pore_factor * G_rc;
    }
    mu = G;
    lambda = K - Real(2) / Real(3) * G;
  }
};

template <class Real>
struct SixFields {
  Real* c[6];
};

template <class Real>
struct SixSpectra {
  Complex<Real>* c[6];
};

// tau = (C(x) - C0) : eps, pointwise.
template <class Real>
struct Polarization {
  const Real* phi;
  const std::uint8_t* pore;  // null: no pores
  SixFields<Real> eps, tau;
  PhaseModuli<Real> moduli;
  Real lambda0, mu0;

  PF_HOST_DEVICE void operator()(std::size_t i) const {
    Real lambda, mu;
    moduli.lame(phi[i], pore != nullptr && pore[i] != 0, lambda, mu);
    const Real dl = lambda - lambda0, dm = Real(2) * (mu - mu0);
    const Real tr = eps.c[0][i] + eps.c[1][i] + eps.c[2][i];
    for (int a = 0; a < 3; ++a) tau.c[a][i] = dl * tr + dm * eps.c[a][i];
    for (int a = 3; a < 6; ++a) tau.c[a][i] = dm * eps.c[a][i];
  }
};

// eps^ = -Gamma0^ : tau^ (times 1/N for the unnormalised round trip), eps^(0) = E.
// Even-length axes: a Nyquist component of xi has no sign (+k_N and -k_N are one entry), so a
// mode whose direction depends on it is ambiguous; such modes get no strain fluctuation. A pure
// Nyquist mode along one axis, xi = (k_N, 0, 0), is unambiguous and kept (laminates need it).
template <class Real>
struct GreenOperator {
  SixSpectra<Real> hat;
  SpectralGrid<Real> grid;
  Real lambda0, mu0, inv_n;
  Real E[6];

  PF_HOST_DEVICE void operator()(std::size_t idx) const {
    if (idx == 0) {
      for (int c = 0; c < 6; ++c) hat.c[c][0] = {E[c], Real(0)};
      return;
    }
    Real xi[3], xd[3];
    int nonzero = 0, nyquist = 0;
    for (int a = 0; a < 3; ++a) {
      xi[a] = grid.k(idx, a);
      xd[a] = grid.k_derivative(idx, a);
      if (xi[a] != Real(0)) ++nonzero;
      if (xi[a] != Real(0) && xd[a] == Real(0)) ++nyquist;
    }
    if (nyquist > 0 && nonzero > 1) {
      for (int c = 0; c < 6; ++c) hat.c[c][idx] = {Real(0), Real(0)};
      return;
    }
    const Real norm = sqrt(xi[0] * xi[0] + xi[1] * xi[1] + xi[2] * xi[2]);
    const Real n[3] = {xi[0] / norm, xi[1] / norm, xi[2] / norm};
    // tensor index -> component: (0,0)=0 (1,1)=1 (2,2)=2 (1,2)=3 (0,2)=4 (0,1)=5
    const int comp[3][3] = {{0, 5, 4}, {5, 1, 3}, {4, 3, 2}};
    Complex<Real> t[6];
    for (int c = 0; c < 6; ++c) t[c] = hat.c[c][idx];
    Complex<Real> q[3];
    for (int i = 0; i < 3; ++i) {
      q[i] = {Real(0), Real(0)};
      for (int j = 0; j < 3; ++j) q[i] = q[i] + n[j] * t[comp[i][j]];
    }
    Complex<Real> s = {Real(0), Real(0)};
    for (int i = 0; i < 3; ++i) s = s + n[i] * q[i];
    const Real a = Real(1) / (Real(2) * mu0);
    const Real b = (lambda0 + mu0) / (mu0 * (lambda0 + Real(2) * mu0));
    const int kk[6] = {0, 1, 2, 1, 0, 0}, hh[6] = {0, 1, 2, 2, 2, 1};
    for (int c = 0; c < 6; ++c) {
      const int k = kk[c], h = hh[c];
      const Complex<Real> g = a * (n[h] * q[k] + n[k] * q[h]) + (-b * n[k] * n[h]) * s;
      hat.c[c][idx] = (-inv_n) * g;
    }
  }
};

// Squared Frobenius norm of (a - b) at a voxel (shear components count twice).
template <class Real>
struct StrainDifference2 {
  SixFields<Real> a, b;
  PF_HOST_DEVICE Real operator()(std::size_t i) const {
    Real s = 0;
    for (int c = 0; c < 6; ++c) {
      const Real d = a.c[c][i] - b.c[c][i];
      s += (c < 3 ? Real(1) : Real(2)) * d * d;
    }
    return s;
  }
};

template <class Real>
struct Component {
  const Real* f;
  PF_HOST_DEVICE Real operator()(std::size_t i) const { return f[i]; }
};

}  // namespace mechanics

template <class Backend, class Real>
class MoulinecSuquet final : public ElasticitySolver {
  using Ex = Exec<Backend>;

 public:
  MoulinecSuquet(const Grid& grid, const ElasticPhases& phases, const ElasticityOptions& options)
      : grid_(periodic(grid)), spectral_(SpectralGrid<Real>::from(grid_)), options_(options),
        moduli_{Real(phases.bulk_pp), Real(phases.shear_pp), Real(phases.bulk_rc), Real(phases.shear_rc),
                Real(phases.pore_factor)},
        fft_({spectral_.nz, spectral_.ny, spectral_.nx}), phi_(spectral_.real_size()), pore_(spectral_.real_size()) {
    for (int c = 0; c < 6; ++c) {
      eps_.emplace_back(spectral_.real_size());
      tau_.emplace_back(spectral_.real_size());
      hat_.emplace_back(spectral_.complex_size());
    }
    phases_ = phases;
  }

  Grid grid() const override { return grid_; }
  void set_spacing(std::array<double, 3> spacing) override {
    grid_.spacing = spacing;
    spectral_ = SpectralGrid<Real>::from(grid_);
  }

  StrainField solve(std::span<const double> phi, std::span<const std::uint8_t> pore, const SymTensor& E,
                    const std::array<std::vector<double>, 6>* initial) override {
    const std::size_t n = spectral_.real_size(), nc = spectral_.complex_size();
    if (phi.size() != n) throw Error("MoulinecSuquet::solve: phi has the wrong size");
    std::vector<Real> host(n);
    std::copy(phi.begin(), phi.end(), host.begin());
    phi_.upload(host.data(), n);
    const bool has_pores = !pore.empty();
    if (has_pores) {
      if (pore.size() != n) throw Error("MoulinecSuquet::solve: pore mask has the wrong size");
      pore_.upload(pore.data(), n);
    }
    double e_norm2 = 0;
    for (int c = 0; c < 6; ++c) e_norm2 += (c < 3 ? 1 : 2) * E[c] * E[c];
    choose_reference(has_pores);
    StrainField out;
    if (e_norm2 == 0) {
      for (auto& f : out.strain) f.assign(n, 0.0);
      out.converged = true;
      return out;
    }
    // Starting field: E, or the previous solution rescaled to mean E.
    for (int c = 0; c < 6; ++c) {
      if (initial && (*initial)[c].size() == n) {
        double mean = 0;
        for (double v : (*initial)[c]) mean += v;
        mean /= double(n);
        for (std::size_t i = 0; i < n; ++i) host[i] = Real((*initial)[c][i] - mean + E[c]);
      } else {
        std::fill(host.begin(), host.end(), Real(E[c]));
      }
      eps_[c].upload(host.data(), n);
    }
    mechanics::GreenOperator<Real> green{spectra(), spectral_, Real(lambda0_), Real(mu0_), Real(1.0 / double(n)), {}};
    for (int c = 0; c < 6; ++c) green.E[c] = Real(E[c]);
    const double e_norm = std::sqrt(e_norm2);
    for (out.iterations = 1; out.iterations <= options_.max_iterations; ++out.iterations) {
      polarize(has_pores);
      for (int c = 0; c < 6; ++c) fft_.forward(tau_[c].data(), hat_[c].data());
      Ex::for_each(nc, green);
      for (int c = 0; c < 6; ++c) fft_.backward(hat_[c].data(), tau_[c].data());
      const double d2 = Ex::sum(n, mechanics::StrainDifference2<Real>{fields(tau_), fields(eps_)});
      std::swap(eps_, tau_);
      out.last_change = std::sqrt(d2 / double(n)) / e_norm;
      if (!std::isfinite(out.last_change)) throw NumericalError("Moulinec-Suquet elasticity solve produced NaN/Inf");
      if (out.last_change < options_.tolerance) {
        out.converged = true;
        break;
      }
    }
    out.iterations = std::min(out.iterations, options_.max_iterations);
    // <sigma> = <tau> + C0 : E (tau of the final strain).
    polarize(has_pores);
    const double trE = E[0] + E[1] + E[2];
    for (int c = 0; c < 6; ++c) {
      const double mean_tau = Ex::sum(n, mechanics::Component<Real>{tau_[c].data()}) / double(n);
      out.mean_stress[c] = mean_tau + (c < 3 ? lambda0_ * trE : 0.0) + 2 * mu0_ * E[c];
    }
    for (int c = 0; c < 6; ++c) {
      eps_[c].download(host.data(), n);
      out.strain[c].assign(host.begin(), host.end());
    }
    return out;
  }

 private:
  // Reference medium: the mean of the extreme Lame moduli over the phases present.
  void choose_reference(bool has_pores) {
    double lmin = 1e300, lmax = -1e300, mmin = 1e300, mmax = -1e300;
    const ElasticPhases& p = phases_;
    const double Ks[3] = {p.bulk_pp, p.bulk_rc, p.bulk_rc * p.pore_factor};
    const double Gs[3] = {p.shear_pp, p.shear_rc, p.shear_rc * p.pore_factor};
    for (int i = 0; i < (has_pores ? 3 : 2); ++i) {
      const double lam = Ks[i] - 2.0 / 3.0 * Gs[i];
      lmin = std::min(lmin, lam), lmax = std::max(lmax, lam);
      mmin = std::min(mmin, Gs[i]), mmax = std::max(mmax, Gs[i]);
    }
    lambda0_ = 0.5 * (lmin + lmax);
    mu0_ = 0.5 * (mmin + mmax);
  }

  static Grid periodic(Grid g) {
    g.boundary_z = BoundaryZ::periodic;
    return g;
  }
  mechanics::SixFields<Real> fields(std::vector<Buffer<Real, Backend>>& b) {
    mechanics::SixFields<Real> f;
    for (int c = 0; c < 6; ++c) f.c[c] = b[c].data();
    return f;
  }
  mechanics::SixSpectra<Real> spectra() {
    mechanics::SixSpectra<Real> f;
    for (int c = 0; c < 6; ++c) f.c[c] = hat_[c].data();
    return f;
  }
  void polarize(bool has_pores) {
    Ex::for_each(spectral_.real_size(),
                 mechanics::Polarization<Real>{phi_.data(), has_pores ? pore_.data() : nullptr, fields(eps_), fields(tau_),
                                               moduli_, Real(lambda0_), Real(mu0_)});
  }

  Grid grid_;
  SpectralGrid<Real> spectral_;
  ElasticityOptions options_;
  ElasticPhases phases_;
  mechanics::PhaseModuli<Real> moduli_;
  double lambda0_ = 1, mu0_ = 1;
  Fft<Backend, Real> fft_;
  Buffer<Real, Backend> phi_;
  Buffer<std::uint8_t, Backend> pore_;
  std::vector<Buffer<Real, Backend>> eps_, tau_;
  std::vector<Buffer<Complex<Real>, Backend>> hat_;
};

}  // namespace pf
