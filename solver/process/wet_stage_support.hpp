#pragma once
// Shared by the wet-process stages (quench, hot_solvent): which z faces a condition acts on.
#include <optional>
#include <string>

#include "io/config.hpp"
#include "io/toml_section.hpp"
#include "solver/process/stage.hpp"

namespace pf {

enum class Faces { bottom, top, both };
inline constexpr const char* face_names[] = {"bottom", "top", "both"};

inline Faces read_faces(TomlSection& keys, Faces fallback) {
  return static_cast<Faces>(keys.choice("sides", {"bottom", "top", "both"}, int(fallback)));
}
inline bool has_bottom(Faces f) { return f != Faces::top; }
inline bool has_top(Faces f) { return f != Faces::bottom; }

// The wet stages need the [material] mapping (T -> chi, arrest) and the no-flux z faces.
inline std::optional<StageProblem> check_wet_config(const Config& c, const char* kind, const char* key) {
  if (!c.material.enabled)
    return StageProblem{key, std::string("stage kind \"") + kind + "\" needs a [material] section (the polymer-solvent system)"};
  if (c.grid.boundary_z != BoundaryZ::no_flux || c.grid.shape[2] < 2)
    return StageProblem{key, std::string("stage kind \"") + kind + "\" needs [grid] boundary_z = \"no_flux\" and nz >= 2 (z is the thickness)"};
  return std::nullopt;
}

}  // namespace pf
