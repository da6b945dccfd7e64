"""Renders a PNG of a membrane's pore network from porefield's ParaView files.

    pvpython render_pores.py --vtk-dir DIR [--xdmf RUN/fields.xdmf] --out pores.png
        [--slice-by phi|local_thickness] [--size 1200x900]

DIR is what `porefield analyze ... --vtk DIR` wrote (pores.vtp, local_thickness.vti,
through_holes.vtp). The picture is a cut-away: the quadrant x > x_mid, y < y_mid (the corner
facing the camera) is removed from the pore surface and from the through-hole skeleton (tubes
coloured by the local pore size, um); the floor of that corner is a cross-section at mid-depth
coloured by phi (the last frame of the run's XDMF series) or by local thickness; and the box
outline. All files share the field's grid and length unit, so they overlay.
Without an X display run it as `scripts/paraview/with_display.sh pvpython render_pores.py ...`.
"""
import argparse
import os
import sys

from paraview.simple import (XMLImageDataReader, XMLPolyDataReader, OpenDataFile, Clip, Slice, Tube, Outline,
                             Show, ColorBy, GetActiveViewOrCreate, GetColorTransferFunction, GetAnimationScene, GetScalarBar,
                             GetActiveCamera,
                             SaveScreenshot, Render)


def label(lut, preset, title, view, display):
    """Colour map preset and a readable scalar bar (dark text on the white background)."""
    lut.ApplyPreset(preset, True)
    display.SetScalarBarVisibility(view, True)
    bar = GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    bar.TitleColor = [0.1, 0.1, 0.1]
    bar.LabelColor = [0.1, 0.1, 0.1]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--vtk-dir", required=True, help="directory written by porefield analyze --vtk")
    p.add_argument("--xdmf", help="the run's fields.xdmf (cross-section coloured by phi of its last frame)")
    p.add_argument("--slice-by", choices=["phi", "local_thickness"], help="default: phi with --xdmf, else local_thickness")
    p.add_argument("--out", required=True, help="PNG to write")
    p.add_argument("--size", default="1200x900", help="WIDTHxHEIGHT in pixels")
    a = p.parse_args()
    slice_by = a.slice_by or ("phi" if a.xdmf else "local_thickness")
    if slice_by == "phi" and not a.xdmf:
        sys.exit("render_pores.py: --slice-by phi needs --xdmf")
    width, height = (int(v) for v in a.size.split("x"))

    pores = XMLPolyDataReader(FileName=[os.path.join(a.vtk_dir, "pores.vtp")])
    holes = XMLPolyDataReader(FileName=[os.path.join(a.vtk_dir, "through_holes.vtp")])
    thickness = XMLImageDataReader(FileName=[os.path.join(a.vtk_dir, "local_thickness.vti")])
    thickness.UpdatePipeline()
    x0, x1, y0, y1, z0, z1 = thickness.GetDataInformation().GetBounds()
    centre = [(x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2]
    spacing = (x1 - x0) / max(1, thickness.GetDataInformation().GetExtent()[1])
    extent = max(x1 - x0, y1 - y0, z1 - z0)

    view = GetActiveViewOrCreate("RenderView")
    view.ViewSize = [width, height]
    view.Background = [1, 1, 1]
    try:  # ParaView 5.10+: the background comes from the palette unless told otherwise
        view.UseColorPaletteForBackground = 0
    except AttributeError:
        pass
    view.OrientationAxesVisibility = 1

    # Cut-away: the quadrant x > x_mid, y < y_mid (the corner facing the camera) is removed from
    # the pore surface and the skeleton, so the camera looks into the network.
    corner = [centre[0], y0 - extent, z0 - extent]
    corner_size = [x1 - centre[0] + extent, centre[1] - y0 + extent, z1 - z0 + 3 * extent]

    def without_corner(source):
        clip = Clip(Input=source, ClipType="Box")
        clip.ClipType.Position = corner
        clip.ClipType.Length = corner_size
        clip.Invert = 0  # keep what lies outside the box
        return clip

    surface = Show(without_corner(pores), view)
    surface.ColorArrayName = ["POINTS", ""]
    surface.DiffuseColor = [0.85, 0.82, 0.75]
    surface.Specular = 0.3

    tubes = Tube(Input=holes)
    tubes.Radius = 0.6 * spacing
    tube_display = Show(without_corner(tubes), view)
    ColorBy(tube_display, ("POINTS", "size_um"))
    label(GetColorTransferFunction("size_um"), "Inferno (matplotlib)", "hole size (um)", view, tube_display)

    # Cross-section: the floor of the removed corner, a slice at mid-depth.
    if slice_by == "phi":
        series = OpenDataFile(a.xdmf)
        times = series.TimestepValues
        last = times[-1] if hasattr(times, "__len__") else times
        scene = GetAnimationScene()
        scene.UpdateAnimationUsingDataTimeSteps()
        scene.AnimationTime = last
        volume = series
    else:
        volume = thickness
    section = Slice(Input=volume, SliceType="Plane")
    section.SliceType.Origin = centre
    section.SliceType.Normal = [0, 0, 1]
    floor = Clip(Input=section, ClipType="Box")
    floor.ClipType.Position = corner
    floor.ClipType.Length = corner_size
    floor.Invert = 1  # keep what lies inside the box
    section_display = Show(floor, view)
    ColorBy(section_display, ("POINTS", slice_by))
    label(GetColorTransferFunction(slice_by), "Viridis (matplotlib)" if slice_by == "local_thickness" else "Cool to Warm",
          "local thickness (um)" if slice_by == "local_thickness" else "phi", view, section_display)

    outline = Show(Outline(Input=thickness), view)
    outline.ColorArrayName = ["POINTS", ""]
    outline.DiffuseColor = [0.2, 0.2, 0.2]
    outline.AmbientColor = [0.2, 0.2, 0.2]

    # Look into the removed corner from above. paraview.simple resets the camera on a view's
    # first render, so render once before placing it.
    Render(view)
    view.CameraFocalPoint = centre
    view.CameraPosition = [centre[0] + 1.9 * extent, centre[1] - 1.2 * extent, centre[2] + 1.3 * extent]
    view.CameraViewUp = [0, 0, 1]
    view.ResetCamera()
    GetActiveCamera().Dolly(1.15)  # ResetCamera leaves a wide margin
    Render(view)
    SaveScreenshot(a.out, view, ImageResolution=[width, height])
    print(f"render_pores: wrote {a.out} ({width} x {height}, cross-section by {slice_by})")


if __name__ == "__main__":
    main()
