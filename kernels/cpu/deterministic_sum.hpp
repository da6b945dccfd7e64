#pragma once
// Parallel sums whose result depends on the number of terms only, not on the thread count or on
// which thread finishes first. An OpenMP reduction(+) is not: libgomp adds the threads' partial
// sums in the order they arrive, so with three or more threads the last bits of a sum change from
// run to run (a 1 M-term sum gave 10 different values in 200 runs on 8 threads). Those sums feed
// the step (the bath's exchange), the elasticity solver's conjugate gradients and the tortuosity
// solve, so runs on many-core nodes would not repeat bit for bit.
//
// Here the terms are cut into fixed blocks, each block summed in index order by one thread, and
// the block sums added in index order. Header-only, no dependencies: the pore analysis uses it too.
#include <cstddef>
#include <vector>

namespace pf {

inline constexpr std::size_t kSumBlock = std::size_t(1) << 13;

// Sum over `count` rows (planes, lines, blocks) of row_sum(k), each computed by one thread, the
// rows' sums added in order: for loops whose natural unit is a row and that must sum as they go.
template <class RowSum>
double deterministic_row_sum(std::size_t count, RowSum row_sum, bool parallel = true) {
  std::vector<double> partial(count, 0.0);
#pragma omp parallel for schedule(static) if (parallel)
  for (std::size_t k = 0; k < count; ++k) partial[k] = row_sum(k);
  double s = 0.0;
  for (const double p : partial) s += p;
  return s;
}

// Sum of f(i) for i in [0, n), accumulated in double: rows of kSumBlock terms.
template <class F>
double deterministic_sum(std::size_t n, F f) {
  const std::size_t blocks = (n + kSumBlock - 1) / kSumBlock;
  const auto block = [&](std::size_t b) {
    const std::size_t end = b + 1 == blocks ? n : (b + 1) * kSumBlock;
    double s = 0.0;
    for (std::size_t i = b * kSumBlock; i < end; ++i) s += static_cast<double>(f(i));
    return s;
  };
  return deterministic_row_sum(blocks, block, blocks > 1);
}

}  // namespace pf
