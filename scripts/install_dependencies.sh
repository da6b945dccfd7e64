#!/usr/bin/env bash
# Installs the Debian packages porefield builds against, skipping those already present.
# CUDA is optional: where /usr/local/cuda/bin/nvcc exists the CUDA backend is built too.
# OpenMPI, FFTW-MPI and the OpenMPI HDF5 are for the optional MPI build (scripts/test_mpi.sh);
# Debian installs that HDF5 beside the serial one, which the default build keeps using.
# With --fuzz: only what the fuzzing stage (scripts/fuzz.sh) adds, clang and its libFuzzer runtime.
#
# ParaView (pvpython for scripts/paraview and the paraview tests), Xvfb to render without a
# display, and VTK for the .vti/.vtp export: paraview-dev ships the VTK that ParaView is built on,
# with its CMake config. Not libvtk9-dev: it needs python3-vtk9, which python3-paraview conflicts
# with on Debian 12. PF_SKIP_PARAVIEW=1 leaves these out (porefield then builds without VTK and
# the paraview tests are skipped); so does a machine that already has python3-vtk9.
set -euo pipefail

packages=(build-essential cmake pkg-config git libfftw3-dev libhdf5-dev libtomlplusplus-dev libcli11-dev
          libfmt-dev nlohmann-json3-dev librandom123-dev libgtest-dev
          libopenmpi-dev openmpi-bin libfftw3-mpi-dev libhdf5-openmpi-dev
          python3-h5py python3-matplotlib)  # the last two for scripts/plots and the sweeps' summaries
if [[ "${PF_SKIP_PARAVIEW:-0}" != 1 ]]; then
  if dpkg -s python3-vtk9 >/dev/null 2>&1; then
    echo "porefield: python3-vtk9 is installed and conflicts with python3-paraview; not installing ParaView" >&2
  else
    packages+=(paraview paraview-dev python3-paraview xvfb)
  fi
fi
if [[ "${1:-}" == --fuzz ]]; then
  packages=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "porefield: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
