#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang + ASan + UBSan into build-fuzz/ and runs
# each for PF_FUZZ_SECONDS (default 30) from the seed corpus; a crash, sanitizer report or leak
# fails the run and leaves the reproducer in build-fuzz/artifacts/. Skips, with a message, where
# clang cannot link -fsanitize=fuzzer (install: bash scripts/install_dependencies.sh --fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${PF_FUZZ_SECONDS:-30}
cxx=${PF_FUZZ_CXX:-clang++}
cc=${PF_FUZZ_CC:-clang}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n' \
  > "$probe/probe.cpp"
if ! command -v "$cxx" >/dev/null || ! "$cxx" -fsanitize=fuzzer "$probe/probe.cpp" -o "$probe/probe" 2>/dev/null; then
  echo "porefield: fuzzing SKIPPED: $cxx cannot link -fsanitize=fuzzer (needs clang and libclang-rt-14-dev;" \
       "run: bash scripts/install_dependencies.sh --fuzz)"
  exit 0
fi

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
      -DPF_ENABLE_FUZZING=ON -DPF_ENABLE_CUDA=OFF -DPF_ENABLE_OPENMP=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j "${PF_BUILD_JOBS:-2}" --target fuzz_config fuzz_hdf5 make_hdf5_seeds

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
cd build-fuzz
rm -rf corpus-work artifacts && mkdir -p corpus-work/config corpus-work/hdf5 artifacts seeds-hdf5
./tests/fuzz/make_hdf5_seeds seeds-hdf5
# New inputs go to corpus-work/ (never into the source tree); seeds are read only.
./tests/fuzz/fuzz_config -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix=artifacts/config- corpus-work/config ../tests/fuzz/corpus/config
# fuzz_hdf5 fuzzes libhdf5 (not instrumented) as much as porefield's reader. On corrupt headers
# libhdf5 asks for absurd allocations and copes when malloc fails, so allocations above 512 MiB
# fail here as on a real machine instead of ASan aborting; its own small leaks on error paths
# are suppressed (tests/sanitizers/lsan_libhdf5.supp). libhdf5 1.10 (Debian 12) also has memory errors
# of its own on crafted files (e.g. a use-after-free in H5Aexists): fork mode keeps fuzzing past
# them, and each crash is then classified by its faulting frame: inside libhdf5 is reported as
# the library's (with the reproducer) and replayed through build/porefield, which must contain
# it (clean error, exit 2); anywhere else fails this stage.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=512
export LSAN_OPTIONS=suppressions=$PWD/../tests/sanitizers/lsan_libhdf5.supp
./tests/fuzz/fuzz_hdf5 -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 -max_total_time="$seconds" \
  -max_len=16384 -rss_limit_mb=2048 -timeout=10 -artifact_prefix=artifacts/hdf5- \
  corpus-work/hdf5 seeds-hdf5 ../tests/fuzz/corpus/hdf5_regressions 2>&1 | grep -E "^INFO: |NEW|DONE|crash|oom|timeout" | tail -5 || true
ours=0 theirs=0
for artifact in artifacts/hdf5-*; do
  [[ -e "$artifact" ]] || continue
  case "$artifact" in
    *-oom-* | *-timeout-* | *-slow-unit-*)
      # Resource limits, not memory errors: porefield's own allocations are bounded up front.
      echo "porefield: fuzz_hdf5: warning: $artifact exceeded the fuzzer's memory or time limit"
      continue ;;
  esac
  report=$(./tests/fuzz/fuzz_hdf5 -runs=1 -rss_limit_mb=2048 -timeout=10 "$artifact" 2>&1 || true)
  # The faulting frame: the first stack frame that is not a sanitizer interceptor or libc's copy.
  # Interceptors may be symbolised under the libc name inside the fuzzer binary ("in strdup
  # (.../fuzz_hdf5+0x...)", seen with libhdf5's H5MM_strdup), so those names are skipped too.
  frame=$(grep -E '^ +#[0-9]+ 0x' <<<"$report" | grep -vE '__interceptor_|__asan_|__memcpy|__memmove|__memset|libc\.so|string/\.\./' |
    grep -vE ' in (strdup|strndup|strlen|strnlen|strcpy|strncpy|strcat|strcmp|strncmp|memcpy|memmove|memset|memcmp) \(' | head -1 || true)
  if [[ -z "$frame" ]]; then
    echo "porefield: fuzz_hdf5: $artifact no longer fails when rerun (state carried over between inputs)"
  elif [[ "$frame" == *libhdf5* ]]; then
    theirs=$((theirs + 1))
    echo "porefield: fuzz_hdf5: memory error inside libhdf5, not porefield: $artifact"
    echo "    $(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' <<<"$report" || true)"
    echo "    $frame"
    # porefield itself reads such files in a child process (io/isolated_process.hpp): the real
    # binary must answer with exit 0 or a clean error (2), never die with the library.
    if [[ -x ../build/porefield ]]; then
      for args in "info $artifact" "analyze $artifact --dataset phi --pore-below 0.5 --json artifacts/replay.json"; do
        set +e
        ../build/porefield $args >/dev/null 2>&1
        code=$?
        set -e
        if ((code != 0 && code != 2)); then
          ours=$((ours + 1))
          echo "porefield: fuzz_hdf5: FAILURE: 'porefield $args' exited with $code (not contained)"
        fi
      done
    fi
  else
    ours=$((ours + 1))
    echo "porefield: fuzz_hdf5: FAILURE in porefield code: $artifact"
    echo "$report" | grep -A20 -m1 'ERROR:' || echo "$report" | tail -20
  fi
done
if ((ours)); then
  echo "porefield: fuzzing FAILED: $ours input(s) break porefield's HDF5 reader (reproducers in build-fuzz/artifacts/)"
  exit 1
fi
echo "porefield: fuzzing clean for porefield code (${seconds} s per target; $theirs libhdf5-internal error(s) reported above)"
