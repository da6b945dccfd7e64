// cuFFT plans for the CUDA backend; the only file that includes cufft.h.
#include <cufft.h>

#include <string>
#include <type_traits>

#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

void check_cufft(cufftResult status, const char* call) {
  if (status != CUFFT_SUCCESS)
    throw BackendError(std::string("cuFFT error in ") + call + ": status " + std::to_string(int(status)));
}

}  // namespace

template <class Real>
struct Fft<Cuda, Real>::Plans {
  cufftHandle forward = 0;
  cufftHandle backward = 0;
  bool made_forward = false;
  bool made_backward = false;
};

template <class Real>
Fft<Cuda, Real>::Fft(std::array<int, 3> shape_zyx) : plans_(std::make_unique<Plans>()) {
  constexpr bool dbl = std::is_same_v<Real, double>;
  int dims[3];
  const int rank = fft_rank(shape_zyx, dims);
  check_cufft(cufftPlanMany(&plans_->forward, rank, dims, nullptr, 1, 0, nullptr, 1, 0,
                            dbl ? CUFFT_D2Z : CUFFT_R2C, 1),
              "cufftPlanMany (forward)");
  plans_->made_forward = true;
  check_cufft(cufftPlanMany(&plans_->backward, rank, dims, nullptr, 1, 0, nullptr, 1, 0,
                            dbl ? CUFFT_Z2D : CUFFT_C2R, 1),
              "cufftPlanMany (backward)");
  plans_->made_backward = true;
}

template <class Real>
Fft<Cuda, Real>::~Fft() {
  if (plans_->made_forward) cufftDestroy(plans_->forward);
  if (plans_->made_backward) cufftDestroy(plans_->backward);
}

template <class Real>
void Fft<Cuda, Real>::forward(const Real* in, Complex<Real>* out) {
  if constexpr (std::is_same_v<Real, double>)
    check_cufft(cufftExecD2Z(plans_->forward, const_cast<double*>(in),
                             reinterpret_cast<cufftDoubleComplex*>(out)),
                "cufftExecD2Z");
  else
    check_cufft(cufftExecR2C(plans_->forward, const_cast<float*>(in), reinterpret_cast<cufftComplex*>(out)),
                "cufftExecR2C");
}

template <class Real>
void Fft<Cuda, Real>::backward(Complex<Real>* in, Real* out) {
  if constexpr (std::is_same_v<Real, double>)
    check_cufft(cufftExecZ2D(plans_->backward, reinterpret_cast<cufftDoubleComplex*>(in), out),
                "cufftExecZ2D");
  else
    check_cufft(cufftExecC2R(plans_->backward, reinterpret_cast<cufftComplex*>(in), out), "cufftExecC2R");
}

template class Fft<Cuda, float>;
template class Fft<Cuda, double>;

}  // namespace pf
