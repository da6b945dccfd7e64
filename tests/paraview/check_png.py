"""Decodes a rendered PNG (VTK's PNG reader) and checks it shows a picture, not a blank window.

    pvpython check_png.py IMAGE.png WIDTH HEIGHT

Passes when the image has the given size, at least 10 % of its pixels differ from the
background colour (the corner pixel) and it holds at least 200 distinct colours (shaded
surfaces and colour maps, not a few flat fills). Exit 0 or 1 with the reason.
"""
import sys

from vtkmodules.vtkIOImage import vtkPNGReader


def main():
    path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    reader = vtkPNGReader()
    if not reader.CanReadFile(path):
        print(f"check_png: FAIL: {path} is not a readable PNG")
        return 1
    reader.SetFileName(path)
    reader.Update()
    image = reader.GetOutput()
    dims = image.GetDimensions()
    pixels = image.GetPointData().GetScalars()
    comps = pixels.GetNumberOfComponents()
    failures = []
    if (dims[0], dims[1]) != (width, height):
        failures.append(f"size {dims[0]} x {dims[1]}, expected {width} x {height}")
    background = tuple(pixels.GetTuple(0)[:3])
    n = pixels.GetNumberOfTuples()
    colours = set()
    differ = 0
    for i in range(0, n):
        rgb = tuple(pixels.GetTuple(i)[:3]) if comps >= 3 else (pixels.GetTuple1(i),) * 3
        if rgb != background:
            differ += 1
        colours.add(rgb)
    fraction = differ / n
    if fraction < 0.10:
        failures.append(f"only {100 * fraction:.1f} % of the pixels differ from the background {background}")
    if len(colours) < 200:
        failures.append(f"only {len(colours)} distinct colours")
    for f in failures:
        print(f"check_png: FAIL: {path}: {f}")
    if not failures:
        print(f"check_png: {path}: {width} x {height}, {100 * fraction:.1f} % non-background pixels, {len(colours)} colours")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
