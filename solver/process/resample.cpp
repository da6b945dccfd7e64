#include "solver/process/resample.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>
#include <utility>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

// Maps the half spectrum of a real line of length n_old onto one of length n_new, for samples
// taken `shift` (in units of the line's period) after the old node 0. Nyquist modes: a mode
// that becomes the new Nyquist gets c_m + c_{-m} = 2 Re c_m (what sampling that mode on the
// new grid gives); an old Nyquist mode kept below the new Nyquist is split evenly between +m
// and -m (the real, minimal-norm interpolant), so up- then down-sampling is the identity.
void map_spectrum(const Complex<double>* in, int n_old, Complex<double>* out, int n_new, double shift) {
  const int half_new = n_new / 2;
  for (int m = 0; m <= half_new; ++m) {
    const bool old_has = 2 * m <= n_old;
    if (!old_has) {
      out[m] = {0, 0};
      continue;
    }
    std::complex<double> c(in[m].re, in[m].im);
    if (shift != 0) c *= std::polar(1.0, 2 * std::numbers::pi * m * shift);
    const bool old_nyquist = 2 * m == n_old;
    const bool new_nyquist = 2 * m == n_new;
    if (old_nyquist && !new_nyquist) c *= 0.5;
    else if (new_nyquist && !old_nyquist) c = 2 * c.real();
    out[m] = {c.real(), c.imag()};
  }
}

// Resamples every line along `axis` of a (nz, ny, nx) array. mirror: the line is the physical
// half of an even extension about walls half a cell outside its end nodes.
std::vector<double> resample_axis(const std::vector<double>& in, std::array<int, 3> shape, int axis, int n_new, bool mirror) {
  const int n_old = shape[axis];
  std::array<int, 3> out_shape = shape;
  out_shape[axis] = n_new;
  std::vector<double> out(static_cast<std::size_t>(out_shape[0]) * out_shape[1] * out_shape[2]);
  const std::size_t stride_in = axis == 0 ? 1 : axis == 1 ? std::size_t(shape[0]) : std::size_t(shape[0]) * shape[1];
  const std::size_t stride_out = axis == 0 ? 1 : axis == 1 ? std::size_t(out_shape[0]) : std::size_t(out_shape[0]) * out_shape[1];
  const int len_old = mirror ? 2 * n_old : n_old, len_new = mirror ? 2 * n_new : n_new;
  // Old nodes sit half an old cell from the wall, new ones half a new cell: relative to old
  // node 0 the new samples are offset by (h_new - h_old)/2, in periods of 2 L.
  const double shift = mirror ? (1.0 / len_new - 1.0 / len_old) / 2 : 0.0;

  Fft<Cpu, double> fwd({1, 1, len_old});
  Fft<Cpu, double> bwd({1, 1, len_new});
  Buffer<double, Cpu> line_in(len_old), line_out(len_new);
  Buffer<Complex<double>, Cpu> spec_in(len_old / 2 + 1), spec_out(len_new / 2 + 1);
  const double scale = 1.0 / len_old;

  // Lines are indexed by the two other axes; (a, b) run over them in memory order.
  const int other0 = axis == 0 ? 1 : 0, other1 = axis == 2 ? 1 : 2;
  auto offset = [&](const std::array<int, 3>& sh, int i0, int i1) {
    std::array<std::size_t, 3> idx{0, 0, 0};
    idx[other0] = std::size_t(i0);
    idx[other1] = std::size_t(i1);
    return (idx[2] * sh[1] + idx[1]) * sh[0] + idx[0];
  };
  for (int i1 = 0; i1 < shape[other1]; ++i1)
    for (int i0 = 0; i0 < shape[other0]; ++i0) {
      const double* src = in.data() + offset(shape, i0, i1);
      double* dst = out.data() + offset(out_shape, i0, i1);
      for (int j = 0; j < n_old; ++j) line_in.data()[j] = src[j * stride_in];
      if (mirror)
        for (int j = 0; j < n_old; ++j) line_in.data()[len_old - 1 - j] = src[j * stride_in];
      fwd.forward(line_in.data(), spec_in.data());
      map_spectrum(spec_in.data(), len_old, spec_out.data(), len_new, shift);
      bwd.backward(spec_out.data(), line_out.data());
      for (int j = 0; j < n_new; ++j) dst[j * stride_out] = line_out.data()[j] * scale;
    }
  return out;
}

}  // namespace

Grid resampled_grid(const Grid& from, std::array<int, 3> to_shape) {
  Grid g = from;
  for (int a = 0; a < 3; ++a) {
    g.shape[a] = to_shape[a];
    g.spacing[a] = from.length(a) / to_shape[a];
  }
  return g;
}

std::vector<double> resample_spectral(std::vector<double> phi, const Grid& from, std::array<int, 3> to_shape) {
  if (phi.size() != from.voxels()) throw Error("resample_spectral: field size does not match the grid");
  for (int a = 0; a < 3; ++a) {
    if (to_shape[a] < 1) throw Error("resample_spectral: new shape must be positive");
    if ((from.shape[a] == 1) != (to_shape[a] == 1))
      throw Error("resample_spectral: axis " + std::to_string(a) + " cannot change between size 1 and > 1");
  }
  // Shrinking axes first keeps the intermediate arrays no larger than the bigger end.
  std::array<int, 3> order{0, 1, 2};
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return double(to_shape[a]) / from.shape[a] < double(to_shape[b]) / from.shape[b];
  });
  std::vector<double> field = std::move(phi);
  std::array<int, 3> shape = from.shape;
  for (int axis : order) {
    if (to_shape[axis] == shape[axis]) continue;
    const bool mirror = axis == 2 && from.boundary_z == BoundaryZ::no_flux;
    field = resample_axis(field, shape, axis, to_shape[axis], mirror);
    shape[axis] = to_shape[axis];
  }
  return field;
}

}  // namespace pf
