#pragma once
// Pore masks from stored volumes: a float field thresholded (pore where phi < or > a level),
// or an integer volume that already is a mask (values 0 and 1 only).
#include <cstdint>
#include <span>

#include "analysis/volume.hpp"

namespace pf::analysis {

enum class PoreSide { below, above };

struct PoreThreshold {
  PoreSide side = PoreSide::below;
  double level = 0.5;
};

// Pore (1) where value < level (below) or value > level (above). NaN is an error.
Mask threshold_field(std::span<const double> values, const Shape& shape, const PoreThreshold& rule);
// The same into `out` (values.size() bytes), single-threaded and without a Mask: for a forked
// reading process (io/isolated_hdf5.hpp), where OpenMP, which a Mask's first touch uses, is unsafe.
void threshold_into(std::span<const double> values, const PoreThreshold& rule, std::span<std::uint8_t> out);

// An integer volume that must hold only 0 and 1; anything else is an error naming the value.
// The uint8 form takes a run's own pore mask without widening it to doubles first.
Mask mask_from_integers(std::span<const double> values, const Shape& shape);
Mask mask_from_integers(std::span<const std::uint8_t> values, const Shape& shape);

}  // namespace pf::analysis
