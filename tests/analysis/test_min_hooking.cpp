// The CUDA labelling's per-voxel steps (analysis/filters/min_hooking.hpp) run on the CPU, so the
// algorithm is checked on every machine and not only where a GPU is: joined voxel by voxel in a
// shuffled order, with other voxels' joins slipped in between a thread's find and its atomicMin
// (as concurrent threads would), the roots and their numbering must give label_components'
// labels (tested against a flood fill in test_label_components.cpp) exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "analysis/filters/label_components.hpp"
#include "analysis/filters/min_hooking.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

// atomicMin, except that before it acts, with probability `interleave`, another pending voxel
// is joined first: the entry it is about to hook may have been hooked meanwhile.
struct InterleavingMin {
  const Mask* pore;
  std::int32_t* parent;
  int connectivity;
  bool periodic_xy;
  std::vector<std::int64_t>* pending;
  std::mt19937* rng;
  double interleave;
  std::int64_t* lost_races;

  std::int32_t operator()(std::int32_t* p, std::int32_t v) const {
    if (!pending->empty() && std::uniform_real_distribution<double>(0, 1)(*rng) < interleave) {
      const std::int64_t other = pending->back();
      pending->pop_back();
      join_neighbours_of(pore->data.data(), parent, pore->shape, connectivity, periodic_xy, other, *this);
    }
    const std::int32_t old = *p;
    *p = std::min(old, v);
    if (old != std::int32_t(p - parent)) ++*lost_races;  // the entry was no longer a root
    return old;
  }
};

// What the kernels compute: join every voxel, point each at its root, number roots in order.
Labels min_hooking_labels(const Mask& m, int connectivity, bool periodic, double interleave, std::uint32_t seed,
                          std::int64_t& lost_races) {
  const std::int64_t n = m.shape.size();
  std::vector<std::int32_t> parent(static_cast<std::size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<std::int64_t> pending(static_cast<std::size_t>(n));
  std::iota(pending.begin(), pending.end(), 0);
  std::mt19937 rng(seed);
  std::shuffle(pending.begin(), pending.end(), rng);
  const InterleavingMin atomic_min{&m, parent.data(), connectivity, periodic, &pending, &rng, interleave, &lost_races};
  while (!pending.empty()) {
    const std::int64_t i = pending.back();
    pending.pop_back();
    join_neighbours_of(m.data.data(), parent.data(), m.shape, connectivity, periodic, i, atomic_min);
  }
  std::vector<std::int32_t> rank(static_cast<std::size_t>(n) + 1, 0);
  for (std::int64_t i = 0; i < n; ++i)
    rank[std::size_t(i) + 1] = rank[std::size_t(i)] + (m[i] && find_root(parent.data(), std::int32_t(i)) == i ? 1 : 0);
  Labels out(m.shape, 0);
  for (std::int64_t i = 0; i < n; ++i)
    if (m[i]) out[i] = rank[std::size_t(find_root(parent.data(), std::int32_t(i)))] + 1;
  return out;
}

TEST(MinHooking, GivesTheLabelsOfLabelComponents) {
  std::uint32_t seed = 900;
  std::int64_t lost_races = 0;
  for (const Shape s : {Shape{6, 7, 8}, Shape{1, 9, 9}, Shape{12, 16, 18}})
    for (const double p : {0.3, 0.6})
      for (const int connectivity : {6, 26})
        for (const bool periodic : {false, true}) {
          const Mask m = testing::random_mask(s, p, seed++);
          const Labels expected = label_components(m, connectivity, periodic).labels;
          for (const double interleave : {0.0, 0.5})
            ASSERT_EQ(min_hooking_labels(m, connectivity, periodic, interleave, seed++, lost_races).data, expected.data)
                << "connectivity " << connectivity << " periodic " << periodic << " interleave " << interleave;
        }
  EXPECT_GT(lost_races, 0) << "the retry path of unite() was never taken";
}

}  // namespace
}  // namespace pf::analysis
