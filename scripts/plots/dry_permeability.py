#!/usr/bin/env python3
"""Predicted Gurley number and moisture permeability of the dry-process recipes
(configs/dry/sweep_*.toml, claim1_ci, claim11_ci) against seed 001's claim ranges
(docs/dry_process.md §6). Runs `porefield run` on each config, reads pore_report.json, and
scales both numbers from the simulated film thickness L_box to a 25 um membrane with the same
structure (Gurley ~ L, moisture flux ~ 1/L in the analysis' formulas, docs/analysis.md).

Needs matplotlib (pip install matplotlib). Usage:
  scripts/plots/dry_permeability.py [--porefield build/porefield] [--out docs/img]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import tempfile

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

MEMBRANE_UM = 25.0


def run(porefield, config, work):
    out = os.path.join(work, os.path.basename(config)[:-5])
    subprocess.run([porefield, "run", config, "--output", out, "--quiet", "--backend", "cpu"], check=True)
    with open(os.path.join(out, "pore_report.json")) as f:
        r = json.load(f)
    scale = MEMBRANE_UM / r["thickness"]
    g = r["gurley_s_per_100ml"]
    m = r["moisture_g_per_m2_day"]
    cup = r.get("moisture_cup_g_per_m2_day")
    # The cup's own air-gap transmission J_gap from 1/cup = 1/m + 1/J_gap; at 25 um the membrane
    # term scales with thickness and the gap stays.
    cup_25 = None
    if m and cup:
        cup_25 = 1.0 / (scale / m + (1.0 / cup - 1.0 / m))
    return {"porosity": r["porosity"], "tortuosity": r["tortuosity"], "pore_um": r["mean_pore_size"],
            "thickness_um": r["thickness"], "gurley_25um": None if g is None else g * scale,
            "moisture_25um": None if m is None else m / scale,
            "moisture_cup_25um": cup_25,
            "through_holes": len(r["through_holes"]["items"]) if isinstance(r["through_holes"], dict) and "items" in r["through_holes"] else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--porefield", default="build/porefield")
    ap.add_argument("--out", default="docs/img")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = {}
    with tempfile.TemporaryDirectory() as work:
        for cfg in sorted(glob.glob("configs/dry/*_ci.toml")) + sorted(glob.glob("configs/dry/sweep_*.toml")):
            rows[os.path.basename(cfg)[:-5]] = r = run(args.porefield, cfg, work)
            print(os.path.basename(cfg), json.dumps(r), flush=True)
    with open(os.path.join(args.out, "dry_permeability.json"), "w") as f:
        json.dump(rows, f, indent=1)

    def series(prefix):
        pts = []
        for k, v in rows.items():
            m = re.fullmatch(prefix + r"_([0-9.]+)", k)
            if m:
                pts.append((float(m.group(1)), v))
        return sorted(pts, key=lambda p: p[0])

    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5))
    for col, (prefix, label, logx) in enumerate([("sweep_mfr", "MFR$_{pp}$/MFR$_{rc}$", True),
                                                 ("sweep_stretch", "stretch ratio (uniaxial, MD)", False),
                                                 ("sweep_draft", "draft ratio", False)]):
        pts = series(prefix)
        x = [p[0] for p in pts]
        for row, (key, ylabel, bands) in enumerate([
                ("gurley_25um", "Gurley (s/100 mL), 25 um", [(1, 2000, "claim 9"), (10, 20000, "claim 17")]),
                ("moisture_25um", "moisture (g/m$^2$ 24 h), 25 um", [(1000, 20000, "claim 9"), (200, 10000, "claim 17")])]):
            ax = axes[row][col]
            # No through-pore: Gurley infinite, moisture 0; neither fits a log axis, so not drawn.
            y = [p[1][key] if p[1][key] else float("nan") for p in pts]
            for (lo, hi, name), colour in zip(bands, ["tab:green", "tab:orange"]):
                ax.axhspan(lo, hi, color=colour, alpha=0.15, label=name)
            ax.plot(x, y, "ko-", label="membrane alone" if key == "moisture_25um" else None)
            if key == "moisture_25um":
                y_cup = [p[1]["moisture_cup_25um"] if p[1].get("moisture_cup_25um") else float("nan") for p in pts]
                ax.plot(x, y_cup, "bs--", label="as a JIS Z 0208 cup reads it (3 mm air gap)")
            ax.set_yscale("log")
            if logx:
                ax.set_xscale("log")
            ax.set_xlabel(label)
            ax.set_ylabel(ylabel)
            if col == 0:
                ax.legend(fontsize=7)
    fig.suptitle("Predicted permeability of the dry-process recipes (32$^3$ CI size, scaled to a 25 um film)")
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "dry_permeability.png"), dpi=110)


if __name__ == "__main__":
    main()
