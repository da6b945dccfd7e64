#pragma once
// The run-time switches of the distributed FFT, from the environment (docs/hpc.md):
//   PF_MPI_FFT        = fftw (default) | transpose   CPU ranks: FFTW-MPI, or the explicit
//                                                    all-to-all path that CUDA ranks use
//   PF_GPU_AWARE_MPI  = auto (default) | on | off    CUDA ranks: device buffers straight to MPI
//                                                    (on), staged through pinned host memory
//                                                    (off), or as the MPI library says (auto)
#include "kernels/communicator.hpp"
#include "kernels/fft.hpp"

namespace pf {

// Throws InputError naming the variable and its allowed values on anything else.
DistributedFftOptions distributed_fft_options(const Communicator& comm);

// The transform a run uses, for run.json and `check`: "fftw", "fftw-mpi", "fftw + transpose",
// "cufft", "cufft + transpose, staged through host", "cufft + transpose, CUDA-aware MPI".
const char* fft_method_name(const DistributedFftOptions& options, bool device, int ranks);

}  // namespace pf
