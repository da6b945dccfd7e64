#!/usr/bin/env python3
"""The copolymer's continuity transition vs PP content at MFR ratios 1/100, 1 and 100
(docs/dry_process.md §5; the same measurement as tests/dry/test_dry_transition.cpp).

2D 64 x 64 holds to t = 40 from the noisy uniform melt, 6 seeds per point; connectivity = share
of copolymer voxels (phi < 1/2) in the largest periodic 4-connected cluster, seed-averaged.
Needs numpy, scipy, h5py, matplotlib. Usage: scripts/plots/dry_transition.py
[--porefield build/porefield] [--out docs/img] [--jobs 2]
"""
import argparse
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

import h5py
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from dry_morphology import CONFIG, periodic_largest_share

CONFIG_2D = CONFIG.replace("shape = [{n}, {n}, {n}]", "shape = [{n}, {n}, 1]").replace("seed = 3", "seed = {seed}")
LADDER = [47, 50, 53, 56, 59, 62, 65]
RATIOS = [0.01, 1.0, 100.0]
SEEDS = range(1, 7)


def connectivity(porefield, work, wt, ratio, seed):
    tag = os.path.join(work, f"w{wt}_r{ratio}_s{seed}")
    with open(tag + ".toml", "w") as f:
        f.write(CONFIG_2D.format(n=64, wt=wt, mfr_pp=ratio, end=40.0, seed=seed))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    subprocess.run([porefield, "run", tag + ".toml", "--output", tag, "--quiet", "--backend", "cpu"], check=True, env=env)
    with h5py.File(os.path.join(tag, "final.h5")) as f:
        phi = f["phi"][:].reshape(1, 64, 64)
    return periodic_largest_share(phi < 0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--porefield", default="build/porefield")
    ap.add_argument("--out", default="docs/img")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    jobs = [(wt, r, s) for r in RATIOS for wt in LADDER for s in SEEDS]
    with tempfile.TemporaryDirectory() as work, ThreadPoolExecutor(args.jobs) as pool:
        values = list(pool.map(lambda j: connectivity(args.porefield, work, *j), jobs))
    mean = {}
    for (wt, r, _), v in zip(jobs, values):
        mean[(r, wt)] = mean.get((r, wt), 0.0) + v / len(SEEDS)
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for r in RATIOS:
        ys = [mean[(r, wt)] for wt in LADDER]
        print(f"MFR ratio {r:g}: " + ", ".join(f"{wt} wt% {y:.3f}" for wt, y in zip(LADDER, ys)))
        ax.plot(LADDER, ys, "o-", label=f"MFR$_{{pp}}$/MFR$_{{rc}}$ = {r:g}")
    ax.axhline(0.5, color="0.5", lw=0.8, ls="--")
    ax.set_xlabel("PP content (wt%)")
    ax.set_ylabel("copolymer share in largest cluster")
    ax.set_title("Continuity transition, 2D 64$^2$, t = 40, 6 seeds")
    ax.legend()
    fig.tight_layout()
    os.makedirs(args.out, exist_ok=True)
    fig.savefig(os.path.join(args.out, "dry_transition.png"), dpi=120)


if __name__ == "__main__":
    main()
