#include "solver/run/in_process_analysis.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "io/atomic_file.hpp"
#include "kernels/communicator.hpp"
#include "solver/core/errors.hpp"
#include "solver/pore_volume_analysis.hpp"

namespace pf {

namespace {
std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.10g}", v) : ""; }
std::string csv_number(const std::optional<double>& v) { return v ? csv_number(*v) : ""; }
}  // namespace

InProcessAnalysis::InProcessAnalysis(const std::filesystem::path& dir, const Config& config,
                                     analysis::AnalysisBackend backend, bool append)
    : dir_(dir), config_(config), backend_(backend) {
  // Under MPI rank 0 analyses the gathered field and writes; the others only gather.
  if (!enabled() || !world().root()) return;
  if (append && std::filesystem::exists(dir / "analysis.csv")) {
    csv_.open(dir / "analysis.csv", std::ios::app);
    if (!csv_) throw InputError((dir / "analysis.csv").string() + ": cannot write");
    return;
  }
  csv_.open(dir / "analysis.csv");
  if (!csv_) throw InputError((dir / "analysis.csv").string() + ": cannot write");
  csv_ << "step,time,porosity,mean_pore_size_um,a_top_um,b_top_um,ratio_top,a_bottom_um,b_bottom_um,ratio_bottom,"
          "through_holes,through_porosity_fraction,tortuosity,gurley_s_per_100ml,moisture_g_per_m2_day\n";
}

bool InProcessAnalysis::due(long long step, bool final_step) const {
  if (!enabled()) return false;
  const int every = config_.analysis.every > 0 ? config_.analysis.every : config_.output.every;
  return final_step || step % every == 0;
}

void InProcessAnalysis::analyze(long long step, double time, const std::vector<double>& phi, const Grid& g,
                                bool final_step, const std::vector<std::uint8_t>* pore) {
  if (!world().root()) return;
  const AnalysisConfig& a = config_.analysis;
  PoreVolumeRequest request;
  if (!pore)
    request.threshold = analysis::PoreThreshold{a.pore_below ? analysis::PoreSide::below : analysis::PoreSide::above, a.threshold};
  const double unit = g.length_unit_um > 0 ? g.length_unit_um : 1.0;
  request.spacing_zyx_um = {g.spacing[2] * unit, g.spacing[1] * unit, g.spacing[0] * unit};
  request.connectivity = a.connectivity;
  request.tortuosity = a.tortuosity;
  request.backend = backend_;
  const std::array<std::size_t, 3> shape{std::size_t(g.shape[2]), std::size_t(g.shape[1]), std::size_t(g.shape[0])};
  const auto r = pore ? analyze_mask(pore_mask_of(*pore, shape), request) : analyze_volume(phi, shape, false, request);
  const auto& top = r.surface_layers.top;
  const auto& bottom = r.surface_layers.bottom;
  csv_ << fmt::format("{},{:.17g},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", step, time, csv_number(r.porosity),
                      csv_number(r.mean_pore_size_um), csv_number(top.a_um), csv_number(top.b_um), csv_number(top.ratio),
                      csv_number(bottom.a_um), csv_number(bottom.b_um), csv_number(bottom.ratio),
                      r.through_holes.items.size(), csv_number(r.through_holes.through_porosity_fraction),
                      csv_number(r.tortuosity ? r.tortuosity->tortuosity : NAN), csv_number(r.gurley_s_per_100ml),
                      csv_number(r.moisture_g_per_m2_day));
  csv_.flush();
  if (final_step) {
    nlohmann::json j = analysis::to_json(r);
    j["source"] = {{"file", "final.h5"}, {"dataset", pore ? "pore" : "phi"}, {"time", time}, {"step", step}};
    write_file_atomically(dir_ / "pore_report.json", j.dump(2) + "\n");
    write_file_atomically(dir_ / "pore_report.md", analysis::to_markdown(r));
  }
}

}  // namespace pf
