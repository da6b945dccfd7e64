#pragma once
// Pointwise vector algebra on six-component strain fields for the conjugate-gradient FFT scheme
// (moulinec_suquet.hpp), written once for the CPU and CUDA backends. The inner product is the
// Frobenius one of symmetric tensors, so the shear components (yz, xz, xy) count twice; with it
// the Green operator of the reference (lambda0 = 0, mu0 = 1/2) is an orthogonal projection.
#include <cstddef>

#include "solver/core/host_device.hpp"

namespace pf::mechanics {

template <class Real>
struct SixFields {
  Real* c[6];
};

template <class Real>
PF_HOST_DEVICE inline Real frobenius_weight(int c) {
  return c < 3 ? Real(1) : Real(2);
}

// sum over components of w_c a_c b_c at a voxel.
template <class Real>
struct StrainDot {
  SixFields<Real> a, b;
  PF_HOST_DEVICE Real operator()(std::size_t i) const {
    Real s = 0;
    for (int c = 0; c < 6; ++c) s += frobenius_weight<Real>(c) * a.c[c][i] * b.c[c][i];
    return s;
  }
};

// y = alpha x + beta y.
template <class Real>
struct StrainAxpby {
  SixFields<Real> x, y;
  Real alpha, beta;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    for (int c = 0; c < 6; ++c) y.c[c][i] = alpha * x.c[c][i] + beta * y.c[c][i];
  }
};

// y = v + s x, v a constant tensor (components v[0..5]).
template <class Real>
struct StrainConstantPlus {
  SixFields<Real> x, y;
  Real v[6];
  Real s;
  PF_HOST_DEVICE void operator()(std::size_t i) const {
    for (int c = 0; c < 6; ++c) y.c[c][i] = v[c] + s * x.c[c][i];
  }
};

}  // namespace pf::mechanics
