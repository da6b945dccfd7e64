#!/usr/bin/env bash
# Runs on the GPU machine, in the repository root, with .device/ from scripts/gpu/package.sh:
# the CUDA test suite (every backend-parameterised test's cuda instance and the CPU/CUDA parity
# test), the pore analysis's CPU/CUDA parity tests, compute-sanitizer memcheck on a short subset,
# and the benchmark tables (solver and pore analysis). Results go to
# $OUT (or gpu-results/ when OUT is unset). The device tool brings back only a few files: pack
# $OUT into one archive at the end of the command when running more than this script.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-gpu-results}
source scripts/gpu/unpack.sh .device
mkdir -p "$out"
export PF_SOURCE_DIR="$PWD"
bin=.device/bin
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/gpu.txt"
"$bin/porefield" --version | tee -a "$out/gpu.txt"

# CUDA instances of every solver test plus parity; XML has per-test properties (parity diffs).
"$bin/pf_tests" --gtest_filter='*/cuda:BackendParity.*' --gtest_output="xml:$out/cuda_tests.xml" 2>&1 | tee "$out/cuda_tests.log"
tests_rc=${PIPESTATUS[0]}
# The pore analysis's CUDA filters against the CPU ones (EDT, labels, local thickness, tortuosity, report).
"$bin/test_analysis" --gtest_filter='CudaParity.*:CudaFilters.*' --gtest_output="xml:$out/analysis_cuda_tests.xml" 2>&1 | tee "$out/analysis_cuda_tests.log"
analysis_rc=${PIPESTATUS[0]}
[ "$tests_rc" -ne 0 ] || tests_rc=$analysis_rc

if command -v compute-sanitizer >/dev/null; then
  for tool in memcheck racecheck; do
    compute-sanitizer --tool "$tool" --error-exitcode 9 "$bin/pf_tests" \
      --gtest_filter='Backends/SchemeIdentity.*/cuda:Backends/Conservation.MassPeriodic*/cuda:Backends/RunOutputs.FilesHoldTheRun/cuda' \
      >"$out/sanitizer_$tool.log" 2>&1
    echo "compute-sanitizer $tool: exit $?" | tee -a "$out/gpu.txt"
  done
  compute-sanitizer --tool memcheck --error-exitcode 9 "$bin/test_analysis" \
    --gtest_filter='CudaParity.LabelsAreTheSamePartition:CudaParity.WholeReportIsTheSame:CudaParity.TortuosityWithoutAPath:CudaParity.TortuosityOfStraightPoresIsOne' >"$out/sanitizer_analysis.log" 2>&1
  echo "compute-sanitizer memcheck (analysis): exit $?" | tee -a "$out/gpu.txt"
fi

# PF_SOLVER_BENCH=0 skips the solver tables (about 3 minutes of device time) when only the
# tests or the analysis changed.
if [ "${PF_SOLVER_BENCH:-1}" != 0 ]; then
  "$bin/porefield" bench --backend cuda --shape 256 --shape 512 --precision both --steps 20 --repeats 3 | tee "$out/bench_gpu.md"
  # 1024^3 double needs about 48 B/voxel = 51.5 GB: it fits an 80 GB H100.
  "$bin/porefield" bench --backend cuda --shape 1024 --precision both --path both --steps 5 --repeats 3 | tee -a "$out/bench_gpu.md"
fi
"$bin/porefield" bench-analysis --backend cuda --size 256 --size 512 | tee "$out/bench_analysis_gpu.md"
exit "$tests_rc"
