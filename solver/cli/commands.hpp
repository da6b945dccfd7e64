#pragma once
// Each porefield subcommand lives in its own file and registers itself here; main() only
// dispatches. A command's action runs after parsing and may throw pf::Error.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "solver/schemes/solver.hpp"

namespace pf::cli {

using Action = std::function<void()>;

// Adds the subcommand to `app` and returns what to run when it was chosen.
Action add_run_command(CLI::App& app);
Action add_analyze_command(CLI::App& app);
Action add_bench_command(CLI::App& app);
Action add_bench_analysis_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_collect_command(CLI::App& app);
Action add_check_command(CLI::App& app);
Action add_info_command(CLI::App& app);
Action add_export_command(CLI::App& app);

// "auto" | "cpu" | "cuda" (already checked by CLI11) to the solver's enum.
BackendKind parse_backend(const std::string& name);

}  // namespace pf::cli
