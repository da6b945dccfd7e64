#include "solver/run/run_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/host_memory.hpp"
#include "io/stage_table.hpp"
#include "kernels/communicator.hpp"
#include "kernels/device.hpp"
#include "kernels/distributed/fft_options.hpp"
#include "kernels/distributed/slab_split.hpp"
#include "solver/core/errors.hpp"
#include "solver/physics_from_config.hpp"
#include "solver/pore_volume_analysis.hpp"

namespace pf {

namespace {

std::string bytes_text(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (b >= 1024 && u < 5) {
    b /= 1024;
    ++u;
  }
  return fmt::format("{:.3g} {}", b, units[u]);
}

const char* mobility_name(MobilityKind k) {
  switch (k) {
    case MobilityKind::constant: return "constant";
    case MobilityKind::slow_mode: return "slow_mode";
    case MobilityKind::degenerate: return "degenerate";
  }
  return "?";
}

// What a run over several MPI ranks cannot do (docs/hpc.md): refused before anything starts.
void check_rank_support(const Config& c, std::array<int, 3> compute_shape, int ranks) {
  if (ranks == 1) return;
  const std::string where = c.source_name;
  if (c.grid.shape[2] == 1)
    throw InputError(fmt::format("{}: [grid] shape: a 2D grid (nz = 1) runs on 1 rank only (this run has {} ranks)", where,
                                 ranks));
  if (compute_shape[2] < ranks)
    throw InputError(fmt::format("{}: [grid] shape: {} ranks need at least {} z planes to split (the FFT grid has {}); "
                                 "use at most {} ranks",
                                 where, ranks, ranks, compute_shape[2], compute_shape[2]));
  for (const StageSource& s : c.stages) {
    const std::string kind = (*s.table->table)["kind"].value_or(std::string());
    // The elasticity solve of cavitate is serial and has no multi-rank test yet.
    if (kind == "cavitate")
      throw InputError(fmt::format("{}:{}: [[stage]] #{} kind = \"cavitate\" runs on 1 rank only (this run has {} ranks)",
                                   where, s.line, s.index, ranks));
  }
}

}  // namespace

RunPlan plan_run(const Config& c, BackendKind requested) {
  RunPlan p;
  const PhysicsSetup setup = physics_from_config(c);
  p.backend = resolve_backend(requested);
  // [analysis] backend = "cuda" without a usable GPU is bad input, found here (check, run) before any output.
  if (c.analysis.enabled)
    p.analysis_backend =
        resolve_analysis_backend(c.analysis.backend, config_location(c, "analysis", "backend") + ": [analysis] backend");
  p.backend_name = p.backend == BackendKind::cuda ? "cuda" : "cpu";
  p.device = p.backend == BackendKind::cuda ? cuda_device_description() : "host CPU";
  const bool mirror = c.grid.boundary_z == BoundaryZ::no_flux && c.grid.shape[2] > 1;
  p.compute_shape = {c.grid.shape[0], c.grid.shape[1], c.grid.shape[2] * (mirror ? 2 : 1)};
  p.ranks = world().size();
  const DistributedFftOptions fft_options = distributed_fft_options(world());
  p.fft = fft_method_name(fft_options, p.backend == BackendKind::cuda, p.ranks);
  check_rank_support(c, p.compute_shape, p.ranks);
  p.chi = c.model.chi();
  p.reference_mobility = setup.reference_mobility;
  p.mobility_temperature_factor = setup.mobility.temperature_factor;
  p.estimated_steps = (long long)std::ceil(c.time.end / c.time.dt * (1 - 1e-9));
  p.snapshots = p.estimated_steps / c.output.every + 1;

  const Precision precision = c.time.double_precision ? Precision::float64 : Precision::float32;
  const double voxels = double(c.grid.voxels());
  const double complex_bytes = double(p.compute_shape[0] / 2 + 1) * p.compute_shape[1] * p.compute_shape[2] *
                               (c.time.double_precision ? 16 : 8);
  p.solver_bytes = double(solver_buffer_bytes(setup, precision, c.time.adaptive));
  if (p.backend == BackendKind::cuda) p.solver_bytes += complex_bytes;  // cuFFT work area, about one half spectrum
  // Per rank: a z slab of the real arrays and a y slab of the transposed spectrum (FFTW-MPI's
  // block split, the larger share bounds both), and the explicit transposes' send and receive
  // buffers of that spectrum.
  const double share = std::max(double(BlockSplit::of(p.compute_shape[2], p.ranks).block) / p.compute_shape[2],
                                double(BlockSplit::of(p.compute_shape[1], p.ranks).block) / p.compute_shape[1]);
  const bool transposes =
      p.backend == BackendKind::cuda ? p.ranks > 1 : fft_options.explicit_transpose;
  p.solver_bytes = share * (p.solver_bytes + (transposes ? 2 * complex_bytes : 0));
  // Host, per rank: the double initial field, its copy in the solver's precision and one output
  // copy (whole on every rank: the initial condition and the outputs are gathered, docs/hpc.md).
  p.host_bytes = voxels * (8 + 8 + (c.time.double_precision ? 8 : 4));
  if (p.backend == BackendKind::cpu) p.host_bytes += p.solver_bytes;
  // The ranks of one node share its memory.
  p.ranks_on_node = world().node_size();
  p.output_bytes = voxels * (c.time.double_precision ? 8 : 4) * double(p.snapshots + 1);

  if (const auto host = host_memory_available_bytes()) p.host_available_bytes = double(*host);
  if (p.backend == BackendKind::cuda) {
    std::size_t free = 0, total = 0;
    if (cuda_device_memory(&free, &total)) p.available_bytes = double(free);
  } else {
    p.available_bytes = p.host_available_bytes;
  }

  const std::string where = config_location(c, "grid", "shape");
  const std::string shape = fmt::format("[{}, {}, {}]", c.grid.shape[0], c.grid.shape[1], c.grid.shape[2]);
  const std::string mirrored = mirror ? fmt::format(" (no_flux: computed on {} x {} x {})", p.compute_shape[0],
                                                    p.compute_shape[1], p.compute_shape[2])
                                      : "";
  const std::string hint = c.time.double_precision ? "use a smaller grid, [time] precision = \"float\", or a larger node"
                                                   : "use a smaller grid or a larger node";
  if (p.backend == BackendKind::cuda && p.available_bytes && p.solver_bytes > *p.available_bytes)
    throw InputError(fmt::format("{}: [grid] shape: {}{} needs about {} of GPU memory, more than the {} free on {}; {}",
                                 where, shape, mirrored, bytes_text(p.solver_bytes), bytes_text(*p.available_bytes),
                                 p.device, hint));
  const double node_host_bytes = p.host_bytes * p.ranks_on_node;
  if (p.host_available_bytes && node_host_bytes > *p.host_available_bytes)
    throw InputError(fmt::format("{}: [grid] shape: {}{} needs about {} of host memory for the {} backend{}, more than the "
                                 "{} available (MemAvailable in /proc/meminfo); {}",
                                 where, shape, mirrored, bytes_text(node_host_bytes), p.backend_name,
                                 p.ranks_on_node > 1 ? fmt::format(" ({} ranks on this node)", p.ranks_on_node) : "",
                                 bytes_text(*p.host_available_bytes), hint));
  return p;
}

std::string describe_plan(const Config& c, const RunPlan& p) {
  const Grid& g = c.grid;
  const ModelConfig& m = c.model;
  const TimeConfig& t = c.time;
  std::string s;
  s += fmt::format("config    {}: valid\n", c.source_name);
  s += fmt::format("grid      {} x {} x {} voxels (nx, ny, nz), spacing {} x {} x {}, box {:.6g} x {:.6g} x {:.6g}\n",
                   g.shape[0], g.shape[1], g.shape[2], g.spacing[0], g.spacing[1], g.spacing[2], g.length(0),
                   g.length(1), g.length(2));
  s += fmt::format("boundary  x, y periodic; z {}{}\n", g.boundary_z == BoundaryZ::no_flux ? "no_flux" : "periodic",
                   p.compute_shape[2] != g.shape[2]
                       ? fmt::format(" (mirrored: FFTs on {} x {} x {})", p.compute_shape[0], p.compute_shape[1],
                                     p.compute_shape[2])
                       : "");
  if (m.free_energy == FreeEnergyKind::flory_huggins)
    s += fmt::format("model     flory_huggins: N_A = {}, N_B = {}, chi = chi_A + chi_B / T = {} + {} / {} = {:.6g}, kappa = {}\n",
                     m.N_A, m.N_B, m.chi_A, m.chi_B, m.T, p.chi, m.kappa);
  else
    s += fmt::format("model     double_well: rho = {}, c_alpha = {}, c_beta = {}, kappa = {}\n", m.rho, m.c_alpha,
                     m.c_beta, m.kappa);
  s += fmt::format("mobility  {}: M0 = {}, temperature factor {:.6g}, reference mobility (M-bar) {:.6g}\n",
                   mobility_name(m.mobility), m.M0, p.mobility_temperature_factor, p.reference_mobility);
  s += fmt::format("time      dt = {}, end = {}, stabilization = {}, {} precision{}\n", t.dt, t.end, t.stabilization,
                   t.double_precision ? "double" : "float",
                   t.adaptive ? fmt::format(", adaptive (dt in [{}, {}], max_change {} of the {} change)", t.dt_min, t.dt_max,
                                           t.max_change, t.change_without_noise ? "deterministic" : "total")
                              : "");
  s += fmt::format("steps     {} estimated (end / dt){}\n", p.estimated_steps, t.adaptive ? "; adaptive runs differ" : "");
  s += fmt::format("output    {}: {} snapshots in fields.h5 (every {} steps) + final.h5, up to {} before compression\n",
                   c.output.dir, p.snapshots, c.output.every, bytes_text(p.output_bytes));
  s += fmt::format("backend   {} ({})\n", p.backend_name, p.device.empty() ? "?" : p.device);
  if (p.ranks > 1)
    s += fmt::format("ranks     {} MPI ranks, z slabs of the {}-plane FFT grid (about {} planes each), FFT {}\n", p.ranks,
                     p.compute_shape[2], (p.compute_shape[2] + p.ranks - 1) / p.ranks, p.fft);
  auto avail = [](const std::optional<double>& b) { return b ? bytes_text(*b) : std::string("unknown"); };
  const std::string per_rank = p.ranks > 1 ? " per rank" : "";
  const std::string node = p.ranks_on_node > 1 ? fmt::format(", {} for this node's {} ranks", bytes_text(p.host_bytes * p.ranks_on_node), p.ranks_on_node) : "";
  if (p.backend == BackendKind::cuda)
    s += fmt::format("memory    about {} on the GPU{} ({} free; ranks sharing a GPU need it each), {} on the host{}{} ({} available)\n",
                     bytes_text(p.solver_bytes), per_rank, avail(p.available_bytes), bytes_text(p.host_bytes), per_rank, node,
                     avail(p.host_available_bytes));
  else
    s += fmt::format("memory    about {}{}{} ({} available)\n", bytes_text(p.host_bytes), per_rank, node,
                     avail(p.host_available_bytes));
  return s;
}

}  // namespace pf
