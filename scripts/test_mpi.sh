#!/usr/bin/env bash
# The MPI build (PF_ENABLE_MPI: FFTW-MPI slabs, parallel HDF5, CPU only) in build-mpi/, and its
# rank-count tests (CTest label "mpi": mpirun -np 1/2/3/4 of the real binary, oversubscribed on
# small machines). Builds only porefield and the mpi test binary. About 20 s of tests on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PF_BUILD_JOBS:-2}
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON -DPF_ENABLE_MPI=ON -DPF_ENABLE_CUDA=OFF "$@" >/dev/null
cmake --build build-mpi -j "$jobs" --target porefield pf_mpi_tests
cd build-mpi
ctest -L mpi --output-on-failure
