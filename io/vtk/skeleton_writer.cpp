// The through-hole skeleton (the pore network of porefield analyze) as VTK polylines.
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkIntArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataWriter.h>

#include <cmath>
#include <vector>

#include "io/vtk/vtk_support.hpp"

namespace pf::vtk {

namespace {

vtkSmartPointer<vtkDoubleArray> named_doubles(const char* name) {
  auto a = vtkSmartPointer<vtkDoubleArray>::New();
  a->SetName(name);
  return a;
}

}  // namespace

void write_hole_skeleton(const std::filesystem::path& path, const ImageGrid& grid, const analysis::ThroughHoles& holes,
                         const analysis::HoleSkeleton& skeleton, bool periodic_xy, const FileMetadata& metadata) {
  const auto& [hz, hy, hx] = grid.spacing_zyx;
  const auto& [oz, oy, ox] = grid.origin_zyx;
  const double ny = double(grid.shape_zyx[1]), nx = double(grid.shape_zyx[2]);
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  auto size = named_doubles("size_um");
  auto narrowest = named_doubles("narrowest_um"), depth = named_doubles("narrowest_depth");
  auto bottom = named_doubles("opening_bottom_um"), top = named_doubles("opening_top_um");
  auto hole_id = vtkSmartPointer<vtkIntArray>::New(), shape = vtkSmartPointer<vtkIntArray>::New();
  hole_id->SetName("hole");
  shape->SetName("shape");

  // Every node is drawn at its in-box centroid. A step that crosses the periodic x/y boundary
  // ends the polyline one step beyond the box and starts the next one a step before it, so each
  // line stays within one voxel step of the box (a chain unwrapped as a whole drifts far out of
  // it in a bicontinuous pore space, whose pieces' centroids jump by up to half the box).
  const auto point_at = [&](const analysis::SkeletonNode& n, double y, double x) {
    return points->InsertNextPoint(ox + x * hx, oy + y * hy, oz + double(n.z) * hz);
  };
  const auto add_cell_data = [&](const analysis::SkeletonNode& first) {
    const analysis::ThroughHole& hole = holes.items[std::size_t(first.hole)];
    hole_id->InsertNextValue(first.hole + 1);
    narrowest->InsertNextValue(hole.narrowest_um);
    depth->InsertNextValue(hole.narrowest_depth);
    bottom->InsertNextValue(hole.opening_bottom_um);
    top->InsertNextValue(hole.opening_top_um);
    shape->InsertNextValue(int(hole.shape));  // HoleShape's order: straight, tapered, hourglass
  };
  for (const std::vector<std::int32_t>& chain : analysis::skeleton_chains(skeleton)) {
    std::vector<vtkIdType> line;
    const auto finish = [&](const analysis::SkeletonNode& first) {
      lines->InsertNextCell(vtkIdType(line.size()), line.data());
      add_cell_data(first);
      line.clear();
    };
    for (std::size_t k = 0; k < chain.size(); ++k) {
      const analysis::SkeletonNode& n = skeleton.nodes[std::size_t(chain[k])];
      if (k > 0 && periodic_xy) {
        const analysis::SkeletonNode& p = skeleton.nodes[std::size_t(chain[k - 1])];
        const double dy = analysis::periodic_offset(n.y, p.y, ny), dx = analysis::periodic_offset(n.x, p.x, nx);
        // The nearest image of n seen from p is n itself (to rounding) or one period away.
        if (std::abs(p.y + dy - n.y) > ny / 2 || std::abs(p.x + dx - n.x) > nx / 2) {  // crosses the boundary
          line.push_back(point_at(n, p.y + dy, p.x + dx));
          size->InsertNextValue(n.size_um);
          finish(skeleton.nodes[std::size_t(chain.front())]);
          line.push_back(point_at(p, n.y - dy, n.x - dx));
          size->InsertNextValue(p.size_um);
        }
      }
      line.push_back(point_at(n, n.y, n.x));
      size->InsertNextValue(n.size_um);
    }
    finish(skeleton.nodes[std::size_t(chain.front())]);
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
