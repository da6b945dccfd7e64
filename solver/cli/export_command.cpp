// porefield export FILE.h5 --dataset NAME --vti OUT.vti: one stored field as a VTK image for ParaView.
#include <fmt/format.h>

#include "io/hdf5_file.hpp"
#include "io/isolated_hdf5.hpp"
#include "io/vtk/hdf5_source.hpp"
#include "io/vtk/vtk_export.hpp"
#include "solver/cli/commands.hpp"

namespace pf::cli {

namespace {

struct ExportArgs {
  std::string file, dataset = "phi", vti;
  bool force = false;
};

// The array is named after the dataset's last path component ("snapshots/00000100/phi" -> "phi").
std::string array_name(const std::string& dataset) { return dataset.substr(dataset.find_last_of('/') + 1); }

}  // namespace

Action add_export_command(CLI::App& app) {
  auto a = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Write one field of an HDF5 file as a VTK image (.vti) for ParaView");
  cmd->add_option("file", a->file, "HDF5 file (final.h5, fields.h5, ...)")->required();
  cmd->add_option("--dataset", a->dataset, "Dataset, e.g. phi, pore or snapshots/00000100/phi")->capture_default_str();
  cmd->add_option("--vti", a->vti, "Output .vti file")->required();
  cmd->add_flag("--force", a->force, "Replace an existing output file (refused otherwise)");
  return [cmd, a] {
    if (!cmd->parsed()) return;
    vtk::require_available("porefield export");
    vtk::check_new_file(a->vti, a->force);
    const FieldData field = read_field_isolated(a->file, a->dataset);
    // Keep the stored type: float32 stays float32, a uint8 mask stays uint8.
    std::vector<std::uint8_t> bytes;
    vtk::PointArray array{array_name(a->dataset), std::span<const double>(field.values), field.element_bytes <= 4};
    if (field.is_integer && field.element_bytes == 1) {
      bytes.assign(field.values.begin(), field.values.end());
      array.values = std::span<const std::uint8_t>(bytes);
    }
    vtk::write_image(a->vti, vtk::grid_of(field), {array}, vtk::metadata_of(field, a->file, a->dataset));
    fmt::print("wrote {}: '{}' on {} x {} x {} points (x, y, z), spacing ({:.6g}, {:.6g}, {:.6g}) {}\n", a->vti, array.name,
               field.shape_zyx[2], field.shape_zyx[1], field.shape_zyx[0], field.attributes.spacing_zyx[2],
               field.attributes.spacing_zyx[1], field.attributes.spacing_zyx[0], field.attributes.length_unit);
  };
}

}  // namespace pf::cli
