// Claim-4 metrics on a graded structure whose local thickness is known exactly.
#include <gtest/gtest.h>

#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/slits.hpp"
#include "analysis/metrics/surface_layers.hpp"

namespace pf::analysis {
namespace {

// 64 slices: the top 4 (= d/16) hold slits 9 voxels wide, the other 60 slits 3 voxels wide, with
// in-plane spacing 0.1 um and hz = 1 um (so no ball reaches from one layer into the next).
// A slit w voxels wide (odd) has its nearest solid (w + 1) / 2 voxels from its middle: local
// thickness (w + 1) hx everywhere in it, i.e. 1.0 um and 0.4 um.
struct Graded {
  Shape shape{64, 8, 40};
  Mask mask = slits(shape, {{0, 60, 3, 10}, {60, 64, 9, 20}});
  // Pore voxels: wide layer 4 slices x 8 rows x 2 slits x 9, narrow 60 x 8 x 4 x 3.
  double wide_voxels = 4.0 * 8 * 2 * 9, narrow_per_slice = 8.0 * 4 * 3;
};

TEST(SurfaceLayers, GradedSlitsTopHoldsClaim4) {
  const Graded g;
  const Spacing h{1.0, 0.1, 0.1};
  const SurfaceLayers layers = surface_layer_metrics(g.mask, local_thickness(g.mask, h));

  EXPECT_EQ(layers.top.layer_slices, 4);
  EXPECT_NEAR(layers.top.a_um, 1.0, 1e-9);
  EXPECT_NEAR(layers.top.b_um, 0.4, 1e-9);
  ASSERT_TRUE(layers.top.ratio.has_value());
  EXPECT_NEAR(*layers.top.ratio, 2.5, 1e-9);
  EXPECT_TRUE(layers.top.a_in_range && layers.top.b_in_range && layers.top.b_less_than_a);
  EXPECT_TRUE(layers.top.claim4_holds);

  // Bottom: small pores near the z = 0 face, the rest mixes 56 narrow slices and the wide layer.
  const double narrow = 56 * g.narrow_per_slice;
  EXPECT_NEAR(layers.bottom.a_um, 0.4, 1e-9);
  EXPECT_NEAR(layers.bottom.b_um, (narrow * 0.4 + g.wide_voxels * 1.0) / (narrow + g.wide_voxels), 1e-9);
  EXPECT_FALSE(layers.bottom.b_less_than_a);
  EXPECT_FALSE(layers.bottom.claim4_holds);
}

// The same structure 100 times larger: a = 100 um and b = 40 um leave the claimed ranges.
TEST(SurfaceLayers, RangesAreChecked) {
  const Graded g;
  const Spacing h{100.0, 10.0, 10.0};
  const SurfaceLayers layers = surface_layer_metrics(g.mask, local_thickness(g.mask, h));
  EXPECT_NEAR(layers.top.a_um, 100.0, 1e-7);
  EXPECT_FALSE(layers.top.a_in_range);
  EXPECT_FALSE(layers.top.b_in_range);
  EXPECT_TRUE(layers.top.b_less_than_a);
  EXPECT_FALSE(layers.top.claim4_holds);
}

// d/16 in slices, rounded, never less than one slice.
TEST(SurfaceLayers, LayerSlices) {
  EXPECT_EQ(surface_layer_slices(64), 4);
  EXPECT_EQ(surface_layer_slices(40), 3);  // 2.5 rounds up
  EXPECT_EQ(surface_layer_slices(16), 1);
  EXPECT_EQ(surface_layer_slices(1), 1);
}

}  // namespace
}  // namespace pf::analysis
