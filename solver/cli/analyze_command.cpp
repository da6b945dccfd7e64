// porefield analyze: pore metrics of a stored volume (MODEL.md §7), as JSON and Markdown.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "io/atomic_file.hpp"
#include "io/hdf5_file.hpp"
#include "io/isolated_hdf5.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/pore_volume_analysis.hpp"

namespace pf::cli {

namespace {

struct AnalyzeArgs {
  std::string file, dataset = "phi", json_path, markdown_path;
  std::optional<double> pore_below, pore_above, length_unit_um;
  std::vector<double> spacing;
  int connectivity = 26;
  bool no_tortuosity = false;
};

// Spacing in um: --spacing (in the file's length unit) or the dataset's attribute, times the
// length unit (--length-unit-um, else the file's length_unit_um, else 1 with a note).
std::array<double, 3> spacing_um(const AnalyzeArgs& a, const FieldAttributes& attrs) {
  std::array<double, 3> h = attrs.spacing_zyx;
  if (!a.spacing.empty()) {
    if (a.spacing.size() != 3) throw InputError("--spacing: expected three numbers hz,hy,hx");
    h = {a.spacing[0], a.spacing[1], a.spacing[2]};
  }
  for (double v : h)
    if (!(v > 0) || !std::isfinite(v)) throw InputError(fmt::format("--spacing / spacing attribute: {} is not > 0", v));
  double unit = a.length_unit_um.value_or(attrs.length_unit_um);
  if (unit <= 0) {
    fmt::print(stderr, "porefield: note: {} has no length_unit_um; sizes are reported in its length unit "
                       "(pass --length-unit-um U to convert)\n", a.file);
    unit = 1;
  }
  return {h[0] * unit, h[1] * unit, h[2] * unit};
}

}  // namespace

Action add_analyze_command(CLI::App& app) {
  auto a = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand("analyze", "Pore metrics of a volume in an HDF5 file");
  cmd->add_option("file", a->file, "HDF5 file")->required();
  cmd->add_option("--dataset", a->dataset, "Dataset: a uint8 pore mask (1 = pore) or a float field")->capture_default_str();
  auto* below = cmd->add_option("--pore-below", a->pore_below, "Float field: pore where value < X");
  cmd->add_option("--pore-above", a->pore_above, "Float field: pore where value > X")->excludes(below);
  cmd->add_option("--spacing", a->spacing, "Voxel spacing hz,hy,hx in the file's length unit")->delimiter(',');
  cmd->add_option("--length-unit-um", a->length_unit_um, "Micrometres per length unit")->check(CLI::PositiveNumber);
  cmd->add_option("--connectivity", a->connectivity, "Pore connectivity")->check(CLI::IsMember({6, 26}))->capture_default_str();
  cmd->add_flag("--no-tortuosity", a->no_tortuosity, "Skip the diffusion solve (and Gurley/moisture)");
  cmd->add_option("--json", a->json_path, "Write the report as JSON")->required();
  cmd->add_option("--markdown", a->markdown_path, "Also write a Markdown summary");
  return [cmd, a] {
    if (!cmd->parsed()) return;
    const FieldData data = read_field_isolated(a->file, a->dataset);
    PoreVolumeRequest request;
    if (a->pore_below) request.threshold = analysis::PoreThreshold{analysis::PoreSide::below, *a->pore_below};
    if (a->pore_above) request.threshold = analysis::PoreThreshold{analysis::PoreSide::above, *a->pore_above};
    if (!request.threshold && !data.is_integer)
      throw InputError(fmt::format("{}: dataset '{}' is a float field; pass --pore-below X or --pore-above X", a->file,
                                   a->dataset));
    request.spacing_zyx_um = spacing_um(*a, data.attributes);
    request.connectivity = a->connectivity;
    request.tortuosity = !a->no_tortuosity;
    const analysis::PoreReport report = analyze_volume(data.values, data.shape_zyx, data.is_integer, request);
    nlohmann::json j = analysis::to_json(report);
    j["source"] = {{"file", a->file}, {"dataset", a->dataset}, {"time", data.attributes.time}, {"step", data.attributes.step}};
    write_file_atomically(a->json_path, j.dump(2) + "\n");
    const std::string md = analysis::to_markdown(report);
    if (!a->markdown_path.empty()) write_file_atomically(a->markdown_path, md);
    fmt::print("{}", md);
  };
}

}  // namespace pf::cli
