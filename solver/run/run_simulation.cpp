#include "solver/run/run_simulation.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "io/atomic_file.hpp"
#include "io/hdf5_file.hpp"
#include "io/output_directory.hpp"
#include "io/xdmf_writer.hpp"
#include "kernels/device.hpp"
#include "solver/core/errors.hpp"
#include "solver/initial/initial_condition.hpp"
#include "solver/physics_from_config.hpp"
#include "solver/run/run_plan.hpp"
#include "solver/schemes/adaptive_time_step.hpp"
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

// Writes snapshots into one HDF5 file and keeps its XDMF sidecar current.
class SnapshotWriter {
 public:
  SnapshotWriter(const fs::path& dir, const Config& c, std::string backend)
      : dir_(dir), config_(c), file_(Hdf5File::create((dir / "fields.h5").string())) {
    file_.write_root_attribute("config_toml", c.source_text);
    file_.write_root_attribute("porefield_version", version_string());
    file_.write_root_attribute("backend", backend);
    file_.write_root_attribute("precision", c.time.double_precision ? "double" : "float");
  }

  void write(long long step, double time, const std::vector<double>& phi) {
    const std::string name = fmt::format("snapshots/{:08}/phi", step);
    const FieldAttributes a = attributes_for(config_, time, step);
    file_.write_field(name, phi, shape_zyx(config_), !config_.time.double_precision, a);
    file_.flush();
    frames_.push_back({time, "fields.h5", "/" + name, "phi", shape_zyx(config_), a.spacing_zyx, true,
                       config_.time.double_precision ? 8 : 4});
    write_xdmf_series((dir_ / "fields.xdmf").string(), frames_);
  }

  static std::array<std::size_t, 3> shape_zyx(const Config& c) {
    return {std::size_t(c.grid.shape[2]), std::size_t(c.grid.shape[1]), std::size_t(c.grid.shape[0])};
  }
  static FieldAttributes attributes_for(const Config& c, double time, long long step) {
    FieldAttributes a;
    a.time = time;
    a.step = step;
    a.spacing_zyx = {c.grid.spacing[2], c.grid.spacing[1], c.grid.spacing[0]};
    return a;
  }

 private:
  fs::path dir_;
  const Config& config_;
  Hdf5File file_;
  std::vector<XdmfFrame> frames_;
};

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

}  // namespace

RunSummary run_simulation(const Config& c, const RunOptions& options) {
  const auto t_start = Clock::now();
  // Everything that can fail on bad input happens before the output directory is touched.
  const fs::path dir = options.output_dir.value_or(c.output.dir);
  check_output_directory(dir, options.overwrite);
  plan_run(c, options.backend);  // refuses runs that cannot fit in memory
  const PhysicsSetup setup = physics_from_config(c);
  auto solver = make_solver(setup, options.backend, c.time.double_precision ? Precision::float64 : Precision::float32);
  std::vector<double> phi = make_initial_field(c);
  prepare_output_directory(dir, options.overwrite);
  solver->set_state(phi);

  std::ofstream energy(dir / "energy.csv");
  if (!energy) throw IoError((dir / "energy.csv").string() + ": cannot create: " + std::strerror(errno));
  energy << "step,time,dt,free_energy,mass\n";
  std::ofstream timesteps;
  if (c.time.adaptive) {
    timesteps.open(dir / "timesteps.csv");
    if (!timesteps) throw IoError((dir / "timesteps.csv").string() + ": cannot create: " + std::strerror(errno));
    timesteps << "step,time,dt\n";
  }
  SnapshotWriter snapshots(dir, c, solver->backend_name());

  auto log_energy = [&](long long step, double t, double dt, const Diagnostics& d) {
    energy << fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g}\n", step, t, dt, d.free_energy, d.mass);
    check_written(energy, dir / "energy.csv");
    if (c.time.adaptive) check_written(timesteps, dir / "timesteps.csv");
  };

  Diagnostics d = solver->diagnostics();
  check_finite(d, 0, 0.0, c.time.dt, c, 0);
  log_energy(0, 0.0, 0.0, d);
  snapshots.write(0, 0.0, phi);
  const double mass0 = d.mass;

  const auto t_loop = Clock::now();
  double t = 0, dt = c.time.dt, last_dt = 0, output_seconds = 0;
  long long step = 0, last_good = 0, rejected = 0, logged_step = 0;
  double dt_min_used = INFINITY, dt_max_used = 0;
  const AdaptiveTimeStep controller{c.time.max_change, c.time.dt_min, c.time.dt_max};
  const double end = c.time.end;

  while (t < end) {
    // The last step lands exactly on `end`: shortened if the remainder is shorter than dt, and
    // kept at dt when the remainder equals dt up to round-off (so runs stay bitwise comparable).
    const bool last = end - t <= dt * (1 + 1e-9);
    const double h = (last && end - t < dt * (1 - 1e-9)) ? end - t : dt;
    if (c.time.adaptive) {
      solver->save_state();
      solver->step(h, std::uint64_t(step));
      const auto decision = controller(h, solver->max_change_from_saved());
      if (!std::isfinite(decision.next_dt) || !decision.accept) {
        solver->restore_state();
        dt = decision.accept ? c.time.dt_min : decision.next_dt;
        ++rejected;
        continue;
      }
      dt = decision.next_dt;
    } else {
      solver->step(h, std::uint64_t(step));
    }
    ++step;
    // Fixed steps land on step * dt exactly rather than accumulating round-off in t.
    t = last ? end : (c.time.adaptive ? t + h : double(step) * c.time.dt);
    last_dt = h;
    dt_min_used = std::min(dt_min_used, h);
    dt_max_used = std::max(dt_max_used, h);
    if (c.time.adaptive) timesteps << fmt::format("{},{:.17g},{:.17g}\n", step, t, h);

    const bool final_step = t >= end;
    if (step % c.output.every == 0 || final_step) {
      const auto t_out = Clock::now();
      d = solver->diagnostics();
      check_finite(d, step, t, h, c, last_good);
      log_energy(step, t, h, d);
      logged_step = step;
      if (step % c.output.every == 0) {
        solver->get_state(phi);
        snapshots.write(step, t, phi);
        last_good = step;
      }
      output_seconds += seconds_since(t_out);
      if (!options.quiet) {
        const double elapsed = seconds_since(t_loop);
        fmt::print("step {:>8}  t {:11.5g}  dt {:9.3g}  F {:14.8g}  mass {:.10f}  ETA {}\n", step, t, h, d.free_energy,
                   d.mass, format_eta(elapsed / t * (end - t)));
        std::fflush(stdout);
      }
    }
  }
  (void)logged_step;

  solver->get_state(phi);
  {
    // Written under a temporary name and renamed, so final.h5 is never a torn file.
    const fs::path final_path = dir / "final.h5", final_tmp = dir / "final.h5.tmp";
    Hdf5File final_file = Hdf5File::create(final_tmp.string());
    final_file.write_field("phi", phi, SnapshotWriter::shape_zyx(c), !c.time.double_precision,
                           SnapshotWriter::attributes_for(c, t, step));
    final_file.write_root_attribute("config_toml", c.source_text);
    final_file.write_root_attribute("porefield_version", version_string());
    final_file.write_root_attribute("backend", solver->backend_name());
    final_file.close();
    replace_file(final_tmp, final_path);
  }

  const double wall = seconds_since(t_start);
  nlohmann::json record;
  record["porefield_version"] = version_string();
  record["git_revision"] = git_revision();
  record["config_file"] = c.source_name;
  record["config_toml"] = c.source_text;
  record["backend"] = solver->backend_name();
  record["device"] = solver->backend_name() == std::string("cuda") ? cuda_device_description() : "host CPU";
  record["precision"] = c.time.double_precision ? "double" : "float";
  record["grid"] = {{"shape", c.grid.shape}, {"spacing", c.grid.spacing},
                    {"boundary_z", c.grid.boundary_z == BoundaryZ::periodic ? "periodic" : "no_flux"}};
  record["derived"] = {{"chi", c.model.chi()},
                       {"reference_mobility", setup.reference_mobility},
                       {"mobility_temperature_factor", setup.mobility.temperature_factor}};
  record["result"] = {{"steps", step},          {"time", t},
                      {"free_energy", d.free_energy}, {"mass", d.mass},
                      {"mass_change_relative", (d.mass - mass0) / (mass0 != 0 ? std::abs(mass0) : 1.0)},
                      {"rejected_steps", rejected},   {"last_dt", last_dt},
                      {"dt_min_used", step ? dt_min_used : 0.0}, {"dt_max_used", dt_max_used}};
  record["timings"] = {{"wall_seconds", wall},
                       {"loop_seconds", seconds_since(t_loop)},
                       {"output_seconds", output_seconds},
                       {"steps_per_second", step / std::max(1e-12, seconds_since(t_loop))},
                       {"solver_bytes", solver->bytes_allocated()}};
  if (c.time.adaptive) check_written(timesteps, dir / "timesteps.csv");
  write_file_atomically(dir / "run.json", record.dump(2) + "\n");

  return {dir.string(), solver->backend_name(), step, t, d.free_energy, d.mass, wall};
}

}  // namespace pf
