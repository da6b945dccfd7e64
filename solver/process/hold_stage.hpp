#pragma once
#include "solver/process/stage.hpp"

namespace pf {

// Isothermal evolution for `duration` (also the implicit single stage of a run without
// [[stage]], lasting [time] end). Keys: duration (> 0).
class HoldStage final : public Stage {
 public:
  HoldStage(StageCommon common, double duration) : Stage(common), duration_(duration) {}
  std::string kind() const override { return "hold"; }
  double duration() const override { return duration_; }
  nlohmann::json parameters() const override { return {{"duration", duration_}}; }

 private:
  double duration_;
};

}  // namespace pf
