// Reading files porefield did not write in a child process (io/isolated_process.hpp): a crash
// of the reader — here a real SIGSEGV/abort raised inside the child, standing in for libhdf5's
// own memory errors on crafted files — comes back as an InputError naming the file, errors keep
// their type and text, and results cross the pipe intact (a field larger than a pipe buffer).
#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

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

// A uint8 dataset (a pore mask) read with FieldValues::bytes_if_uint8 comes back as its bytes,
// 1 a voxel, with the attributes; a float dataset asked the same way still comes as doubles.
TEST(IsolatedRead, MaskAsBytesFloatAsDoubles) {
  const std::array<std::size_t, 3> shape{5, 6, 7};
  std::vector<std::uint8_t> mask(5 * 6 * 7);
  std::vector<double> phi(mask.size());
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = std::uint8_t(i % 3 == 1), phi[i] = 0.25 * double(i);
  FieldAttributes attrs;
  attrs.spacing_zyx = {0.5, 1, 2}, attrs.length_unit_um = 0.1, attrs.step = 9;
  const std::string path = (temp_dir() / "mask.h5").string();
  Hdf5File f = Hdf5File::create(path);
  f.write_mask("pore", mask, shape, attrs);
  f.write_field("phi", phi, shape, false, attrs);
  f.close();

  const FieldData m = read_field_isolated(path, "pore", FieldValues::bytes_if_uint8);
  EXPECT_EQ(m.bytes, mask);
  EXPECT_TRUE(m.values.empty());
  EXPECT_TRUE(m.is_integer);
  EXPECT_EQ(m.element_bytes, 1u);
  EXPECT_EQ(m.shape_zyx, shape);
  EXPECT_EQ(m.attributes.spacing_zyx, attrs.spacing_zyx);
  EXPECT_EQ(m.attributes.step, 9);
  EXPECT_TRUE(field_info_isolated(path, "pore").is_unsigned);

  const FieldData as_doubles = read_field_isolated(path, "pore");  // the default: doubles
  EXPECT_TRUE(as_doubles.bytes.empty());
  EXPECT_EQ(as_doubles.values, std::vector<double>(mask.begin(), mask.end()));

  const FieldData p = read_field_isolated(path, "phi", FieldValues::bytes_if_uint8);
  EXPECT_TRUE(p.bytes.empty());
  EXPECT_EQ(p.values, phi);
  EXPECT_FALSE(field_info_isolated(path, "phi").is_unsigned);
}

// Bulk parts (IsolatedReply) go from the child's memory to the parent's destinations in order,
// each exactly as sent, after the message; here 3 MB and 1 MB, far beyond a pipe buffer, and an
// empty part.
TEST(IsolatedRead, BulkPartsArriveInTheirDestinations) {
  std::vector<std::uint64_t> big(3 << 17), small(1 << 17);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = i * 2654435761u;
  for (std::size_t i = 0; i < small.size(); ++i) small[i] = ~i;
  const std::vector<std::byte> none;
  std::vector<std::vector<std::byte>> received;
  std::vector<std::string> messages_seen;
  const std::string message = run_isolated(
      "f.h5",
      [&] {
        return IsolatedReply{"three parts", {std::as_bytes(std::span(big)), std::span<const std::byte>(none), std::as_bytes(std::span(small))}};
      },
      [&](const std::string& m, std::size_t part, std::size_t bytes) {
        messages_seen.push_back(m);
        EXPECT_EQ(part, received.size());
        received.emplace_back(bytes);
        return std::span<std::byte>(received.back());
      });
  EXPECT_EQ(message, "three parts");
  EXPECT_EQ(messages_seen, std::vector<std::string>(3, "three parts"));
  ASSERT_EQ(received.size(), 3u);
  ASSERT_EQ(received[0].size(), big.size() * 8);
  EXPECT_EQ(std::memcmp(received[0].data(), big.data(), received[0].size()), 0);
  EXPECT_TRUE(received[1].empty());
  ASSERT_EQ(received[2].size(), small.size() * 8);
  EXPECT_EQ(std::memcmp(received[2].data(), small.data(), received[2].size()), 0);
}

// A destination that refuses a part (here: a wrong size) stops the read with its own error, not
// a "crashed" InputError, and does not hang on a child still writing 8 MB.
TEST(IsolatedRead, RefusedBulkPartIsTheParentsError) {
  std::vector<double> field(1 << 20, 1.5);
  try {
    run_isolated(
        "f.h5", [&] { return IsolatedReply{"m", {std::as_bytes(std::span(field))}}; },
        [](const std::string&, std::size_t, std::size_t) -> std::span<std::byte> { throw Error("no room for it"); });
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    ADD_FAILURE() << "a refused part is not a hostile file: " << e.what();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no room for it");
  }
  std::vector<std::byte> too_small(16);
  try {
    run_isolated(
        "f.h5", [&] { return IsolatedReply{"m", {std::as_bytes(std::span(field))}}; },
        [&](const std::string&, std::size_t, std::size_t) { return std::span<std::byte>(too_small); });
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("has a destination of 16"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pf::test
