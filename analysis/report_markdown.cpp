// to_markdown(PoreReport): a short summary for people; the JSON form is the one for programs.
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "analysis/report.hpp"

namespace pf::analysis {
namespace {

std::string value(double v, const char* unit = "") {
  return std::isfinite(v) ? fmt::format("{:.4g}{}", v, unit) : std::string("n/a");
}

std::string layer_row(const char* name, const SurfaceLayerMetrics& m) {
  return fmt::format("| {} | {} | {} | {} | {} |\n", name, value(m.a_um, " um"), value(m.b_um, " um"),
                     m.ratio ? value(*m.ratio) : "n/a", m.claim4_holds ? "yes" : "no");
}

}  // namespace

std::string to_markdown(const PoreReport& r) {
  std::string md = "# Pore analysis\n\n";
  md += fmt::format("Volume {} x {} x {} voxels (z, y, x), spacing {} x {} x {} um, thickness {}.\n\n", r.shape.nz,
                    r.shape.ny, r.shape.nx, r.spacing.hz, r.spacing.hy, r.spacing.hx, value(r.thickness_um, " um"));
  md += fmt::format("- Porosity: {}\n", value(r.porosity));
  md += fmt::format("- Mean pore size (local thickness): {}\n", value(r.mean_pore_size_um, " um"));
  md += fmt::format("- Pore components: {}\n", r.component_count);
  if (r.tortuosity) {
    md += fmt::format("- Tortuosity factor: {}{}\n", value(r.tortuosity->tortuosity),
                      r.tortuosity->percolates ? "" : " (no path between the faces)");
    md += fmt::format("- Gurley: {}\n", value(r.gurley_s_per_100ml.value_or(NAN), " s/100 mL"));
    md += fmt::format("- Moisture permeability: {}\n", value(r.moisture_g_per_m2_day.value_or(NAN), " g/m2/24h"));
  }
  md += "\n## Surface layers (claim 4: a in 0.05-50 um, b in 0.01-30 um, b < a)\n\n";
  md += "| surface | a | b | a/b | claim 4 |\n|---|---|---|---|---|\n";
  md += layer_row("top (z = d)", r.surface_layers.top);
  md += layer_row("bottom (z = 0)", r.surface_layers.bottom);

  const auto& holes = r.through_holes.items;
  md += fmt::format("\n## Through-holes\n\n{} through-hole{}, holding {:.1f} % of the pore volume.\n", holes.size(),
                    holes.size() == 1 ? "" : "s", 100.0 * r.through_holes.through_porosity_fraction);
  std::map<std::string, int> shapes;
  for (const ThroughHole& h : holes) ++shapes[to_string(h.shape)];
  for (const auto& [name, n] : shapes) md += fmt::format("- {}: {}\n", name, n);
  return md;
}

}  // namespace pf::analysis
