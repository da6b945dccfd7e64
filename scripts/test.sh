#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_dependencies.sh
bash scripts/build.sh
cd build
ctest -j "${PF_TEST_JOBS:-2}" --output-on-failure
