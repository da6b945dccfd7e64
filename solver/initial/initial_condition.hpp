#pragma once
#include <vector>

#include "io/config.hpp"

namespace pf {

// The initial phi on the physical grid, C-order (nz, ny, nx), per [initial] of the config.
std::vector<double> make_initial_field(const Config& config);

}  // namespace pf
