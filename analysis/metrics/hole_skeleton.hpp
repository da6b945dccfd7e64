#pragma once
// The pore-network skeleton of the through-holes, slice by slice along z (a Reeb graph of the
// pore space over the depth): in every z slice each connected piece of a through-hole's
// cross-section is a node at the piece's centroid, and pieces of the same hole in consecutive
// slices that touch are joined by an edge. A straight or tapered pore is a chain of nz nodes on
// its axis; pores that merge or split give branch nodes; a bicontinuous pore space gives a
// network instead of one meaningless centroid per slice.
#include <cstdint>
#include <vector>

#include "analysis/metrics/through_holes.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

struct SkeletonNode {
  std::int32_t hole = 0;      // index into ThroughHoles::items
  std::int64_t z = 0;         // slice
  double y = 0.0, x = 0.0;    // centroid in voxel-index units (voxel (k, j, i) at y = j, x = i), in [0, n)
  double size_um = 0.0;       // mean local thickness of the piece's voxels
  std::int64_t voxels = 0;
};

// from lies in slice z, to in slice z + 1.
struct SkeletonEdge {
  std::int32_t from = 0, to = 0;
};

struct HoleSkeleton {
  std::vector<SkeletonNode> nodes;  // ordered by slice, then by first voxel of the piece
  std::vector<SkeletonEdge> edges;
};

// Pieces are connected within a slice with the in-plane part of `connectivity` (26: 8 neighbours,
// 6: 4 neighbours) and touch across slices likewise (26: the 3 x 3 voxels above, 6: the voxel
// above), so the skeleton is connected exactly when the labelling's component is. With
// periodic_xy, neighbours wrap in x and y and a piece's centroid is taken about the circular mean
// of its voxels, from each voxel's nearest periodic image (exact for pieces narrower than half the
// box); it is then wrapped into [0, n).
HoleSkeleton hole_skeleton(const Labels& labels, const ThroughHoles& holes, const Field& thickness, int connectivity = 26,
                           bool periodic_xy = true);

// Maximal chains of the skeleton: each edge lies on exactly one chain; a chain runs through nodes
// with one edge in and one out and ends at the faces, branch points and merge points. Each chain is
// a list of node indices bottom to top.
std::vector<std::vector<std::int32_t>> skeleton_chains(const HoleSkeleton& skeleton);

// a - b as the nearest periodic image, in [-n/2, n/2).
double periodic_offset(double a, double b, double n);

}  // namespace pf::analysis
