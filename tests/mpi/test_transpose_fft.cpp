// The explicit-transpose distributed FFT (kernels/distributed/transpose_fft.hpp: the path CUDA
// ranks take, here with FFTW as the local transform on CPU ranks), run under mpirun -np 1, 2, 4
// (CTest label `mpi`), against references we did not write: serial FFTW of the whole grid, and
// FFTW-MPI's distributed transform in the same layout. Shapes include uneven splits and ranks
// that hold no planes or no spectral rows (9 planes and 5 rows on 4 ranks: 3,3,3,0 and 2,2,1,0).
// In CUDA builds with a GPU it also runs the CUDA ranks' path (cuFFT, device buffers; staged, and
// CUDA-aware where the MPI says so) against the same reference (scripts/gpu/run_mpi_on_device.sh).
//
// Tolerance: an FFT's normwise relative error is O(eps log2 N) (Higham, "Accuracy and Stability
// of Numerical Algorithms", 2nd ed., §24.1); two transforms of the same data, or a forward and a
// backward one, differ by twice that. We allow 10 eps log2 N in the relative 2-norm over the
// whole grid. (Measured: the spectra come out bitwise equal to both references, as the same
// FFTW 1D codelets run in another order of axes.)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/communicator.hpp"
#include "kernels/fft.hpp"
#include "kernels/mpi/mpi_world.hpp"
#ifdef PF_HAVE_CUDA
#include "kernels/cuda/memory_cuda.hpp"
#include "kernels/device.hpp"
#endif

namespace {

using pf::Complex;

double norm2(const Complex<double>& c) { return c.re * c.re + c.im * c.im; }

template <class Real>
Complex<double> widen(Complex<Real> c) {
  return {double(c.re), double(c.im)};
}

// The whole-grid spectrum entry (iz, iy, ix) of a (nz, ny, nxc) C-order array.
template <class Real>
Complex<double> at(const std::vector<Complex<Real>>& full, std::array<int, 3> s, int iz, int iy, int ix) {
  const int nxc = s[2] / 2 + 1;
  return widen(full[(std::size_t(iz) * s[1] + iy) * nxc + ix]);
}

// Relative 2-norm distance over all ranks of this rank's spectrum (SlabLayout order) from the
// whole-grid reference.
template <class Real>
double spectrum_error(const pf::Buffer<Complex<Real>, pf::Cpu>& mine, const pf::SlabLayout& slab,
                      const std::vector<Complex<Real>>& full, std::array<int, 3> s) {
  const pf::Communicator& comm = pf::world();
  const int nxc = s[2] / 2 + 1;
  double diff = 0, ref = 0;
  for (const auto& c : full) ref += norm2(widen(c));
  const int outer = slab.transposed ? slab.ny : slab.nz, middle = slab.transposed ? s[0] : s[1];
  for (int o = 0; o < outer; ++o)
    for (int m = 0; m < middle; ++m)
      for (int ix = 0; ix < nxc; ++ix) {
        const Complex<double> got = widen(mine.data()[(std::size_t(o) * middle + m) * nxc + ix]);
        const Complex<double> want = slab.transposed ? at(full, s, m, slab.y0 + o, ix) : at(full, s, slab.z0 + o, m, ix);
        diff += norm2({got.re - want.re, got.im - want.im});
      }
  return std::sqrt(comm.sum(diff) / ref);
}

// Relative 2-norm distance over all ranks of backward(forward(x)) / N from x.
template <class Real>
double round_trip_error(const Real* back, const Real* x, std::size_t count, std::size_t n) {
  double diff = 0, ref = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double d = double(back[i]) / double(n) - double(x[i]);
    diff += d * d;
    ref += double(x[i]) * double(x[i]);
  }
  return std::sqrt(pf::world().sum(diff) / pf::world().sum(ref));
}

#ifdef PF_HAVE_CUDA
// The CUDA ranks' path (cuFFT slab plans, device pack/unpack, staged or CUDA-aware exchange)
// against the same serial FFTW reference; on 1 rank Fft<Cuda> is the serial cuFFT transform.
template <class Real>
bool check_cuda(std::array<int, 3> s, const std::vector<Real>& field, const std::vector<Complex<Real>>& full, bool aware) {
  const pf::Communicator& comm = pf::world();
  const std::size_t n = field.size(), plane = std::size_t(s[1]) * s[2];
  const double tol = 10 * std::numeric_limits<Real>::epsilon() * std::log2(double(n));
  pf::Fft<pf::Cuda, Real> fft(s, &comm, {true, aware});
  const pf::SlabLayout slab = fft.slab();
  const std::size_t count = plane * slab.nz;
  pf::Buffer<Real, pf::Cuda> local(std::max<std::size_t>(count, 1)), back(std::max<std::size_t>(count, 1));
  local.upload(field.data() + plane * slab.z0, count);
  pf::Buffer<Complex<Real>, pf::Cuda> spec(slab.complex_alloc);
  fft.forward(local.data(), spec.data());
  pf::Buffer<Complex<Real>, pf::Cpu> host(slab.complex_alloc);
  spec.download(host.data(), slab.complex_alloc);
  const double e = spectrum_error(host, slab, full, s);
  fft.backward(spec.data(), back.data());
  std::vector<Real> b(count);
  back.download(b.data(), count);
  const double e_round = round_trip_error(b.data(), field.data() + plane * slab.z0, count, n);
  const bool ok = e <= tol && e_round <= tol;
  if (comm.root())
    std::printf("%s %s shape (%d, %d, %d) on %d ranks, cuFFT%s: vs serial FFTW %.2e, round trip %.2e (tolerance %.2e)\n",
                ok ? "ok  " : "FAIL", sizeof(Real) == 8 ? "double" : "float ", s[0], s[1], s[2], comm.size(),
                comm.size() == 1 ? "" : aware ? " + transpose, CUDA-aware" : " + transpose, staged", e, e_round, tol);
  return ok;
}
#endif

// Runs one shape in one precision; prints and returns false on a failure.
template <class Real>
bool check_shape(std::array<int, 3> s, [[maybe_unused]] bool gpu) {
  const pf::Communicator& comm = pf::world();
  const std::size_t n = std::size_t(s[0]) * s[1] * s[2], plane = std::size_t(s[1]) * s[2];
  const double tol = 10 * std::numeric_limits<Real>::epsilon() * std::log2(double(n));

  // The same pseudo-random field on every rank; each keeps its planes.
  std::vector<Real> field(n);
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> u(-1, 1);
  for (auto& v : field) v = Real(u(rng));

  pf::Fft<pf::Cpu, Real> serial(s);
  pf::Buffer<Real, pf::Cpu> whole(n);
  std::copy(field.begin(), field.end(), whole.data());
  const std::size_t n_complex = std::size_t(s[0]) * s[1] * (s[2] / 2 + 1);
  std::vector<Complex<Real>> full(n_complex);
  pf::Buffer<Complex<Real>, pf::Cpu> full_buf(full.size());
  serial.forward(whole.data(), full_buf.data());
  std::copy(full_buf.data(), full_buf.data() + full.size(), full.begin());

  pf::Fft<pf::Cpu, Real> transpose(s, &comm, {true, false});
  pf::Fft<pf::Cpu, Real> fftw_mpi(s, &comm);
  const pf::SlabLayout slab = transpose.slab(), reference_slab = fftw_mpi.slab();
  bool ok = true;
  // Over several ranks both must hold the same planes and rows (FFTW-MPI's default split).
  // (An empty range's start is arbitrary: FFTW-MPI says 0.)
  auto same = [](int a0, int an, int b0, int bn) { return an == bn && (an == 0 || a0 == b0); };
  if (comm.size() > 1 && !(same(slab.z0, slab.nz, reference_slab.z0, reference_slab.nz) &&
                           same(slab.y0, slab.ny, reference_slab.y0, reference_slab.ny))) {
    std::printf("rank %d: slab z %d+%d y %d+%d, FFTW-MPI's z %d+%d y %d+%d\n", comm.rank(), slab.z0, slab.nz, slab.y0, slab.ny,
                reference_slab.z0, reference_slab.nz, reference_slab.y0, reference_slab.ny);
    ok = false;
  }
  pf::Buffer<Real, pf::Cpu> local(std::max<std::size_t>(plane * slab.nz, 1)), back(std::max<std::size_t>(plane * slab.nz, 1));
  std::copy_n(field.begin() + std::ptrdiff_t(plane * slab.z0), plane * slab.nz, local.data());
  pf::Buffer<Complex<Real>, pf::Cpu> spec(slab.complex_alloc), spec_mpi(reference_slab.complex_alloc);
  transpose.forward(local.data(), spec.data());
  fftw_mpi.forward(local.data(), spec_mpi.data());
  const double e_serial = spectrum_error(spec, slab, full, s);
  const double e_mpi = spectrum_error(spec_mpi, reference_slab, full, s);
  // Directly against FFTW-MPI, element by element in the shared layout (over several ranks).
  double direct = 0, size = 0;
  if (comm.size() > 1) {
    for (std::size_t i = 0; i < std::size_t(slab.ny) * s[0] * (s[2] / 2 + 1); ++i) {
      const Complex<double> a = widen(spec.data()[i]), b = widen(spec_mpi.data()[i]);
      direct += norm2({a.re - b.re, a.im - b.im});
      size += norm2(b);
    }
    direct = std::sqrt(comm.sum(direct) / comm.sum(size));
  }

  // Round trip: backward(forward(x)) = N x.
  transpose.backward(spec.data(), back.data());
  const double e_round = round_trip_error(back.data(), local.data(), plane * slab.nz, n);

  ok = ok && e_serial <= tol && e_mpi <= tol && direct <= tol && e_round <= tol;
  if (comm.root())
    std::printf("%s %s shape (%d, %d, %d) on %d ranks: transpose vs serial FFTW %.2e, vs FFTW-MPI %.2e, FFTW-MPI vs "
                "serial %.2e, round trip %.2e (tolerance %.2e)\n",
                ok ? "ok  " : "FAIL", sizeof(Real) == 8 ? "double" : "float ", s[0], s[1], s[2], comm.size(), e_serial,
                direct, e_mpi, e_round, tol);
#ifdef PF_HAVE_CUDA
  if (gpu) {
    ok = check_cuda<Real>(s, field, full, false) && ok;
    if (comm.device_buffers()) ok = check_cuda<Real>(s, field, full, true) && ok;
  }
#endif
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  pf::start_mpi(&argc, &argv);
  bool ok = true, gpu = false;
#ifdef PF_HAVE_CUDA
  // The CUDA path where every rank has a GPU (ranks share them round robin).
  gpu = pf::world().sum(pf::cuda_device_usable() ? 0.0 : 1.0) == 0;
  if (gpu) pf::select_cuda_device(pf::world().node_rank());
  if (pf::world().root()) std::printf("cuda: %s\n", gpu ? "testing the device path too" : "no usable device, CPU paths only");
#endif
  for (std::array<int, 3> s : {std::array<int, 3>{16, 12, 10}, {9, 5, 7}, {8, 6, 2}, {12, 16, 9}}) {
    ok = check_shape<double>(s, gpu) && ok;
    ok = check_shape<float>(s, gpu) && ok;
  }
  // Every rank agrees on the verdict, so all exit alike.
  const bool all = pf::world().sum(ok ? 0.0 : 1.0) == 0;
  pf::stop_mpi();
  return all ? 0 : 1;
}
