#!/usr/bin/env bash
# Runs the wet process's GPU-sized recipes (configs/wet_*_hires.toml, 256 x 256 x 512) on the GPU
# machine with .device/ from scripts/gpu/package.sh, and brings back what docs/wet_process.md
# records: each run's small files (run.json, energy.csv, timesteps.csv, analysis.csv,
# pore_report.json/.md) and its pictures (cross-section, pore size versus depth; the GPU image has
# h5py and matplotlib). The volumes stay on the device (128 MiB a field).
#   bash scripts/gpu/run_wet_hires_on_device.sh [SECONDS_PER_RUN] [RECIPE ...]
# RECIPE is a name without _hires.toml (default: wet_hot_solvent_both_sides wet_hot_solvent_one_side
# wet_baseline). A run cut at SECONDS_PER_RUN (default 240) is stopped with SIGTERM: it writes a
# checkpoint and exits 75, and its partial files still come back.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-gpu-results}
source scripts/gpu/unpack.sh .device
limit=${1:-240}
shift || true
recipes=("$@")
[ ${#recipes[@]} -gt 0 ] || recipes=(wet_hot_solvent_both_sides wet_hot_solvent_one_side wet_baseline)
scratch=${PF_SCRATCH:-/tmp/pf-wet-hires}
mkdir -p "$out" "$scratch"
rc_all=0
for r in "${recipes[@]}"; do
  run="$scratch/$r" keep="$out/$r"
  mkdir -p "$keep"
  start=$(date +%s)
  timeout --signal=TERM --kill-after=60 "$limit" .device/bin/porefield run "configs/${r}_hires.toml" \
    --backend cuda --output "$run" --force >"$keep/run.log" 2>&1
  rc=$?
  echo "$r: exit $rc after $(( $(date +%s) - start )) s" | tee -a "$out/wet_hires.txt"
  [ "$rc" -eq 0 ] || rc_all=$rc
  for f in run.json energy.csv timesteps.csv analysis.csv pore_report.json pore_report.md; do
    [ -f "$run/$f" ] && cp "$run/$f" "$keep/"
  done
  if [ -f "$run/final.h5" ]; then
    python3 scripts/plots/cross_section.py "$run" -o "$keep/cross_section.png" --labels "$r" >>"$keep/plots.log" 2>&1
  fi
  if [ -f "$run/pore_report.json" ]; then
    python3 scripts/plots/pore_size_profile.py "$run" -o "$keep/pore_size_profile.png" --labels "$r" | tee -a "$out/wet_hires.txt"
  fi
done
exit "$rc_all"
