#!/usr/bin/env bash
# Two-sided hot solvent for docs/wet_process.md §4.1, on x-z slabs (128 x 1 x 64) of
# configs/wet_hot_solvent_both_sides.toml (20-60 s per run on one free core, 28 runs):
#   - the hot stage's fourier_number in {0.02, 0.05, 0.1, 0.2, 0.5} (seed 1; the cool-down's
#     scaled with it so that both stages keep one alpha),
#   - the recipe and the baseline (configs/wet_baseline.toml with the recipe's
#     change_measure = "deterministic") for seeds 1-3 and 5-13 (4 is the claims test's seed).
# Then a table (scripts/wet_profile_summary.py), pore size versus depth per family
# (scripts/plots/pore_size_profile.py) and cross-sections (scripts/plots/cross_section.py).
# Usage: bash scripts/wet_two_sided_sweep.sh [OUT_DIR] (default runs/wet_two_sided); needs build/porefield.
source "$(dirname "$0")/wet_slab_setup.sh" wet_two_sided "$@"
seeds=(1 2 3 5 6 7 8 9 10 11 12 13)
shown=("${seeds[@]:0:6}")  # the seeds plot: the first six

make_config() {  # name seed fourier_number (base: the baseline recipe)
  local name=$1 seed=$2 fo=$3 src="$root/configs/wet_hot_solvent_both_sides.toml"
  [[ $fo == base ]] && src="$root/configs/wet_baseline.toml"
  sed -e 's/^shape = .*/shape = [128, 1, 64]/' -e "s/^seed = .*/seed = $seed/" -e "s#^dir = .*#dir = \"$out/$name\"#" \
      -e '/^change_measure/d' -e 's/^max_change = 0.02$/max_change = 0.02\nchange_measure = "deterministic"/' "$src" |
    awk -v fo="$fo" '
      /kind = "hot_solvent"/ {hot = 1}
      hot && /^duration/ {duration = $3}
      fo != "base" && hot && /^fourier_number/ {print "fourier_number = " fo; hot = 0; cool = 1; next}
      cool && /^duration/ {cooling = $3}
      cool && /^fourier_number/ {printf "fourier_number = %.10g\n", fo * cooling / duration; cool = 0; next}
      {print}' > "$out/$name.toml"
}

names=()
for fo in 0.02 0.1 0.2 0.5; do make_config "fo${fo}_s1" 1 $fo; names+=("fo${fo}_s1"); done
for s in "${seeds[@]}"; do
  make_config "both_s$s" $s 0.05; names+=("both_s$s")
  make_config "baseline_s$s" $s base; names+=("baseline_s$s")
done
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} env OMP_NUM_THREADS=1 "$bin" run "$out/{}.toml" --quiet

python3 "$root/scripts/wet_profile_summary.py" "$out"/fo0.02_s1 "$out"/both_s1 "$out"/fo{0.1,0.2,0.5}_s1 \
  "${seeds[@]/#/$out/both_s}" "${seeds[@]/#/$out/baseline_s}" | tee "$out/summary.txt"
plot="$root/scripts/plots/pore_size_profile.py"
python3 "$plot" "$out"/fo0.02_s1 "$out"/both_s1 "$out"/fo{0.1,0.2,0.5}_s1 --labels "Fo 0.02" "Fo 0.05" "Fo 0.1" "Fo 0.2" "Fo 0.5" \
  --title "hot solvent on both sides at 128 C, 3000: Fourier number" -o "$out/two_sided_fourier.png"
python3 "$plot" "${shown[@]/#/$out/both_s}" "${shown[@]/#/$out/baseline_s}" \
  --labels "${shown[@]/#/both s}" "${shown[@]/#/baseline s}" \
  --title "seed scatter: baseline vs hot solvent on both sides (Fo 0.05)" -o "$out/two_sided_seeds.png"
python3 "$root/scripts/plots/cross_section.py" "$out"/baseline_s1 "$out"/both_s1 "$out"/fo0.5_s1 --stretch-z 60 \
  --labels "baseline" "both sides, Fo 0.05" "both sides, Fo 0.5" -o "$out/two_sided_cross_sections.png"
