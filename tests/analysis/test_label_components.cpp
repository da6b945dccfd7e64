// Connected-component labelling against a breadth-first flood fill.
#include <gtest/gtest.h>

#include <queue>

#include "analysis/filters/label_components.hpp"
#include "analysis/generators/pores_of_revolution.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

using testing::random_mask;

// Flood fill, components numbered in the order their first voxel appears in memory: the same
// numbering label_components promises, so the arrays must be identical.
Labels flood_fill(const Mask& m, int connectivity, bool periodic_xy) {
  const Shape s = m.shape;
  Labels out(s, 0);
  std::int32_t next = 0;
  for (std::int64_t seed = 0; seed < s.size(); ++seed) {
    if (!m[seed] || out[seed]) continue;
    out[seed] = ++next;
    std::queue<std::int64_t> todo;
    todo.push(seed);
    while (!todo.empty()) {
      const std::int64_t v = todo.front();
      todo.pop();
      const std::int64_t z = v / s.slice_size(), y = (v / s.nx) % s.ny, x = v % s.nx;
      for (int dz = -1; dz <= 1; ++dz)
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int steps = std::abs(dz) + std::abs(dy) + std::abs(dx);
            if (steps == 0 || (connectivity == 6 && steps != 1)) continue;
            std::int64_t zz = z + dz, yy = y + dy, xx = x + dx;
            if (zz < 0 || zz >= s.nz) continue;
            if (periodic_xy) {
              yy = (yy + s.ny) % s.ny;
              xx = (xx + s.nx) % s.nx;
            }
            if (yy < 0 || yy >= s.ny || xx < 0 || xx >= s.nx) continue;
            const std::int64_t w = s.index(zz, yy, xx);
            if (m[w] && !out[w]) {
              out[w] = next;
              todo.push(w);
            }
          }
    }
  }
  return out;
}

TEST(LabelComponents, EqualsFloodFillOnRandomMasks) {
  std::uint32_t seed = 100;
  // Rows of 1 and 2 voxels wrap onto themselves (x, and y with ny = 1 or 2); dense masks (0.7)
  // make long runs along x; 40 planes make several slabs of planes joined in parallel.
  for (const Shape s : {Shape{6, 7, 8}, Shape{1, 9, 9}, Shape{5, 2, 11}, Shape{4, 5, 2}, Shape{4, 6, 1},
                        Shape{3, 1, 7}, Shape{40, 3, 4}})
    for (const double p : {0.25, 0.45, 0.7})
      for (const int conn : {6, 26})
        for (const bool periodic : {false, true}) {
          const Mask m = random_mask(s, p, seed++);
          const ComponentLabels cc = label_components(m, conn, periodic);
          const Labels ref = flood_fill(m, conn, periodic);
          ASSERT_EQ(cc.labels.data, ref.data) << "connectivity " << conn << " periodic " << periodic;
          std::int32_t largest = 0;
          for (auto l : ref.data) largest = std::max(largest, l);
          EXPECT_EQ(cc.count, largest);
        }
}

// Two voxels touching only at a corner: one component with 26-connectivity, two with 6.
TEST(LabelComponents, ConnectivityChoice) {
  Mask m(Shape{2, 2, 2}, 0);
  m(0, 0, 0) = 1;
  m(1, 1, 1) = 1;
  EXPECT_EQ(label_components(m, 26, false).count, 1);
  EXPECT_EQ(label_components(m, 6, false).count, 2);
  EXPECT_THROW(label_components(m, 18), AnalysisError);
}

// A cylinder centred on x = 0 is cut in two by the box; periodic x joins it into one.
TEST(LabelComponents, PoreAcrossPeriodicBoundaryIsOneComponent) {
  const Mask m = cylinders({6, 16, 16}, {1.0, 1.0, 1.0}, 3.0, {{8.0, 0.0}});
  EXPECT_EQ(label_components(m, 26, true).count, 1);
  EXPECT_EQ(label_components(m, 6, true).count, 1);
  EXPECT_EQ(label_components(m, 26, false).count, 2);
}

}  // namespace
}  // namespace pf::analysis
