// porefield bench-analysis: times each part of the pore analysis on a synthetic bicontinuous
// volume (a thresholded sum of random cosines, porosity ~ 0.5) and prints a Markdown table.
// With --backend cuda the EDT, local thickness, labelling and tortuosity run on the device (times
// include the host/device copies; the tortuosity's coarse multigrid levels are built on the
// host). Never used by tests.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <cmath>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/label_components.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/cosine_waves.hpp"
#include "analysis/metrics/tortuosity.hpp"
#include "analysis/report.hpp"
#include "kernels/device.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/models/counter_rng.hpp"
#include "solver/pore_volume_analysis.hpp"

namespace pf::cli {

namespace {

analysis::Mask bicontinuous(std::int64_t n) {
  // 24 cosine waves with wavelengths around n/8: a spinodal-like, percolating structure.
  const CounterRng rng{42, 7u};
  return analysis::cosine_waves(n, 24, 8.0, [&](int k) { return rng.uniform(0, std::uint64_t(k)); });
}

// Processor time of the whole process (all threads), in seconds: with other jobs on the machine
// it stays close to what an idle machine would need, where wall time does not.
double cpu_seconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

struct Timing {
  double wall = 0, cpu = 0;
};

template <class F>
Timing timed(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  f();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), cpu_seconds() - c0};
}

}  // namespace

Action add_bench_analysis_command(CLI::App& app) {
  auto sizes = std::make_shared<std::vector<int>>(std::vector<int>{64, 128});
  auto backend_name = std::make_shared<std::string>("cpu");
  CLI::App* cmd = app.add_subcommand("bench-analysis", "Time the pore analysis on synthetic volumes");
  cmd->add_option("--size", *sizes, "Cube edge lengths")->check(CLI::Range(8, 2048))->capture_default_str();
  cmd->add_option("--backend", *backend_name, "Where EDT, local thickness, labelling and tortuosity run")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  return [cmd, sizes, backend_name] {
    if (!cmd->parsed()) return;
    const analysis::AnalysisBackend backend = resolve_analysis_backend(*backend_name);
    const bool on_device = backend == analysis::AnalysisBackend::cuda;
    fmt::print("porefield bench-analysis on {} ({})\n\n", on_device ? "cuda" : "cpu",
               on_device ? cuda_device_description() : "host CPU");
    fmt::print("| volume | porosity | EDT s (CPU s) | local thickness s (CPU s) | labelling s (CPU s) | tortuosity s (CPU s) | tau (CG iterations) | whole analyze_pores s | its CPU s |\n");
    fmt::print("|---|---|---|---|---|---|---|---|---|\n");
    for (int n : *sizes) {
      const analysis::Mask mask = bicontinuous(n);
      const analysis::Spacing h{};
      double porosity = 0;
      for (auto v : mask.data) porosity += v;
      porosity /= double(mask.data.size());
      // The whole analysis first, as `porefield analyze` meets it: in a process whose heap has
      // not yet held volumes of this size (fresh pages cost the kernel's zeroing, and on a VM
      // much more than on bare metal).
      analysis::AnalysisOptions options;
      options.backend = backend;
      const Timing t_all = timed([&] { analysis::analyze_pores(mask, h, options); });
      analysis::Field edt, lt;
      const Timing t_edt = timed([&] {
        edt = on_device ? analysis::cuda::squared_distance_transform(mask, h) : analysis::squared_distance_transform(mask, h);
      });
      const Timing t_lt = timed([&] {
        lt = on_device ? analysis::cuda::local_thickness_from_squared_edt(mask, edt, h)
                       : analysis::local_thickness_from_squared_edt(mask, edt, h);
      });
      const Timing t_label = timed([&] {
        if (on_device) analysis::cuda::label_components(mask, 26);
        else analysis::label_components(mask, 26);
      });
      analysis::TortuosityResult tau;
      const Timing t_tau = timed([&] { tau = on_device ? analysis::cuda::tortuosity(mask, h) : analysis::tortuosity(mask, h); });
      const auto cell = [](const Timing& t) { return fmt::format("{:.2f} ({:.2f})", t.wall, t.cpu); };
      fmt::print("| {}^3 | {:.3f} | {} | {} | {} | {} | {:.4f} ({}) | {:.2f} | {:.2f} |\n", n, porosity, cell(t_edt),
                 cell(t_lt), cell(t_label), cell(t_tau), tau.tortuosity, tau.iterations, t_all.wall, t_all.cpu);
      std::fflush(stdout);
    }
  };
}

}  // namespace pf::cli
