// Reading files porefield did not write in a child process (io/isolated_process.hpp): a crash
// of the reader — here a real SIGSEGV/abort raised inside the child, standing in for libhdf5's
// own memory errors on crafted files — comes back as an InputError naming the file, errors keep
// their type and text, and results cross the pipe intact (a field larger than a pipe buffer).
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

#include "io/hdf5_file.hpp"
#include "io/isolated_hdf5.hpp"
#include "io/isolated_process.hpp"
#include "solver/core/errors.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

std::string input_error_of(const std::function<std::string()>& work) {
  try {
    run_isolated("hostile.h5", work);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(IsolatedRead, CrashInChildBecomesInputErrorNamingTheFile) {
  const std::string segv = input_error_of([]() -> std::string {
    std::raise(SIGSEGV);
    return "unreachable";
  });
  EXPECT_NE(segv.find("hostile.h5: corrupt or hostile file"), std::string::npos) << segv;
  EXPECT_NE(segv.find("signal " + std::to_string(SIGSEGV)), std::string::npos) << segv;
  const std::string abort = input_error_of([]() -> std::string { std::abort(); });
  EXPECT_NE(abort.find("signal " + std::to_string(SIGABRT)), std::string::npos) << abort;
  // A child that dies without a reply (e.g. a sanitizer's report and exit) is a crash as well.
  const std::string exit_status = input_error_of([]() -> std::string { std::_Exit(1); });
  EXPECT_NE(exit_status.find("exit status 1"), std::string::npos) << exit_status;
}

TEST(IsolatedRead, ErrorsKeepTheirTypeAndText) {
  EXPECT_EQ(input_error_of([]() -> std::string { throw InputError("f.h5: dataset 'phi' not found"); }),
            "f.h5: dataset 'phi' not found");
  try {
    run_isolated("f.h5", []() -> std::string { throw IoError("disk gone"); });
    ADD_FAILURE() << "no error";
  } catch (const InputError&) {
    ADD_FAILURE() << "an IoError must not turn into an InputError";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "disk gone");
  }
  EXPECT_EQ(run_isolated("f.h5", [] { return std::string(); }), "");  // an empty result is a result
}

TEST(IsolatedRead, FieldMatchesInProcessRead) {
  // 48 x 40 x 36 doubles = 553 KB: many pipe buffers' worth, so the parent must read while the
  // child writes.
  const std::array<std::size_t, 3> shape{48, 40, 36};
  std::vector<double> phi(shape[0] * shape[1] * shape[2]);
  for (std::size_t i = 0; i < phi.size(); ++i) phi[i] = std::sin(0.001 * double(i)) + 1e-9 * double(i);
  FieldAttributes attrs;
  attrs.time = 12.5, attrs.step = 77, attrs.spacing_zyx = {0.5, 1.25, 2}, attrs.origin_zyx = {1, 2, 3};
  attrs.length_unit = "0.1 um", attrs.length_unit_um = 0.1;
  const std::string path = (temp_dir() / "field.h5").string();
  Hdf5File f = Hdf5File::create(path);
  f.write_field("group/phi", phi, shape, false, attrs);
  f.close();

  const FieldData in_process = Hdf5File::open_read(path).read_field("group/phi");
  const FieldData isolated = read_field_isolated(path, "group/phi");
  EXPECT_EQ(isolated.shape_zyx, shape);
  EXPECT_EQ(isolated.values, in_process.values);
  EXPECT_EQ(isolated.values, phi);
  EXPECT_EQ(isolated.is_integer, in_process.is_integer);
  EXPECT_EQ(isolated.element_bytes, 8u);
  EXPECT_EQ(isolated.attributes.step, 77);
  EXPECT_EQ(isolated.attributes.spacing_zyx, attrs.spacing_zyx);
  EXPECT_EQ(isolated.attributes.origin_zyx, attrs.origin_zyx);
  EXPECT_EQ(isolated.attributes.length_unit, "0.1 um");
  EXPECT_DOUBLE_EQ(isolated.attributes.length_unit_um, 0.1);
  EXPECT_EQ(field_info_isolated(path, "group/phi").shape_zyx, shape);

  try {
    read_field_isolated(path, "nope");
    ADD_FAILURE() << "no error for a missing dataset";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pf::test
