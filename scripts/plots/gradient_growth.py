#!/usr/bin/env python3
"""How the one-sided gradient grows with hot-solvent temperature and time, per seed (issue 7).

Reads the runs of `SWEEP_SEEDS="1 2 3 4" bash scripts/wet_sweep.sh DIR`: DIR/T{T}_d3000_s{seed}
and DIR/T128_d{duration}_s{seed}, each with its pore_report.json. The gradient is the ratio of
the mean pore size of the treated (bottom) half over the untreated (top) half, porosity-weighted
as in tests/process/test_wet_claims.cpp; the treated face's claim-4 a/b is printed beside it.
Prints a markdown table and plots both families, one line per seed.

    python3 scripts/plots/gradient_growth.py DIR --seeds 1 2 3 4 -o gradient_growth.png

Missing runs are left blank.
"""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

TEMPERATURES = [90, 100, 115, 128, 135, 145]
DURATIONS = [500, 1000, 2000, 3000]


def half_ratio(report):
    """Mean pore size of the bottom half over the top half, weighted by slice porosity."""
    size = np.array([np.nan if v is None else v for v in report["pore_size_profile"]], dtype=float)
    eps = np.array(report["porosity_profile"], dtype=float)
    n = len(size)

    def band(a, b):
        ok = np.isfinite(size[a:b])
        w = eps[a:b][ok]
        return np.sum(size[a:b][ok] * w) / np.sum(w)

    return band(0, n // 2) / band(n // 2, n)


def load(directory, name):
    path = os.path.join(directory, name, "pore_report.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory")
    ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3, 4])
    ap.add_argument("-o", "--output", default="gradient_growth.png")
    args = ap.parse_args()

    families = [("T_hot (C), 3000 time units", TEMPERATURES, lambda t, s: f"T{t}_d3000_s{s}"),
                ("duration at 128 C (time units)", DURATIONS, lambda d, s: f"T128_d{d}_s{s}")]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), sharey=True)
    for ax, (xlabel, values, name) in zip(axes, families):
        print(f"\n| seed | " + " | ".join(str(v) for v in values) + " |")
        print("|---" * (len(values) + 1) + "|")
        for seed in args.seeds:
            reports = [load(args.directory, name(v, seed)) for v in values]
            ratios = [half_ratio(r) if r else np.nan for r in reports]
            faces = [r["surface_layers"]["bottom"]["ratio"] if r else np.nan for r in reports]
            cells = [f"{h:.2f} ({a:.2f})" for h, a in zip(ratios, faces)]
            print(f"| {seed} | " + " | ".join(cells) + " |")
            ax.plot(values, ratios, "o-", label=f"seed {seed}")
        ax.set_xlabel(xlabel)
        ax.axhline(1.0, color="grey", lw=0.8, ls="--")
    print("\n(cells: bottom-half / top-half pore size, and the treated face's a/b in brackets)")
    axes[0].axvline(135, color="grey", lw=0.8, ls=":")  # the recipes' melting point: above it the treated face closes
    axes[0].set_ylabel("pore size, treated half / untreated half")
    axes[0].legend(fontsize=8)
    fig.suptitle("one-sided hot solvent: gradient versus temperature and time (dotted: T_m)", fontsize=10)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
