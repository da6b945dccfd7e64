#include "solver/run/run_simulation.hpp"
#include "solver/run/in_process_analysis.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "io/atomic_file.hpp"
#include "io/hdf5_file.hpp"
#include "io/xdmf_writer.hpp"
#include "kernels/device.hpp"
#include "solver/core/errors.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/physics_from_config.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/pipeline.hpp"
#include "solver/process/stage_registry.hpp"
#include "solver/models/wet_process_mapping.hpp"
#include "solver/version.hpp"

namespace pf {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string format_eta(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--:--";
  const long s = long(seconds);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

// Writes snapshots into one HDF5 file and keeps its XDMF sidecar current. Every frame carries
// the grid it was taken on (deformation changes the spacing, remeshing the shape), so ParaView
// shows the stretched geometry at true scale over time.
class SnapshotWriter {
 public:
  SnapshotWriter(const fs::path& dir, const Config& c, std::string backend)
      : dir_(dir), config_(c), file_(Hdf5File::create((dir / "fields.h5").string())) {
    file_.write_root_attribute("config_toml", c.source_text);
    file_.write_root_attribute("porefield_version", version_string());
    file_.write_root_attribute("backend", backend);
    file_.write_root_attribute("precision", c.time.double_precision ? "double" : "float");
  }

  void write(long long step, double time, const std::vector<double>& phi, const Grid& grid) {
    const std::string name = fmt::format("snapshots/{:08}/phi", step);
    const FieldAttributes a = attributes_for(grid, time, step);
    file_.write_field(name, phi, shape_zyx(grid), !config_.time.double_precision, a);
    file_.flush();
    frames_.push_back({time, "fields.h5", "/" + name, "phi", shape_zyx(grid), a.spacing_zyx, true,
                       config_.time.double_precision ? 8 : 4});
    write_xdmf_series((dir_ / "fields.xdmf").string(), frames_);
  }

  static std::array<std::size_t, 3> shape_zyx(const Grid& g) {
    return {std::size_t(g.shape[2]), std::size_t(g.shape[1]), std::size_t(g.shape[0])};
  }
  static FieldAttributes attributes_for(const Grid& g, double time, long long step) {
    FieldAttributes a;
    a.time = time;
    a.step = step;
    a.spacing_zyx = {g.spacing[2], g.spacing[1], g.spacing[0]};
    if (g.length_unit_um > 0) {
      a.length_unit = fmt::format("{:g} um", g.length_unit_um);
      a.length_unit_um = g.length_unit_um;
    }
    return a;
  }

 private:
  fs::path dir_;
  const Config& config_;
  Hdf5File file_;
  std::vector<XdmfFrame> frames_;
};

nlohmann::json grid_json(const Grid& g) {
  return {{"shape", g.shape}, {"spacing", g.spacing},
          {"boundary_z", g.boundary_z == BoundaryZ::periodic ? "periodic" : "no_flux"}};
}

void check_finite(const Diagnostics& d, long long step, double time, double dt, const Config& c, long long last_good) {
  constexpr double runaway = 1e3;  // |phi| this far outside any physical range means the scheme diverged
  if (std::isfinite(d.free_energy) && std::isfinite(d.max_abs) && d.max_abs < runaway) return;
  throw NumericalError(fmt::format(
      "numerical blow-up at step {} (t = {:.6g}): {}; likely cause: dt = {:.3g} too large for [time] stabilization = "
      "{:.3g} (reduce dt, raise stabilization or set adaptive = true); last good snapshot: step {} in fields.h5",
      step, time, std::isfinite(d.max_abs) ? fmt::format("max |phi| = {:.3g} ran away", d.max_abs) : "phi became NaN/Inf",
      dt, c.time.stabilization, last_good));
}

// The run's outputs, fed by the pipeline: energy rows and progress lines every [output] every
// steps and at each stage's end, snapshots every [output] every steps and (with [[stage]]) at
// the end of every stage, a progress line per stage and per remesh.
class RunOutputs final : public PipelineObserver {
 public:
  RunOutputs(const Config& c, const RunOptions& o, DeformingDomain& domain, SnapshotWriter& snapshots,
             InProcessAnalysis& pore_analysis, std::ofstream& energy, std::size_t stage_count, Clock::time_point t_loop,
             double end_time)
      : c_(c), options_(o), domain_(domain), snapshots_(snapshots), pore_analysis_(pore_analysis), energy_(energy),
        stage_count_(stage_count), t_loop_(t_loop), end_time_(end_time) {}

  void log_energy(long long step, double t, double dt, const Diagnostics& d) {
    energy_ << fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g}\n", step, t, dt, d.free_energy, d.mass);
    energy_.flush();
  }

  void stage_begin(const StageRecord& r, const Stage& stage) override {
    if (options_.quiet || c_.stages.empty()) return;
    fmt::print("stage {}/{} {}: t {:.6g} -> {:.6g}, mobility factor {:.3g}, dt {:.3g}\n", r.index + 1, stage_count_, r.kind,
               r.start, r.end, stage.common().mobility_factor, stage.common().dt.value_or(c_.time.dt));
    std::fflush(stdout);
  }

  void step_done(long long step, double t, double h, bool last_of_stage, bool last_of_run) override {
    const bool every = step % c_.output.every == 0;
    if (surface_flux_) {
      // The bath's exchange of this step, as the change of mean phi it caused (MODEL.md §3).
      const BathExchange e = domain_.solver().last_bath_exchange();
      const double voxels = double(domain_.grid().voxels());
      bath_bottom_total += e.bottom / voxels;
      bath_top_total += e.top / voxels;
      if (every || last_of_stage || e.bottom != 0 || e.top != 0) {
        const auto& T = domain_.thermal()->temperature();
        *surface_flux_ << fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.6g},{:.6g},{:.6g}\n", step, t, h,
                                      e.bottom / voxels, e.top / voxels, bath_bottom_total, bath_top_total, T.front(),
                                      T[T.size() / 2], T.back());
      }
    }
    if (pore_analysis_.due(step, last_of_run)) {
      const auto t_out = Clock::now();
      phi.resize(domain_.grid().voxels());
      domain_.solver().get_state(phi);
      const auto& mask = domain_.pore_mask();
      pore_analysis_.analyze(step, t, phi, domain_.grid(), last_of_run, mask ? &*mask : nullptr);
      output_seconds += seconds_since(t_out);
    }
    if ((!every && !last_of_stage) || step == last_reported_) return;
    last_reported_ = step;
    const auto t_out = Clock::now();
    Solver& solver = domain_.solver();
    d = solver.diagnostics();
    check_finite(d, step, t, h, c_, last_good);
    log_energy(step, t, h, d);
    // With explicit stages every stage's end is a frame of the series (the stretched state
    // included); a run without [[stage]] keeps its snapshots at multiples of `every`.
    if (every || (last_of_stage && (!last_of_run || !c_.stages.empty()))) {
      phi.resize(domain_.grid().voxels());
      solver.get_state(phi);
      snapshots_.write(step, t, phi, domain_.grid());
      last_good = step;
    }
    output_seconds += seconds_since(t_out);
    if (!options_.quiet) {
      const double elapsed = seconds_since(t_loop_);
      fmt::print("step {:>8}  t {:11.5g}  dt {:9.3g}  F {:14.8g}  mass {:.10f}  ETA {}\n", step, t, h, d.free_energy, d.mass,
                 format_eta(elapsed / t * (end_time_ - t)));
      std::fflush(stdout);
    }
  }

  void remeshed(const RemeshRecord& r) override {
    if (options_.quiet) return;
    const Grid &a = r.old_grid, &b = r.new_grid;
    fmt::print("remesh at step {} (t {:.6g}): shape {}x{}x{} spacing ({:.4g}, {:.4g}, {:.4g}) -> {}x{}x{} spacing "
               "({:.4g}, {:.4g}, {:.4g}); lambda ({:.4g}, {:.4g}, {:.4g})\n",
               r.step, r.time, a.shape[0], a.shape[1], a.shape[2], a.spacing[0], a.spacing[1], a.spacing[2], b.shape[0],
               b.shape[1], b.shape[2], b.spacing[0], b.spacing[1], b.spacing[2], domain_.lambda()[0], domain_.lambda()[1],
               domain_.lambda()[2]);
    std::fflush(stdout);
  }

  Diagnostics d;
  std::vector<double> phi;
  std::ofstream* surface_flux_ = nullptr;  // wet process only
  double bath_bottom_total = 0, bath_top_total = 0;
  long long last_reported_ = -1;  // a zero-step last stage repeats the final step: report it once
  long long last_good = 0;
  double output_seconds = 0;

 private:
  const Config& c_;
  const RunOptions& options_;
  DeformingDomain& domain_;
  SnapshotWriter& snapshots_;
  InProcessAnalysis& pore_analysis_;
  std::ofstream& energy_;
  std::size_t stage_count_;
  Clock::time_point t_loop_;
  double end_time_;
};

}  // namespace

RunSummary run_simulation(const Config& c, const RunOptions& options) {
  const auto t_start = Clock::now();
  // Everything that can fail on bad input happens before the output directory is touched.
  std::vector<std::unique_ptr<Stage>> stages = make_stages(c);
  double end_time = 0;
  for (const auto& s : stages) end_time += s->duration();
  const std::size_t stage_count = stages.size();
  const PhysicsSetup setup = physics_from_config(c);
  const Precision precision = c.time.double_precision ? Precision::float64 : Precision::float32;
  const BackendKind backend = resolve_backend(options.backend);
  DeformingDomain domain(
      setup, [backend, precision](const PhysicsSetup& s) { return make_solver(s, backend, precision); }, c.deformation);
  std::optional<WetProcessParameters> wet;
  if (c.material.enabled) {
    wet = wet_process_parameters(c.material);
    domain.enable_wet_process(*wet);
  }
  std::vector<double> phi = make_initial_field(c);
  const fs::path dir = options.output_dir.value_or(c.output.dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir.string() + ": cannot create output directory: " + ec.message());
  domain.solver().set_state(phi);

  std::ofstream energy(dir / "energy.csv");
  if (!energy) throw InputError((dir / "energy.csv").string() + ": cannot write");
  energy << "step,time,dt,free_energy,mass\n";
  std::ofstream timesteps;
  if (c.time.adaptive) {
    timesteps.open(dir / "timesteps.csv");
    timesteps << "step,time,dt\n";
  }
  std::ofstream surface_flux;
  if (wet) {
    surface_flux.open(dir / "surface_flux.csv");
    if (!surface_flux) throw InputError((dir / "surface_flux.csv").string() + ": cannot write");
    surface_flux << "step,time,dt,bath_bottom,bath_top,bath_bottom_total,bath_top_total,T_bottom_C,T_mid_C,T_top_C\n";
    if (!options.quiet) fmt::print("wet process [material] -> {}\n", wet->to_json().dump());
  }
  const std::string backend_name = domain.solver().backend_name();
  SnapshotWriter snapshots(dir, c, backend_name);
  InProcessAnalysis pore_analysis(dir, c);

  const auto t_loop = Clock::now();
  RunOutputs outputs(c, options, domain, snapshots, pore_analysis, energy, stage_count, t_loop, end_time);
  if (wet) outputs.surface_flux_ = &surface_flux;
  outputs.d = domain.solver().diagnostics();
  check_finite(outputs.d, 0, 0.0, c.time.dt, c, 0);
  outputs.log_energy(0, 0.0, 0.0, outputs.d);
  snapshots.write(0, 0.0, phi, domain.grid());
  const double mass0 = outputs.d.mass;

  Pipeline pipeline(c, std::move(stages), domain);
  const PipelineTotals totals = pipeline.run(outputs, c.time.adaptive ? &timesteps : nullptr);
  const Diagnostics& d = outputs.d;
  const double t = totals.time;
  const long long step = totals.steps;

  phi.resize(domain.grid().voxels());
  domain.solver().get_state(phi);
  {
    Hdf5File final_file = Hdf5File::create((dir / "final.h5").string());
    final_file.write_field("phi", phi, SnapshotWriter::shape_zyx(domain.grid()), !c.time.double_precision,
                           SnapshotWriter::attributes_for(domain.grid(), t, step));
    if (const auto& pore = domain.pore_mask())
      final_file.write_mask("pore", *pore, SnapshotWriter::shape_zyx(domain.grid()),
                            SnapshotWriter::attributes_for(domain.grid(), t, step));
    final_file.write_root_attribute("config_toml", c.source_text);
    final_file.write_root_attribute("porefield_version", version_string());
    final_file.write_root_attribute("backend", backend_name);
  }

  const double wall = seconds_since(t_start);
  nlohmann::json record;
  record["porefield_version"] = version_string();
  record["git_revision"] = git_revision();
  record["config_file"] = c.source_name;
  record["config_toml"] = c.source_text;
  record["backend"] = backend_name;
  record["device"] = backend_name == std::string("cuda") ? cuda_device_description() : "host CPU";
  record["precision"] = c.time.double_precision ? "double" : "float";
  record["grid"] = grid_json(c.grid);
  record["final_grid"] = grid_json(domain.grid());
  record["derived"] = {{"chi", c.model.chi()},
                       {"reference_mobility", setup.reference_mobility},
                       {"mobility_temperature_factor", setup.mobility.temperature_factor}};
  if (wet) {
    // Mass bookkeeping with a bath: the change of mean phi equals the bath's total exchange.
    record["wet_process"] = wet->to_json();
    record["wet_process"]["bath_exchange_mean_phi"] = {{"bottom", outputs.bath_bottom_total},
                                                       {"top", outputs.bath_top_total}};
    record["wet_process"]["final_temperature_C"] = domain.thermal()->temperature();
  }
  nlohmann::json stage_list = nlohmann::json::array();
  for (const StageRecord& s : totals.stages)
    stage_list.push_back({{"kind", s.kind},
                          {"start", s.start},
                          {"end", s.end},
                          {"first_step", s.first_step},
                          {"last_step", s.last_step},
                          {"lambda_start", s.lambda_start},
                          {"lambda_end", s.lambda_end},
                          {"parameters", s.parameters}});
  record["stages"] = stage_list;
  nlohmann::json remesh_list = nlohmann::json::array();
  for (const RemeshRecord& r : totals.remeshes)
    remesh_list.push_back({{"step", r.step},
                           {"time", r.time},
                           {"old_shape", r.old_grid.shape},
                           {"old_spacing", r.old_grid.spacing},
                           {"new_shape", r.new_grid.shape},
                           {"new_spacing", r.new_grid.spacing}});
  record["remeshes"] = remesh_list;
  record["deformation"] = {{"lambda", domain.lambda()},
                           {"max_aspect_ratio", c.deformation.max_aspect_ratio},
                           {"max_voxels", c.deformation.max_voxels},
                           {"remesh_target", c.deformation.target == RemeshTarget::finest ? "finest" : "preserve_voxels"}};
  record["result"] = {{"steps", step},          {"time", t},
                      {"free_energy", d.free_energy}, {"mass", d.mass},
                      {"mass_change_relative", (d.mass - mass0) / (mass0 != 0 ? std::abs(mass0) : 1.0)},
                      {"rejected_steps", totals.rejected},   {"last_dt", totals.last_dt},
                      {"dt_min_used", totals.dt_min_used}, {"dt_max_used", totals.dt_max_used}};
  record["timings"] = {{"wall_seconds", wall},
                       {"loop_seconds", seconds_since(t_loop)},
                       {"output_seconds", outputs.output_seconds},
                       {"steps_per_second", step / std::max(1e-12, seconds_since(t_loop))},
                       {"solver_bytes", domain.solver().bytes_allocated()}};
  write_file_atomically(dir / "run.json", record.dump(2) + "\n");

  return {dir.string(), backend_name, step, t, d.free_energy, d.mass, wall};
}

}  // namespace pf
