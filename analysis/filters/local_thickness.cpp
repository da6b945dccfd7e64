#include "analysis/filters/local_thickness.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <vector>

#include "analysis/filters/ball_geometry.hpp"
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

// The discrete balls of every distinct squared radius, as row half-widths: for a ball k, plane
// offset |dz| and row offset |dy|, the ball's row is [cx - mx, cx + mx] (balls are symmetric in
// dz and dy). Computing them once per radius instead of once per centre removes the square
// roots and boundary searches from the painting loop.
struct BallTable {
  std::vector<double> r2;                  // decreasing
  std::vector<std::int64_t> plane_begin;   // per ball: index into `row_begin` of |dz| = 0
  std::vector<std::int64_t> plane_count;   // per ball: planes |dz| = 0 .. count - 1
  std::vector<std::int64_t> row_begin;     // per (ball, |dz|): index into mx of |dy| = 0; +1 entry ends it
  std::vector<std::int32_t> mx;

  BallTable(std::vector<double> radii2, const Spacing& h) : r2(std::move(radii2)) {
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
};

// For each ball k and each neighbour offset e in {-1, 0, 1}^3: the largest squared distance from
// c + e to a voxel of the discrete ball of c (by symmetry it depends on |e| only, 7 cases). The
// ball of c then lies inside the discrete ball of its neighbour n = c + e exactly when
// r2(n) > need: every voxel u of ball c has squared_length(u - e) <= need < r2(n), the very
// predicate that builds ball n's rows. This discrete test drops far more centres than the
// continuous one (r(n) - r(c) >= |e|): 85 % of the pore voxels of a bench-analysis-like
// structure at 256^3, against 18 %. The farthest voxel from c + e (e >= 0) is the end (-mx, -|dy|, -|dz|)
// of some row, since squared_length grows with every |component|.
struct ContainmentTable {
  std::vector<double> need;  // [ball * 8 + 4 |ez| + 2 |ey| + |ex|]

  ContainmentTable(const BallTable& balls, const Spacing& h) : need(balls.r2.size() * 8, 0.0) {
    for (std::size_t k = 0; k < balls.r2.size(); ++k)
      for (std::int64_t dz = 0; dz < balls.plane_count[k]; ++dz) {
        const std::int64_t plane = balls.plane_begin[k] + dz;
        for (std::int64_t row = balls.row_begin[std::size_t(plane)]; row < balls.row_begin[std::size_t(plane) + 1]; ++row) {
          const std::int64_t dy = row - balls.row_begin[std::size_t(plane)], mx = balls.mx[std::size_t(row)];
          for (int e = 1; e < 8; ++e) {
            double& worst = need[k * 8 + std::size_t(e)];
            worst = std::max(worst, squared_length(dz + (e >> 2), dy + ((e >> 1) & 1), mx + (e & 1), h));
          }
        }
      }
  }

  // True if the ball of centre (z, y, x), ball k, lies inside the ball of a 26-neighbour. Away
  // from the box faces the neighbours are fixed index steps (`steps`, from interior_steps()).
  bool inside_neighbour_ball(const Field& d2, std::int64_t z, std::int64_t y, std::int64_t x, std::int32_t k,
                             bool periodic_xy, const std::array<std::int64_t, 27>& steps) const {
    const double* limit = &need[std::size_t(k) * 8];
    const Shape s = d2.shape;
    const std::int64_t c = s.index(z, y, x);
    const bool interior = z > 0 && z < s.nz - 1 && y > 0 && y < s.ny - 1 && x > 0 && x < s.nx - 1;
    int e = 0;
    for (std::int64_t dz = -1; dz <= 1; ++dz)
      for (std::int64_t dy = -1; dy <= 1; ++dy)
        for (std::int64_t dx = -1; dx <= 1; ++dx, ++e) {
          if (e == 13) continue;  // the centre itself
          const std::int64_t n = interior ? c + steps[std::size_t(e)] : neighbour_index(s, z, y, x, dz, dy, dx, periodic_xy);
          if (n >= 0 && d2[n] > limit[4 * (dz != 0) + 2 * (dy != 0) + (dx != 0)]) return true;
        }
    return false;
  }

  static std::array<std::int64_t, 27> interior_steps(const Shape& s) {
    std::array<std::int64_t, 27> steps{};
    int e = 0;
    for (std::int64_t dz = -1; dz <= 1; ++dz)
      for (std::int64_t dy = -1; dy <= 1; ++dy)
        for (std::int64_t dx = -1; dx <= 1; ++dx) steps[std::size_t(e++)] = (dz * s.ny + dy) * s.nx + dx;
    return steps;
  }
};

// Ball index of a squared radius: an open-addressing hash on the value's bits (a binary search
// per pore voxel cost more than the containment test itself).
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
  // zero); also used by callers that filter repeated values.
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

struct Centre {
  std::int64_t index;
  std::int32_t ball;  // into BallTable
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

  // Every distinct squared radius of the pore voxels, decreasing: the balls of the table.
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
  std::vector<double> all_radii2;
  for (auto& r : radii2) {
    all_radii2.insert(all_radii2.end(), r.begin(), r.end());
    std::vector<double>().swap(r);
  }
  std::sort(all_radii2.begin(), all_radii2.end(), std::greater<>());
  all_radii2.erase(std::unique(all_radii2.begin(), all_radii2.end()), all_radii2.end());
  const BallTable balls(all_radii2, h);
  const ContainmentTable containment(balls, h);
  const BallIndex ball_of(balls.r2);
  const auto steps = ContainmentTable::interior_steps(s);

  // The centres whose ball lies in no 26-neighbour's ball, per plane, by decreasing radius.
  std::vector<std::vector<Centre>> by_plane(static_cast<std::size_t>(s.nz));
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t z = 0; z < s.nz; ++z) {
    auto& list = by_plane[std::size_t(z)];
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const std::int64_t c = s.index(z, y, x);
        if (!pore[c]) continue;
        const std::int32_t k = ball_of(d2[c]);
        if (!containment.inside_neighbour_ball(d2, z, y, x, k, periodic_xy, steps)) list.push_back({c, k});
      }
    std::stable_sort(list.begin(), list.end(), [](const Centre& a, const Centre& b) { return a.ball < b.ball; });
  }

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
