// porefield analyze: pore metrics of a stored volume (MODEL.md §7), as JSON and Markdown.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

#include "io/atomic_file.hpp"
#include "io/hdf5_file.hpp"
#include "io/isolated_hdf5.hpp"
#include "io/vtk/hdf5_source.hpp"
#include "io/vtk/vtk_export.hpp"
#include "solver/cli/commands.hpp"
#include "solver/core/errors.hpp"
#include "solver/pore_volume_analysis.hpp"

namespace pf::cli {

namespace {

struct AnalyzeArgs {
  std::string file, dataset = "phi", json_path, markdown_path, vtk_dir, backend = "auto";
  std::optional<double> pore_below, pore_above, length_unit_um;
  std::vector<double> spacing;
  int connectivity = 26;
  bool no_tortuosity = false, force = false;
};

namespace fs = std::filesystem;

constexpr const char* pores_vtp = "pores.vtp";
constexpr const char* local_thickness_vti = "local_thickness.vti";
constexpr const char* through_holes_vtp = "through_holes.vtp";

// Before any work: VTK is built in, and DIR's files are new unless --force.
void check_vtk_dir(const fs::path& dir, bool force) {
  vtk::require_available("--vtk");
  if (!fs::exists(dir)) return;
  if (!fs::is_directory(dir)) throw InputError("--vtk " + dir.string() + ": exists and is not a directory");
  for (const char* name : {pores_vtp, local_thickness_vti, through_holes_vtp}) vtk::check_new_file(dir / name, force);
}

// pores.vtp (the pore surface), local_thickness.vti (sizes, mask, through-hole ids) and
// through_holes.vtp (the through-hole skeleton), on the grid of the analysed field (its length unit), so they
// overlay the run's fields.xdmf in ParaView; sizes in um (or the file's unit when it has none).
void write_vtk_dir(const fs::path& dir, const FieldData& data, const AnalyzeArgs& a, const PoreVolumeRequest& request,
                   const analysis::PoreReport& report, const PoreVolumeFields& fields, double unit_um) {
  fs::create_directories(dir);
  vtk::ImageGrid grid = vtk::grid_of(data);
  for (int d = 0; d < 3; ++d) grid.spacing_zyx[d] = request.spacing_zyx_um[d] / unit_um;
  vtk::FileMetadata meta = vtk::metadata_of(data, a.file, a.dataset);
  // The unit the analysis used: --length-unit-um wins over the file's.
  std::erase_if(meta.numbers, [](const auto& n) { return n.first == "length_unit_um"; });
  const bool in_um = a.length_unit_um || data.attributes.length_unit_um > 0;
  if (in_um) meta.numbers.emplace_back("length_unit_um", unit_um);
  meta.strings.emplace_back("size_unit", in_um ? "um" : data.attributes.length_unit);

  // The surface of the rule that made the mask: the field's level set, or the mask's half-way level.
  if (request.threshold) {
    vtk::write_isosurface(dir / pores_vtp, grid, {a.dataset, std::span<const double>(data.values), true},
                          request.threshold->level, meta);
  } else {
    vtk::write_isosurface(dir / pores_vtp, grid, {"pore", std::span<const std::uint8_t>(fields.pore.data)}, 0.5, meta);
  }

  const auto& holes = report.through_holes.items;
  std::vector<std::int32_t> hole_of_label(std::size_t(report.component_count) + 1, 0);
  for (std::size_t h = 0; h < holes.size(); ++h) hole_of_label[std::size_t(holes[h].label)] = std::int32_t(h) + 1;
  std::vector<std::int32_t> hole(fields.volumes.components.data.size());
  for (std::size_t i = 0; i < hole.size(); ++i) hole[i] = hole_of_label[std::size_t(fields.volumes.components.data[i])];
  vtk::write_image(dir / local_thickness_vti, grid,
                   {{"local_thickness", std::span<const double>(fields.volumes.local_thickness_um.data), true},
                    {"pore", std::span<const std::uint8_t>(fields.pore.data)},
                    {"through_hole", std::span<const std::int32_t>(hole)}},
                   meta);
  const bool periodic = analysis::AnalysisOptions{}.periodic_xy;  // as analyze_volume labelled them
  const analysis::HoleSkeleton skeleton = analysis::hole_skeleton(
      fields.volumes.components, report.through_holes, fields.volumes.local_thickness_um, request.connectivity, periodic);
  vtk::write_hole_skeleton(dir / through_holes_vtp, grid, report.through_holes, skeleton, periodic, meta);
}

// Micrometres per length unit: --length-unit-um, else the file's length_unit_um, else 1 with a note.
double length_unit_um(const AnalyzeArgs& a, const FieldAttributes& attrs) {
  const double unit = a.length_unit_um.value_or(attrs.length_unit_um);
  if (unit > 0) return unit;
  fmt::print(stderr, "porefield: note: {} has no length_unit_um; sizes are reported in its length unit "
                     "(pass --length-unit-um U to convert)\n", a.file);
  return 1;
}

// Spacing in um: --spacing (in the file's length unit) or the dataset's attribute, times `unit`.
std::array<double, 3> spacing_um(const AnalyzeArgs& a, const FieldAttributes& attrs, double unit) {
  std::array<double, 3> h = attrs.spacing_zyx;
  if (!a.spacing.empty()) {
    if (a.spacing.size() != 3) throw InputError("--spacing: expected three numbers hz,hy,hx");
    h = {a.spacing[0], a.spacing[1], a.spacing[2]};
  }
  for (double v : h)
    if (!(v > 0) || !std::isfinite(v)) throw InputError(fmt::format("--spacing / spacing attribute: {} is not > 0", v));
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
  cmd->add_option("--backend", a->backend, "Where the distance transform, local thickness, labelling and tortuosity run (auto: the GPU when one is usable; same results, docs/analysis.md)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  cmd->add_flag("--no-tortuosity", a->no_tortuosity, "Skip the diffusion solve (and Gurley/moisture)");
  cmd->add_option("--json", a->json_path, "Write the report as JSON")->required();
  cmd->add_option("--markdown", a->markdown_path, "Also write a Markdown summary");
  cmd->add_option("--vtk", a->vtk_dir, "Also write pores.vtp, local_thickness.vti and through_holes.vtp into DIR");
  cmd->add_flag("--force", a->force, "Replace existing VTK files in the --vtk directory (refused otherwise)");
  return [cmd, a] {
    if (!cmd->parsed()) return;
    PoreVolumeRequest request;
    request.backend = resolve_analysis_backend(a->backend);
    if (!a->vtk_dir.empty()) check_vtk_dir(a->vtk_dir, a->force);
    if (a->pore_below) request.threshold = analysis::PoreThreshold{analysis::PoreSide::below, *a->pore_below};
    if (a->pore_above) request.threshold = analysis::PoreThreshold{analysis::PoreSide::above, *a->pore_above};
    // A uint8 mask is read as it is stored (1 byte a voxel); a field is thresholded in the reading
    // process, so only its mask crosses, unless --vtk needs the field for the pore surface.
    std::function<void(FieldData&)> threshold_in_child;
    if (request.threshold && a->vtk_dir.empty())
      threshold_in_child = [&](FieldData& f) {
        f.bytes = thresholded_bytes(f.values, request);
        std::vector<double>().swap(f.values);
      };
    FieldData data = read_field_isolated(a->file, a->dataset, request.threshold ? FieldValues::doubles : FieldValues::bytes_if_uint8,
                                         threshold_in_child);
    if (!request.threshold && !data.is_integer)
      throw InputError(fmt::format("{}: dataset '{}' is a float field; pass --pore-below X or --pore-above X", a->file,
                                   a->dataset));
    const double unit_um = length_unit_um(*a, data.attributes);
    request.spacing_zyx_um = spacing_um(*a, data.attributes, unit_um);
    request.connectivity = a->connectivity;
    request.tortuosity = !a->no_tortuosity;
    PoreVolumeFields fields;
    analysis::Mask mask = data.bytes.empty() ? pore_mask_of(data.values, data.shape_zyx, data.is_integer, request)
                                             : pore_mask_of(data.bytes, data.shape_zyx);
    const analysis::PoreReport report = analyze_mask(std::move(mask), request, a->vtk_dir.empty() ? nullptr : &fields);
    nlohmann::json j = analysis::to_json(report);
    j["source"] = {{"file", a->file}, {"dataset", a->dataset}, {"time", data.attributes.time}, {"step", data.attributes.step}};
    write_file_atomically(a->json_path, j.dump(2) + "\n");
    const std::string md = analysis::to_markdown(report);
    if (!a->markdown_path.empty()) write_file_atomically(a->markdown_path, md);
    if (!a->vtk_dir.empty()) write_vtk_dir(a->vtk_dir, data, *a, request, report, fields, unit_um);
    fmt::print("{}", md);
  };
}

}  // namespace pf::cli
