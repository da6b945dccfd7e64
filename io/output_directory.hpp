#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace pf {

// The files a run writes into its output directory (and their ".tmp" siblings while written).
const std::vector<std::string>& run_output_files();

// Decides, writing nothing, whether a run may use `dir`: it must not exist or be an empty
// directory, unless `overwrite` (--force); its nearest existing ancestor must be a writable
// directory. Throws InputError naming the directory, what is in it and the way out.
void check_output_directory(const std::filesystem::path& dir, bool overwrite);

// Creates `dir` (and parents). With `overwrite`, removes the files of run_output_files() left
// by an earlier run and its checkpoint_*.h5, so that none of them is stale; other files are left alone.
void prepare_output_directory(const std::filesystem::path& dir, bool overwrite);

}  // namespace pf
