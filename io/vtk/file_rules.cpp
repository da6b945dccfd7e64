#include <system_error>

#include "io/vtk/vtk_export.hpp"
#include "solver/core/errors.hpp"

namespace pf::vtk {

void require_available(const std::string& what) {
  if (!available())
    throw InputError(what + ": porefield was built without VTK (configure with libvtk9-dev or paraview-dev "
                            "installed and -DPF_ENABLE_VTK=ON)");
}

void check_new_file(const std::filesystem::path& path, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(dir, ec)) throw InputError(path.string() + ": directory " + dir.string() + " does not exist");
  if (fs::is_directory(path, ec)) throw InputError(path.string() + ": is a directory");
  if (fs::exists(path, ec) && !overwrite)
    throw InputError(path.string() + ": exists; porefield does not overwrite it unless --force");
}

}  // namespace pf::vtk
