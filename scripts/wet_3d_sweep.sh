#!/usr/bin/env bash
# The one-sided claim in 3D (docs/wet_process.md §4.1 "3D at CI size"): configs/wet_baseline.toml and
# configs/wet_hot_solvent_one_side.toml as shipped (32 x 32 x 48) or on a thicker box, seeds 1-3,
# then the summary table (scripts/wet_profile_summary.py) and each run's wall time.
#   SHAPE="32 32 96"  grid (default: the recipes' own); a thickness nz other than 48 scales
#                     thermal_diffusivity by (nz/48)^2 and heat_transfer_coefficient by nz/48, the
#                     _hires recipes' rule, so every stage keeps the CI recipe's Fourier and Biot numbers
#   MEASURE=deterministic  [time] change_measure for both recipes (default: as shipped)
#   SEEDS="1 2 3", RECIPES="wet_baseline wet_hot_solvent_one_side", JOBS=2 (parallel runs, one core each);
#   any wet recipe works, e.g. RECIPES="wet_hot_solvent_both_sides wet_hot_solvent_after_extraction" (§4.1)
# Usage: bash scripts/wet_3d_sweep.sh [OUT_DIR] (default runs/wet_3d); needs build/porefield.
source "$(dirname "$0")/wet_slab_setup.sh" wet_3d "$@"
seeds=(${SEEDS:-1 2 3})
recipes=(${RECIPES:-wet_baseline wet_hot_solvent_one_side})

make_config() {  # name seed recipe
  local src="$root/configs/$3.toml" shape nz alpha h
  read -r -a shape <<< "${SHAPE:-$(sed -n 's/^shape = \[\(.*\)\]/\1/p' "$src" | tr -d ,)}"
  nz=${shape[2]}
  alpha=$(sed -n 's/^thermal_diffusivity = \([0-9.e+-]*\).*/\1/p' "$src")
  h=$(sed -n 's/^heat_transfer_coefficient = \([0-9.e+-]*\).*/\1/p' "$src")
  alpha=$(python3 -c "print('%.6g' % ($alpha * ($nz / 48) ** 2))")
  h=$(python3 -c "print('%.6g' % ($h * $nz / 48))")
  sed -e "s/^shape = .*/shape = [${shape[0]}, ${shape[1]}, $nz]/" -e "s/^seed = .*/seed = $2/" \
      -e "s#^dir = .*#dir = \"$out/$1\"#" -e 's/^tortuosity = true/tortuosity = false/' \
      -e "s/^thermal_diffusivity = [0-9.e+-]*/thermal_diffusivity = $alpha/" \
      -e "s/^heat_transfer_coefficient = [0-9.e+-]*/heat_transfer_coefficient = $h/" "$src" |
    if [[ -n ${MEASURE:-} ]]; then
      sed -e '/^change_measure/d' -e "s/^max_change = \(.*\)/max_change = \1\nchange_measure = \"$MEASURE\"/"
    else cat; fi > "$out/$1.toml"
}

names=()
for s in "${seeds[@]}"; do
  for r in "${recipes[@]}"; do make_config "${r#wet_}_s$s" "$s" "$r"; names+=("${r#wet_}_s$s"); done
done
# Each run's wall time goes to RUN/wall_s; a run with a report already is skipped.
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} sh -c \
  '[ -f "$0/{}/pore_report.json" ] || { t0=$(date +%s); OMP_NUM_THREADS=1 "$1" run "$0/{}.toml" --quiet --force && echo $(( $(date +%s) - t0 )) > "$0/{}/wall_s"; }' \
  "$out" "$bin"

python3 "$root/scripts/wet_profile_summary.py" "${names[@]/#/$out/}" | tee "$out/summary.txt"
for n in "${names[@]}"; do echo "$n: $(cat "$out/$n/wall_s" 2>/dev/null || echo '?') s"; done | tee -a "$out/summary.txt"
