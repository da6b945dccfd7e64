#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_dependencies.sh
bash scripts/build.sh
cd build
ctest -j "${PF_TEST_JOBS:-2}" --output-on-failure
# Sweeps through a real one-node Slurm: only with CI=true or PF_SLURM_TEST=1 (root, Debian); skips otherwise.
cd .. && timeout "${PF_SLURM_STAGE_TIMEOUT:-300}" bash scripts/slurm/ci_local_slurm.sh
