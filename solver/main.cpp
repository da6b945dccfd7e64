// porefield command line: registers the subcommands (solver/cli/), runs the chosen one, and
// turns any pf::Error into one line on stderr and a documented exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels/communicator.hpp"
#include "kernels/cpu/keep_freed_memory.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/version.hpp"
#ifdef PF_HAVE_MPI
#include "kernels/mpi/mpi_world.hpp"
#endif

namespace {

// Prints the error once: errors that every rank meets alike (input, numerics, a stop signal)
// only on rank 0, others (I/O, a library) on each rank that has them, with its rank.
void report(const std::string& line, bool on_every_rank) {
  const pf::Communicator& w = pf::world();
  if (w.size() == 1) {
    fmt::print(stderr, "porefield: {}\n", line);
  } else if (!on_every_rank) {
    fmt::print(stderr, "porefield: rank {}: {}\n", w.rank(), line);
  } else if (w.root()) {
    fmt::print(stderr, "porefield: {}\n", line);
  }
}

int run_actions(const std::vector<pf::cli::Action>& actions, bool& on_every_rank) {
  try {
    for (const auto& action : actions) action();
    return pf::exit_ok;
  } catch (const pf::RunInterrupted& e) {
    report(e.what(), true);
    return pf::exit_interrupted;
  } catch (const pf::InputError& e) {
    report(std::string("error: ") + e.what(), true);
    return pf::exit_input_error;
  } catch (const pf::IoError& e) {
    on_every_rank = false;
    report(std::string("error: ") + e.what(), false);
    // A file HDF5 failed to write cannot be closed, and HDF5 1.10's exit handler then crashes
    // on it (SIGSEGV in H5F__close_cb). Everything that could be saved has been flushed.
    std::fflush(nullptr);
    if (pf::world().size() == 1) std::_Exit(pf::exit_failure);
    return pf::exit_failure;
  } catch (const pf::NumericalError& e) {
    report(std::string("error: ") + e.what(), true);
    return pf::exit_numerical_error;
  } catch (const std::exception& e) {
    on_every_rank = false;
    report(std::string("error: ") + e.what(), false);
    return pf::exit_failure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  pf::keep_freed_memory();
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

  // Under an MPI launcher every rank runs the same command; only rank 0 prints progress.
  bool spmd = app.got_subcommand("run") || app.got_subcommand("check");
#ifdef PF_HAVE_MPI
  spmd = spmd && pf::launched_by_mpi();
  if (spmd) {
    pf::start_mpi(&argc, &argv);
    if (!pf::world().root() && !std::freopen("/dev/null", "w", stdout)) return pf::exit_failure;
  }
#endif
  bool on_every_rank = true;
  const int code = run_actions(actions, on_every_rank);
#ifdef PF_HAVE_MPI
  // An error some ranks may not share would leave the others waiting in a collective.
  if (code != pf::exit_ok && !on_every_rank && pf::world().size() > 1) pf::abort_mpi(code);
  if (spmd) pf::stop_mpi();
#endif
  (void)spmd;
  return code;
}
