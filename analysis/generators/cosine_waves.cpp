#include "analysis/generators/cosine_waves.hpp"

#include <cmath>
#include <vector>

namespace pf::analysis {

Mask cosine_waves(std::int64_t n, int waves, double wavelengths_per_box, const std::function<double(int)>& uniform) {
  struct Wave {
    double kx, ky, kz, phase;
  };
  std::vector<Wave> list;
  const double k = 2 * M_PI * wavelengths_per_box / double(n);
  for (int w = 0; w < waves; ++w) {
    const double theta = std::acos(2 * uniform(3 * w) - 1), phi = 2 * M_PI * uniform(3 * w + 1);
    list.push_back({k * std::sin(theta) * std::cos(phi), k * std::sin(theta) * std::sin(phi), k * std::cos(theta),
                    2 * M_PI * uniform(3 * w + 2)});
  }
  Mask mask(Shape{n, n, n});
#pragma omp parallel for schedule(static)
  for (std::int64_t z = 0; z < n; ++z)
    for (std::int64_t y = 0; y < n; ++y)
      for (std::int64_t x = 0; x < n; ++x) {
        double s = 0;
        for (const Wave& w : list) s += std::cos(w.kx * x + w.ky * y + w.kz * z + w.phase);
        mask(z, y, x) = s < 0 ? 1 : 0;
      }
  return mask;
}

}  // namespace pf::analysis
