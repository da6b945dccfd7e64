#pragma once
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace pf {

// Runs `work` in a forked child process and returns the string it produced. Reading a file we
// did not write goes through here: libhdf5 1.10 (Debian 12) has memory errors of its own on
// crafted files (found by tests/fuzz), and a crash in the child becomes an InputError naming
// `file` instead of killing porefield. An InputError thrown by `work` comes back as an
// InputError with the same message; any other exception as an Error.
std::string run_isolated(const std::string& file, const std::function<std::string()>& work);

// What the child sends back when the result is large: a small message and bulk parts written to
// the pipe straight from the child's memory (they must stay alive after `work` returns: point
// them at objects captured by reference), so a field of N bytes costs N in the child and N in
// the parent instead of a copy on each side and a growing buffer in between.
struct IsolatedReply {
  std::string message;
  std::vector<std::span<const std::byte>> bulk;
};

// Parent side: where bulk part `part` of `bytes` bytes goes, given the message (which arrives
// first). The span returned must be exactly `bytes` long; throwing stops the child and the read.
using BulkDestination = std::function<std::span<std::byte>(const std::string& message, std::size_t part, std::size_t bytes)>;

// As above; returns the message after every bulk part has been received into its destination.
std::string run_isolated(const std::string& file, const std::function<IsolatedReply()>& work, const BulkDestination& destination);

}  // namespace pf
