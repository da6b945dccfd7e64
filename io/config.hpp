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
  bool log_continuation = false;                         // continue the log terms past delta (Taylor)
  double kappa = 1;
  MobilityKind mobility = MobilityKind::constant;
  double M0 = 1, m_A = 1, m_B = 1;
  double E_a = 0, T_ref = 0;  // J/mol and K; T_ref = 0 means "T" (factor 1)
  double phi_arrest = 1, arrest_factor = 1, arrest_width = 0.02;
  double mobility_floor = 0;  // lower bound on M / M0 (before temperature and arrest factors)

  double chi() const { return chi_A + chi_B / T; }
};

// [material]: the wet process's polymer–solvent system in the claims' own terms (seed 000 claims
// 5–12, 13, 16–27). Converted to nondimensional parameters in ONE place,
// solver/models/wet_process_mapping.cpp (docs/wet_process.md). Absent = off.
struct MaterialConfig {
  bool enabled = false;
  double polymer_wt_percent = 20;                   // claim 12: 10–50 wt% polymer in the solution
  std::vector<double> polymer_mw{2.0e6};            // g/mol, M_w of each polyolefin of the composition
  std::vector<double> polymer_weight_fractions{1};  // their weight fractions in the polymer (sum 1)
  double mw_mn = 10;                                // M_w/M_n (claims 8, 9): recorded
  double polymer_density_g_cm3 = 0.95;
  double solvent_density_g_cm3 = 0.85;
  double solvent_molar_volume_cm3_mol = 300;        // one lattice site = one solvent molecule
  double melting_point_C = 135;                     // of the polymer (claim 13 window, arrest)
  double crystal_dispersion_C = 90;                 // claim 13 window's lower end
  double heat_of_fusion_J_g = 293;                  // 100 % crystalline PE (Flory melting-point depression)
  double crystallisation_undercooling_K = 15;       // arrest sets in this far below the dissolution curve
  // chi follows the lowest temperature a plane has seen since it was last at or above the
  // melting point (a gel re-heated below T_m keeps its crystal-fixed demixing; docs/wet_process.md §1)
  bool gel_chi_memory = false;
  double chi_A = -0.2, chi_B_K = 340;               // chi(T) = chi_A + chi_B_K / T[K]
  double activation_energy_J_mol = 0;               // mobility temperature factor
  double reference_temperature_C = 135;             // where that factor is 1
  double thermal_diffusivity = 50;                  // length_unit^2 / time unit
  double heat_transfer_coefficient = 0;             // length_unit / time unit (H / rho c_p); 0 = perfect contact
  double initial_temperature_C = 200;               // T(z) at t = 0 (the extruded solution)
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
  // adaptive: judge the step's change less its flux-noise share ("deterministic"), or all of it
  // ("total"). Noise changes phi by ~ sigma sqrt(dt) per step, so "total" makes a noisy run take
  // the small steps the noise alone sets, even where the deterministic dynamics is slow.
  bool change_without_noise = false;
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
  std::string backend = "cpu";  // where the filters run: "cpu", "auto" (the GPU when usable) or "cuda"
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
  MaterialConfig material;
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
