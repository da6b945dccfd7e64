#pragma once
// VoxelMultigrid's operator and V- or W-cycle on the device (solvers/voxel_multigrid.hpp describes
// them). The coarse conductances are built on the host by VoxelMultigrid and uploaded once; the
// smoothing, restriction and prolongation run as kernels over the shared per-cell functions of
// solvers/voxel_stencil.hpp, in the CPU's order, so the V-cycle equals the CPU's (the coarsest
// level is solved on the host by VoxelMultigrid's Cholesky factor: a few hundred values cross).
// Device vectors have the fine shape's size() + nx entries, the last row zero.
#include <thrust/device_vector.h>

#include <cstdint>
#include <vector>

#include "analysis/solvers/voxel_multigrid.hpp"

namespace pf::analysis::cuda {

class DeviceMultigrid {
 public:
  // `active` is the device copy of the active mask with its zero row; both arguments must outlive
  // this object.
  DeviceMultigrid(const VoxelMultigrid& host, const thrust::device_vector<std::uint8_t>& active);

  // y = A x; returns x . y.
  double apply(const double* x, double* y) const;
  // z = one cycle (VoxelMultigrid's V or W) of r, from z = 0.
  void precondition(const double* r, double* z);
  // z = r / diag(A).
  void jacobi(const double* r, double* z) const;
  // Device bytes held for the coarse levels.
  std::int64_t bytes() const;

 private:
  struct Level {
    Shape shape;
    thrust::device_vector<double> gz, gy, gx, bottom, top, diag, b, x;
    thrust::device_vector<double> e;  // the second pass's correction (W-cycle levels only)
    CoarseStencil stencil() const;
  };
  const VoxelMultigrid& host_;
  MaskStencil fine_;
  std::vector<Level> coarse_;          // level 1 .. levels() - 1
  GridVector host_b_, host_x_;  // the coarsest level's right-hand side and solution

  void cycle(std::size_t level, const double* b, double* x);
  void solve_coarsest(const double* b, double* x);
};

}  // namespace pf::analysis::cuda
