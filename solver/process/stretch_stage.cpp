// `stretch`: affine stretching of the film (MODEL.md §5; seed 000 claims 28, 29; seed 001
// claim 1), x = MD, y = TD, z = thickness.
//   mode = "uniaxial":             lambda_x -> ratio_md; lambda_y = lambda_z = lambda_x^(-1/2)
//   mode = "simultaneous_biaxial": lambda_x -> ratio_md and lambda_y -> ratio_td together
//   mode = "sequential_biaxial":   first MD to ratio_md, then TD to ratio_td
// Rates: `duration` gives constant nominal rates with every axis (or both phases) finishing
// together at the end; `strain_rate` (dlambda/dt, per time unit) runs each axis at that rate
// until it reaches its ratio. Thickness: incompressible lambda_z = 1/(lambda_x lambda_y), or
// `thickness_ratio` followed linearly in time over the whole stage (then the volume changes).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "io/toml_section.hpp"
#include "solver/process/stage.hpp"

namespace pf {

namespace {

enum class StretchMode { uniaxial, sequential_biaxial, simultaneous_biaxial };
constexpr const char* mode_names[] = {"uniaxial", "sequential_biaxial", "simultaneous_biaxial"};

class StretchStage final : public Stage {
 public:
  StretchStage(StageCommon common, StretchMode mode, double ratio_md, double ratio_td, std::optional<double> duration,
               std::optional<double> strain_rate, std::optional<double> thickness_ratio)
      : Stage(common), mode_(mode), ratio_md_(ratio_md), ratio_td_(ratio_td), strain_rate_(strain_rate),
        thickness_ratio_(thickness_ratio) {
    const double md = ratio_md - 1, td = mode == StretchMode::uniaxial ? 0.0 : ratio_td - 1;
    if (duration) {
      duration_ = *duration;
      // Sequential: the phases share the duration in proportion to their strains (same rate).
      md_time_ = mode == StretchMode::sequential_biaxial ? (md + td > 0 ? duration_ * md / (md + td) : duration_)
                                                         : duration_;
    } else {
      const double r = *strain_rate;
      md_time_ = md / r;
      duration_ = mode == StretchMode::sequential_biaxial ? (md + td) / r : std::max(md, td) / r;
    }
  }

  std::string kind() const override { return "stretch"; }
  double duration() const override { return duration_; }
  bool deforms() const override { return true; }

  std::array<double, 3> stretch_at(double tau) const override {
    tau = std::clamp(tau, 0.0, duration_);
    double lx = 1, ly = 1;
    // Progress of a ramp from 1 to `ratio` over [t0, t0 + length] (constant nominal rate).
    auto ramp = [&](double ratio, double t0, double length) {
      if (length <= 0) return tau >= t0 ? ratio : 1.0;
      return 1 + (ratio - 1) * std::clamp((tau - t0) / length, 0.0, 1.0);
    };
    const double md = ratio_md_ - 1, td = ratio_td_ - 1;
    switch (mode_) {
      case StretchMode::uniaxial: lx = ramp(ratio_md_, 0, md_time_); break;
      case StretchMode::simultaneous_biaxial:
        lx = ramp(ratio_md_, 0, strain_rate_ ? md / *strain_rate_ : duration_);
        ly = ramp(ratio_td_, 0, strain_rate_ ? td / *strain_rate_ : duration_);
        break;
      case StretchMode::sequential_biaxial:
        lx = ramp(ratio_md_, 0, md_time_);
        ly = ramp(ratio_td_, md_time_, duration_ - md_time_);
        break;
    }
    if (thickness_ratio_) {
      const double lz = 1 + (*thickness_ratio_ - 1) * (duration_ > 0 ? tau / duration_ : 1.0);
      return {lx, mode_ == StretchMode::uniaxial ? 1 / (lx * lz) : ly, lz};
    }
    if (mode_ == StretchMode::uniaxial) return {lx, 1 / std::sqrt(lx), 1 / std::sqrt(lx)};
    return {lx, ly, 1 / (lx * ly)};
  }

  nlohmann::json parameters() const override {
    nlohmann::json j{{"mode", mode_names[int(mode_)]}, {"ratio_md", ratio_md_}, {"duration", duration_}};
    if (mode_ != StretchMode::uniaxial) j["ratio_td"] = ratio_td_;
    if (strain_rate_) j["strain_rate"] = *strain_rate_;
    if (thickness_ratio_) j["thickness_ratio"] = *thickness_ratio_;
    return j;
  }

 private:
  StretchMode mode_;
  double ratio_md_, ratio_td_;
  std::optional<double> strain_rate_, thickness_ratio_;
  double duration_ = 0, md_time_ = 0;
};

}  // namespace

std::unique_ptr<Stage> parse_stretch_stage(TomlSection& keys, const StageCommon& common) {
  const auto mode = static_cast<StretchMode>(keys.choice("mode", {"uniaxial", "sequential_biaxial", "simultaneous_biaxial"}, -1));
  const Range ratio_range = Range::closed(1, 1000);
  const double ratio_md = keys.required_number("ratio_md", ratio_range);
  double ratio_td = 1;
  if (mode == StretchMode::uniaxial) {
    if (keys.has("ratio_td"))
      keys.fail("ratio_td", "not used by mode = \"uniaxial\" (the width contracts freely); use a biaxial mode");
    keys.number("ratio_td", 1, ratio_range);  // marks the key as known for did-you-mean
  } else {
    ratio_td = keys.required_number("ratio_td", ratio_range);
  }
  std::optional<double> duration, strain_rate, thickness;
  if (keys.has("duration")) duration = keys.number("duration", 0, Range::positive());
  if (keys.has("strain_rate")) strain_rate = keys.number("strain_rate", 0, Range::positive());
  keys.number("duration", 0, Range::positive());
  keys.number("strain_rate", 0, Range::positive());
  if (duration && strain_rate) keys.fail("strain_rate", "give either duration or strain_rate, not both");
  if (!duration && !strain_rate) keys.missing("duration", "missing; required: duration (> 0) or strain_rate (> 0, dlambda/dt)");
  if (strain_rate && ratio_md == 1 && ratio_td == 1)
    keys.fail("strain_rate", "with ratio_md = ratio_td = 1 there is nothing to stretch; use a hold with a duration");
  if (keys.has("thickness_ratio")) thickness = keys.number("thickness_ratio", 1, Range{0, 1, true, false});
  keys.number("thickness_ratio", 1, Range{0, 1, true, false});
  return std::make_unique<StretchStage>(common, mode, ratio_md, ratio_td, duration, strain_rate, thickness);
}

}  // namespace pf
