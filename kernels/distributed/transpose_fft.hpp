#pragma once
// A slab-decomposed 3D r2c/c2r FFT with explicit all-to-all transposes, written once over a
// backend (Buffer, Exec) and a local transform (FFTW on the host, cuFFT on the device). Same
// layout as the FFTW-MPI path (SlabLayout::transposed): real z slabs of (nz, ny, nx) in, the
// half spectrum out as y slabs of (ny, nz, nx/2+1), one global transpose per transform.
//   forward:  2D r2c of each local xy plane -> pack by receiving rank -> all-to-all -> unpack
//             into (ny_local, nz, nxc) -> 1D c2c along z
//   backward: the same steps reversed (1D c2c, pack, all-to-all, unpack, 2D c2r)
// Include only with the backend's Exec (kernels/cpu/exec_cpu.hpp or kernels/cuda/exec_cuda.cuh).
#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/communicator.hpp"
#include "kernels/distributed/slab_split.hpp"
#include "kernels/distributed/slab_transpose.hpp"
#include "kernels/fft.hpp"

namespace pf {

// The local transforms of a slab: batched 2D r2c/c2r over `planes` contiguous xy planes of
// (ny, nx) <-> (ny, nxc), and batched 1D c2c along the middle axis of `rows` contiguous arrays
// of (nz, nxc), in place. Unnormalised, like Fft. Made by make_fftw_slab_transforms
// (kernels/cpu/fft_fftw.cpp) and make_cufft_slab_transforms (kernels/cuda/fft_cufft.cu).
template <class Real>
class SlabTransforms {
 public:
  virtual ~SlabTransforms() = default;
  virtual void planes_forward(const Real* in, Complex<Real>* out) = 0;
  virtual void planes_backward(Complex<Real>* in, Real* out) = 0;
  virtual void lines(Complex<Real>* inout, bool forward) = 0;
};

template <class Real>
std::unique_ptr<SlabTransforms<Real>> make_fftw_slab_transforms(int planes, int ny, int nx, int rows, int nz);
template <class Real>
std::unique_ptr<SlabTransforms<Real>> make_cufft_slab_transforms(int planes, int ny, int nx, int rows, int nz);

template <class Backend, class Real>
class TransposeFft {
  using Cplx = Complex<Real>;

 public:
  using MakeLocal = std::unique_ptr<SlabTransforms<Real>> (*)(int planes, int ny, int nx, int rows, int nz);

  // make_local: the backend's local transforms. device_aware: hand device buffers to MPI
  // directly (CUDA-aware MPI); otherwise they are staged through pinned host buffers. Ignored
  // on the CPU backend.
  TransposeFft(std::array<int, 3> shape_zyx, const Communicator& comm, MakeLocal make_local, bool device_aware)
      : comm_(comm),
        z_(BlockSplit::of(shape_zyx[0], comm.size())),
        y_(BlockSplit::of(shape_zyx[1], comm.size())),
        nxc_(shape_zyx[2] / 2 + 1),
        nz_local_(z_.count(comm.rank())),
        ny_local_(y_.count(comm.rank())),
        device_aware_(device_aware) {
    local_ = make_local(nz_local_, y_.n, shape_zyx[2], ny_local_, z_.n);
    const std::size_t cplx = sizeof(Cplx);
    for (int r = 0; r < comm.size(); ++r) {
      z_side_bytes_.push_back(std::size_t(nz_local_) * y_.count(r) * nxc_ * cplx);
      y_side_bytes_.push_back(std::size_t(z_.count(r)) * ny_local_ * nxc_ * cplx);
    }
    send_ = Buffer<Cplx, Backend>(complex_alloc());
    recv_ = Buffer<Cplx, Backend>(complex_alloc());
    if constexpr (!std::is_same_v<Backend, Cpu>)
      if (!device_aware_) {
        host_send_ = Pinned(static_cast<std::byte*>(Memory<Backend>::allocate_pinned(complex_alloc() * cplx)));
        host_recv_ = Pinned(static_cast<std::byte*>(Memory<Backend>::allocate_pinned(complex_alloc() * cplx)));
      }
  }

  SlabLayout slab() const {
    return {z_.first(comm_.rank()), nz_local_, complex_alloc(), true, y_.first(comm_.rank()), ny_local_};
  }
  // The all-to-all's send and receive buffers on the backend (the pinned host copies not counted).
  std::size_t buffer_bytes() const { return 2 * complex_alloc() * sizeof(Cplx); }

  void forward(const Real* in, Cplx* out) {
    if (nz_local_ > 0) local_->planes_forward(in, out);
    Exec<Backend>::for_each(z_side_size(), kernels::ZSlabBlocks<Real>{out, send_.data(), y_, nz_local_, nxc_, true});
    exchange(z_side_bytes_, y_side_bytes_);
    Exec<Backend>::for_each(y_side_size(), kernels::YSlabBlocks<Real>{out, recv_.data(), z_, ny_local_, nxc_, false});
    if (ny_local_ > 0) local_->lines(out, true);
  }

  // Overwrites `in`, like the other backward transforms.
  void backward(Cplx* in, Real* out) {
    if (ny_local_ > 0) local_->lines(in, false);
    Exec<Backend>::for_each(y_side_size(), kernels::YSlabBlocks<Real>{in, send_.data(), z_, ny_local_, nxc_, true});
    exchange(y_side_bytes_, z_side_bytes_);
    Exec<Backend>::for_each(z_side_size(), kernels::ZSlabBlocks<Real>{in, recv_.data(), y_, nz_local_, nxc_, false});
    if (nz_local_ > 0) local_->planes_backward(in, out);
  }

 private:
  struct ReleasePinned {
    void operator()(std::byte* p) const { Memory<Backend>::release_pinned(p); }
  };
  using Pinned = std::unique_ptr<std::byte, ReleasePinned>;

  std::size_t z_side_size() const { return std::size_t(nz_local_) * y_.n * nxc_; }
  std::size_t y_side_size() const { return std::size_t(ny_local_) * z_.n * nxc_; }
  std::size_t complex_alloc() const { return std::max<std::size_t>({z_side_size(), y_side_size(), 1}); }

  // send_ -> all ranks -> recv_, with the byte counts per rank of each side.
  void exchange(const std::vector<std::size_t>& send_bytes, const std::vector<std::size_t>& recv_bytes) {
    std::size_t ns = 0, nr = 0;
    for (std::size_t b : send_bytes) ns += b;
    for (std::size_t b : recv_bytes) nr += b;
    auto* send = reinterpret_cast<std::byte*>(send_.data());
    auto* recv = reinterpret_cast<std::byte*>(recv_.data());
    if constexpr (std::is_same_v<Backend, Cpu>) {
      comm_.all_to_all({send, ns}, send_bytes, {recv, nr}, recv_bytes);
    } else if (device_aware_) {
      Exec<Backend>::synchronize();  // the packing kernel must have finished before MPI reads
      comm_.all_to_all({send, ns}, send_bytes, {recv, nr}, recv_bytes);
    } else {
      Memory<Backend>::copy_to_host(host_send_.get(), send, ns);
      comm_.all_to_all({host_send_.get(), ns}, send_bytes, {host_recv_.get(), nr}, recv_bytes);
      Memory<Backend>::copy_from_host(recv, host_recv_.get(), nr);
    }
  }

  const Communicator& comm_;
  std::unique_ptr<SlabTransforms<Real>> local_;
  BlockSplit z_, y_;  // real-space planes and spectral rows over the ranks
  int nxc_, nz_local_, ny_local_;
  bool device_aware_;
  std::vector<std::size_t> z_side_bytes_, y_side_bytes_;  // block bytes exchanged with each rank
  Buffer<Cplx, Backend> send_, recv_;
  Pinned host_send_, host_recv_;  // host staging (device backends without CUDA-aware MPI)
};

}  // namespace pf
