// cuFFT plans for the CUDA backend; the only file that includes cufft.h.
#include <cufft.h>

#include <string>
#include <type_traits>

#include "kernels/cuda/exec_cuda.cuh"
#include "kernels/cuda/memory_cuda.hpp"
#include "kernels/distributed/transpose_fft.hpp"
#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

void check_cufft(cufftResult status, const char* call) {
  if (status != CUFFT_SUCCESS)
    throw BackendError(std::string("cuFFT error in ") + call + ": status " + std::to_string(int(status)));
}

constexpr cufftType r2c_type(bool dbl) { return dbl ? CUFFT_D2Z : CUFFT_R2C; }
constexpr cufftType c2r_type(bool dbl) { return dbl ? CUFFT_Z2D : CUFFT_C2R; }

template <class Real>
void exec_forward(cufftHandle plan, const Real* in, Complex<Real>* out) {
  if constexpr (std::is_same_v<Real, double>)
    check_cufft(cufftExecD2Z(plan, const_cast<double*>(in), reinterpret_cast<cufftDoubleComplex*>(out)), "cufftExecD2Z");
  else
    check_cufft(cufftExecR2C(plan, const_cast<float*>(in), reinterpret_cast<cufftComplex*>(out)), "cufftExecR2C");
}

template <class Real>
void exec_backward(cufftHandle plan, Complex<Real>* in, Real* out) {
  if constexpr (std::is_same_v<Real, double>)
    check_cufft(cufftExecZ2D(plan, reinterpret_cast<cufftDoubleComplex*>(in), out), "cufftExecZ2D");
  else
    check_cufft(cufftExecC2R(plan, reinterpret_cast<cufftComplex*>(in), out), "cufftExecC2R");
}

template <class Real>
void exec_c2c(cufftHandle plan, Complex<Real>* inout, int direction) {
  if constexpr (std::is_same_v<Real, double>) {
    auto* c = reinterpret_cast<cufftDoubleComplex*>(inout);
    check_cufft(cufftExecZ2Z(plan, c, c, direction), "cufftExecZ2Z");
  } else {
    auto* c = reinterpret_cast<cufftComplex*>(inout);
    check_cufft(cufftExecC2C(plan, c, c, direction), "cufftExecC2C");
  }
}

}  // namespace

template <class Real>
struct Fft<Cuda, Real>::Plans {
  cufftHandle forward = 0;
  cufftHandle backward = 0;
  bool made_forward = false;
  bool made_backward = false;
  std::unique_ptr<TransposeFft<Cuda, Real>> transpose;  // several ranks
  SlabLayout slab;
};

namespace {

// cuFFT's batched plans for TransposeFft: one plan over the slab's xy planes, and one for the
// z lines of a (nz, nxc) row (stride nxc, a batch of nxc), run once per local y row because
// cuFFT's advanced layout has a single batch dimension.
template <class Real>
class CufftSlabTransforms final : public SlabTransforms<Real> {
  static constexpr bool dbl = std::is_same_v<Real, double>;

 public:
  CufftSlabTransforms(int planes, int ny, int nx, int rows, int nz) : rows_(rows), row_size_(std::size_t(nz) * (nx / 2 + 1)) {
    if (planes > 0) {
      int dims[2] = {ny, nx};
      const int rank = ny > 1 ? 2 : 1;  // cuFFT rejects unit dimensions
      int* n = ny > 1 ? dims : dims + 1;
      check_cufft(cufftPlanMany(&forward_, rank, n, nullptr, 1, 0, nullptr, 1, 0, r2c_type(dbl), planes), "cufftPlanMany (slab r2c)");
      made_ |= 1;
      check_cufft(cufftPlanMany(&backward_, rank, n, nullptr, 1, 0, nullptr, 1, 0, c2r_type(dbl), planes), "cufftPlanMany (slab c2r)");
      made_ |= 2;
    }
    if (rows > 0) {
      const int nxc = nx / 2 + 1;
      int n[1] = {nz}, embed[1] = {nz};
      check_cufft(cufftPlanMany(&lines_, 1, n, embed, nxc, 1, embed, nxc, 1, dbl ? CUFFT_Z2Z : CUFFT_C2C, nxc),
                  "cufftPlanMany (slab z lines)");
      made_ |= 4;
    }
  }
  ~CufftSlabTransforms() override {
    if (made_ & 1) cufftDestroy(forward_);
    if (made_ & 2) cufftDestroy(backward_);
    if (made_ & 4) cufftDestroy(lines_);
  }
  void planes_forward(const Real* in, Complex<Real>* out) override { exec_forward(forward_, in, out); }
  void planes_backward(Complex<Real>* in, Real* out) override { exec_backward(backward_, in, out); }
  void lines(Complex<Real>* inout, bool forward) override {
    for (int r = 0; r < rows_; ++r) exec_c2c(lines_, inout + std::size_t(r) * row_size_, forward ? CUFFT_FORWARD : CUFFT_INVERSE);
  }

 private:
  cufftHandle forward_ = 0, backward_ = 0, lines_ = 0;
  int made_ = 0;
  int rows_;
  std::size_t row_size_;
};

}  // namespace

template <class Real>
std::unique_ptr<SlabTransforms<Real>> make_cufft_slab_transforms(int planes, int ny, int nx, int rows, int nz) {
  return std::make_unique<CufftSlabTransforms<Real>>(planes, ny, nx, rows, nz);
}

template <class Real>
Fft<Cuda, Real>::Fft(std::array<int, 3> shape_zyx, const Communicator* comm, DistributedFftOptions options)
    : plans_(std::make_unique<Plans>()) {
  plans_->slab = {0, shape_zyx[0], std::size_t(shape_zyx[0]) * shape_zyx[1] * (shape_zyx[2] / 2 + 1)};
  if (comm && comm->size() > 1) {
    plans_->transpose =
        std::make_unique<TransposeFft<Cuda, Real>>(shape_zyx, *comm, &make_cufft_slab_transforms<Real>, options.device_aware);
    plans_->slab = plans_->transpose->slab();
    return;
  }
  constexpr bool dbl = std::is_same_v<Real, double>;
  int dims[3];
  const int rank = fft_rank(shape_zyx, dims);
  check_cufft(cufftPlanMany(&plans_->forward, rank, dims, nullptr, 1, 0, nullptr, 1, 0,
                            r2c_type(dbl), 1),
              "cufftPlanMany (forward)");
  plans_->made_forward = true;
  check_cufft(cufftPlanMany(&plans_->backward, rank, dims, nullptr, 1, 0, nullptr, 1, 0,
                            c2r_type(dbl), 1),
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
  if (plans_->transpose) return plans_->transpose->forward(in, out);
  exec_forward(plans_->forward, in, out);
}

template <class Real>
void Fft<Cuda, Real>::backward(Complex<Real>* in, Real* out) {
  if (plans_->transpose) return plans_->transpose->backward(in, out);
  exec_backward(plans_->backward, in, out);
}

template <class Real>
SlabLayout Fft<Cuda, Real>::slab() const {
  return plans_->slab;
}

template <class Real>
std::size_t Fft<Cuda, Real>::buffer_bytes() const {
  return plans_->transpose ? plans_->transpose->buffer_bytes() : 0;
}

template std::unique_ptr<SlabTransforms<float>> make_cufft_slab_transforms<float>(int, int, int, int, int);
template std::unique_ptr<SlabTransforms<double>> make_cufft_slab_transforms<double>(int, int, int, int, int);
template class Fft<Cuda, float>;
template class Fft<Cuda, double>;

}  // namespace pf
