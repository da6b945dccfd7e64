#!/usr/bin/env python3
"""Offline cross-check of our distance transform and local thickness against PoreSpy.

Not part of the test suite and not a dependency: run by hand after
    pip install porespy
    cmake --build build-analysis --target local_thickness_dump
    python3 tests/analysis/crosscheck_porespy.py build-analysis/tests_analysis/local_thickness_dump

PoreSpy returns the local-thickness *radius*; we return the diameter. PoreSpy >= 3 quantises radii
to integers by default; its 'legacy' method with every distinct EDT value as a size is the exact
definition we implement, and must agree to the float32 round-off of PoreSpy's EDT.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import porespy as ps
import scipy.ndimage as ndi


def sphere_pack(shape, count, seed):
    rng = np.random.default_rng(seed)
    z, y, x = np.indices(shape)
    im = np.zeros(shape, bool)
    for _ in range(count):
        c = rng.uniform(0, shape[0], 3)
        r = rng.uniform(2, 7)
        im |= (z - c[0]) ** 2 + (y - c[1]) ** 2 + (x - c[2]) ** 2 <= r * r
    return im


def main(tool):
    shape = (40, 40, 40)
    im = sphere_pack(shape, 25, 1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        im.astype(np.uint8).tofile(tmp / "mask.raw")
        subprocess.run([tool, tmp / "mask.raw", *map(str, shape), tmp / "edt.raw", tmp / "lt.raw"], check=True)
        edt = np.fromfile(tmp / "edt.raw").reshape(shape)
        lt = np.fromfile(tmp / "lt.raw").reshape(shape)

    edt_scipy = ndi.distance_transform_edt(im)
    print(f"pore voxels {im.sum()}, porosity {im.mean():.4f}")
    print(f"EDT: max |ours - scipy| = {np.abs(edt - edt_scipy).max():.3g}")
    ps_dt = ps.filters._lt_methods.edt(im)
    ps_lt = ps.filters.local_thickness(im, dt=ps_dt, sizes=np.unique(ps_dt[im]), method="legacy")
    diff = np.abs(lt[im] / 2 - ps_lt[im])
    print(f"local thickness vs PoreSpy legacy (all sizes): max |ours/2 - porespy| = {diff.max():.3g} voxel")
    default = ps.filters.local_thickness(im)
    print(f"mean radius: ours {lt[im].mean() / 2:.4f}, PoreSpy default (integer radii) {default[im].mean():.4f}")
    return 0 if diff.max() < 1e-5 and np.abs(edt - edt_scipy).max() < 1e-12 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
