#pragma once
#include <filesystem>
#include <string>

namespace pf {

// Writes `text` to `path` via a temporary file in the same directory and a rename, so the
// file is either the old one or the complete new one, never a torn write. Throws IoError
// naming the path and the operating system's reason (e.g. "No space left on device").
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

// Renames `from` over `to` (same directory), throwing IoError with the OS reason on failure.
void replace_file(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace pf
