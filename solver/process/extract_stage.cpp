// `extract` (MODEL.md §5; seed 000 claim 12): the solvent is removed. The solvent-rich phase,
// phi < threshold, becomes the pore space: DeformingDomain::pore_mask() (written to final.h5 as
// `pore` and analysed by [analysis]). The field itself is kept: a later stage that moves it
// (hot_solvent after extraction, claim 15: the pores fill with hot solvent again) makes the
// pipeline re-extract at that stage's end with the same threshold. Keys: threshold (default
// 0.3, between the solvent-rich and the polymer-rich compositions), duration (default 0: an
// instantaneous step).
#include <memory>

#include "io/toml_section.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/stage.hpp"

namespace pf {

namespace {

class ExtractStage final : public Stage {
 public:
  ExtractStage(StageCommon common, double threshold, double duration)
      : Stage(common), threshold_(threshold), duration_(duration) {}
  std::string kind() const override { return "extract"; }
  double duration() const override { return duration_; }
  void begin(DeformingDomain& domain) override { domain.extract_pores(threshold_); }
  // The mask extracted at the stage's start and the threshold come back from the checkpoint.
  void resume(DeformingDomain&, const State&) override {}
  nlohmann::json parameters() const override { return {{"threshold", threshold_}, {"duration", duration_}}; }

 private:
  double threshold_, duration_;
};

}  // namespace

std::unique_ptr<Stage> parse_extract_stage(TomlSection& keys, const StageCommon& common) {
  const double threshold = keys.number("threshold", 0.3, Range::open(0, 1));
  const double duration = keys.number("duration", 0, Range::non_negative());
  return std::make_unique<ExtractStage>(common, threshold, duration);
}

}  // namespace pf
