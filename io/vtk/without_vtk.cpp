// pf_vtk built without VTK (PF_ENABLE_VTK=OFF): commands check available() before any work and
// say so; the writers refuse in the same words should anything call them anyway.
#include "io/vtk/vtk_export.hpp"

namespace pf::vtk {

bool available() { return false; }

void write_image(const std::filesystem::path& path, const ImageGrid&, const std::vector<PointArray>&,
                 const FileMetadata&) {
  require_available(path.string());
}

void write_isosurface(const std::filesystem::path& path, const ImageGrid&, const PointArray&, double,
                      const FileMetadata&) {
  require_available(path.string());
}

void write_hole_skeleton(const std::filesystem::path& path, const ImageGrid&, const analysis::ThroughHoles&,
                         const analysis::HoleSkeleton&, bool, const FileMetadata&) {
  require_available(path.string());
}

}  // namespace pf::vtk
