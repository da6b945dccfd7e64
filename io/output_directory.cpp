#include "io/output_directory.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "solver/core/errors.hpp"

namespace pf {

namespace fs = std::filesystem;

const std::vector<std::string>& run_output_files() {
  static const std::vector<std::string> files = {"energy.csv", "timesteps.csv", "fields.h5",
                                                 "fields.xdmf", "final.h5",     "run.json"};
  return files;
}

void check_output_directory(const fs::path& dir, bool overwrite) {
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw InputError(dir.string() + ": output path exists and is not a directory");
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path().filename().string());
    if (ec) throw InputError(dir.string() + ": cannot list output directory: " + ec.message());
    if (!entries.empty() && !overwrite) {
      std::sort(entries.begin(), entries.end());
      const std::size_t shown = std::min<std::size_t>(entries.size(), 4);
      throw InputError(fmt::format(
          "{}: output directory is not empty (holds {}{}); porefield does not overwrite results: choose another "
          "--output or [output] dir, or pass --force to overwrite",
          dir.string(), fmt::join(entries.begin(), entries.begin() + long(shown), ", "),
          entries.size() > shown ? fmt::format(" and {} more", entries.size() - shown) : ""));
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      throw InputError(dir.string() + ": output directory is not writable: " + std::strerror(errno));
    return;
  }
  // The nearest existing ancestor is where the directory would be created.
  fs::path parent = fs::absolute(dir, ec).parent_path();
  while (!parent.empty() && !fs::exists(parent, ec) && parent != parent.root_path()) parent = parent.parent_path();
  if (!fs::is_directory(parent, ec))
    throw InputError(fmt::format("{}: cannot create output directory: {} is not a directory", dir.string(), parent.string()));
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw InputError(fmt::format("{}: cannot create output directory in {}: {}", dir.string(), parent.string(),
                                 std::strerror(errno)));
}

void prepare_output_directory(const fs::path& dir, bool overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir.string() + ": cannot create output directory: " + ec.message());
  if (!overwrite) return;
  for (const auto& name : run_output_files())
    for (const fs::path& p : {dir / name, dir / (name + ".tmp")}) {
      fs::remove(p, ec);
      if (ec) throw IoError(p.string() + ": cannot remove the earlier run's file: " + ec.message());
    }
  // An earlier run's checkpoints too: a requeued job restarts from the newest one it finds.
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("checkpoint_", 0) == 0 && (name.ends_with(".h5") || name.ends_with(".h5.tmp"))) {
      std::error_code rm;
      fs::remove(e.path(), rm);
      if (rm) throw IoError(e.path().string() + ": cannot remove the earlier run's checkpoint: " + rm.message());
    }
  }
}

}  // namespace pf
