#pragma once
// What the analysis .cu files share: status checks, launch sizes, host/device copies, and the
// device-resident distance transform that local thickness reuses. Device arrays are
// thrust::device_vector (RAII, freed on every path out).
#include <cuda_runtime.h>
#include <thrust/device_vector.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/error.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis::cuda {

inline void check_cuda(cudaError_t status, const char* call) {
  if (status != cudaSuccess)
    throw AnalysisDeviceError(std::string("CUDA error in ") + call + ": " + cudaGetErrorString(status));
}

// After a kernel launch: a bad configuration shows here, a fault in the kernel at the next sync.
inline void check_launch(const char* kernel) { check_cuda(cudaGetLastError(), kernel); }

constexpr unsigned threads_per_block = 256;
inline unsigned blocks_for(std::int64_t n) { return unsigned((n + threads_per_block - 1) / threads_per_block); }

// Global thread index of a 1D launch, in 64 bits.
__device__ inline std::int64_t thread_index() {
  return std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
}

template <class T>
T* raw(thrust::device_vector<T>& v) { return thrust::raw_pointer_cast(v.data()); }
template <class T>
const T* raw(const thrust::device_vector<T>& v) { return thrust::raw_pointer_cast(v.data()); }

template <class T>
thrust::device_vector<T> to_device(const Volume<T>& v) { return thrust::device_vector<T>(v.data.begin(), v.data.end()); }

template <class T>
Volume<T> to_host(const thrust::device_vector<T>& d, const Shape& shape) {
  Volume<T> v(shape);
  check_cuda(cudaMemcpy(v.data.data(), raw(d), v.data.size() * sizeof(T), cudaMemcpyDeviceToHost), "cudaMemcpy");
  return v;
}

// Throws AnalysisError naming `where` unless usable().
void require_device(const std::string& where);

// The squared distance transform of `pore` into `d2` (resized to the volume), on the device.
void squared_edt_on_device(const thrust::device_vector<std::uint8_t>& pore, thrust::device_vector<double>& d2,
                           const Shape& shape, const Spacing& spacing, bool periodic_xy);

// Connected-component labels of `pore` into `labels` (resized), on the device; returns the count.
// The numbering is the CPU's (cuda_filters.hpp, label_components).
std::int32_t label_on_device(const thrust::device_vector<std::uint8_t>& pore, thrust::device_vector<std::int32_t>& labels,
                             const Shape& shape, int connectivity, bool periodic_xy);

}  // namespace pf::analysis::cuda
