#pragma once
// Conventions shared by every analysis module.
//
// * A volume is stored in C order with shape (nz, ny, nx), x fastest.
// * Spacing is (hz, hy, hx) in micrometres; voxel (k, j, i) covers
//   [k hz, (k+1) hz] x [j hy, (j+1) hy] x [i hx, (i+1) hx], so the membrane faces are z = 0 and
//   z = d = nz hz.
// * z is the membrane thickness direction and is never periodic; x and y are in-plane and
//   periodic (wrap-around) unless an option says otherwise.
// * A pore mask is uint8 with 1 = pore, 0 = solid.
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/cpu/first_touch_allocator.hpp"

#include "analysis/error.hpp"

// Marks the small per-voxel and per-line functions that a CUDA backend can call from kernels.
#ifndef PF_HOST_DEVICE
#if defined(__CUDACC__)
#define PF_HOST_DEVICE __host__ __device__
#else
#define PF_HOST_DEVICE
#endif
#endif

namespace pf::analysis {

struct Shape {
  std::int64_t nz = 0, ny = 0, nx = 0;

  PF_HOST_DEVICE constexpr std::int64_t size() const { return nz * ny * nx; }
  PF_HOST_DEVICE constexpr std::int64_t slice_size() const { return ny * nx; }
  PF_HOST_DEVICE constexpr std::int64_t index(std::int64_t z, std::int64_t y, std::int64_t x) const {
    return (z * ny + y) * nx + x;
  }
  friend constexpr bool operator==(const Shape&, const Shape&) = default;
};

// Voxel spacing in micrometres, in the same (z, y, x) order as the shape.
struct Spacing {
  double hz = 1.0, hy = 1.0, hx = 1.0;
};

// Throw AnalysisError (naming `where`) unless the shape is non-empty (and int32-indexable), the
// spacing positive and finite, and (validate_mask) every mask value 0 or 1.
void validate_shape(const Shape& shape, const std::string& where);
void validate_spacing(const Spacing& spacing, const std::string& where);

template <class T>
struct Volume {
  Shape shape;
  HostArray<T> data;

  Volume() = default;
  // Refuses empty or negative shapes here, before they turn into a huge allocation.
  explicit Volume(Shape s, T fill = T{}) : shape(s) {
    validate_shape(s, "Volume");
    data.assign(static_cast<std::size_t>(s.size()), fill);
  }

  T& operator[](std::int64_t i) { return data[static_cast<std::size_t>(i)]; }
  const T& operator[](std::int64_t i) const { return data[static_cast<std::size_t>(i)]; }
  T& operator()(std::int64_t z, std::int64_t y, std::int64_t x) { return (*this)[shape.index(z, y, x)]; }
  const T& operator()(std::int64_t z, std::int64_t y, std::int64_t x) const {
    return (*this)[shape.index(z, y, x)];
  }
};

using Mask = Volume<std::uint8_t>;    // 1 = pore, 0 = solid
using Labels = Volume<std::int32_t>;  // 0 = solid, 1..count = component
using Field = Volume<double>;

PF_HOST_DEVICE constexpr std::int64_t wrap_index(std::int64_t i, std::int64_t n) {
  const std::int64_t r = i % n;
  return r < 0 ? r + n : r;
}

// Index of the neighbour (z + dz, y + dy, x + dx), wrapping x and y when periodic; -1 when it
// lies outside the volume (z is never periodic).
PF_HOST_DEVICE constexpr std::int64_t neighbour_index(const Shape& s, std::int64_t z, std::int64_t y, std::int64_t x,
                                                      std::int64_t dz, std::int64_t dy, std::int64_t dx,
                                                      bool periodic_xy) {
  const std::int64_t zz = z + dz;
  std::int64_t yy = y + dy, xx = x + dx;
  if (zz < 0 || zz >= s.nz) return -1;
  if (periodic_xy) {
    yy = wrap_index(yy, s.ny);
    xx = wrap_index(xx, s.nx);
  } else if (yy < 0 || yy >= s.ny || xx < 0 || xx >= s.nx) {
    return -1;
  }
  return s.index(zz, yy, xx);
}

PF_HOST_DEVICE constexpr double square(double v) { return v * v; }

// Squared length of the voxel offset (dz, dy, dx). The summation order x + (y + z) is the order
// in which the separable distance transform accumulates its passes (z, then y, then x); using the
// same order everywhere makes "distance < radius" comparisons between the two bit-identical.
PF_HOST_DEVICE constexpr double squared_length(std::int64_t dz, std::int64_t dy, std::int64_t dx,
                                               const Spacing& h) {
  return square(h.hx * static_cast<double>(dx)) +
         (square(h.hy * static_cast<double>(dy)) + square(h.hz * static_cast<double>(dz)));
}

// Membrane thickness d = nz hz in micrometres.
inline double thickness_um(const Shape& shape, const Spacing& h) { return static_cast<double>(shape.nz) * h.hz; }

void validate_mask(const Mask& mask, const std::string& where);

template <class A, class B>
void require_same_shape(const Volume<A>& a, const Volume<B>& b, const std::string& where) {
  require(a.shape == b.shape && a.data.size() == b.data.size(),
          where + ": volumes have different shapes");
}

}  // namespace pf::analysis
