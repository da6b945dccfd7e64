#include "analysis/filters/canonical_labels.hpp"

#include <algorithm>
#include <string>

namespace pf::analysis {

Labels canonical_labels(const Labels& labels) {
  const auto [lo, hi] = std::minmax_element(labels.data.begin(), labels.data.end());
  require(*lo >= 0, "canonical_labels: label " + std::to_string(*lo) + " is negative");
  std::vector<std::int32_t> renumbered(static_cast<std::size_t>(*hi) + 1, 0);
  std::int32_t next = 0;
  Labels out(labels.shape, 0);
  for (std::int64_t i = 0; i < labels.shape.size(); ++i) {
    const std::int32_t l = labels[i];
    if (l == 0) continue;
    std::int32_t& n = renumbered[static_cast<std::size_t>(l)];
    if (n == 0) n = ++next;
    out[i] = n;
  }
  return out;
}

}  // namespace pf::analysis
