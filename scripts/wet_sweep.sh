#!/usr/bin/env bash
# Hot-solvent sweep and seed scatter for docs/wet_process.md §4, on x-z slabs (128 x 1 x 64) of
# the one-sided recipe (about 30 s per treated run and 70 s per baseline on one free core):
#   - T_hot_C in {100, 115, 128, 135} at duration 3000,
#   - duration in {1000, 2000, 3000} at 128 C,
#   - the baseline (no hot solvent) and the 3000/128 case for seeds 1, 2, 3.
# Then plots pore size versus depth for each family with scripts/plots/pore_size_profile.py.
# Usage: bash scripts/wet_sweep.sh [OUT_DIR] (default runs/wet_sweep); needs build/porefield.
# SWEEP_SEEDS="1 2 3 4" runs the temperature and duration families for each of those seeds;
# SCATTER=0 leaves out the baseline/seed part; TEMPS and DURATIONS replace the families' values.
# The design of WetProcessClaims.GradientGrowsWithHotSolvent{Temperature,Time} came from
# SWEEP_SEEDS="1 2 3 4" SCATTER=0 TEMPS="90 100 115 128 135" DURATIONS="500 1000 2000", its
# margins from the baseline_s1-3 of a run with SCATTER=1. MEASURE sets [time] change_measure
# (default: as shipped, "deterministic" since 2026-11-25).
source "$(dirname "$0")/wet_slab_setup.sh" wet_sweep "$@"

make_config() {  # name seed T_hot duration (T_hot = none: baseline)
  local name=$1 seed=$2 thot=$3 dur=$4 src
  if [[ $thot == none ]]; then src="$root/configs/wet_baseline.toml"; else src="$root/configs/wet_hot_solvent_one_side.toml"; fi
  sed -e 's/^shape = .*/shape = [128, 1, 64]/' -e "s/^seed = .*/seed = $seed/" -e "s#^dir = .*#dir = \"$out/$name\"#" \
      -e "s/^T_hot_C = .*/T_hot_C = $thot/" "$src" |
    if [[ -n ${MEASURE:-} ]]; then sed -e '/^change_measure/d' -e "s/^max_change = \(.*\)/max_change = \1\nchange_measure = \"$MEASURE\"/"; else cat; fi |
    awk -v dur="$dur" '/kind = "hot_solvent"/ {hot=1} hot && /^duration/ {print "duration = " dur; hot=0; next} {print}' \
      > "$out/$name.toml"
}

names=()
for s in ${SWEEP_SEEDS:-1}; do
  for t in ${TEMPS:-100 115 128 135}; do make_config "T${t}_d3000_s$s" $s $t 3000; names+=("T${t}_d3000_s$s"); done
  for d in ${DURATIONS:-1000 2000}; do make_config "T128_d${d}_s$s" $s 128 $d; names+=("T128_d${d}_s$s"); done
done
if [[ ${SCATTER:-1} == 1 ]]; then
  for s in 1 2 3; do
    make_config "baseline_s$s" $s none 0; names+=("baseline_s$s")
    if [[ " ${SWEEP_SEEDS:-1} " != *" $s "* ]]; then make_config "T128_d3000_s$s" $s 128 3000; names+=("T128_d3000_s$s"); fi
  done
fi
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} env OMP_NUM_THREADS=1 "$bin" run "$out/{}.toml" --quiet

plot="$root/scripts/plots/pore_size_profile.py"
python3 "$root/scripts/plots/gradient_growth.py" "$out" --seeds ${SWEEP_SEEDS:-1} -o "$out/gradient_growth.png"
# The profile plots need seed 1, the default families and the scatter runs.
[[ ${SCATTER:-1} == 1 && " ${SWEEP_SEEDS:-1} " == *" 1 "* && -z ${TEMPS:-}${DURATIONS:-} ]] || exit 0
python3 "$plot" "$out"/T{100,115,128,135}_d3000_s1 --labels "100 C" "115 C" "128 C" "135 C" \
  --title "one-sided hot solvent, 3000 time units: temperature" -o "$out/sweep_temperature.png"
python3 "$plot" "$out"/T128_d{1000,2000,3000}_s1 --labels "1000" "2000" "3000" \
  --title "one-sided hot solvent at 128 C: duration" -o "$out/sweep_duration.png"
python3 "$plot" "$out"/baseline_s{1,2,3} "$out"/T128_d3000_s{1,2,3} \
  --labels "baseline s1" "baseline s2" "baseline s3" "hot s1" "hot s2" "hot s3" \
  --title "seed scatter: baseline vs one-sided hot solvent (128 C, 3000)" -o "$out/seeds.png"
