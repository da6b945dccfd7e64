#!/usr/bin/env bash
# The two-sided claim at the _hires recipes' thickness, on x-z slabs (32 x 1 x 512, ~30 s per run
# on one free core) for docs/wet_process.md §4.1: configs/wet_hot_solvent_both_sides_hires.toml
# and configs/wet_baseline_hires.toml (with the same deterministic step control) for seeds 1-8,
# then the summary table (scripts/wet_profile_summary.py) and pore size versus depth.
# Usage: bash scripts/wet_hires_slab_sweep.sh [OUT_DIR] (default runs/wet_hires_slabs); needs build/porefield.
source "$(dirname "$0")/wet_slab_setup.sh" wet_hires_slabs "$@"
seeds=(${SEEDS:-1 2 3 4 5 6 7 8})

make_config() {  # name seed source-recipe
  sed -e 's/^shape = .*/shape = [32, 1, 512]/' -e "s/^seed = .*/seed = $2/" -e "s#^dir = .*#dir = \"$out/$1\"#" \
      -e 's/^tortuosity = true/tortuosity = false/' -e '/^change_measure/d' \
      -e 's/^max_change = 0.02$/max_change = 0.02\nchange_measure = "deterministic"/' \
      "$root/configs/$3_hires.toml" > "$out/$1.toml"
}

names=()
for s in "${seeds[@]}"; do
  make_config "both_s$s" "$s" wet_hot_solvent_both_sides; names+=("both_s$s")
  make_config "baseline_s$s" "$s" wet_baseline; names+=("baseline_s$s")
done
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} sh -c '[ -f "$0/{}/pore_report.json" ] || OMP_NUM_THREADS=1 "$1" run "$0/{}.toml" --quiet --force' "$out" "$bin"

python3 "$root/scripts/wet_profile_summary.py" "${seeds[@]/#/$out/both_s}" "${seeds[@]/#/$out/baseline_s}" | tee "$out/summary.txt"
plot="$root/scripts/plots/pore_size_profile.py"
python3 "$plot" "${seeds[@]/#/$out/both_s}" -o "$out/both_sides_profiles.png" --labels "${seeds[@]/#/seed }"
python3 "$plot" "${seeds[@]/#/$out/baseline_s}" -o "$out/baseline_profiles.png" --labels "${seeds[@]/#/seed }"
