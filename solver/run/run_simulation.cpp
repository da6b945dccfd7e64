#include "solver/run/run_simulation.hpp"
#include "solver/run/in_process_analysis.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "io/atomic_file.hpp"
#include "io/hdf5_file.hpp"
#include "io/output_directory.hpp"
#include "io/xdmf_writer.hpp"
#include "kernels/communicator.hpp"
#include "kernels/device.hpp"
#include "kernels/distributed/fft_options.hpp"
#include "solver/core/errors.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/physics_from_config.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/pipeline.hpp"
#include "solver/process/stage_registry.hpp"
#include "solver/run/checkpoint.hpp"
#include "solver/run/run_plan.hpp"
#include "solver/run/stop_signal.hpp"
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
// shows the stretched geometry at true scale over time. Under MPI the file is written
// collectively, each rank its own z planes; rank 0 writes the sidecar.
class SnapshotWriter {
 public:
  // resume_after >= 0: a restarted run continues the existing fields.h5, dropping the frames
  // after that step (a killed run may have written some past its checkpoint).
  SnapshotWriter(const fs::path& dir, const Config& c, std::string backend, long long resume_after = -1)
      : dir_(dir), config_(c), backend_(backend), file_(open_or_create(dir / "fields.h5", resume_after >= 0)) {
    if (resume_after >= 0 && file_.has("snapshots")) {
      for (const DatasetSummary& d : file_.list_datasets()) {
        long long step = 0;
        if (std::sscanf(d.name.c_str(), "snapshots/%lld/phi", &step) != 1 || d.shape.size() != 3) continue;
        if (step > resume_after) {
          file_.delete_object(fmt::format("snapshots/{:08}", step));
          continue;
        }
        const std::array<double, 3> h = d.spacing_zyx.value_or(std::array<double, 3>{1, 1, 1});
        frames_.push_back({d.time.value_or(0), "fields.h5", "/" + d.name, "phi", {d.shape[0], d.shape[1], d.shape[2]}, h,
                           true, d.dtype == "float32" ? 4 : 8});
      }
      file_.flush();
      if (world().root()) write_xdmf_series((dir_ / "fields.xdmf").string(), frames_);
      return;
    }
    file_.write_root_attribute("config_toml", c.source_text);
    file_.write_root_attribute("porefield_version", version_string());
    file_.write_root_attribute("backend", backend);
    file_.write_root_attribute("precision", c.time.double_precision ? "double" : "float");
    file_.write_root_attribute("git_revision", git_revision());
  }

  static Hdf5File open_or_create(const fs::path& path, bool resume) {
    if (resume && fs::exists(path)) return Hdf5File::open_write(path.string(), &world());
    return Hdf5File::create(path.string(), &world());
  }

  void write(long long step, double time, const Solver& solver, const Grid& grid) {
    const std::string name = fmt::format("snapshots/{:08}/phi", step);
    const FieldAttributes a = attributes_for(grid, time, step, config_, backend_, "1");
    const PlaneRange planes = solver.local_planes();
    local_.resize(grid.plane_voxels() * std::size_t(planes.count));
    solver.get_local_state(local_);
    file_.write_field(name, local_, shape_zyx(grid), !config_.time.double_precision, a, planes_of(planes));
    file_.flush();
    frames_.push_back({time, "fields.h5", "/" + name, "phi", shape_zyx(grid), a.spacing_zyx, true,
                       config_.time.double_precision ? 8 : 4});
    if (world().root()) write_xdmf_series((dir_ / "fields.xdmf").string(), frames_);
  }

  static ZPlanes planes_of(PlaneRange r) { return {std::size_t(r.first), std::size_t(r.count)}; }

  static std::array<std::size_t, 3> shape_zyx(const Grid& g) {
    return {std::size_t(g.shape[2]), std::size_t(g.shape[1]), std::size_t(g.shape[0])};
  }
  // Every field dataset describes itself: grid, time, units of its values and the run's
  // provenance (config text, version, revision, backend, precision), so one copied dataset
  // still says where it came from.
  static FieldAttributes attributes_for(const Grid& g, double time, long long step, const Config& c,
                                        const std::string& backend, const std::string& units) {
    FieldAttributes a;
    a.time = time;
    a.step = step;
    a.units = units;
    a.config_toml = c.source_text;
    a.porefield_version = version_string();
    a.git_revision = git_revision();
    a.backend = backend;
    a.precision = c.time.double_precision ? "double" : "float";
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
  std::string backend_;
  Hdf5File file_;
  std::vector<XdmfFrame> frames_;
  std::vector<double> local_;  // this rank's planes of the field
};

nlohmann::json grid_json(const Grid& g) {
  return {{"shape", g.shape}, {"spacing", g.spacing},
          {"boundary_z", g.boundary_z == BoundaryZ::periodic ? "periodic" : "no_flux"}};
}

// Streams hide the OS error; errno right after the failed flush still holds it.
void check_written(std::ofstream& out, const fs::path& path) {
  out.flush();
  if (!out) throw IoError(path.string() + ": write failed: " + std::strerror(errno));
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
    check_written(energy_, "energy.csv");
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
      const auto& pore = domain_.pore_mask();
      pore_analysis_.analyze(step, t, phi, domain_.grid(), last_of_run, pore ? &*pore : nullptr);
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
      snapshots_.write(step, t, solver, domain_.grid());
      last_good = step;
    }
    output_seconds += seconds_since(t_out);
    if (!options_.quiet) {
      const double elapsed = seconds_since(t_loop_);
      fmt::print("step {:>8}  t {:11.5g}  dt {:9.3g}  F {:14.8g}  mass {:.10f}  ETA {}\n", step, t, h, d.free_energy, d.mass,
                 format_eta(elapsed / (t - time_at_start) * (end_time_ - t)));
      std::fflush(stdout);
    }
  }

  // Checkpoints at the boundaries [output] checkpoint_* asks for, and at the first one after a
  // stop was requested, which also ends the run.
  bool at_boundary(const PipelinePosition& pos) override {
    const OutputConfig& o = c_.output;
    // A signal or the wall clock may reach the ranks at different steps: they decide together.
    const bool timed = o.checkpoint_minutes > 0 && seconds_since(last_checkpoint_time) >= 60 * o.checkpoint_minutes;
    const double flags = world().max((stop_requested() ? 2.0 : 0.0) + (timed ? 1.0 : 0.0));
    const bool stop = flags >= 2;
    const long long every = o.checkpoint_every > 0 ? o.checkpoint_every : o.every;
    bool due = stop || pos.totals.steps % every == 0 || (o.checkpoint_every == 0 && !pos.stage_begun);
    if (flags == 1 || flags == 3) due = true;
    if (due && pos.totals.steps != last_checkpoint_step) write_checkpoint_now(pos);
    return !stop;
  }

  void write_checkpoint_now(const PipelinePosition& pos) {
    const auto t_out = Clock::now();
    Checkpoint ck;
    ck.config_toml = c_.source_text;
    ck.backend = domain_.solver().backend_name();
    ck.precision = c_.time.double_precision ? "double" : "float";
    ck.position = pos;
    if (pos.current) ck.position.stage_state = pos.current->save_state();
    ck.domain = domain_.state();
    ck.element_bytes = c_.time.double_precision ? 8 : 4;
    domain_.solver().get_local_state_raw(ck.phi);
    ck.phi_planes = SnapshotWriter::planes_of(domain_.solver().local_planes());
    ck.pore_mask = domain_.pore_mask();
    ck.last_snapshot_step = last_good;
    ck.initial_mass = initial_mass;
    ck.bath_totals = {bath_bottom_total, bath_top_total};
    last_checkpoint = write_checkpoint(dir_, ck, c_.output.checkpoint_keep).string();
    last_checkpoint_step = pos.totals.steps;
    last_checkpoint_time = Clock::now();
    output_seconds += seconds_since(t_out);
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
  double initial_mass = 0;
  double time_at_start = 0;  // > 0 after --restart: the ETA extrapolates this process's own rate
  std::string last_checkpoint;
  long long last_checkpoint_step = -1;
  Clock::time_point last_checkpoint_time = Clock::now();
  fs::path dir_;

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

// Drops the rows of a "step,..." CSV whose step is after `step` (a killed run may have written
// some past its checkpoint); missing files are left missing. Rank 0's job.
void drop_csv_rows_after(const fs::path& path, long long step) {
  if (!world().root()) return;
  std::ifstream in(path);
  if (!in) return;
  std::string line, kept;
  bool header = true;
  while (std::getline(in, line)) {
    if (!header) {
      char* end = nullptr;
      const long long row_step = std::strtoll(line.c_str(), &end, 10);
      if (end == line.c_str() || row_step > step) continue;
    }
    header = false;
    kept += line + "\n";
  }
  in.close();
  write_file_atomically(path, kept);
}

// Text outputs are rank 0's; the other ranks write the same rows into /dev/null.
std::ofstream open_csv(const fs::path& path, const char* header, bool append) {
  std::ofstream out;
  if (!world().root()) {
    out.open("/dev/null");
  } else if (append && fs::exists(path)) {
    out.open(path, std::ios::app);
  } else {
    out.open(path);
    out << header;
  }
  if (!out) throw IoError(path.string() + ": cannot create: " + std::strerror(errno));
  return out;
}

// A checkpoint continues only the run it came from: same config outside [output], same backend
// and precision (floating-point results differ between them).
void check_restart_matches(const Checkpoint& ck, const std::string& path, const Config& c, const std::string& backend) {
  if (config_without_output(ck.config_toml) != config_without_output(c.source_text))
    throw InputError(fmt::format("{}: checkpoint was written by a run of another config ({} differs outside [output]); "
                                 "restart with the config the run started with",
                                 path, c.source_name));
  if (ck.backend != backend)
    throw InputError(fmt::format("{}: checkpoint was written on the {} backend, this run uses {}; pass --backend {}", path,
                                 ck.backend, backend, ck.backend));
  const std::string precision = c.time.double_precision ? "double" : "float";
  if (ck.precision != precision)
    throw InputError(fmt::format("{}: checkpoint holds a {} precision run, the config asks for {}", path, ck.precision,
                                 precision));
}

// [blend] inputs and everything derived from them (solver/models/dry_process_mapping.hpp).
nlohmann::json blend_json(const Config& c) {
  const BlendInputs& in = *c.blend;
  const BlendParameters& p = c.blend_parameters;
  return {{"inputs",
           {{"pp_wt_percent", in.pp_wt_percent}, {"mfr_pp", in.mfr_pp}, {"mfr_rc", in.mfr_rc},
            {"propylene_wt_percent", in.propylene_wt_percent}, {"density_pp", in.density_pp},
            {"density_rc", in.density_rc}, {"mw_pp", in.mw_pp}, {"mw_rc", in.mw_rc}, {"chi_pp_pe_A", in.chi_pp_pe_A},
            {"chi_pp_pe_B", in.chi_pp_pe_B}, {"melt_temperature_K", in.melt_temperature_K}, {"wavelength", in.wavelength}}},
          {"phi_pp", p.phi_pp}, {"site_volume_cm3_per_mol", p.site_volume_cm3_per_mol}, {"N_A", p.N_A}, {"N_B", p.N_B},
          {"propylene_mole_fraction", p.propylene_mole_fraction}, {"chi_pp_pe", p.chi_pp_pe}, {"chi_eff", p.chi_eff},
          {"chi_critical", p.chi_critical}, {"mobility_ratio", p.mobility_ratio}, {"m_A", p.m_A}, {"m_B", p.m_B},
          {"kappa", p.kappa}, {"M0", p.M0}};
}

// Under MPI: every rank has checked the directory before rank 0 changes it.
void prepare_output_directory_once(const fs::path& dir, bool overwrite) {
  const Communicator& comm = world();
  comm.barrier();
  if (comm.root()) prepare_output_directory(dir, overwrite);
  comm.barrier();
}

}  // namespace

RunSummary run_simulation(const Config& c, const RunOptions& options) {
  const auto t_start = Clock::now();
  const Communicator& comm = world();
  // Everything that can fail on bad input happens before the output directory is touched.
  std::optional<Checkpoint> checkpoint;
  if (options.restart) checkpoint = read_checkpoint(*options.restart);
  const fs::path dir = options.output_dir                ? fs::path(*options.output_dir)
                       : checkpoint                      ? fs::path(*options.restart).parent_path()
                                                         : fs::path(c.output.dir);
  // A restart continues the run in its (non-empty) directory; --force must not clear it.
  check_output_directory(dir, options.overwrite || checkpoint.has_value());
  const RunPlan plan = plan_run(c, options.backend);  // refuses runs that cannot fit in memory
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
  std::vector<double> phi;
  if (checkpoint) {
    check_restart_matches(*checkpoint, *options.restart, c, domain.solver().backend_name());
    prepare_output_directory_once(dir, false);
    domain.restore(checkpoint->domain);
    domain.solver().set_state_raw(checkpoint->phi);
    domain.pore_mask() = checkpoint->pore_mask;
    const long long at = checkpoint->position.totals.steps;
    for (const char* name : {"energy.csv", "timesteps.csv", "analysis.csv"}) drop_csv_rows_after(dir / name, at);
    if (!options.quiet) {
      fmt::print("restart from {}: step {}, t = {:.6g}\n", *options.restart, at, checkpoint->position.totals.time);
      std::fflush(stdout);
    }
  } else {
    phi = make_initial_field(c);
    prepare_output_directory_once(dir, options.overwrite);
    domain.solver().set_state(phi);
  }
  if (c.blend && !options.quiet) {
    const BlendParameters& p = c.blend_parameters;
    fmt::print("blend: phi_PP = {:.4f}, N_A = {:.0f}, N_B = {:.0f}, x_P = {:.3f}, chi_PP-PE = {:.4g}, chi_eff = {:.4g} "
               "(chi_c = {:.3g}), m_PP/m_RC = {:.4g}, kappa = {:.4g}, M0 = {:.4g}\n",
               p.phi_pp, p.N_A, p.N_B, p.propylene_mole_fraction, p.chi_pp_pe, p.chi_eff, p.chi_critical, p.mobility_ratio,
               p.kappa, p.M0);
    std::fflush(stdout);
  }

  const bool resume = checkpoint.has_value();
  std::ofstream energy = open_csv(dir / "energy.csv", "step,time,dt,free_energy,mass\n", resume);
  std::ofstream timesteps;
  if (c.time.adaptive) timesteps = open_csv(dir / "timesteps.csv", "step,time,dt\n", resume);
  std::ofstream surface_flux;
  if (wet) {
    surface_flux = open_csv(dir / "surface_flux.csv",
                            "step,time,dt,bath_bottom,bath_top,bath_bottom_total,bath_top_total,T_bottom_C,T_mid_C,T_top_C\n",
                            resume);
    if (!options.quiet) fmt::print("wet process [material] -> {}\n", wet->to_json().dump());
  }
  const std::string backend_name = domain.solver().backend_name();
  SnapshotWriter snapshots(dir, c, backend_name, resume ? checkpoint->position.totals.steps : -1);
  InProcessAnalysis pore_analysis(dir, c, plan.analysis_backend, resume);

  const auto t_loop = Clock::now();
  RunOutputs outputs(c, options, domain, snapshots, pore_analysis, energy, stage_count, t_loop, end_time);
  outputs.dir_ = dir;
  if (wet) outputs.surface_flux_ = &surface_flux;
  outputs.d = domain.solver().diagnostics();
  if (resume) {
    outputs.last_good = checkpoint->last_snapshot_step;
    outputs.initial_mass = checkpoint->initial_mass;
    outputs.bath_bottom_total = checkpoint->bath_totals[0];
    outputs.bath_top_total = checkpoint->bath_totals[1];
    outputs.last_checkpoint_step = checkpoint->position.totals.steps;
    outputs.time_at_start = checkpoint->position.totals.time;
  } else {
    check_finite(outputs.d, 0, 0.0, c.time.dt, c, 0);
    outputs.log_energy(0, 0.0, 0.0, outputs.d);
    snapshots.write(0, 0.0, domain.solver(), domain.grid());
    outputs.initial_mass = outputs.d.mass;
  }
  const double mass0 = outputs.initial_mass;

  Pipeline pipeline(c, std::move(stages), domain);
  const PipelineTotals totals =
      pipeline.run(outputs, c.time.adaptive ? &timesteps : nullptr, resume ? &checkpoint->position : nullptr);
  if (totals.interrupted) {
    energy.flush();
    if (c.time.adaptive) timesteps.flush();
    RunSummary summary;
    summary.output_dir = dir.string();
    summary.backend = backend_name;
    summary.steps = totals.steps;
    summary.time = totals.time;
    summary.free_energy = outputs.d.free_energy;
    summary.mass = outputs.d.mass;
    summary.wall_seconds = seconds_since(t_start);
    summary.interrupted = true;
    summary.checkpoint = outputs.last_checkpoint;
    return summary;
  }
  const Diagnostics& d = outputs.d;
  const double t = totals.time;
  const long long step = totals.steps;

  {
    // Written under a temporary name and renamed, so final.h5 is never a torn file; under MPI
    // collectively, each rank its own z planes.
    const PlaneRange planes = domain.solver().local_planes();
    const std::size_t plane = domain.grid().plane_voxels();
    phi.resize(plane * std::size_t(planes.count));
    domain.solver().get_local_state(phi);
    const fs::path final_path = dir / "final.h5", final_tmp = dir / "final.h5.tmp";
    Hdf5File final_file = Hdf5File::create(final_tmp.string(), &comm);
    final_file.write_field("phi", phi, SnapshotWriter::shape_zyx(domain.grid()), !c.time.double_precision,
                           SnapshotWriter::attributes_for(domain.grid(), t, step, c, backend_name, "1"),
                           SnapshotWriter::planes_of(planes));
    if (const auto& pore = domain.pore_mask())
      final_file.write_mask("pore", std::span<const std::uint8_t>(*pore).subspan(plane * planes.first, plane * planes.count),
                            SnapshotWriter::shape_zyx(domain.grid()),
                            SnapshotWriter::attributes_for(domain.grid(), t, step, c, backend_name, "1 = pore, 0 = solid"),
                            SnapshotWriter::planes_of(planes));
    final_file.write_root_attribute("config_toml", c.source_text);
    final_file.write_root_attribute("porefield_version", version_string());
    final_file.write_root_attribute("backend", backend_name);
    final_file.write_root_attribute("precision", c.time.double_precision ? "double" : "float");
    final_file.write_root_attribute("git_revision", git_revision());
    final_file.close();
    if (comm.root()) replace_file(final_tmp, final_path);
  }

  const double wall = seconds_since(t_start);
  nlohmann::json record;
  record["porefield_version"] = version_string();
  record["git_revision"] = git_revision();
  record["config_file"] = c.source_name;
  record["config_toml"] = c.source_text;
  record["backend"] = backend_name;
  record["device"] = backend_name == std::string("cuda") ? cuda_device_description() : "host CPU";
  record["ranks"] = comm.size();
  record["fft"] = fft_method_name(distributed_fft_options(comm), backend_name == std::string("cuda"), comm.size());
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
  if (c.blend) record["derived"]["blend"] = blend_json(c);
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
                       {"solver_bytes", domain.solver().bytes_allocated()},
                       {"solver_bytes_estimate", plan.solver_bytes}};
  if (c.time.adaptive) check_written(timesteps, dir / "timesteps.csv");
  if (comm.root()) write_file_atomically(dir / "run.json", record.dump(2) + "\n");
  comm.barrier();  // run.json marks a finished run: no rank exits before it is there

  RunSummary summary{dir.string(), backend_name, step, t, d.free_energy, d.mass, wall, false, {}};
  summary.checkpoint = outputs.last_checkpoint;
  return summary;
}

}  // namespace pf
