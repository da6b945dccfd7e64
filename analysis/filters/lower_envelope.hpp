#pragma once
// One line of the separable Euclidean distance transform: the lower envelope of parabolas of
// Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled Functions", Theory of Computing 8
// (2012) 415-428. Written on raw pointers so that a CUDA kernel can call it per line.
#include <array>
#include <cstdint>
#include <limits>

#include "analysis/volume.hpp"

namespace pf::analysis {

// First and last (exclusive) site positions of a line of n samples; periodic lines also take the
// images p - n and p + n of the samples that lie within ceil(n/2) of [0, n) (see below).
PF_HOST_DEVICE constexpr std::int64_t envelope_first_site(std::int64_t n, bool periodic) { return periodic ? -((n + 1) / 2) : 0; }
PF_HOST_DEVICE constexpr std::int64_t envelope_last_site(std::int64_t n, bool periodic) {
  return periodic ? n + (n + 1) / 2 : n;
}

// Workspace sizes for a line of n samples: sites and boundaries need room for every site image.
PF_HOST_DEVICE constexpr std::int64_t envelope_sites(std::int64_t n, bool periodic) {
  return envelope_last_site(n, periodic) - envelope_first_site(n, periodic);
}

// out[q] = min over p of ( (h (q - p))^2 + f[p] ), for q in [0, n). Samples with f = +inf are not
// sites. If no sample is finite, out is +inf.
//
// Periodic lines: for a query q in [0, n) the best image of sample p is its nearest one, within
// n/2 of q, so in [-floor(n/2), n - 1 + floor(n/2)]: the sites are the images in
// [-ceil(n/2), n + ceil(n/2)), about 2n, and the result is exact (the images p - n, p, p + n of
// every sample, 3n sites, gave the same minimum with half as much work again).
//
// `site` needs envelope_sites(n, periodic) entries, `boundary` one more.
PF_HOST_DEVICE inline void lower_envelope(const double* f, std::int64_t n, double h, bool periodic,
                                          std::int64_t* site, double* boundary, double* out) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::int64_t first = envelope_first_site(n, periodic), last = envelope_last_site(n, periodic);
  // Sites lie in [-n, 2n), so one compare wraps them (no integer division in the inner loops).
  const auto value = [&](std::int64_t p) { return f[p < 0 ? p + n : (p >= n ? p - n : p)]; };
  // Abscissa where the parabola of site q starts to undercut the one of site v (q > v).
  const auto meet = [&](std::int64_t v, std::int64_t q) {
    const double xv = h * static_cast<double>(v), xq = h * static_cast<double>(q);
    return ((value(q) + xq * xq) - (value(v) + xv * xv)) / (2.0 * (xq - xv));
  };

  std::int64_t k = -1;
  for (std::int64_t q = first; q < last; ++q) {
    if (!(value(q) < inf)) continue;
    if (k < 0) {
      k = 0;
      site[0] = q;
      boundary[0] = -inf;
      boundary[1] = inf;
      continue;
    }
    double s = meet(site[k], q);
    while (s <= boundary[k]) {  // boundary[0] = -inf stops this at k = 0
      --k;
      s = meet(site[k], q);
    }
    ++k;
    site[k] = q;
    boundary[k] = s;
    boundary[k + 1] = inf;
  }

  if (k < 0) {
    for (std::int64_t q = 0; q < n; ++q) out[q] = inf;
    return;
  }
  std::int64_t j = 0;
  for (std::int64_t q = 0; q < n; ++q) {
    const double x = h * static_cast<double>(q);
    while (boundary[j + 1] < x) ++j;
    // Recompute from the integer offset so the value is exactly the one of the chosen site.
    out[q] = square(h * static_cast<double>(q - site[j])) + value(site[j]);
  }
}

// The lines of one pass of the separable transform: `lines` lines of n samples at `stride`; line l
// starts at (l / inner) outer_stride + l % inner.
struct EnvelopeLines {
  std::int64_t n, stride, lines, inner, outer_stride;
  double h;
  bool periodic;

  PF_HOST_DEVICE constexpr std::int64_t start(std::int64_t l) const { return (l / inner) * outer_stride + l % inner; }
};

// The three passes in their order z, y, x, which fixes the summation order that
// squared_length() reproduces. Shared by the CPU and CUDA transforms.
constexpr std::array<EnvelopeLines, 3> distance_transform_passes(const Shape& s, const Spacing& h, bool periodic_xy) {
  return {EnvelopeLines{s.nz, s.slice_size(), s.slice_size(), s.slice_size(), 0, h.hz, false},
          EnvelopeLines{s.ny, s.nx, s.nz * s.nx, s.nx, s.slice_size(), h.hy, periodic_xy},
          EnvelopeLines{s.nx, 1, s.nz * s.ny, 1, s.nx, h.hx, periodic_xy}};
}

}  // namespace pf::analysis
