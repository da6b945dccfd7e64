// Through-hole centre lines (the pore-network skeleton of porefield analyze) as VTK polylines.
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkIntArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataWriter.h>

#include "io/vtk/vtk_support.hpp"

namespace pf::vtk {

namespace {

vtkSmartPointer<vtkDoubleArray> named_doubles(const char* name) {
  auto a = vtkSmartPointer<vtkDoubleArray>::New();
  a->SetName(name);
  return a;
}

}  // namespace

void write_centre_lines(const std::filesystem::path& path, const ImageGrid& grid, const analysis::ThroughHoles& holes,
                        const FileMetadata& metadata) {
  const auto& [hz, hy, hx] = grid.spacing_zyx;
  const auto& [oz, oy, ox] = grid.origin_zyx;
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  auto size = named_doubles("size_um");
  auto narrowest = named_doubles("narrowest_um"), depth = named_doubles("narrowest_depth");
  auto bottom = named_doubles("opening_bottom_um"), top = named_doubles("opening_top_um");
  auto hole_id = vtkSmartPointer<vtkIntArray>::New(), shape = vtkSmartPointer<vtkIntArray>::New();
  hole_id->SetName("hole");
  shape->SetName("shape");

  for (std::size_t h = 0; h < holes.items.size(); ++h) {
    const analysis::ThroughHole& hole = holes.items[h];
    lines->InsertNextCell(vtkIdType(hole.centre_line.size()));
    for (std::size_t k = 0; k < hole.centre_line.size(); ++k) {
      const analysis::CentrePoint& c = hole.centre_line[k];
      lines->InsertCellPoint(points->InsertNextPoint(ox + c.x * hx, oy + c.y * hy, oz + double(k) * hz));
      size->InsertNextValue(hole.size_profile_um[k]);
    }
    hole_id->InsertNextValue(int(h) + 1);
    narrowest->InsertNextValue(hole.narrowest_um);
    depth->InsertNextValue(hole.narrowest_depth);
    bottom->InsertNextValue(hole.opening_bottom_um);
    top->InsertNextValue(hole.opening_top_um);
    shape->InsertNextValue(int(hole.shape));
  }

  auto poly = vtkSmartPointer<vtkPolyData>::New();
  poly->SetPoints(points);
  poly->SetLines(lines);
  poly->GetPointData()->SetScalars(size);
  for (vtkDataArray* a : {static_cast<vtkDataArray*>(hole_id), static_cast<vtkDataArray*>(shape),
                          static_cast<vtkDataArray*>(narrowest), static_cast<vtkDataArray*>(depth),
                          static_cast<vtkDataArray*>(bottom), static_cast<vtkDataArray*>(top)})
    poly->GetCellData()->AddArray(a);
  FileMetadata all = metadata;
  all.strings.emplace_back("shape_names", "0 straight, 1 tapered, 2 hourglass");
  detail::add_metadata(*poly, all);
  auto writer = vtkSmartPointer<vtkXMLPolyDataWriter>::New();
  detail::write_atomically(*writer, *poly, path);
}

}  // namespace pf::vtk
