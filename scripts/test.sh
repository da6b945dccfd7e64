#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite (CTest); then the
# same suite under AddressSanitizer + UndefinedBehaviorSanitizer, then the libFuzzer targets for
# a bounded time, and the MPI build's rank-count tests. PF_SKIP_SANITIZE=1 / PF_SKIP_FUZZ=1 /
# PF_SKIP_MPI=1 leave those stages out locally.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_dependencies.sh
bash scripts/build.sh
(cd build && ctest -j "${PF_TEST_JOBS:-2}" --output-on-failure)
if [[ "${PF_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "porefield: test suite under ASan + UBSan (build-asan/)"
  bash scripts/sanitize.sh
fi
if [[ "${PF_SKIP_MPI:-0}" != 1 ]]; then
  echo "porefield: MPI build and its rank-count tests (build-mpi/)"
  bash scripts/test_mpi.sh
fi
if [[ "${PF_SKIP_FUZZ:-0}" != 1 ]]; then
  echo "porefield: fuzzing the config parser and the HDF5 reader (build-fuzz/)"
  bash scripts/install_dependencies.sh --fuzz
  bash scripts/fuzz.sh
fi
# Sweeps through a real one-node Slurm: only with CI=true or PF_SLURM_TEST=1 (root, Debian); skips otherwise.
timeout "${PF_SLURM_STAGE_TIMEOUT:-600}" bash scripts/slurm/ci_local_slurm.sh
