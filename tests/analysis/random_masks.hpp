#pragma once
// Reproducible random pore masks for the brute-force comparisons.
#include <cstdint>
#include <random>

#include "analysis/volume.hpp"

namespace pf::analysis::testing {

// Each voxel is pore with probability `pore_probability`, from a fixed seed.
inline Mask random_mask(Shape shape, double pore_probability, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution pore(pore_probability);
  Mask m(shape);
  for (auto& v : m.data) v = pore(rng) ? 1 : 0;
  return m;
}

// Minimum-image offset along an axis of n voxels (periodic) or the plain offset.
inline std::int64_t axis_offset(std::int64_t a, std::int64_t b, std::int64_t n, bool periodic) {
  std::int64_t d = a > b ? a - b : b - a;
  if (periodic && n - d < d) d = n - d;
  return d;
}

}  // namespace pf::analysis::testing
