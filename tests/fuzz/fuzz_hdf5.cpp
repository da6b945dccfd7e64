// libFuzzer target: Hdf5File::open_read, field_info and read_field on arbitrary bytes written
// to a file. Every input must either read or throw pf::InputError; a crash, sanitizer report,
// leak or any other exception is a bug (ours, or libhdf5's to work around).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "io/hdf5_file.hpp"
#include "solver/core/errors.hpp"

namespace {

std::string scratch_path() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/porefield-fuzz-hdf5-" + std::to_string(::getpid()) + ".h5";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A new name per input: libhdf5 keeps a file it failed to close open, and would hand the
  // stale one back for the same name (a crash of the harness, not of a real single read).
  static const std::string base = scratch_path();
  static unsigned long long count = 0;
  const std::string path = base + "." + std::to_string(count++);
  struct Remove {
    const std::string& p;
    ~Remove() { std::remove(p.c_str()); }
  } remove_after{path};
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  try {
    const pf::Hdf5File file = pf::Hdf5File::open_read(path);
    (void)file.read_root_attribute("config_toml");
    for (const char* name : {"phi", "snapshots/00000000/phi", "mask"}) {
      try {
        // Claims up to the host's free memory are legal and read_field would allocate them;
        // the fuzzer runs under a 512 MiB allocation cap, so it reads only smaller claims (the
        // refusal of larger ones is covered by tests/io/test_hdf5_read.cpp).
        const pf::FieldInfo info = file.field_info(name);
        if (double(info.shape_zyx[0]) * double(info.shape_zyx[1]) * double(info.shape_zyx[2]) > double(1 << 24)) continue;
        const pf::FieldData d = file.read_field(name);
        if (d.values.size() != d.shape_zyx[0] * d.shape_zyx[1] * d.shape_zyx[2]) __builtin_trap();
      } catch (const pf::InputError&) {
      }
    }
  } catch (const pf::InputError&) {
  }
  return 0;
}
