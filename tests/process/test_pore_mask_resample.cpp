// A pore mask follows the field through a remesh by nearest node: the same shape returns it
// unchanged, a doubled shape puts old node i at new nodes 2i and 2i+1 (2i+1 lies halfway and
// rounds up to old node i+1, periodic), and halving keeps every even node.
#include <gtest/gtest.h>

#include "solver/process/deforming_domain.hpp"

namespace pf::test {
namespace {

Grid grid(int nx, int ny, int nz) {
  Grid g;
  g.shape = {nx, ny, nz};
  return g;
}

TEST(PoreMaskResample, IdentityDoublingAndHalving) {
  const Grid g = grid(4, 3, 2);
  std::vector<std::uint8_t> mask(24);
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = std::uint8_t(i % 5 == 0 || i % 7 == 0);
  EXPECT_EQ(resample_nearest(mask, g, {4, 3, 2}), mask);

  const auto fine = resample_nearest(mask, g, {8, 3, 2});
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 8; ++i) {
        const int src_i = (i % 2 == 0) ? i / 2 : ((i + 1) / 2) % 4;
        EXPECT_EQ(fine[(k * 3 + j) * 8 + i], mask[(k * 3 + j) * 4 + src_i]) << i;
      }
  const auto coarse = resample_nearest(fine, grid(8, 3, 2), {4, 3, 2});
  EXPECT_EQ(coarse, mask);
}

}  // namespace
}  // namespace pf::test
