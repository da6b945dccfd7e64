#include "solver/process/stage_registry.hpp"

#include <fmt/format.h>

#include <string>

#include "io/stage_table.hpp"
#include "solver/process/hold_stage.hpp"

namespace pf {

// One declaration and one table row per kind.
std::unique_ptr<Stage> parse_hold_stage(TomlSection&, const StageCommon&);
std::unique_ptr<Stage> parse_draft_stage(TomlSection&, const StageCommon&);
std::unique_ptr<Stage> parse_stretch_stage(TomlSection&, const StageCommon&);
std::unique_ptr<Stage> parse_cavitate_stage(TomlSection&, const StageCommon&);
std::unique_ptr<Stage> parse_quench_stage(TomlSection&, const StageCommon&);
std::unique_ptr<Stage> parse_hot_solvent_stage(TomlSection&, const StageCommon&);
std::unique_ptr<Stage> parse_extract_stage(TomlSection&, const StageCommon&);

std::span<const StageKind> stage_kinds() {
  static const StageKind kinds[] = {
      {"hold", "isothermal evolution for `duration`", &parse_hold_stage},
      {"draft", "melt draw: uniaxial extension along x (MD) to `ratio` in [1, 10]", &parse_draft_stage},
      {"stretch", "uniaxial, sequential or simultaneous biaxial stretch to ratio_md x ratio_td", &parse_stretch_stage},
      {"cavitate", "a stretch that opens pores in copolymer-rich voxels above a critical local strain", &parse_cavitate_stage},
      {"quench", "wet process: faces cooled to T_cool_C, T(z, t) by conduction drives chi(T)", &parse_quench_stage},
      {"hot_solvent", "wet process: hot solvent bath at T_hot_C on one or both faces (claims 12-15)", &parse_hot_solvent_stage},
      {"extract", "wet process: solvent removal; phi < threshold becomes the pore space", &parse_extract_stage},
  };
  return kinds;
}

std::vector<std::unique_ptr<Stage>> make_stages(const Config& c) {
  std::vector<std::unique_ptr<Stage>> stages;
  if (c.stages.empty()) {
    stages.push_back(std::make_unique<HoldStage>(StageCommon{}, c.time.end));
    return stages;
  }
  std::vector<std::string> names;
  for (const StageKind& k : stage_kinds()) names.emplace_back(k.name);
  for (const StageSource& source : c.stages) {
    TomlSection keys = stage_section(source, c.source_name);
    if (!keys.has("kind")) keys.missing("kind", fmt::format("missing; required, one of {}", fmt::join(names, " | ")));
    const std::string kind = keys.string("kind", "");
    const StageKind* found = nullptr;
    for (const StageKind& k : stage_kinds())
      if (kind == k.name) found = &k;
    if (!found) {
      const std::string hint = did_you_mean(kind, names);
      keys.fail("kind", fmt::format("\"{}\" is not a stage kind{}; known: {}", kind,
                                    hint.empty() ? "" : " (did you mean \"" + hint + "\"?)", fmt::join(names, ", ")));
    }
    StageCommon common;
    if (keys.has("dt")) common.dt = keys.number("dt", 0, Range::positive());
    common.mobility_factor = keys.number("mobility_factor", 1, Range::non_negative());
    stages.push_back(found->parse(keys, common));
    if (const auto problem = stages.back()->check(c)) keys.fail(problem->key, problem->message);
    keys.finish();
  }
  return stages;
}

}  // namespace pf
