#include "analysis/volume.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pf::analysis {

void validate_shape(const Shape& s, const std::string& where) {
  require(s.nz > 0 && s.ny > 0 && s.nx > 0,
          where + ": shape must be positive, got (" + std::to_string(s.nz) + ", " + std::to_string(s.ny) +
              ", " + std::to_string(s.nx) + ")");
  // Labels and solver indices are int32; refuse volumes they cannot address.
  require(s.size() < std::numeric_limits<std::int32_t>::max(),
          where + ": volume has " + std::to_string(s.size()) + " voxels, more than int32 can index");
}

void validate_spacing(const Spacing& h, const std::string& where) {
  const auto ok = [](double v) { return std::isfinite(v) && v > 0.0; };
  require(ok(h.hz) && ok(h.hy) && ok(h.hx),
          where + ": spacing must be positive and finite, got (" + std::to_string(h.hz) + ", " +
              std::to_string(h.hy) + ", " + std::to_string(h.hx) + ") um");
}

void validate_mask(const Mask& mask, const std::string& where) {
  validate_shape(mask.shape, where);
  require(static_cast<std::int64_t>(mask.data.size()) == mask.shape.size(),
          where + ": mask data size " + std::to_string(mask.data.size()) + " does not match its shape");
  // The largest value first (a vectorised parallel pass: the analysis checks its mask several
  // times), then, only on failure, the first offending voxel for the message.
  const std::uint8_t* m = mask.data.data();
  const std::int64_t n = std::int64_t(mask.data.size());
  std::uint8_t largest = 0;
#pragma omp parallel for schedule(static) reduction(max : largest)
  for (std::int64_t i = 0; i < n; ++i) largest = std::max(largest, m[i]);
  if (largest <= 1) return;
  for (std::int64_t i = 0; i < n; ++i)
    if (m[i] > 1)
      throw AnalysisError(where + ": pore mask must hold 0 (solid) or 1 (pore); voxel " + std::to_string(i) +
                          " holds " + std::to_string(int(m[i])));
}

}  // namespace pf::analysis
