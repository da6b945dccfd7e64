#pragma once
// Gathers a sweep's parameters and results into one CSV, one row per point.
#include <filesystem>

namespace pf {

struct CollectSummary {
  int finished = 0, failed = 0, pending = 0;
  std::filesystem::path csv;
};

// Reads DIR/points.csv and, per point, out/run.json (result block, wall time), out/pore_report.json
// or else the final row of out/analysis.csv, and error.txt. Writes `csv` (DIR/collected.csv when
// empty) atomically. Status: finished (run.json exists), failed (error.txt holds an error line),
// pending (neither). Throws InputError when DIR holds no points.csv.
CollectSummary collect_sweep(const std::filesystem::path& sweep_dir, std::filesystem::path csv);

}  // namespace pf
