#pragma once
// One numbering per partition, to compare labellings made by different algorithms (CPU and CUDA
// union-find, a flood fill): two labellings describe the same components exactly when their
// canonical forms are equal.
#include "analysis/volume.hpp"

namespace pf::analysis {

// Renumbers components 1, 2, ... in the order of their smallest voxel index (first voxel in
// memory order); 0 (solid) stays 0. Labels must be >= 0.
Labels canonical_labels(const Labels& labels);

}  // namespace pf::analysis
