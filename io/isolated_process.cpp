#include "io/isolated_process.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
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

[[noreturn]] void child(int fd, const std::function<IsolatedReply()>& work) {
  // A crash here should end this process quietly and be reported by the parent: default
  // actions (also under sanitizers, whose handlers would turn it into an exit status) and no
  // core file left in the user's directory.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  Outcome outcome = Outcome::result;
  IsolatedReply reply;
  try {
    reply = work();
  } catch (const InputError& e) {
    outcome = Outcome::input_error, reply.message = e.what();
  } catch (const std::exception& e) {
    outcome = Outcome::other_error, reply.message = e.what();
  }
  const char tag = char(outcome);
  write_all(fd, &tag, 1);
  if (outcome == Outcome::result) {
    // Framed: the message's size, the message, the number of bulk parts, each part's size and bytes.
    const auto put_size = [&](std::uint64_t n) { write_all(fd, reinterpret_cast<const char*>(&n), sizeof n); };
    put_size(reply.message.size());
    write_all(fd, reply.message.data(), reply.message.size());
    put_size(reply.bulk.size());
    for (const std::span<const std::byte> part : reply.bulk) {
      put_size(part.size());
      write_all(fd, reinterpret_cast<const char*>(part.data()), part.size());
    }
  } else {
    write_all(fd, reply.message.data(), reply.message.size());  // an error: its text, to the end
  }
  ::close(fd);
  // _exit: no atexit handlers, no static destructors (the parent's, duplicated by fork).
  ::_exit(0);
}

// Reads exactly n bytes; false if the pipe ends first (the child died).
bool read_exact(int fd, void* out, std::size_t n) {
  auto* at = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t got = ::read(fd, at, std::min<std::size_t>(n, std::size_t(1) << 30));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    at += got;
    n -= std::size_t(got);
  }
  return true;
}

std::string read_rest(int fd) {
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

// The child's reply, bulk parts into their destinations; false if the pipe ended early.
bool receive(int fd, const BulkDestination& destination, Outcome& outcome, std::string& message) {
  char tag = 0;
  if (!read_exact(fd, &tag, 1)) return false;
  outcome = Outcome(tag);
  if (outcome != Outcome::result && outcome != Outcome::input_error && outcome != Outcome::other_error) return false;
  if (outcome != Outcome::result) {
    message = read_rest(fd);
    return true;
  }
  std::uint64_t size = 0, parts = 0;
  // Messages are headers and small results; a larger claim is a child gone wrong.
  if (!read_exact(fd, &size, sizeof size) || size > (std::uint64_t(1) << 30)) return false;
  message.resize(size);
  if (!read_exact(fd, message.data(), size) || !read_exact(fd, &parts, sizeof parts)) return false;
  for (std::uint64_t part = 0; part < parts; ++part) {
    if (!read_exact(fd, &size, sizeof size)) return false;
    const std::span<std::byte> into = destination(message, part, size);
    if (into.size() != size) throw Error(fmt::format("isolated read: bulk part {} of {} bytes has a destination of {}", part, size, into.size()));
    if (!read_exact(fd, into.data(), size)) return false;
  }
  return true;
}

}  // namespace

std::string run_isolated(const std::string& file, const std::function<IsolatedReply()>& work, const BulkDestination& destination) {
  int fds[2];
  if (::pipe(fds) != 0) throw Error(fmt::format("{}: pipe() failed: {}", file, std::strerror(errno)));
#ifdef F_SETPIPE_SZ
  // A larger pipe (1 MiB, the unprivileged maximum by default; 64 KiB otherwise) means fewer
  // switches between the processes for a field of gigabytes. Best effort.
  (void)::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
#endif
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
  // Read before waiting: the pipe would fill up.
  Outcome outcome = Outcome::result;
  std::string message;
  bool received = false;
  std::exception_ptr refused;  // the destination's error: the parent's own, reported as such
  try {
    received = receive(fds[0], destination, outcome, message);
  } catch (...) {
    refused = std::current_exception();
  }
  ::close(fds[0]);  // a child still writing gets EPIPE and ends
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (refused) std::rethrow_exception(refused);
  const bool complete = received && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!complete) {
    const std::string how = WIFSIGNALED(status) ? fmt::format("signal {}, {}", WTERMSIG(status), ::strsignal(WTERMSIG(status)))
                                                : fmt::format("exit status {}", WEXITSTATUS(status));
    throw InputError(fmt::format("{}: corrupt or hostile file: the HDF5 library crashed while reading it ({})", file, how));
  }
  if (outcome == Outcome::input_error) throw InputError(message);
  if (outcome == Outcome::other_error) throw Error(message);
  return message;
}

std::string run_isolated(const std::string& file, const std::function<std::string()>& work) {
  return run_isolated(
      file, [&] { return IsolatedReply{work(), {}}; },
      [](const std::string&, std::size_t, std::size_t) -> std::span<std::byte> { throw Error("isolated read: unexpected bulk part"); });
}

}  // namespace pf
