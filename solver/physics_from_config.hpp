#pragma once
#include "io/config.hpp"
#include "solver/schemes/physics_setup.hpp"

namespace pf {

// Maps the validated config onto the stepper's parameters (chi from T, the mobility's
// temperature factor, the reference mobility M-bar of the stabilised scheme).
PhysicsSetup physics_from_config(const Config& config);

}  // namespace pf
