#include "analysis/filters/local_thickness.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "analysis/filters/ball_containment.hpp"
#include "analysis/filters/distance_transform.hpp"

namespace pf::analysis {
namespace {

// The unpainted pore voxels of one plane, one bit each, rows padded to whole 64-bit words (a
// plane of 512^2 is 32 KiB). Balls are painted in decreasing radius, so a voxel's first value is
// its final one, and most row spans a ball visits are already painted (95 % at 256^3): such a
// span costs one masked word.
class PlanePainter {
 public:
  PlanePainter(const Shape& s, bool periodic) : nx_(s.nx), words_((s.nx + 63) / 64), periodic_(periodic) {}
  bool periodic() const { return periodic_; }
  bool done() const { return unpainted_ == 0; }

  // `pore`: the plane's mask. Every pore voxel will be painted (by its own ball if by no larger
  // one), so counting them down tells when the plane needs no more balls. Solid voxels are never
  // painted (see the note at paint_plane()).
  void start_plane(double* plane, const std::uint8_t* pore, std::int64_t ny) {
    plane_ = plane;
    unpainted_ = 0;
    bits_.assign(std::size_t(ny * words_), 0);
    for (std::int64_t y = 0; y < ny; ++y) {
      std::uint64_t* bits = bits_.data() + y * words_;
      for (std::int64_t x = 0; x < nx_; ++x) bits[x >> 6] |= std::uint64_t(pore[y * nx_ + x] != 0) << (x & 63);
      for (std::int64_t w = 0; w < words_; ++w) unpainted_ += std::popcount(bits[w]);
    }
  }

  // Paint value v on the still-unpainted voxels of [lo, hi] in row y, wrapping when periodic.
  void paint(std::int64_t y, std::int64_t lo, std::int64_t hi, double v) {
    if (periodic_ && hi - lo + 1 >= nx_) return fill(y, 0, nx_ - 1, v);
    if (!periodic_) return fill(y, std::max<std::int64_t>(lo, 0), std::min(hi, nx_ - 1), v);
    if (lo < 0) return fill(y, lo + nx_, nx_ - 1, v), fill(y, 0, hi, v);
    if (hi >= nx_) return fill(y, lo, nx_ - 1, v), fill(y, 0, hi - nx_, v);
    fill(y, lo, hi, v);
  }

  // The same for 0 <= lo, hi < nx (lo > hi: nothing).
  void fill(std::int64_t y, std::int64_t lo, std::int64_t hi, double v) {
    if (lo > hi) return;
    std::uint64_t* bits = bits_.data() + y * words_;
    const std::int64_t first = lo >> 6, last = hi >> 6;
    const std::uint64_t head = ~std::uint64_t(0) << (lo & 63), tail = ~std::uint64_t(0) >> (63 - (hi & 63));
    if (first == last) {
      if (const std::uint64_t todo = bits[first] & head & tail) paint_word(bits, first, todo, y, v);
      return;
    }
    for (std::int64_t w = first; w <= last; ++w) {
      const std::uint64_t todo = bits[w] & (w == first ? head : ~std::uint64_t(0)) & (w == last ? tail : ~std::uint64_t(0));
      if (todo) paint_word(bits, w, todo, y, v);
    }
  }

 private:
  std::int64_t nx_, words_;
  bool periodic_;
  double* plane_ = nullptr;
  std::int64_t unpainted_ = 0;
  std::vector<std::uint64_t> bits_;  // set = unpainted pore voxel

  void paint_word(std::uint64_t* bits, std::int64_t w, std::uint64_t todo, std::int64_t y, double v) {
    bits[w] &= ~todo;
    unpainted_ -= std::popcount(todo);
    double* row = plane_ + y * nx_ + w * 64;
    for (; todo; todo &= todo - 1) row[std::countr_zero(todo)] = v;
  }
};

// The rows of one plane of a ball (row half-widths mx[|dy|], |dy| <= my) less the parts that
// `covered` (plane_parts_covered) marks, as span(dy, lo, hi): x offsets [lo, hi], lo <= hi, at
// most two per row ([-m, -1] and [1, m] when only the offset 0 is covered).
template <class Span>
void for_each_uncovered_span(const std::int32_t* mx, std::int64_t my, std::uint32_t covered, Span&& span) {
  for (std::int64_t sy = -1; sy <= 1; ++sy) {
    const std::uint32_t row = (covered >> (3 * (sy + 1))) & 7u;  // bits: x offsets < 0, 0, > 0
    if (row == 7u) continue;
    const std::int64_t dy_lo = sy < 0 ? -my : sy == 0 ? 0 : 1, dy_hi = sy < 0 ? -1 : sy == 0 ? 0 : my;
    for (std::int64_t dy = dy_lo; dy <= dy_hi; ++dy) {
      const std::int64_t m = mx[dy < 0 ? -dy : dy];
      const std::int64_t lo = row & 1u ? (row & 2u ? 1 : 0) : -m, hi = row & 4u ? (row & 2u ? -1 : 0) : m;
      if (row == 2u) {
        if (m > 0) span(dy, -m, std::int64_t(-1)), span(dy, std::int64_t(1), m);
      } else if (lo <= hi) {
        span(dy, lo, hi);
      }
    }
  }
}

// The 9 parts (3 y signs x 3 x signs) of centre c's ball, on the plane at offset dz, that
// neighbours cover (ball_containment.hpp, parts_covered_by_neighbours); 0x1FF when all are.
std::uint32_t plane_parts_covered(const Centre& c, std::int64_t dz) {
  return (c.covered >> (9 * ((dz > 0) - (dz < 0) + 1))) & 0x1FFu;
}

// A ball can hold a solid voxel after all: with anisotropic spacing the EDT's envelope may pick
// a site whose squared distance is an ulp above the true minimum, so r2(c) can exceed the squared
// distance of a solid voxel by an ulp. The painter leaves solid voxels alone (they are 0).
//
// Every ball listed in `by_plane` that reaches plane z, painted there in decreasing radius (ball
// index order), row by row, less the parts its neighbours cover. Centres are bucketed by plane
// and sorted by decreasing radius, so a bucket is left as soon as its balls no longer reach z; a
// counting sort on the ball index then orders the few that do.
void paint_plane(Field& best_r2, const Mask& pore, const BallTable& balls, const std::vector<std::vector<Centre>>& by_plane,
                 std::int64_t z, std::int64_t reach_z, PlanePainter& painter, std::vector<std::int64_t>& first,
                 std::vector<const Centre*>& order) {
  const Shape s = best_r2.shape;
  const std::int64_t z0 = std::max<std::int64_t>(0, z - reach_z), z1 = std::min(s.nz - 1, z + reach_z);
  const auto reaching = [&](auto&& visit) {
    for (std::int64_t cz = z0; cz <= z1; ++cz) {
      const std::int64_t dz = z > cz ? z - cz : cz - z;
      for (const Centre& c : by_plane[std::size_t(cz)]) {
        if (dz >= balls.plane_count[std::size_t(c.ball)]) break;
        if (plane_parts_covered(c, z - cz) != 0x1FFu) visit(c);
      }
    }
  };
  first.assign(balls.r2.size() + 1, 0);
  reaching([&](const Centre& c) { ++first[std::size_t(c.ball) + 1]; });
  for (std::size_t k = 1; k < first.size(); ++k) first[k] += first[k - 1];
  order.resize(std::size_t(first.back()));
  reaching([&](const Centre& c) { order[std::size_t(first[std::size_t(c.ball)]++)] = &c; });

  painter.start_plane(&best_r2[s.index(z, 0, 0)], &pore[s.index(z, 0, 0)], s.ny);
  for (const Centre* centre : order) {
    if (painter.done()) break;
    const Centre& c = *centre;
    const std::int64_t cz = c.z, dz = z > cz ? z - cz : cz - z;
    const double r2 = balls.r2[std::size_t(c.ball)];
    const std::int64_t plane = balls.plane_begin[std::size_t(c.ball)] + dz;
    const std::int32_t* mx = balls.mx.data() + balls.row_begin[std::size_t(plane)];
    const std::int64_t my = balls.row_begin[std::size_t(plane) + 1] - balls.row_begin[std::size_t(plane)] - 1;
    const std::int64_t cy = c.y, cx = c.x;
    const std::uint32_t covered = plane_parts_covered(c, z - cz);
    if (cy >= my && cy + my < s.ny && cx >= mx[0] && cx + mx[0] < s.nx) {  // the disc lies in the plane (mx[0] is its widest row)
      for_each_uncovered_span(mx, my, covered, [&](std::int64_t dy, std::int64_t lo, std::int64_t hi) {
        painter.fill(cy + dy, cx + lo, cx + hi, r2);
      });
      continue;
    }
    for_each_uncovered_span(mx, my, covered, [&](std::int64_t dy, std::int64_t lo, std::int64_t hi) {
      std::int64_t y = cy + dy;
      if (y < 0 || y >= s.ny) {
        if (!painter.periodic()) return;
        y = wrap_index(y, s.ny);
      }
      painter.paint(y, cx + lo, cx + hi, r2);
    });
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
    std::vector<const Centre*> order;
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
