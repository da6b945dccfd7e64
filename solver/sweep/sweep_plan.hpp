#pragma once
// A parameter study: a base config plus [[axis]] tables in a sweep file (configs/sweeps/),
// expanded into one complete, validated config per point. See docs/hpc.md for the format.
#include <filesystem>
#include <string>
#include <vector>

namespace pf {

struct SweepAxis {
  std::string key;                  // dotted path into the base config, e.g. "model.chi_B"
  std::string group;                // axes of one group vary together (zip); groups combine as a product
  std::vector<std::string> values;  // each value as TOML text ("600.0", "[16, 16, 8]", "\"file\"")
};

struct SweepPoint {
  int index = 0;
  std::string dir_name;             // "point_0007"
  std::vector<std::string> values;  // one per axis, TOML text, in axis order
  std::string config_toml;          // the point's complete config
};

struct SweepPlan {
  std::filesystem::path sweep_file;  // as given
  std::filesystem::path base_file;   // resolved relative to the sweep file
  std::filesystem::path output_dir;  // absolute
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;
};

// The output directory a sweep file asks for (`output = "..."`, relative to the working
// directory), or runs/<sweep file stem> when it names none.
std::filesystem::path default_sweep_output(const std::filesystem::path& sweep_file);

// Reads the sweep file and its base config, expands the axes and substitutes every point's
// values into the base TOML. Every point's config is validated as `porefield run` validates it
// (parse_config_text, then make_stages for its [[stage]] tables); the first
// invalid one throws InputError naming the point, its values and the config error. Touches no file.
SweepPlan plan_sweep(const std::filesystem::path& sweep_file, const std::filesystem::path& output_dir);

// Writes DIR/point_XXXX/config.toml, DIR/points.csv and DIR/sweep.json. Refuses (InputError) when
// DIR holds a finished point whose config differs from the plan's: that is another sweep.
void write_sweep(const SweepPlan& plan);

// A point is finished when its run wrote out/run.json (the last file a run writes).
std::filesystem::path point_output_dir(const std::filesystem::path& sweep_dir, const std::string& dir_name);
bool point_finished(const std::filesystem::path& sweep_dir, const std::string& dir_name);

// One CSV field, quoted when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);
// Appends ",<field>" to a CSV line.
void append_field(std::string& line, const std::string& s);
// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace pf
