#include <fmt/format.h>

#include "io/config.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/run/run_simulation.hpp"
#include "solver/run/stop_signal.hpp"

namespace pf::cli {

namespace {

struct RunArgs {
  std::string config_path, output_dir, backend = "auto", restart;
  bool quiet = false, force = false;
};

}  // namespace

BackendKind parse_backend(const std::string& s) {
  if (s == "cpu") return BackendKind::cpu;
  if (s == "cuda") return BackendKind::cuda;
  return BackendKind::automatic;
}

Action add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a simulation from a TOML config");
  cmd->add_option("config", args->config_path, "Config file (TOML)")->required();
  cmd->add_option("-o,--output", args->output_dir, "Output directory (overrides [output] dir)");
  cmd->add_option("--backend", args->backend, "Compute backend")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress lines");
  cmd->add_flag("--force", args->force,
                "Write into a non-empty output directory, replacing an earlier run's files (refused otherwise)");
  cmd->add_option("--restart", args->restart,
                  "Continue from this checkpoint (checkpoint_<step>.h5), in its directory unless --output is given");
  return [cmd, args] {
    if (!cmd->parsed()) return;
    const Config config = parse_config_file(args->config_path);
    RunOptions options;
    if (!args->output_dir.empty()) options.output_dir = args->output_dir;
    options.backend = parse_backend(args->backend);
    options.quiet = args->quiet;
    options.overwrite = args->force;
    if (!args->restart.empty()) options.restart = args->restart;
    install_stop_handlers();
    const RunSummary s = run_simulation(config, options);
    if (s.interrupted)
      throw RunInterrupted(fmt::format("stopped by signal at step {} (t = {:.6g}); checkpoint {}; continue with: porefield run {} "
                                       "--restart {}",
                                       s.steps, s.time, s.checkpoint, args->config_path, s.checkpoint));
    fmt::print("done: {} steps to t = {:.6g} on {} in {:.2f} s; F = {:.10g}, mass = {:.12f}; output in {}\n", s.steps,
               s.time, s.backend, s.wall_seconds, s.free_energy, s.mass, s.output_dir);
  };
}

}  // namespace pf::cli
