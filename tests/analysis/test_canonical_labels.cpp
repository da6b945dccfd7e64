// canonical_labels: the numbering used to compare labellings as partitions.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "analysis/filters/canonical_labels.hpp"
#include "analysis/filters/label_components.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

TEST(CanonicalLabels, NumbersComponentsByTheirFirstVoxel) {
  Labels l(Shape{1, 2, 4});
  l.data = {7, 7, 0, 3, 9, 3, 0, 7};
  EXPECT_EQ(canonical_labels(l).data, (HostArray<std::int32_t>{1, 1, 0, 2, 3, 2, 0, 1}));
}

// Any renumbering of the same partition has the same canonical form, and label_components
// already numbers that way (its promise), so it is a fixed point.
TEST(CanonicalLabels, IgnoresHowAPartitionIsNumbered) {
  const Mask m = testing::random_mask({7, 9, 11}, 0.4, 5);
  const ComponentLabels cc = label_components(m, 6, true);
  ASSERT_GT(cc.count, 3);
  EXPECT_EQ(canonical_labels(cc.labels).data, cc.labels.data);
  std::vector<std::int32_t> permutation(std::size_t(cc.count));
  std::iota(permutation.begin(), permutation.end(), 1000);
  std::shuffle(permutation.begin(), permutation.end(), std::mt19937(3));
  Labels renumbered = cc.labels;
  for (auto& v : renumbered.data)
    if (v) v = permutation[std::size_t(v - 1)];
  EXPECT_NE(renumbered.data, cc.labels.data);
  EXPECT_EQ(canonical_labels(renumbered).data, cc.labels.data);
  // Merging two components is a different partition.
  for (auto& v : renumbered.data)
    if (v == permutation[1]) v = permutation[0];
  EXPECT_NE(canonical_labels(renumbered).data, cc.labels.data);
}

TEST(CanonicalLabels, RefusesNegativeLabels) {
  Labels l(Shape{1, 1, 2});
  l.data = {1, -2};
  EXPECT_THROW(canonical_labels(l), AnalysisError);
}

}  // namespace
}  // namespace pf::analysis
