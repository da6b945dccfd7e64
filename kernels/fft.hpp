#pragma once
#include <array>
#include <cstddef>
#include <memory>

#include "kernels/backend.hpp"
#include "kernels/complex.hpp"

namespace pf {

class Communicator;

// The part of the (nz, ny, nx) grid one rank holds: planes z0 .. z0 + nz - 1 of real space
// (slabs along the slowest axis, FFTW-MPI's layout) and the complex elements each spectral
// buffer must have (FFTW-MPI may need more than the slab). The half spectrum is either the same
// z slab of (nz, ny, nx/2+1) or, when `transposed` (distributed transforms: one global transpose
// per FFT instead of two), rows y0 .. y0 + ny - 1 of the transposed (ny, nz, nx/2+1) array.
struct SlabLayout {
  int z0 = 0, nz = 0;
  std::size_t complex_alloc = 0;
  bool transposed = false;
  int y0 = 0, ny = 0;
};

// 3D real-to-complex FFTs on a C-order array of shape (nz, ny, nx), x fastest. The complex
// half-spectrum has shape (nz, ny, nx/2+1). Both directions are unnormalised; backward() may
// overwrite its input (FFTW's and cuFFT's c2r do). Plans are made once and reused (RAII).
template <class Backend, class Real>
class Fft;

// How a transform over several ranks is done (docs/hpc.md): CPU ranks use FFTW-MPI unless
// explicit_transpose asks for the explicit all-to-all path (kernels/distributed/transpose_fft.hpp,
// which CUDA ranks always use); device_aware hands device buffers to MPI instead of staging them.
struct DistributedFftOptions {
  bool explicit_transpose = false;
  bool device_aware = false;
};

// With a communicator of more than one rank (MPI builds), the transform is distributed over
// z slabs through FFTW-MPI; slab() says which part this rank holds. Real arrays stay unpadded
// (nx fastest), as in the serial case: forward() pads into `out` and transforms in place there,
// backward() transforms in place in `in` and unpads into `out`. The spectrum is left in
// FFTW-MPI's transposed order (y slabs of (ny, nz, nx/2+1), SlabLayout::transposed), which
// saves the transpose back; SpectralGrid::indices() reads that order. With
// options.explicit_transpose the same layout comes from TransposeFft instead (also on 1 rank).
template <class Real>
class Fft<Cpu, Real> {
 public:
  explicit Fft(std::array<int, 3> shape_zyx, const Communicator* communicator = nullptr,
               DistributedFftOptions options = {});
  ~Fft();
  Fft(const Fft&) = delete;
  Fft& operator=(const Fft&) = delete;

  void forward(const Real* in, Complex<Real>* out);
  void backward(Complex<Real>* in, Real* out);
  SlabLayout slab() const;
  // Memory the transform holds besides its plans: the explicit transposes' buffers, else 0.
  std::size_t buffer_bytes() const;

 private:
  struct Plans;
  std::unique_ptr<Plans> plans_;
};

// With a communicator of more than one rank: cuFFT per rank and explicit all-to-all transposes
// (TransposeFft), in the same layout as the CPU path.
template <class Real>
class Fft<Cuda, Real> {
 public:
  explicit Fft(std::array<int, 3> shape_zyx, const Communicator* communicator = nullptr,
               DistributedFftOptions options = {});
  ~Fft();
  Fft(const Fft&) = delete;
  Fft& operator=(const Fft&) = delete;

  void forward(const Real* in, Complex<Real>* out);
  void backward(Complex<Real>* in, Real* out);
  SlabLayout slab() const;
  // Memory the transform holds besides its plans: the explicit transposes' buffers, else 0.
  std::size_t buffer_bytes() const;

 private:
  struct Plans;
  std::unique_ptr<Plans> plans_;
};

// Dimensions passed to the vendor planner: size-1 axes other than x are dropped so that a
// 2D run (nz = 1) gets a true 2D plan (cuFFT rejects 3D plans with a unit dimension).
inline int fft_rank(std::array<int, 3> shape_zyx, int dims_out[3]) {
  int rank = 0;
  for (int a = 0; a < 2; ++a)
    if (shape_zyx[a] > 1) dims_out[rank++] = shape_zyx[a];
  dims_out[rank++] = shape_zyx[2];
  return rank;
}

}  // namespace pf
