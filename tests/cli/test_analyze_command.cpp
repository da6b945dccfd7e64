// `porefield analyze` on volumes with known answers (analysis/generators), written to HDF5 the
// way porefield writes them, and its errors on bad input (exit 2, one line, nothing written).
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include <fstream>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/generators/pores_of_revolution.hpp"
#include "cli_support.hpp"
#include "io/hdf5_file.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

// Four straight cylinders of radius 3 voxels through a 32 x 40 x 40 slab, spacing 0.1 um given
// in the file as spacing 1 with length_unit_um = 0.1: the report must find 4 straight holes,
// local thickness ~ 0.6 um (within a voxel) and tortuosity 1.
TEST(AnalyzeCommand, StraightCylindersFromAMaskFile) {
  const fs::path dir = temp_dir();
  const analysis::Shape shape{32, 40, 40};
  const analysis::Mask mask = analysis::cylinders(shape, {1, 1, 1}, 3.0, {{10, 10}, {10, 30}, {30, 10}, {30, 30}});
  FieldAttributes attrs;
  attrs.length_unit_um = 0.1;
  {
    Hdf5File f = Hdf5File::create((dir / "mask.h5").string());
    f.write_mask("pore", mask.data, {32, 40, 40}, attrs);
  }
  const auto r = run_porefield("analyze " + (dir / "mask.h5").string() +
                               " --dataset pore --json " + (dir / "report.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = read_json(dir / "report.json");
  std::size_t pore_voxels = 0;
  for (auto v : mask.data) pore_voxels += v;
  EXPECT_DOUBLE_EQ(j["porosity"].get<double>(), double(pore_voxels) / double(mask.data.size()));
  EXPECT_EQ(j["through_holes"]["count"], 4);
  for (const auto& hole : j["through_holes"]["items"]) EXPECT_EQ(hole["shape"], "straight");
  EXPECT_NEAR(j["mean_pore_size"].get<double>(), 0.6, 0.1);
  EXPECT_NEAR(j["tortuosity"].get<double>(), 1.0, 0.01);
  EXPECT_DOUBLE_EQ(j["thickness"].get<double>(), 3.2);
}

TEST(AnalyzeCommand, FloatFieldIsThresholdedAndSpacingComesFromTheFile) {
  const fs::path dir = temp_dir();
  // phi = 0.2 inside a z-running cylinder of radius 4, 0.8 outside: pore below 0.5.
  std::vector<double> phi(16 * 24 * 24, 0.8);
  for (int k = 0; k < 16; ++k)
    for (int j = 0; j < 24; ++j)
      for (int i = 0; i < 24; ++i)
        if ((i - 12) * (i - 12) + (j - 12) * (j - 12) <= 16) phi[(k * 24 + j) * 24 + i] = 0.2;
  FieldAttributes attrs;
  attrs.spacing_zyx = {0.5, 0.25, 0.25};
  {
    Hdf5File f = Hdf5File::create((dir / "phi.h5").string());
    f.write_field("phi", phi, {16, 24, 24}, false, attrs);
  }
  const auto r = run_porefield("analyze " + (dir / "phi.h5").string() + " --pore-below 0.5 --length-unit-um 1 --json " +
                               (dir / "r.json").string() + " --markdown " + (dir / "r.md").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = read_json(dir / "r.json");
  EXPECT_EQ(j["spacing_zyx_um"], nlohmann::json::array({0.5, 0.25, 0.25}));
  EXPECT_DOUBLE_EQ(j["thickness"].get<double>(), 8.0);
  EXPECT_EQ(j["through_holes"]["count"], 1);
  EXPECT_TRUE(fs::exists(dir / "r.md"));
}

TEST(AnalyzeCommand, BadInputIsAClearErrorAndWritesNothing) {
  const fs::path dir = temp_dir();
  std::vector<double> phi(8 * 8 * 8, 0.5);
  {
    Hdf5File f = Hdf5File::create((dir / "phi.h5").string());
    f.write_field("phi", phi, {8, 8, 8}, false, {});
    std::vector<std::uint8_t> not_a_mask(8 * 8 * 8, 2);
    f.write_mask("bad_mask", not_a_mask, {8, 8, 8}, {});
    std::vector<double> with_nan = phi;
    with_nan[77] = std::nan("");
    f.write_field("phi_nan", with_nan, {8, 8, 8}, false, {});  // thresholded in the reading process
  }
  const std::string out = " --json " + (dir / "r.json").string();
  const std::string file = (dir / "phi.h5").string();
  struct Case {
    std::string args, message;
  };
  for (const Case& c : {Case{"analyze " + file + " --dataset nope" + out, "dataset 'nope' not found"},
                        Case{"analyze " + file + out, "float field; pass --pore-below"},
                        Case{"analyze " + file + " --dataset bad_mask" + out, "must be 0 (solid) or 1 (pore)"},
                        Case{"analyze " + file + " --dataset phi_nan --pore-below 0.5" + out, "holds NaN at voxel 77"},
                        Case{"analyze " + (dir / "missing.h5").string() + " --pore-below 0.5" + out, "not a readable HDF5 file"},
                        Case{"analyze " + file + " --pore-below 0.5 --spacing 1,0,1" + out, "is not > 0"}}) {
    const auto r = run_porefield(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "r.json")) << c.args;
  }
}

// --backend cuda where no device (or no CUDA build) is: bad input, before the file is read.
TEST(AnalyzeCommand, CudaBackendWithoutADeviceIsAnInputError) {
  std::string why;
  if (analysis::cuda::usable(&why)) GTEST_SKIP() << "a CUDA device is usable here";
  const fs::path dir = temp_dir();
  const auto r = run_porefield("analyze " + (dir / "missing.h5").string() + " --pore-below 0.5 --backend cuda --json " +
                               (dir / "r.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--backend cuda: " + why), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "r.json"));
}

// Where a device is usable, the report is the same from either backend.
TEST(AnalyzeCommand, CpuAndCudaBackendsWriteTheSameReport) {
  std::string why;
  if (!analysis::cuda::usable(&why)) GTEST_SKIP() << why;
  const fs::path dir = temp_dir();
  const analysis::Mask mask = analysis::double_cone({24, 32, 32}, {1, 1, 1}, {16, 16}, 9.0, 3.0);
  {
    Hdf5File f = Hdf5File::create((dir / "mask.h5").string());
    f.write_mask("pore", mask.data, {24, 32, 32}, {});
  }
  for (const char* backend : {"cpu", "cuda"}) {
    const auto r = run_porefield("analyze " + (dir / "mask.h5").string() + " --dataset pore --backend " + backend +
                                 " --json " + (dir / (std::string(backend) + ".json")).string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  EXPECT_EQ(read_json(dir / "cpu.json"), read_json(dir / "cuda.json"));
}

TEST(AnalyzeCommand, EmptyPoreSpaceGivesAWellDefinedReport) {
  const fs::path dir = temp_dir();
  std::vector<double> phi(8 * 8 * 8, 0.9);
  {
    Hdf5File f = Hdf5File::create((dir / "phi.h5").string());
    f.write_field("phi", phi, {8, 8, 8}, false, {});
  }
  const auto r = run_porefield("analyze " + (dir / "phi.h5").string() + " --pore-below 0.5 --json " + (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = read_json(dir / "r.json");
  EXPECT_EQ(j["porosity"], 0.0);
  EXPECT_EQ(j["through_holes"]["count"], 0);
}

// A file on which libhdf5 1.10.8 itself segfaults (found by tests/fuzz/fuzz_hdf5: a NULL
// dereference in H5F__accum_read). Read in a child process (io/isolated_process.hpp), it must
// be a one-line error naming the file, exit 2, and no report written, for analyze and info.
TEST(AnalyzeCommand, FileThatCrashesLibhdf5IsAnErrorNotACrash) {
  const fs::path dir = temp_dir();
  const std::string hostile = std::string(PF_SOURCE_DIR) + "/tests/fuzz/corpus/hdf5_regressions/libhdf5_segv_in_accum_read.h5";
  for (const std::string& args : {"analyze " + hostile + " --dataset phi --json " + (dir / "r.json").string(),
                                  "info " + hostile, "info --json " + hostile}) {
    const auto r = run_porefield(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(hostile + ": corrupt or hostile file: the HDF5 library crashed"), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
  EXPECT_FALSE(fs::exists(dir / "r.json"));
}

}  // namespace
}  // namespace pf::test
