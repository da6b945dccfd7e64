#!/usr/bin/env python3
"""Mean pore size versus depth for one or more porefield runs (claims 1-4 of seed 000).

Reads RUN/pore_report.json (written by a run's [analysis] or by `porefield analyze`): the
per-slice mean local-thickness pore size, the claim-4 surface layers (a: surface to d/16,
b: the rest) and the through-hole shapes. Depth is normalised by the thickness d; z = 0 is the
bottom face. The slices are averaged in `--bins` bands so the noise of single slices does not
hide the trend. Prints a/b per face and the hole shapes for each run.

    pip install matplotlib numpy
    python3 scripts/plots/pore_size_profile.py RUN_DIR [RUN_DIR ...] -o profile.png [--labels ...]
"""
import argparse
import collections
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("-o", "--output", default="pore_size_profile.png")
    ap.add_argument("--labels", nargs="*")
    ap.add_argument("--bins", type=int, default=12)
    ap.add_argument("--title", default="mean pore size through the thickness")
    args = ap.parse_args()
    labels = args.labels or [os.path.basename(os.path.normpath(r)) for r in args.runs]
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for run, label in zip(args.runs, labels):
        with open(os.path.join(run, "pore_report.json")) as f:
            r = json.load(f)
        prof = np.array([np.nan if v is None else v for v in r["pore_size_profile"]], dtype=float)
        por = np.array(r["porosity_profile"], dtype=float)
        n = len(prof)
        edges = np.linspace(0, n, args.bins + 1).astype(int)
        centres, means = [], []
        for a, b in zip(edges[:-1], edges[1:]):
            w = por[a:b]
            v = prof[a:b]
            ok = np.isfinite(v) & (w > 0)
            centres.append((a + b) / 2 / n)
            means.append(np.sum(v[ok] * w[ok]) / np.sum(w[ok]) if ok.any() else np.nan)
        sl = r["surface_layers"]
        shapes = collections.Counter(h["shape"] for h in r["through_holes"]["items"])
        print(f"{label}: porosity {r['porosity']:.3f}, mean pore {r['mean_pore_size']:.3g} um; "
              f"bottom a/b = {sl['bottom']['ratio']:.3f} (a {sl['bottom']['a']:.3g}, b {sl['bottom']['b']:.3g}); "
              f"top a/b = {sl['top']['ratio']:.3f}; through-holes {dict(shapes)}")
        ax.plot(centres, means, "o-", label=f"{label} (a/b bottom {sl['bottom']['ratio']:.2f}, top {sl['top']['ratio']:.2f})")
    for x in (1 / 16, 15 / 16):
        ax.axvline(x, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("depth z / d (0 = bottom face)")
    ax.set_ylabel("mean pore size (local thickness), um")
    ax.set_title(args.title, fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(args.output, dpi=130)
    print("wrote", args.output)


if __name__ == "__main__":
    main()
