#pragma once
// The per-voxel stencil of the tortuosity operator (voxel_multigrid.hpp describes it), written
// once for the CPU multigrid (voxel_multigrid.cpp) and the device one (cuda/voxel_multigrid_device.cu):
// neighbour indices, the conductances of the fine level (from the active mask) and of a coarse
// level (from stored conductances), the residual at a cell and the Gauss-Seidel update of a cell.
//
// Vectors and coefficient arrays have shape.size() + nx entries; the last row is zeros that stand
// in for missing neighbours (outside a non-periodic side, or the voxel itself on a periodic line
// of length 1). Face-neighbour order: z-, z+, y-, y+, x-, x+.
#include <cstdint>

#include "analysis/volume.hpp"

namespace pf::analysis {

struct Neighbours {
  std::int64_t j[6];
};

// Start indices of a row and of its four neighbour rows (the zero row where there is none).
struct Rows {
  std::int64_t c, zm, zp, ym, yp;
};

PF_HOST_DEVICE inline Rows row_starts(const Shape& s, bool periodic, std::int64_t z, std::int64_t y) {
  const std::int64_t n = s.size(), ss = s.slice_size(), c = s.index(z, y, 0);
  const bool wy = periodic && s.ny > 1;
  return {c, z > 0 ? c - ss : n, z < s.nz - 1 ? c + ss : n,
          y > 0 ? c - s.nx : (wy ? c + (s.ny - 1) * s.nx : n), y < s.ny - 1 ? c + s.nx : (wy ? c - (s.ny - 1) * s.nx : n)};
}

PF_HOST_DEVICE inline Neighbours neighbours_in_row(const Rows& r, const Shape& s, bool periodic, std::int64_t x) {
  const std::int64_t n = s.size();
  const bool wx = periodic && s.nx > 1;
  return {{r.zm + x, r.zp + x, r.ym + x, r.yp + x, x > 0 ? r.c + x - 1 : (wx ? r.c + s.nx - 1 : n),
           x < s.nx - 1 ? r.c + x + 1 : (wx ? r.c : n)}};
}

PF_HOST_DEVICE inline Neighbours neighbours(const Shape& s, bool periodic, std::int64_t z, std::int64_t y,
                                            std::int64_t x) {
  return neighbours_in_row(row_starts(s, periodic, z, y), s, periodic, x);
}

// The fine operator, read from the active mask (1 byte per cell, zero row included).
struct MaskStencil {
  const std::uint8_t* a;
  Shape s;
  double g[3], face;  // z, y, x conductance; Dirichlet-face conductance

  PF_HOST_DEVICE bool active(std::int64_t i) const { return a[i] != 0; }
  // Off-diagonal conductances to the six neighbours; returns the diagonal.
  PF_HOST_DEVICE double coefficients(std::int64_t, std::int64_t z, const Neighbours& nb, double out[6]) const {
    double d = 0.0;
    for (int k = 0; k < 6; ++k) d += out[k] = a[nb.j[k]] ? g[k / 2] : 0.0;
    if (z == 0) d += face;
    if (z == s.nz - 1) d += face;
    return d;
  }
  // The diagonal alone (as coefficients() returns it) ...
  PF_HOST_DEVICE double diagonal(std::int64_t, std::int64_t z, const Neighbours& nb) const {
    const Neighbours& j = nb;
    return diagonal_from(a[j.j[0]], a[j.j[1]], a[j.j[2]], a[j.j[3]], a[j.j[4]], a[j.j[5]], z);
  }
  // ... from the six neighbours' mask bytes in neighbour order.
  PF_HOST_DEVICE double diagonal_from(std::uint8_t zm, std::uint8_t zp, std::uint8_t ym, std::uint8_t yp,
                                      std::uint8_t xm, std::uint8_t xp, std::int64_t z) const {
    // Mask bytes are 0 or 1 (host and device masks): products instead of branches, the same bits.
    double d = 0.0;
    d += g[0] * double(zm);
    d += g[0] * double(zp);
    d += g[1] * double(ym);
    d += g[1] * double(yp);
    d += g[2] * double(xm);
    d += g[2] * double(xp);
    d += face * double(z == 0);
    d += face * double(z == s.nz - 1);
    return d;
  }
  // v + sign * g_k x_k over the six neighbours in order, without reading the mask: x is 0 on
  // inactive cells, so their terms are +-0 either way (the same bits as with coefficients()).
  PF_HOST_DEVICE double add_neighbours(double v, double sign, std::int64_t, const Neighbours& nb, const double* x) const {
    return add_neighbour_values(v, sign, x[nb.j[0]], x[nb.j[1]], x[nb.j[2]], x[nb.j[3]], x[nb.j[4]], x[nb.j[5]]);
  }
  PF_HOST_DEVICE double add_neighbour_values(double v, double sign, double zm, double zp, double ym, double yp,
                                             double xm, double xp) const {
    v += (sign * g[0]) * zm;
    v += (sign * g[0]) * zp;
    v += (sign * g[1]) * ym;
    v += (sign * g[1]) * yp;
    v += (sign * g[2]) * xm;
    v += (sign * g[2]) * xp;
    return v;
  }
  PF_HOST_DEVICE double plus_face(std::int64_t i, int axis, std::int64_t j) const { return a[i] && a[j] ? g[axis] : 0.0; }
  PF_HOST_DEVICE double bottom(std::int64_t i) const { return a[i] ? face : 0.0; }
  PF_HOST_DEVICE double top(std::int64_t i) const { return a[i] ? face : 0.0; }
};

// A coarse level's operator, from its stored conductances (host or device arrays): gz, gy, gx
// of the +z, +y, +x face of each cell and diag have size() + nx entries, bottom and top (the
// Dirichlet conductances of the z = 0 and z = last planes) slice_size().
struct CoarseStencil {
  Shape shape;
  const double *gz, *gy, *gx, *bottom_g, *top_g, *diag;

  PF_HOST_DEVICE bool active(std::int64_t i) const { return diag[i] > 0.0; }
  PF_HOST_DEVICE double coefficients(std::int64_t i, std::int64_t, const Neighbours& nb, double out[6]) const {
    out[0] = gz[nb.j[0]];
    out[1] = gz[i];
    out[2] = gy[nb.j[2]];
    out[3] = gy[i];
    out[4] = gx[nb.j[4]];
    out[5] = gx[i];
    return diag[i];
  }
  PF_HOST_DEVICE double diagonal(std::int64_t i, std::int64_t, const Neighbours&) const { return diag[i]; }
  PF_HOST_DEVICE double add_neighbours(double v, double sign, std::int64_t i, const Neighbours& nb, const double* x) const {
    double g[6];
    coefficients(i, 0, nb, g);
    for (int k = 0; k < 6; ++k) v += (sign * g[k]) * x[nb.j[k]];
    return v;
  }
  PF_HOST_DEVICE double plus_face(std::int64_t i, int axis, std::int64_t) const {
    return axis == 0 ? gz[i] : axis == 1 ? gy[i] : gx[i];
  }
  PF_HOST_DEVICE double bottom(std::int64_t i) const { return bottom_g[i % shape.slice_size()]; }
  PF_HOST_DEVICE double top(std::int64_t i) const { return top_g[i % shape.slice_size()]; }
};

// (b - A x)_i, or (A x)_i with b null, at active cell i = row.c + xx of plane z.
template <class Stencil>
PF_HOST_DEVICE inline double residual_at(const Stencil& st, const Shape& s, bool periodic, const Rows& row,
                                         std::int64_t z, std::int64_t xx, const double* b, const double* x) {
  const std::int64_t i = row.c + xx;
  const Neighbours nb = neighbours_in_row(row, s, periodic, xx);
  const double v = st.add_neighbours(st.diagonal(i, z, nb) * x[i], -1.0, i, nb, x);
  return b ? b[i] - v : v;
}

// Gauss-Seidel update of cell i = row.c + xx of plane z (no-op on an inactive cell).
template <class Stencil>
PF_HOST_DEVICE inline void gauss_seidel_update(const Stencil& st, const Shape& s, bool periodic, const Rows& row,
                                               std::int64_t z, std::int64_t xx, const double* b, double* x) {
  const std::int64_t i = row.c + xx;
  if (!st.active(i)) return;
  const Neighbours nb = neighbours_in_row(row, s, periodic, xx);
  x[i] = st.add_neighbours(b[i], 1.0, i, nb, x) / st.diagonal(i, z, nb);
}

// The first pre-smoothing half-sweep at cell i = row.c + xx, from x = 0: colour-0 cells get
// b / diag (their neighbours are all 0), colour-1 cells 0. Replaces clearing x and a
// Gauss-Seidel pass over colour 0.
template <class Stencil>
PF_HOST_DEVICE inline void first_half_sweep_at(const Stencil& st, const Shape& s, bool periodic, const Rows& row,
                                               std::int64_t z, std::int64_t y, std::int64_t xx, const double* b,
                                               double* x) {
  const std::int64_t i = row.c + xx;
  const bool colour0 = ((xx + y + z) & 1) == 0;
  x[i] = colour0 && st.active(i) ? b[i] / st.diagonal(i, z, neighbours_in_row(row, s, periodic, xx)) : 0.0;
}

// Red-black order on a periodic line of odd length: its first and last cells are neighbours of
// the same colour, so a half-sweep is not one parallel step. The CPU visits them in memory order
// (rows by y, cells by x); a parallel sweep gets the same result in four groups, each free of
// same-coloured neighbours: interior, last x, last y, last x and y (reversed for a backward sweep).
struct WrapGroups {
  bool last_x, last_y;  // whether the last x (y) of a line is a same-coloured neighbour of the first

  PF_HOST_DEVICE static WrapGroups of(const Shape& s, bool periodic) {
    return {periodic && s.nx > 1 && (s.nx & 1) == 1, periodic && s.ny > 1 && (s.ny & 1) == 1};
  }
  // 0 interior, 1 last x, 2 last y, 3 both.
  PF_HOST_DEVICE int group(const Shape& s, std::int64_t y, std::int64_t x) const {
    return (last_x && x == s.nx - 1 ? 1 : 0) + (last_y && y == s.ny - 1 ? 2 : 0);
  }
};

}  // namespace pf::analysis
