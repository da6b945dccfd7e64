// The CUDA local thickness's algorithm (analysis/filters/ball_geometry.hpp), run serially on the
// CPU so it is checked on every machine, not only where a GPU is: maximal centres, ball rows,
// max painting must reproduce local_thickness (itself checked against the definition by brute
// force in test_local_thickness.cpp) exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "analysis/filters/ball_geometry.hpp"
#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/spheres.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

// What the paint_balls kernel computes, with `workers` sharing each ball's rows as its warps do.
Field painted_by_rows(const Mask& m, const Spacing& h, bool periodic, std::int64_t workers) {
  const Shape s = m.shape;
  const Field d2 = squared_distance_transform(m, h, periodic);
  Field best(s, 0.0);
  for (std::int64_t c = 0; c < s.size(); ++c) {
    const std::int64_t z = c / s.slice_size(), y = (c / s.nx) % s.ny, x = c % s.nx;
    if (!m[c] || inside_a_neighbour_ball(d2.data.data(), s, h, z, y, x, periodic)) continue;
    for (std::int64_t w = 0; w < workers; ++w)
      for_each_ball_row(s, h, periodic, z, y, x, d2[c], w, workers,
                        [&](std::int64_t zz, std::int64_t yy, std::int64_t lo, std::int64_t hi) {
                          for (std::int64_t xx = lo; xx <= hi; ++xx) {
                            double& v = best(zz, yy, wrap_index(xx, s.nx));
                            v = std::max(v, d2[c]);
                          }
                        });
  }
  for (double& v : best.data) v = 2.0 * std::sqrt(v);
  return best;
}

TEST(BallGeometry, PaintingMaximalBallsByRowsIsLocalThickness) {
  const Spacing spacings[] = {{1.0, 1.0, 1.0}, {1.5, 0.75, 1.25}, {0.3, 0.7, 1.1}};
  std::uint32_t seed = 700;
  for (const Spacing& h : spacings)
    for (const bool periodic : {false, true}) {
      std::vector<Mask> masks = {testing::random_mask({6, 9, 10}, 0.8, seed++), testing::random_mask({1, 12, 5}, 0.9, seed++)};
      std::mt19937 rng(seed++);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      std::vector<Point> centres;
      for (int k = 0; k < 6; ++k) centres.push_back({u(rng) * 12 * h.hz, u(rng) * 14 * h.hy, u(rng) * 13 * h.hx});
      masks.push_back(spheres({12, 14, 13}, h, centres, 5.0 * h.hy));  // balls wider than half the box
      for (const Mask& m : masks) {
        const Field reference = local_thickness(m, h, periodic);
        for (const std::int64_t workers : {1, 4}) {
          const Field painted = painted_by_rows(m, h, periodic, workers);
          for (std::int64_t i = 0; i < m.shape.size(); ++i)
            ASSERT_EQ(reference[i], painted[i]) << "voxel " << i << " periodic " << periodic << " workers " << workers;
        }
      }
    }
}

// Dropping a centre is only an economy, so a doubtful case must be kept: radii sqrt(2) and
// 2 sqrt(2) one diagonal step (sqrt(2)) apart are a containment tie that rounding could decide
// either way; the margin keeps it (painting that ball too leaves the result unchanged).
TEST(BallGeometry, BallInsideBallNeedsAMargin) {
  EXPECT_TRUE(ball_inside_ball(1.0, 9.0, 1.0));    // r = 1 inside r = 3 one step away
  EXPECT_FALSE(ball_inside_ball(4.0, 9.0, 1.5));   // 3 - 2 < 1.5
  EXPECT_FALSE(ball_inside_ball(9.0, 9.0, 0.0));   // equal balls: not strictly larger
  EXPECT_FALSE(ball_inside_ball(2.0, 8.0, std::sqrt(2.0)));  // a tie is kept (painted twice, same result)
}

}  // namespace
}  // namespace pf::analysis
