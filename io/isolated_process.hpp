#pragma once
#include <functional>
#include <string>

namespace pf {

// Runs `work` in a forked child process and returns the string it produced. Reading a file we
// did not write goes through here: libhdf5 1.10 (Debian 12) has memory errors of its own on
// crafted files (found by tests/fuzz), and a crash in the child becomes an InputError naming
// `file` instead of killing porefield. An InputError thrown by `work` comes back as an
// InputError with the same message; any other exception as an Error.
std::string run_isolated(const std::string& file, const std::function<std::string()>& work);

}  // namespace pf
