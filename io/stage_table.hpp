#pragma once
// The opaque [[stage]] table of io/config.hpp, opened for the stage kinds' parsers: they read
// their keys through TomlSection, so stage keys are validated exactly like every other key
// (types, named ranges, unknown keys with a did-you-mean).
#include <toml++/toml.h>

#include <string>

#include "io/config.hpp"
#include "io/toml_section.hpp"

namespace pf {

struct StageTable {
  toml::table table;
};

// A reader over one stage's keys; messages name it "[stage #<index>]". `source` must outlive it.
TomlSection stage_section(const StageSource& source, const std::string& file);

}  // namespace pf
