#pragma once
// Runs the real porefield binary (or any shell command) from a test and captures exit code and output.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace pf::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` through /bin/sh and captures its standard output (end it with 2>&1 for both).
// exit_code is the command's status, or 128 + the signal that ended it, as a shell reports it.
inline CommandResult run_shell(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline CommandResult run_porefield(const std::string& args) {
  return run_shell(std::string(PF_BINARY) + " " + args + " 2>&1");
}

}  // namespace pf::test
