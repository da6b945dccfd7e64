#include "solver/sweep/sweep_plan.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "io/atomic_file.hpp"
#include "io/config.hpp"
#include "solver/core/errors.hpp"
#include "solver/process/stage_registry.hpp"
#include "solver/version.hpp"

namespace pf {

namespace fs = std::filesystem;

namespace {

// An axis as read from the sweep file: its values stay TOML nodes until they are substituted.
struct AxisNodes {
  SweepAxis axis;
  toml::array nodes;
};

std::string where(const fs::path& file, const toml::node* node) {
  if (node && node->source().begin.line) return fmt::format("{}:{}", file.string(), node->source().begin.line);
  return file.string();
}

[[noreturn]] void fail(const fs::path& file, const toml::node* node, const std::string& what) {
  throw InputError(fmt::format("{}: {}", where(file, node), what));
}

// Text of a value for points.csv, labels and messages: numbers in shortest round-trip form,
// strings without quotes, arrays as "[a, b]".
std::string display(const toml::node& n) {
  if (const auto* v = n.as_integer()) return fmt::format("{}", v->get());
  if (const auto* v = n.as_floating_point()) return fmt::format("{}", v->get());
  if (const auto* v = n.as_boolean()) return v->get() ? "true" : "false";
  if (const auto* v = n.as_string()) return v->get();
  if (const auto* a = n.as_array()) {
    std::string s = "[";
    for (std::size_t i = 0; i < a->size(); ++i) s += (i ? ", " : "") + display(*a->get(i));
    return s + "]";
  }
  std::ostringstream out;
  n.visit([&](const auto& v) { out << v; });  // tables and dates
  return out.str();
}

double number_of(const fs::path& file, const toml::table& t, const std::string& axis, const char* key) {
  const toml::node* n = t.get(key);
  if (!n) fail(file, &t, fmt::format("[[axis]] {}: missing \"{}\" (needs start, stop, count)", axis, key));
  if (!n->is_number()) fail(file, n, fmt::format("[[axis]] {}: {} must be a number", axis, key));
  const double v = n->value<double>().value();
  if (!std::isfinite(v)) fail(file, n, fmt::format("[[axis]] {}: {} must be finite", axis, key));
  return v;
}

// 12 significant digits: 0.1 + 2 * 0.1 is written as 0.3, not 0.30000000000000004.
double round_to_12_digits(double v) { return std::stod(fmt::format("{:.12g}", v)); }

// range = {start, stop, count} (evenly spaced, both ends included) or logspace = {...}
// (geometrically spaced: start and stop are the end values, not exponents, both > 0).
toml::array spaced_values(const fs::path& file, const toml::table& t, const std::string& axis, bool logarithmic) {
  const char* name = logarithmic ? "logspace" : "range";
  for (const auto& [k, node] : t)
    if (k != "start" && k != "stop" && k != "count")
      fail(file, &node, fmt::format("[[axis]] {}: unknown key \"{}\" in {} (allowed: start, stop, count)", axis,
                                    k.str(), name));
  const double start = number_of(file, t, axis, "start"), stop = number_of(file, t, axis, "stop");
  const toml::node* count_node = t.get("count");
  if (!count_node || !count_node->is_integer())
    fail(file, count_node ? count_node : &t, fmt::format("[[axis]] {}: {} needs an integer count", axis, name));
  const long long count = count_node->value<long long>().value();
  if (count < 1 || count > 100000)
    fail(file, count_node, fmt::format("[[axis]] {}: count {} is out of range: must be in [1, 100000]", axis, count));
  if (logarithmic && (start <= 0 || stop <= 0))
    fail(file, &t, fmt::format("[[axis]] {}: logspace start and stop must be > 0 (they are values, not exponents)", axis));
  // Integer ends with integral steps stay integers, so a range over an integer key (a seed) works.
  const bool integers = !logarithmic && t.get("start")->is_integer() && t.get("stop")->is_integer() &&
                        (count == 1 || (long long)(stop - start) % (count - 1) == 0);
  toml::array values;
  for (long long i = 0; i < count; ++i) {
    const double f = count == 1 ? 0.0 : double(i) / double(count - 1);
    if (integers) {
      values.push_back((long long)start + (count == 1 ? 0 : i * ((long long)(stop - start) / (count - 1))));
    } else {
      const double v = logarithmic ? start * std::pow(stop / start, f) : start + f * (stop - start);
      values.push_back(i == 0 ? start : i == count - 1 ? stop : round_to_12_digits(v));
    }
  }
  return values;
}

AxisNodes read_axis(const fs::path& file, const toml::table& t, bool zip, int position) {
  AxisNodes a;
  for (const auto& [k, node] : t)
    if (k != "key" && k != "values" && k != "range" && k != "logspace" && k != "group")
      fail(file, &node, fmt::format("[[axis]] #{}: unknown key \"{}\" (allowed: key, values, range, logspace, group)",
                                    position + 1, k.str()));
  const toml::node* key = t.get("key");
  if (!key || !key->is_string() || key->value<std::string>()->empty())
    fail(file, key ? key : &t, fmt::format("[[axis]] #{}: needs key = \"section.name\" (a dotted path into the base config)", position + 1));
  a.axis.key = *key->value<std::string>();
  for (std::size_t p = 0, q; p <= a.axis.key.size(); p = q + 1) {
    q = a.axis.key.find('.', p);
    if (q == std::string::npos) q = a.axis.key.size();
    if (q == p) fail(file, key, fmt::format("[[axis]] key \"{}\": empty path segment", a.axis.key));
  }
  const int given = int(t.contains("values")) + int(t.contains("range")) + int(t.contains("logspace"));
  if (given != 1) fail(file, &t, fmt::format("[[axis]] {}: give exactly one of values, range, logspace", a.axis.key));
  if (const toml::node* v = t.get("values")) {
    if (!v->is_array() || v->as_array()->empty())
      fail(file, v, fmt::format("[[axis]] {}: values must be a non-empty array", a.axis.key));
    a.nodes = *v->as_array();
  } else {
    const bool logarithmic = t.contains("logspace");
    const toml::node* spec = t.get(logarithmic ? "logspace" : "range");
    if (!spec->is_table())
      fail(file, spec, fmt::format("[[axis]] {}: expected an inline table {{start = .., stop = .., count = ..}}", a.axis.key));
    a.nodes = spaced_values(file, *spec->as_table(), a.axis.key, logarithmic);
  }
  if (const toml::node* g = t.get("group")) {
    if (!g->is_string() || g->value<std::string>()->empty())
      fail(file, g, fmt::format("[[axis]] {}: group must be a non-empty string", a.axis.key));
    a.axis.group = *g->value<std::string>();
  } else {
    a.axis.group = zip ? "(zip)" : "(axis) " + a.axis.key;
  }
  for (const auto& n : a.nodes) a.axis.values.push_back(display(n));
  return a;
}

// Sets the node at a dotted path, creating missing tables. A numeric segment indexes an array
// (stage.1.T for the second [[stage]]).
void set_path(toml::table& root, const std::string& key, const toml::node& value) {
  std::vector<std::string> parts;
  for (std::size_t p = 0, q; p <= key.size(); p = q + 1) {
    q = key.find('.', p);
    if (q == std::string::npos) q = key.size();
    parts.push_back(key.substr(p, q - p));
  }
  toml::node* current = &root;
  std::string parent;  // the path walked so far, for messages
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const std::string& part = parts[i];
    if (toml::table* t = current->as_table()) {
      if (last) {
        value.visit([&](const auto& v) { t->insert_or_assign(part, v); });
        return;
      }
      if (!t->contains(part)) t->insert(part, toml::table{});
      current = t->get(part);
    } else if (toml::array* a = current->as_array()) {
      std::size_t index = 0;
      const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc{} || ptr != part.data() + part.size() || index >= a->size())
        throw InputError(fmt::format("\"{}\": \"{}\" is not an index of an array of {} elements", key, part, a->size()));
      if (last) {
        value.visit([&](const auto& v) { a->replace(a->begin() + std::ptrdiff_t(index), v); });
        return;
      }
      current = a->get(index);
    } else {
      throw InputError(fmt::format("\"{}\": \"{}\" is a value, not a table", key, parent));
    }
    parent += (i ? "." : "") + part;
  }
}

std::string point_label(const std::vector<AxisNodes>& axes, const SweepPoint& p) {
  std::string s;
  for (std::size_t a = 0; a < axes.size(); ++a) s += fmt::format("{}{} = {}", a ? ", " : "", axes[a].axis.key, p.values[a]);
  return s;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

fs::path default_sweep_output(const fs::path& sweep_file) {
  toml::table root;
  try {
    root = toml::parse_file(sweep_file.string());
  } catch (const toml::parse_error&) {
    // plan_sweep reports the syntax error with its line.
  }
  if (const auto out = root["output"].value<std::string>()) return fs::absolute(*out);
  return fs::absolute(fs::path("runs") / sweep_file.stem());
}

SweepPlan plan_sweep(const fs::path& sweep_file, const fs::path& output_dir) {
  const fs::path& file = sweep_file;
  if (!fs::is_regular_file(file)) throw InputError(file.string() + ": cannot open sweep file");
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: TOML syntax error: {}", file.string(), e.source().begin.line, e.description()));
  }
  for (const auto& [k, node] : root)
    if (k != "base" && k != "zip" && k != "output" && k != "axis")
      fail(file, &node, fmt::format("unknown key \"{}\" (allowed: base, output, zip, [[axis]])", k.str()));
  const toml::node* base = root.get("base");
  if (!base || !base->is_string())
    fail(file, base, "needs base = \"CONFIG.toml\" (the config every point starts from, relative to the sweep file)");
  const toml::node* zip_node = root.get("zip");
  if (zip_node && !zip_node->is_boolean()) fail(file, zip_node, "zip must be true or false");
  const bool zip = zip_node && zip_node->value<bool>().value();
  if (const toml::node* o = root.get("output"); o && !o->is_string()) fail(file, o, "output must be a string (a directory)");
  const toml::node* axis_node = root.get("axis");
  if (!axis_node || !axis_node->is_array_of_tables() || axis_node->as_array()->empty())
    fail(file, axis_node, "needs at least one [[axis]] table with key and values (or range, logspace)");

  SweepPlan plan;
  plan.sweep_file = file;
  plan.base_file = file.parent_path() / *base->value<std::string>();
  plan.output_dir = fs::absolute(output_dir).lexically_normal();

  std::vector<AxisNodes> axes;
  std::set<std::string> keys;
  for (const auto& t : *axis_node->as_array()) {
    axes.push_back(read_axis(file, *t.as_table(), zip, int(axes.size())));
    if (!keys.insert(axes.back().axis.key).second)
      fail(file, &t, fmt::format("[[axis]] {}: the same key is swept twice", axes.back().axis.key));
    if (axes.back().axis.key == "output.dir" || axes.back().axis.key == "output")
      fail(file, &t, "[[axis]] output.dir: every point writes to its own point_XXXX/out; it cannot be swept");
  }

  // Groups in order of first appearance; the axes of a group must have equal lengths.
  std::vector<std::string> groups;
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (!members.count(axes[a].axis.group)) groups.push_back(axes[a].axis.group);
    members[axes[a].axis.group].push_back(a);
  }
  std::vector<std::size_t> group_size;
  std::size_t total = 1;
  for (const auto& g : groups) {
    const auto& m = members[g];
    const std::size_t n = axes[m[0]].nodes.size();
    for (std::size_t a : m)
      if (axes[a].nodes.size() != n)
        throw InputError(fmt::format("{}: zipped axes {} ({} values) and {} ({} values) must have the same length",
                                     file.string(), axes[m[0]].axis.key, n, axes[a].axis.key, axes[a].nodes.size()));
    group_size.push_back(n);
    total *= n;
    if (total > 100000) throw InputError(fmt::format("{}: more than 100000 points; split the sweep", file.string()));
  }

  if (!fs::is_regular_file(plan.base_file))
    fail(file, base, fmt::format("base config {} not found (base is relative to the sweep file)", plan.base_file.string()));
  const std::string base_text = read_text(plan.base_file);
  toml::table base_table;
  try {
    base_table = toml::parse(base_text, plan.base_file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: TOML syntax error: {}", plan.base_file.string(), e.source().begin.line, e.description()));
  }

  for (const auto& a : axes) plan.axes.push_back(a.axis);
  for (std::size_t index = 0; index < total; ++index) {
    // Mixed-radix digits of the index, the first group varying slowest.
    std::vector<std::size_t> digit(groups.size());
    for (std::size_t g = groups.size(), rest = index; g-- > 0;) {
      digit[g] = rest % group_size[g];
      rest /= group_size[g];
    }
    SweepPoint p;
    p.index = int(index);
    p.dir_name = fmt::format("point_{:04}", index);
    toml::table table = base_table;
    std::vector<std::size_t> value_index(axes.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (std::size_t a : members[groups[g]]) value_index[a] = digit[g];
    for (std::size_t a = 0; a < axes.size(); ++a) p.values.push_back(axes[a].axis.values[value_index[a]]);
    const std::string label = point_label(axes, p);
    try {
      for (std::size_t a = 0; a < axes.size(); ++a) set_path(table, axes[a].axis.key, *axes[a].nodes.get(value_index[a]));
      set_path(table, "output.dir", toml::value<std::string>(point_output_dir(plan.output_dir, p.dir_name).string()));
    } catch (const InputError& e) {
      throw InputError(fmt::format("sweep {}: {} ({}): cannot substitute: {}", file.string(), p.dir_name, label, e.what()));
    }
    std::ostringstream text;
    text << "# Generated by porefield sweep from " << fs::absolute(plan.base_file).lexically_normal().string() << "\n"
         << "# sweep " << fs::absolute(file).lexically_normal().string() << ", " << p.dir_name << ": " << label << "\n"
         << table << "\n";
    p.config_toml = text.str();
    try {
      // The same checks as `porefield run` before it touches a file: the config, then its stages
      // (each kind reads its own keys when the pipeline is built).
      make_stages(parse_config_text(p.config_toml, (plan.output_dir / p.dir_name / "config.toml").string()));
    } catch (const InputError& e) {
      throw InputError(fmt::format("sweep {}: {} ({}) is invalid, no point written: {}", file.string(), p.dir_name,
                                   label, e.what()));
    }
    plan.points.push_back(std::move(p));
  }
  return plan;
}

fs::path point_output_dir(const fs::path& sweep_dir, const std::string& dir_name) { return sweep_dir / dir_name / "out"; }

bool point_finished(const fs::path& sweep_dir, const std::string& dir_name) {
  return fs::exists(point_output_dir(sweep_dir, dir_name) / "run.json");
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void append_field(std::string& line, const std::string& s) {
  line += ',';
  line += csv_field(s);
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

void write_sweep(const SweepPlan& plan) {
  const fs::path& dir = plan.output_dir;
  // A finished point with a different config belongs to another sweep: never mix the two.
  for (const SweepPoint& p : plan.points) {
    const fs::path config = dir / p.dir_name / "config.toml";
    if (point_finished(dir, p.dir_name) && fs::exists(config) && read_text(config) != p.config_toml)
      throw InputError(fmt::format("{}: {} is finished but its config.toml differs from this sweep's; "
                                   "write this sweep to another --output directory",
                                   dir.string(), p.dir_name));
  }
  try {
    for (const SweepPoint& p : plan.points) {
      fs::create_directories(dir / p.dir_name);
      const fs::path config = dir / p.dir_name / "config.toml";
      if (!fs::exists(config) || read_text(config) != p.config_toml) write_file_atomically(config, p.config_toml);
    }
  } catch (const fs::filesystem_error& e) {
    throw InputError(fmt::format("{}: cannot write the sweep: {}", dir.string(), e.what()));
  }

  std::string csv = "point,dir";
  for (const SweepAxis& a : plan.axes) append_field(csv, a.key);
  csv += "\n";
  for (const SweepPoint& p : plan.points) {
    csv += fmt::format("{},{}", p.index, p.dir_name);
    for (const std::string& v : p.values) append_field(csv, v);
    csv += "\n";
  }
  write_file_atomically(dir / "points.csv", csv);

  nlohmann::json j;
  j["porefield_version"] = version_string();
  j["sweep_file"] = fs::absolute(plan.sweep_file).lexically_normal().string();
  j["base_config"] = fs::absolute(plan.base_file).lexically_normal().string();
  j["output_dir"] = dir.string();
  j["point_count"] = plan.points.size();
  j["axes"] = nlohmann::json::array();
  for (const SweepAxis& a : plan.axes)
    j["axes"].push_back({{"key", a.key}, {"group", a.group}, {"values", a.values}});
  j["points"] = nlohmann::json::array();
  for (const SweepPoint& p : plan.points) {
    nlohmann::json values;
    for (std::size_t a = 0; a < plan.axes.size(); ++a) values[plan.axes[a].key] = p.values[a];
    j["points"].push_back({{"index", p.index}, {"dir", p.dir_name}, {"values", values}});
  }
  write_file_atomically(dir / "sweep.json", j.dump(2) + "\n");
}

}  // namespace pf
