#pragma once
// The stage kinds a config may name in [[stage]] kind = "...". Adding a kind: write
// <kind>_stage.cpp with a parse function (TomlSection -> Stage) and add one line to the table
// in stage_registry.cpp.
#include <memory>
#include <span>
#include <vector>

#include "io/config.hpp"
#include "io/toml_section.hpp"
#include "solver/process/stage.hpp"

namespace pf {

struct StageKind {
  const char* name;
  const char* summary;
  // Reads the kind's own keys (the registry has read kind, dt and mobility_factor and calls
  // finish() afterwards, so an unread key is an error); throws InputError on bad values.
  std::unique_ptr<Stage> (*parse)(TomlSection& keys, const StageCommon& common);
};

std::span<const StageKind> stage_kinds();

// The config's stages, validated, in order; no [[stage]] gives one hold for [time] end.
std::vector<std::unique_ptr<Stage>> make_stages(const Config& config);

}  // namespace pf
