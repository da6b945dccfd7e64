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

  // Three independent standard normals (one per flux component). Single-precision Box–Muller
  // is ample for thermal noise and matches bit-for-bit in spirit across backends (the last ulp
  // of log/sincos may differ between libm and CUDA's math library).
  PF_HOST_DEVICE void normal3(std::uint64_t step, std::uint64_t voxel, float out[3]) const {
    const auto r = draw(step, voxel);
    const r123::float2 a = r123::boxmuller(r[0], r[1]);
    const r123::float2 b = r123::boxmuller(r[2], r[3]);
    out[0] = a.x;
    out[1] = a.y;
    out[2] = b.x;
  }
};

}  // namespace pf
