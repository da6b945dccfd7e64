// Distance transform against a brute-force all-pairs reference.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/lower_envelope.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

using testing::axis_offset;
using testing::random_mask;

// O(N^2): squared distance from every pore voxel to every solid voxel, minimum kept.
Field brute_force_squared_edt(const Mask& m, const Spacing& h, bool periodic_xy) {
  const Shape s = m.shape;
  Field out(s, std::numeric_limits<double>::infinity());
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        if (!m(z, y, x)) {
          out(z, y, x) = 0.0;
          continue;
        }
        for (std::int64_t zz = 0; zz < s.nz; ++zz)
          for (std::int64_t yy = 0; yy < s.ny; ++yy)
            for (std::int64_t xx = 0; xx < s.nx; ++xx) {
              if (m(zz, yy, xx)) continue;
              const double dz = double(axis_offset(z, zz, s.nz, false)) * h.hz;
              const double dy = double(axis_offset(y, yy, s.ny, periodic_xy)) * h.hy;
              const double dx = double(axis_offset(x, xx, s.nx, periodic_xy)) * h.hx;
              out(z, y, x) = std::min(out(z, y, x), dz * dz + dy * dy + dx * dx);
            }
      }
  return out;
}

void expect_equal_to_brute_force(const Mask& m, const Spacing& h, bool periodic_xy) {
  const Field fast = squared_distance_transform(m, h, periodic_xy);
  const Field slow = brute_force_squared_edt(m, h, periodic_xy);
  for (std::int64_t i = 0; i < m.shape.size(); ++i) {
    if (std::isinf(slow[i])) {
      EXPECT_TRUE(std::isinf(fast[i])) << "voxel " << i;
      continue;
    }
    ASSERT_NEAR(fast[i], slow[i], 1e-12 * std::max(1.0, slow[i])) << "voxel " << i;
  }
}

struct Case {
  Shape shape;
  double pore_probability;
};

// Compares with the brute-force reference on random masks: dense and sparse solid (the sparse
// ones leave whole lines without solid), odd/even and unit sizes, isotropic and anisotropic
// spacing, with and without periodic x/y.
TEST(DistanceTransform, EqualsBruteForceOnRandomMasks) {
  const Case cases[] = {{{7, 9, 11}, 0.6}, {{6, 8, 5}, 0.97}, {{1, 10, 12}, 0.8}, {{9, 1, 13}, 0.7}, {{4, 5, 1}, 0.5}};
  const Spacing spacings[] = {{1.0, 1.0, 1.0}, {1.3, 0.7, 1.1}, {0.25, 2.0, 0.6}};
  std::uint32_t seed = 1;
  for (const Case& c : cases)
    for (const Spacing& h : spacings)
      for (const bool periodic : {false, true}) {
        SCOPED_TRACE(::testing::Message() << "shape " << c.shape.nz << "x" << c.shape.ny << "x" << c.shape.nx
                                          << " periodic " << periodic << " h " << h.hz << "," << h.hy << ","
                                          << h.hx);
        expect_equal_to_brute_force(random_mask(c.shape, c.pore_probability, seed++), h, periodic);
      }
}

// The CPU transform sweeps the first (z) pass over whole planes instead of running the lower
// envelope per line; the CUDA transform and the local thickness's exact-comparison tests rely on
// the result being the envelope's to the last bit. Reference: all three passes by lower_envelope
// (checked against brute force above), on masks with lines without solid, anisotropic spacings.
TEST(DistanceTransform, BitIdenticalToTheEnvelopeInEveryPass) {
  const Spacing spacings[] = {{1.3, 0.7, 1.1}, {0.3, 0.7, 1.1}, {1.0, 1.0, 1.0}};
  std::uint32_t seed = 40;
  for (const Spacing& h : spacings)
    for (const bool periodic : {false, true}) {
      const Mask m = random_mask({23, 9, 11}, 0.9, seed++);
      const Shape s = m.shape;
      Field reference(s);
      for (std::int64_t i = 0; i < s.size(); ++i) reference[i] = m[i] ? std::numeric_limits<double>::infinity() : 0.0;
      for (const EnvelopeLines& pass : distance_transform_passes(s, h, periodic)) {
        std::vector<double> in(std::size_t(pass.n)), out(std::size_t(pass.n)), boundary(std::size_t(envelope_sites(pass.n, pass.periodic) + 1));
        std::vector<std::int64_t> site(std::size_t(envelope_sites(pass.n, pass.periodic)));
        for (std::int64_t l = 0; l < pass.lines; ++l) {
          for (std::int64_t i = 0; i < pass.n; ++i) in[std::size_t(i)] = reference[pass.start(l) + i * pass.stride];
          lower_envelope(in.data(), pass.n, pass.h, pass.periodic, site.data(), boundary.data(), out.data());
          for (std::int64_t i = 0; i < pass.n; ++i) reference[pass.start(l) + i * pass.stride] = out[std::size_t(i)];
        }
      }
      const Field fast = squared_distance_transform(m, h, periodic);
      for (std::int64_t i = 0; i < s.size(); ++i) ASSERT_EQ(fast[i], reference[i]) << "voxel " << i << " periodic " << periodic;
    }
}

// The nearest solid across the periodic x boundary: a single solid voxel at x = 0 is one step
// away from x = nx - 1 when x wraps, nx - 1 steps away when it does not.
TEST(DistanceTransform, WrapsAcrossPeriodicX) {
  Mask m(Shape{1, 1, 10}, 1);
  m(0, 0, 0) = 0;
  const Spacing h{1.0, 1.0, 0.5};
  EXPECT_DOUBLE_EQ(distance_transform(m, h, true)(0, 0, 9), 0.5);
  EXPECT_DOUBLE_EQ(distance_transform(m, h, false)(0, 0, 9), 4.5);
}

// Without any solid voxel there is nothing to measure to: +inf by definition.
TEST(DistanceTransform, NoSolidGivesInfinity) {
  const Field d = distance_transform(Mask(Shape{3, 4, 5}, 1), Spacing{});
  for (double v : d.data) EXPECT_TRUE(std::isinf(v));
}

TEST(DistanceTransform, RejectsInvalidInput) {
  Mask m(Shape{2, 2, 2}, 1);
  m[3] = 2;
  EXPECT_THROW(distance_transform(m, Spacing{}), AnalysisError);
  EXPECT_THROW(distance_transform(Mask(Shape{2, 2, 2}, 1), Spacing{0.0, 1.0, 1.0}), AnalysisError);
  EXPECT_THROW(Mask(Shape{-2, 4, 4}), AnalysisError);
}

}  // namespace
}  // namespace pf::analysis
