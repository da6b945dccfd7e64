#!/usr/bin/env bash
# Configures and builds porefield into build/ (Release, tests on). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PF_BUILD_JOBS:-2}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON "$@" >/dev/null
cmake --build build -j "$jobs"
