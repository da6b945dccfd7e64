// The multigrid V-cycle on the device: one thread per cell (rows of x over blocks) runs the
// shared per-cell functions of solvers/voxel_stencil.hpp. A red-black half-sweep is one launch
// per WrapGroups group (one unless a periodic side has odd length), in the CPU's order, so each
// update reads what the CPU's sequential sweep reads.
#include <thrust/functional.h>
#include <thrust/inner_product.h>
#include <thrust/transform.h>

#include <algorithm>

#include "analysis/cuda/device_support.cuh"
#include "analysis/cuda/voxel_multigrid_device.cuh"

namespace pf::analysis::cuda {
namespace {

// cell(z, y, x) for every cell of s: x = thread, rows (z, y) over blockIdx.y, strided.
template <class Cell>
__global__ void each_cell(Shape s, Cell cell) {
  const std::int64_t x = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (x >= s.nx) return;
  const std::int64_t rows = s.nz * s.ny;
  for (std::int64_t r = blockIdx.y; r < rows; r += gridDim.y) {
    const std::int64_t z = r / s.ny;
    cell(z, r - z * s.ny, x);
  }
}

template <class Cell>
void launch_cells(const Shape& s, const Cell& cell, const char* name) {
  const unsigned block = unsigned(std::min<std::int64_t>(threads_per_block, (s.nx + 31) / 32 * 32));
  const dim3 grid(unsigned((s.nx + block - 1) / block), unsigned(std::min<std::int64_t>(s.nz * s.ny, 65535)));
  each_cell<<<grid, block>>>(s, cell);
  check_launch(name);
}

// r = b - A x (A x with b null), 0 on inactive cells.
template <class St>
struct ResidualCell {
  St st;
  Shape s;
  bool periodic;
  const double* b;
  const double* x;
  double* r;
  __device__ void operator()(std::int64_t z, std::int64_t y, std::int64_t xx) const {
    const Rows row = row_starts(s, periodic, z, y);
    r[row.c + xx] = st.active(row.c + xx) ? residual_at(st, s, periodic, row, z, xx, b, x) : 0.0;
  }
};

template <class St>
struct FirstHalfSweepCell {
  St st;
  Shape s;
  bool periodic;
  const double* b;
  double* x;
  __device__ void operator()(std::int64_t z, std::int64_t y, std::int64_t xx) const {
    first_half_sweep_at(st, s, periodic, row_starts(s, periodic, z, y), z, y, xx, b, x);
  }
};

template <class St>
struct GaussSeidelCell {
  St st;
  Shape s;
  bool periodic;
  const double* b;
  double* x;
  int colour, group;
  WrapGroups wrap;
  __device__ void operator()(std::int64_t z, std::int64_t y, std::int64_t xx) const {
    if (((xx + y + z) & 1) != colour || wrap.group(s, y, xx) != group) return;
    gauss_seidel_update(st, s, periodic, row_starts(s, periodic, z, y), z, xx, b, x);
  }
};

// bc = the sum of b - A x over each aggregate, in (z, y, x) order as on the CPU.
template <class St>
struct RestrictCell {
  St st;
  Shape fs, cs;
  bool periodic;
  const double* b;
  const double* x;
  double* bc;
  __device__ void operator()(std::int64_t Z, std::int64_t Y, std::int64_t X) const {
    double sum = 0.0;
    for (std::int64_t z = 2 * Z; z < 2 * Z + 2 && z < fs.nz; ++z)
      for (std::int64_t y = 2 * Y; y < 2 * Y + 2 && y < fs.ny; ++y) {
        const Rows row = row_starts(fs, periodic, z, y);
        for (std::int64_t xx = 2 * X; xx < 2 * X + 2 && xx < fs.nx; ++xx)
          sum += st.active(row.c + xx) ? residual_at(st, fs, periodic, row, z, xx, b, x) : 0.0;
      }
    bc[cs.index(Z, Y, X)] = sum;
  }
};

template <class St>
struct ProlongCell {
  St st;
  Shape fs, cs;
  const double* xc;
  double* x;
  __device__ void operator()(std::int64_t z, std::int64_t y, std::int64_t xx) const {
    const std::int64_t i = fs.index(z, y, xx);
    if (st.active(i)) x[i] += xc[cs.index(z / 2, y / 2, xx / 2)];
  }
};

struct JacobiCell {
  MaskStencil st;
  bool periodic;
  const double* r;
  double* zv;
  __device__ void operator()(std::int64_t z, std::int64_t y, std::int64_t xx) const {
    const std::int64_t i = st.s.index(z, y, xx);
    double g[6];
    zv[i] = st.active(i) ? r[i] / st.coefficients(i, z, neighbours(st.s, periodic, z, y, xx), g) : 0.0;
  }
};

// One red-black half-sweep of `colour` over the groups in order (reversed for the backward sweep).
template <class St>
void half_sweep(const St& st, const Shape& s, bool periodic, const double* b, double* x, int colour, bool reverse) {
  const WrapGroups wrap = WrapGroups::of(s, periodic);
  for (int k = 0; k < 4; ++k) {
    const int group = reverse ? 3 - k : k;
    if (((group & 1) && !wrap.last_x) || ((group & 2) && !wrap.last_y)) continue;
    launch_cells(s, GaussSeidelCell<St>{st, s, periodic, b, x, colour, group, wrap}, "gauss_seidel");
  }
}

template <class T>
thrust::device_vector<T> upload(const T* p, std::int64_t n) {
  return thrust::device_vector<T>(p, p + n);
}

}  // namespace

CoarseStencil DeviceMultigrid::Level::stencil() const {
  return {shape, raw(gz), raw(gy), raw(gx), raw(bottom), raw(top), raw(diag)};
}

DeviceMultigrid::DeviceMultigrid(const VoxelMultigrid& host, const thrust::device_vector<std::uint8_t>& active)
    : host_(host), fine_(host.fine_stencil()) {
  fine_.a = raw(active);
  Shape coarsest = host.shape();
  for (int k = 1; k < host.levels(); ++k) {
    const CoarseStencil h = host.coarse_stencil(k);
    const Shape s = h.shape;
    const std::int64_t m = s.size() + s.nx;
    coarse_.push_back({s, upload(h.gz, m), upload(h.gy, m), upload(h.gx, m), upload(h.bottom_g, s.slice_size()),
                       upload(h.top_g, s.slice_size()), upload(h.diag, m),
                       thrust::device_vector<double>(std::size_t(m), 0.0),
                       thrust::device_vector<double>(std::size_t(m), 0.0),
                       thrust::device_vector<double>(host.second_coarse_pass(std::size_t(k - 1)) ? std::size_t(m) : 0, 0.0)});
    coarsest = s;
  }
  host_b_.assign(std::size_t(coarsest.size() + coarsest.nx), 0.0);
  host_x_ = host_b_;
}

std::int64_t DeviceMultigrid::bytes() const {
  std::int64_t doubles = 0;
  for (const Level& l : coarse_)
    doubles += 6 * (l.shape.size() + l.shape.nx) + 2 * l.shape.slice_size() + std::int64_t(l.e.size());
  return doubles * std::int64_t(sizeof(double));
}

double DeviceMultigrid::apply(const double* x, double* y) const {
  const Shape s = fine_.s;
  const bool periodic = host_.periodic_xy();
  launch_cells(s, ResidualCell<MaskStencil>{fine_, s, periodic, nullptr, x, y}, "apply");
  const thrust::device_ptr<const double> xp(x), yp(y);
  return thrust::inner_product(xp, xp + s.size(), yp, 0.0);
}

void DeviceMultigrid::jacobi(const double* r, double* z) const {
  launch_cells(fine_.s, JacobiCell{fine_, host_.periodic_xy(), r, z}, "jacobi");
}

void DeviceMultigrid::precondition(const double* r, double* z) { cycle(0, r, z); }

void DeviceMultigrid::solve_coarsest(const double* b, double* x) {
  const std::size_t bytes = host_b_.size() * sizeof(double);
  check_cuda(cudaMemcpy(host_b_.data(), b, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy (coarsest level)");
  host_.solve_coarsest(host_b_, host_x_);
  check_cuda(cudaMemcpy(x, host_x_.data(), bytes, cudaMemcpyHostToDevice), "cudaMemcpy (coarsest level)");
}

// The CPU's VoxelMultigrid::cycle, step for step.
void DeviceMultigrid::cycle(std::size_t level, const double* b, double* x) {
  if (level == coarse_.size()) {
    solve_coarsest(b, x);
    return;
  }
  const bool periodic = host_.periodic_xy();
  const int sweeps = host_.smoothing_sweeps();
  const auto run = [&](const auto& st) {
    using St = std::decay_t<decltype(st)>;
    const Shape s = level == 0 ? fine_.s : coarse_[level - 1].shape;
    // Pre-smoothing: colour 0 from x = 0, then colour 1, then (0, 1) per further sweep.
    launch_cells(s, FirstHalfSweepCell<St>{st, s, periodic, b, x}, "first_half_sweep");
    half_sweep(st, s, periodic, b, x, 1, false);
    for (int k = 1; k < sweeps; ++k) {
      half_sweep(st, s, periodic, b, x, 0, false);
      half_sweep(st, s, periodic, b, x, 1, false);
    }
    Level& c = coarse_[level];
    launch_cells(c.shape, RestrictCell<St>{st, s, c.shape, periodic, b, x, raw(c.b)}, "restrict_residual");
    cycle(level + 1, raw(c.b), raw(c.x));
    if (host_.second_coarse_pass(level)) {  // b_c becomes the residual in place, as on the CPU
      launch_cells(c.shape, ResidualCell<CoarseStencil>{c.stencil(), c.shape, periodic, raw(c.b), raw(c.x), raw(c.b)},
                   "coarse_residual");
      cycle(level + 1, raw(c.b), raw(c.e));
      thrust::transform(c.x.begin(), c.x.begin() + c.shape.size(), c.e.begin(), c.x.begin(), thrust::plus<double>());
    }
    launch_cells(s, ProlongCell<St>{st, s, c.shape, raw(c.x), x}, "prolong_add");
    for (int k = 0; k < sweeps; ++k) {  // the exact reverse
      half_sweep(st, s, periodic, b, x, 1, true);
      half_sweep(st, s, periodic, b, x, 0, true);
    }
  };
  if (level == 0) run(fine_);
  else run(coarse_[level - 1].stencil());
}

}  // namespace pf::analysis::cuda
