// The CUDA local thickness's algorithm (analysis/filters/ball_geometry.hpp, ball_containment.hpp),
// run serially on the CPU so it is checked on every machine, not only where a GPU is: maximal
// centres selected from the device's inputs, ball rows, max painting must reproduce
// local_thickness (itself checked against the definition by brute force in
// test_local_thickness.cpp) exactly, and the containment test must match a brute-force test on
// the voxel sets of the balls.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "analysis/filters/ball_containment.hpp"
#include "analysis/filters/ball_geometry.hpp"
#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/spheres.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

// The centres the device selects, from its inputs: the distinct radii by sort and unique (as
// thrust does), the tables as flat arrays, each voxel's ball index by binary search. In index order.
std::vector<Centre> device_style_centres(const Mask& m, const Field& d2, const Spacing& h, bool periodic) {
  const Shape s = m.shape;
  std::vector<double> radii2;
  for (std::int64_t i = 0; i < s.size(); ++i)
    if (m[i]) radii2.push_back(d2[i]);
  std::sort(radii2.begin(), radii2.end(), std::greater<>());
  radii2.erase(std::unique(radii2.begin(), radii2.end()), radii2.end());
  const BallTable balls(radii2, h);
  const std::vector<double> need = containment_need(balls, h);
  std::vector<Centre> centres;
  for (std::int64_t c = 0; c < s.size(); ++c) {
    if (!m[c]) continue;
    const std::int32_t k = ball_index(radii2.data(), std::int32_t(radii2.size()), d2[c]);
    EXPECT_EQ(radii2[std::size_t(k)], d2[c]);
    const std::int64_t z = c / s.slice_size(), y = (c / s.nx) % s.ny, x = c % s.nx;
    if (!inside_a_neighbour_discrete_ball(d2.data.data(), need.data(), k, s, z, y, x, periodic)) centres.push_back({c, k});
  }
  return centres;
}

// Random masks (an odd and a flat shape) and overlapping spheres wider than half the box, sized
// in voxels of spacing h.
std::vector<Mask> test_masks(const Spacing& h, std::uint32_t& seed) {
  std::vector<Mask> masks = {testing::random_mask({6, 9, 10}, 0.8, seed++), testing::random_mask({1, 12, 5}, 0.9, seed++)};
  std::mt19937 rng(seed++);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Point> centres;
  for (int k = 0; k < 6; ++k) centres.push_back({u(rng) * 12 * h.hz, u(rng) * 14 * h.hy, u(rng) * 13 * h.hx});
  masks.push_back(spheres({12, 14, 13}, h, centres, 5.0 * h.hy));
  return masks;
}

// The cases of the tests below, as visit(mask, spacing, periodic): isotropic and anisotropic
// spacings, periodic or not, random masks (an odd and a flat shape) and overlapping spheres wider
// than half the box.
template <class Visit>
void for_each_case(std::uint32_t seed, Visit&& visit) {
  const Spacing spacings[] = {{1.0, 1.0, 1.0}, {1.5, 0.75, 1.25}, {0.3, 0.7, 1.1}};
  for (const Spacing& h : spacings)
    for (const bool periodic : {false, true})
      for (const Mask& m : test_masks(h, seed)) visit(m, h, periodic);
}

// What the paint_balls kernel computes, with `workers` sharing each ball's rows as its warps do;
// with `skip_covered`, each centre leaves out the parts of its ball that higher-ranking
// neighbours cover (parts_covered_by_neighbours). `spans` counts the row spans painted.
Field painted_by_rows(const Mask& m, const Spacing& h, bool periodic, std::int64_t workers, bool skip_covered = false,
                      std::int64_t* spans = nullptr) {
  const Shape s = m.shape;
  const Field d2 = squared_distance_transform(m, h, periodic);
  Field best(s, 0.0);
  for (const Centre& centre : device_style_centres(m, d2, h, periodic)) {
    const std::int64_t c = centre.index, z = c / s.slice_size(), y = (c / s.nx) % s.ny, x = c % s.nx;
    const std::uint32_t covered = skip_covered ? parts_covered_by_neighbours(d2.data.data(), s, z, y, x, periodic) : 0u;
    for (std::int64_t w = 0; w < workers; ++w)
      for_each_uncovered_ball_row(s, h, periodic, z, y, x, d2[c], covered, w, workers,
                                  [&](std::int64_t zz, std::int64_t yy, std::int64_t lo, std::int64_t hi) {
                                    if (spans) ++*spans;
                                    for (std::int64_t xx = lo; xx <= hi; ++xx) {
                                      double& v = best(zz, yy, wrap_index(xx, s.nx));
                                      v = std::max(v, d2[c]);
                                    }
                                  });
  }
  // Solid voxels are 0 (a ball may reach one by the EDT's last ulp; local_thickness.cpp).
  for (std::int64_t i = 0; i < s.size(); ++i) best[i] = m[i] ? 2.0 * std::sqrt(best[i]) : 0.0;
  return best;
}

TEST(BallGeometry, PaintingMaximalBallsByRowsIsLocalThickness) {
  for_each_case(700, [](const Mask& m, const Spacing& h, bool periodic) {
    const Field reference = local_thickness(m, h, periodic);
    for (const std::int64_t workers : {1, 4}) {
      const Field painted = painted_by_rows(m, h, periodic, workers);
      for (std::int64_t i = 0; i < m.shape.size(); ++i)
        ASSERT_EQ(reference[i], painted[i]) << "voxel " << i << " periodic " << periodic << " workers " << workers;
    }
  });
}

// The device kernel's row skipping: painting only the parts of each ball that no higher-ranking
// neighbour covers gives the same field, voxel for voxel, with fewer row spans.
TEST(BallGeometry, SkippingCoveredPartsIsStillLocalThickness) {
  std::int64_t whole = 0, uncovered = 0;
  for_each_case(800, [&](const Mask& m, const Spacing& h, bool periodic) {
    const Field reference = local_thickness(m, h, periodic);
    painted_by_rows(m, h, periodic, 1, false, &whole);
    for (const std::int64_t workers : {1, 4}) {
      const Field painted = painted_by_rows(m, h, periodic, workers, true, workers == 1 ? &uncovered : nullptr);
      for (std::int64_t i = 0; i < m.shape.size(); ++i)
        ASSERT_EQ(reference[i], painted[i]) << "voxel " << i << " periodic " << periodic << " workers " << workers;
    }
  });
  RecordProperty("spans_whole_balls", std::to_string(whole));
  RecordProperty("spans_uncovered_parts", std::to_string(uncovered));
  EXPECT_LT(uncovered, whole * 3 / 4) << "spans: " << uncovered << " of " << whole;  // the skip must skip
}

// The device's centre set (its own radii list, binary-searched ball indices, flat need table)
// is the CPU filter's (hashed ball indices, maximal_centres_by_plane), ball indices included.
TEST(BallContainment, DeviceStyleCentresAreTheCpuFiltersCentres) {
  std::int64_t pore_voxels = 0, centres_kept = 0;
  for_each_case(900, [&](const Mask& m, const Spacing& h, bool periodic) {
    const Field d2 = squared_distance_transform(m, h, periodic);
    const std::vector<Centre> device = device_style_centres(m, d2, h, periodic);
    const BallTable balls(distinct_pore_radii2(m, d2), h);
    std::vector<Centre> cpu;
    for (const auto& plane : maximal_centres_by_plane(m, d2, balls, containment_need(balls, h), periodic))
      cpu.insert(cpu.end(), plane.begin(), plane.end());
    std::sort(cpu.begin(), cpu.end(), [](const Centre& a, const Centre& b) { return a.index < b.index; });
    ASSERT_EQ(device.size(), cpu.size()) << "periodic " << periodic;
    for (std::size_t i = 0; i < cpu.size(); ++i) {
      ASSERT_EQ(device[i].index, cpu[i].index) << "periodic " << periodic;
      ASSERT_EQ(device[i].ball, cpu[i].ball) << "voxel " << cpu[i].index;
    }
    pore_voxels += std::count(m.data.begin(), m.data.end(), std::uint8_t(1));
    centres_kept += std::int64_t(cpu.size());
  });
  // The test would pass trivially if no centre were dropped or all were.
  EXPECT_GT(centres_kept, 0);
  EXPECT_LT(centres_kept, pore_voxels / 2);
}

// The containment predicate against its definition on the voxel sets: ball c (the offsets u with
// squared_length(u) < r2(c)) lies inside the ball of neighbour c + e when every u has
// squared_length(u - e) < r2(c + e). Checked over every offset of every ball, not through the
// row-end argument that builds the need table.
TEST(BallContainment, PredicateIsTheVoxelSetContainment) {
  std::int64_t inside = 0, outside = 0;
  for_each_case(1100, [&](const Mask& m, const Spacing& h, bool periodic) {
    const Shape s = m.shape;
    const Field d2 = squared_distance_transform(m, h, periodic);
    const BallTable balls(distinct_pore_radii2(m, d2), h);
    const std::vector<double> need = containment_need(balls, h);
    for (std::int64_t c = 0; c < s.size(); ++c) {
      if (!m[c]) continue;
      const std::int64_t z = c / s.slice_size(), y = (c / s.nx) % s.ny, x = c % s.nx;
      const double r2 = d2[c];
      const std::int64_t mz = std::int64_t(std::sqrt(r2) / h.hz) + 1, my = std::int64_t(std::sqrt(r2) / h.hy) + 1,
                         mx = std::int64_t(std::sqrt(r2) / h.hx) + 1;
      bool expected = false;
      for (std::int64_t ez = -1; ez <= 1; ++ez)
        for (std::int64_t ey = -1; ey <= 1; ++ey)
          for (std::int64_t ex = -1; ex <= 1; ++ex) {
            const std::int64_t n = neighbour_index(s, z, y, x, ez, ey, ex, periodic);
            if (!(ez || ey || ex) || n < 0) continue;
            bool contained = true;
            for (std::int64_t uz = -mz; uz <= mz && contained; ++uz)
              for (std::int64_t uy = -my; uy <= my && contained; ++uy)
                for (std::int64_t ux = -mx; ux <= mx && contained; ++ux)
                  if (squared_length(uz, uy, ux, h) < r2) contained = squared_length(uz - ez, uy - ey, ux - ex, h) < d2[n];
            expected = expected || contained;
          }
      const std::int32_t k = ball_index(balls.r2.data(), std::int32_t(balls.r2.size()), r2);
      ASSERT_EQ(inside_a_neighbour_discrete_ball(d2.data.data(), need.data(), k, s, z, y, x, periodic), expected)
          << "voxel " << c << " periodic " << periodic;
      ++(expected ? inside : outside);
    }
  });
  EXPECT_GT(inside, 0);
  EXPECT_GT(outside, 0);
}

}  // namespace
}  // namespace pf::analysis
