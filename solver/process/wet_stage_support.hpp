#pragma once
// Shared by the wet-process stages (quench, hot_solvent): which z faces a condition acts on.
#include <optional>
#include <string>

#include "io/config.hpp"
#include "io/toml_section.hpp"
#include "solver/models/wet_process_mapping.hpp"
#include "solver/process/deforming_domain.hpp"
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

// A wet stage's own heat time scale. The phase-field time unit is set by the structure, not by
// seconds, so [material] thermal_diffusivity cannot say how far heat gets into a mm-thick sheet
// during a dip of seconds; `fourier_number` (Fo = alpha duration / d^2 of the real step) can: it
// sets alpha for this stage only, and the material's alpha comes back at the stage's end.
class StageDiffusivity {
 public:
  void read(TomlSection& keys) {
    if (keys.has("fourier_number")) fourier_number_ = keys.number("fourier_number", 1, Range::positive());
  }
  void apply(DeformingDomain& domain, double duration) const {
    if (!fourier_number_ || !domain.thermal()) return;
    const double thickness = domain.grid().shape[2] * domain.grid().spacing[2];
    domain.thermal()->set_diffusivity(diffusivity_for_fourier_number(*fourier_number_, thickness, duration));
  }
  void restore(DeformingDomain& domain) const {
    if (fourier_number_ && domain.thermal() && domain.wet_process())
      domain.thermal()->set_diffusivity(domain.wet_process()->material.thermal_diffusivity);
  }
  void add_to(nlohmann::json& parameters) const {
    if (fourier_number_) parameters["fourier_number"] = *fourier_number_;
  }

 private:
  std::optional<double> fourier_number_;  // empty: [material] thermal_diffusivity
};

}  // namespace pf
