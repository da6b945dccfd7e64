// Through-holes and their shape classes on synthetic pores of known geometry.
#include <gtest/gtest.h>

#include "analysis/filters/label_components.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/pores_of_revolution.hpp"
#include "analysis/metrics/porosity.hpp"
#include "analysis/metrics/through_holes.hpp"
#include "analysis/metrics/tortuosity.hpp"

namespace pf::analysis {
namespace {

ThroughHoles holes_of(const Mask& m, const Spacing& h, int connectivity = 26) {
  const ComponentLabels cc = label_components(m, connectivity, true);
  return find_through_holes(m, cc.labels, cc.count, local_thickness(m, h));
}

std::int64_t count_pores(const Mask& m) {
  std::int64_t n = 0;
  for (auto v : m.data) n += v;
  return n;
}

// Four straight cylinders of radius 0.5 um (5 voxels in-plane) on an anisotropic grid.
// Compared against: the porosity from counting lattice points in a disk (done here, not by the
// generator), the diameter 1.0 um within one in-plane voxel, one straight through-hole each, and
// tau = 1 within 1 % (straight channels carry the open-slab flux per pore area).
TEST(ThroughHoles, StraightCylinders) {
  const Shape s{24, 40, 40};
  const Spacing h{0.5, 0.1, 0.1};
  const Mask m = cylinders(s, h, 0.5, {{1.0, 1.0}, {1.0, 3.0}, {3.0, 1.0}, {3.0, 3.0}});
  std::int64_t disk = 0;
  for (int j = -6; j <= 6; ++j)
    for (int i = -6; i <= 6; ++i) disk += (i * i + j * j <= 25);
  EXPECT_DOUBLE_EQ(porosity(m), 4.0 * double(disk) / double(s.slice_size()));

  const Field lt = local_thickness(m, h);
  for (std::int64_t i = 0; i < s.size(); ++i)
    if (m[i]) {
      ASSERT_NEAR(lt[i], 1.0, 0.1);
    }

  const ThroughHoles holes = holes_of(m, h);
  ASSERT_EQ(holes.items.size(), 4u);
  EXPECT_DOUBLE_EQ(holes.through_porosity_fraction, 1.0);
  for (const ThroughHole& hole : holes.items) {
    EXPECT_EQ(hole.shape, HoleShape::straight);
    EXPECT_EQ(hole.voxels, disk * s.nz);
    EXPECT_NEAR(hole.opening_top_um, 1.0, 0.1);
    EXPECT_NEAR(hole.opening_bottom_um, 1.0, 0.1);
    EXPECT_NEAR(hole.narrowest_um, 1.0, 0.1);
  }
  EXPECT_NEAR(tortuosity(m, h).tortuosity, 1.0, 0.01);
}

// A cone, radius 3 voxels at z = 0 widening to 12 at z = d: tapered, narrowest at the bottom,
// openings ordered like the radii.
TEST(ThroughHoles, ConeIsTapered) {
  const Spacing h{1.0, 1.0, 1.0};
  const Mask m = cone({32, 32, 32}, h, {16.0, 16.0}, 3.0, 12.0);
  const ThroughHoles holes = holes_of(m, h);
  ASSERT_EQ(holes.items.size(), 1u);
  const ThroughHole& hole = holes.items[0];
  EXPECT_EQ(hole.shape, HoleShape::tapered);
  EXPECT_LT(hole.narrowest_depth, 0.25);
  EXPECT_GT(hole.opening_top_um, 2.0 * hole.opening_bottom_um);
}

// Two cones meeting at mid-depth: hourglass, narrowest at depth 0.5 (within one slice) and
// smaller than both openings.
TEST(ThroughHoles, DoubleConeIsHourglass) {
  const Spacing h{1.0, 1.0, 1.0};
  const Mask m = double_cone({32, 32, 32}, h, {16.0, 16.0}, 11.0, 3.0);
  const ThroughHoles holes = holes_of(m, h);
  ASSERT_EQ(holes.items.size(), 1u);
  const ThroughHole& hole = holes.items[0];
  EXPECT_EQ(hole.shape, HoleShape::hourglass);
  EXPECT_NEAR(hole.narrowest_depth, 0.5, 1.0 / 32);
  EXPECT_LT(hole.narrowest_um, hole.opening_top_um);
  EXPECT_LT(hole.narrowest_um, hole.opening_bottom_um);
}

// Dead ends (open at one face only) are not through-holes; the through-porosity fraction is the
// straight cylinder's share of the pore voxels, counted here from the two separate masks.
TEST(ThroughHoles, DeadEndsAreNotThroughHoles) {
  const Shape s{20, 24, 24};
  const Spacing h{1.0, 1.0, 1.0};
  const Mask through = cylinders(s, h, 3.0, {{6.0, 6.0}});
  const Mask top = dead_end(s, h, {18.0, 18.0}, 3.0, 0.5, true);
  const Mask bottom = dead_end(s, h, {6.0, 18.0}, 3.0, 0.5, false);
  Mask all(s, 0);
  for (std::int64_t i = 0; i < s.size(); ++i) all[i] = through[i] | top[i] | bottom[i];
  EXPECT_TRUE(holes_of(top, h).items.empty());
  const ThroughHoles holes = holes_of(all, h);
  ASSERT_EQ(holes.items.size(), 1u);
  EXPECT_DOUBLE_EQ(holes.through_porosity_fraction, double(count_pores(through)) / double(count_pores(all)));
}

// A through-cylinder across the periodic x boundary is one straight through-hole.
TEST(ThroughHoles, PoreAcrossPeriodicBoundary) {
  const Spacing h{1.0, 1.0, 1.0};
  const ThroughHoles holes = holes_of(cylinders({12, 20, 20}, h, 4.0, {{10.0, 0.5}}), h);
  ASSERT_EQ(holes.items.size(), 1u);
  EXPECT_EQ(holes.items[0].shape, HoleShape::straight);
}

// The rule itself on hand-made profiles (bottom to top), thresholds as documented.
TEST(ThroughHoles, ShapeRuleOnProfiles) {
  EXPECT_EQ(classify_hole_shape({1.0, 1.0, 1.1, 1.0}), HoleShape::straight);    // openings within 20 %
  EXPECT_EQ(classify_hole_shape({1.0, 1.3, 1.6, 2.0}), HoleShape::tapered);     // narrowest at a face
  EXPECT_EQ(classify_hole_shape({3.0, 2.0, 1.0, 1.0, 2.0, 3.0}), HoleShape::hourglass);
  EXPECT_EQ(classify_hole_shape({3.0, 1.0, 2.0, 2.5, 2.8, 3.0, 3.0, 3.0}), HoleShape::tapered);  // neck at 1.5/8
  EXPECT_EQ(classify_hole_shape({3.0, 2.0, 1.0, 1.0, 1.1}), HoleShape::tapered);  // only one opening is large
  EXPECT_DOUBLE_EQ(narrowest_depth({3.0, 2.0, 1.0, 1.0, 2.0, 3.0}), 0.5);
}

}  // namespace
}  // namespace pf::analysis
