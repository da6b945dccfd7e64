// Local thickness against its definition (brute force) and against shapes of known size.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/pores_of_revolution.hpp"
#include "analysis/generators/spheres.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

using testing::axis_offset;
using testing::random_mask;

// Squared physical distance between the centres of voxels a and b (minimum image when periodic),
// summed in the order the library documents (x + (y + z)).
double squared_distance(const Shape& s, const Spacing& h, bool periodic_xy, std::int64_t a, std::int64_t b) {
  const double dz = double(axis_offset(a / s.slice_size(), b / s.slice_size(), s.nz, false)) * h.hz;
  const double dy = double(axis_offset((a / s.nx) % s.ny, (b / s.nx) % s.ny, s.ny, periodic_xy)) * h.hy;
  const double dx = double(axis_offset(a % s.nx, b % s.nx, s.nx, periodic_xy)) * h.hx;
  return dx * dx + (dy * dy + dz * dz);
}

// The definition, literally: 2 max { r(c) : |v - c| < r(c) } over all pore centres c, with r(c)
// from the distance transform (tested against its own brute force elsewhere).
Field brute_force_local_thickness(const Mask& m, const Spacing& h, bool periodic_xy) {
  const Shape s = m.shape;
  const Field r2 = squared_distance_transform(m, h, periodic_xy);
  Field out(s, 0.0);
  for (std::int64_t v = 0; v < s.size(); ++v) {
    if (!m[v]) continue;
    double best = 0.0;
    for (std::int64_t c = 0; c < s.size(); ++c)
      if (m[c] && squared_distance(s, h, periodic_xy, v, c) < r2[c]) best = std::max(best, r2[c]);
    out[v] = 2.0 * std::sqrt(best);
  }
  return out;
}

// Compares with the brute-force definition on random masks and on random overlapping spheres
// (larger balls, where dropping non-maximal centres matters). Spacings are binary fractions so
// that the "strictly inside" test has no rounding ties: the results must be identical.
TEST(LocalThickness, EqualsDefinitionByBruteForce) {
  const Spacing spacings[] = {{1.0, 1.0, 1.0}, {1.5, 0.75, 1.25}};
  std::uint32_t seed = 11;
  for (const Spacing& h : spacings)
    for (const bool periodic : {false, true}) {
      const Mask noise = random_mask({6, 9, 10}, 0.75, seed++);
      std::mt19937 rng(seed++);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      std::vector<Point> centres;
      for (int k = 0; k < 6; ++k) centres.push_back({u(rng) * 12 * h.hz, u(rng) * 14 * h.hy, u(rng) * 13 * h.hx});
      const Mask balls = spheres({12, 14, 13}, h, centres, 3.0 * h.hy);
      for (const Mask* m : {&noise, &balls}) {
        const Field fast = local_thickness(*m, h, periodic);
        const Field slow = brute_force_local_thickness(*m, h, periodic);
        for (std::int64_t i = 0; i < m->shape.size(); ++i) ASSERT_EQ(fast[i], slow[i]) << "voxel " << i;
      }
    }
}

// With spacings that are not binary fractions the EDT's lower envelope may choose, between two
// near-tied sites, one an ulp above the true minimum, so a ball can reach a solid voxel by that ulp.
// Solid voxels must still read 0 and pore voxels the definition. (This mask and spacing made the
// implementation before the discrete containment test paint solid voxel 718.)
TEST(LocalThickness, SolidStaysZeroWhenTheEdtIsAnUlpHigh) {
  const Spacing h{0.3, 0.7, 1.1};
  const Mask m = random_mask({10, 12, 14}, 0.9, 1);
  const Field fast = local_thickness(m, h, false);
  const Field slow = brute_force_local_thickness(m, h, false);
  for (std::int64_t i = 0; i < m.shape.size(); ++i) ASSERT_EQ(fast[i], slow[i]) << "voxel " << i;
}

// Larger balls than the brute force can afford: every pore voxel is a centre (no pruning), each
// ball painted over its bounding box with the definition's predicate, minimum-image offsets when
// periodic. Overlapping spheres of two sizes (radii up to 7 voxels, wider than half a small box
// side) on anisotropic binary-fraction spacings: the fast algorithm must give identical values.
Field painted_local_thickness(const Mask& m, const Spacing& h, bool periodic_xy) {
  const Shape s = m.shape;
  const Field r2 = squared_distance_transform(m, h, periodic_xy);
  Field best(s, 0.0);
  for (std::int64_t c = 0; c < s.size(); ++c) {
    if (!m[c]) continue;
    const std::int64_t cz = c / s.slice_size(), reach = std::int64_t(std::sqrt(r2[c]) / h.hz) + 1;
    for (std::int64_t z = std::max<std::int64_t>(0, cz - reach); z <= std::min(s.nz - 1, cz + reach); ++z)
      for (std::int64_t v = s.index(z, 0, 0); v < s.index(z + 1, 0, 0); ++v)
        if (squared_distance(s, h, periodic_xy, v, c) < r2[c]) best[v] = std::max(best[v], r2[c]);
  }
  for (double& v : best.data) v = 2.0 * std::sqrt(v);
  return best;
}

TEST(LocalThickness, EqualsBallPaintingOnLargerBalls) {
  const Shape s{26, 22, 24};
  const Spacing spacings[] = {{1.0, 1.0, 1.0}, {0.75, 1.0, 1.25}};
  std::uint32_t seed = 101;
  for (const Spacing& h : spacings)
    for (const bool periodic : {true, false}) {
      std::mt19937 rng(seed++);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      std::vector<Point> big, small;
      for (int k = 0; k < 3; ++k) big.push_back({u(rng) * 26 * h.hz, u(rng) * 22 * h.hy, u(rng) * 24 * h.hx});
      for (int k = 0; k < 8; ++k) small.push_back({u(rng) * 26 * h.hz, u(rng) * 22 * h.hy, u(rng) * 24 * h.hx});
      const Mask a = spheres(s, h, big, 7.0), b = spheres(s, h, small, 3.5);
      Mask m(s, 0);
      for (std::int64_t i = 0; i < s.size(); ++i) m[i] = a[i] | b[i];
      const Field fast = local_thickness(m, h, periodic), slow = painted_local_thickness(m, h, periodic);
      for (std::int64_t i = 0; i < s.size(); ++i) ASSERT_EQ(fast[i], slow[i]) << "voxel " << i;
    }
}

// A sphere of radius R: every pore voxel's local thickness is the diameter 2R within one voxel.
TEST(LocalThickness, SphereGivesDiameter) {
  const Spacing h{1.0, 1.0, 1.0};
  const Mask m = spheres({25, 25, 25}, h, {{12.0, 12.0, 12.0}}, 7.0);
  const Field lt = local_thickness(m, h);
  for (std::int64_t i = 0; i < m.shape.size(); ++i)
    if (m[i]) {
      ASSERT_NEAR(lt[i], 14.0, 1.0);
    }
}

// Anisotropic spacing: a sphere of physical radius 1.5 um on a 0.5 x 0.25 x 0.25 um grid is 3.0 um
// across, within the coarsest voxel (0.5 um).
TEST(LocalThickness, AnisotropicSpacingGivesPhysicalDiameter) {
  const Spacing h{0.5, 0.25, 0.25};
  const Mask m = spheres({12, 20, 20}, h, {{3.0, 2.5, 2.5}}, 1.5);
  const Field lt = local_thickness(m, h);
  for (std::int64_t i = 0; i < m.shape.size(); ++i)
    if (m[i]) {
      ASSERT_NEAR(lt[i], 3.0, 0.5);
    }
}

// A cylinder that wraps across the periodic x boundary has the same local thickness as the same
// cylinder in the middle of the box, shifted back: periodic distances make the result
// translation-invariant. It is also 2r within one voxel.
TEST(LocalThickness, PoreAcrossPeriodicBoundary) {
  const Shape s{8, 24, 24};
  const Spacing h{1.0, 1.0, 1.0};
  const Mask wrapped = cylinders(s, h, 5.0, {{12.0, 0.0}});
  const Mask centred = cylinders(s, h, 5.0, {{12.0, 12.0}});
  const Field a = local_thickness(wrapped, h), b = local_thickness(centred, h);
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        ASSERT_EQ(a(z, y, x), b(z, y, (x + 12) % s.nx));
        if (wrapped(z, y, x)) {
      ASSERT_NEAR(a(z, y, x), 10.0, 1.0);
    }
      }
}

// No solid at all: bounded by the box only (documented): the thickness d, or the smallest box
// length without periodic x/y. No pore at all: zeros.
TEST(LocalThickness, AllPoreAndNoPore) {
  const Shape s{4, 6, 10};
  const Spacing h{0.5, 0.2, 0.2};
  for (double v : local_thickness(Mask(s, 1), h, true).data) EXPECT_DOUBLE_EQ(v, 2.0);
  for (double v : local_thickness(Mask(s, 1), h, false).data) EXPECT_DOUBLE_EQ(v, 1.2);
  for (double v : local_thickness(Mask(s, 0), h, true).data) EXPECT_EQ(v, 0.0);
}

}  // namespace
}  // namespace pf::analysis
