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

// The first pass (z) on the binary mask, where every site has value 0: the envelope's value at q
// is then square(hz (q - p)) for the nearest solid voxel p of the line (+inf if there is none), so
// two sweeps over whole planes find it (contiguous and vectorisable, where the envelope gathers
// strided lines). Bit-identical to lower_envelope: the same product and square of the same
// integer distance (the envelope's "+ 0.0" changes no bit), and a tie picks the same distance.
void binary_z_pass(const Mask& pore, double hz, Field& d2) {
  const Shape s = pore.shape;
  const std::int64_t plane = s.slice_size();
  constexpr std::int32_t none = std::numeric_limits<std::int32_t>::max() / 2;  // stays > nz when incremented
#pragma omp parallel
  {
    std::vector<std::int32_t> gap;  // distance along z to the last solid voxel seen, per column
#pragma omp for schedule(static)
    for (std::int64_t b = 0; b < plane; b += 4096) {  // blocks of columns, swept down then up
      const std::int64_t e = std::min(plane, b + 4096);
      gap.assign(std::size_t(e - b), none);
      for (std::int64_t z = 0; z < s.nz; ++z)
        for (std::int64_t i = b; i < e; ++i) {
          std::int32_t& g = gap[std::size_t(i - b)];
          g = pore[z * plane + i] ? g + 1 : 0;
          d2[z * plane + i] = double(g);
        }
      gap.assign(std::size_t(e - b), none);
      for (std::int64_t z = s.nz - 1; z >= 0; --z)
        for (std::int64_t i = b; i < e; ++i) {
          std::int32_t& g = gap[std::size_t(i - b)];
          g = pore[z * plane + i] ? g + 1 : 0;
          const double d = std::min(d2[z * plane + i], double(g));
          d2[z * plane + i] = d >= double(s.nz) ? std::numeric_limits<double>::infinity() : square(hz * d);
        }
    }
  }
}

}  // namespace

Field squared_distance_transform(const Mask& pore, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "squared_distance_transform");
  validate_spacing(h, "squared_distance_transform");
  const Shape s = pore.shape;

  Field d2(s);
  const auto passes = distance_transform_passes(s, h, periodic_xy);
  binary_z_pass(pore, passes[0].h, d2);
  transform_lines(d2, passes[1]);
  transform_lines(d2, passes[2]);
  return d2;
}

Field distance_transform(const Mask& pore, const Spacing& h, bool periodic_xy) {
  Field d = squared_distance_transform(pore, h, periodic_xy);
  for (double& v : d.data) v = std::sqrt(v);
  return d;
}

}  // namespace pf::analysis
