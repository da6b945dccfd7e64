// `hot_solvent` (MODEL.md §5; seed 000 claims 12–15): one or both faces of the gel (or, after
// `extract`, of the dried membrane: claim 15) are exposed to solvent at T_hot_C for `duration`.
// Two things happen at an exposed face:
//   - heat: the face is held at T_hot_C, so T(z, t) rises by conduction, which raises the
//     mobility's temperature factor and the arrest threshold phi_arrest(T): the gel loosens;
//   - solvent: a bath (MODEL.md §3) dilutes the face plane toward phi_bath (never enriches it),
//     so solvent enters where the structure can move; the gel recipes set bath_rate = 0 because
//     this composition bath also dissolves the gel's face (docs/wet_process.md §1).
// The surface region therefore coarsens more than the interior. T_hot_C must lie in claim 13's
// window [crystal dispersion temperature, melting point + 10 C] of [material].
// Keys: duration (> 0), T_hot_C, sides = "bottom" (default) | "top" | "both", phi_bath
// (default 0.01), bath_rate (1/time, default 1; 0 = heat only, no solvent exchange), T_other_C
// (the unexposed face's temperature; default insulated), heat_transfer_coefficient
// (length/time; default 0 = perfect contact), fourier_number (alpha for this stage from the
// real dip's Fo = alpha t / d^2, wet_stage_support.hpp; default [material] thermal_diffusivity).
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "solver/process/deforming_domain.hpp"
#include "solver/process/wet_stage_support.hpp"

namespace pf {

namespace {

class HotSolventStage final : public Stage {
 public:
  HotSolventStage(StageCommon common, double duration, double T_hot, Faces sides, double phi_bath, double rate,
                  std::optional<double> T_other)
      : Stage(common), duration_(duration), T_hot_(T_hot), sides_(sides), phi_bath_(phi_bath), rate_(rate),
        T_other_(T_other) {}

  std::string kind() const override { return "hot_solvent"; }
  double duration() const override { return duration_; }

  std::optional<StageProblem> check(const Config& c) const override {
    if (auto problem = check_wet_config(c, "hot_solvent", "kind")) return problem;
    const MaterialConfig& m = c.material;
    const double lo = m.crystal_dispersion_C, hi = m.melting_point_C + 10;
    if (T_hot_ < lo || T_hot_ > hi)
      return StageProblem{"T_hot_C", fmt::format("{} C is outside claim 13's hot-solvent window [{}, {}] C: from the crystal "
                                                 "dispersion temperature ([material] crystal_dispersion_C = {}) to the melting "
                                                 "point + 10 C ([material] melting_point_C = {})",
                                                 T_hot_, lo, hi, m.crystal_dispersion_C, m.melting_point_C)};
    return std::nullopt;
  }

  void begin(DeformingDomain& domain) override {
    FaceTemperatures faces;
    faces.heat_transfer = heat_transfer_;
    faces.bottom = has_bottom(sides_) ? std::optional<double>(T_hot_) : T_other_;
    faces.top = has_top(sides_) ? std::optional<double>(T_hot_) : T_other_;
    domain.set_face_temperatures(faces);
    BathCondition bath;
    bath.bottom = has_bottom(sides_);
    bath.top = has_top(sides_);
    bath.phi_bath = phi_bath_;
    bath.rate = rate_;
    domain.set_bath(bath);
    diffusivity_.apply(domain, duration_);
  }

  void end(DeformingDomain& domain) override {
    // The film leaves the bath: no more solvent exchange, faces insulated until the next stage.
    domain.set_bath({});
    domain.set_face_temperatures({});
    diffusivity_.restore(domain);
  }

  nlohmann::json parameters() const override {
    nlohmann::json j{{"duration", duration_}, {"T_hot_C", T_hot_}, {"sides", face_names[int(sides_)]},
                     {"phi_bath", phi_bath_}, {"bath_rate", rate_}};
    if (T_other_) j["T_other_C"] = *T_other_;
    diffusivity_.add_to(j);
    return j;
  }

 private:
  double duration_, T_hot_;
  Faces sides_;
  double phi_bath_, rate_;
  std::optional<double> T_other_;

 public:
  std::optional<double> heat_transfer_;  // the stage's face heat-transfer coefficient; empty = 0 (perfect contact)
  StageDiffusivity diffusivity_;
};

}  // namespace

std::unique_ptr<Stage> parse_hot_solvent_stage(TomlSection& keys, const StageCommon& common) {
  const double duration = keys.required_number("duration", Range::positive());
  const double T_hot = keys.required_number("T_hot_C", Range::open(-273.15, 1000));
  const Faces sides = read_faces(keys, Faces::bottom);
  const double phi_bath = keys.number("phi_bath", 0.01, Range::open(0, 1));
  const double rate = keys.number("bath_rate", 1.0, Range::non_negative());
  std::optional<double> T_other;
  if (keys.has("T_other_C")) T_other = keys.number("T_other_C", 0, Range::open(-273.15, 1000));
  keys.number("T_other_C", 0, Range::open(-273.15, 1000));
  if (sides == Faces::both && T_other) keys.fail("T_other_C", "no unexposed face with sides = \"both\"");
  auto stage = std::make_unique<HotSolventStage>(common, duration, T_hot, sides, phi_bath, rate, T_other);
  // A liquid bath: perfect thermal contact unless stated.
  stage->heat_transfer_ = keys.number("heat_transfer_coefficient", 0, Range::non_negative());
  stage->diffusivity_.read(keys);
  return stage;
}

}  // namespace pf
