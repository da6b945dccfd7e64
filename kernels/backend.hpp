#pragma once
// Backends are empty tag types: the memory space and the execution policy live in the type
// (Buffer<T, Cpu> vs Buffer<T, Cuda>), never in a runtime flag threaded through classes.
namespace pf {

struct Cpu {
  static constexpr const char* name = "cpu";
};

struct Cuda {
  static constexpr const char* name = "cuda";
};

// Execution primitives a backend supplies: for_each(n, f), sum(n, f), max(n, f).
// Defined in kernels/cpu/exec_cpu.hpp and kernels/cuda/exec_cuda.cuh.
template <class Backend>
struct Exec;

// Raw memory of a backend: allocate, release, copies to/from host and within the backend.
template <class Backend>
struct Memory;

}  // namespace pf
