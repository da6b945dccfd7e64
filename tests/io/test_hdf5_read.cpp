// Hdf5File::read_field on corrupt, truncated and hostile files: every one is refused with an
// InputError naming the file and dataset, nothing is read out of bounds, and nothing absurd is
// allocated. The files are made here with the HDF5 C API.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>
#include <functional>

#include "io/hdf5_file.hpp"
#include "solver/core/errors.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

// Builds `path` with `make(file_id)`.
void make_file(const fs::path& path, const std::function<void(hid_t)>& make) {
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  make(f);
  H5Fclose(f);
}

void add_dataset(hid_t f, const char* name, int rank, const hsize_t* dims, hid_t type, hid_t dcpl = H5P_DEFAULT) {
  const hid_t space = H5Screate_simple(rank, dims, nullptr);
  const hid_t d = H5Dcreate2(f, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  ASSERT_GE(d, 0) << name;
  H5Dclose(d);
  H5Sclose(space);
}

// The InputError message of reading `dataset` from `path` (fails the test if none is thrown).
std::string read_error(const fs::path& path, const std::string& dataset = "phi") {
  try {
    Hdf5File::open_read(path.string()).read_field(dataset);
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error reading " << path << ":" << dataset;
  return "";
}

fs::path valid_file(const fs::path& dir) {
  const fs::path p = dir / "valid.h5";
  std::vector<double> phi(6 * 5 * 4);
  for (std::size_t i = 0; i < phi.size(); ++i) phi[i] = 0.01 * double(i);
  Hdf5File f = Hdf5File::create(p.string());
  f.write_field("phi", phi, {6, 5, 4}, false, {});
  f.close();
  return p;
}

#define EXPECT_HAS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

TEST(Hdf5Read, ValidFileRoundTrips) {
  const FieldData d = Hdf5File::open_read(valid_file(temp_dir()).string()).read_field("phi");
  EXPECT_EQ(d.shape_zyx, (std::array<std::size_t, 3>{6, 5, 4}));
  EXPECT_FLOAT_EQ(float(d.values.back()), 0.01f * 119);
}

TEST(Hdf5Read, NotHdf5AtAll) {
  const fs::path dir = temp_dir();
  std::ofstream(dir / "garbage.h5") << "this is not an HDF5 file\n" << std::string(1000, '\x7f');
  std::ofstream(dir / "empty.h5");
  EXPECT_HAS(read_error(dir / "garbage.h5"), "not a readable HDF5 file");
  EXPECT_HAS(read_error(dir / "empty.h5"), "not a readable HDF5 file");
  EXPECT_HAS(read_error(dir / "missing.h5"), "missing.h5");
}

TEST(Hdf5Read, TruncatedFile) {
  const fs::path dir = temp_dir(), p = valid_file(dir);
  const auto size = fs::file_size(p);
  for (const auto keep : {size / 2, std::uintmax_t(600), std::uintmax_t(100), std::uintmax_t(8)}) {
    const fs::path cut = dir / ("cut" + std::to_string(keep) + ".h5");
    fs::copy_file(p, cut);
    fs::resize_file(cut, keep);
    EXPECT_HAS(read_error(cut), cut.string());
  }
}

TEST(Hdf5Read, CorruptBytesNeverCrash) {
  // Overwrite stretches of a valid file with garbage: each read either fails with an InputError
  // or returns a field of the declared shape (corrupt compressed data can still decode).
  const fs::path dir = temp_dir(), p = valid_file(dir);
  std::ifstream in(p, std::ios::binary);
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t at = 0; at + 16 <= original.size(); at += 97) {
    std::string bytes = original;
    for (std::size_t i = 0; i < 16; ++i) bytes[at + i] = char(0xA5 ^ (i * 37));
    const fs::path bad = dir / "corrupt.h5";
    std::ofstream(bad, std::ios::binary | std::ios::trunc) << bytes;
    try {
      const FieldData d = Hdf5File::open_read(bad.string()).read_field("phi");
      EXPECT_EQ(d.values.size(), d.shape_zyx[0] * d.shape_zyx[1] * d.shape_zyx[2]);
    } catch (const InputError&) {
    }
  }
}

TEST(Hdf5Read, WrongRank) {
  const fs::path dir = temp_dir();
  const hsize_t d4[4] = {2, 3, 4, 5}, d1[1] = {10};
  make_file(dir / "r.h5", [&](hid_t f) {
    add_dataset(f, "phi4", 4, d4, H5T_IEEE_F64LE);
    add_dataset(f, "phi1", 1, d1, H5T_IEEE_F64LE);
    const hid_t scalar = H5Screate(H5S_SCALAR);
    H5Dclose(H5Dcreate2(f, "phi0", H5T_IEEE_F64LE, scalar, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Sclose(scalar);
  });
  EXPECT_HAS(read_error(dir / "r.h5", "phi4"), "rank 4, expected 3 (nz, ny, nx) or 2 (ny, nx)");
  EXPECT_HAS(read_error(dir / "r.h5", "phi1"), "rank 1");
  EXPECT_HAS(read_error(dir / "r.h5", "phi0"), "rank 0");
}

TEST(Hdf5Read, HugeOrEmptyClaimedExtent) {
  // Chunked datasets with no data written claim any extent for free; reading must refuse
  // before allocating.
  const fs::path dir = temp_dir();
  make_file(dir / "huge.h5", [&](hid_t f) {
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t chunk[3] = {1, 16, 16};
    H5Pset_chunk(dcpl, 3, chunk);
    const hsize_t cube[3] = {10000, 10000, 10000};  // 1e12 voxels, 8 TB as doubles
    add_dataset(f, "cube", 3, cube, H5T_IEEE_F64LE, dcpl);
    H5Pclose(dcpl);
    const hid_t line_dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t line_chunk[3] = {1, 1, 1024};
    H5Pset_chunk(line_dcpl, 3, line_chunk);
    const hsize_t line[3] = {1, 1, hsize_t(1) << 40};
    add_dataset(f, "line", 3, line, H5T_IEEE_F64LE, line_dcpl);
    H5Pclose(line_dcpl);
    const hsize_t empty[3] = {4, 0, 4};
    add_dataset(f, "empty", 3, empty, H5T_IEEE_F64LE);
  });
  const std::string cube = read_error(dir / "huge.h5", "cube");
  EXPECT_HAS(cube, "(10000, 10000, 10000)");
  EXPECT_HAS(cube, "GiB of memory available");
  EXPECT_HAS(read_error(dir / "huge.h5", "line"), "absurdly large");
  EXPECT_HAS(read_error(dir / "huge.h5", "empty"), "is empty");
}

TEST(Hdf5Read, WrongDataTypes) {
  const fs::path dir = temp_dir();
  const hsize_t dims[3] = {2, 3, 4};
  make_file(dir / "types.h5", [&](hid_t f) {
    const hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, 8);
    add_dataset(f, "strings", 3, dims, str);
    H5Tclose(str);
    const hid_t vstr = H5Tcopy(H5T_C_S1);
    H5Tset_size(vstr, H5T_VARIABLE);
    add_dataset(f, "vstrings", 3, dims, vstr);
    H5Tclose(vstr);
    const hid_t cmp = H5Tcreate(H5T_COMPOUND, 16);
    H5Tinsert(cmp, "a", 0, H5T_IEEE_F64LE);
    H5Tinsert(cmp, "b", 8, H5T_IEEE_F64LE);
    add_dataset(f, "compound", 3, dims, cmp);
    H5Tclose(cmp);
    const hsize_t adim[1] = {3};
    const hid_t arr = H5Tarray_create2(H5T_IEEE_F64LE, 1, adim);
    add_dataset(f, "array", 3, dims, arr);
    H5Tclose(arr);
    add_dataset(f, "ldouble", 3, dims, H5T_NATIVE_LDOUBLE);
    add_dataset(f, "bytes", 3, dims, H5T_STD_U8LE);
    const hid_t group = H5Gcreate2(f, "group", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(group);
  });
  EXPECT_HAS(read_error(dir / "types.h5", "strings"), "holds strings");
  EXPECT_HAS(read_error(dir / "types.h5", "vstrings"), "holds strings");
  EXPECT_HAS(read_error(dir / "types.h5", "compound"), "compound type");
  EXPECT_HAS(read_error(dir / "types.h5", "array"), "array type");
  EXPECT_HAS(read_error(dir / "types.h5", "ldouble"), "16-byte numbers");
  EXPECT_HAS(read_error(dir / "types.h5", "group"), "is not a dataset");
  const FieldData bytes = Hdf5File::open_read((dir / "types.h5").string()).read_field("bytes");
  EXPECT_TRUE(bytes.is_integer);  // integers are fields too (masks)
  EXPECT_EQ(bytes.values.size(), 24u);
}

TEST(Hdf5Read, MissingDatasetOrGroup) {
  const fs::path p = valid_file(temp_dir());
  EXPECT_HAS(read_error(p, "psi"), "dataset 'psi' not found");
  EXPECT_HAS(read_error(p, "snapshots/00000007/phi"), "not found");
  EXPECT_HAS(read_error(p, "phi/inside"), "not found");
  EXPECT_HAS(read_error(p, ""), "not found");
}

TEST(Hdf5Read, DataInOtherFilesIsRefused) {
  // An external link or external raw storage would make porefield read a file the user never named.
  const fs::path dir = temp_dir(), target = valid_file(dir);
  const hsize_t dims[3] = {2, 2, 2};
  std::ofstream(dir / "raw.bin", std::ios::binary) << std::string(64, '\0');
  make_file(dir / "links.h5", [&](hid_t f) {
    H5Lcreate_external(target.c_str(), "phi", f, "elsewhere", H5P_DEFAULT, H5P_DEFAULT);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_external(dcpl, (dir / "raw.bin").c_str(), 0, 64);
    add_dataset(f, "external", 3, dims, H5T_IEEE_F64LE, dcpl);
    H5Pclose(dcpl);
  });
  EXPECT_HAS(read_error(dir / "links.h5", "elsewhere"), "external or user-defined link");
  EXPECT_HAS(read_error(dir / "links.h5", "external"), "stored in other files");
}

TEST(Hdf5Read, CorruptionsTheFuzzerFound) {
  // Files from tests/fuzz whose corrupt headers made libhdf5 1.10 copy past its buffers when
  // the data was read (a lost filter message; a chunk larger than the dataset).
  const fs::path dir = fs::path(PF_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "hdf5_regressions";
  const std::string lost_filter = read_error(dir / "filter_message_lost.h5", "phi");
  EXPECT_HAS(lost_filter, "corrupt: chunk 0 holds 39 bytes, expected 240");
  const std::string big_chunk = read_error(dir / "chunk_extent_beyond_dataset.h5", "snapshots/00000000/phi");
  EXPECT_HAS(big_chunk, "corrupt: chunk extent 2686986 along axis 2 is outside 1..10");
}

}  // namespace
}  // namespace pf::test
