#pragma once
// Spectral (Fourier) resampling of a physical field onto a grid of another shape over the same
// box: the band-limited interpolant of the old samples, evaluated on the new nodes. Periodic
// axes zero-pad or truncate the spectrum; a no-flux z axis resamples the even (mirrored)
// extension, i.e. a cosine series, with the walls kept half a cell outside the first and last
// nodes. The k = 0 mode is carried over untouched, so the mean of phi is conserved exactly (up
// to FFT round-off). Runs on the host in double (docs/deformation.md gives the memory).
#include <array>
#include <vector>

#include "solver/core/grid.hpp"

namespace pf {

// phi: C-order (nz, ny, nx) on `from`; returns the field on `to_shape` over the same box
// (spacing of the result = from.length(a) / to_shape[a]). Axes of size 1 must keep size 1.
// Takes phi by value: pass an rvalue to let it be reused (one host copy fewer at the peak).
std::vector<double> resample_spectral(std::vector<double> phi, const Grid& from, std::array<int, 3> to_shape);

// The grid a resampled field lives on: same box and boundary, new shape.
Grid resampled_grid(const Grid& from, std::array<int, 3> to_shape);

}  // namespace pf
