#pragma once
// Smooth bicontinuous pore spaces like a spinodal (phase-field) membrane's: the pore phase is
// where a sum of cosine waves with random directions and phases is negative (porosity ~ 0.5,
// both phases percolating). Used by bench-analysis and by the tortuosity tests.
#include <cstdint>
#include <functional>

#include "analysis/volume.hpp"

namespace pf::analysis {

// An n^3 cube with `waves` waves of `wavelengths_per_box` wavelengths across it; wave w takes
// its direction and phase from uniform(3w), uniform(3w + 1), uniform(3w + 2), numbers in [0, 1).
Mask cosine_waves(std::int64_t n, int waves, double wavelengths_per_box, const std::function<double(int)>& uniform);

}  // namespace pf::analysis
