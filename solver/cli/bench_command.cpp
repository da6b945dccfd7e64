// porefield bench: times the solver step per backend, precision and shape, and prints a
// Markdown table (docs/benchmarks.md collects them). Timings are medians over repeats after
// a warm-up, with the device synchronised; never used by tests.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "kernels/device.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/schemes/solver.hpp"

namespace pf::cli {

namespace {

struct BenchArgs {
  std::string backend = "auto", precision = "both", path = "both";
  std::vector<std::string> shapes{"64", "128"};
  int steps = 10, repeats = 3;
};

std::array<int, 3> parse_shape(const std::string& s) {
  std::vector<int> v;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const std::size_t comma = s.find(',', pos);
    const std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    try {
      v.push_back(std::stoi(part));
    } catch (...) {
      throw InputError("--shape " + s + ": expected N or NX,NY,NZ");
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  if (v.size() == 1) v = {v[0], v[0], v[0]};
  if (v.size() != 3 || *std::min_element(v.begin(), v.end()) < 1 || v[0] < 2)
    throw InputError("--shape " + s + ": expected N or NX,NY,NZ with NX >= 2");
  return {v[0], v[1], v[2]};
}

// Spinodal Flory–Huggins in 3D; `variable` adds slow-mode mobility and noise (the 9-FFT path).
PhysicsSetup bench_setup(std::array<int, 3> shape, bool variable) {
  PhysicsSetup s;
  s.grid.shape = shape;
  s.free_energy.kind = FreeEnergyKind::flory_huggins;
  s.free_energy.flory_huggins = {20, 1, 1.3, 1e-6};
  s.kappa = 2;
  s.stabilization = 1;
  if (variable) {
    s.mobility.kind = MobilityKind::slow_mode;
    s.mobility.m_A = 0.1;
    s.noise_sigma = 1e-4;
  }
  s.reference_mobility = 1;
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

Action add_bench_command(CLI::App& app) {
  auto a = std::make_shared<BenchArgs>();
  CLI::App* cmd = app.add_subcommand("bench", "Time the solver step and print a table");
  cmd->add_option("--backend", a->backend, "Backend")->check(CLI::IsMember({"auto", "cpu", "cuda"}))->capture_default_str();
  cmd->add_option("--shape", a->shapes, "Shapes: N (cube) or NX,NY,NZ; several allowed")->capture_default_str();
  cmd->add_option("--precision", a->precision, "Precision")->check(CLI::IsMember({"float", "double", "both"}))->capture_default_str();
  cmd->add_option("--path", a->path, "constant (3 FFTs) or variable mobility + noise (9 FFTs)")
      ->check(CLI::IsMember({"constant", "variable", "both"}))
      ->capture_default_str();
  cmd->add_option("--steps", a->steps, "Steps per timing")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--repeats", a->repeats, "Timings per row (median)")->check(CLI::PositiveNumber)->capture_default_str();
  return [cmd, a] {
    if (!cmd->parsed()) return;
    const BackendKind requested = a->backend == "cpu" ? BackendKind::cpu : a->backend == "cuda" ? BackendKind::cuda : BackendKind::automatic;
    const BackendKind backend = resolve_backend(requested);
    const std::string device = backend == BackendKind::cuda ? cuda_device_description() : "host CPU";
    fmt::print("porefield bench on {} ({})\n\n", backend == BackendKind::cuda ? "cuda" : "cpu", device);
    fmt::print("| shape | precision | path | FFTs | ms/step | Mvoxel/s | FFT ms | pointwise ms | reduction ms | MB/step | GB/s | copy GB/s | floor ms | floor/step | bytes/voxel |\n");
    fmt::print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::vector<std::array<int, 3>> shapes;
    for (const auto& s : a->shapes) shapes.push_back(parse_shape(s));
    for (const auto& shape : shapes)
      for (const bool dbl : {false, true}) {
        if ((a->precision == "float" && dbl) || (a->precision == "double" && !dbl)) continue;
        for (const bool variable : {false, true}) {
          if ((a->path == "constant" && variable) || (a->path == "variable" && !variable)) continue;
          auto solver = make_solver(bench_setup(shape, variable), backend, dbl ? Precision::float64 : Precision::float32);
          const std::size_t n = std::size_t(shape[0]) * shape[1] * shape[2];
          std::vector<double> phi(n);
          for (std::size_t i = 0; i < n; ++i) phi[i] = 0.3 + 0.01 * std::sin(0.37 * double(i));
          solver->set_state(phi);
          solver->profile(0.1, 2);  // warm-up: plans, caches, clocks
          std::vector<StepProfile> runs;
          for (int r = 0; r < a->repeats; ++r) runs.push_back(solver->profile(0.1, a->steps));
          auto pick = [&](double StepProfile::*m) {
            std::vector<double> v;
            for (const auto& p : runs) v.push_back(p.*m);
            return median(v);
          };
          const double ms = pick(&StepProfile::step_ms), bytes = runs[0].bytes_per_step;
          const double copy = solver->copy_bandwidth_gb_s(std::clamp<std::size_t>(n * (dbl ? 8 : 4), std::size_t(256) << 20, std::size_t(1) << 30));
          const double floor_ms = bytes / (copy * 1e9) * 1e3;
          fmt::print("| {}x{}x{} | {} | {} | {} | {:.4g} | {:.4g} | {:.4g} | {:.4g} | {:.4g} | {:.4g} | {:.4g} | {:.4g} | {:.4g} | {:.3f} | {:.1f} |\n",
                     shape[0], shape[1], shape[2], dbl ? "double" : "float", variable ? "variable" : "constant",
                     runs[0].ffts_per_step, ms, double(n) / (ms * 1e-3) / 1e6, pick(&StepProfile::fft_ms),
                     pick(&StepProfile::pointwise_ms), pick(&StepProfile::reduction_ms), bytes / 1e6, bytes / (ms * 1e-3) / 1e9,
                     copy, floor_ms, floor_ms / ms, double(solver->bytes_allocated()) / double(n));
          std::fflush(stdout);
        }
      }
    fmt::print("\nfloor ms = minimal bytes moved per step / measured copy bandwidth; floor/step = 1 means at the bandwidth floor.\n");
  };
}

}  // namespace pf::cli
