// kernels/cpu/deterministic_sum.hpp: the same bits on any thread count and run after run, and the
// right value (against an 80-bit sequential sum). OpenMP's reduction(+) fails the first on three
// or more threads (libgomp adds partial sums in arrival order); this test would catch a return to it.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels/cpu/deterministic_sum.hpp"
#include "kernels/cpu/exec_cpu.hpp"

namespace pf {
namespace {

TEST(DeterministicSum, SameBitsOnAnyThreadCountAndTheRightValue) {
  std::vector<double> v(1 << 20);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::sin(double(i) * 0.37) * 1e3 + 1.0 / double(i + 1);
  long double exact = 0.0L;
  for (const double x : v) exact += x;
  const auto term = [&](std::size_t i) { return v[i]; };
#ifdef _OPENMP
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
#endif
  const double reference = deterministic_sum(v.size(), term);
  EXPECT_NEAR(reference, double(exact), 1e-12 * std::abs(double(exact)) + 1e-9);
#ifdef _OPENMP
  for (const int threads : {2, 3, 8}) {
    omp_set_num_threads(threads);
    for (int repeat = 0; repeat < 20; ++repeat) {
      ASSERT_EQ(deterministic_sum(v.size(), term), reference) << threads << " threads";
      ASSERT_EQ(Exec<Cpu>::sum(v.size(), term), reference) << threads << " threads (Exec<Cpu>::sum)";
    }
  }
  omp_set_num_threads(saved);
#endif
}

TEST(DeterministicSum, SmallAndEmptyRanges) {
  EXPECT_EQ(deterministic_sum(0, [](std::size_t) { return 1.0; }), 0.0);
  EXPECT_EQ(deterministic_sum(kSumBlock + 1, [](std::size_t) { return 1.0; }), double(kSumBlock + 1));
  EXPECT_EQ(deterministic_row_sum(5, [](std::size_t k) { return double(k); }), 10.0);
}

}  // namespace
}  // namespace pf
