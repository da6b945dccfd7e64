// `porefield sweep SWEEP.toml`: expands a parameter study into one validated config per point,
// optionally writes a Slurm job-array script and/or runs the points here, K at a time.
#include <fmt/format.h>

#include <filesystem>

#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/sweep/local_runner.hpp"
#include "solver/sweep/slurm_array_script.hpp"
#include "solver/sweep/sweep_plan.hpp"

namespace pf::cli {

namespace fs = std::filesystem;

namespace {

struct SweepArgs {
  std::string sweep_file, output_dir;
  bool slurm = false, local = false, dry_run = false, quiet = false;
  int max_parallel = 8, jobs = 1;
};

std::string this_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("porefield") : p.string();
}

void print_plan(const SweepPlan& plan) {
  fmt::print("sweep: {} points from {} (base {}), all configs valid\n", plan.points.size(), plan.sweep_file.string(),
             plan.base_file.string());
  for (const SweepPoint& p : plan.points) {
    std::string values;
    for (std::size_t a = 0; a < plan.axes.size(); ++a)
      values += fmt::format("{}{} = {}", a ? ", " : "", plan.axes[a].key, p.values[a]);
    fmt::print("  {}  {}\n", p.dir_name, values);
  }
}

}  // namespace

Action add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand("sweep", "Expand a parameter sweep into one run directory per point");
  cmd->add_option("sweep_file", args->sweep_file, "Sweep file (TOML: base, [[axis]])")->required();
  cmd->add_option("-o,--output", args->output_dir, "Sweep directory (default: the file's output, else runs/<name>)");
  CLI::Option* slurm =
      cmd->add_flag("--slurm", args->slurm, "Also write DIR/sweep.sbatch, a Slurm job array with one task per point");
  cmd->add_option("--max-parallel", args->max_parallel, "Slurm array tasks running at once (--array=0-N%K)")
      ->check(CLI::Range(1, 100000))
      ->needs(slurm);
  CLI::Option* local = cmd->add_flag("--local", args->local, "Run the unfinished points here");
  cmd->add_option("-j,--jobs", args->jobs, "With --local: points running at once")->check(CLI::Range(1, 1024))->needs(local);
  cmd->add_flag("--dry-run", args->dry_run, "Validate every point and list them; write nothing");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress lines");
  return [cmd, args] {
    if (!cmd->parsed()) return;
    const fs::path output =
        args->output_dir.empty() ? default_sweep_output(args->sweep_file) : fs::path(args->output_dir);
    const SweepPlan plan = plan_sweep(args->sweep_file, output);
    if (args->dry_run) {
      print_plan(plan);
      fmt::print("dry run: nothing written (would write {})\n", plan.output_dir.string());
      return;
    }
    write_sweep(plan);
    fmt::print("sweep: {} points in {} (points.csv, sweep.json, point_XXXX/config.toml)\n", plan.points.size(),
               plan.output_dir.string());
    if (args->slurm) {
      write_slurm_array_script(plan, {args->max_parallel, this_executable(), "pf-" + plan.sweep_file.stem().string()});
      fmt::print("sweep: Slurm job array in {0}/sweep.sbatch; submit with: sbatch {0}/sweep.sbatch\n",
                 plan.output_dir.string());
    }
    std::fflush(stdout);
    if (args->local) {
      const LocalRunResult r = run_sweep_locally(plan, {args->jobs, this_executable(), args->quiet});
      if (!r.failures.empty())
        throw Error(fmt::format("sweep: {} of {} points failed (listed above; stderr in point_XXXX/error.txt)",
                                r.failures.size(), plan.points.size()));
    }
  };
}

}  // namespace pf::cli
