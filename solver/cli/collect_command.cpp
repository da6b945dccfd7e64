// `porefield collect DIR`: one CSV row per sweep point, parameters, status and results.
#include <fmt/format.h>

#include "solver/cli/commands.hpp"
#include "solver/sweep/collect.hpp"

namespace pf::cli {

namespace {

struct CollectArgs {
  std::string sweep_dir, csv;
};

}  // namespace

Action add_collect_command(CLI::App& app) {
  auto args = std::make_shared<CollectArgs>();
  CLI::App* cmd = app.add_subcommand("collect", "Gather a sweep's parameters and results into one CSV");
  cmd->add_option("dir", args->sweep_dir, "Sweep directory (holds points.csv)")->required();
  cmd->add_option("--csv", args->csv, "Output CSV (default DIR/collected.csv)");
  return [cmd, args] {
    if (!cmd->parsed()) return;
    const CollectSummary s = collect_sweep(args->sweep_dir, args->csv);
    fmt::print("collect: {} points: {} finished, {} failed, {} pending -> {}\n", s.finished + s.failed + s.pending,
               s.finished, s.failed, s.pending, s.csv.string());
  };
}

}  // namespace pf::cli
