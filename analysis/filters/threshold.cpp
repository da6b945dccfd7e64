#include "analysis/filters/threshold.hpp"

#include <cmath>
#include <string>

namespace pf::analysis {

namespace {
void require_size(std::span<const double> values, const Shape& shape, const char* what) {
  validate_shape(shape, what);
  require(values.size() == std::size_t(shape.size()),
          std::string(what) + ": " + std::to_string(values.size()) + " values for shape of " + std::to_string(shape.size()));
}
}  // namespace

Mask threshold_field(std::span<const double> values, const Shape& shape, const PoreThreshold& rule) {
  require_size(values, shape, "threshold_field");
  require(std::isfinite(rule.level), "threshold_field: threshold level must be finite");
  Mask mask(shape);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v)) [[unlikely]]
      throw AnalysisError("threshold_field: the field holds NaN at voxel " + std::to_string(i));
    mask.data[i] = (rule.side == PoreSide::below ? v < rule.level : v > rule.level) ? 1 : 0;
  }
  return mask;
}

Mask mask_from_integers(std::span<const double> values, const Shape& shape) {
  require_size(values, shape, "mask_from_integers");
  Mask mask(shape);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (v != 0 && v != 1) [[unlikely]]
      throw AnalysisError("pore mask holds the value " + std::to_string(v) + " at voxel " + std::to_string(i) +
                          "; a mask must be 0 (solid) or 1 (pore) — pass --pore-below/--pore-above to threshold it");
    mask.data[i] = std::uint8_t(v);
  }
  return mask;
}

}  // namespace pf::analysis
