#!/usr/bin/env python3
"""Cross-sections through the thickness of a porefield run (x-z plane at mid y).

Reads RUN/final.h5 (datasets `phi` and, after an extract stage, `pore`) and draws the field and
the pore mask at true scale (spacing from the file's attributes, in um when the run has
[grid] length_unit_um). z = 0 (the bottom face, where a one-sided hot solvent acts) is at the
bottom of the picture.

    pip install h5py matplotlib numpy
    python3 scripts/plots/cross_section.py RUN_DIR [RUN_DIR ...] -o cross_section.png
"""
import argparse
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def load(run):
    with h5py.File(os.path.join(run, "final.h5"), "r") as f:
        phi = f["phi"][...]
        pore = f["pore"][...] if "pore" in f else None
        spacing = np.array(f["phi"].attrs.get("spacing", [1.0, 1.0, 1.0]), dtype=float)  # (hz, hy, hx)
        unit = float(f["phi"].attrs.get("length_unit_um", 0.0) or 0.0)
    return phi, pore, spacing * (unit if unit > 0 else 1.0), unit > 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("-o", "--output", default="cross_section.png")
    ap.add_argument("--labels", nargs="*", help="one title per run (default: the directory name)")
    ap.add_argument("--stretch-z", type=float, default=1.0,
                    help="draw z this many times taller (thin stretched films); 0 = fill the panel")
    args = ap.parse_args()
    labels = args.labels or [os.path.basename(os.path.normpath(r)) for r in args.runs]
    fig, axes = plt.subplots(len(args.runs), 2, figsize=(10, 2.6 * len(args.runs)), squeeze=False)
    for row, (run, label) in enumerate(zip(args.runs, labels)):
        phi, pore, h, in_um = load(run)
        nz, ny, nx = phi.shape
        j = ny // 2
        extent = [0, nx * h[2], 0, nz * h[0]]
        unit = "um" if in_um else "length units"
        aspect = "auto" if args.stretch_z == 0 else args.stretch_z
        ax = axes[row][0]
        im = ax.imshow(phi[:, j, :], origin="lower", extent=extent, cmap="viridis", aspect=aspect, vmin=0, vmax=max(0.6, phi.max()))
        ax.set_title(f"{label}: polymer fraction phi (x-z, y = {j})", fontsize=9)
        ax.set_xlabel(f"x (MD), {unit}")
        ax.set_ylabel(f"z (thickness), {unit}")
        fig.colorbar(im, ax=ax, fraction=0.03)
        ax = axes[row][1]
        mask = pore[:, j, :] if pore is not None else (phi[:, j, :] < 0.3).astype(np.uint8)
        ax.imshow(mask, origin="lower", extent=extent, cmap="gray_r", aspect=aspect, vmin=0, vmax=1)
        ax.set_title(f"{label}: pore space (black){'' if pore is not None else ' = phi < 0.3'}", fontsize=9)
        ax.set_xlabel(f"x (MD), {unit}")
        d = nz * h[0]
        for depth in (d / 16, d - d / 16):
            ax.axhline(depth, color="tab:red", lw=0.8, ls="--")
    fig.tight_layout()
    fig.savefig(args.output, dpi=130)
    print("wrote", args.output)


if __name__ == "__main__":
    main()
