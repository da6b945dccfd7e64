#include "io/toml_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "solver/core/errors.hpp"

namespace pf {

bool Range::contains(double v) const {
  if (!std::isfinite(v)) return false;
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string Range::describe() const {
  const bool lo_inf = std::isinf(lo), hi_inf = std::isinf(hi);
  if (lo_inf && hi_inf) return "any finite number";
  if (hi_inf) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
  if (lo_inf) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
  return fmt::format("in {}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
}

TomlSection::TomlSection(const toml::table* table, std::string name, std::string file)
    : table_(table), name_(std::move(name)), file_(std::move(file)) {}

std::string TomlSection::where(const toml::node* node) const {
  if (node && node->source().begin.line > 0) return fmt::format("{}:{}", file_, node->source().begin.line);
  // An absent key: point at its table (e.g. the [[stage]] that lacks it).
  if (table_ && table_->source().begin.line > 0) return fmt::format("{}:{}", file_, table_->source().begin.line);
  return file_;
}

void TomlSection::fail(const std::string& key, const std::string& what) const {
  const toml::node* node = table_ ? table_->get(key) : nullptr;
  throw InputError(fmt::format("{}: [{}] {}: {}", where(node), name_, key, what));
}

void TomlSection::missing(const std::string& key, const std::string& what) const {
  if (table_)
    for (const auto& [k, node] : *table_) {
      const std::string present(k.str());
      if (!read_.count(present) && did_you_mean(present, {key}) == key)
        throw InputError(fmt::format("{}: [{}] {}: unknown key (did you mean \"{}\"?)", where(&node), name_, present, key));
    }
  fail(key, what);
}

bool TomlSection::has(const std::string& key) const { return table_ && table_->contains(key); }

const toml::node* TomlSection::get(const std::string& key) {
  read_.insert(key);
  return table_ ? table_->get(key) : nullptr;
}

static std::string show(const toml::node& node) {
  if (auto s = node.value<std::string>()) return "\"" + *s + "\"";
  if (auto d = node.value<double>()) return fmt::format("{}", *d);
  if (auto b = node.value<bool>()) return *b ? "true" : "false";
  std::ostringstream type;
  type << "a value of type " << node.type();
  return type.str();
}

double TomlSection::number(const std::string& key, double fallback, Range range) {
  const toml::node* node = get(key);
  if (!node) return fallback;
  if (!node->is_number()) fail(key, fmt::format("expected a number, got {}", show(*node)));
  const double v = *node->value<double>();
  if (!range.contains(v)) fail(key, fmt::format("{} is out of range: must be {}", show(*node), range.describe()));
  return v;
}

double TomlSection::required_number(const std::string& key, Range range) {
  if (!has(key)) missing(key, fmt::format("missing; required, {}", range.describe()));
  return number(key, 0, range);
}

long long TomlSection::integer(const std::string& key, long long fallback, Range range) {
  const toml::node* node = get(key);
  if (!node) return fallback;
  if (!node->is_integer()) fail(key, fmt::format("expected an integer, got {}", show(*node)));
  const long long v = *node->value<long long>();
  if (!range.contains(double(v))) fail(key, fmt::format("{} is out of range: must be {}", v, range.describe()));
  return v;
}

bool TomlSection::boolean(const std::string& key, bool fallback) {
  const toml::node* node = get(key);
  if (!node) return fallback;
  if (!node->is_boolean()) fail(key, fmt::format("expected true or false, got {}", show(*node)));
  return *node->value<bool>();
}

std::string TomlSection::string(const std::string& key, const std::string& fallback) {
  const toml::node* node = get(key);
  if (!node) return fallback;
  if (!node->is_string()) fail(key, fmt::format("expected a string, got {}", show(*node)));
  return *node->value<std::string>();
}

int TomlSection::choice(const std::string& key, std::initializer_list<const char*> allowed, int fallback) {
  const toml::node* node = get(key);
  std::vector<std::string> names(allowed.begin(), allowed.end());
  const std::string list = fmt::format("{}", fmt::join(names, " | "));
  if (!node) {
    if (fallback < 0) missing(key, "missing; required, one of " + list);
    return fallback;
  }
  if (!node->is_string()) fail(key, fmt::format("expected one of {}, got {}", list, show(*node)));
  const std::string v = *node->value<std::string>();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == v) return int(i);
  const std::string hint = did_you_mean(v, names);
  fail(key, fmt::format("\"{}\" is not one of {}{}", v, list, hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
}

template <class T>
static std::array<T, 3> read3(TomlSection& s, const toml::node* node, const std::string& key, Range range,
                              bool integers) {
  const toml::array* arr = node->as_array();
  if (!arr || arr->size() != 3)
    s.fail(key, integers ? "expected an array of 3 integers [x, y, z]" : "expected an array of 3 numbers [x, y, z]");
  std::array<T, 3> out{};
  for (std::size_t i = 0; i < 3; ++i) {
    const toml::node& e = *arr->get(i);
    if (integers ? !e.is_integer() : !e.is_number())
      s.fail(key, fmt::format("element {} is {}, expected {}", i, show(e), integers ? "an integer" : "a number"));
    const double v = *e.value<double>();
    if (integers && std::abs(v) > double(std::numeric_limits<int>::max()))
      s.fail(key, fmt::format("element {} = {} is out of range: must fit in a 32-bit integer", i, v));
    if (!range.contains(v)) s.fail(key, fmt::format("element {} = {} is out of range: must be {}", i, v, range.describe()));
    out[i] = static_cast<T>(integers ? double(*e.value<long long>()) : v);
  }
  return out;
}

std::array<double, 3> TomlSection::number3(const std::string& key, std::array<double, 3> fallback, Range range) {
  const toml::node* node = get(key);
  return node ? read3<double>(*this, node, key, range, false) : fallback;
}

std::array<int, 3> TomlSection::integer3(const std::string& key, std::array<int, 3> fallback, Range range) {
  const toml::node* node = get(key);
  return node ? read3<int>(*this, node, key, range, true) : fallback;
}

std::vector<double> TomlSection::number_list(const std::string& key, std::vector<double> fallback, Range range) {
  const toml::node* node = get(key);
  if (!node) return fallback;
  const toml::array* arr = node->as_array();
  if (!arr || arr->empty()) fail(key, "expected a non-empty array of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    if (!e.is_number()) fail(key, fmt::format("element {} is {}, expected a number", i, show(e)));
    const double v = *e.value<double>();
    if (!range.contains(v)) fail(key, fmt::format("element {} = {} is out of range: must be {}", i, v, range.describe()));
    out.push_back(v);
  }
  return out;
}

void TomlSection::finish() const {
  if (!table_) return;
  std::vector<std::string> known(read_.begin(), read_.end());
  for (const auto& [k, node] : *table_) {
    const std::string key(k.str());
    if (read_.count(key)) continue;
    const std::string hint = did_you_mean(key, known);
    throw InputError(fmt::format("{}: [{}] {}: unknown key{}", where(&node), name_, key,
                                 hint.empty() ? fmt::format(" (known keys: {})", fmt::join(known, ", "))
                                              : " (did you mean \"" + hint + "\"?)"));
  }
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    // Levenshtein distance, one row at a time.
    std::vector<std::size_t> row(c.size() + 1);
    for (std::size_t j = 0; j <= c.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= c.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (word[i - 1] == c[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    if (row[c.size()] < best_distance) {
      best_distance = row[c.size()];
      best = c;
    }
  }
  return best;
}

}  // namespace pf
