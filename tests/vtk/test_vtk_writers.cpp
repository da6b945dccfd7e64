// pf_vtk's writers read back with VTK's XML readers: VTK's own idea of where point (i, j, k)
// lies (vtkImageData::GetPoint) must be origin + (i hx, j hy, k hz) for our (z, y, x) grids,
// values must land on the right points with their stored type, and writes leave no temp files.
#include <gtest/gtest.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkPointData.h>
#include <vtkStringArray.h>

#include <cstdint>
#include <vector>

#include "analysis/filters/label_components.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "io/vtk/vtk_export.hpp"
#include "solver/core/errors.hpp"
#include "test_support.hpp"
#include "vtk/vtk_read.hpp"

namespace pf::test {
namespace {

TEST(VtkWriters, ImagePointsSitAtOriginPlusIndexTimesSpacing) {
  const std::size_t nz = 3, ny = 4, nx = 5;
  const vtk::ImageGrid grid{{nz, ny, nx}, {0.5, 0.25, 2.0}, {1.0, 2.0, 3.0}};
  std::vector<double> f(nz * ny * nx);
  std::vector<std::uint8_t> mask(f.size());
  std::vector<std::int32_t> ids(f.size());
  for (std::size_t k = 0; k < nz; ++k)
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t i = 0; i < nx; ++i) {
        const std::size_t n = (k * ny + j) * nx + i;
        f[n] = double(i) + 10.0 * double(j) + 100.0 * double(k) + 0.125;
        mask[n] = (i + j + k) % 2;
        ids[n] = std::int32_t(n) - 7;
      }
  const auto path = temp_dir() / "f.vti";
  vtk::FileMetadata meta{{{"time", 2.5}}, {{"length_unit", "0.05 um"}}};
  vtk::write_image(path, grid,
                   {{"f", std::span<const double>(f)}, {"mask", std::span<const std::uint8_t>(mask)},
                    {"id", std::span<const std::int32_t>(ids)}, {"f32", std::span<const double>(f), true}},
                   meta);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));

  const auto image = read_vti(path);
  int dims[3];
  image->GetDimensions(dims);
  EXPECT_EQ(dims[0], 5);
  EXPECT_EQ(dims[1], 4);
  EXPECT_EQ(dims[2], 3);
  vtkPointData* pd = image->GetPointData();
  ASSERT_NE(pd->GetScalars(), nullptr);
  EXPECT_STREQ(pd->GetScalars()->GetName(), "f");
  EXPECT_EQ(pd->GetArray("f")->GetDataType(), VTK_DOUBLE);
  EXPECT_EQ(pd->GetArray("mask")->GetDataType(), VTK_UNSIGNED_CHAR);
  EXPECT_EQ(pd->GetArray("id")->GetDataType(), VTK_INT);
  EXPECT_EQ(pd->GetArray("f32")->GetDataType(), VTK_FLOAT);
  for (vtkIdType p = 0; p < image->GetNumberOfPoints(); ++p) {
    double x[3];
    image->GetPoint(p, x);
    // Invert the position to indices: origin (3, 2, 1) and spacing (2, 0.25, 0.5) in VTK's x, y, z.
    const double i = (x[0] - 3.0) / 2.0, j = (x[1] - 2.0) / 0.25, k = (x[2] - 1.0) / 0.5;
    EXPECT_EQ(pd->GetArray("f")->GetTuple1(p), i + 10.0 * j + 100.0 * k + 0.125) << "point " << p;
    EXPECT_EQ(pd->GetArray("f32")->GetTuple1(p), i + 10.0 * j + 100.0 * k + 0.125) << "point " << p;
    EXPECT_EQ(pd->GetArray("mask")->GetTuple1(p), double(int(i + j + k) % 2));
    EXPECT_EQ(pd->GetArray("id")->GetTuple1(p), double(p) - 7.0);
  }
  EXPECT_EQ(field_number(image, "time"), 2.5);
  auto* unit = vtkStringArray::SafeDownCast(image->GetFieldData()->GetAbstractArray("length_unit"));
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->GetValue(0), "0.05 um");
}

// A hole slanting across the periodic x boundary (slice k: a disk about (y, x) = (5, 1 + k), nx = 8,
// spacing hx = 2): nodes at x = ((1 + k) mod 8) hx. Each step is +1 voxel in x; the two steps
// across the boundary (1 + k = 8 and 16) split the line, the first part ending one step outside
// the box (x = 16) and the next starting one step before it (x = -2): three polylines whose every
// segment is the true step (+2 in x, +0.5 in z) and whose points lie within one step of the box.
TEST(VtkWriters, SkeletonPolylinesFollowTheHoleAcrossThePeriodicBoundary) {
  const analysis::Shape s{20, 10, 8};
  analysis::Mask m(s, 0);
  for (std::int64_t k = 0; k < s.nz; ++k)
    for (std::int64_t dy = -2; dy <= 2; ++dy)
      for (std::int64_t dx = -2; dx <= 2; ++dx)
        if (dx * dx + dy * dy <= 4) m(k, 5 + dy, analysis::wrap_index(1 + k + dx, s.nx)) = 1;
  const analysis::Spacing h{1.0, 1.0, 1.0};
  const analysis::ComponentLabels cc = analysis::label_components(m, 26, true);
  const analysis::Field lt = analysis::local_thickness(m, h);
  const analysis::ThroughHoles holes = analysis::find_through_holes(m, cc.labels, cc.count, lt);
  const analysis::HoleSkeleton skeleton = analysis::hole_skeleton(cc.labels, holes, lt);
  const auto path = temp_dir() / "holes.vtp";
  vtk::write_hole_skeleton(path, {{20, 10, 8}, {0.5, 0.25, 2.0}, {0, 0, 0}}, holes, skeleton, true, {});
  const auto lines = read_vtp(path);
  ASSERT_EQ(lines->GetNumberOfLines(), 3);
  ASSERT_EQ(lines->GetNumberOfPoints(), 20 + 2 * 2);
  vtkIdType npts = 0;
  const vtkIdType* ids = nullptr;
  lines->GetLines()->InitTraversal();
  std::vector<double> starts, ends;
  while (lines->GetLines()->GetNextCell(npts, ids)) {
    double a[3], b[3];
    for (vtkIdType q = 1; q < npts; ++q) {
      lines->GetPoint(ids[q - 1], a);
      lines->GetPoint(ids[q], b);
      EXPECT_NEAR(b[0] - a[0], 2.0, 1e-9);
      EXPECT_NEAR(b[1], 1.25, 1e-9);
      EXPECT_NEAR(b[2] - a[2], 0.5, 1e-12);
      EXPECT_GE(b[0], -2.0 - 1e-9);
      EXPECT_LE(b[0], 16.0 + 1e-9);
    }
    lines->GetPoint(ids[0], a);
    lines->GetPoint(ids[npts - 1], b);
    starts.push_back(a[0]);
    ends.push_back(b[0]);
  }
  EXPECT_EQ(starts, (std::vector<double>{2.0, -2.0, -2.0}));
  EXPECT_EQ(ends, (std::vector<double>{16.0, 16.0, 8.0}));  // slice 19: x = (20 mod 8) hx
  EXPECT_EQ(lines->GetCellData()->GetArray("hole")->GetTuple1(2), 1.0);
}

TEST(VtkWriters, WrongArraySizeIsAnErrorAndWritesNothing) {
  const auto path = temp_dir() / "bad.vti";
  std::vector<double> f(7);
  EXPECT_THROW(vtk::write_image(path, {{2, 2, 2}, {1, 1, 1}, {0, 0, 0}}, {{"f", std::span<const double>(f)}}, {}), Error);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(VtkWriters, UnwritableDirectoryIsAnIoErrorNamingThePath) {
  const auto path = temp_dir() / "missing_dir" / "f.vti";
  std::vector<double> f(8, 1.0);
  try {
    vtk::write_image(path, {{2, 2, 2}, {1, 1, 1}, {0, 0, 0}}, {{"f", std::span<const double>(f)}}, {});
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST(VtkWriters, CheckNewFileRefusesExistingFilesUnlessOverwrite) {
  const auto dir = temp_dir();
  EXPECT_NO_THROW(vtk::check_new_file(dir / "a.vti", false));
  std::ofstream(dir / "a.vti") << "x";
  EXPECT_THROW(vtk::check_new_file(dir / "a.vti", false), InputError);
  EXPECT_NO_THROW(vtk::check_new_file(dir / "a.vti", true));
  EXPECT_THROW(vtk::check_new_file(dir / "no" / "a.vti", true), InputError);
}

}  // namespace
}  // namespace pf::test
