#pragma once
// T(z, t) across the film's thickness (MODEL.md §4): 1D heat conduction, implicit (backward
// Euler) every step, driven by the current stage's face temperatures. Heat diffuses much faster
// than polymer, so the implicit step is unconditionally stable at the phase-field dt.
//
// Finite volumes on the phase-field grid's z nodes: node k sits at depth (k + 1/2) h, the faces
// at 0 and nz h (the no-flux faces of the mirrored spectral grid). A face with a temperature
// exchanges heat with it through a surface heat-transfer coefficient H (length/time: the heat
// transfer coefficient over rho c_p), in series with the half cell: conductance
// 1 / (h / (2 alpha) + 1 / H). H = 0 means a perfect contact (Dirichlet T at the face). A face
// without a temperature is insulated.
#include <optional>
#include <vector>

namespace pf {

struct FaceTemperatures {
  std::optional<double> bottom, top;  // deg C; empty = insulated face
  std::optional<double> heat_transfer;  // this stage's H (length/time); empty = the slab's default
};

// A depth profile of n values at node centres (k + 1/2) / n of the thickness, interpolated
// linearly onto nz such nodes (a remesh changing the node count).
std::vector<double> resample_depth_profile(const std::vector<double>& values, int nz);

class ThermalSlab {
 public:
  ThermalSlab(int nz, double spacing, double diffusivity, double initial, double heat_transfer = 0);

  // Advances T by dt with the faces held as given (one tridiagonal solve).
  void step(double dt, const FaceTemperatures& faces);
  const std::vector<double>& temperature() const { return T_; }
  void set_uniform(double value);
  void set_temperature(std::vector<double> T) { T_ = std::move(T); }
  // The grid follows the material: spacing changes with stretching; a new node count (remesh)
  // interpolates the profile linearly in depth.
  void set_spacing(double spacing) { h_ = spacing; }
  void resize(int nz);
  double diffusivity() const { return alpha_; }
  // A stage whose heat moves on its own time scale (hot_solvent's fourier_number) sets alpha for
  // its duration.
  void set_diffusivity(double alpha);
  double spacing() const { return h_; }

 private:
  std::vector<double> T_;
  double h_, alpha_, heat_transfer_;
};

}  // namespace pf
