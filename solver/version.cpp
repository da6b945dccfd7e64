#include "solver/version.hpp"

namespace pf {

std::string version_string() { return PF_VERSION; }
std::string git_revision() { return PF_GIT_REVISION; }

}  // namespace pf
