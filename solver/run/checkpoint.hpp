#pragma once
// Restart checkpoints: checkpoint_<step, 12 digits>.h5 in a run's output directory. One holds
// everything a run needs to continue bit for bit on the same backend and precision (the noise
// needs nothing: it is keyed by (seed, step, voxel)). Layout (docs/cli.md):
//   /phi          the field in the solver's precision (float32 or float64), (nz, ny, nx)
//   /pore         uint8 pore mask on the current grid, when a stage has made one
//   /stage_state/ float64 arrays of the current stage's save_state() (e.g. cavitate's warm start)
//   root attributes: config_toml, backend, precision, porefield_version, and `checkpoint`, a
//   JSON text with the pipeline position (step, time, next dt, stage and its start), the domain
//   (grid shape and spacing, cumulative lambda, remesh reference spacing and lambda, mobility
//   factor), the process state (wet T(z), faces, bath, extraction threshold), the bath's running
//   totals and the totals so far (stage and remesh records, dt statistics).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/hdf5_file.hpp"
#include "kernels/communicator.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/pipeline.hpp"

namespace pf {

struct Checkpoint {
  std::string config_toml, backend, precision, porefield_version;
  PipelinePosition position;
  DomainState domain;
  std::vector<std::byte> phi;  // physical field, solver precision, (nz, ny, nx)
  ZPlanes phi_planes;          // the z planes phi holds: this rank's share when written under MPI
  std::size_t element_bytes = 8;
  std::optional<std::vector<std::uint8_t>> pore_mask;
  long long last_snapshot_step = 0;  // the newest fields.h5 frame when it was written
  double initial_mass = 0;           // mean phi at step 0 (run.json's mass change)
  std::array<double, 2> bath_totals{0, 0};  // solvent bath exchange so far, bottom and top (change of mean phi)
};

std::filesystem::path checkpoint_path(const std::filesystem::path& dir, long long step);

// Writes `checkpoint` as dir/checkpoint_<step>.h5: into a .tmp file, fsync'd, renamed into
// place; then deletes all but the newest `keep` complete checkpoints. Throws IoError.
// Collective over `comm`: every rank writes its planes (phi_planes; the pore mask is whole on
// every rank), rank 0 renames and prunes. The file does not depend on the rank count.
std::filesystem::path write_checkpoint(const std::filesystem::path& dir, const Checkpoint& checkpoint, int keep,
                                       const Communicator& comm = world());

// Reads and checks a checkpoint; throws InputError naming the file for anything else
// (not HDF5, truncated, not a porefield checkpoint, inconsistent sizes).
Checkpoint read_checkpoint(const std::filesystem::path& path);

// The complete checkpoints in `dir` (checkpoint_<digits>.h5; .tmp files ignored), oldest first.
std::vector<std::filesystem::path> list_checkpoints(const std::filesystem::path& dir);

// The `checkpoint` metadata of a file as JSON (for `porefield info`); null when absent.
nlohmann::json checkpoint_metadata(const std::string& root_attribute_text);

// The config text with its [output] table removed (restart compares the rest).
std::string config_without_output(const std::string& toml_text);

}  // namespace pf
