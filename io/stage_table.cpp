#include "io/stage_table.hpp"

namespace pf {

TomlSection stage_section(const StageSource& source, const std::string& file) {
  return TomlSection(source.table->table, "stage #" + std::to_string(source.index), file);
}

}  // namespace pf
