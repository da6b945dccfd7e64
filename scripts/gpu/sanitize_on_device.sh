#!/usr/bin/env bash
# Runs on the GPU machine (like run_on_device.sh, with .device/ or .device.tar.xz from
# scripts/gpu/package.sh): compute-sanitizer TOOL over the whole CUDA test suite, one shard of it
# per call so each fits the device tool's 10-minute limit (GoogleTest sharding: shard INDEX of
# COUNT; run INDEX = 0 .. COUNT-1). Logs and a one-line summary per binary go to $OUT.
#   usage: bash scripts/gpu/sanitize_on_device.sh memcheck|racecheck|synccheck|initcheck INDEX COUNT
set -uo pipefail
cd "$(dirname "$0")/../.."
tool=${1:?tool: memcheck, racecheck, synccheck or initcheck}
index=${2:?shard index}
count=${3:?shard count}
case "$tool" in memcheck | racecheck | synccheck | initcheck) ;; *)
  echo "error: tool '$tool' is not one of memcheck, racecheck, synccheck, initcheck" >&2; exit 2 ;;
esac
if ! [[ "$index" =~ ^[0-9]+$ && "$count" =~ ^[0-9]+$ ]] || ((count < 1 || index >= count)); then
  echo "error: shard INDEX must be 0 .. COUNT-1 with COUNT >= 1 (got $index of $count)" >&2; exit 2
fi
command -v compute-sanitizer >/dev/null || { echo "error: compute-sanitizer is not on PATH" >&2; exit 2; }
out=${OUT:-gpu-results}
mkdir -p "$out"
source scripts/gpu/unpack.sh .device
export PF_SOURCE_DIR="$PWD" GTEST_TOTAL_SHARDS=$count GTEST_SHARD_INDEX=$index
rc=0
# The same selection as run_on_device.sh: every CUDA instance, the solver parity and the
# analysis's CUDA filters against the CPU ones.
for spec in "pf_tests:*/cuda:BackendParity.*" "test_analysis:CudaParity.*:CudaFilters.*"; do
  binary=${spec%%:*} filter=${spec#*:}
  log="$out/sanitizer_${tool}_${binary}_${index}of${count}.log"
  compute-sanitizer --tool "$tool" --error-exitcode 9 ".device/bin/$binary" --gtest_filter="$filter" >"$log" 2>&1
  code=$?
  ((code == 0)) || rc=$code
  # compute-sanitizer ends with "ERROR SUMMARY: N errors" (racecheck: "RACECHECK SUMMARY").
  echo "$tool $binary shard $index/$count: exit $code; $(grep -E 'SUMMARY' "$log" | tail -1); $(grep -cE '^\[       OK \]' "$log") tests passed" |
    tee -a "$out/sanitizer_summary.txt"
done
exit "$rc"
