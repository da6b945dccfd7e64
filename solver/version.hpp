#pragma once
#include <string>

namespace pf {

std::string version_string();  // e.g. "0.1.0"
std::string git_revision();     // the commit porefield was built from, or "unknown"

}  // namespace pf
