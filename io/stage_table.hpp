#pragma once
// The opaque [[stage]] table of io/config.hpp, opened for the stage kinds' parsers: they read
// their keys through TomlSection, so stage keys are validated exactly like every other key
// (types, named ranges, unknown keys with a did-you-mean).
#include <toml++/toml.h>

#include <memory>
#include <string>

#include "io/config.hpp"
#include "io/toml_section.hpp"

namespace pf {

struct StageTable {
  std::shared_ptr<const toml::table> document;  // the whole parsed file, kept alive
  const toml::table* table;                     // this [[stage]] inside it
};

// A reader over one stage's keys; messages name it "[stage #<index>]". `source` must outlive it.
TomlSection stage_section(const StageSource& source, const std::string& file);

}  // namespace pf
