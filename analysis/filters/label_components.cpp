#include "analysis/filters/label_components.hpp"

#include "analysis/filters/pore_runs.hpp"

namespace pf::analysis {

ComponentLabels label_components(const Mask& pore, int connectivity, bool periodic_xy) {
  validate_mask(pore, "label_components");
  require(connectivity == 6 || connectivity == 26,
          "label_components: connectivity must be 6 or 26, got " + std::to_string(connectivity));
  const PoreRuns runs = find_pore_runs(pore);
  const RunLabels by_run = label_runs(runs, connectivity, periodic_xy);
  ComponentLabels out{Labels(pore.shape), by_run.count};
  paint_runs(runs, [&](std::int64_t k) { return by_run.label[std::size_t(k)]; }, out.labels.data.data());
  return out;
}

}  // namespace pf::analysis
