#!/usr/bin/env bash
# Builds the MPI + CUDA porefield (sm_90, no VTK) on a machine without a GPU and packs what a bare
# GPU machine needs for "a 2-process run on one GPU" into .device-mpi/ (carry it alone: the GPU
# image has CUDA, CMake and Python, but no HDF5, FFTW or MPI):
#   .device-mpi/bin/{porefield,pf_mpi_fft_test}   the MPI + CUDA build
#   .device-mpi/lib/                              shared libraries they and mpirun load (not CUDA's)
#   .device-mpi/openmpi/                          Debian's OpenMPI runtime, relocated (OPAL_PREFIX):
#                                                 mpirun, orted, its components, help texts, PMIx's components
# Then, on the GPU machine, from the repository root: bash scripts/gpu/run_mpi_on_device.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install_dependencies.sh
cmake -S . -B build-gpu-mpi -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON -DPF_ENABLE_CUDA=ON -DPF_ENABLE_MPI=ON \
      -DPF_ENABLE_VTK=OFF -DCMAKE_CUDA_ARCHITECTURES=90 >/dev/null
cmake --build build-gpu-mpi -j "${PF_BUILD_JOBS:-2}" --target porefield pf_mpi_fft_test
d=.device-mpi
ompi=/usr/lib/x86_64-linux-gnu/openmpi
rm -rf "$d" && mkdir -p "$d/bin" "$d/lib" "$d/openmpi/bin" "$d/openmpi/lib/x86_64-linux-gnu/openmpi/lib" "$d/openmpi/share"
cp build-gpu-mpi/porefield build-gpu-mpi/tests/pf_mpi_fft_test "$d/bin/"
# OpenMPI finds its components and help texts relative to OPAL_PREFIX, in Debian's layout.
cp "$(readlink -f /usr/bin/orterun)" "$d/openmpi/bin/mpirun"
cp /usr/bin/orted "$d/openmpi/bin/"
cp -r "$ompi/lib/openmpi3" "$d/openmpi/lib/x86_64-linux-gnu/openmpi/lib/"
cp -r /usr/share/openmpi "$d/openmpi/share/"
cp -r /usr/lib/x86_64-linux-gnu/pmix2 "$d/openmpi/pmix2"
rm -rf "$d/openmpi/pmix2/include"
# Libraries of the binaries, mpirun and the PMIx component (the other components' extra
# libraries, e.g. UCX or libfabric, are left out: those components then do not load, and the
# run script selects the shared-memory transport).
ldd "$d/bin/porefield" "$d/bin/pf_mpi_fft_test" "$d/openmpi/bin/mpirun" "$d/openmpi/bin/orted" \
    "$d/openmpi/lib/x86_64-linux-gnu/openmpi/lib/openmpi3/mca_pmix_ext3x.so" |
  awk '/=> \//{print $3}' | sort -u | while read -r lib; do
    case "$(basename "$lib")" in
      libc.so*|libm.so*|libdl.so*|librt.so*|libpthread.so*|ld-linux*|libcuda.so*|libcudart.so*|libcufft.so*|libstdc++.so*|libgcc_s.so*) ;;
      *) cp -L "$lib" "$d/lib/" ;;
    esac
  done
du -sh "$d"
tar -cJf "$d.tar.xz" -C "$(dirname "$d")" "$(basename "$d")"   # see package.sh: carry limit
du -sh "$d.tar.xz"
echo "packed: run on the GPU machine with carry [.device-mpi.tar.xz]: bash scripts/gpu/run_mpi_on_device.sh"
