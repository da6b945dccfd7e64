#!/usr/bin/env bash
# Strong and weak scaling of the MPI CPU solver (build-mpi, scripts/test_mpi.sh builds it):
# `porefield run` of a variable-mobility quench with noise (9 FFTs per step, double, no-flux z)
# on 1, 2, 4, ... ranks, one OpenMP thread each; ms/step = (loop - output seconds) / steps from
# run.json. Strong: one grid for every rank count. Weak: nz grows with the ranks (same planes
# per rank). Each point is the fastest of --repeats runs (other load on a shared machine only
# slows runs down). Prints Markdown tables; rank counts above the cores are marked oversubscribed.
#   bash scripts/bench_mpi_scaling.sh [--ranks "1 2 4"] [--shape N] [--steps S] [--repeats R]
set -euo pipefail
cd "$(dirname "$0")/.."
ranks="1 2 4" n=64 steps=40 repeats=3
while (($#)); do
  case "$1" in
    --ranks) ranks="$2"; shift 2 ;;
    --shape) n="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    *) echo "usage: $0 [--ranks \"1 2 4\"] [--shape N] [--steps S] [--repeats R]" >&2; exit 2 ;;
  esac
done
bin=${POREFIELD:-build-mpi/porefield}
mpiexec=${MPIEXEC:-mpirun}
cores=$(nproc)
work=$(mktemp -d /tmp/pf-mpi-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

config() {  # nx ny nz
  cat <<TOML
[grid]
shape = [$1, $2, $3]
boundary_z = "no_flux"
[model]
free_energy = "flory_huggins"
N_A = 20.0
chi_A = -0.3
chi_B = 600.0
T = 375.0
kappa = 2.0
mobility = "slow_mode"
M0 = 10.0
m_A = 0.1
[initial]
kind = "uniform_noise"
c0 = 0.3
amplitude = 0.02
[time]
dt = 0.2
end = $(python3 -c "print($steps * 0.2)")
precision = "double"
[noise]
sigma = 1e-4
[output]
every = $steps
TOML
}

ms_per_step() {  # ranks nz -> the fastest of $repeats runs
  local dir="$work/r$1_z$2" best="" t
  config "$n" "$n" "$2" > "$work/c.toml"
  for ((k = 0; k < repeats; ++k)); do
    "$mpiexec" --oversubscribe -np "$1" "$bin" run "$work/c.toml" --quiet --output "$dir" >/dev/null
    t=$(python3 -c "import json; r=json.load(open('$dir/run.json')); t=r['timings']; print('%.1f' % (1e3*(t['loop_seconds']-t['output_seconds'])/r['result']['steps']))")
    rm -rf "$dir"
    best=$(python3 -c "print(min(float('$t'), float('${best:-inf}')))")
  done
  echo "$best"
}

label() { (($1 > cores)) && echo "$1 (oversubscribed, $cores cores)" || echo "$1"; }

echo "| ranks | grid (physical) | FFT grid | ms/step | speed-up | efficiency |"
echo "| --- | --- | --- | --- | --- | --- |"
base=""
for p in $ranks; do
  t=$(ms_per_step "$p" "$n")
  [[ -z $base ]] && base=$t
  python3 -c "b=$base;t=$t;p=$p;print('| $(label "$p") | ${n}x${n}x${n} | ${n}x${n}x$((2 * n)) | %.1f | %.2f | %.0f%% |' % (t, b/t, 100*b/t/p))"
done
echo
echo "| ranks | grid (physical) | planes per rank | ms/step | efficiency (t1/tP) |"
echo "| --- | --- | --- | --- | --- |"
base=""
for p in $ranks; do
  nz=$((n / 2 * p))
  t=$(ms_per_step "$p" "$nz")
  [[ -z $base ]] && base=$t
  python3 -c "b=$base;t=$t;print('| $(label "$p") | ${n}x${n}x${nz} | $n | %.1f | %.0f%% |' % (t, 100*b/t))"
done
