#pragma once
#include <vector>

#include "io/config.hpp"

namespace pf {

// The initial phi on the physical grid, C-order (nz, ny, nx), per [initial] of the config.
// The cheap part of make_initial_field's checks (an initial-condition file's header against
// the grid), for `porefield check`; throws InputError.
void check_initial_condition(const Config& config);

std::vector<double> make_initial_field(const Config& config);

}  // namespace pf
