#include "io/isolated_process.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

#include "solver/core/errors.hpp"

namespace pf {

namespace {

// First byte of the child's message: what the rest of it is.
enum class Outcome : char { result = 'R', input_error = 'I', other_error = 'E' };

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(3);  // parent gone: nothing left to report to
    data += n;
    size -= std::size_t(n);
  }
}

[[noreturn]] void child(int fd, const std::function<std::string()>& work) {
  // A crash here should end this process quietly and be reported by the parent: default
  // actions (also under sanitizers, whose handlers would turn it into an exit status) and no
  // core file left in the user's directory.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  Outcome outcome = Outcome::result;
  std::string message;
  try {
    message = work();
  } catch (const InputError& e) {
    outcome = Outcome::input_error, message = e.what();
  } catch (const std::exception& e) {
    outcome = Outcome::other_error, message = e.what();
  }
  const char tag = char(outcome);
  write_all(fd, &tag, 1);
  write_all(fd, message.data(), message.size());
  ::close(fd);
  // _exit: no atexit handlers, no static destructors (the parent's, duplicated by fork).
  ::_exit(0);
}

std::string read_all(int fd) {
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, std::size_t(n));
  }
  return out;
}

}  // namespace

std::string run_isolated(const std::string& file, const std::function<std::string()>& work) {
  int fds[2];
  if (::pipe(fds) != 0) throw Error(fmt::format("{}: pipe() failed: {}", file, std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]), ::close(fds[1]);
    throw Error(fmt::format("{}: fork() failed: {}", file, std::strerror(errno)));
  }
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], work);
  }
  ::close(fds[1]);
  std::string message = read_all(fds[0]);  // read before waiting: the pipe would fill up
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const bool complete = WIFEXITED(status) && WEXITSTATUS(status) == 0 && !message.empty();
  if (!complete) {
    const std::string how = WIFSIGNALED(status) ? fmt::format("signal {}, {}", WTERMSIG(status), ::strsignal(WTERMSIG(status)))
                                                : fmt::format("exit status {}", WEXITSTATUS(status));
    throw InputError(fmt::format("{}: corrupt or hostile file: the HDF5 library crashed while reading it ({})", file, how));
  }
  const auto outcome = Outcome(message[0]);
  message.erase(0, 1);
  if (outcome == Outcome::input_error) throw InputError(message);
  if (outcome == Outcome::other_error) throw Error(message);
  return message;
}

}  // namespace pf
