#!/usr/bin/env python3
"""Morphology of the PP/copolymer blend vs composition and MFR ratio (docs/dry_process.md §5).

Runs `porefield run` on generated [blend] configs (a hold from a uniform melt with noise),
measures the connectivity of the copolymer phase (share of copolymer voxels, phi < 1/2, in the
largest 6-connected component, periodic in x, y, z) and plots it against the PP content for
several MFR ratios, with a mid-plane slice of each structure.

Needs numpy, scipy, h5py, matplotlib (pip install numpy scipy h5py matplotlib); not a build
dependency. Usage: scripts/plots/dry_morphology.py [--porefield build/porefield] [--n 32]
                   [--end 80] [--out docs/img]
"""
import argparse
import os
import subprocess
import tempfile

import h5py
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from scipy import ndimage

CONFIG = """
[grid]
shape = [{n}, {n}, {n}]
length_unit_um = 0.02
[blend]
pp_wt_percent = {wt}
mfr_pp = {mfr_pp}
mfr_rc = 1.0
propylene_wt_percent = 60
[initial]
kind = "uniform_noise"
amplitude = 0.02
seed = 3
[time]
dt = 0.1
adaptive = true
max_change = 0.02
end = {end}
[output]
every = 100000
"""


def periodic_largest_share(mask):
    """Share of mask voxels in the largest 6-connected component, periodic in every axis."""
    labels, count = ndimage.label(mask)
    if count == 0:
        return 0.0
    parent = np.arange(count + 1)

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for axis in range(3):
        a = np.take(labels, 0, axis=axis).ravel()
        b = np.take(labels, -1, axis=axis).ravel()
        for x, y in zip(a[(a > 0) & (b > 0)], b[(a > 0) & (b > 0)]):
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[rx] = ry
    roots = np.array([find(i) for i in range(count + 1)])
    sizes = np.bincount(roots[labels[mask]], minlength=count + 1)
    return sizes.max() / mask.sum()


def run(porefield, wt, mfr_pp, n, end, workdir):
    tag = f"wt{wt}_r{mfr_pp}"
    cfg = os.path.join(workdir, tag + ".toml")
    out = os.path.join(workdir, tag)
    with open(cfg, "w") as f:
        f.write(CONFIG.format(n=n, wt=wt, mfr_pp=mfr_pp, end=end))
    subprocess.run([porefield, "run", cfg, "--output", out, "--quiet", "--backend", "cpu"], check=True)
    with h5py.File(os.path.join(out, "final.h5")) as f:
        return f["phi"][:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--porefield", default="build/porefield")
    ap.add_argument("--n", type=int, default=32)
    ap.add_argument("--end", type=float, default=80.0)
    ap.add_argument("--out", default="docs/img")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    compositions = [40, 50, 60, 65, 70, 75, 80, 85, 90]
    ratios = [0.1, 1.0, 10.0]
    results = {}
    slices = {}
    with tempfile.TemporaryDirectory() as work:
        for r in ratios:
            for wt in compositions:
                phi = run(args.porefield, wt, r, args.n, args.end, work)
                results[(r, wt)] = periodic_largest_share(phi < 0.5)
                slices[(r, wt)] = phi[phi.shape[0] // 2]
                print(f"MFR ratio {r:5g}  PP {wt} wt%  copolymer connectivity {results[(r, wt)]:.3f}", flush=True)
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for r in ratios:
        ax.plot(compositions, [results[(r, wt)] for wt in compositions], "o-", label=f"MFR$_{{pp}}$/MFR$_{{rc}}$ = {r:g}")
    ax.set_xlabel("PP content (wt%)")
    ax.set_ylabel("copolymer voxels in largest component")
    ax.set_title(f"Copolymer connectivity, {args.n}$^3$, t = {args.end:g}")
    ax.axvspan(30, 90, color="0.93", zorder=0)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "dry_connectivity.png"), dpi=120)
    shown = [50, 70, 90]
    fig, axes = plt.subplots(len(ratios), len(shown), figsize=(2.4 * len(shown), 2.4 * len(ratios)))
    for i, r in enumerate(ratios):
        for j, wt in enumerate(shown):
            a = axes[i][j]
            a.imshow(slices[(r, wt)], cmap="coolwarm_r", vmin=0, vmax=1, origin="lower")
            a.set_xticks([])
            a.set_yticks([])
            a.set_title(f"{wt} wt% PP, ratio {r:g}", fontsize=8)
    fig.suptitle("z mid-plane: blue = PP (phi = 1), red = copolymer (phi = 0)", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "dry_morphology_slices.png"), dpi=120)
    with open(os.path.join(args.out, "dry_connectivity.csv"), "w") as f:
        f.write("mfr_ratio,pp_wt_percent,copolymer_connectivity\n")
        for (r, wt), v in sorted(results.items()):
            f.write(f"{r},{wt},{v:.4f}\n")


if __name__ == "__main__":
    main()
