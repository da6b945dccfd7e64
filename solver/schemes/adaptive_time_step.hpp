#pragma once
#include <algorithm>

namespace pf {

// Change-controlled step size: aim for a largest per-voxel change |delta phi| of `target` per
// step. A step that changed phi by more than twice the target is redone with a smaller dt.
struct AdaptiveTimeStep {
  double target, dt_min, dt_max;

  struct Decision {
    bool accept;
    double next_dt;
  };

  Decision operator()(double dt, double change) const {
    const double ratio = change > 0 ? 0.9 * target / change : 2.0;
    const double next = std::clamp(dt * std::clamp(ratio, 0.5, 1.5), dt_min, dt_max);
    const bool accept = change <= 2 * target || dt <= dt_min;
    return {accept, accept ? next : std::max(dt_min, std::min(next, 0.5 * dt))};
  }
};

}  // namespace pf
