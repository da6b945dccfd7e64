// The through-hole skeleton (metrics/hole_skeleton.hpp) on pores whose centre lines are known by
// construction: disks about lattice points are symmetric, so their centroids are those points
// exactly, whatever the periodic wrap.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/filters/label_components.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/pores_of_revolution.hpp"
#include "analysis/metrics/hole_skeleton.hpp"

namespace pf::analysis {
namespace {

struct Analysed {
  ThroughHoles holes;
  HoleSkeleton skeleton;
};

Analysed analyse(const Mask& m, bool periodic = true, int connectivity = 26) {
  const Spacing h{1.0, 1.0, 1.0};
  const ComponentLabels cc = label_components(m, connectivity, periodic);
  const Field lt = local_thickness(m, h, periodic);
  Analysed a;
  a.holes = find_through_holes(m, cc.labels, cc.count, lt);
  a.skeleton = hole_skeleton(cc.labels, a.holes, lt, connectivity, periodic);
  return a;
}

// Sets a disk of radius r (voxels) about the lattice point (y, x) in slice k, wrapping in x/y.
void disk(Mask& m, std::int64_t k, std::int64_t y, std::int64_t x, std::int64_t r) {
  for (std::int64_t dy = -r; dy <= r; ++dy)
    for (std::int64_t dx = -r; dx <= r; ++dx)
      if (dx * dx + dy * dy <= r * r) m(k, wrap_index(y + dy, m.shape.ny), wrap_index(x + dx, m.shape.nx)) = 1;
}

// A slanted hole: in slice k a disk of radius 2 about (y, x) = (5, 1 + k), wrapping over nx = 8
// two and a half times in 20 slices. One node per slice at (5, (1 + k) mod 8), one chain through
// all of them. A plain mean of the wrapped disk's voxel coordinates would lie near the box centre.
TEST(HoleSkeleton, SlantedHoleAcrossThePeriodicBoundaryIsOneChainOnItsAxis) {
  const Shape s{20, 10, 8};
  Mask m(s, 0);
  for (std::int64_t k = 0; k < s.nz; ++k) disk(m, k, 5, 1 + k, 2);
  const Analysed a = analyse(m);
  ASSERT_EQ(a.holes.items.size(), 1u);
  ASSERT_EQ(a.skeleton.nodes.size(), std::size_t(s.nz));
  for (std::int64_t k = 0; k < s.nz; ++k) {
    const SkeletonNode& n = a.skeleton.nodes[std::size_t(k)];
    EXPECT_EQ(n.z, k);
    EXPECT_EQ(n.hole, 0);
    EXPECT_NEAR(n.y, 5.0, 1e-9) << "slice " << k;
    EXPECT_NEAR(n.x, double((1 + k) % s.nx), 1e-9) << "slice " << k;
    EXPECT_EQ(n.voxels, 13);  // lattice points in a disk of radius 2
  }
  EXPECT_EQ(a.skeleton.edges.size(), std::size_t(s.nz - 1));
  const auto chains = skeleton_chains(a.skeleton);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].size(), std::size_t(s.nz));
}

// Two columns (x = 4 and x = 12) in slices 0..5 merging into one wide column (x = 8, radius 6)
// in slices 6..11: one through-hole whose skeleton has a merge node at slice 6, so three chains:
// each narrow column up to the merge node (7 nodes) and the wide column from it (6 nodes).
TEST(HoleSkeleton, MergingColumnsGiveABranchPoint) {
  const Shape s{12, 16, 24};
  Mask m(s, 0);
  for (std::int64_t k = 0; k < 6; ++k) {
    disk(m, k, 8, 4, 2);
    disk(m, k, 8, 12, 2);
  }
  for (std::int64_t k = 6; k < 12; ++k) disk(m, k, 8, 8, 6);
  const Analysed a = analyse(m, false);
  ASSERT_EQ(a.holes.items.size(), 1u);
  EXPECT_EQ(a.skeleton.nodes.size(), 6u * 2 + 6u);
  const auto chains = skeleton_chains(a.skeleton);
  ASSERT_EQ(chains.size(), 3u);
  std::vector<std::size_t> lengths;
  for (const auto& c : chains) lengths.push_back(c.size());
  std::sort(lengths.begin(), lengths.end());
  EXPECT_EQ(lengths, (std::vector<std::size_t>{6, 7, 7}));
  for (const auto& c : chains) {
    const SkeletonNode& first = a.skeleton.nodes[std::size_t(c.front())];
    const SkeletonNode& last = a.skeleton.nodes[std::size_t(c.back())];
    if (c.size() == 7) {  // a narrow column: x stays on its axis up to the merge node at x = 8
      EXPECT_EQ(first.z, 0);
      EXPECT_TRUE(first.x == 4.0 || first.x == 12.0) << first.x;
      EXPECT_EQ(last.z, 6);
      EXPECT_DOUBLE_EQ(last.x, 8.0);
    } else {
      EXPECT_EQ(first.z, 6);
      EXPECT_EQ(last.z, 11);
    }
    for (std::int32_t v : c) EXPECT_DOUBLE_EQ(a.skeleton.nodes[std::size_t(v)].y, 8.0);
  }
}

// A dead end beside a through-cylinder adds no node (only through-holes are skeletonised), and a
// node's size is the mean local thickness of its piece.
TEST(HoleSkeleton, OnlyThroughHolesAndSizesFromLocalThickness) {
  const Shape s{10, 20, 20};
  const Spacing h{1.0, 1.0, 1.0};
  Mask m = cylinders(s, h, 3.0, {{5.0, 5.0}});
  const Mask dead = dead_end(s, h, {14.0, 14.0}, 3.0, 0.5, true);
  for (std::int64_t i = 0; i < s.size(); ++i) m[i] |= dead[i];
  const ComponentLabels cc = label_components(m, 26, true);
  const Field lt = local_thickness(m, h);
  const ThroughHoles holes = find_through_holes(m, cc.labels, cc.count, lt);
  ASSERT_EQ(holes.items.size(), 1u);
  const HoleSkeleton sk = hole_skeleton(cc.labels, holes, lt);
  ASSERT_EQ(sk.nodes.size(), std::size_t(s.nz));
  for (const SkeletonNode& n : sk.nodes) {
    EXPECT_DOUBLE_EQ(n.y, 5.0);
    EXPECT_DOUBLE_EQ(n.x, 5.0);
    // The hole's size profile is the mean local thickness over the same voxels.
    EXPECT_NEAR(n.size_um, holes.items[0].size_profile_um[std::size_t(n.z)], 1e-12);
  }
}

TEST(HoleSkeleton, SixConnectivityNeedsFaceContactBetweenSlices) {
  // Two voxels per slice stepping diagonally: 26-connected through, 6-connected not at all.
  const Shape s{4, 6, 6};
  Mask m(s, 0);
  for (std::int64_t k = 0; k < s.nz; ++k) m(k, 1 + k, 1 + k) = 1;
  EXPECT_EQ(analyse(m, false, 26).skeleton.edges.size(), 3u);
  EXPECT_TRUE(analyse(m, false, 6).skeleton.nodes.empty());
}

}  // namespace
}  // namespace pf::analysis
