// FFTW3 plans for the CPU backend, serial and (MPI builds) distributed over z slabs; the only
// file that includes fftw3.h.
#include <fftw3.h>
#ifdef PF_HAVE_MPI
#include <fftw3-mpi.h>

#include "kernels/mpi/mpi_native.hpp"
#endif

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels/communicator.hpp"
#include "kernels/cpu/exec_cpu.hpp"
#include "kernels/distributed/transpose_fft.hpp"
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
  // Batched transforms of a slab (SlabTransforms): `howmany` contiguous arrays of shape n.
  static Plan r2c_many(int rank, const int* n, int howmany, int idist, int odist, double* in, fftw_complex* out) {
    return fftw_plan_many_dft_r2c(rank, n, howmany, in, nullptr, 1, idist, out, nullptr, 1, odist, FFTW_ESTIMATE);
  }
  static Plan c2r_many(int rank, const int* n, int howmany, int idist, int odist, fftw_complex* in, double* out) {
    return fftw_plan_many_dft_c2r(rank, n, howmany, in, nullptr, 1, idist, out, nullptr, 1, odist, FFTW_ESTIMATE);
  }
  // In-place c2c along the middle axis of `rows` arrays of (n, inner).
  static Plan lines(int rows, int n, int inner, fftw_complex* buf, int sign) {
    const fftw_iodim dim{n, inner, inner};
    const fftw_iodim how[2] = {{rows, n * inner, n * inner}, {inner, 1, 1}};
    return fftw_plan_guru_dft(1, &dim, 2, how, buf, buf, sign, FFTW_ESTIMATE);
  }
  static void exec_c2c(Plan p, Complex<double>* inout) {
    auto* c = reinterpret_cast<fftw_complex*>(inout);
    fftw_execute_dft(p, c, c);
  }
#ifdef PF_HAVE_MPI
  static void mpi_init() { fftw_mpi_init(); }
  static ptrdiff_t local_size(const ptrdiff_t* n, MPI_Comm c, ptrdiff_t* n0, ptrdiff_t* start0, ptrdiff_t* n1,
                              ptrdiff_t* start1) {
    return fftw_mpi_local_size_3d_transposed(n[0], n[1], n[2] / 2 + 1, c, n0, start0, n1, start1);
  }
  static Plan r2c_mpi(const ptrdiff_t* n, fftw_complex* buf, MPI_Comm c) {
    return fftw_mpi_plan_dft_r2c_3d(n[0], n[1], n[2], reinterpret_cast<double*>(buf), buf, c,
                                    FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_OUT);
  }
  static Plan c2r_mpi(const ptrdiff_t* n, fftw_complex* buf, MPI_Comm c) {
    return fftw_mpi_plan_dft_c2r_3d(n[0], n[1], n[2], buf, reinterpret_cast<double*>(buf), c,
                                    FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_IN);
  }
  static void exec_r2c_mpi(Plan p, Complex<double>* inout) {
    auto* c = reinterpret_cast<fftw_complex*>(inout);
    fftw_mpi_execute_dft_r2c(p, reinterpret_cast<double*>(c), c);
  }
  static void exec_c2r_mpi(Plan p, Complex<double>* inout) {
    auto* c = reinterpret_cast<fftw_complex*>(inout);
    fftw_mpi_execute_dft_c2r(p, c, reinterpret_cast<double*>(c));
  }
#endif
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
  // Batched transforms of a slab (SlabTransforms): `howmany` contiguous arrays of shape n.
  static Plan r2c_many(int rank, const int* n, int howmany, int idist, int odist, float* in, fftwf_complex* out) {
    return fftwf_plan_many_dft_r2c(rank, n, howmany, in, nullptr, 1, idist, out, nullptr, 1, odist, FFTW_ESTIMATE);
  }
  static Plan c2r_many(int rank, const int* n, int howmany, int idist, int odist, fftwf_complex* in, float* out) {
    return fftwf_plan_many_dft_c2r(rank, n, howmany, in, nullptr, 1, idist, out, nullptr, 1, odist, FFTW_ESTIMATE);
  }
  // In-place c2c along the middle axis of `rows` arrays of (n, inner).
  static Plan lines(int rows, int n, int inner, fftwf_complex* buf, int sign) {
    const fftwf_iodim dim{n, inner, inner};
    const fftwf_iodim how[2] = {{rows, n * inner, n * inner}, {inner, 1, 1}};
    return fftwf_plan_guru_dft(1, &dim, 2, how, buf, buf, sign, FFTW_ESTIMATE);
  }
  static void exec_c2c(Plan p, Complex<float>* inout) {
    auto* c = reinterpret_cast<fftwf_complex*>(inout);
    fftwf_execute_dft(p, c, c);
  }
#ifdef PF_HAVE_MPI
  static void mpi_init() { fftwf_mpi_init(); }
  static ptrdiff_t local_size(const ptrdiff_t* n, MPI_Comm c, ptrdiff_t* n0, ptrdiff_t* start0, ptrdiff_t* n1,
                              ptrdiff_t* start1) {
    return fftwf_mpi_local_size_3d_transposed(n[0], n[1], n[2] / 2 + 1, c, n0, start0, n1, start1);
  }
  static Plan r2c_mpi(const ptrdiff_t* n, fftwf_complex* buf, MPI_Comm c) {
    return fftwf_mpi_plan_dft_r2c_3d(n[0], n[1], n[2], reinterpret_cast<float*>(buf), buf, c,
                                     FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_OUT);
  }
  static Plan c2r_mpi(const ptrdiff_t* n, fftwf_complex* buf, MPI_Comm c) {
    return fftwf_mpi_plan_dft_c2r_3d(n[0], n[1], n[2], buf, reinterpret_cast<float*>(buf), c,
                                     FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_IN);
  }
  static void exec_r2c_mpi(Plan p, Complex<float>* inout) {
    auto* c = reinterpret_cast<fftwf_complex*>(inout);
    fftwf_mpi_execute_dft_r2c(p, reinterpret_cast<float*>(c), c);
  }
  static void exec_c2r_mpi(Plan p, Complex<float>* inout) {
    auto* c = reinterpret_cast<fftwf_complex*>(inout);
    fftwf_mpi_execute_dft_c2r(p, c, reinterpret_cast<float*>(c));
  }
#endif
};

// FFTW's batched plans for TransposeFft (planned once, on scratch arrays: FFTW_ESTIMATE never
// touches them, and the solver's buffers have at least their alignment).
template <class Real>
class FftwSlabTransforms final : public SlabTransforms<Real> {
  using Api = Fftw<Real>;

 public:
  FftwSlabTransforms(int planes, int ny, int nx, int rows, int nz) {
    std::lock_guard<std::mutex> lock(planner_mutex());
    Api::threads(planner_threads());
    const int nxc = nx / 2 + 1;
    if (planes > 0) {
      int dims[2] = {ny, nx};
      // ny = 1: a 1D plan along x (a unit axis is no transform).
      const int rank = ny > 1 ? 2 : 1;
      const int* n = ny > 1 ? dims : dims + 1;
      const std::size_t reals = std::size_t(planes) * ny * nx, cplx = std::size_t(planes) * ny * nxc;
      Real* real = Api::alloc_real(reals);
      auto* c = Api::alloc_complex(cplx);
      forward_ = Api::r2c_many(rank, n, planes, ny * nx, ny * nxc, real, c);
      backward_ = Api::c2r_many(rank, n, planes, ny * nxc, ny * nx, c, real);
      Api::free(real);
      Api::free(c);
      if (!forward_ || !backward_) throw BackendError("FFTW planner failed for the slab's plane transforms");
    }
    if (rows > 0) {
      auto* c = Api::alloc_complex(std::size_t(rows) * nz * nxc);
      lines_forward_ = Api::lines(rows, nz, nxc, c, FFTW_FORWARD);
      lines_backward_ = Api::lines(rows, nz, nxc, c, FFTW_BACKWARD);
      Api::free(c);
      if (!lines_forward_ || !lines_backward_) throw BackendError("FFTW planner failed for the slab's z transforms");
    }
  }
  ~FftwSlabTransforms() override {
    std::lock_guard<std::mutex> lock(planner_mutex());
    for (auto p : {forward_, backward_, lines_forward_, lines_backward_})
      if (p) Api::destroy(p);
  }
  void planes_forward(const Real* in, Complex<Real>* out) override { Api::exec_r2c(forward_, in, out); }
  void planes_backward(Complex<Real>* in, Real* out) override { Api::exec_c2r(backward_, in, out); }
  void lines(Complex<Real>* inout, bool forward) override { Api::exec_c2c(forward ? lines_forward_ : lines_backward_, inout); }

 private:
  typename Api::Plan forward_ = nullptr, backward_ = nullptr, lines_forward_ = nullptr, lines_backward_ = nullptr;
};

}  // namespace

template <class Real>
std::unique_ptr<SlabTransforms<Real>> make_fftw_slab_transforms(int planes, int ny, int nx, int rows, int nz) {
  return std::make_unique<FftwSlabTransforms<Real>>(planes, ny, nx, rows, nz);
}

template <class Real>
struct Fft<Cpu, Real>::Plans {
  typename Fftw<Real>::Plan forward = nullptr;
  typename Fftw<Real>::Plan backward = nullptr;
  std::unique_ptr<TransposeFft<Cpu, Real>> transpose;  // options.explicit_transpose
  bool distributed = false;
  int nx = 1, rows = 0;  // distributed: x length and local (z, y) rows, for the padding copies
  SlabLayout slab;
};

namespace {

std::string shape_text(std::array<int, 3> s) {
  return "(" + std::to_string(s[0]) + ", " + std::to_string(s[1]) + ", " + std::to_string(s[2]) + ")";
}

#ifdef PF_HAVE_MPI
// FFTW-MPI needs fftw_mpi_init once per process and precision, after its thread setup.
template <class Real>
void init_mpi_once() {
  static std::once_flag once;
  std::call_once(once, [] { Fftw<Real>::mpi_init(); });
}

// In-place r2c/c2r plans over z slabs of the whole grid (FFTW-MPI's real arrays are padded
// to 2 (nx/2+1) in x, so in-place is the natural form; Fft copies to and from it), with the
// spectrum in transposed order (y slabs).
template <class Real, class Plans>
void plan_distributed(Plans& p, std::array<int, 3> shape, const Communicator& comm) {
  using Api = Fftw<Real>;
  const ptrdiff_t n[3] = {shape[0], shape[1], shape[2]};
  ptrdiff_t local_n0 = 0, start = 0, local_n1 = 0, start1 = 0;
  const ptrdiff_t alloc = Api::local_size(n, native_comm(comm), &local_n0, &start, &local_n1, &start1);
  auto* buf = Api::alloc_complex(std::size_t(std::max<ptrdiff_t>(alloc, 1)));
  p.forward = Api::r2c_mpi(n, buf, native_comm(comm));
  p.backward = Api::c2r_mpi(n, buf, native_comm(comm));
  Api::free(buf);
  p.distributed = true;
  p.nx = shape[2];
  p.rows = int(local_n0) * shape[1];
  p.slab = {int(start), int(local_n0), std::size_t(std::max<ptrdiff_t>(alloc, 1)), true, int(start1), int(local_n1)};
}
#endif

}  // namespace

template <class Real>
Fft<Cpu, Real>::Fft(std::array<int, 3> shape_zyx, const Communicator* comm, DistributedFftOptions options)
    : plans_(std::make_unique<Plans>()) {
  using Api = Fftw<Real>;
  if (comm && options.explicit_transpose) {
    plans_->transpose = std::make_unique<TransposeFft<Cpu, Real>>(shape_zyx, *comm, &make_fftw_slab_transforms<Real>, false);
    plans_->slab = plans_->transpose->slab();
    return;
  }
  const std::size_t n_complex = std::size_t(shape_zyx[0]) * shape_zyx[1] * (shape_zyx[2] / 2 + 1);
  plans_->slab = {0, shape_zyx[0], n_complex};

  std::lock_guard<std::mutex> lock(planner_mutex());
  const int threads = planner_threads();
  Api::threads(threads);
  if (comm && comm->size() > 1) {
#ifdef PF_HAVE_MPI
    init_mpi_once<Real>();
    plan_distributed<Real>(*plans_, shape_zyx, *comm);
#else
    throw BackendError("FFT over " + std::to_string(comm->size()) + " ranks needs a build with PF_ENABLE_MPI");
#endif
  } else {
    int dims[3];
    const int rank = fft_rank(shape_zyx, dims);
    const std::size_t n_real = std::size_t(shape_zyx[0]) * shape_zyx[1] * shape_zyx[2];
    // FFTW_ESTIMATE never touches the arrays and gives the same plan every run, which keeps
    // results reproducible (FFTW_MEASURE may pick different algorithms run to run).
    Real* real = Api::alloc_real(n_real);
    auto* cplx = Api::alloc_complex(n_complex);
    plans_->forward = Api::r2c(rank, dims, real, cplx);
    plans_->backward = Api::c2r(rank, dims, cplx, real);
    Api::free(real);
    Api::free(cplx);
  }
  if (!plans_->forward || !plans_->backward) throw BackendError("FFTW planner failed for shape " + shape_text(shape_zyx));
}

template <class Real>
Fft<Cpu, Real>::~Fft() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  if (plans_->forward) Fftw<Real>::destroy(plans_->forward);
  if (plans_->backward) Fftw<Real>::destroy(plans_->backward);
}

template <class Real>
SlabLayout Fft<Cpu, Real>::slab() const {
  return plans_->slab;
}

template <class Real>
std::size_t Fft<Cpu, Real>::buffer_bytes() const {
  return plans_->transpose ? plans_->transpose->buffer_bytes() : 0;
}

template <class Real>
void Fft<Cpu, Real>::forward(const Real* in, Complex<Real>* out) {
  if (plans_->transpose) return plans_->transpose->forward(in, out);
#ifdef PF_HAVE_MPI
  if (plans_->distributed) {
    // Rows of nx reals into rows of 2 (nx/2+1): FFTW-MPI's padded real layout, in place in out.
    Real* padded = reinterpret_cast<Real*>(out);
    const int nx = plans_->nx, stride = 2 * (nx / 2 + 1), rows = plans_->rows;
#pragma omp parallel for schedule(static)
    for (int r = 0; r < rows; ++r) std::memcpy(padded + std::size_t(r) * stride, in + std::size_t(r) * nx, sizeof(Real) * nx);
    Fftw<Real>::exec_r2c_mpi(plans_->forward, out);
    return;
  }
#endif
  Fftw<Real>::exec_r2c(plans_->forward, in, out);
}

template <class Real>
void Fft<Cpu, Real>::backward(Complex<Real>* in, Real* out) {
  if (plans_->transpose) return plans_->transpose->backward(in, out);
#ifdef PF_HAVE_MPI
  if (plans_->distributed) {
    Fftw<Real>::exec_c2r_mpi(plans_->backward, in);
    const Real* padded = reinterpret_cast<const Real*>(in);
    const int nx = plans_->nx, stride = 2 * (nx / 2 + 1), rows = plans_->rows;
#pragma omp parallel for schedule(static)
    for (int r = 0; r < rows; ++r) std::memcpy(out + std::size_t(r) * nx, padded + std::size_t(r) * stride, sizeof(Real) * nx);
    return;
  }
#endif
  Fftw<Real>::exec_c2r(plans_->backward, in, out);
}

template std::unique_ptr<SlabTransforms<float>> make_fftw_slab_transforms<float>(int, int, int, int, int);
template std::unique_ptr<SlabTransforms<double>> make_fftw_slab_transforms<double>(int, int, int, int, int);
template class Fft<Cpu, float>;
template class Fft<Cpu, double>;

}  // namespace pf
