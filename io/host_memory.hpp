#pragma once
#include <cstdint>
#include <optional>

namespace pf {

// MemAvailable from /proc/meminfo in bytes (what the kernel can hand out without swapping),
// or nothing where it cannot be read (not Linux, /proc not mounted).
std::optional<std::uint64_t> host_memory_available_bytes();

}  // namespace pf
