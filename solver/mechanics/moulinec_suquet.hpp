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
//
// scheme = conjugate_gradient (the default) solves the same Lippmann–Schwinger equation by
// conjugate gradients (Zeman, Vondrejc, Novak & Marek, J. Comput. Phys. 229 (2010) 8065), in the
// projection form of Vondrejc, Zeman & Marek (Comput. Math. Appl. 68 (2014) 156): with the
// reference lambda0 = 0, mu0 = 1/2 the same Green operator is the orthogonal projection P onto
// compatible zero-mean strain fields, and the fluctuation x solves the symmetric positive
// definite system  P C P x = -P (C : E). Its iteration count grows as sqrt(c), not c, so a
// stiff PP against a rubbery copolymer (contrast >= 1e3) converges; it stops when the
// equilibrium residual |P sigma| falls below tolerance * |C : E| (L2 norms over the grid).
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"
#include "solver/core/host_device.hpp"
#include "solver/mechanics/elasticity.hpp"
#include "solver/mechanics/strain_vectors.hpp"
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
    const std::size_t n = spectral_.real_size();
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
    if (options_.scheme == ElasticityScheme::basic)
      iterate_basic(E, has_pores, out);
    else
      iterate_cg(E, has_pores, out);
    for (int c = 0; c < 6; ++c) {
      eps_[c].download(host.data(), n);
      out.strain[c].assign(host.begin(), host.end());
    }
    return out;
  }

 private:
  using Fields = std::vector<Buffer<Real, Backend>>;

  // Moulinec–Suquet fixed point from the starting field in eps_.
  void iterate_basic(const SymTensor& E, bool has_pores, StrainField& out) {
    const std::size_t n = spectral_.real_size();
    choose_reference(has_pores);
    double e_norm2 = 0;
    for (int c = 0; c < 6; ++c) e_norm2 += (c < 3 ? 1 : 2) * E[c] * E[c];
    const double e_norm = std::sqrt(e_norm2);
    for (out.iterations = 1; out.iterations <= options_.max_iterations; ++out.iterations) {
      apply_stiffness(eps_, tau_, has_pores, lambda0_, mu0_);
      apply_green(tau_, lambda0_, mu0_, E);
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
    mean_stress(has_pores, out);
  }

  // Conjugate gradients on P C P x = -P (C : E), eps = E + x, from the starting field in eps_
  // (projected onto compatible fields first). With the projection reference, apply_green gives
  // -P of its input, so the residual r = -P (C : eps) is one stiffness and one Green application.
  void iterate_cg(const SymTensor& E, bool has_pores, StrainField& out) {
    const std::size_t n = spectral_.real_size();
    const double l0 = 0, m0 = 0.5;
    const SymTensor zero{};
    auto axpby = [&](Fields& x, Fields& y, double a, double b) {
      Ex::for_each(n, mechanics::StrainAxpby<Real>{fields(x), fields(y), Real(a), Real(b)});
    };
    auto dot = [&](Fields& a, Fields& b) { return Ex::sum(n, mechanics::StrainDot<Real>{fields(a), fields(b)}); };
    auto constant_plus = [&](Fields& x, Fields& y, const SymTensor& v, double s) {
      mechanics::StrainConstantPlus<Real> f{fields(x), fields(y), {}, Real(s)};
      for (int c = 0; c < 6; ++c) f.v[c] = Real(v[c]);
      Ex::for_each(n, f);
    };
    ensure_cg_buffers();
    // eps = E + P (eps_start - E).
    const SymTensor minus_E{-E[0], -E[1], -E[2], -E[3], -E[4], -E[5]};
    constant_plus(eps_, tau_, minus_E, 1);
    apply_green(tau_, l0, m0, zero);
    constant_plus(tau_, eps_, E, -1);
    // Stress scale |C : E| for the stopping test.
    constant_plus(eps_, tau_, E, 0);
    apply_stiffness(tau_, p_, has_pores, 0, 0);
    const double scale2 = dot(p_, p_);
    apply_stiffness(eps_, r_, has_pores, 0, 0);
    apply_green(r_, l0, m0, zero);
    axpby(r_, p_, 1, 0);
    double rr = dot(r_, r_);
    for (out.iterations = 0;; ++out.iterations) {
      out.last_change = std::sqrt(rr / scale2);
      if (!std::isfinite(out.last_change)) throw NumericalError("conjugate-gradient elasticity solve produced NaN/Inf");
      if (out.last_change < options_.tolerance) {
        out.converged = true;
        break;
      }
      if (out.iterations == options_.max_iterations) break;
      apply_stiffness(p_, tau_, has_pores, 0, 0);
      apply_green(tau_, l0, m0, zero);  // tau = -A p
      const double alpha = rr / -dot(p_, tau_);
      axpby(p_, eps_, alpha, 1);
      axpby(tau_, r_, alpha, 1);
      const double rr_next = dot(r_, r_);
      axpby(r_, p_, 1, rr_next / rr);
      rr = rr_next;
    }
    mean_stress(has_pores, out);
  }

  // <sigma> = <C : eps> of the current strain.
  void mean_stress(bool has_pores, StrainField& out) {
    const std::size_t n = spectral_.real_size();
    apply_stiffness(eps_, tau_, has_pores, 0, 0);
    for (int c = 0; c < 6; ++c) out.mean_stress[c] = Ex::sum(n, mechanics::Component<Real>{tau_[c].data()}) / double(n);
  }

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
  void ensure_cg_buffers() {
    if (!r_.empty()) return;
    for (int c = 0; c < 6; ++c) {
      r_.emplace_back(spectral_.real_size());
      p_.emplace_back(spectral_.real_size());
    }
  }
  mechanics::SixFields<Real> fields(Fields& b) {
    mechanics::SixFields<Real> f;
    for (int c = 0; c < 6; ++c) f.c[c] = b[c].data();
    return f;
  }
  mechanics::SixSpectra<Real> spectra() {
    mechanics::SixSpectra<Real> f;
    for (int c = 0; c < 6; ++c) f.c[c] = hat_[c].data();
    return f;
  }
  // out = (C(x) - C0) : in, C0 = (lambda0, mu0); C0 = 0 gives the stress C : in.
  void apply_stiffness(Fields& in, Fields& out, bool has_pores, double lambda0, double mu0) {
    Ex::for_each(spectral_.real_size(),
                 mechanics::Polarization<Real>{phi_.data(), has_pores ? pore_.data() : nullptr, fields(in), fields(out),
                                               moduli_, Real(lambda0), Real(mu0)});
  }
  // f = E - Gamma0 * f in place (mean E), Gamma0 of the reference (lambda0, mu0).
  void apply_green(Fields& f, double lambda0, double mu0, const SymTensor& E) {
    const std::size_t n = spectral_.real_size();
    mechanics::GreenOperator<Real> green{spectra(), spectral_, Real(lambda0), Real(mu0), Real(1.0 / double(n)), {}};
    for (int c = 0; c < 6; ++c) green.E[c] = Real(E[c]);
    for (int c = 0; c < 6; ++c) fft_.forward(f[c].data(), hat_[c].data());
    Ex::for_each(spectral_.complex_size(), green);
    for (int c = 0; c < 6; ++c) fft_.backward(hat_[c].data(), f[c].data());
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
  Fields eps_, tau_, r_, p_;  // r_, p_: conjugate-gradient residual and direction
  std::vector<Buffer<Complex<Real>, Backend>> hat_;
};

}  // namespace pf
