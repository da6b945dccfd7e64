#pragma once
// Internal to pf_vtk: VTK objects from porefield's grids and arrays, and the atomic XML write.
#include <vtkSmartPointer.h>

#include <filesystem>

#include "io/vtk/vtk_export.hpp"

class vtkDataArray;
class vtkDataObject;
class vtkImageData;
class vtkXMLWriter;

namespace pf::vtk::detail {

vtkSmartPointer<vtkImageData> make_image(const ImageGrid& grid);
vtkSmartPointer<vtkDataArray> make_array(const PointArray& array, std::size_t expected_size);
void add_metadata(vtkDataObject& object, const FileMetadata& metadata);

// Writes `data` with `writer` (raw appended binary, zlib-compressed) to "<path>.tmp", then
// renames it to `path`; throws IoError naming the path and VTK's reason on failure.
void write_atomically(vtkXMLWriter& writer, vtkDataObject& data, const std::filesystem::path& path);

}  // namespace pf::vtk::detail
