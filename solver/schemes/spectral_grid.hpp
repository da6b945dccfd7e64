#pragma once
#include <cstddef>

#include "solver/core/grid.hpp"
#include "solver/core/host_device.hpp"

namespace pf {

// Wavevectors of the real-to-complex half spectrum of the computational grid (nz, ny, nx).
// A no-flux run computes on a z-mirrored grid of twice the thickness (even reflection about
// the faces, i.e. a cosine transform in z), so nz = 2 * nz_physical there.
// Under MPI a rank holds the computational planes z0 .. z0 + nz_local - 1 of real space, and of
// the spectrum either the same planes or (transposed, FFTW-MPI's TRANSPOSED_OUT order) the rows
// y0 .. y0 + ny_local - 1 of the (ny, nz, nx/2+1) array; flat indices are local, indices() and
// the kernels turn them into global ones.
template <class Real>
struct SpectralGrid {
  int nx = 1, ny = 1, nz = 1;
  int nz_physical = 1;
  int z0 = 0, nz_local = 1;  // this rank's slab; the whole grid on one rank
  bool transposed = false;   // spectrum stored (ny, nz, nx/2+1), rows y0 .. y0 + ny_local - 1
  int y0 = 0, ny_local = 1;
  Real dkx = 0, dky = 0, dkz = 0;  // 2 pi / L of the computational box

  static SpectralGrid from(const Grid& g) {
    SpectralGrid s;
    const bool mirror = g.boundary_z == BoundaryZ::no_flux && g.shape[2] > 1;
    s.nx = g.shape[0];
    s.ny = g.shape[1];
    s.nz_physical = g.shape[2];
    s.nz = mirror ? 2 * g.shape[2] : g.shape[2];
    s.nz_local = s.nz;
    s.ny_local = s.ny;
    const double two_pi = 6.283185307179586476925286766559;
    s.dkx = Real(two_pi / (s.nx * g.spacing[0]));
    s.dky = Real(two_pi / (s.ny * g.spacing[1]));
    s.dkz = Real(two_pi / (s.nz * g.spacing[2]));
    return s;
  }

  PF_HOST_DEVICE bool mirrored() const { return nz != nz_physical; }
  PF_HOST_DEVICE int nxc() const { return nx / 2 + 1; }
  PF_HOST_DEVICE std::size_t real_size() const { return std::size_t(nx) * ny * nz; }
  PF_HOST_DEVICE std::size_t physical_size() const { return std::size_t(nx) * ny * nz_physical; }
  PF_HOST_DEVICE std::size_t complex_size() const { return std::size_t(nxc()) * ny * nz; }
  PF_HOST_DEVICE std::size_t plane_size() const { return std::size_t(nx) * ny; }
  PF_HOST_DEVICE std::size_t local_real_size() const { return plane_size() * nz_local; }
  PF_HOST_DEVICE std::size_t local_complex_size() const {
    return transposed ? std::size_t(nxc()) * nz * ny_local : std::size_t(nxc()) * ny * nz_local;
  }
  // Global computational plane of a local real-space index.
  PF_HOST_DEVICE int plane_of(std::size_t i) const { return z0 + int(i / plane_size()); }

  PF_HOST_DEVICE void indices(std::size_t idx, int& ix, int& iy, int& iz) const {
    ix = int(idx % nxc());
    const std::size_t rest = idx / nxc();
    if (transposed) {
      iz = int(rest % nz);
      iy = y0 + int(rest / nz);
    } else {
      iy = int(rest % ny);
      iz = z0 + int(rest / ny);
    }
  }

  // Wavevector component along axis (0 = x, 1 = y, 2 = z).
  PF_HOST_DEVICE Real k(std::size_t idx, int axis) const {
    int ix, iy, iz;
    indices(idx, ix, iy, iz);
    if (axis == 0) return dkx * ix;
    if (axis == 1) return dky * (2 * iy <= ny ? iy : iy - ny);
    return dkz * (2 * iz <= nz ? iz : iz - nz);
  }

  // Same, for first derivatives: the Nyquist mode of an even-length axis has no odd
  // counterpart, so its derivative is set to zero to keep derivatives of real fields real.
  PF_HOST_DEVICE Real k_derivative(std::size_t idx, int axis) const {
    int ix, iy, iz;
    indices(idx, ix, iy, iz);
    if (axis == 0) return (2 * ix == nx) ? Real(0) : dkx * ix;
    if (axis == 1) return (2 * iy == ny) ? Real(0) : dky * (2 * iy < ny ? iy : iy - ny);
    return (2 * iz == nz) ? Real(0) : dkz * (2 * iz < nz ? iz : iz - nz);
  }

  PF_HOST_DEVICE Real k2(std::size_t idx) const {
    const Real kx = k(idx, 0), ky = k(idx, 1), kz = k(idx, 2);
    return kx * kx + ky * ky + kz * kz;
  }

  // Parseval weight of a half-spectrum entry: modes 0 < kx < Nyquist stand for two.
  PF_HOST_DEVICE Real hermitian_weight(std::size_t idx) const {
    const int ix = int(idx % nxc());
    return (ix == 0 || 2 * ix == nx) ? Real(1) : Real(2);
  }
};

}  // namespace pf
