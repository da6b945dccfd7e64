#include "io/host_memory.hpp"

#include <fstream>
#include <string>

namespace pf {

std::optional<std::uint64_t> host_memory_available_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t value = 0;
  while (in >> key >> value) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return value * 1024;  // the file counts kB
  }
  return std::nullopt;
}

}  // namespace pf
