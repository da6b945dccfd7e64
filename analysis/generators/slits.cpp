#include "analysis/generators/slits.hpp"

namespace pf::analysis {

Mask slits(const Shape& shape, const std::vector<SlitLayer>& layers) {
  validate_shape(shape, "slits");
  Mask pore(shape, 0);
  for (const SlitLayer& l : layers) {
    require(0 <= l.z_begin && l.z_begin <= l.z_end && l.z_end <= shape.nz,
            "slits: layer slices [" + std::to_string(l.z_begin) + ", " + std::to_string(l.z_end) +
                ") outside the volume");
    require(0 < l.width_voxels && l.width_voxels < l.pitch_voxels,
            "slits: need 0 < width < pitch, got width " + std::to_string(l.width_voxels) + ", pitch " +
                std::to_string(l.pitch_voxels));
    for (std::int64_t z = l.z_begin; z < l.z_end; ++z)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t x = 0; x < shape.nx; ++x)
          if (x % l.pitch_voxels < l.width_voxels) pore(z, y, x) = 1;
  }
  return pore;
}

}  // namespace pf::analysis
