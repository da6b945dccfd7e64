#pragma once
#include <filesystem>
#include <cstdint>
#include <fstream>
#include <cstdint>
#include <vector>

#include "analysis/report.hpp"
#include "io/config.hpp"

namespace pf {

// A run's own pore analysis ([analysis]): at every `every`-th step and at the final time it
// thresholds the live field and appends one row of metrics to analysis.csv; the final state's
// full report also goes to pore_report.json and pore_report.md.
class InProcessAnalysis {
 public:
  // append: a restarted run continues an existing analysis.csv (rows past its checkpoint
  // already dropped) instead of starting a new one.
  // backend: where the filters run, [analysis] backend as plan_run() resolved it.
  InProcessAnalysis(const std::filesystem::path& dir, const Config& config, analysis::AnalysisBackend backend,
                    bool append = false);
  bool enabled() const { return config_.analysis.enabled; }
  bool due(long long step, bool final_step) const;
  // phi on `grid`, the current (possibly deformed and remeshed) grid of the run. When a stage has
  // made a pore mask (DeformingDomain::pore_mask(): cavitate, extract), `pore` points at it and
  // the mask is analysed instead of the thresholded phi.
  void analyze(long long step, double time, const std::vector<double>& phi, const Grid& grid, bool final_step,
               const std::vector<std::uint8_t>* pore = nullptr);

 private:
  std::filesystem::path dir_;
  const Config& config_;
  analysis::AnalysisBackend backend_;
  std::ofstream csv_;
};

}  // namespace pf
