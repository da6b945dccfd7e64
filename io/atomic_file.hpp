#pragma once
#include <filesystem>
#include <string>

namespace pf {

// Writes `text` to `path` via a temporary file in the same directory and a rename, so the
// file is either the old one or the complete new one, never a torn write.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace pf
