#include "analysis/metrics/hole_skeleton.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace pf::analysis {

double periodic_offset(double a, double b, double n) {
  const double d = std::fmod(a - b, n);
  return d < -n / 2 ? d + n : d >= n / 2 ? d - n : d;
}

namespace {

// In-plane offsets (dy, dx) that a connectivity joins: 26 -> the 3 x 3 block, 6 -> the cross.
std::vector<std::pair<int, int>> plane_offsets(int connectivity, bool with_centre) {
  std::vector<std::pair<int, int>> out;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      if (dy == 0 && dx == 0 && !with_centre) continue;
      if (connectivity == 6 && dy != 0 && dx != 0) continue;
      out.emplace_back(dy, dx);
    }
  return out;
}

// Centroid (y, x) of a piece's voxels; with periodic x/y about their circular mean.
std::pair<double, double> centroid(const Shape& s, const std::vector<std::int64_t>& voxels, bool periodic_xy) {
  double ref_y = 0, ref_x = 0;
  const double wy = 2 * std::numbers::pi / double(s.ny), wx = 2 * std::numbers::pi / double(s.nx);
  if (periodic_xy) {
    double cy = 0, sy = 0, cx = 0, sx = 0;
    for (const std::int64_t v : voxels) {
      const double j = double((v / s.nx) % s.ny), i = double(v % s.nx);
      cy += std::cos(wy * j), sy += std::sin(wy * j), cx += std::cos(wx * i), sx += std::sin(wx * i);
    }
    ref_y = std::atan2(sy, cy) / wy, ref_x = std::atan2(sx, cx) / wx;
  }
  double dy = 0, dx = 0;
  for (const std::int64_t v : voxels) {
    const double j = double((v / s.nx) % s.ny), i = double(v % s.nx);
    dy += periodic_xy ? periodic_offset(j, ref_y, double(s.ny)) : j;
    dx += periodic_xy ? periodic_offset(i, ref_x, double(s.nx)) : i;
  }
  double y = ref_y + dy / double(voxels.size()), x = ref_x + dx / double(voxels.size());
  if (periodic_xy) {
    y = std::fmod(std::fmod(y, double(s.ny)) + double(s.ny), double(s.ny));
    x = std::fmod(std::fmod(x, double(s.nx)) + double(s.nx), double(s.nx));
  }
  return {y, x};
}

}  // namespace

HoleSkeleton hole_skeleton(const Labels& labels, const ThroughHoles& holes, const Field& thickness, int connectivity,
                           bool periodic_xy) {
  require(connectivity == 6 || connectivity == 26, "hole_skeleton: connectivity must be 6 or 26");
  require_same_shape(labels, thickness, "hole_skeleton");
  const Shape s = labels.shape;
  std::int32_t max_label = 0;
  for (const std::int32_t l : labels.data) {
    require(l >= 0, "hole_skeleton: negative label");
    max_label = std::max(max_label, l);
  }
  std::vector<std::int32_t> hole_of(std::size_t(max_label) + 1, -1);
  for (std::size_t h = 0; h < holes.items.size(); ++h) {
    const std::int32_t l = holes.items[h].label;
    require(0 < l && l <= max_label, "hole_skeleton: through-hole label not in the labelling");
    hole_of[std::size_t(l)] = std::int32_t(h);
  }

  // Nodes: flood-fill each slice's through-hole voxels into pieces.
  HoleSkeleton out;
  HostArray<std::int32_t> piece(std::size_t(s.size()), -1);
  const auto in_plane = plane_offsets(connectivity, false);
  std::vector<std::int64_t> members, stack;
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t start = z * s.slice_size(); start < (z + 1) * s.slice_size(); ++start) {
      const std::int32_t h = hole_of[std::size_t(labels[start])];
      if (h < 0 || piece[std::size_t(start)] >= 0) continue;
      const auto id = std::int32_t(out.nodes.size());
      members.clear();
      stack.assign(1, start);
      piece[std::size_t(start)] = id;
      while (!stack.empty()) {
        const std::int64_t v = stack.back();
        stack.pop_back();
        members.push_back(v);
        const std::int64_t j = (v / s.nx) % s.ny, i = v % s.nx;
        for (const auto& [dy, dx] : in_plane) {
          const std::int64_t n = neighbour_index(s, z, j, i, 0, dy, dx, periodic_xy);
          if (n < 0 || piece[std::size_t(n)] >= 0 || labels[n] != labels[start]) continue;
          piece[std::size_t(n)] = id;
          stack.push_back(n);
        }
      }
      double size = 0;
      for (const std::int64_t v : members) size += thickness[v];
      const auto [y, x] = centroid(s, members, periodic_xy);
      out.nodes.push_back({h, z, y, x, size / double(members.size()), std::int64_t(members.size())});
    }

  // Edges: pieces that touch across consecutive slices.
  const auto above = plane_offsets(connectivity, true);
  for (std::int64_t v = 0; v < s.size() - s.slice_size(); ++v) {
    const std::int32_t p = piece[std::size_t(v)];
    if (p < 0) continue;
    const std::int64_t z = v / s.slice_size(), j = (v / s.nx) % s.ny, i = v % s.nx;
    for (const auto& [dy, dx] : above) {
      const std::int64_t n = neighbour_index(s, z, j, i, 1, dy, dx, periodic_xy);
      if (n >= 0 && piece[std::size_t(n)] >= 0) out.edges.push_back({p, piece[std::size_t(n)]});
    }
  }
  const auto key = [](const SkeletonEdge& e) { return std::pair(e.from, e.to); };
  std::sort(out.edges.begin(), out.edges.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  out.edges.erase(std::unique(out.edges.begin(), out.edges.end(), [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                  out.edges.end());
  return out;
}

std::vector<std::vector<std::int32_t>> skeleton_chains(const HoleSkeleton& skeleton) {
  const std::size_t n = skeleton.nodes.size();
  std::vector<int> in(n, 0);
  std::vector<std::vector<std::int32_t>> next(n);
  for (const SkeletonEdge& e : skeleton.edges) {
    ++in[std::size_t(e.to)];
    next[std::size_t(e.from)].push_back(e.to);
  }
  const auto interior = [&](std::int32_t v) { return in[std::size_t(v)] == 1 && next[std::size_t(v)].size() == 1; };
  std::vector<std::vector<std::int32_t>> chains;
  for (std::size_t v = 0; v < n; ++v) {
    if (in[v] == 0 && next[v].empty()) chains.push_back({std::int32_t(v)});  // a hole one slice thick
    if (interior(std::int32_t(v))) continue;  // lies inside the chain that reaches it
    for (std::int32_t w : next[v]) {
      std::vector<std::int32_t> chain{std::int32_t(v), w};
      while (interior(w)) {
        w = next[std::size_t(w)].front();
        chain.push_back(w);
      }
      chains.push_back(std::move(chain));
    }
  }
  return chains;
}

}  // namespace pf::analysis
