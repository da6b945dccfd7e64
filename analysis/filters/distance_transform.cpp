#include "analysis/filters/distance_transform.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "analysis/filters/lower_envelope.hpp"

namespace pf::analysis {
namespace {

// Run the lower envelope along every line of one pass, in place. Lines are gathered and
// scattered kBlock at a time: along z and y, consecutive lines start at consecutive addresses, so
// each step reads kBlock neighbouring values (whole cache lines) instead of one value per line at
// a large stride.
void transform_lines(Field& d2, const EnvelopeLines& pass) {
  constexpr std::int64_t kBlock = 16;
  const std::int64_t n = pass.n, stride = pass.stride, lines = pass.lines;
  const std::int64_t block = stride == 1 ? 1 : kBlock;
  const std::int64_t blocks = (lines + block - 1) / block;
#pragma omp parallel
  {
    std::vector<double> in(static_cast<std::size_t>(n * block)), out(static_cast<std::size_t>(n));
    std::vector<std::int64_t> site(static_cast<std::size_t>(envelope_sites(n, pass.periodic)));
    std::vector<double> boundary(site.size() + 1);
    std::int64_t start[kBlock];
#pragma omp for schedule(static)
    for (std::int64_t k = 0; k < blocks; ++k) {
      const std::int64_t first = k * block, count = std::min(block, lines - first);
      for (std::int64_t b = 0; b < count; ++b) start[b] = pass.start(first + b);
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t b = 0; b < count; ++b) in[std::size_t(b * n + i)] = d2[start[b] + i * stride];
      for (std::int64_t b = 0; b < count; ++b) {
        lower_envelope(in.data() + b * n, n, pass.h, pass.periodic, site.data(), boundary.data(), out.data());
        std::copy(out.begin(), out.end(), in.begin() + b * n);
      }
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t b = 0; b < count; ++b) d2[start[b] + i * stride] = in[std::size_t(b * n + i)];
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
