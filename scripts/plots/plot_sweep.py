#!/usr/bin/env python3
"""Plots of a porefield sweep from the CSV that `porefield collect DIR` writes.

Needs matplotlib and numpy, which are not build dependencies:  pip install matplotlib numpy

  # a metric against a parameter; one line per value of the other swept parameters
  python3 scripts/plots/plot_sweep.py DIR/collected.csv --x model.chi_B --y porosity
  # the surface-layer pore size ratio a/b (top and bottom faces) against a parameter
  python3 scripts/plots/plot_sweep.py DIR/collected.csv --x model.M0 --ratio
  # a 2D map of a metric over two swept parameters (pcolormesh)
  python3 scripts/plots/plot_sweep.py DIR/collected.csv --map model.chi_B model.M0 --z mean_pore_size_um

Only rows with status "finished" are plotted. The PNG goes to --out (default: next to the CSV,
named after the plot). Parameter columns are those between "status" and "steps" in the CSV.
"""
import argparse
import csv
import math
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def number(text):
    try:
        v = float(text)
    except ValueError:
        return math.nan
    return v


def read(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = [r for r in reader]
    if not header or "status" not in header or "steps" not in header:
        sys.exit(f"{path}: not a `porefield collect` CSV (needs status and steps columns)")
    params = header[header.index("status") + 1 : header.index("steps")]
    finished = [r for r in rows if r["status"] == "finished"]
    if not finished:
        sys.exit(f"{path}: no finished point to plot ({len(rows)} rows)")
    return header, params, finished


def need(header, *columns):
    for c in columns:
        if c not in header:
            sys.exit(f"no column {c!r}; columns: {', '.join(header)}")


def varied(params, rows, exclude):
    return [p for p in params if p not in exclude and len({r[p] for r in rows}) > 1]


def label_of(key, rows, keys):
    return ", ".join(f"{k} = {v}" for k, v in zip(keys, key)) if keys else None


def line_plot(ax, rows, x, ys, others):
    groups = defaultdict(list)
    for r in rows:
        groups[tuple(r[p] for p in others)].append(r)
    markers = ["o", "s", "^", "v", "D"]
    styles = ["-", "--", ":", "-."]

    def numeric_key(item):  # 2 < 6.3 < 20, not "2" < "20" < "6.3"
        return tuple((0, number(v), "") if not math.isnan(number(v)) else (1, 0.0, v) for v in item[0])

    for gi, (key, members) in enumerate(sorted(groups.items(), key=numeric_key)):
        members.sort(key=lambda r: number(r[x]))
        xs = [number(r[x]) for r in members]
        for yi, y in enumerate(ys):
            name = label_of(key, rows, others)
            if len(ys) > 1:
                name = f"{y}" + (f" ({name})" if name else "")
            # One colour per group of the other parameters, one line style and marker per metric.
            ax.plot(xs, [number(r[y]) for r in members], color=f"C{gi % 10}", ls=styles[yi % len(styles)],
                    marker=markers[yi % len(markers)], label=name)
    if len(groups) > 1 or len(ys) > 1:
        ax.legend(fontsize="small")
    ax.set_xlabel(x)
    ax.grid(True, alpha=0.3)


def map_plot(fig, ax, rows, x, y, z):
    # One equal cell per swept value (sweeps are often log-spaced), labelled with the value.
    xs = sorted({r[x] for r in rows}, key=number)
    ys = sorted({r[y] for r in rows}, key=number)
    grid = np.full((len(ys), len(xs)), np.nan)
    for r in rows:
        grid[ys.index(r[y]), xs.index(r[x])] = number(r[z])
    mesh = ax.pcolormesh(np.arange(len(xs) + 1), np.arange(len(ys) + 1), np.ma.masked_invalid(grid), cmap="viridis")
    fig.colorbar(mesh, ax=ax, label=z)
    mid = np.nanmean([np.nanmin(grid), np.nanmax(grid)])
    for j in range(len(ys)):
        for i in range(len(xs)):
            if not math.isnan(grid[j, i]):
                ax.text(i + 0.5, j + 0.5, f"{grid[j, i]:.3g}", ha="center", va="center", fontsize="small",
                        color="k" if grid[j, i] > mid else "w")
    ax.set_xticks(np.arange(len(xs)) + 0.5, [f"{number(v):.4g}" for v in xs])
    ax.set_yticks(np.arange(len(ys)) + 0.5, [f"{number(v):.4g}" for v in ys])
    ax.set_xlabel(x)
    ax.set_ylabel(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", help="collected.csv from porefield collect")
    ap.add_argument("--x", help="parameter on the x axis")
    ap.add_argument("--y", action="append", help="metric on the y axis (repeatable)")
    ap.add_argument("--ratio", action="store_true", help="plot the surface-layer ratio a/b, top and bottom")
    ap.add_argument("--map", nargs=2, metavar=("X", "Y"), help="2D map over two parameters")
    ap.add_argument("--z", default="porosity", help="metric of the 2D map (default porosity)")
    ap.add_argument("--logx", action="store_true")
    ap.add_argument("--out", help="PNG file")
    a = ap.parse_args()

    header, params, rows = read(a.csv)
    fig, ax = plt.subplots(figsize=(6.4, 4.6), dpi=120)
    if a.map:
        need(header, *a.map, a.z)
        map_plot(fig, ax, rows, a.map[0], a.map[1], a.z)
        ax.set_title(f"{a.z} over {a.map[0]} x {a.map[1]}")
        name = f"map_{a.z}_{a.map[0]}_{a.map[1]}"
    else:
        if not a.x:
            ap.error("give --x PARAMETER (with --y METRIC or --ratio), or --map X Y")
        ys = (a.y or []) + (["ratio_top", "ratio_bottom"] if a.ratio else [])
        if not ys:
            ap.error("give --y METRIC or --ratio")
        need(header, a.x, *ys)
        others = varied(params, rows, {a.x})
        line_plot(ax, rows, a.x, ys, others)
        ax.set_ylabel("surface layer pore size ratio a/b" if a.ratio and not a.y else ", ".join(ys))
        if a.ratio:
            ax.axhline(1.0, color="k", lw=0.8, ls=":")
        ax.set_title(f"{', '.join(ys)} vs {a.x} ({len(rows)} points)")
        name = f"{'_'.join(ys)}_vs_{a.x}"
    if a.logx:
        ax.set_xscale("log")
    fig.tight_layout()
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(a.csv)), name.replace("/", "_") + ".png")
    fig.savefig(out)
    print(f"plot_sweep: wrote {out}")


if __name__ == "__main__":
    main()
