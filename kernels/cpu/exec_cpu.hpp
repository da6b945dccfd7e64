#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>

#include "kernels/backend.hpp"
#include "kernels/cpu/deterministic_sum.hpp"

namespace pf {

// CPU loops over a flat index. Sums are deterministic whatever the thread count
// (deterministic_sum.hpp) and accumulate in double whatever the field precision.
template <>
struct Exec<Cpu> {
  template <class F>
  static void for_each(std::size_t n, F f) {
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) f(i);
  }

  template <class F>
  static double sum(std::size_t n, F f) {
    return deterministic_sum(n, f);
  }

  // Max of f(i); a NaN anywhere makes the result NaN so blow-ups are never hidden.
  template <class F>
  static double max(std::size_t n, F f) {
    double m = -INFINITY;
    bool nan = false;
#pragma omp parallel for schedule(static) reduction(max : m) reduction(|| : nan)
    for (std::size_t i = 0; i < n; ++i) {
      const double v = static_cast<double>(f(i));
      if (std::isnan(v)) nan = true;
      m = std::max(m, v);
    }
    return nan ? NAN : m;
  }

  static void synchronize() {}

  // Milliseconds per call of body() over `repeats` calls, by the steady clock.
  template <class Body>
  static double time_ms(int repeats, Body&& body) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) body();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / repeats;
  }
};

}  // namespace pf
