// `porefield check CONFIG`: the validation `run` does before any heavy work, and the plan,
// without computing or writing anything. Exit code 0 when the run would start.
#include <fmt/format.h>

#include "io/config.hpp"
#include "io/output_directory.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/process/stage_registry.hpp"
#include "solver/run/run_plan.hpp"

namespace pf::cli {

namespace {

struct CheckArgs {
  std::string config_path, output_dir, backend = "auto";
};

}  // namespace

Action add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Validate a config and print the run plan; computes and writes nothing");
  cmd->add_option("config", args->config_path, "Config file (TOML)")->required();
  cmd->add_option("-o,--output", args->output_dir, "Output directory to plan for (overrides [output] dir)");
  cmd->add_option("--backend", args->backend, "Compute backend")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  return [cmd, args] {
    if (!cmd->parsed()) return;
    Config config = parse_config_file(args->config_path);
    if (!args->output_dir.empty()) config.output.dir = args->output_dir;
    check_initial_condition(config);
    make_stages(config);  // each [[stage]]'s own keys and ranges, as `run` checks them
    const RunPlan plan = plan_run(config, parse_backend(args->backend));
    fmt::print("{}", describe_plan(config, plan));
    // Not an error here: the run itself refuses (or takes --force).
    try {
      check_output_directory(config.output.dir, false);
    } catch (const InputError& e) {
      fmt::print("note      {}\n", e.what());
    }
  };
}

}  // namespace pf::cli
