// pf_vtk's writers read back with VTK's XML readers: VTK's own idea of where point (i, j, k)
// lies (vtkImageData::GetPoint) must be origin + (i hx, j hy, k hz) for our (z, y, x) grids,
// values must land on the right points with their stored type, and writes leave no temp files.
#include <gtest/gtest.h>
#include <vtkPointData.h>
#include <vtkStringArray.h>

#include <cstdint>
#include <vector>

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
