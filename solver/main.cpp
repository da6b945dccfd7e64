// porefield command line: registers the subcommands (solver/cli/), runs the chosen one, and
// turns any pf::Error into one line on stderr and a documented exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"porefield: phase-field simulation of microporous polyolefin membranes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", pf::version_string() + " (" + pf::git_revision() + ")");

  const std::vector<pf::cli::Action> actions = {
      pf::cli::add_run_command(app),
      pf::cli::add_analyze_command(app),
      pf::cli::add_bench_command(app),
      pf::cli::add_bench_analysis_command(app),
      pf::cli::add_sweep_command(app),
      pf::cli::add_collect_command(app),
      pf::cli::add_check_command(app),
      pf::cli::add_info_command(app),
      pf::cli::add_export_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? pf::exit_ok : pf::exit_input_error;
  }

  try {
    for (const auto& action : actions) action();
    return pf::exit_ok;
  } catch (const pf::RunInterrupted& e) {
    fmt::print(stderr, "porefield: {}\n", e.what());
    return pf::exit_interrupted;
  } catch (const pf::InputError& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    return pf::exit_input_error;
  } catch (const pf::IoError& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    // A file HDF5 failed to write cannot be closed, and HDF5 1.10's exit handler then crashes
    // on it (SIGSEGV in H5F__close_cb). Everything that could be saved has been flushed.
    std::fflush(nullptr);
    std::_Exit(pf::exit_failure);
  } catch (const pf::NumericalError& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    return pf::exit_numerical_error;
  } catch (const std::exception& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    return pf::exit_failure;
  }
}
