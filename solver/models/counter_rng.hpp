#pragma once
#include <cstdint>

#include <Random123/boxmuller.hpp>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>

#include "solver/core/host_device.hpp"

namespace pf {

// Counter-based random numbers (Philox4x32-10 from Random123): the numbers depend only on
// (seed, stream, step, voxel), so the CPU and CUDA backends, any rank count and a restarted
// run draw the same values, with no RNG state to store.
struct CounterRng {
  std::uint64_t seed = 0;
  std::uint32_t stream = 0;  // separates uses: initial condition, noise, ...

  PF_HOST_DEVICE r123::Philox4x32::ctr_type draw(std::uint64_t step, std::uint64_t voxel) const {
    r123::Philox4x32 philox;
    r123::Philox4x32::ctr_type ctr = {{std::uint32_t(voxel), std::uint32_t(voxel >> 32),
                                       std::uint32_t(step), stream}};
    r123::Philox4x32::key_type key = {{std::uint32_t(seed), std::uint32_t(seed >> 32)}};
    return philox(ctr, key);
  }

  // Uniform in (0, 1].
  PF_HOST_DEVICE double uniform(std::uint64_t step, std::uint64_t voxel) const {
    const auto r = draw(step, voxel);
    return r123::u01<double>(r[0]);
  }

  // Standard normal number `component` (0, 1, 2: one per flux component) of (step, voxel): the
  // three are independent. Single-precision Box–Muller is ample for thermal noise; the last ulp
  // of log/sincos may differ between libm and CUDA's math library. Components 0 and 1 share a
  // Box–Muller pair, 2 takes the other pair's first number; only the pair asked for is
  // transformed (each flux pass needs one component, and the transform dominates the cost).
  PF_HOST_DEVICE float normal(std::uint64_t step, std::uint64_t voxel, int component) const {
    const auto r = draw(step, voxel);
    const r123::float2 pair = component < 2 ? r123::boxmuller(r[0], r[1]) : r123::boxmuller(r[2], r[3]);
    return component == 1 ? pair.y : pair.x;
  }
};

}  // namespace pf
