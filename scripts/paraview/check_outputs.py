"""Opens porefield's ParaView files with ParaView's own readers and checks what they hold.

Run with pvpython (under scripts/paraview/with_display.sh when there is no X display):

    pvpython check_outputs.py --dims 32,32,16 --spacing 1,1,1 \
        --xdmf RUN/fields.xdmf --frames 5 \
        --vti RUN/phi.vti=phi --vti RUN/vtk/local_thickness.vti=local_thickness,pore,through_hole \
        --pores RUN/vtk/pores.vtp --holes RUN/vtk/through_holes.vtp

--dims (points along x, y, z) and --spacing (x, y, z) are what every volume must have; the
surfaces and lines must lie inside that box. Exit 0 when everything holds, 1 with one line per
failed check otherwise.
"""
import argparse
import sys

from paraview import servermanager
from paraview.simple import OpenDataFile, XMLImageDataReader, XMLPolyDataReader

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def check_image(name, image, dims, spacing, arrays):
    extent = image.GetExtent()
    got_dims = [extent[1] - extent[0] + 1, extent[3] - extent[2] + 1, extent[5] - extent[4] + 1]
    check(got_dims == dims, f"{name}: points {got_dims}, expected {dims}")
    got_spacing = list(image.GetSpacing())
    check(all(close(a, b) for a, b in zip(got_spacing, spacing)), f"{name}: spacing {got_spacing}, expected {spacing}")
    for array in arrays:
        a = image.GetPointData().GetArray(array)
        if check(a is not None, f"{name}: no point array '{array}'"):
            check(a.GetNumberOfTuples() == dims[0] * dims[1] * dims[2], f"{name}: '{array}' has {a.GetNumberOfTuples()} values")
            lo, hi = a.GetRange()
            check(hi > lo, f"{name}: '{array}' is constant ({lo})")


def box(dims, spacing):
    return [(0.0, (n - 1) * h) for n, h in zip(dims, spacing)]


def check_inside(name, poly, dims, spacing, slack):
    b = poly.GetBounds()
    for axis, (lo, hi) in enumerate(box(dims, spacing)):
        check(lo - slack <= b[2 * axis] and b[2 * axis + 1] <= hi + slack,
              f"{name}: bounds {b[2 * axis]:.4g}..{b[2 * axis + 1]:.4g} along axis {axis} leave the box {lo}..{hi}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dims", required=True, help="points along x,y,z")
    p.add_argument("--spacing", required=True, help="spacing along x,y,z (the files' length unit)")
    p.add_argument("--xdmf", help="a run's fields.xdmf")
    p.add_argument("--frames", type=int, help="time steps the XDMF series must have")
    p.add_argument("--vti", action="append", default=[], help="FILE=ARRAY[,ARRAY...]")
    p.add_argument("--pores", help="pores.vtp")
    p.add_argument("--holes", help="through_holes.vtp")
    a = p.parse_args()
    dims = [int(v) for v in a.dims.split(",")]
    spacing = [float(v) for v in a.spacing.split(",")]

    if a.xdmf:
        reader = OpenDataFile(a.xdmf)
        if check(reader is not None, f"{a.xdmf}: ParaView has no reader for it"):
            times = list(reader.TimestepValues) if hasattr(reader.TimestepValues, "__len__") else [reader.TimestepValues]
            if a.frames is not None:
                check(len(times) == a.frames, f"{a.xdmf}: {len(times)} time steps, expected {a.frames}")
            check(times == sorted(times), f"{a.xdmf}: times not increasing: {times}")
            reader.UpdatePipeline(times[-1])
            check_image(a.xdmf, servermanager.Fetch(reader), dims, spacing, ["phi"])

    for spec in a.vti:
        path, _, arrays = spec.partition("=")
        reader = XMLImageDataReader(FileName=[path])
        reader.UpdatePipeline()
        check_image(path, servermanager.Fetch(reader), dims, spacing, [s for s in arrays.split(",") if s])

    slack = max(spacing)
    if a.pores:
        reader = XMLPolyDataReader(FileName=[a.pores])
        reader.UpdatePipeline()
        surface = servermanager.Fetch(reader)
        check(surface.GetNumberOfPolys() > 0, f"{a.pores}: no triangles")
        check(surface.GetPointData().GetNormals() is not None, f"{a.pores}: no normals")
        check_inside(a.pores, surface, dims, spacing, slack)

    if a.holes:
        reader = XMLPolyDataReader(FileName=[a.holes])
        reader.UpdatePipeline()
        lines = servermanager.Fetch(reader)
        if check(lines.GetNumberOfLines() > 0, f"{a.holes}: no through-hole lines"):
            check(lines.GetPointData().GetArray("size_um") is not None, f"{a.holes}: no point array 'size_um'")
            for array in ("hole", "shape", "narrowest_um", "opening_top_um", "opening_bottom_um"):
                check(lines.GetCellData().GetArray(array) is not None, f"{a.holes}: no cell array '{array}'")
            # Through-holes reach both faces, and the skeleton has a point in every slice between.
            b = lines.GetBounds()
            check(close(b[4], 0.0) and close(b[5], (dims[2] - 1) * spacing[2]),
                  f"{a.holes}: lines span z {b[4]}..{b[5]}, not the thickness 0..{(dims[2] - 1) * spacing[2]}")
            slices = {round(lines.GetPoint(i)[2] / spacing[2]) for i in range(lines.GetNumberOfPoints())}
            check(slices == set(range(dims[2])), f"{a.holes}: points in slices {sorted(slices)}, not in every slice")

    for f in failures:
        print(f"check_outputs: FAIL: {f}")
    if not failures:
        print("check_outputs: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
