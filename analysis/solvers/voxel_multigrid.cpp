#include "analysis/solvers/voxel_multigrid.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels/cpu/deterministic_sum.hpp"

namespace pf::analysis {
namespace {

// Aggregate length along one axis of coarse cell c (fine size n): 2, or 1 for the odd last one
// or a dimension of size 1.
inline std::int64_t aggregate_length(std::int64_t c, std::int64_t n) { return std::min<std::int64_t>(2, n - 2 * c); }

// Below this many cells a level runs on one thread: thread start-up would cost more.
constexpr std::int64_t kParallelCells = 1 << 15;

inline Shape coarsened(const Shape& s) { return {(s.nz + 1) / 2, (s.ny + 1) / 2, (s.nx + 1) / 2}; }

}  // namespace

struct VoxelMultigrid::Level {
  Shape shape;
  GridVector gz, gy, gx;  // conductance of the +z, +y, +x face of each cell (+ zero row)
  GridVector bottom, top;  // Dirichlet conductance of the cells of the z = 0 / z = last plane
  GridVector diag;
  GridVector b, x;
  GridVector e;  // the second pass's correction (W-cycle levels only)

  explicit Level(Shape s) : shape(s) {
    const std::size_t n = std::size_t(s.size() + s.nx);
    gz.assign(n, 0.0);
    gy.assign(n, 0.0);
    gx.assign(n, 0.0);
    diag.assign(n, 0.0);
    b.assign(n, 0.0);
    x.assign(n, 0.0);
    bottom.assign(std::size_t(s.slice_size()), 0.0);
    top.assign(std::size_t(s.slice_size()), 0.0);
  }
  CoarseStencil stencil() const { return {shape, gz.data(), gy.data(), gx.data(), bottom.data(), top.data(), diag.data()}; }
};

namespace {

// r = b - A x (or r = A x with b null); 0 on inactive cells. Returns x . r, which conjugate
// gradients needs after each product (summed here to save a pass over both vectors).
template <class Stencil>
double residual(const Stencil& st, const Shape& s, bool periodic, const double* b, const double* x, double* r) {
  // Summed per z-plane, planes in order: the same bits on any thread count.
  const auto plane = [&](std::size_t zu) {
    const auto z = std::int64_t(zu);
    double dot = 0.0;
    for (std::int64_t y = 0; y < s.ny; ++y) {
      const Rows row = row_starts(s, periodic, z, y);
      for (std::int64_t xx = 0; xx < s.nx; ++xx) {
        const std::int64_t i = row.c + xx;
        r[i] = st.active(i) ? residual_at(st, s, periodic, row, z, xx, b, x) : 0.0;
        dot += st.active(i) ? x[i] * r[i] : 0.0;
      }
    }
    return dot;
  };
  return deterministic_row_sum(std::size_t(s.nz), plane, s.size() > kParallelCells);
}

// b_coarse = the sum of the fine residuals b - A x over each aggregate (piecewise-constant
// restriction), without storing the fine residual: one pass over b and x instead of a residual
// written and read back. Each sum runs over its aggregate in (z, y, x) order from 0.
template <class Stencil>
void restrict_residual(const Stencil& st, const Shape& fs, bool periodic, const double* b, const double* x,
                       const Shape& cs, double* bc) {
#pragma omp parallel for schedule(static) if (cs.size() > kParallelCells)
  for (std::int64_t Z = 0; Z < cs.nz; ++Z)
    for (std::int64_t Y = 0; Y < cs.ny; ++Y) {
      double* out = bc + cs.index(Z, Y, 0);
      std::fill(out, out + cs.nx, 0.0);
      for (std::int64_t z = 2 * Z; z < std::min(2 * Z + 2, fs.nz); ++z)
        for (std::int64_t y = 2 * Y; y < std::min(2 * Y + 2, fs.ny); ++y) {
          const Rows row = row_starts(fs, periodic, z, y);
          for (std::int64_t xx = 0; xx < fs.nx; ++xx)
            out[xx / 2] += st.active(row.c + xx) ? residual_at(st, fs, periodic, row, z, xx, b, x) : 0.0;
        }
    }
}

// The first pre-smoothing half-sweep on plane z, from x = 0: colour-0 cells get b / diag (their
// neighbours are all 0), colour-1 cells 0. Replaces clearing x and a Gauss-Seidel pass over colour 0.
template <class Stencil>
void first_half_sweep_plane(const Stencil& st, const Shape& s, bool periodic, const double* b, double* x,
                            std::int64_t z) {
  for (std::int64_t y = 0; y < s.ny; ++y) {
    const Rows row = row_starts(s, periodic, z, y);
    for (std::int64_t xx = 0; xx < s.nx; ++xx) first_half_sweep_at(st, s, periodic, row, z, y, xx, b, x);
  }
}

// Gauss-Seidel on the cells of one colour ((x + y + z) % 2) of plane z; `reverse` visits the
// plane backwards, which makes the pass the exact adjoint of the forward one.
template <class Stencil>
void gauss_seidel_plane(const Stencil& st, const Shape& s, bool periodic, const double* b, double* x, int colour,
                        bool reverse, std::int64_t z) {
  for (std::int64_t yy = 0; yy < s.ny; ++yy) {
    const std::int64_t y = reverse ? s.ny - 1 - yy : yy;
    const Rows row = row_starts(s, periodic, z, y);
    const std::int64_t first = (colour + y + z) & 1;
    if (first >= s.nx) continue;
    const std::int64_t last = first + ((s.nx - 1 - first) / 2) * 2;
    for (std::int64_t k = 0; first + 2 * k <= last; ++k) {
      gauss_seidel_update(st, s, periodic, row, z, reverse ? last - 2 * k : first + 2 * k, b, x);
    }
  }
}

// Runs stage 0 on every plane, then stage 1 on every plane, ... (stage(k, z) for k < stages), in
// one pass over memory, for stages where stage k on plane z reads only planes z - 1 .. z + 1 as
// stage k - 1 left them (red-black half-sweeps of alternating colours, after a pointwise
// prolongation or the first half-sweep from 0): stage k runs on plane z right after stage k - 1
// ran on plane z + 1, so only a few planes are live at once and the result is bit-identical to
// the separate passes. Threads take slabs of planes, stage k's slab shifted up by k planes; then a
// thread needs, besides its own planes, only the first planes of the slab above, which that thread
// does first: it waits for them on the other's progress counter, and no thread ever waits on the
// slab below.
template <class Stage>
void plane_pipeline(const Shape& s, int stages, Stage stage) {
  int threads = 1;
#ifdef _OPENMP
  if (s.size() > kParallelCells) threads = int(std::min<std::int64_t>(omp_get_max_threads(), s.nz));
#endif
  // done[t * stages + k]: planes below this one are finished by thread t's stage k.
  std::vector<std::atomic<std::int64_t>> done(std::size_t(threads * stages));
#pragma omp parallel num_threads(threads)
  {
    // The slabs follow the team the runtime gave (OMP_THREAD_LIMIT or OMP_DYNAMIC may give fewer
    // threads than asked): a slab without a thread would leave its neighbour waiting forever.
    int t = 0, nt = 1;
#ifdef _OPENMP
    t = omp_get_thread_num();
    nt = omp_get_num_threads();
#endif
    const auto lo = [&](int u, int k) { return u == 0 ? 0 : std::min(s.nz, s.nz * u / nt + k); };
    const auto hi = [&](int u, int k) { return u == nt - 1 ? s.nz : lo(u + 1, k); };
    for (int k = 0; k < stages; ++k) done[std::size_t(t * stages + k)].store(lo(t, k), std::memory_order_relaxed);
#pragma omp barrier
    for (std::int64_t step = lo(t, 0); step < hi(t, stages - 1) + stages - 1; ++step)
      for (int k = 0; k < stages; ++k) {
        const std::int64_t z = step - k;
        if (z < lo(t, k) || z >= hi(t, k)) continue;
        if (k > 0 && t + 1 < nt && z + 1 < s.nz && z + 1 >= lo(t + 1, k - 1)) {
          const std::atomic<std::int64_t>& above = done[std::size_t((t + 1) * stages + k - 1)];
          for (int spins = 0; above.load(std::memory_order_acquire) <= z + 1; ++spins)
            if (spins > 64) std::this_thread::yield();
        }
        stage(k, z);
        done[std::size_t(t * stages + k)].store(z + 1, std::memory_order_release);
      }
  }
}

// Coarse conductances from the finer level `fine` (shape fs), by the series/parallel rule of the
// header.
template <class Stencil, class Level>
void coarsen(const Stencil& fine, const Shape& fs, bool periodic, Level& c) {
  const Shape cs = c.shape;
  const std::int64_t fn = fs.size();
  const std::int64_t cdim[3] = {cs.nz, cs.ny, cs.nx}, fdim[3] = {fs.nz, fs.ny, fs.nx};
  const std::int64_t fstride[3] = {fs.slice_size(), fs.nx, 1};
  GridVector* cg[3] = {&c.gz, &c.gy, &c.gx};
#pragma omp parallel for schedule(static) if (cs.size() > kParallelCells)
  for (std::int64_t Z = 0; Z < cs.nz; ++Z)
    for (std::int64_t Y = 0; Y < cs.ny; ++Y)
      for (std::int64_t X = 0; X < cs.nx; ++X) {
        const std::int64_t I = cs.index(Z, Y, X);
        const std::int64_t C[3] = {Z, Y, X};
        std::int64_t len[3];
        for (int a = 0; a < 3; ++a) len[a] = aggregate_length(C[a], fdim[a]);
        for (int axis = 0; axis < 3; ++axis) {
          // Faces leaving the aggregate on its + side along `axis`.
          if (cdim[axis] == 1) continue;                              // would join the cell to itself
          if (axis == 0 && Z == cs.nz - 1) continue;                  // z is never periodic
          if (axis > 0 && !periodic && C[axis] == cdim[axis] - 1) continue;
          const std::int64_t Jc = (C[axis] + 1) % cdim[axis];
          const double scale = 2.0 / double(len[axis] + aggregate_length(Jc, fdim[axis]));
          // The + neighbour of a fine cell on the aggregate's + side: one step along `axis`, or
          // the wrap to the line's start (as neighbours() gives it; none on a line of length 1).
          const std::int64_t last = fdim[axis] - 1, step = fstride[axis];
          const bool wraps = axis > 0 && periodic && fdim[axis] > 1;
          double sum = 0.0;
          for (std::int64_t dz = 0; dz < len[0]; ++dz)
            for (std::int64_t dy = 0; dy < len[1]; ++dy)
              for (std::int64_t dx = 0; dx < len[2]; ++dx) {
                const std::int64_t f[3] = {2 * Z + dz, 2 * Y + dy, 2 * X + dx};
                if (f[axis] != 2 * C[axis] + len[axis] - 1) continue;  // not on the + side
                const std::int64_t i = fs.index(f[0], f[1], f[2]);
                const std::int64_t j = f[axis] < last ? i + step : (wraps ? i - last * step : fn);
                if (j < fn) sum += fine.plus_face(i, axis, j);
              }
          (*cg[axis])[I] = sum * scale;
        }
        if (Z == 0 || Z == cs.nz - 1)
          for (std::int64_t dy = 0; dy < len[1]; ++dy)
            for (std::int64_t dx = 0; dx < len[2]; ++dx) {
              const std::int64_t p = Y * cs.nx + X;
              if (Z == 0) c.bottom[p] += fine.bottom(fs.index(0, 2 * Y + dy, 2 * X + dx)) / double(len[0]);
              if (Z == cs.nz - 1) c.top[p] += fine.top(fs.index(fs.nz - 1, 2 * Y + dy, 2 * X + dx)) / double(len[0]);
            }
      }
#pragma omp parallel for schedule(static) if (cs.size() > kParallelCells)
  for (std::int64_t Z = 0; Z < cs.nz; ++Z)
    for (std::int64_t Y = 0; Y < cs.ny; ++Y)
      for (std::int64_t X = 0; X < cs.nx; ++X) {
        const std::int64_t I = cs.index(Z, Y, X);
        const Neighbours nb = neighbours(cs, periodic, Z, Y, X);
        double d = c.gz[nb.j[0]] + c.gz[I] + c.gy[nb.j[2]] + c.gy[I] + c.gx[nb.j[4]] + c.gx[I];
        if (Z == 0) d += c.bottom[Y * cs.nx + X];
        if (Z == cs.nz - 1) d += c.top[Y * cs.nx + X];
        c.diag[I] = d;
      }
}

// x_fine += x_coarse of the aggregate on the active fine cells of plane z (piecewise-constant
// prolongation).
template <class Stencil>
void prolong_add_plane(const Stencil& fine, const Shape& fs, const Shape& cs, const double* xc, double* x,
                       std::int64_t z) {
  for (std::int64_t y = 0; y < fs.ny; ++y) {
    const double* row = xc + cs.index(z / 2, y / 2, 0);
    for (std::int64_t xx = 0; xx < fs.nx; ++xx) {
      const std::int64_t i = fs.index(z, y, xx);
      if (fine.active(i)) x[i] += row[xx / 2];
    }
  }
}

}  // namespace

VoxelMultigrid::VoxelMultigrid(const HostArray<char>& active, const Shape& s, const Spacing& h, bool periodic_xy,
                               int smoothing_sweeps, MultigridCycle cycle)
    : shape_(s), periodic_(periodic_xy), sweeps_(smoothing_sweeps), cycle_(cycle) {
  require(active.size() == std::size_t(s.size()), "VoxelMultigrid: active mask has the wrong size");
  require(smoothing_sweeps >= 1, "VoxelMultigrid: smoothing_sweeps must be at least 1");
  g_[0] = h.hx * h.hy / h.hz;
  g_[1] = h.hx * h.hz / h.hy;
  g_[2] = h.hy * h.hz / h.hx;
  face_ = 2.0 * g_[0];
  active_.assign(std::size_t(s.size() + s.nx), 0);
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < s.size(); ++i) active_[std::size_t(i)] = active[std::size_t(i)] ? 1 : 0;

  const MaskStencil fine = fine_stencil();
  Shape fs = s;
  while (fs.size() > kCoarsestCells) {
    coarse_.emplace_back(coarsened(fs));
    if (coarse_.size() == 1) coarsen(fine, fs, periodic_, coarse_.back());
    else coarsen(coarse_[coarse_.size() - 2].stencil(), fs, periodic_, coarse_.back());
    fs = coarse_.back().shape;
  }
  for (std::size_t l = 0; l < coarse_.size(); ++l)
    if (second_coarse_pass(l)) coarse_[l].e.assign(coarse_[l].x.size(), 0.0);

  // Dense Cholesky of the coarsest operator on its active cells.
  const Shape cs = fs;
  std::vector<std::int64_t> position(std::size_t(cs.size()) + 1, -1);
  for (std::int64_t i = 0; i < cs.size(); ++i) {
    const bool on = coarse_.empty() ? active_[std::size_t(i)] != 0 : coarse_.back().diag[std::size_t(i)] > 0.0;
    if (on) {
      position[std::size_t(i)] = std::int64_t(coarsest_cells_.size());
      coarsest_cells_.push_back(i);
    }
  }
  const std::size_t m = coarsest_cells_.size();
  cholesky_.assign(m * m, 0.0);
  for (std::size_t p = 0; p < m; ++p) {
    const std::int64_t i = coarsest_cells_[p];
    const std::int64_t z = i / cs.slice_size(), y = (i / cs.nx) % cs.ny, x = i % cs.nx;
    const Neighbours nb = neighbours(cs, periodic_, z, y, x);
    double g[6];
    const double d = coarse_.empty() ? fine.coefficients(i, z, nb, g)
                                     : coarse_.back().stencil().coefficients(i, z, nb, g);
    cholesky_[p * m + p] += d;
    for (int k = 0; k < 6; ++k)
      if (g[k] != 0.0) cholesky_[p * m + std::size_t(position[std::size_t(nb.j[k])])] -= g[k];
  }
  for (std::size_t j = 0; j < m; ++j) {
    double d = cholesky_[j * m + j];
    for (std::size_t k = 0; k < j; ++k) d -= cholesky_[j * m + k] * cholesky_[j * m + k];
    require(d > 0.0, "VoxelMultigrid: coarsest operator is not positive definite");
    const double l = std::sqrt(d);
    cholesky_[j * m + j] = l;
    for (std::size_t i = j + 1; i < m; ++i) {
      double v = cholesky_[i * m + j];
      for (std::size_t k = 0; k < j; ++k) v -= cholesky_[i * m + k] * cholesky_[j * m + k];
      cholesky_[i * m + j] = v / l;
    }
  }
}

VoxelMultigrid::~VoxelMultigrid() = default;
int VoxelMultigrid::levels() const { return int(coarse_.size()) + 1; }
MaskStencil VoxelMultigrid::fine_stencil() const { return {active_.data(), shape_, {g_[0], g_[1], g_[2]}, face_}; }
CoarseStencil VoxelMultigrid::coarse_stencil(int level) const {
  require(level >= 1 && level < levels(), "VoxelMultigrid::coarse_stencil: level out of range");
  return coarse_[std::size_t(level - 1)].stencil();
}
VoxelMultigrid::VoxelMultigrid(VoxelMultigrid&&) noexcept = default;

double VoxelMultigrid::apply(const GridVector& x, GridVector& y) const {
  return residual(fine_stencil(), shape_, periodic_, nullptr, x.data(),
           y.data());
}

void VoxelMultigrid::jacobi(const GridVector& r, GridVector& z) const {
  const MaskStencil st = fine_stencil();
  const Shape s = shape_;
#pragma omp parallel for schedule(static) if (s.size() > kParallelCells)
  for (std::int64_t zz = 0; zz < s.nz; ++zz)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const std::int64_t i = s.index(zz, y, x);
        double g[6];
        z[i] = st.active(i) ? r[i] / st.coefficients(i, zz, neighbours(s, periodic_, zz, y, x), g) : 0.0;
      }
}

void VoxelMultigrid::solve_coarsest(const GridVector& b, GridVector& x) const {
  const std::size_t m = coarsest_cells_.size();
  std::vector<double> v(m);
  for (std::size_t p = 0; p < m; ++p) {  // L v = b
    double s = b[std::size_t(coarsest_cells_[p])];
    for (std::size_t k = 0; k < p; ++k) s -= cholesky_[p * m + k] * v[k];
    v[p] = s / cholesky_[p * m + p];
  }
  for (std::size_t p = m; p-- > 0;) {  // L^T x = v
    double s = v[p];
    for (std::size_t k = p + 1; k < m; ++k) s -= cholesky_[k * m + p] * v[k];
    v[p] = s / cholesky_[p * m + p];
  }
  std::fill(x.begin(), x.end(), 0.0);
  for (std::size_t p = 0; p < m; ++p) x[std::size_t(coarsest_cells_[p])] = v[p];
}

// One cycle (V, or W where second_coarse_pass) on `level` (0 = fine): x = M b, from x = 0.
void VoxelMultigrid::cycle(std::size_t level, const GridVector& b, GridVector& x) {
  const bool fine_level = level == 0;
  const Shape s = fine_level ? shape_ : coarse_[level - 1].shape;
  if (level == coarse_.size()) {
    solve_coarsest(b, x);
    return;
  }
  const MaskStencil fine = fine_stencil();
  const auto run = [&](const auto& st) {
    double* xv = x.data();
    const double* bv = b.data();
    // Pre-smoothing: colour 0 from x = 0, then colour 1, then (0, 1) per further sweep.
    plane_pipeline(s, 2 * sweeps_, [&](int k, std::int64_t z) {
      if (k == 0) first_half_sweep_plane(st, s, periodic_, bv, xv, z);
      else gauss_seidel_plane(st, s, periodic_, bv, xv, k & 1, false, z);
    });
    Level& c = coarse_[level];
    restrict_residual(st, s, periodic_, bv, xv, c.shape, c.b.data());
    cycle(level + 1, c.b, c.x);
    if (second_coarse_pass(level)) {
      // e = M_c (b_c - A_c x_c), x_c += e: b_c becomes the residual in place (residual_at reads
      // b only at the cell it writes).
      residual(c.stencil(), c.shape, periodic_, c.b.data(), c.x.data(), c.b.data());
      cycle(level + 1, c.b, c.e);
      const std::int64_t n = c.shape.size();
#pragma omp parallel for schedule(static) if (n > kParallelCells)
      for (std::int64_t i = 0; i < n; ++i) c.x[std::size_t(i)] += c.e[std::size_t(i)];
    }
    // The correction, then the exact reverse of the pre-smoothing: (1, 0) per sweep.
    const double* xc = c.x.data();
    plane_pipeline(s, 2 * sweeps_ + 1, [&](int k, std::int64_t z) {
      if (k == 0) prolong_add_plane(st, s, c.shape, xc, xv, z);
      else gauss_seidel_plane(st, s, periodic_, bv, xv, k & 1, true, z);
    });
  };
  if (fine_level) run(fine);
  else run(coarse_[level - 1].stencil());
}

void VoxelMultigrid::precondition(const GridVector& r, GridVector& z) {
  cycle(0, r, z);
}

}  // namespace pf::analysis
