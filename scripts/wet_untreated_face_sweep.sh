#!/usr/bin/env bash
# The untreated face of the one-sided hot solvent (docs/wet_process.md §4.1 "The untreated face"):
# the one-sided recipe with its other face on the 25 C support (as shipped) against that face
# insulated (under air) with the hot stage's heat at a dip's Fourier number, and the baseline, all
# with change_measure = "deterministic", on x-z slabs of the CI recipes (128 x 1 x 64, 20-40 s a
# run on one core) and of the _hires recipes (HIRES=1: 32 x 1 x 512, 60-210 s a run).
# Usage: [HIRES=1] [SEEDS="1 2 3 4"] [FOS="0.05"] bash scripts/wet_untreated_face_sweep.sh [OUT_DIR]
# (default runs/wet_untreated_face); needs build/porefield.
source "$(dirname "$0")/wet_slab_setup.sh" wet_untreated_face "$@"
seeds=(${SEEDS:-1 2 3 4})
fos=(${FOS:-0.05})
if [[ -n ${HIRES:-} ]]; then suffix=_hires shape="32, 1, 512"; else suffix="" shape="128, 1, 64"; fi

make_config() {  # name seed recipe Fo (Fo = none: the recipe's own hot stage)
  local cfg="$out/$1.toml"
  sed -e "s/^shape = .*/shape = [$shape]/" -e "s/^seed = .*/seed = $2/" -e "s#^dir = .*#dir = \"$out/$1\"#" \
      -e 's/^tortuosity = true/tortuosity = false/' -e '/^change_measure/d' \
      -e 's/^max_change = 0.02$/max_change = 0.02\nchange_measure = "deterministic"/' \
      "$root/configs/$3$suffix.toml" > "$cfg"
  [[ $4 == none ]] && return
  # Insulated other face; the dip's alpha for the hot stage and the cool-down after it (as the
  # two-sided recipe does: one time mapping for the treatment).
  sed -i '/^T_other_C/d' "$cfg"
  awk -v fo="$4" -v cool="$(python3 -c "print($4 * 200 / 3000)")" '
    /kind = "hot_solvent"/ {hot = 1}
    hot && /^duration/ {print; print "fourier_number = " fo; hot = 0; after = 1; next}
    after && /^duration/ {print; print "fourier_number = " cool; after = 0; next}
    {print}' "$cfg" > "$cfg.tmp" && mv "$cfg.tmp" "$cfg"
}

names=()
for s in "${seeds[@]}"; do
  make_config "baseline_s$s" "$s" wet_baseline none; names+=("baseline_s$s")
  make_config "support_s$s" "$s" wet_hot_solvent_one_side none; names+=("support_s$s")
  for fo in "${fos[@]}"; do make_config "insulated_fo${fo}_s$s" "$s" wet_hot_solvent_one_side "$fo"; names+=("insulated_fo${fo}_s$s"); done
done
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} sh -c '[ -f "$0/{}/pore_report.json" ] || OMP_NUM_THREADS=1 "$1" run "$0/{}.toml" --quiet --force' "$out" "$bin"

printf '%s\n' "${names[@]/#/$out/}" | xargs python3 "$root/scripts/wet_profile_summary.py" | tee "$out/summary.txt"
