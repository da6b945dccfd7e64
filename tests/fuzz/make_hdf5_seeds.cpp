// Writes the seed corpus for fuzz_hdf5 into the directory given as argv[1]: small valid field
// files as porefield writes them, and invalid ones (wrong rank, strings, compound, a huge claimed
// extent, not HDF5 at all). Generated at build time rather than committed as binaries.
#include <hdf5.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/hdf5_file.hpp"

namespace fs = std::filesystem;

namespace {

void dataset(const fs::path& p, int rank, const hsize_t* dims, hid_t type, bool chunked = false) {
  const hid_t f = H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t space = H5Screate_simple(rank, dims, nullptr);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (chunked) {
    std::vector<hsize_t> chunk(std::size_t(rank), 1);
    H5Pset_chunk(dcpl, rank, chunk.data());
  }
  H5Dclose(H5Dcreate2(f, "phi", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_hdf5_seeds DIR\n");
    return 2;
  }
  const fs::path dir = argv[1];
  fs::create_directories(dir);
  std::vector<double> phi(4 * 3 * 5);
  for (std::size_t i = 0; i < phi.size(); ++i) phi[i] = 0.5 + 0.01 * double(i % 7);
  {
    pf::Hdf5File f = pf::Hdf5File::create((dir / "valid_float.h5").string());
    f.write_field("phi", phi, {4, 3, 5}, true, {});
    f.write_root_attribute("config_toml", "[grid]\nshape = [5, 3, 4]\n");
    f.close();
  }
  {
    pf::Hdf5File f = pf::Hdf5File::create((dir / "valid_snapshot.h5").string());
    f.write_field("snapshots/00000000/phi", phi, {1, 6, 10}, false, {});
    std::vector<std::uint8_t> mask(60, 1);
    f.write_mask("mask", mask, {1, 6, 10}, {});
    f.close();
  }
  const hsize_t d4[4] = {2, 2, 2, 2}, d3[3] = {2, 3, 4}, huge[3] = {100000, 100000, 100000};
  dataset(dir / "rank4.h5", 4, d4, H5T_IEEE_F64LE);
  dataset(dir / "contiguous.h5", 3, d3, H5T_STD_I32LE);
  dataset(dir / "huge_chunked.h5", 3, huge, H5T_IEEE_F64LE, true);
  const hid_t str = H5Tcopy(H5T_C_S1);
  H5Tset_size(str, 4);
  dataset(dir / "strings.h5", 3, d3, str);
  H5Tclose(str);
  const hid_t cmp = H5Tcreate(H5T_COMPOUND, 16);
  H5Tinsert(cmp, "a", 0, H5T_IEEE_F64LE);
  H5Tinsert(cmp, "b", 8, H5T_IEEE_F64LE);
  dataset(dir / "compound.h5", 3, d3, cmp);
  H5Tclose(cmp);
  std::ofstream(dir / "not_hdf5.h5") << "\x89HDF\r\n\x1a\n not really";
  return 0;
}
