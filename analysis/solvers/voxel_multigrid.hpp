#pragma once
// Geometric multigrid for steady diffusion on the conducting pore voxels of a grid, used as the
// preconditioner of the tortuosity solve (analysis/metrics/tortuosity.cpp).
//
// The fine operator is the finite-volume one of the tortuosity: between two face-neighbouring
// active voxels the conductance D A_face / h of that axis (D = 1), to a Dirichlet face (z = 0,
// z = d) 2 D A / hz over half a voxel; inactive voxels are not unknowns (their rows and values
// are 0). It is applied straight from the active mask, so the fine level stores no coefficients.
//
// Coarse levels aggregate 2 x 2 x 2 cells (1 where a dimension is odd or already 1). A coarse
// face's conductance is the sum of the fine face conductances crossing it, each column of fine
// cells taken in series over the longer path between the coarse centres:
//     g_coarse = sum g_fine * (fine centre distance 1) / (coarse centre distance (len_I + len_J) / 2),
// i.e. 1/2 of the parallel sum for 2 x 2 x 2 aggregates: exact for an open slab and for straight
// channels, zero across solid walls (this is Galerkin aggregation with the usual over-correction
// factor 2). Dirichlet couplings scale the same way (1 / len). The coarsest level (at most
// kCoarsestCells cells) is solved exactly by a dense Cholesky factorisation.
//
// One V-cycle with symmetric red-black Gauss-Seidel smoothing (pre: red then black; post: the
// exact reverse) is a symmetric positive definite preconditioner, as conjugate gradients need.
// The W-cycle (default) solves each coarse level's correction with two passes instead of one,
// e = M b + M (b - A M b), on every level whose coarser level is not the coarsest: still
// symmetric, and aggregation multigrid, whose V-cycle weakens as levels are added, needs far
// fewer CG iterations with it (the bench-analysis structure at 512^3: 4 instead of 8) for
// about twice the coarse-level work (a quarter of a fine-level pass instead of an eighth).
#include <cstdint>
#include <vector>

#include "analysis/solvers/voxel_stencil.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis {

// A fine- or coarse-level vector (host memory whose pages all threads fault in).
using GridVector = HostArray<double>;

enum class MultigridCycle { v, w };

class VoxelMultigrid {
 public:
  // active: size shape.size(), nonzero where the voxel is an unknown.
  VoxelMultigrid(const HostArray<char>& active, const Shape& shape, const Spacing& spacing, bool periodic_xy,
                 int smoothing_sweeps = 2, MultigridCycle cycle = MultigridCycle::w);

  // Fine-level vectors have shape.size() + nx entries; the last row is zeros that stand in for
  // missing neighbours. Use vector() to get one.
  GridVector vector() const { return GridVector(std::size_t(shape_.size() + shape_.nx), 0.0); }

  double apply(const GridVector& x, GridVector& y) const;  // y = A x; returns x . y
  void jacobi(const GridVector& r, GridVector& z) const;            // z = r / diag(A)
  // z = one V- or W-cycle of r, from z = 0.
  void precondition(const GridVector& r, GridVector& z);

  const Shape& shape() const { return shape_; }
  bool active(std::int64_t i) const { return active_[std::size_t(i)] != 0; }
  double z_conductance() const { return g_[0]; }     // between z-neighbours
  double face_conductance() const { return face_; }  // to a Dirichlet face
  int levels() const;  // fine level included

  // What a device copy of the V-cycle (cuda/voxel_multigrid_device.cu) reads: the operators of the
  // fine level and of coarse level 1 .. levels() - 1 (host arrays, owned by this object), the
  // smoothing sweeps, and the exact solve of the coarsest level (vectors of its shape, zero row
  // included; x is overwritten).
  MaskStencil fine_stencil() const;
  CoarseStencil coarse_stencil(int level) const;
  int smoothing_sweeps() const { return sweeps_; }
  // Whether the cycle on `level` (0 = fine) corrects with two passes of the next coarser level.
  bool second_coarse_pass(std::size_t level) const {
    return cycle_ == MultigridCycle::w && level + 2 < std::size_t(levels());
  }
  bool periodic_xy() const { return periodic_; }
  // From here on, cycle as a V-cycle: the fallback of solve_tortuosity when the W-cycle is not
  // positive definite for a mask (r . z < 0; the W-cycle's definiteness is not proven, the
  // V-cycle's is). A device copy reads the change through second_coarse_pass().
  void use_v_cycle() { cycle_ = MultigridCycle::v; }
  MultigridCycle cycle_kind() const { return cycle_; }
  void solve_coarsest(const GridVector& b, GridVector& x) const;

  static constexpr std::int64_t kCoarsestCells = 1000;

 private:
  struct Level;  // a coarse level with explicit conductances
  Shape shape_;
  bool periodic_;
  double g_[3];   // z, y, x conductance of the fine grid
  double face_;   // fine Dirichlet conductance
  HostArray<std::uint8_t> active_;  // shape.size() + nx, last row 0
  int sweeps_;
  MultigridCycle cycle_;
  std::vector<Level> coarse_;
  std::vector<double> cholesky_;      // coarsest level, lower triangle, row-major m x m
  std::vector<std::int64_t> coarsest_cells_;

 public:
  ~VoxelMultigrid();
  VoxelMultigrid(VoxelMultigrid&&) noexcept;

 private:
  void cycle(std::size_t level, const GridVector& b, GridVector& x);
};

// The tortuosity solve's preconditioner fallback (solve_tortuosity, r . z < 0), shared by the host
// and device CG: W-cycle -> V-cycle -> Jacobi (multigrid = false); false when already at Jacobi.
inline bool weaken_preconditioner(VoxelMultigrid& op, bool& multigrid) {
  if (multigrid && op.cycle_kind() == MultigridCycle::w) op.use_v_cycle();
  else if (multigrid) multigrid = false;
  else return false;
  return true;
}

}  // namespace pf::analysis
