#include "analysis/filters/local_thickness.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/filters/ball_containment.hpp"
#include "analysis/filters/distance_transform.hpp"

namespace pf::analysis {
namespace {

// The unpainted voxels of one plane, per row: next[x] is x while voxel x is unpainted, else a
// later voxel (union-find with path halving toward the next unpainted one; x = nx ends the row).
// Balls are painted in decreasing radius, so a voxel's first value is its final one and a span
// already painted is crossed in one step: the cost is per row of a ball, not per voxel.
class PlanePainter {
 public:
  PlanePainter(const Shape& s, bool periodic) : nx_(s.nx), ny_(s.ny), periodic_(periodic) {}
  bool periodic() const { return periodic_; }
  bool done() const { return unpainted_ == 0; }

  // `pore`: the plane's mask. Every pore voxel will be painted (by its own ball if by no larger
  // one), so counting them down tells when a row, or the whole plane, needs no more balls.
  void start_plane(double* plane, const std::uint8_t* pore) {
    plane_ = plane;
    pore_ = pore;
    unpainted_ = 0;
    row_left_.assign(std::size_t(ny_), 0);
    for (std::int64_t y = 0; y < ny_; ++y) {
      for (std::int64_t x = 0; x < nx_; ++x) row_left_[std::size_t(y)] += pore[y * nx_ + x];
      unpainted_ += row_left_[std::size_t(y)];
    }
    next_.resize(std::size_t(ny_ * (nx_ + 1)));
    for (std::int64_t y = 0; y < ny_; ++y)
      for (std::int64_t x = 0; x <= nx_; ++x) next_[std::size_t(y * (nx_ + 1) + x)] = std::int32_t(x);
  }

  // Paint value v on the still-unpainted voxels of [lo, hi] in row y, wrapping when periodic.
  void paint(std::int64_t y, std::int64_t lo, std::int64_t hi, double v) {
    if (row_left_[std::size_t(y)] == 0) return;
    if (periodic_ && hi - lo + 1 >= nx_) return fill(y, 0, nx_ - 1, v);
    if (!periodic_) return fill(y, std::max<std::int64_t>(lo, 0), std::min(hi, nx_ - 1), v);
    if (lo < 0) return fill(y, lo + nx_, nx_ - 1, v), fill(y, 0, hi, v);
    if (hi >= nx_) return fill(y, lo, nx_ - 1, v), fill(y, 0, hi - nx_, v);
    fill(y, lo, hi, v);
  }

 private:
  std::int64_t nx_, ny_;
  bool periodic_;
  double* plane_ = nullptr;
  const std::uint8_t* pore_ = nullptr;
  std::int64_t unpainted_ = 0;
  std::vector<std::int32_t> row_left_;  // unpainted pore voxels per row
  std::vector<std::int32_t> next_;

  void fill(std::int64_t y, std::int64_t lo, std::int64_t hi, double v) {
    std::int32_t* next = next_.data() + y * (nx_ + 1);
    double* row = plane_ + y * nx_;
    const std::uint8_t* pore = pore_ + y * nx_;
    const auto find = [next](std::int32_t x) {
      while (next[x] != x) x = next[x] = next[next[x]];
      return x;
    };
    for (std::int32_t x = find(std::int32_t(lo)); x <= hi; x = find(x + 1)) {
      row[x] = v;
      next[x] = x + 1;
      row_left_[std::size_t(y)] -= pore[x];  // see the solid-voxel note in paint_plane()
      unpainted_ -= pore[x];
    }
  }
};

// A ball can hold a solid voxel after all: with anisotropic spacing the EDT's envelope may pick
// a site whose squared distance is an ulp above the true minimum, so r2(c) can exceed the squared
// distance of a solid voxel by an ulp. Such voxels are painted but not counted, and set to 0 at
// the end.
//
// Every ball listed in `by_plane` that reaches plane z, painted there in decreasing radius (ball
// index order), row by row. Centres are bucketed by plane and sorted by decreasing radius, so a
// bucket is left as soon as its balls no longer reach z; a counting sort on the ball index then
// orders the few that do.
void paint_plane(Field& best_r2, const Mask& pore, const BallTable& balls, const std::vector<std::vector<Centre>>& by_plane,
                 std::int64_t z, std::int64_t reach_z, PlanePainter& painter, std::vector<std::int64_t>& first,
                 std::vector<Centre>& order) {
  const Shape s = best_r2.shape;
  const std::int64_t z0 = std::max<std::int64_t>(0, z - reach_z), z1 = std::min(s.nz - 1, z + reach_z);
  const auto reaching = [&](auto&& visit) {
    for (std::int64_t cz = z0; cz <= z1; ++cz) {
      const std::int64_t dz = z > cz ? z - cz : cz - z;
      for (const Centre& c : by_plane[std::size_t(cz)]) {
        if (dz >= balls.plane_count[std::size_t(c.ball)]) break;
        visit(c);
      }
    }
  };
  first.assign(balls.r2.size() + 1, 0);
  reaching([&](const Centre& c) { ++first[std::size_t(c.ball) + 1]; });
  for (std::size_t k = 1; k < first.size(); ++k) first[k] += first[k - 1];
  order.resize(std::size_t(first.back()));
  reaching([&](const Centre& c) { order[std::size_t(first[std::size_t(c.ball)]++)] = c; });

  painter.start_plane(&best_r2[s.index(z, 0, 0)], &pore[s.index(z, 0, 0)]);
  for (const Centre& c : order) {
    if (painter.done()) break;
    const std::int64_t cz = c.index / s.slice_size(), dz = z > cz ? z - cz : cz - z;
    const double r2 = balls.r2[std::size_t(c.ball)];
    const std::int64_t plane = balls.plane_begin[std::size_t(c.ball)] + dz;
    const std::int32_t* mx = balls.mx.data() + balls.row_begin[std::size_t(plane)];
    const std::int64_t my = balls.row_begin[std::size_t(plane) + 1] - balls.row_begin[std::size_t(plane)] - 1;
    const std::int64_t cy = (c.index / s.nx) % s.ny, cx = c.index % s.nx;
    for (std::int64_t dy = -my; dy <= my; ++dy) {
      std::int64_t y = cy + dy;
      if (y < 0 || y >= s.ny) {
        if (!painter.periodic()) continue;
        y = wrap_index(y, s.ny);
      }
      const std::int64_t m = mx[dy < 0 ? -dy : dy];
      painter.paint(y, cx - m, cx + m, r2);
    }
  }
}

double box_limit_diameter(const Shape& s, const Spacing& h, bool periodic_xy) {
  const double d = thickness_um(s, h);
  if (periodic_xy) return d;
  return std::min({d, double(s.ny) * h.hy, double(s.nx) * h.hx});
}

}  // namespace

Field local_thickness_from_squared_edt(const Mask& pore, const Field& d2, const Spacing& h, bool periodic_xy) {
  validate_mask(pore, "local_thickness");
  validate_spacing(h, "local_thickness");
  require_same_shape(pore, d2, "local_thickness");
  const Shape s = pore.shape;

  bool any_pore = false, unbounded = false;
  for (std::int64_t i = 0; i < s.size(); ++i) {
    if (!pore[i]) continue;
    any_pore = true;
    unbounded = unbounded || std::isinf(d2[i]);
  }
  if (!any_pore) return Field(s);
  if (unbounded) {  // no solid voxel anywhere: see the header
    Field diameter(s);
    const double limit = box_limit_diameter(s, h, periodic_xy);
    for (std::int64_t i = 0; i < s.size(); ++i) diameter[i] = pore[i] ? limit : 0.0;
    return diameter;
  }

  // The centres whose ball lies in no 26-neighbour's ball, per plane, by decreasing radius.
  const BallTable balls(distinct_pore_radii2(pore, d2), h);
  const auto by_plane = maximal_centres_by_plane(pore, d2, balls, containment_need(balls, h), periodic_xy);

  // Balls hold pore voxels only (their radius is the distance to the nearest solid centre, and
  // they are open; up to the ulp noted at paint_plane()), so painting needs no mask test; each
  // plane is painted by one thread.
  Field best_r2(s);
  const std::int64_t reach_z = balls.r2.empty() ? 0 : balls.plane_count[0];
#pragma omp parallel
  {
    PlanePainter painter(s, periodic_xy);
    std::vector<std::int64_t> first;
    std::vector<Centre> order;
#pragma omp for schedule(dynamic)
    for (std::int64_t z = 0; z < s.nz; ++z) paint_plane(best_r2, pore, balls, by_plane, z, reach_z, painter, first, order);
  }
  // Turned into the diameter in place: at 512^3 every Field is 1 GiB.
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < s.size(); ++i) best_r2[i] = pore[i] ? 2.0 * std::sqrt(best_r2[i]) : 0.0;
  return best_r2;
}

Field local_thickness(const Mask& pore, const Spacing& h, bool periodic_xy) {
  return local_thickness_from_squared_edt(pore, squared_distance_transform(pore, h, periodic_xy), h, periodic_xy);
}

}  // namespace pf::analysis
