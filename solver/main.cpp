// porefield command line: parses flags, runs a subcommand, and turns any pf::Error into one
// line on stderr and a documented exit code (see docs/cli.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "io/config.hpp"
#include "solver/core/errors.hpp"
#include "solver/run/run_simulation.hpp"
#include "solver/version.hpp"

namespace {

pf::BackendKind parse_backend(const std::string& s) {
  if (s == "cpu") return pf::BackendKind::cpu;
  if (s == "cuda") return pf::BackendKind::cuda;
  return pf::BackendKind::automatic;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"porefield: phase-field simulation of microporous polyolefin membranes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", pf::version_string() + " (" + pf::git_revision() + ")");

  std::string config_path, output_dir, backend = "auto";
  bool quiet = false;
  CLI::App* run = app.add_subcommand("run", "Run a simulation from a TOML config");
  run->add_option("config", config_path, "Config file (TOML)")->required();
  run->add_option("-o,--output", output_dir, "Output directory (overrides [output] dir)");
  run->add_option("--backend", backend, "Compute backend")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  run->add_flag("-q,--quiet", quiet, "No progress lines");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? pf::exit_ok : pf::exit_input_error;
  }

  try {
    if (run->parsed()) {
      const pf::Config config = pf::parse_config_file(config_path);
      pf::RunOptions options;
      if (!output_dir.empty()) options.output_dir = output_dir;
      options.backend = parse_backend(backend);
      options.quiet = quiet;
      const pf::RunSummary s = pf::run_simulation(config, options);
      fmt::print("done: {} steps to t = {:.6g} on {} in {:.2f} s; F = {:.10g}, mass = {:.12f}; output in {}\n", s.steps,
                 s.time, s.backend, s.wall_seconds, s.free_energy, s.mass, s.output_dir);
    }
    return pf::exit_ok;
  } catch (const pf::InputError& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    return pf::exit_input_error;
  } catch (const pf::NumericalError& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    return pf::exit_numerical_error;
  } catch (const std::exception& e) {
    fmt::print(stderr, "porefield: error: {}\n", e.what());
    return pf::exit_failure;
  }
}
