#include "analysis/metrics/porosity.hpp"

#include "analysis/metrics/pore_size.hpp"

namespace pf::analysis {

double porosity(const Mask& pore) {
  validate_mask(pore, "porosity");
  return double(pore_voxel_count(pore, {0, pore.shape.nz})) / double(pore.shape.size());
}

std::vector<double> porosity_profile(const Mask& pore) {
  validate_mask(pore, "porosity_profile");
  const Shape s = pore.shape;
  std::vector<double> out(static_cast<std::size_t>(s.nz), 0.0);
#pragma omp parallel for schedule(static)
  for (std::int64_t z = 0; z < s.nz; ++z) {
    std::int64_t n = 0;
    for (std::int64_t i = z * s.slice_size(); i < (z + 1) * s.slice_size(); ++i) n += pore[i];
    out[z] = double(n) / double(s.slice_size());
  }
  return out;
}

std::vector<double> pore_size_profile(const Mask& pore, const Field& thickness) {
  return pore_size_profile(plane_size_sums(pore, thickness, {0, pore.shape.nz}));
}

std::vector<double> pore_size_profile(const std::vector<PlaneSizeSum>& planes) {
  std::vector<double> out(planes.size(), 0.0);
  for (std::size_t z = 0; z < planes.size(); ++z) out[z] = mean_of_planes(planes, z, z + 1);
  return out;
}

}  // namespace pf::analysis
