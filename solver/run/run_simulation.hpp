#pragma once
#include <optional>
#include <string>

#include "io/config.hpp"
#include "solver/schemes/solver.hpp"

namespace pf {

struct RunOptions {
  std::optional<std::string> output_dir;  // overrides [output] dir
  BackendKind backend = BackendKind::automatic;
  bool quiet = false;
  bool overwrite = false;  // --force: write into a non-empty output directory, replacing a run's files
  // --restart: continue from this checkpoint (in its directory unless output_dir is given).
  std::optional<std::string> restart;
};

struct RunSummary {
  std::string output_dir;
  std::string backend;
  long long steps = 0;
  double time = 0;
  double free_energy = 0;
  double mass = 0;
  double wall_seconds = 0;
  bool interrupted = false;    // stopped on request (stop_signal.hpp) after writing `checkpoint`
  std::string checkpoint;      // the newest checkpoint written, if any
};

// Runs one simulation end to end: initial state, time loop, energy.csv, fields.h5 + .xdmf
// snapshots, final.h5 and run.json in the output directory. Throws pf::Error on failure; input
// errors (config, memory, a non-empty output directory without overwrite) before writing anything.
// Writes checkpoints per [output] checkpoint_*; when a stop is requested (SIGTERM/SIGUSR1 via
// stop_signal.hpp) it writes one at the next step boundary and returns with `interrupted`.
// With options.restart it refuses (InputError) a checkpoint of another config (outside [output]),
// backend or precision, drops the outputs written after the checkpoint's step, and continues.
RunSummary run_simulation(const Config& config, const RunOptions& options);

}  // namespace pf
