// .vti volumes and .vtp isosurfaces of point fields on porefield's regular grid.
#include <vtkDataArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkXMLImageDataWriter.h>
#include <vtkXMLPolyDataWriter.h>

#include "io/vtk/vtk_support.hpp"
#include "solver/core/errors.hpp"

namespace pf::vtk {

namespace {

std::size_t points(const ImageGrid& g) { return g.shape_zyx[0] * g.shape_zyx[1] * g.shape_zyx[2]; }

}  // namespace

void write_image(const std::filesystem::path& path, const ImageGrid& grid, const std::vector<PointArray>& arrays,
                 const FileMetadata& metadata) {
  auto image = detail::make_image(grid);
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    auto a = detail::make_array(arrays[i], points(grid));
    if (i == 0)
      image->GetPointData()->SetScalars(a);
    else
      image->GetPointData()->AddArray(a);
  }
  detail::add_metadata(*image, metadata);
  auto writer = vtkSmartPointer<vtkXMLImageDataWriter>::New();
  detail::write_atomically(*writer, *image, path);
}

void write_isosurface(const std::filesystem::path& path, const ImageGrid& grid, const PointArray& values, double level,
                      const FileMetadata& metadata) {
  auto image = detail::make_image(grid);
  image->GetPointData()->SetScalars(detail::make_array(values, points(grid)));
  auto contour = vtkSmartPointer<vtkFlyingEdges3D>::New();
  contour->SetInputData(image);
  contour->SetValue(0, level);
  contour->ComputeNormalsOn();
  contour->ComputeScalarsOff();  // every point would carry `level`
  contour->Update();
  vtkPolyData* surface = contour->GetOutput();
  detail::add_metadata(*surface, metadata);
  auto writer = vtkSmartPointer<vtkXMLPolyDataWriter>::New();
  detail::write_atomically(*writer, *surface, path);
}

}  // namespace pf::vtk
