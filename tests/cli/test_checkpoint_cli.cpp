// The real binary: SIGTERM (and SIGUSR1) during `porefield run` leaves a readable checkpoint
// and exit code 75, and `--restart` from it ends where the straight run ends; `porefield info`
// on a run's files and a checkpoint, as text and JSON, and on a file that is not HDF5.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/cli_support.hpp"
#include "io/hdf5_file.hpp"
#include "solver/core/errors.hpp"
#include "solver/run/checkpoint.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

namespace fs = std::filesystem;

// Long enough (thousands of steps) that the signal lands mid-run; small enough to be quick.
const char* long_run = R"(
[grid]
shape = [16, 16, 8]
[model]
free_energy = "flory_huggins"
N_A = 20.0
chi_A = 0.9
kappa = 1.0
mobility = "slow_mode"
m_A = 0.2
[initial]
kind = "uniform_noise"
c0 = 0.3
amplitude = 0.05
seed = 3
[time]
dt = 0.05
end = 100.0
stabilization = 1.0
[noise]
sigma = 1e-3
seed = 4
[output]
every = 50
checkpoint_every = 1000
)";

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int count_lines(const fs::path& p) {
  const std::string t = read_text(p);
  return int(std::count(t.begin(), t.end(), '\n'));
}

// Starts `porefield args...` with stdout/stderr to `log`; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(PF_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(PF_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

// Waits at most `limit` for the child; -1 when it is still running (then killed).
int wait_exit(pid_t pid, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

void signal_mid_run_then_restart(int signal) {
  const fs::path root = temp_dir();
  const fs::path config = root / "run.toml";
  std::ofstream(config) << long_run;
  const fs::path straight = root / "straight", split = root / "split";
  ASSERT_EQ(run_porefield("run " + config.string() + " --quiet --output " + straight.string()).exit_code, 0);

  const std::vector<std::string> run_args = {"run", config.string(), "--quiet", "--output", split.string()};
  const pid_t pid = spawn(run_args, root / "log1.txt");
  // Poll (bounded) until the run has written energy rows past step 0, then signal it.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until && count_lines(split / "energy.csv") < 3)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_GE(count_lines(split / "energy.csv"), 3) << read_text(root / "log1.txt");
  kill(pid, signal);
  const int rc = wait_exit(pid, std::chrono::seconds(30));
  ASSERT_EQ(rc, int(exit_interrupted)) << read_text(root / "log1.txt");
  EXPECT_NE(read_text(root / "log1.txt").find("--restart"), std::string::npos) << read_text(root / "log1.txt");
  EXPECT_FALSE(fs::exists(split / "final.h5"));
  const std::vector<fs::path> checkpoints = list_checkpoints(split);
  ASSERT_FALSE(checkpoints.empty());
  const Checkpoint ck = read_checkpoint(checkpoints.back());
  EXPECT_GT(ck.position.totals.steps, 0);
  EXPECT_LT(ck.position.totals.steps, 2000);

  // Restart from the newest checkpoint into the same (non-empty) directory, as a job script does.
  const CommandResult again =
      run_porefield("run " + config.string() + " --quiet --restart " + checkpoints.back().string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  const std::vector<double> a = Hdf5File::open_read((straight / "final.h5").string()).read_field("phi").values;
  const std::vector<double> b = Hdf5File::open_read((split / "final.h5").string()).read_field("phi").values;
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0);
  EXPECT_EQ(read_text(straight / "energy.csv"), read_text(split / "energy.csv"));
}

TEST(CheckpointCli, SigtermWritesACheckpointExits75AndRestartFinishesTheRun) { signal_mid_run_then_restart(SIGTERM); }

TEST(CheckpointCli, Sigusr1LikeSlurmsWarningDoesTheSame) { signal_mid_run_then_restart(SIGUSR1); }

TEST(CheckpointCli, RestartRefusesAnotherConfigWithExit2) {
  const fs::path root = temp_dir();
  std::string text = long_run;
  text.replace(text.find("end = 100.0"), 11, "end = 1.0");
  text.replace(text.find("checkpoint_every = 1000"), 23, "checkpoint_every = 7");
  std::ofstream(root / "a.toml") << text;
  text.replace(text.find("chi_A = 0.9"), 11, "chi_A = 0.8");
  std::ofstream(root / "b.toml") << text;
  ASSERT_EQ(run_porefield("run " + (root / "a.toml").string() + " --quiet --output " + (root / "out").string()).exit_code, 0);
  const CommandResult r = run_porefield("run " + (root / "b.toml").string() + " --restart " +
                                        checkpoint_path(root / "out", 14).string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("another config"), std::string::npos) << r.output;
}

TEST(InfoCommand, DescribesRunFilesAndCheckpointsAsTextAndJson) {
  const fs::path root = temp_dir();
  std::string text = long_run;
  text.replace(text.find("end = 100.0"), 11, "end = 1.0");
  text.replace(text.find("checkpoint_every = 1000"), 23, "checkpoint_every = 7");
  text.replace(text.find("every = 50"), 10, "every = 10");
  std::ofstream(root / "a.toml") << text;
  const fs::path out = root / "out";
  ASSERT_EQ(run_porefield("run " + (root / "a.toml").string() + " --quiet --output " + out.string()).exit_code, 0);

  const CommandResult fields = run_porefield("info " + (out / "fields.h5").string());
  ASSERT_EQ(fields.exit_code, 0) << fields.output;
  EXPECT_NE(fields.output.find("/snapshots/00000000/phi"), std::string::npos) << fields.output;
  EXPECT_NE(fields.output.find("float64  (8, 16, 16)"), std::string::npos) << fields.output;
  EXPECT_NE(fields.output.find("embedded"), std::string::npos) << fields.output;
  EXPECT_NE(fields.output.find("step 20"), std::string::npos) << fields.output;

  const CommandResult json = run_porefield("info --json " + (out / "fields.h5").string());
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json j = nlohmann::json::parse(json.output);
  EXPECT_TRUE(j["config_embedded"].get<bool>());
  EXPECT_EQ(j["attributes"]["precision"], "double");
  EXPECT_EQ(j["attributes"]["backend"], "cpu");
  ASSERT_EQ(j["datasets"].size(), 3u);  // steps 0, 10, 20
  EXPECT_EQ(j["datasets"][2]["step"], 20);
  EXPECT_DOUBLE_EQ(j["datasets"][2]["time"].get<double>(), 1.0);
  EXPECT_EQ(j["datasets"][2]["shape"], nlohmann::json({8, 16, 16}));
  EXPECT_EQ(j["datasets"][2]["spacing_zyx"], nlohmann::json({1.0, 1.0, 1.0}));
  EXPECT_TRUE(j["checkpoint"].is_null());

  const fs::path ck = checkpoint_path(out, 14);
  const CommandResult ck_text = run_porefield("info " + ck.string());
  ASSERT_EQ(ck_text.exit_code, 0) << ck_text.output;
  EXPECT_NE(ck_text.output.find("checkpoint  step 14, t = 0.7"), std::string::npos) << ck_text.output;
  const nlohmann::json cj = nlohmann::json::parse(run_porefield("info --json " + ck.string()).output);
  EXPECT_EQ(cj["checkpoint"]["step"], 14);
  EXPECT_DOUBLE_EQ(cj["checkpoint"]["time"].get<double>(), 0.7);
  EXPECT_EQ(cj["checkpoint"]["domain"]["shape"], nlohmann::json({16, 16, 8}));
  EXPECT_EQ(cj["datasets"][0]["name"], "phi");
  EXPECT_EQ(cj["datasets"][0]["dtype"], "float64");

  const CommandResult final_info = run_porefield("info --json " + (out / "final.h5").string());
  ASSERT_EQ(final_info.exit_code, 0) << final_info.output;
  EXPECT_EQ(nlohmann::json::parse(final_info.output)["datasets"][0]["step"], 20);

  std::ofstream(root / "not.h5") << "step,time\n0,0\n";
  const CommandResult bad = run_porefield("info " + (root / "not.h5").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("not a readable HDF5 file"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace pf::test
