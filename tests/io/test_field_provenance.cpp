// docs/output.md promises that every field dataset porefield run writes (fields.h5 snapshots,
// final.h5) carries its grid, time, units and the run's provenance, and is stored chunked with
// the shuffle + deflate filters. Checked here with the plain HDF5 C API (not porefield's reader)
// on every dataset found in the files, against the config text and the binary's own version.
#include <hdf5.h>

#include <string>
#include <vector>

#include "io/hdf5_file.hpp"
#include "solver/run/run_simulation.hpp"
#include "solver/version.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

const char* tiny_run = R"(
[grid]
shape = [8, 6, 4]
spacing = [1.0, 0.5, 2.0]
length_unit_um = 0.1
[model]
free_energy = "double_well"
kappa = 1.0
[initial]
kind = "uniform_noise"
c0 = 0.5
amplitude = 0.05
[time]
dt = 0.05
end = 0.5
precision = "float"
[output]
every = 4
)";

std::string string_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return "<missing>";
  const hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attr);
  std::string value(H5Tget_size(type), '\0');
  const hid_t mem = H5Tcopy(H5T_C_S1);
  H5Tset_size(mem, value.size());
  H5Aread(attr, mem, value.data());
  H5Tclose(mem);
  H5Tclose(type);
  H5Aclose(attr);
  return value.c_str();
}

std::vector<double> double_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return {};
  const hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
  const hid_t space = H5Aget_space(attr);
  std::vector<double> v(std::size_t(H5Sget_simple_extent_npoints(space)));
  H5Aread(attr, H5T_NATIVE_DOUBLE, v.data());
  H5Sclose(space);
  H5Aclose(attr);
  return v;
}

std::vector<std::string> dataset_names(hid_t file) {
  std::vector<std::string> names;
  H5Lvisit(
      file, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t root, const char* name, const H5L_info_t*, void* out) -> herr_t {
        const hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
        if (H5Iget_type(obj) == H5I_DATASET) static_cast<std::vector<std::string>*>(out)->push_back(name);
        H5Oclose(obj);
        return 0;
      },
      &names);
  return names;
}

TEST(FieldProvenance, EveryFieldDatasetDescribesItselfAndIsChunkedAndCompressed) {
  const Config c = config_from(tiny_run);
  RunOptions options;
  options.output_dir = temp_dir().string();
  options.backend = BackendKind::cpu;
  options.quiet = true;
  run_simulation(c, options);

  for (const char* file_name : {"fields.h5", "final.h5"}) {
    const std::string path = *options.output_dir + "/" + file_name;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file, 0) << path;
    for (const char* root : {"config_toml", "porefield_version", "git_revision", "backend", "precision"})
      EXPECT_NE(string_attr(file, root), "<missing>") << path << " root attribute " << root;
    const std::vector<std::string> names = dataset_names(file);
    ASSERT_FALSE(names.empty()) << path;
    for (const std::string& name : names) {
      SCOPED_TRACE(path + ":/" + name);
      const hid_t dset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
      EXPECT_EQ(string_attr(dset, "units"), "1");
      EXPECT_EQ(string_attr(dset, "length_unit"), "0.1 um");
      EXPECT_EQ(double_attr(dset, "length_unit_um"), std::vector<double>{0.1});
      EXPECT_EQ(string_attr(dset, "axes"), "z,y,x");
      // spacing is (hz, hy, hx): the config's [grid] spacing is (x, y, z).
      EXPECT_EQ(double_attr(dset, "spacing"), (std::vector<double>{2.0, 0.5, 1.0}));
      EXPECT_EQ(double_attr(dset, "origin"), (std::vector<double>{0.0, 0.0, 0.0}));
      EXPECT_EQ(double_attr(dset, "time").size(), 1u);
      EXPECT_EQ(double_attr(dset, "step").size(), 1u);
      EXPECT_EQ(string_attr(dset, "config_toml"), c.source_text);
      EXPECT_EQ(string_attr(dset, "porefield_version"), version_string());
      EXPECT_EQ(string_attr(dset, "git_revision"), git_revision());
      EXPECT_EQ(string_attr(dset, "backend"), "cpu");
      EXPECT_EQ(string_attr(dset, "precision"), "float");

      const hid_t dcpl = H5Dget_create_plist(dset);
      EXPECT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED);
      std::vector<H5Z_filter_t> filters;
      for (int i = 0; i < H5Pget_nfilters(dcpl); ++i) {
        unsigned flags = 0;
        std::size_t n = 0;
        filters.push_back(H5Pget_filter2(dcpl, unsigned(i), &flags, &n, nullptr, 0, nullptr, nullptr));
      }
      EXPECT_EQ(filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
      H5Pclose(dcpl);
      H5Dclose(dset);
    }
    H5Fclose(file);
  }
}

}  // namespace
}  // namespace pf::test
