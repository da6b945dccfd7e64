#include "analysis/filters/distance_transform.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/filters/lower_envelope.hpp"

namespace pf::analysis {
namespace {

// Run the lower envelope along every line of one pass, in place.
void transform_lines(Field& d2, const EnvelopeLines& pass) {
  const std::int64_t n = pass.n;
#pragma omp parallel
  {
    std::vector<double> in(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n));
    std::vector<std::int64_t> site(static_cast<std::size_t>(envelope_sites(n, pass.periodic)));
    std::vector<double> boundary(site.size() + 1);
#pragma omp for schedule(static)
    for (std::int64_t l = 0; l < pass.lines; ++l) {
      const std::int64_t start = pass.start(l);
      for (std::int64_t i = 0; i < n; ++i) in[i] = d2[start + i * pass.stride];
      lower_envelope(in.data(), n, pass.h, pass.periodic, site.data(), boundary.data(), out.data());
      for (std::int64_t i = 0; i < n; ++i) d2[start + i * pass.stride] = out[i];
    }
  }
}

}  // namespace

Field squared_distance_transform(const Mask& pore, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "squared_distance_transform");
  validate_spacing(h, "squared_distance_transform");
  const Shape s = pore.shape;
  constexpr double inf = std::numeric_limits<double>::infinity();

  Field d2(s);
  for (std::int64_t i = 0; i < s.size(); ++i) d2[i] = pore[i] ? inf : 0.0;

  for (const EnvelopeLines& pass : distance_transform_passes(s, h, periodic_xy)) transform_lines(d2, pass);
  return d2;
}

Field distance_transform(const Mask& pore, const Spacing& h, bool periodic_xy) {
  Field d = squared_distance_transform(pore, h, periodic_xy);
  for (double& v : d.data) v = std::sqrt(v);
  return d;
}

}  // namespace pf::analysis
