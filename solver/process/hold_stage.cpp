#include "solver/process/hold_stage.hpp"

#include "io/toml_section.hpp"

namespace pf {

std::unique_ptr<Stage> parse_hold_stage(TomlSection& keys, const StageCommon& common) {
  return std::make_unique<HoldStage>(common, keys.required_number("duration", Range::positive()));
}

}  // namespace pf
