#pragma once
// Included only by .cu translation units: turns the shared functors into CUDA launches.
#include <thrust/execution_policy.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

#include <cmath>
#include <cstddef>

#include "kernels/backend.hpp"
#include "kernels/cuda/cuda_check.cuh"

namespace pf {

namespace detail {

template <class F>
__global__ void for_each_kernel(std::size_t n, F f) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) f(i);
}

template <class F>
struct AsDouble {
  F f;
  __host__ __device__ double operator()(std::size_t i) const { return static_cast<double>(f(i)); }
};

// max that propagates NaN, matching the CPU backend.
struct NanMax {
  __host__ __device__ double operator()(double a, double b) const {
    if (a != a || b != b) return NAN;
    return a > b ? a : b;
  }
};

}  // namespace detail

template <>
struct Exec<Cuda> {
  static constexpr unsigned block = 256;

  template <class F>
  static void for_each(std::size_t n, F f) {
    if (n == 0) return;
    const auto blocks = static_cast<unsigned>((n + block - 1) / block);
    detail::for_each_kernel<<<blocks, block>>>(n, f);
    check_cuda(cudaGetLastError(), "for_each kernel launch");
  }

  template <class F>
  static double sum(std::size_t n, F f) {
    thrust::counting_iterator<std::size_t> first(0);
    return thrust::transform_reduce(thrust::device, first, first + n, detail::AsDouble<F>{f}, 0.0,
                                    thrust::plus<double>());
  }

  template <class F>
  static double max(std::size_t n, F f) {
    thrust::counting_iterator<std::size_t> first(0);
    return thrust::transform_reduce(thrust::device, first, first + n, detail::AsDouble<F>{f},
                                    -INFINITY, detail::NanMax());
  }

  static void synchronize() { check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize"); }

  // Milliseconds per call of body() over `repeats` calls, between two CUDA events on the default
  // stream (where the kernels, thrust and cuFFT run): device time, without the host's clock or
  // the launch of the first call in it.
  template <class Body>
  static double time_ms(int repeats, Body&& body) {
    struct Event {
      cudaEvent_t e{};
      Event() { check_cuda(cudaEventCreate(&e), "cudaEventCreate"); }
      ~Event() { cudaEventDestroy(e); }
    } start, stop;
    synchronize();
    check_cuda(cudaEventRecord(start.e), "cudaEventRecord");
    for (int r = 0; r < repeats; ++r) body();
    check_cuda(cudaEventRecord(stop.e), "cudaEventRecord");
    check_cuda(cudaEventSynchronize(stop.e), "cudaEventSynchronize");
    float ms = 0.0f;
    check_cuda(cudaEventElapsedTime(&ms, start.e, stop.e), "cudaEventElapsedTime");
    return double(ms) / repeats;
  }
};

}  // namespace pf
