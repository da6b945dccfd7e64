#pragma once
#include "solver/core/host_device.hpp"

namespace pf {

// Layout-compatible with fftw_complex / fftwf_complex and cufftDoubleComplex / cufftComplex.
template <class Real>
struct Complex {
  Real re;
  Real im;
};

template <class Real>
PF_HOST_DEVICE inline Complex<Real> operator+(Complex<Real> a, Complex<Real> b) {
  return {a.re + b.re, a.im + b.im};
}

template <class Real>
PF_HOST_DEVICE inline Complex<Real> operator*(Real s, Complex<Real> a) {
  return {s * a.re, s * a.im};
}

// i*k*a: the spectral first derivative along one axis.
template <class Real>
PF_HOST_DEVICE inline Complex<Real> times_ik(Real k, Complex<Real> a) {
  return {-k * a.im, k * a.re};
}

template <class Real>
PF_HOST_DEVICE inline Real norm2(Complex<Real> a) {
  return a.re * a.re + a.im * a.im;
}

}  // namespace pf
