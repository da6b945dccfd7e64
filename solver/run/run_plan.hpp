#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/report.hpp"
#include "io/config.hpp"
#include "solver/schemes/solver.hpp"

namespace pf {

// What a run will do and need, worked out from a validated config before anything heavy
// happens: `porefield check` prints it, `porefield run` refuses to start when it cannot fit.
struct RunPlan {
  BackendKind backend = BackendKind::cpu;  // resolved (never automatic)
  std::string backend_name, device;
  analysis::AnalysisBackend analysis_backend = analysis::AnalysisBackend::cpu;  // [analysis] backend, resolved
  int ranks = 1;  // MPI ranks the run is spread over
  int ranks_on_node = 1;  // of them on this node (sharing its host memory)
  std::string fft;  // fft_method_name(): the transform and, over ranks, its transposes
  std::array<int, 3> compute_shape{1, 1, 1};  // (nx, ny, nz) of the FFT grid; nz doubled when no_flux mirrors
  double chi = 0, reference_mobility = 0, mobility_temperature_factor = 1;
  long long estimated_steps = 0;  // ceil(end / dt); adaptive runs differ
  long long snapshots = 0;        // fields.h5 snapshots: step 0 and every [output] every steps
  double solver_bytes = 0;        // field buffers (+ FFT work area on CUDA) on the backend, per rank
  double host_bytes = 0;          // host copies of the field (initial state, output), per rank
  double output_bytes = 0;        // fields.h5 + final.h5 before compression (an upper bound)
  std::optional<double> available_bytes;  // host MemAvailable, or the device's free memory on CUDA
  std::optional<double> host_available_bytes;
};

// Throws InputError when the backend is unusable or the run cannot fit in memory (naming the
// config file, line, [grid] shape, the estimate and what is available).
RunPlan plan_run(const Config& config, BackendKind requested);

// Multi-line human-readable plan: grid, boundary, model with derived chi and reference mobility,
// time stepping, estimated steps, output count, memory estimate.
std::string describe_plan(const Config& config, const RunPlan& plan);

}  // namespace pf
