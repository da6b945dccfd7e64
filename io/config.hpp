#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/core/grid.hpp"
#include "solver/models/dry_process_mapping.hpp"
#include "solver/models/free_energy.hpp"
#include "solver/models/mobility.hpp"

namespace pf {

// The validated contents of a run's TOML file; every key is documented in configs/README.md.
// Parsed once (io/config.cpp); physics code receives these plain structs, never TOML.

struct ModelConfig {
  FreeEnergyKind free_energy = FreeEnergyKind::double_well;
  double rho = 5, c_alpha = 0.3, c_beta = 0.7;            // double_well
  double N_A = 1, N_B = 1, chi_A = 0, chi_B = 0, T = 1;  // flory_huggins, chi = chi_A + chi_B / T
  double delta = 1e-6;                                   // log-term clipping for flory_huggins
  double kappa = 1;
  MobilityKind mobility = MobilityKind::constant;
  double M0 = 1, m_A = 1, m_B = 1;
  double E_a = 0, T_ref = 0;  // J/mol and K; T_ref = 0 means "T" (factor 1)
  double phi_arrest = 1, arrest_factor = 1, arrest_width = 0.02;

  double chi() const { return chi_A + chi_B / T; }
};

enum class InitialKind { pfhub_bm1, cosine, uniform_noise, file, droplets, reactor_blend };

struct InitialConfig {
  InitialKind kind = InitialKind::uniform_noise;
  double c0 = 0.5, epsilon = 0.01, amplitude = 0.01;
  std::array<int, 3> mode{1, 0, 0};
  std::uint64_t seed = 0;
  std::string file, dataset = "phi";
  // droplets / reactor_blend: random spheres of the minority (phi-poor) phase, grid units.
  double droplet_radius = 6, interface_width = 1;
};

struct TimeConfig {
  double dt = 0.1, end = 1;  // end: only without [[stage]] (stages carry their own durations)
  double stabilization = 0;
  bool double_precision = true;
  bool adaptive = false;
  double dt_min = 0, dt_max = 0;  // 0 = dt / 1000 and dt * 1000
  double max_change = 0.01;       // adaptive: target max |delta phi| per step
};

struct NoiseConfig {
  double sigma = 0;
  std::uint64_t seed = 0;
};

struct OutputConfig {
  std::string dir = "out";
  int every = 100;  // steps between snapshots and energy rows
  // Checkpoints (docs/cli.md "Checkpoint and restart"): every checkpoint_every steps (0 = at every
  // snapshot, i.e. `every`) and/or every checkpoint_minutes of wall time (0 = off); the newest
  // checkpoint_keep files are kept.
  long long checkpoint_every = 0;
  double checkpoint_minutes = 0;
  int checkpoint_keep = 2;
};

// In-process pore analysis at output times ([analysis]; absent = off).
struct AnalysisConfig {
  bool enabled = false;
  int every = 0;            // steps between analyses; 0 = every [output] every
  bool pore_below = true;   // pore where phi < threshold (else phi > threshold)
  double threshold = 0.5;
  int connectivity = 26;
  bool tortuosity = true;
};

// [deformation]: when and how a deforming grid is resampled (docs/deformation.md).
enum class RemeshTarget { finest, preserve_voxels };

struct DeformationConfig {
  double max_aspect_ratio = 2;            // remesh when max(h)/min(h) exceeds this
  long long max_voxels = 1LL << 27;       // cap on physical voxels after a remesh
  RemeshTarget target = RemeshTarget::finest;  // new spacing: the finest current one, or keep the voxel count
};

// One [[stage]] table as written. Stage kinds live in solver/process/ and read their own keys
// (validated with TomlSection, see io/stage_table.hpp) when the pipeline is built, so adding a
// kind needs no change here. The table is opaque outside io/ and the stage parsers.
struct StageTable;
struct StageSource {
  int index = 0;  // 1-based position in the [[stage]] list
  int line = 0;   // where it starts in the file
  std::shared_ptr<const StageTable> table;
};

struct Config {
  std::string source_name;  // file the config came from, for messages
  std::string source_text;  // verbatim TOML, echoed into run.json and HDF5 attributes
  Grid grid;
  ModelConfig model;
  InitialConfig initial;
  TimeConfig time;
  NoiseConfig noise;
  OutputConfig output;
  AnalysisConfig analysis;
  DeformationConfig deformation;
  std::vector<StageSource> stages;  // empty: one implicit hold for [time] end
  // [blend] (dry process, seed 001): the claims' terms and what they map to; when present they
  // set [model] N_A, N_B, chi, kappa, M0, slow_mode m_A, m_B and [initial] c0.
  std::optional<BlendInputs> blend;
  BlendParameters blend_parameters;
};

// Stretch stages (another branch) must refuse ratios below this: a membrane is not compressed.
inline constexpr double min_stretch_ratio = 1.0;

// "file:line" of `[section] key` in the config's source text, or just the file name; for
// messages about checks made after parsing (memory, output directory).
std::string config_location(const Config& c, const std::string& section, const std::string& key);

// Throws InputError naming file, line, key, value and the allowed range on any problem.
Config parse_config_file(const std::string& path);
Config parse_config_text(const std::string& text, const std::string& source_name);

}  // namespace pf
