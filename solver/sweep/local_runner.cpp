#include "solver/sweep/local_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <map>
#include <thread>

#include "solver/core/errors.hpp"

extern char** environ;

namespace pf {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::string hms(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--:--";
  const long s = std::lround(seconds);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

int available_threads() {
  if (const char* env = std::getenv("OMP_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

struct Running {
  const SweepPoint* point;
  Clock::time_point start;
  int slot;  // which of the K places it runs in; picks its GPU
};

// The entries of CUDA_VISIBLE_DEVICES ("0,1,2"), empty when unset.
std::vector<std::string> visible_gpus() {
  std::vector<std::string> gpus;
  const char* env = std::getenv("CUDA_VISIBLE_DEVICES");
  if (!env) return gpus;
  std::string list(env), item;
  std::istringstream in(list);
  while (std::getline(in, item, ','))
    if (!item.empty()) gpus.push_back(item);
  return gpus;
}

// Starts `porefield run config --output out` with stdout/stderr redirected into the point dir.
pid_t spawn_point(const std::string& exe, const fs::path& point_dir, const std::vector<std::string>& env) {
  const std::string config = (point_dir / "config.toml").string(), out = (point_dir / "out").string();
  const std::string log = (point_dir / "log.txt").string(), err = (point_dir / "error.txt").string();
  std::vector<std::string> args = {exe, "run", config, "--output", out};
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw Error(fmt::format("posix_spawn {}: {}", exe, std::strerror(rc)));
  return pid;
}

}  // namespace

std::string last_line_of(const fs::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

LocalRunResult run_sweep_locally(const SweepPlan& plan, const LocalRunOptions& options) {
  if (options.jobs < 1) throw InputError("-j must be at least 1");
  const fs::path& dir = plan.output_dir;
  LocalRunResult result;
  std::deque<const SweepPoint*> queue;
  for (const SweepPoint& p : plan.points) {
    if (point_finished(dir, p.dir_name)) ++result.already_finished;
    else queue.push_back(&p);
  }
  const int total = int(plan.points.size()), to_run = int(queue.size());
  const int jobs = std::max(1, std::min(options.jobs, to_run));
  const int threads = std::max(1, available_threads() / jobs);

  // Several visible GPUs: child slot s gets GPU s mod G alone. One or none: children inherit it.
  const std::vector<std::string> gpus = visible_gpus();
  const bool split_gpus = gpus.size() > 1;
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "OMP_NUM_THREADS=", 16) != 0 && !(split_gpus && std::strncmp(*e, "CUDA_VISIBLE_DEVICES=", 21) == 0))
      env.emplace_back(*e);
  env.push_back(fmt::format("OMP_NUM_THREADS={}", threads));
  if (split_gpus) env.emplace_back();  // CUDA_VISIBLE_DEVICES of the child, set per spawn
  std::vector<bool> slot_busy(std::size_t(jobs), false);

  if (!options.quiet) {
    fmt::print("sweep: {} points in {}: {} already finished, running {} with {} at a time (OMP_NUM_THREADS={} each{})\n",
               total, dir.string(), result.already_finished, to_run, jobs, threads,
               split_gpus ? fmt::format(", one of GPUs {} each", fmt::join(gpus, ",")) : "");
    std::fflush(stdout);
  }
  const auto t0 = Clock::now();
  double busy_seconds = 0;  // summed durations of the points that ended, for the ETA
  int ended = 0;
  std::map<pid_t, Running> running;
  while (!queue.empty() || !running.empty()) {
    while (!queue.empty() && int(running.size()) < jobs) {
      const SweepPoint* p = queue.front();
      queue.pop_front();
      const fs::path point_dir = dir / p->dir_name;
      fs::remove_all(point_dir / "out");  // partial output of an interrupted attempt
      const int slot = int(std::find(slot_busy.begin(), slot_busy.end(), false) - slot_busy.begin());
      slot_busy[std::size_t(slot)] = true;
      if (split_gpus) env.back() = "CUDA_VISIBLE_DEVICES=" + gpus[std::size_t(slot) % gpus.size()];
      running[spawn_point(options.porefield_binary, point_dir, env)] = {p, Clock::now(), slot};
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("waitpid: {}", std::strerror(errno)));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint& p = *it->second.point;
    const double seconds = std::chrono::duration<double>(Clock::now() - it->second.start).count();
    slot_busy[std::size_t(it->second.slot)] = false;
    running.erase(it);
    busy_seconds += seconds;
    ++ended;
    const fs::path point_dir = dir / p.dir_name;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && point_finished(dir, p.dir_name);
    std::string what;
    if (ok) {
      ++result.succeeded;
      std::error_code ec;
      if (fs::file_size(point_dir / "error.txt", ec) == 0 && !ec) fs::remove(point_dir / "error.txt");
      what = fmt::format("finished in {:.1f} s", seconds);
    } else {
      std::string line = last_line_of(point_dir / "error.txt");
      if (line.empty())
        line = WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
                                   : fmt::format("exit code {}", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
      if (last_line_of(point_dir / "error.txt").empty()) {
        std::ofstream(point_dir / "error.txt") << line << "\n";
      }
      result.failures.emplace_back(p.dir_name, line);
      what = fmt::format("FAILED after {:.1f} s: {}", seconds, line);
    }
    if (!options.quiet) {
      const int remaining = int(queue.size() + running.size());
      const double eta = busy_seconds / ended * remaining / jobs;
      fmt::print("sweep: {} {} | {}/{} done, {} failed, {} remaining ({} running) | elapsed {}, ETA {}\n", p.dir_name,
                 what, result.already_finished + result.succeeded, total, result.failures.size(), remaining,
                 running.size(), hms(std::chrono::duration<double>(Clock::now() - t0).count()), hms(eta));
      std::fflush(stdout);
    }
  }
  {
    fmt::print("sweep: {}/{} points finished ({} now, {} before), {} failed\n", result.already_finished + result.succeeded,
               total, result.succeeded, result.already_finished, result.failures.size());
    for (const auto& [name, line] : result.failures) fmt::print("  failed {}: {}\n", name, line);
    std::fflush(stdout);
  }
  return result;
}

}  // namespace pf
