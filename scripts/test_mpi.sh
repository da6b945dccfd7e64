#!/usr/bin/env bash
# The MPI build (PF_ENABLE_MPI: FFTW-MPI slabs, parallel HDF5) in build-mpi/, and its rank-count
# tests (CTest label "mpi": mpirun -np 1/2/3/4 of the real binary, oversubscribed on small
# machines, and the explicit-transpose FFT against FFTW-MPI on 1/2/4 ranks). Where nvcc exists
# the same build has CUDA on, so the multi-GPU code (cuFFT per rank, staged or CUDA-aware
# transposes) is compile-checked here; its tests run on CPU ranks (no GPU needed). Builds only
# porefield and the mpi test binaries. About 50 s of tests on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PF_BUILD_JOBS:-2}
cuda=OFF
if command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then cuda=ON; fi
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON -DPF_ENABLE_MPI=ON -DPF_ENABLE_CUDA="$cuda" "$@" >/dev/null
cmake --build build-mpi -j "$jobs" --target porefield pf_mpi_tests pf_mpi_fft_test
cd build-mpi
ctest -L mpi --output-on-failure
