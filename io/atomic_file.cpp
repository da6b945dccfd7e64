#include "io/atomic_file.hpp"

#include <fstream>

#include "solver/core/errors.hpp"

namespace pf {

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path.string() + ": cannot write (directory missing or not writable?)");
    out << text;
    out.flush();
    if (!out) throw InputError(path.string() + ": write failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw InputError(path.string() + ": cannot replace file: " + ec.message());
}

}  // namespace pf
