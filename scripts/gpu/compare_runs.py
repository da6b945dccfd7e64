#!/usr/bin/env python3
"""Compares porefield runs under OUT with a reference run (scripts/gpu/run_mpi_on_device.sh):
the largest relative difference of every numeric column of energy.csv and analysis.csv, and of
final.h5's phi when h5py is importable. Exits 1 when a run is missing or differs by more than
--rel (default 1e-8: the same double-precision run on another rank count or FFT path differs by
round-off, about eps log2(N) per step, 40 steps on 32^3 voxels give ~1e-12; CPU against GPU
differs by more, see tests/solver/test_backend_parity.cpp).

usage: compare_runs.py OUT REFERENCE RUN [RUN ...] [--rel 1e-8]"""
import argparse
import csv
import math
import os
import sys


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def csv_difference(a_path, b_path):
    a, b = rows(a_path), rows(b_path)
    if len(a) != len(b):
        return math.inf, f"{len(a)} rows vs {len(b)}"
    worst, where = 0.0, ""
    for i, (ra, rb) in enumerate(zip(a, b)):
        for key, va in ra.items():
            x, y = number(va), number(rb.get(key))
            if x is None or y is None or (math.isnan(x) and math.isnan(y)):
                continue
            d = abs(x - y) / max(1.0, abs(x))
            if not d <= worst:
                worst, where = d, f"row {i} {key}: {x!r} vs {y!r}"
    return worst, where


def field_difference(a_path, b_path):
    try:
        import h5py  # optional: the GPU image may not have it
    except ImportError:
        return None
    with h5py.File(a_path) as fa, h5py.File(b_path) as fb:
        a, b = fa["phi"][()], fb["phi"][()]
    return float(abs(a - b).max())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("reference")
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--rel", type=float, default=1e-8)
    args = parser.parse_args()
    ref = os.path.join(args.out, args.reference)
    ok = True
    for run in args.runs:
        other = os.path.join(args.out, run)
        if not os.path.exists(os.path.join(other, "run.json")):
            print(f"{run}: did not finish (see {other}.log)")
            ok = False
            continue
        for name in ("energy.csv", "analysis.csv"):
            if os.path.exists(os.path.join(ref, name)):
                d, where = csv_difference(os.path.join(ref, name), os.path.join(other, name))
                print(f"{run} vs {args.reference}: {name} max relative difference {d:.3e} {where}")
                ok = ok and d <= args.rel
        f = field_difference(os.path.join(ref, "final.h5"), os.path.join(other, "final.h5"))
        if f is not None:
            print(f"{run} vs {args.reference}: final.h5 phi max |difference| {f:.3e}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
