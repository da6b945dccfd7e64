#include "solver/sweep/collect.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "io/atomic_file.hpp"
#include "solver/core/errors.hpp"
#include "solver/sweep/local_runner.hpp"
#include "solver/sweep/sweep_plan.hpp"

namespace pf {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Result columns and where they come from: run.json (a JSON pointer) ...
const std::vector<std::pair<const char*, const char*>> run_columns = {
    {"steps", "/result/steps"},
    {"time", "/result/time"},
    {"free_energy", "/result/free_energy"},
    {"mass", "/result/mass"},
    {"mass_change_relative", "/result/mass_change_relative"},
    {"rejected_steps", "/result/rejected_steps"},
    {"wall_seconds", "/timings/wall_seconds"},
    {"backend", "/backend"},
};

// ... and pore_report.json (pointer) or, without it, analysis.csv (column of its final row).
struct AnalysisColumn {
  const char* name;
  const char* report_pointer;
  const char* analysis_csv_column;
};
const std::vector<AnalysisColumn> analysis_columns = {
    {"porosity", "/porosity", "porosity"},
    {"mean_pore_size_um", "/mean_pore_size", "mean_pore_size_um"},
    {"a_top_um", "/surface_layers/top/a", "a_top_um"},
    {"b_top_um", "/surface_layers/top/b", "b_top_um"},
    {"ratio_top", "/surface_layers/top/ratio", "ratio_top"},
    {"a_bottom_um", "/surface_layers/bottom/a", "a_bottom_um"},
    {"b_bottom_um", "/surface_layers/bottom/b", "b_bottom_um"},
    {"ratio_bottom", "/surface_layers/bottom/ratio", "ratio_bottom"},
    {"through_holes", "/through_holes/count", "through_holes"},
    {"through_porosity_fraction", "/through_holes/through_porosity_fraction", "through_porosity_fraction"},
    {"tortuosity", "/tortuosity", "tortuosity"},
    {"gurley_s_per_100ml", "/gurley_s_per_100ml", "gurley_s_per_100ml"},
    {"moisture_g_per_m2_day", "/moisture_g_per_m2_day", "moisture_g_per_m2_day"},
    {"moisture_cup_g_per_m2_day", "/moisture_cup_g_per_m2_day", "moisture_cup_g_per_m2_day"},
};

std::string text_of(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  return v.dump();
}

json read_json(const fs::path& p) {
  std::ifstream in(p);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", p.string(), e.what()));
  }
}

std::string field(const json& j, const char* pointer) {
  const json::json_pointer ptr(pointer);
  return j.contains(ptr) ? text_of(j.at(ptr)) : "";
}

// analysis.csv's header and its final row, as name -> text.
std::map<std::string, std::string> final_analysis_row(const fs::path& p) {
  std::ifstream in(p);
  std::string header, line, last;
  if (!std::getline(in, header)) return {};
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  std::map<std::string, std::string> row;
  if (last.empty()) return row;
  const auto names = split_csv_line(header), values = split_csv_line(last);
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) row[names[i]] = values[i];
  return row;
}

}  // namespace

CollectSummary collect_sweep(const fs::path& sweep_dir, fs::path csv) {
  const fs::path points_csv = sweep_dir / "points.csv";
  std::ifstream in(points_csv);
  if (!in) throw InputError(fmt::format("{}: no points.csv: not a sweep directory (see porefield sweep)", sweep_dir.string()));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split_csv_line(line);
  if (header.size() < 2 || header[0] != "point" || header[1] != "dir")
    throw InputError(fmt::format("{}:1: expected the header point,dir,<axis keys>", points_csv.string()));

  std::string out;
  out += "point,dir,status";
  for (std::size_t i = 2; i < header.size(); ++i) append_field(out, header[i]);
  for (const auto& [name, pointer] : run_columns) append_field(out, name);
  for (const auto& c : analysis_columns) append_field(out, c.name);
  out += ",error\n";

  CollectSummary summary;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    const std::vector<std::string> row = split_csv_line(line);
    if (row.size() != header.size())
      throw InputError(fmt::format("{}:{}: {} fields, the header has {}", points_csv.string(), line_number, row.size(),
                                   header.size()));
    const fs::path point_dir = sweep_dir / row[1];
    const fs::path run_dir = point_output_dir(sweep_dir, row[1]);
    const bool finished = fs::exists(run_dir / "run.json");
    const std::string error = finished ? "" : last_line_of(point_dir / "error.txt");
    const char* status = finished ? "finished" : !error.empty() ? "failed" : "pending";
    (finished ? summary.finished : !error.empty() ? summary.failed : summary.pending)++;

    out += csv_field(row[0]);
    append_field(out, row[1]);
    append_field(out, status);
    for (std::size_t i = 2; i < row.size(); ++i) append_field(out, row[i]);
    const json run = finished ? read_json(run_dir / "run.json") : json::object();
    for (const auto& [name, pointer] : run_columns) append_field(out, field(run, pointer));
    const bool has_report = finished && fs::exists(run_dir / "pore_report.json");
    const json report = has_report ? read_json(run_dir / "pore_report.json") : json::object();
    const auto analysis = finished && !has_report && fs::exists(run_dir / "analysis.csv")
                              ? final_analysis_row(run_dir / "analysis.csv")
                              : std::map<std::string, std::string>{};
    for (const auto& c : analysis_columns) {
      std::string v;
      if (has_report) v = field(report, c.report_pointer);
      else if (const auto it = analysis.find(c.analysis_csv_column); it != analysis.end()) v = it->second;
      append_field(out, v);
    }
    append_field(out, error);
    out += '\n';
  }
  if (csv.empty()) csv = sweep_dir / "collected.csv";
  write_file_atomically(csv, out);
  summary.csv = csv;
  return summary;
}

}  // namespace pf
