#pragma once
// Reads one [section] of a TOML document with type and range checks, remembering which keys
// were read so that finish() can reject unknown ones (with a did-you-mean suggestion).
#include <toml++/toml.h>

#include <array>
#include <initializer_list>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace pf {

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;

  static Range positive() { return {0, std::numeric_limits<double>::infinity(), true, false}; }
  static Range non_negative() { return {0, std::numeric_limits<double>::infinity(), false, false}; }
  static Range at_least(double v) { return {v, std::numeric_limits<double>::infinity(), false, false}; }
  static Range open(double lo, double hi) { return {lo, hi, true, true}; }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  bool contains(double v) const;
  std::string describe() const;
};

class TomlSection {
 public:
  TomlSection(const toml::table* table, std::string name, std::string file);

  bool has(const std::string& key) const;
  double number(const std::string& key, double fallback, Range range);
  double required_number(const std::string& key, Range range);
  long long integer(const std::string& key, long long fallback, Range range);
  bool boolean(const std::string& key, bool fallback);
  std::string string(const std::string& key, const std::string& fallback);
  // One of `allowed`; returns its index.
  int choice(const std::string& key, std::initializer_list<const char*> allowed, int fallback);
  std::array<double, 3> number3(const std::string& key, std::array<double, 3> fallback, Range range);
  std::array<int, 3> integer3(const std::string& key, std::array<int, 3> fallback, Range range);
  // A non-empty array of numbers, each in `range`.
  std::vector<double> number_list(const std::string& key, std::vector<double> fallback, Range range);

  // Throws for every key present but never read.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  // A required key is absent: a misspelt key present instead is the better message.
  [[noreturn]] void missing(const std::string& key, const std::string& what) const;

 private:
  const toml::node* get(const std::string& key);
  std::string where(const toml::node* node) const;

  const toml::table* table_;
  std::string name_, file_;
  std::set<std::string> read_;
};

// Closest of `candidates` to `word` by edit distance, or "" if none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace pf
