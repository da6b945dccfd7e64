#include "solver/run/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <regex>
#include <sstream>

#include "io/atomic_file.hpp"
#include "kernels/communicator.hpp"
#include "io/byte_message.hpp"
#include "io/hdf5_file.hpp"
#include "io/isolated_process.hpp"
#include "solver/core/errors.hpp"
#include "solver/version.hpp"

namespace pf {

namespace fs = std::filesystem;

namespace {

// 2: + the wet-process state (T(z), faces, bath), the extraction threshold and stages' state.
constexpr int kCheckpointFormat = 2;

// JSON has no infinity: dt_min_used is +inf until a step was taken.
nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
double number_or_inf(const nlohmann::json& j) { return j.is_null() ? INFINITY : j.get<double>(); }

nlohmann::json grid_json(const Grid& g) { return {{"shape", g.shape}, {"spacing", g.spacing}}; }

nlohmann::json optional_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
std::optional<double> json_optional(const nlohmann::json& j) {
  return j.is_null() ? std::nullopt : std::optional<double>(j.get<double>());
}

// The wet process's state (T(z), faces, bath) and the extraction threshold (docs/output.md).
nlohmann::json process_state_json(const DomainState& d) {
  return {{"temperature_C", d.temperature},
          {"chi_temperature_C", d.chi_temperature},
          {"faces", {{"bottom_C", optional_json(d.faces.bottom)}, {"top_C", optional_json(d.faces.top)},
                     {"heat_transfer", optional_json(d.faces.heat_transfer)}}},
          {"bath", {{"bottom", d.bath.bottom}, {"top", d.bath.top}, {"phi_bath", d.bath.phi_bath}, {"rate", d.bath.rate}}},
          {"extraction_threshold", optional_json(d.extraction_threshold)}};
}

void read_process_state(const nlohmann::json& j, DomainState& d) {
  d.temperature = j.at("temperature_C").get<std::vector<double>>();
  d.chi_temperature = j.at("chi_temperature_C").get<std::vector<double>>();
  const auto& f = j.at("faces");
  d.faces.bottom = json_optional(f.at("bottom_C"));
  d.faces.top = json_optional(f.at("top_C"));
  d.faces.heat_transfer = json_optional(f.at("heat_transfer"));
  const auto& b = j.at("bath");
  d.bath.bottom = b.at("bottom").get<bool>();
  d.bath.top = b.at("top").get<bool>();
  d.bath.phi_bath = b.at("phi_bath").get<double>();
  d.bath.rate = b.at("rate").get<double>();
  d.extraction_threshold = json_optional(j.at("extraction_threshold"));
}

std::vector<std::string> stage_state_names(const Stage::State& state) {
  std::vector<std::string> names;
  for (const auto& [name, values] : state) names.push_back(name);
  return names;
}

nlohmann::json position_json(const PipelinePosition& p, const DomainState& d, long long last_snapshot_step,
                             double initial_mass, const std::array<double, 2>& bath_totals) {
  nlohmann::json stages = nlohmann::json::array();
  for (const StageRecord& s : p.totals.stages)
    stages.push_back({{"index", s.index}, {"kind", s.kind}, {"start", s.start}, {"end", s.end},
                      {"first_step", s.first_step}, {"last_step", s.last_step}, {"lambda_start", s.lambda_start},
                      {"lambda_end", s.lambda_end}, {"parameters", s.parameters}});
  nlohmann::json remeshes = nlohmann::json::array();
  for (const RemeshRecord& r : p.totals.remeshes)
    remeshes.push_back({{"step", r.step}, {"time", r.time}, {"old", grid_json(r.old_grid)}, {"new", grid_json(r.new_grid)}});
  return {{"format", kCheckpointFormat},
          {"step", p.totals.steps},
          {"time", p.totals.time},
          {"dt", p.dt},
          {"stage", p.stage},
          {"stage_begun", p.stage_begun},
          {"stage_start", p.stage_start},
          {"stage_step0", p.stage_step0},
          {"stage_lambda_start", p.stage_lambda_start},
          {"last_snapshot_step", last_snapshot_step},
          {"initial_mass", initial_mass},
          {"bath_exchange_totals", bath_totals},
          {"totals",
           {{"rejected", p.totals.rejected}, {"last_dt", p.totals.last_dt},
            {"dt_min_used", finite_or_null(p.totals.dt_min_used)}, {"dt_max_used", p.totals.dt_max_used},
            {"stages", stages}, {"remeshes", remeshes}}},
          {"domain",
           {{"shape", d.grid.shape}, {"spacing", d.grid.spacing}, {"lambda", d.lambda},
            {"reference_spacing", d.reference_spacing}, {"reference_lambda", d.reference_lambda},
            {"mobility_factor", d.mobility_factor}}},
          {"process", process_state_json(d)},
          {"stage_state", stage_state_names(p.stage_state)}};
}

void fsync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename is what makes the file appear whole
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0 && error != EINVAL && error != EROFS)
    throw IoError(path.string() + ": fsync failed: " + std::strerror(error));
}

std::optional<long long> checkpoint_step(const fs::path& p) {
  static const std::regex pattern(R"(checkpoint_(\d+)\.h5)");
  std::smatch m;
  const std::string name = p.filename().string();
  if (!std::regex_match(name, m, pattern)) return std::nullopt;
  return std::stoll(m[1].str());
}

}  // namespace

fs::path checkpoint_path(const fs::path& dir, long long step) { return dir / fmt::format("checkpoint_{:012}.h5", step); }

fs::path write_checkpoint(const fs::path& dir, const Checkpoint& c, int keep, const Communicator& comm) {
  const fs::path path = checkpoint_path(dir, c.position.totals.steps);
  fs::path tmp = path;
  tmp += ".tmp";
  {
    Hdf5File f = Hdf5File::create(tmp.string(), &comm);
    const Grid& g = c.domain.grid;
    const std::array<std::size_t, 3> shape{std::size_t(g.shape[2]), std::size_t(g.shape[1]), std::size_t(g.shape[0])};
    f.write_raw("phi", c.phi, shape, c.element_bytes, c.phi_planes);
    if (c.pore_mask) {
      const std::size_t plane = shape[1] * shape[2];
      const std::span<const std::uint8_t> mine = std::span<const std::uint8_t>(*c.pore_mask)
                                                     .subspan(c.phi_planes.first * plane, c.phi_planes.count.value_or(shape[0]) * plane);
      f.write_raw("pore", std::as_bytes(mine), shape, 1, c.phi_planes);
    }
    // Small vectors every rank holds alike: rank 0 writes them (the others take part, writing none).
    for (const auto& [name, values] : c.position.stage_state) {
      const std::span<const double> all(values), mine = comm.root() ? all : all.first(0);
      f.write_raw("stage_state/" + name, std::as_bytes(mine), {values.size(), 1, 1}, 8, {0, mine.size()});
    }
    f.write_root_attribute("config_toml", c.config_toml);
    f.write_root_attribute("backend", c.backend);
    f.write_root_attribute("precision", c.precision);
    f.write_root_attribute("porefield_version", version_string());
    f.write_root_attribute("git_revision", git_revision());
    f.write_root_attribute("checkpoint", position_json(c.position, c.domain, c.last_snapshot_step, c.initial_mass, c.bath_totals).dump());
    f.close();
  }
  if (comm.root()) {
    fsync_path(tmp, O_RDONLY);
    replace_file(tmp, path);
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
    // Only now, with the new one complete, do older ones go; the newest is never among them.
    std::vector<fs::path> all = list_checkpoints(dir);
    for (std::size_t i = 0; i + std::size_t(std::max(keep, 1)) < all.size(); ++i) {
      if (all[i] == path) continue;
      std::error_code ec;
      fs::remove(all[i], ec);
    }
  }
  comm.barrier();  // no rank goes on before the checkpoint is in place
  return path;
}

std::vector<fs::path> list_checkpoints(const fs::path& dir) {
  std::vector<std::pair<long long, fs::path>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (auto step = checkpoint_step(e.path()); step && e.is_regular_file(ec)) found.emplace_back(*step, e.path());
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& [step, p] : found) out.push_back(p);
  return out;
}

nlohmann::json checkpoint_metadata(const std::string& text) {
  if (text.empty()) return nullptr;
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

namespace {

// What a checkpoint file holds, as read by libhdf5 and before any of it is interpreted: the part
// of reading that runs in the isolated child process, whose result crosses the pipe once.
struct CheckpointParts {
  std::string metadata, config_toml, backend, precision, version;
  std::array<std::size_t, 3> phi_shape{};
  std::vector<std::byte> phi;
  std::optional<std::vector<std::byte>> pore;
  std::vector<std::pair<std::string, std::vector<std::byte>>> stage_state;
};

nlohmann::json checked_metadata(const std::string& text, const std::string& where) {
  const nlohmann::json j = checkpoint_metadata(text);
  if (!j.is_object() || !j.contains("format"))
    throw InputError(where + ": not a porefield checkpoint (no readable `checkpoint` attribute)");
  if (j.value("format", 0) != kCheckpointFormat)
    throw InputError(fmt::format("{}: checkpoint format {} (this porefield reads format {}: format 2 added the wet-process "
                                 "state and stage state); finish that run with the porefield version that wrote it",
                                 where, j.value("format", 0), kCheckpointFormat));
  return j;
}

CheckpointParts read_parts(const fs::path& path) {
  const Hdf5File f = Hdf5File::open_read(path.string());
  const std::string where = path.string();
  CheckpointParts parts;
  parts.metadata = f.read_root_attribute("checkpoint");
  const nlohmann::json j = checked_metadata(parts.metadata, where);
  parts.config_toml = f.read_root_attribute("config_toml");
  parts.backend = f.read_root_attribute("backend");
  parts.precision = f.read_root_attribute("precision");
  parts.version = f.read_root_attribute("porefield_version");
  if (parts.precision != "float" && parts.precision != "double")
    throw InputError(where + ": unknown precision '" + parts.precision + "'");
  try {
    for (const auto& name : j.at("stage_state"))
      parts.stage_state.emplace_back(name.get<std::string>(), f.read_raw("stage_state/" + name.get<std::string>(), 8));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": corrupt checkpoint metadata: " + e.what());
  }
  parts.phi_shape = f.field_info("phi").shape_zyx;
  parts.phi = f.read_raw("phi", parts.precision == "float" ? 4 : 8);
  if (f.has("pore")) parts.pore = f.read_raw("pore", 1);
  return parts;
}

// Across the pipe: the strings, the shape and the parts' names as the message, every byte array
// (phi, pore, the stage states) as a bulk part, so the 4-8 GB phi of a 1024^3 run is not copied
// into a message on either side (io/isolated_process.hpp).
IsolatedReply encode(const CheckpointParts& parts) {
  ByteWriter w;
  for (const std::string* s : {&parts.metadata, &parts.config_toml, &parts.backend, &parts.precision, &parts.version}) w.put(*s);
  w.put(parts.phi_shape);
  w.put(parts.pore.has_value());
  w.put(parts.stage_state.size());
  for (const auto& entry : parts.stage_state) w.put(entry.first);
  IsolatedReply reply{std::move(w.bytes), {std::span<const std::byte>(parts.phi)}};
  if (parts.pore) reply.bulk.emplace_back(*parts.pore);
  for (const auto& entry : parts.stage_state) reply.bulk.emplace_back(entry.second);
  return reply;
}

// The message's part of the parts, the byte arrays still empty.
CheckpointParts decode(const std::string& message) {
  ByteReader r{message};
  CheckpointParts parts;
  for (std::string* s : {&parts.metadata, &parts.config_toml, &parts.backend, &parts.precision, &parts.version})
    *s = r.get_string();
  parts.phi_shape = r.get<std::array<std::size_t, 3>>();
  if (r.get<bool>()) parts.pore.emplace();
  for (std::size_t n = r.get<std::size_t>(), i = 0; i < n; ++i) parts.stage_state.emplace_back(r.get_string(), std::vector<std::byte>());
  return parts;
}

// Bulk part `part` of encode()'s reply: phi, then pore if any, then the stage states in order.
std::vector<std::byte>& bulk_part(CheckpointParts& parts, std::size_t part) {
  if (part == 0) return parts.phi;
  if (parts.pore && part == 1) return *parts.pore;
  const std::size_t k = part - 1 - (parts.pore ? 1 : 0);
  if (k >= parts.stage_state.size()) throw Error("isolated read: more checkpoint parts than the message names");
  return parts.stage_state[k].second;
}

CheckpointParts read_parts_isolated(const fs::path& path) {
  CheckpointParts read_in_child, received;  // each used on its own side of the fork
  run_isolated(
      path.string(),
      [&] {
        read_in_child = read_parts(path);
        return encode(read_in_child);
      },
      [&](const std::string& message, std::size_t part, std::size_t bytes) {
        if (part == 0) received = decode(message);  // phi, always the first part
        std::vector<std::byte>& into = bulk_part(received, part);
        into.resize(bytes);
        return std::span<std::byte>(into);
      });
  return received;
}

// Interprets what was read: the metadata JSON and the consistency of the datasets with it.
Checkpoint assemble(CheckpointParts&& parts, const std::string& where) {
  const nlohmann::json j = checked_metadata(parts.metadata, where);
  Checkpoint c;
  c.config_toml = std::move(parts.config_toml);
  c.backend = std::move(parts.backend);
  c.precision = std::move(parts.precision);
  c.porefield_version = std::move(parts.version);
  c.element_bytes = c.precision == "float" ? 4 : 8;
  try {
    PipelinePosition& p = c.position;
    p.totals.steps = j.at("step").get<long long>();
    p.totals.time = j.at("time").get<double>();
    p.dt = j.at("dt").get<double>();
    p.stage = j.at("stage").get<std::size_t>();
    p.stage_begun = j.at("stage_begun").get<bool>();
    p.stage_start = j.at("stage_start").get<double>();
    p.stage_step0 = j.at("stage_step0").get<long long>();
    p.stage_lambda_start = j.at("stage_lambda_start").get<std::array<double, 3>>();
    c.last_snapshot_step = j.at("last_snapshot_step").get<long long>();
    c.initial_mass = j.at("initial_mass").get<double>();
    c.bath_totals = j.at("bath_exchange_totals").get<std::array<double, 2>>();
    const auto& t = j.at("totals");
    p.totals.rejected = t.at("rejected").get<long long>();
    p.totals.last_dt = t.at("last_dt").get<double>();
    p.totals.dt_min_used = number_or_inf(t.at("dt_min_used"));
    p.totals.dt_max_used = t.at("dt_max_used").get<double>();
    for (const auto& s : t.at("stages")) {
      StageRecord r;
      r.index = s.at("index").get<std::size_t>();
      r.kind = s.at("kind").get<std::string>();
      r.start = s.at("start").get<double>();
      r.end = s.at("end").get<double>();
      r.first_step = s.at("first_step").get<long long>();
      r.last_step = s.at("last_step").get<long long>();
      r.lambda_start = s.at("lambda_start").get<std::array<double, 3>>();
      r.lambda_end = s.at("lambda_end").get<std::array<double, 3>>();
      r.parameters = s.at("parameters");
      p.totals.stages.push_back(r);
    }
    for (const auto& s : t.at("remeshes")) {
      RemeshRecord r;
      r.step = s.at("step").get<long long>();
      r.time = s.at("time").get<double>();
      r.old_grid.shape = s.at("old").at("shape").get<std::array<int, 3>>();
      r.old_grid.spacing = s.at("old").at("spacing").get<std::array<double, 3>>();
      r.new_grid.shape = s.at("new").at("shape").get<std::array<int, 3>>();
      r.new_grid.spacing = s.at("new").at("spacing").get<std::array<double, 3>>();
      p.totals.remeshes.push_back(r);
    }
    const auto& d = j.at("domain");
    c.domain.grid.shape = d.at("shape").get<std::array<int, 3>>();
    c.domain.grid.spacing = d.at("spacing").get<std::array<double, 3>>();
    c.domain.lambda = d.at("lambda").get<std::array<double, 3>>();
    c.domain.reference_spacing = d.at("reference_spacing").get<std::array<double, 3>>();
    c.domain.reference_lambda = d.at("reference_lambda").get<std::array<double, 3>>();
    c.domain.mobility_factor = d.at("mobility_factor").get<double>();
    read_process_state(j.at("process"), c.domain);
    for (const auto& [name, bytes] : parts.stage_state) {
      std::vector<double>& values = p.stage_state[name];
      values.resize(bytes.size() / 8);
      std::memcpy(values.data(), bytes.data(), values.size() * 8);
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": corrupt checkpoint metadata: " + e.what());
  }
  const Grid& g = c.domain.grid;
  if (parts.phi_shape != std::array<std::size_t, 3>{std::size_t(g.shape[2]), std::size_t(g.shape[1]), std::size_t(g.shape[0])})
    throw InputError(where + ": dataset 'phi' does not have the checkpoint's grid shape");
  c.phi = std::move(parts.phi);
  if (parts.pore) {
    if (parts.pore->size() != g.voxels()) throw InputError(where + ": dataset 'pore' does not have the checkpoint's grid shape");
    c.pore_mask = std::vector<std::uint8_t>(parts.pore->size());
    std::memcpy(c.pore_mask->data(), parts.pore->data(), parts.pore->size());
  }
  return c;
}

}  // namespace

Checkpoint read_checkpoint(const fs::path& path) {
  // libhdf5 reads in a child process: a checkpoint named on the command line may be anyone's
  // file, and a crash of libhdf5 on a corrupt one must be an error message
  // (io/isolated_process.hpp). The child sends what it read back through the pipe, so the file
  // is read once. Not under MPI with several ranks: fork() after MPI_Init is unsafe on some
  // network transports (InfiniBand verbs), and such a run restarts from its own collective
  // checkpoints.
  if (world().size() == 1)
    return assemble(read_parts_isolated(path), path.string());
  return assemble(read_parts(path), path.string());
}

std::string config_without_output(const std::string& text) {
  toml::table t;
  try {
    t = toml::parse(text);
  } catch (const toml::parse_error&) {
    return text;
  }
  t.erase("output");
  std::ostringstream out;
  out << t;
  return out.str();
}

}  // namespace pf
