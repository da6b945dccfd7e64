#pragma once
// Marks a function callable from both the CPU loops and CUDA kernels, so every pointwise
// formula is written once and shared by both backends.
#if defined(__CUDACC__)
#define PF_HOST_DEVICE __host__ __device__
#else
#define PF_HOST_DEVICE
#endif
