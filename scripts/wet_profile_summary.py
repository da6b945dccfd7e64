#!/usr/bin/env python3
"""One line per wet run: porosity, claim-4 a/b at both faces, the middle quarter's pore size over
the outer quarters', the bottom half's over the top half's, pore size in 8 depth bands and the
through-holes' shapes (docs/wet_process.md §4.1). Band and quarter means weight each slice's pore size by its porosity, as
tests/process/test_wet_claims.cpp does.

    python3 scripts/wet_profile_summary.py RUN_DIR [RUN_DIR ...]
"""
import json
import os
import sys


def band(report, a, b):
    total = weight = 0.0
    for k in range(a, b):
        size = report["pore_size_profile"][k]
        if size is None:
            continue
        eps = report["porosity_profile"][k]
        total += eps * size
        weight += eps
    return total / weight if weight else 0.0


def summary(run):
    with open(os.path.join(run, "pore_report.json")) as f:
        r = json.load(f)
    n = len(r["pore_size_profile"])
    bands = [band(r, i * n // 8, (i + 1) * n // 8) for i in range(8)]
    middle = band(r, 3 * n // 8, 5 * n // 8)
    outer = 0.5 * (band(r, 0, n // 4) + band(r, 3 * n // 4, n))
    halves = band(r, 0, n // 2) / band(r, n // 2, n)
    holes = [h["shape"] for h in r["through_holes"]["items"]]
    layers = r["surface_layers"]
    return (f"{os.path.basename(os.path.normpath(run))} | {r['porosity']:.3f} | {layers['bottom']['ratio']:.2f} | "
            f"{layers['top']['ratio']:.2f} | {middle / outer:.3f} | {halves:.3f} | {' '.join(f'{b:.3f}' for b in bands)} | "
            f"{', '.join(holes) or 'none'}")


if __name__ == "__main__":
    print("run | porosity | a/b bottom | a/b top | middle/outer | bottom/top half | pore size by depth, 8 bands (um) | holes")
    for run in sys.argv[1:]:
        print(summary(run))
