// libFuzzer target: the TOML config parser. Any input must either parse into a Config or throw
// pf::InputError; anything else (another exception, a crash, a sanitizer report, a leak) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/config.hpp"
#include "solver/core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const pf::Config c = pf::parse_config_text(text, "fuzz.toml");
    (void)pf::config_location(c, "grid", "shape");
  } catch (const pf::InputError&) {
  }
  return 0;
}
