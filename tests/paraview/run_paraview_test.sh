#!/usr/bin/env bash
# The ParaView round trip with the real pvpython: a tiny run, `analyze --vtk`, `export --vti`,
# then ParaView's readers on every file (scripts/paraview/check_outputs.py) and the render script,
# whose PNG must show a picture (check_png.py). Exit 77 (CTest: skipped) without pvpython or
# without any way to render (no DISPLAY and no Xvfb), or when porefield was built without VTK.
#   run_paraview_test.sh POREFIELD SOURCE_DIR WORK_DIR HAVE_VTK(1|0)
set -euo pipefail
porefield=$1 src=$2 work=$3 have_vtk=$4

if [[ "$have_vtk" != 1 ]]; then
  echo "SKIP: porefield was built without VTK (PF_ENABLE_VTK=OFF): no .vti/.vtp to open"
  exit 77
fi
if ! command -v pvpython >/dev/null; then
  echo "SKIP: pvpython not found (apt-get install paraview python3-paraview)"
  exit 77
fi
if [[ -z "${DISPLAY:-}" ]] && ! command -v Xvfb >/dev/null; then
  echo "SKIP: no DISPLAY and no Xvfb to render with (apt-get install xvfb)"
  exit 77
fi
pv() { "$src/scripts/paraview/with_display.sh" pvpython --force-offscreen-rendering "$@"; }

rm -rf "$work"
mkdir -p "$work"
run="$work/run"
# 32 x 32 x 16 points, spacing (1, 0.8, 0.6); snapshots every 200 of 800 steps: 5 frames.
"$porefield" run "$src/tests/paraview/tiny_membrane.toml" --output "$run" --quiet
"$porefield" analyze "$run/final.h5" --pore-below 0.5 --no-tortuosity --json "$run/report.json" --vtk "$run/vtk" >/dev/null
"$porefield" export "$run/final.h5" --dataset phi --vti "$run/phi.vti"

pv "$src/scripts/paraview/check_outputs.py" --dims 32,32,16 --spacing 1,0.8,0.6 \
  --xdmf "$run/fields.xdmf" --frames 5 \
  --vti "$run/phi.vti=phi" --vti "$run/vtk/local_thickness.vti=local_thickness,pore,through_hole" \
  --pores "$run/vtk/pores.vtp" --holes "$run/vtk/through_holes.vtp"

for slice_by in phi local_thickness; do
  png="$work/pores_$slice_by.png"
  pv "$src/scripts/paraview/render_pores.py" --vtk-dir "$run/vtk" --xdmf "$run/fields.xdmf" \
    --slice-by "$slice_by" --size 800x600 --out "$png"
  pvpython "$src/tests/paraview/check_png.py" "$png" 800 600
done
