#!/usr/bin/env bash
# Quick start 1: install what is missing, build, run the default membrane job (the wet process of
# seed 000 with hot solvent on one side, configs/wet_hot_solvent_one_side.toml: about a minute on
# 2 cores), print its pore report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_dependencies.sh
bash scripts/build.sh
# Never overwrite an earlier run: a second quick start gets a time-stamped directory.
out=${1:-runs/wet_hot_solvent_one_side}
[[ -z "${1:-}" && -e "$out" ]] && out="runs/wet_hot_solvent_one_side-$(date +%Y%m%d-%H%M%S)"
if [[ -e "$out" ]]; then
  echo "porefield: $out exists; choose a new output directory" >&2
  exit 2
fi
./build/porefield run configs/wet_hot_solvent_one_side.toml --output "$out"
echo
cat "$out/pore_report.md"
echo
echo "Open $out/fields.xdmf in ParaView; re-analyse with: build/porefield analyze $out/final.h5 --dataset pore --json report.json"
echo "Pore surface and network for ParaView (docs/output.md): add --vtk $out/vtk to that command, then"
echo "  scripts/paraview/with_display.sh pvpython scripts/paraview/render_pores.py --vtk-dir $out/vtk --xdmf $out/fields.xdmf --out pores.png"
