#pragma once
// Runs a sweep's points on this machine, K at a time, as child porefield processes.
#include <string>
#include <utility>
#include <vector>

#include "solver/sweep/sweep_plan.hpp"

namespace pf {

struct LocalRunOptions {
  int jobs = 1;                  // points running at once
  std::string porefield_binary;  // the executable each point runs (`porefield run`)
  bool quiet = false;            // no progress lines
};

struct LocalRunResult {
  int already_finished = 0;  // skipped: out/run.json existed
  int succeeded = 0;
  std::vector<std::pair<std::string, std::string>> failures;  // point dir name, its error line
};

// Runs every unfinished point (point_XXXX/out, stdout to point_XXXX/log.txt, stderr to
// point_XXXX/error.txt, removed again when empty), dividing OMP_NUM_THREADS (or the hardware
// threads) between the K children. With several GPUs in CUDA_VISIBLE_DEVICES, each child gets one
// of them (child slot s: GPU s mod G). Prints progress and ETA as points end. A failing point does not
// stop the others.
LocalRunResult run_sweep_locally(const SweepPlan& plan, const LocalRunOptions& options);

// Last non-empty line of a text file, "" if none.
std::string last_line_of(const std::filesystem::path& file);

}  // namespace pf
