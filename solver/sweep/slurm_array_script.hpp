#pragma once
// The Slurm job-array script of a sweep: one array task per point (docs/hpc.md).
#include <filesystem>
#include <string>

#include "solver/sweep/sweep_plan.hpp"

namespace pf {

struct SlurmArrayOptions {
  int max_parallel = 8;             // the %K of --array=0-N%K: array tasks running at once
  std::string porefield_binary;     // default for $POREFIELD inside the script
  std::string job_name = "pf-sweep";
};

std::string slurm_array_script(const SweepPlan& plan, const SlurmArrayOptions& options);

// Writes DIR/sweep.sbatch (executable) and creates DIR/logs/ for the tasks' output.
void write_slurm_array_script(const SweepPlan& plan, const SlurmArrayOptions& options);

}  // namespace pf
