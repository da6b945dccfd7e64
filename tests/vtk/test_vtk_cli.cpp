// `porefield export --vti` and `porefield analyze --vtk DIR` end to end, read back with VTK's
// readers. Known answers: a straight cylinder of radius r = 1 um (analysis/generators) has local
// thickness 2r within one voxel (the discrete ball convention of local_thickness.hpp gives
// 2 sqrt(R^2 + 1) voxels = 2.06 um here), one straight through-hole whose centre line is the
// axis, and a pore surface at distance r from the axis. The file stores spacing in its length
// unit (0.25 um), so geometry is checked in that unit and sizes in um.
#include <gtest/gtest.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkPointData.h>
#include <vtkStringArray.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/generators/pores_of_revolution.hpp"
#include "cli/cli_support.hpp"
#include "io/hdf5_file.hpp"
#include "test_support.hpp"
#include "vtk/vtk_read.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

// 12 x 24 x 24 voxels, spacing (2, 1, 1) length units of 0.25 um; the axis through voxel
// (j, i) = (8, 12), i.e. (y, x) = (8, 12) length units = (2, 3) um.
const analysis::Shape shape{12, 24, 24};
const analysis::Spacing spacing_um{0.5, 0.25, 0.25};
constexpr double unit_um = 0.25, radius_um = 1.0, axis_y = 8.0, axis_x = 12.0;

FieldAttributes file_attributes() {
  FieldAttributes a;
  a.spacing_zyx = {2.0, 1.0, 1.0};
  a.length_unit = "0.25 um";
  a.length_unit_um = unit_um;
  a.time = 3.5;
  a.step = 70;
  return a;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double axis_distance(const double p[3]) { return std::hypot(p[0] - axis_x, p[1] - axis_y); }

TEST(VtkCli, AnalyzeCylinderWritesSurfaceThicknessAndCentreLine) {
  const fs::path dir = temp_dir();
  const analysis::Mask mask = analysis::cylinders(shape, spacing_um, radius_um, {{2.0, 3.0}});
  {
    Hdf5File f = Hdf5File::create((dir / "mask.h5").string());
    f.write_mask("pore", mask.data, {12, 24, 24}, file_attributes());
  }
  const std::string command = "analyze " + (dir / "mask.h5").string() + " --dataset pore --no-tortuosity --json " +
                              (dir / "r.json").string() + " --vtk " + (dir / "vtk").string();
  const auto r = run_porefield(command);
  ASSERT_EQ(r.exit_code, 0) << r.output;

  // local_thickness.vti: the grid of the file, sizes in um.
  const auto lt = read_vti(dir / "vtk" / "local_thickness.vti");
  int dims[3];
  lt->GetDimensions(dims);
  EXPECT_EQ(dims[0], 24);
  EXPECT_EQ(dims[1], 24);
  EXPECT_EQ(dims[2], 12);
  double h[3];
  lt->GetSpacing(h);
  EXPECT_EQ(h[0], 1.0);
  EXPECT_EQ(h[1], 1.0);
  EXPECT_EQ(h[2], 2.0);
  EXPECT_EQ(field_number(lt, "length_unit_um"), unit_um);
  vtkDataArray* thickness = lt->GetPointData()->GetArray("local_thickness");
  vtkDataArray* pore = lt->GetPointData()->GetArray("pore");
  vtkDataArray* hole = lt->GetPointData()->GetArray("through_hole");
  ASSERT_TRUE(thickness && pore && hole);
  for (std::int64_t n = 0; n < shape.size(); ++n) {
    ASSERT_EQ(pore->GetTuple1(n), mask[n]) << n;
    ASSERT_EQ(hole->GetTuple1(n), mask[n]) << n;  // the one through-hole is number 1
    if (!mask[n]) {
      ASSERT_EQ(thickness->GetTuple1(n), 0.0) << n;
    }
  }
  for (int k = 0; k < 12; ++k)
    EXPECT_NEAR(thickness->GetTuple1(shape.index(k, 8, 12)), 2 * radius_um, spacing_um.hx) << "slice " << k;

  // through_holes.vtp: one polyline, one point per slice, exactly on the axis.
  const auto lines = read_vtp(dir / "vtk" / "through_holes.vtp");
  ASSERT_EQ(lines->GetNumberOfLines(), 1);
  ASSERT_EQ(lines->GetNumberOfPoints(), 12);
  for (vtkIdType p = 0; p < 12; ++p) {
    double x[3];
    lines->GetPoint(p, x);
    EXPECT_NEAR(x[0], axis_x, 1e-12);
    EXPECT_NEAR(x[1], axis_y, 1e-12);
    EXPECT_NEAR(x[2], 2.0 * double(p), 1e-12);
    EXPECT_NEAR(lines->GetPointData()->GetArray("size_um")->GetTuple1(p), 2 * radius_um, spacing_um.hx);
  }
  EXPECT_EQ(lines->GetCellData()->GetArray("hole")->GetTuple1(0), 1.0);
  EXPECT_EQ(lines->GetCellData()->GetArray("shape")->GetTuple1(0), 0.0);  // straight
  vtkIdType npts = 0;
  const vtkIdType* ids = nullptr;
  lines->GetLines()->InitTraversal();
  ASSERT_TRUE(lines->GetLines()->GetNextCell(npts, ids));
  EXPECT_EQ(npts, 12);

  // pores.vtp: the mask's half-way surface lies within one voxel of radius r, over the thickness.
  const auto surface = read_vtp(dir / "vtk" / "pores.vtp");
  ASSERT_GT(surface->GetNumberOfPoints(), 100);
  ASSERT_NE(surface->GetPointData()->GetNormals(), nullptr);
  for (vtkIdType p = 0; p < surface->GetNumberOfPoints(); ++p) {
    double x[3];
    surface->GetPoint(p, x);
    ASSERT_NEAR(axis_distance(x), radius_um / unit_um, 1.0) << "point " << p;
  }
  double b[6];
  surface->GetBounds(b);
  EXPECT_EQ(b[4], 0.0);
  EXPECT_EQ(b[5], 22.0);

  // Existing files are not replaced without --force, and stay as they were.
  const std::string before = slurp(dir / "vtk" / "pores.vtp");
  const auto again = run_porefield(command);
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("exists"), std::string::npos) << again.output;
  EXPECT_EQ(slurp(dir / "vtk" / "pores.vtp"), before);
  EXPECT_EQ(run_porefield(command + " --force").exit_code, 0);
  for (const auto& e : fs::directory_iterator(dir / "vtk")) EXPECT_NE(e.path().extension(), ".tmp") << e.path();

  // --length-unit-um overrides the file's unit: the same geometry, sizes and recorded unit doubled.
  ASSERT_EQ(run_porefield(command + " --force --length-unit-um 0.5").exit_code, 0);
  const auto lt2 = read_vti(dir / "vtk" / "local_thickness.vti");
  lt2->GetSpacing(h);
  EXPECT_EQ(h[2], 2.0);
  EXPECT_EQ(field_number(lt2, "length_unit_um"), 0.5);
  const vtkIdType on_axis = shape.index(5, 8, 12);
  EXPECT_NEAR(lt2->GetPointData()->GetArray("local_thickness")->GetTuple1(on_axis), 2 * thickness->GetTuple1(on_axis), 1e-5);
}

// A float field phi = rho / r (rho the distance from the axis): with --pore-below 1 the pore
// surface is phi's level set, so it lies at rho = r up to linear interpolation of rho along a
// voxel edge (at most h^2 / (8 r) = 1/32 length unit here), far closer than the mask's voxel.
TEST(VtkCli, ThresholdedFieldSurfaceIsTheLevelSet) {
  const fs::path dir = temp_dir();
  std::vector<double> phi(std::size_t(shape.size()));
  for (int k = 0; k < 12; ++k)
    for (int j = 0; j < 24; ++j)
      for (int i = 0; i < 24; ++i) phi[std::size_t(shape.index(k, j, i))] = std::hypot(j - axis_y, i - axis_x) / 4.0;
  {
    Hdf5File f = Hdf5File::create((dir / "phi.h5").string());
    f.write_field("phi", phi, {12, 24, 24}, false, file_attributes());
  }
  const auto r = run_porefield("analyze " + (dir / "phi.h5").string() + " --pore-below 1 --no-tortuosity --json " +
                               (dir / "r.json").string() + " --vtk " + (dir / "vtk").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto surface = read_vtp(dir / "vtk" / "pores.vtp");
  ASSERT_GT(surface->GetNumberOfPoints(), 100);
  for (vtkIdType p = 0; p < surface->GetNumberOfPoints(); ++p) {
    double x[3];
    surface->GetPoint(p, x);
    ASSERT_NEAR(axis_distance(x), 4.0, 1.0 / 32.0 + 1e-6) << "point " << p;
  }
}

TEST(VtkCli, ExportKeepsGridValuesTypeAndRefusesToClobber) {
  const fs::path dir = temp_dir();
  std::vector<double> phi(std::size_t(shape.size()));
  for (std::size_t n = 0; n < phi.size(); ++n) phi[n] = 0.001 * double(n);
  {
    Hdf5File f = Hdf5File::create((dir / "fields.h5").string());
    f.write_field("snapshots/00000070/phi", phi, {12, 24, 24}, true, file_attributes());
  }
  const fs::path out = dir / "phi.vti";
  const std::string command =
      "export " + (dir / "fields.h5").string() + " --dataset snapshots/00000070/phi --vti " + out.string();
  const auto r = run_porefield(command);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto image = read_vti(out);
  double h[3], o[3];
  image->GetSpacing(h);
  image->GetOrigin(o);
  EXPECT_EQ(h[0], 1.0);
  EXPECT_EQ(h[1], 1.0);
  EXPECT_EQ(h[2], 2.0);
  EXPECT_EQ(o[0], 0.0);
  vtkDataArray* a = image->GetPointData()->GetScalars();
  ASSERT_NE(a, nullptr);
  EXPECT_STREQ(a->GetName(), "phi");
  EXPECT_EQ(a->GetDataType(), VTK_FLOAT);  // stored as float32, exported as float32
  for (std::size_t n = 0; n < phi.size(); ++n) ASSERT_EQ(a->GetTuple1(vtkIdType(n)), double(float(phi[n]))) << n;
  EXPECT_EQ(field_number(image, "time"), 3.5);
  EXPECT_EQ(field_number(image, "step"), 70.0);

  const std::string before = slurp(out);
  const auto again = run_porefield(command);
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;
  EXPECT_EQ(slurp(out), before);
  EXPECT_EQ(run_porefield(command + " --force").exit_code, 0);

  const auto missing = run_porefield("export " + (dir / "fields.h5").string() + " --dataset nope --vti " +
                                     (dir / "nope.vti").string());
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_FALSE(fs::exists(dir / "nope.vti"));
}

}  // namespace
}  // namespace pf::test
