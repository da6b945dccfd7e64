// FFTW3 plans for the CPU backend; the only file that includes fftw3.h.
#include <fftw3.h>

#include <mutex>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

// FFTW's planner is not thread-safe, and its thread support is initialised once per process.
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

int planner_threads() {
#ifdef _OPENMP
  static std::once_flag once;
  std::call_once(once, [] {
    fftw_init_threads();
    fftwf_init_threads();
  });
  return omp_get_max_threads();
#else
  return 1;
#endif
}

// The double and float FFTW APIs differ only in their prefix.
template <class Real>
struct Fftw;

template <>
struct Fftw<double> {
  using Plan = fftw_plan;
  static void threads([[maybe_unused]] int n) {
#ifdef _OPENMP
    fftw_plan_with_nthreads(n);
#endif
  }
  static double* alloc_real(std::size_t n) { return fftw_alloc_real(n); }
  static fftw_complex* alloc_complex(std::size_t n) { return fftw_alloc_complex(n); }
  static void free(void* p) { fftw_free(p); }
  static Plan r2c(int rank, const int* n, double* in, fftw_complex* out) {
    return fftw_plan_dft_r2c(rank, n, in, out, FFTW_ESTIMATE);
  }
  static Plan c2r(int rank, const int* n, fftw_complex* in, double* out) {
    return fftw_plan_dft_c2r(rank, n, in, out, FFTW_ESTIMATE);
  }
  static void exec_r2c(Plan p, const double* in, Complex<double>* out) {
    fftw_execute_dft_r2c(p, const_cast<double*>(in), reinterpret_cast<fftw_complex*>(out));
  }
  static void exec_c2r(Plan p, Complex<double>* in, double* out) {
    fftw_execute_dft_c2r(p, reinterpret_cast<fftw_complex*>(in), out);
  }
  static void destroy(Plan p) { fftw_destroy_plan(p); }
};

template <>
struct Fftw<float> {
  using Plan = fftwf_plan;
  static void threads([[maybe_unused]] int n) {
#ifdef _OPENMP
    fftwf_plan_with_nthreads(n);
#endif
  }
  static float* alloc_real(std::size_t n) { return fftwf_alloc_real(n); }
  static fftwf_complex* alloc_complex(std::size_t n) { return fftwf_alloc_complex(n); }
  static void free(void* p) { fftwf_free(p); }
  static Plan r2c(int rank, const int* n, float* in, fftwf_complex* out) {
    return fftwf_plan_dft_r2c(rank, n, in, out, FFTW_ESTIMATE);
  }
  static Plan c2r(int rank, const int* n, fftwf_complex* in, float* out) {
    return fftwf_plan_dft_c2r(rank, n, in, out, FFTW_ESTIMATE);
  }
  static void exec_r2c(Plan p, const float* in, Complex<float>* out) {
    fftwf_execute_dft_r2c(p, const_cast<float*>(in), reinterpret_cast<fftwf_complex*>(out));
  }
  static void exec_c2r(Plan p, Complex<float>* in, float* out) {
    fftwf_execute_dft_c2r(p, reinterpret_cast<fftwf_complex*>(in), out);
  }
  static void destroy(Plan p) { fftwf_destroy_plan(p); }
};

}  // namespace

template <class Real>
struct Fft<Cpu, Real>::Plans {
  typename Fftw<Real>::Plan forward = nullptr;
  typename Fftw<Real>::Plan backward = nullptr;
};

template <class Real>
Fft<Cpu, Real>::Fft(std::array<int, 3> shape_zyx) : plans_(std::make_unique<Plans>()) {
  using Api = Fftw<Real>;
  int dims[3];
  const int rank = fft_rank(shape_zyx, dims);
  const std::size_t n_real = std::size_t(shape_zyx[0]) * shape_zyx[1] * shape_zyx[2];
  const std::size_t n_complex = std::size_t(shape_zyx[0]) * shape_zyx[1] * (shape_zyx[2] / 2 + 1);

  std::lock_guard<std::mutex> lock(planner_mutex());
  const int threads = planner_threads();
  Api::threads(threads);
  // FFTW_ESTIMATE never touches the arrays and gives the same plan every run, which keeps
  // results reproducible (FFTW_MEASURE may pick different algorithms run to run).
  Real* real = Api::alloc_real(n_real);
  auto* cplx = Api::alloc_complex(n_complex);
  plans_->forward = Api::r2c(rank, dims, real, cplx);
  plans_->backward = Api::c2r(rank, dims, cplx, real);
  Api::free(real);
  Api::free(cplx);
  if (!plans_->forward || !plans_->backward)
    throw BackendError("FFTW planner failed for shape (" + std::to_string(shape_zyx[0]) + ", " +
                       std::to_string(shape_zyx[1]) + ", " + std::to_string(shape_zyx[2]) + ")");
}

template <class Real>
Fft<Cpu, Real>::~Fft() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  if (plans_->forward) Fftw<Real>::destroy(plans_->forward);
  if (plans_->backward) Fftw<Real>::destroy(plans_->backward);
}

template <class Real>
void Fft<Cpu, Real>::forward(const Real* in, Complex<Real>* out) {
  Fftw<Real>::exec_r2c(plans_->forward, in, out);
}

template <class Real>
void Fft<Cpu, Real>::backward(Complex<Real>* in, Real* out) {
  Fftw<Real>::exec_c2r(plans_->backward, in, out);
}

template class Fft<Cpu, float>;
template class Fft<Cpu, double>;

}  // namespace pf
