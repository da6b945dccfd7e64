// `quench` (MODEL.md §5; seed 000 claim 12, gel formation): the solution, homogeneous at
// T_start_C (the extrusion temperature; default: whatever T(z) the run has, at first
// [material] initial_temperature_C), has its faces held at T_cool_C. T(z, t) follows by
// conduction; chi(T(z, t)) drives phase separation and phi_arrest(T) gels the polymer-rich
// phase as it cools. Keys: duration (> 0), T_cool_C, sides = "both" | "bottom" | "top" (the
// other face insulated), T_start_C (optional), heat_transfer_coefficient (length/time; default
// [material] heat_transfer_coefficient; 0 = perfect contact), fourier_number (alpha for this
// stage from the real step's Fo = alpha t / d^2, wet_stage_support.hpp; default [material]
// thermal_diffusivity).
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "solver/process/deforming_domain.hpp"
#include "solver/process/wet_stage_support.hpp"

namespace pf {

namespace {

class QuenchStage final : public Stage {
 public:
  QuenchStage(StageCommon common, double duration, double T_cool, Faces sides, std::optional<double> T_start)
      : Stage(common), duration_(duration), T_cool_(T_cool), sides_(sides), T_start_(T_start) {}

  std::string kind() const override { return "quench"; }
  double duration() const override { return duration_; }

  std::optional<StageProblem> check(const Config& c) const override { return check_wet_config(c, "quench", "kind"); }

  void begin(DeformingDomain& domain) override {
    set_faces(domain);
    if (T_start_ && domain.thermal()) {
      domain.thermal()->set_uniform(*T_start_);
      domain.apply_temperature();
    }
  }

  // T(z) comes back from the checkpoint: only the faces' conditions are set again.
  void resume(DeformingDomain& domain, const State&) override { set_faces(domain); }

  void end(DeformingDomain& domain) override { diffusivity_.restore(domain); }

  nlohmann::json parameters() const override {
    nlohmann::json j{{"duration", duration_}, {"T_cool_C", T_cool_}, {"sides", face_names[int(sides_)]}};
    if (T_start_) j["T_start_C"] = *T_start_;
    diffusivity_.add_to(j);
    return j;
  }

 private:
  void set_faces(DeformingDomain& domain) const {
    FaceTemperatures faces;
    faces.heat_transfer = heat_transfer_;
    if (has_bottom(sides_)) faces.bottom = T_cool_;
    if (has_top(sides_)) faces.top = T_cool_;
    domain.set_face_temperatures(faces);
    domain.set_bath({});
    diffusivity_.apply(domain, duration_);
  }

  double duration_, T_cool_;
  Faces sides_;
  std::optional<double> T_start_;

 public:
  std::optional<double> heat_transfer_;  // the stage's face heat-transfer coefficient; empty = [material]'s
  StageDiffusivity diffusivity_;
};

}  // namespace

std::unique_ptr<Stage> parse_quench_stage(TomlSection& keys, const StageCommon& common) {
  const double duration = keys.required_number("duration", Range::positive());
  const double T_cool = keys.required_number("T_cool_C", Range::open(-273.15, 1000));
  const Faces sides = read_faces(keys, Faces::both);
  std::optional<double> T_start;
  if (keys.has("T_start_C")) T_start = keys.number("T_start_C", 0, Range::open(-273.15, 1000));
  keys.number("T_start_C", 0, Range::open(-273.15, 1000));
  auto stage = std::make_unique<QuenchStage>(common, duration, T_cool, sides, T_start);
  if (keys.has("heat_transfer_coefficient")) stage->heat_transfer_ = keys.number("heat_transfer_coefficient", 0, Range::non_negative());
  keys.number("heat_transfer_coefficient", 0, Range::non_negative());
  stage->diffusivity_.read(keys);
  return stage;
}

}  // namespace pf
