// porefield info FILE.h5 [--json]: what an HDF5 file of porefield (or any HDF5 file) holds.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "io/hdf5_file.hpp"
#include "io/isolated_process.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/run/checkpoint.hpp"

namespace pf::cli {

namespace {

struct InfoArgs {
  std::string path;
  bool json = false;
};

nlohmann::json file_json(const Hdf5File& f) {
  nlohmann::json j;
  j["file"] = f.path();
  nlohmann::json attrs = nlohmann::json::object();
  for (const std::string& name : f.root_attribute_names()) {
    if (name == "config_toml" || name == "checkpoint") continue;
    attrs[name] = f.read_root_attribute(name);
  }
  j["attributes"] = attrs;
  const std::string config = f.read_root_attribute("config_toml");
  j["config_embedded"] = !config.empty();
  if (!config.empty()) j["config_toml"] = config;
  const nlohmann::json checkpoint = checkpoint_metadata(f.read_root_attribute("checkpoint"));
  j["checkpoint"] = checkpoint;
  nlohmann::json datasets = nlohmann::json::array();
  for (const DatasetSummary& d : f.list_datasets()) {
    nlohmann::json e = {{"name", d.name}, {"shape", d.shape}, {"dtype", d.dtype}};
    if (d.time) e["time"] = *d.time;
    if (d.step) e["step"] = (long long)*d.step;
    if (d.spacing_zyx) e["spacing_zyx"] = *d.spacing_zyx;
    if (!d.length_unit.empty()) e["length_unit"] = d.length_unit;
    datasets.push_back(e);
  }
  j["datasets"] = datasets;
  return j;
}

std::string human(const nlohmann::json& j) {
  std::string out = fmt::format("file        {}\n", j["file"].get<std::string>());
  for (const auto& [name, value] : j["attributes"].items())
    out += fmt::format("{:<11} {}\n", name, value.get<std::string>());
  out += fmt::format("config      {}\n", j["config_embedded"].get<bool>() ? "embedded (config_toml)" : "none");
  const nlohmann::json& ck = j["checkpoint"];
  if (ck.is_object()) {
    out += fmt::format("checkpoint  step {}, t = {:.10g}, next dt = {:.6g}, stage {} ({}), cumulative lambda ({})\n",
                       ck.value("step", 0LL), ck.value("time", 0.0), ck.value("dt", 0.0), ck.value("stage", 0),
                       ck.value("stage_begun", false) ? "in progress" : "not begun",
                       ck.contains("domain") ? fmt::format("{:.6g}", fmt::join(ck["domain"]["lambda"].get<std::vector<double>>(), ", ")) : "");
    if (ck.contains("domain"))
      out += fmt::format("            grid {} spacing ({:.6g}), mobility factor {:.6g}\n",
                         fmt::join(ck["domain"]["shape"].get<std::vector<int>>(), " x "),
                         fmt::join(ck["domain"]["spacing"].get<std::vector<double>>(), ", "),
                         ck["domain"].value("mobility_factor", 1.0));
  }
  out += fmt::format("datasets    {}\n", j["datasets"].size());
  for (const auto& d : j["datasets"]) {
    out += fmt::format("  /{:<28} {:<8} ({})", d["name"].get<std::string>(), d["dtype"].get<std::string>(),
                       fmt::join(d["shape"].get<std::vector<std::size_t>>(), ", "));
    if (d.contains("step")) out += fmt::format("  step {}", d["step"].get<long long>());
    if (d.contains("time")) out += fmt::format("  t = {:.6g}", d["time"].get<double>());
    if (d.contains("spacing_zyx"))
      out += fmt::format("  spacing (z, y, x) ({:.6g})", fmt::join(d["spacing_zyx"].get<std::vector<double>>(), ", "));
    if (d.contains("length_unit")) out += fmt::format("  unit {}", d["length_unit"].get<std::string>());
    out += "\n";
  }
  return out;
}

}  // namespace

Action add_info_command(CLI::App& app) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand("info", "Describe an HDF5 file: datasets, steps and times, grid, attributes, checkpoint");
  cmd->add_option("file", args->path, "HDF5 file (fields.h5, final.h5, checkpoint_*.h5, ...)")->required();
  cmd->add_flag("--json", args->json, "Print JSON instead of text");
  return [cmd, args] {
    if (!cmd->parsed()) return;
    // Read in a child process: a crash of libhdf5 on a hostile file becomes an error message.
    const nlohmann::json j = nlohmann::json::parse(
        run_isolated(args->path, [&] {
          // A file's strings need not be UTF-8 (a corrupt or foreign file): invalid bytes become U+FFFD.
          return file_json(Hdf5File::open_read(args->path)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }));
    if (args->json)
      fmt::print("{}\n", j.dump(2));
    else
      fmt::print("{}", human(j));
  };
}

}  // namespace pf::cli
