// The device's red-black sweep order (WrapGroups, solvers/voxel_stencil.hpp) run on the CPU.
// The CPU multigrid updates the cells of one colour one after another in memory order (forward)
// or its reverse; the device updates a whole group at once (every cell of the group reads the
// values from before the group). WrapGroups claims that running its groups in order gives the
// sequential result exactly: no two cells of a group are neighbours. Checked here on odd periodic
// sides, where the first and last cells of a line are same-coloured neighbours, for the fine
// operator (MaskStencil) and a coarse level's (CoarseStencil) - and the test can fail: updating a
// whole colour at once (no groups) must differ there.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "analysis/solvers/voxel_multigrid.hpp"
#include "analysis/solvers/voxel_stencil.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

std::vector<double> random_vector(const Shape& s, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> v(std::size_t(s.size() + s.nx), 0.0);
  for (std::int64_t i = 0; i < s.size(); ++i) v[std::size_t(i)] = u(rng);
  return v;
}

// The CPU's half-sweep: cells of `colour` one at a time, rows by y then x (reversed backwards).
template <class St>
void sequential_half_sweep(const St& st, const Shape& s, bool periodic, const double* b, double* x, int colour,
                           bool reverse) {
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t k = 0; k < s.slice_size(); ++k) {
      const std::int64_t yx = reverse ? s.slice_size() - 1 - k : k, y = yx / s.nx, xx = yx % s.nx;
      if (((xx + y + z) & 1) == colour) gauss_seidel_update(st, s, periodic, row_starts(s, periodic, z, y), z, xx, b, x);
    }
}

// The device's: each group at once, from the values before it; without groups, the whole colour.
template <class St>
void grouped_half_sweep(const St& st, const Shape& s, bool periodic, const double* b, double* x, int colour,
                        bool reverse, bool use_groups) {
  const WrapGroups wrap = use_groups ? WrapGroups::of(s, periodic) : WrapGroups{false, false};
  for (int k = 0; k < 4; ++k) {
    const int group = reverse ? 3 - k : k;
    const std::vector<double> before(x, x + s.size() + s.nx);
    for (std::int64_t z = 0; z < s.nz; ++z)
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t xx = 0; xx < s.nx; ++xx) {
          if (((xx + y + z) & 1) != colour || wrap.group(s, y, xx) != group) continue;
          std::vector<double> copy = before;  // this cell sees only the values from before the group
          gauss_seidel_update(st, s, periodic, row_starts(s, periodic, z, y), z, xx, b, copy.data());
          x[s.index(z, y, xx)] = copy[std::size_t(s.index(z, y, xx))];
        }
  }
}

// Sequential and grouped sweeps (both colours, both directions) on stencil st; returns whether
// the ungrouped sweep differed somewhere.
template <class St>
bool expect_groups_match_sequential(const St& st, const Shape& s, bool periodic, std::uint32_t seed) {
  const std::vector<double> b = random_vector(s, seed), x0 = random_vector(s, seed + 1);
  bool ungrouped_differs = false;
  for (const int colour : {0, 1})
    for (const bool reverse : {false, true}) {
      std::vector<double> seq = x0, grouped = x0, ungrouped = x0;
      sequential_half_sweep(st, s, periodic, b.data(), seq.data(), colour, reverse);
      grouped_half_sweep(st, s, periodic, b.data(), grouped.data(), colour, reverse, true);
      grouped_half_sweep(st, s, periodic, b.data(), ungrouped.data(), colour, reverse, false);
      EXPECT_EQ(0, std::memcmp(seq.data(), grouped.data(), seq.size() * sizeof(double)))
          << s.nz << "x" << s.ny << "x" << s.nx << " colour " << colour << " reverse " << reverse;
      ungrouped_differs |= seq != ungrouped;
    }
  return ungrouped_differs;
}

TEST(WrapGroups, GroupsOfTheFineLevelGiveTheSequentialSweep) {
  const Shape shapes[] = {{4, 7, 9}, {3, 6, 5}, {5, 9, 4}, {2, 1, 7}, {3, 5, 1}};
  std::uint32_t seed = 11;
  for (const Shape& s : shapes) {
    const Mask m = testing::random_mask(s, 0.8, seed++);
    std::vector<std::uint8_t> active(std::size_t(s.size() + s.nx), 0);
    for (std::int64_t z = 0; z < s.nz; ++z)
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t x = 0; x < s.nx; ++x) {  // the ends of every line active: the wrap pairs exist
          const bool end = x == 0 || x == s.nx - 1 || y == 0 || y == s.ny - 1;
          active[std::size_t(s.index(z, y, x))] = end ? 1 : m(z, y, x);
        }
    const MaskStencil st{active.data(), s, {1.0, 0.7, 1.3}, 2.0};
    const bool ungrouped_differs = expect_groups_match_sequential(st, s, true, seed++);
    EXPECT_TRUE(ungrouped_differs) << "an odd periodic side must need the groups: " << s.nz << "x" << s.ny << "x" << s.nx;
    expect_groups_match_sequential(st, s, false, seed++);  // one group: trivially the same
  }
}

TEST(WrapGroups, GroupsOfACoarseLevelGiveTheSequentialSweep) {
  const Shape fine{14, 18, 10};  // level 1 is 7 x 9 x 5: both periodic sides odd
  const Mask m = testing::random_mask(fine, 0.75, 3);
  const VoxelMultigrid mg(HostArray<char>(m.data.begin(), m.data.end()), fine, {1.0, 0.5, 0.8}, true);
  ASSERT_GE(mg.levels(), 2);
  const CoarseStencil st = mg.coarse_stencil(1);
  ASSERT_EQ(st.shape, (Shape{7, 9, 5}));
  EXPECT_TRUE(expect_groups_match_sequential(st, st.shape, true, 21));
}

}  // namespace
}  // namespace pf::analysis
