// kernels/cpu/first_touch_allocator.hpp: the parallel page touch must leave a HostArray exactly
// what std::vector would hold (value-initialised zeros, or the fill value) on blocks above and
// below the parallel threshold, and must not write outside the block (ASan runs this test too).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/cpu/first_touch_allocator.hpp"

namespace pf {
namespace {

TEST(FirstTouchAllocator, BigAndSmallArraysHoldWhatStdVectorHolds) {
  const std::size_t big = kFirstTouchMinBytes / sizeof(double) + 12345;  // an odd page count
  const HostArray<double> zeros(big);
  EXPECT_TRUE(std::all_of(zeros.begin(), zeros.end(), [](double v) { return v == 0.0; }));

  const HostArray<std::int32_t> filled(kFirstTouchMinBytes / sizeof(std::int32_t) + 7, -1);
  EXPECT_TRUE(std::all_of(filled.begin(), filled.end(), [](std::int32_t v) { return v == -1; }));

  const std::vector<std::uint8_t> small{1, 0, 1, 1};
  const HostArray<std::uint8_t> copy(small.begin(), small.end());
  EXPECT_TRUE(std::equal(copy.begin(), copy.end(), small.begin(), small.end()));

  // Growing through the threshold reallocates through allocate() and keeps the old values.
  HostArray<float> grown(5, 2.5f);
  grown.resize(kFirstTouchMinBytes / sizeof(float) * 2, 1.0f);
  EXPECT_EQ(grown[4], 2.5f);
  EXPECT_EQ(grown[5], 1.0f);
  EXPECT_EQ(grown.back(), 1.0f);
}

}  // namespace
}  // namespace pf
