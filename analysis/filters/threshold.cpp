#include "analysis/filters/threshold.hpp"

#include <cmath>
#include <string>

namespace pf::analysis {

namespace {
void require_size(std::size_t values, const Shape& shape, const char* what) {
  validate_shape(shape, what);
  require(values == std::size_t(shape.size()),
          std::string(what) + ": " + std::to_string(values) + " values for shape of " + std::to_string(shape.size()));
}
}  // namespace

void threshold_into(std::span<const double> values, const PoreThreshold& rule, std::span<std::uint8_t> out) {
  require(out.size() == values.size(), "threshold_field: output of another size than the field");
  require(std::isfinite(rule.level), "threshold_field: threshold level must be finite");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v)) [[unlikely]]
      throw AnalysisError("threshold_field: the field holds NaN at voxel " + std::to_string(i));
    out[i] = (rule.side == PoreSide::below ? v < rule.level : v > rule.level) ? 1 : 0;
  }
}

Mask threshold_field(std::span<const double> values, const Shape& shape, const PoreThreshold& rule) {
  require_size(values.size(), shape, "threshold_field");
  Mask mask(shape);
  threshold_into(values, rule, std::span<std::uint8_t>(mask.data.data(), mask.data.size()));
  return mask;
}

namespace {

template <class T>
Mask checked_mask(std::span<const T> values, const Shape& shape) {
  require_size(values.size(), shape, "mask_from_integers");
  Mask mask(shape);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const T v = values[i];
    if (v != T(0) && v != T(1)) [[unlikely]]
      throw AnalysisError("pore mask holds the value " + std::to_string(double(v)) + " at voxel " + std::to_string(i) +
                          "; a mask must be 0 (solid) or 1 (pore) — pass --pore-below/--pore-above to threshold it");
    mask.data[i] = std::uint8_t(v);
  }
  return mask;
}

}  // namespace

Mask mask_from_integers(std::span<const double> values, const Shape& shape) { return checked_mask(values, shape); }
Mask mask_from_integers(std::span<const std::uint8_t> values, const Shape& shape) { return checked_mask(values, shape); }

}  // namespace pf::analysis
