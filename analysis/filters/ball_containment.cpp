#include "analysis/filters/ball_containment.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <functional>

#include "analysis/filters/ball_geometry.hpp"

namespace pf::analysis {
namespace {

// Ball index of a squared radius on the CPU: an open-addressing hash on the value's bits (a
// binary search per pore voxel cost more than the containment test itself).
class BallIndex {
 public:
  explicit BallIndex(const std::vector<double>& r2) {
    while (slots_ < 4 * r2.size()) slots_ = std::size_t(1) << ++bits_;
    key_.assign(slots_, 0.0);
    ball_.assign(slots_, -1);
    for (std::size_t k = 0; k < r2.size(); ++k) {
      std::size_t i = slot(r2[k]);
      while (ball_[i] >= 0) i = (i + 1) & (slots_ - 1);
      key_[i] = r2[k];
      ball_[i] = std::int32_t(k);
    }
  }
  // r2 must be one of the table's values.
  std::int32_t operator()(double r2) const {
    std::size_t i = slot(r2);
    while (key_[i] != r2) i = (i + 1) & (slots_ - 1);
    return ball_[i];
  }
  // The top `bits` bits of a multiplicative hash (the low bits of a double's pattern are often
  // zero); also used to filter repeated values.
  static std::size_t hash(double v, int bits) {
    return std::size_t((std::bit_cast<std::uint64_t>(v) * 0x9E3779B97F4A7C15ull) >> (64 - bits));
  }

 private:
  int bits_ = 6;
  std::size_t slots_ = 64;
  std::vector<double> key_;
  std::vector<std::int32_t> ball_;
  std::size_t slot(double v) const { return hash(v, bits_); }
};

}  // namespace

BallTable::BallTable(std::vector<double> radii2_decreasing, const Spacing& h) : r2(std::move(radii2_decreasing)) {
  plane_begin.resize(r2.size());
  plane_count.resize(r2.size());
  for (std::size_t k = 0; k < r2.size(); ++k) {
    plane_begin[k] = std::int64_t(row_begin.size());
    plane_count[k] = half_span(0.0, r2[k], h.hz) + 1;
    for (std::int64_t dz = 0; dz < plane_count[k]; ++dz) {
      row_begin.push_back(std::int64_t(mx.size()));
      const double rz2 = square(h.hz * double(dz));
      const std::int64_t my = half_span(rz2, r2[k], h.hy);
      for (std::int64_t dy = 0; dy <= my; ++dy)
        mx.push_back(std::int32_t(half_span(square(h.hy * double(dy)) + rz2, r2[k], h.hx)));
    }
  }
  row_begin.push_back(std::int64_t(mx.size()));
}

std::vector<double> containment_need(const BallTable& balls, const Spacing& h) {
  std::vector<double> need(balls.r2.size() * need_per_ball, 0.0);
  for (std::size_t k = 0; k < balls.r2.size(); ++k)
    for (std::int64_t dz = 0; dz < balls.plane_count[k]; ++dz) {
      const std::size_t plane = std::size_t(balls.plane_begin[k] + dz);
      for (std::int64_t row = balls.row_begin[plane]; row < balls.row_begin[plane + 1]; ++row) {
        const std::int64_t dy = row - balls.row_begin[plane], mx = balls.mx[std::size_t(row)];
        for (int e = 1; e < need_per_ball; ++e) {
          double& worst = need[k * need_per_ball + std::size_t(e)];
          worst = std::max(worst, squared_length(dz + (e >> 2), dy + ((e >> 1) & 1), mx + (e & 1), h));
        }
      }
    }
  return need;
}

std::vector<double> distinct_pore_radii2(const Mask& pore, const Field& d2) {
  const Shape s = pore.shape;
  std::vector<std::vector<double>> radii2(static_cast<std::size_t>(s.nz));
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t z = 0; z < s.nz; ++z) {
    auto& list = radii2[std::size_t(z)];
    std::array<double, 1024> seen;  // recent values by hash: few reach the sort
    seen.fill(-1.0);
    for (std::int64_t i = z * s.slice_size(); i < (z + 1) * s.slice_size(); ++i) {
      if (!pore[i]) continue;
      double& recent = seen[BallIndex::hash(d2[i], 10)];
      if (recent != d2[i]) list.push_back(recent = d2[i]);
    }
    std::sort(list.begin(), list.end(), std::greater<>());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  std::vector<double> all;
  for (auto& r : radii2) {
    all.insert(all.end(), r.begin(), r.end());
    std::vector<double>().swap(r);
  }
  std::sort(all.begin(), all.end(), std::greater<>());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

std::vector<std::vector<Centre>> maximal_centres_by_plane(const Mask& pore, const Field& d2, const BallTable& balls,
                                                          const std::vector<double>& need, bool periodic_xy) {
  const Shape s = pore.shape;
  const BallIndex ball_of(balls.r2);
  std::vector<std::vector<Centre>> by_plane(static_cast<std::size_t>(s.nz));
#pragma omp parallel
  {
    std::vector<std::int64_t> first;
    std::vector<Centre> sorted;
#pragma omp for schedule(dynamic)
    for (std::int64_t z = 0; z < s.nz; ++z) {
      auto& list = by_plane[std::size_t(z)];
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t x = 0; x < s.nx; ++x) {
          const std::int64_t c = s.index(z, y, x);
          if (!pore[c]) continue;
          const std::int32_t k = ball_of(d2[c]);
          if (!inside_a_neighbour_discrete_ball(d2.data.data(), need.data(), k, s, z, y, x, periodic_xy))
            list.push_back({c, k, parts_covered_by_neighbours(d2.data.data(), s, z, y, x, periodic_xy), std::int32_t(z),
                            std::int32_t(y), std::int32_t(x)});
        }
      // By ball index, stably: a counting sort, the balls being few.
      first.assign(balls.r2.size() + 1, 0);
      for (const Centre& c : list) ++first[std::size_t(c.ball) + 1];
      for (std::size_t k = 1; k < first.size(); ++k) first[k] += first[k - 1];
      sorted.resize(list.size());
      for (const Centre& c : list) sorted[std::size_t(first[std::size_t(c.ball)]++)] = c;
      std::copy(sorted.begin(), sorted.end(), list.begin());
    }
  }
  return by_plane;
}

}  // namespace pf::analysis
