#pragma once
// VTK XML files for ParaView, written through the VTK library: .vti images (a field or a pore-size
// volume) and .vtp poly data (pore surfaces, the through-hole skeleton). Only the porefield
// executable and its tests link this library (pf_vtk); the core libraries never see VTK. Built
// without VTK (PF_ENABLE_VTK=OFF), available() is false and every writer throws InputError.
//
// Every file is written to "<path>.tmp" and renamed, so a reader never sees a torn file and a
// failed write leaves the previous file in place.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "analysis/metrics/hole_skeleton.hpp"

namespace pf::vtk {

bool available();

// Throws InputError "<what>: porefield was built without VTK ..." when !available().
void require_available(const std::string& what);

// Throws InputError (naming the file and the way out) unless `path` may be written: its
// directory exists, and the file does not exist unless `overwrite`.
void check_new_file(const std::filesystem::path& path, bool overwrite);

// A regular grid whose point (k, j, i) sits at origin + (k hz, j hy, i hx): the node-centred
// layout of porefield's HDF5 fields and their XDMF sidecar, so the files overlay in ParaView.
struct ImageGrid {
  std::array<std::size_t, 3> shape_zyx{1, 1, 1};
  std::array<double, 3> spacing_zyx{1, 1, 1};
  std::array<double, 3> origin_zyx{0, 0, 0};
};

// One point-data array in C order (nz, ny, nx), x fastest (VTK's order too). Doubles are stored
// as float32 when `store_float32`.
struct PointArray {
  std::string name;
  std::variant<std::span<const double>, std::span<const std::uint8_t>, std::span<const std::int32_t>> values;
  bool store_float32 = false;
};

// Values attached to a whole file (VTK field data): units, provenance, legends.
struct FileMetadata {
  std::vector<std::pair<std::string, double>> numbers;
  std::vector<std::pair<std::string, std::string>> strings;
};

// vtkXMLImageDataWriter: the arrays as point data (the first one active as scalars).
void write_image(const std::filesystem::path& path, const ImageGrid& grid, const std::vector<PointArray>& arrays,
                 const FileMetadata& metadata);

// vtkFlyingEdges3D: the surface where the point field `values` equals `level`, with normals
// (for a 0/1 pore mask, level 0.5 lies halfway between pore and solid points).
void write_isosurface(const std::filesystem::path& path, const ImageGrid& grid, const PointArray& values, double level,
                      const FileMetadata& metadata);

// The through-holes' skeleton (analysis/metrics/hole_skeleton.hpp) as polylines, one per chain
// of skeleton_chains(), through the nodes' in-box centroids. With periodic_xy a step across the
// x/y boundary splits the chain: the line ends at the next node's image just outside the box and a
// new one starts at the previous node's image on the other side, so lines stay within one step
// of the box. Point data size_um = the piece's mean local thickness; cell data hole (1..n, the
// report's order), narrowest_um, narrowest_depth, opening_bottom_um, opening_top_um, shape
// (0 straight, 1 tapered, 2 hourglass, legend in field data shape_names).
void write_hole_skeleton(const std::filesystem::path& path, const ImageGrid& grid, const analysis::ThroughHoles& holes,
                         const analysis::HoleSkeleton& skeleton, bool periodic_xy, const FileMetadata& metadata);

}  // namespace pf::vtk
