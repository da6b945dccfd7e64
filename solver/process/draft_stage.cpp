// `draft`: melt drawing at the die (MODEL.md §5; seed 001 claims 2, 3, 12, 13). Uniaxial
// extension along x (MD) to `ratio` over `duration` at a constant nominal rate,
// lambda_x(tau) = 1 + (ratio - 1) tau / duration, while the melt keeps evolving. Incompressible:
// lambda_y = lambda_z = lambda_x^(-1/2); with `thickness_ratio` the thickness follows
// lambda_z = 1 + (thickness_ratio - 1) tau / duration and the width lambda_y = 1/(lambda_x lambda_z).
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "io/toml_section.hpp"
#include "solver/process/stage.hpp"

namespace pf {

namespace {

class DraftStage final : public Stage {
 public:
  DraftStage(StageCommon common, double ratio, double duration, std::optional<double> thickness_ratio)
      : Stage(common), ratio_(ratio), duration_(duration), thickness_ratio_(thickness_ratio) {}

  std::string kind() const override { return "draft"; }
  double duration() const override { return duration_; }
  bool deforms() const override { return true; }

  std::array<double, 3> stretch_at(double tau) const override {
    const double s = std::clamp(tau / duration_, 0.0, 1.0);
    const double lx = 1 + (ratio_ - 1) * s;
    if (!thickness_ratio_) return {lx, 1 / std::sqrt(lx), 1 / std::sqrt(lx)};
    const double lz = 1 + (*thickness_ratio_ - 1) * s;
    return {lx, 1 / (lx * lz), lz};
  }

  nlohmann::json parameters() const override {
    nlohmann::json j{{"ratio", ratio_}, {"duration", duration_}};
    if (thickness_ratio_) j["thickness_ratio"] = *thickness_ratio_;
    return j;
  }

 private:
  double ratio_, duration_;
  std::optional<double> thickness_ratio_;
};

}  // namespace

std::unique_ptr<Stage> parse_draft_stage(TomlSection& keys, const StageCommon& common) {
  const double ratio = keys.required_number("ratio", Range::closed(1, 10));
  const double duration = keys.required_number("duration", Range::positive());
  std::optional<double> thickness;
  if (keys.has("thickness_ratio")) thickness = keys.number("thickness_ratio", 1, Range{0, 1, true, false});
  return std::make_unique<DraftStage>(common, ratio, duration, thickness);
}

}  // namespace pf
