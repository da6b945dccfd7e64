#!/usr/bin/env bash
# Builds porefield for Hopper (sm_90) on a machine without a GPU and packs what a bare GPU
# machine needs (it has CUDA, CMake and Python, not HDF5/FFTW) into .device/:
#   .device/bin/{porefield,pf_tests,test_analysis}  .device/lib/<shared libraries not in the CUDA image>
# Then, on the GPU machine, from the repository root: bash scripts/gpu/run_on_device.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install_dependencies.sh
# Its own build directory without the VTK export: ParaView's VTK libraries would not fit the
# carry limit (64 MiB), and the GPU checks need none of them.
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON -DPF_ENABLE_CUDA=ON -DPF_ENABLE_VTK=OFF \
      -DCMAKE_CUDA_ARCHITECTURES=90 >/dev/null
cmake --build build-gpu -j "${PF_BUILD_JOBS:-2}" --target porefield pf_tests test_analysis
rm -rf .device && mkdir -p .device/bin .device/lib
cp build-gpu/porefield build-gpu/tests/pf_tests build-gpu/tests/analysis/test_analysis .device/bin/
strip --strip-unneeded .device/bin/*
# Every shared library the binaries load, except the C runtime and the CUDA libraries that the
# GPU image provides (cudart and cuFFT must match its driver; they travel only if absent there).
ldd .device/bin/porefield .device/bin/pf_tests .device/bin/test_analysis | awk '/=> \//{print $3}' | sort -u | while read -r lib; do
  case "$(basename "$lib")" in
    libc.so*|libm.so*|libdl.so*|librt.so*|libpthread.so*|ld-linux*|libcuda.so*|libcudart.so*|libcufft.so*|libstdc++.so*|libgcc_s.so*) ;;
    *) cp -L "$lib" .device/lib/ ;;
  esac
done
# The run's carry and the working tree share 64 MiB: .device/ itself is ~64 MiB, so it travels
# xz-compressed (~16 MB) and the device scripts unpack it (scripts/gpu/unpack.sh). Both are
# git-ignored (.gitignore), so they travel only when named in the run's carry.
du -sh .device
tar -cJf .device.tar.xz .device
du -sh .device.tar.xz
echo "packed: run on the GPU machine with carry [.device.tar.xz]: bash scripts/gpu/run_on_device.sh"
