#pragma once
// The solver on a grid attached to the material. An affine deformation diag(lambda) of the
// material scales the node spacings (field values on nodes do not change); when the cells get
// too elongated, the field is resampled spectrally onto a better-shaped grid and the solver is
// rebuilt on the new shape through the backend-neutral Solver interface.
#include <array>
#include <cstdint>
#include <vector>
#include <functional>
#include <memory>
#include <optional>

#include "io/config.hpp"
#include "solver/models/wet_process_mapping.hpp"
#include "solver/process/thermal_slab.hpp"
#include "solver/schemes/solver.hpp"

namespace pf {

struct RemeshRecord {
  long long step = 0;
  double time = 0;
  Grid old_grid, new_grid;
};

// Nearest size to `target` (by ratio) whose only prime factors are 2, 3, 5 and 7 (sizes FFTW
// and cuFFT transform fastest); never below `at_least`.
int fft_friendly_size(double target, int at_least = 1);

// The shape a remesh of `g` produces: spacings close to equal again (the finest current one,
// or the one that keeps the voxel count), FFT-friendly sizes, at most max_voxels voxels. Axes
// of size 1 (2D runs) stay size 1; other axes keep at least 2 nodes.
std::array<int, 3> remesh_shape(const Grid& g, const DeformationConfig& options);

// max(h)/min(h) over the axes with more than one node.
double aspect_ratio(const Grid& g);

// What a checkpoint needs of a domain besides the field: the current grid and the deformation
// bookkeeping, so that deform_to() continues to give the same spacings bit for bit.
struct DomainState {
  Grid grid;
  std::array<double, 3> lambda{1, 1, 1}, reference_spacing{1, 1, 1}, reference_lambda{1, 1, 1};
  double mobility_factor = 1;
  // The wet process: committed T(z) (empty without [material]), the faces' conditions and the
  // bath as the current stage set them; and the extraction threshold once a stage extracted.
  std::vector<double> temperature;
  std::vector<double> chi_temperature;  // the gel's memory: per plane, the T chi was last evaluated at
  FaceTemperatures faces;
  BathCondition bath;
  std::optional<double> extraction_threshold;
};

class DeformingDomain {
 public:
  using SolverFactory = std::function<std::unique_ptr<Solver>(const PhysicsSetup&)>;

  DeformingDomain(const PhysicsSetup& setup, SolverFactory make, const DeformationConfig& options);

  Solver& solver() { return *solver_; }
  const Grid& grid() const { return grid_; }
  // Cumulative stretch of the material since the start of the run, per axis (x, y, z).
  const std::array<double, 3>& lambda() const { return lambda_; }
  double mobility_factor() const { return mobility_factor_; }

  // The pore space once a stage has made one (extract, cavitate): uint8 on the current grid,
  // C order (nz, ny, nx), 1 = pore. A remesh carries it to the new grid by nearest node; the run
  // writes it to final.h5 as dataset `pore`.
  std::optional<std::vector<std::uint8_t>>& pore_mask() { return pore_mask_; }

  DomainState state() const;
  // Puts the domain into `state` (rebuilding the solver when the shape differs); the field is
  // set afterwards by the caller.
  void restore(const DomainState& state);

  // The wet process ([material]): T(z, t) across the thickness and the solvent bath, set by the
  // stages (quench, hot_solvent) and applied to the solver before every step as per-plane chi,
  // temperature factor and arrest threshold. Without [material] these are inert.
  void enable_wet_process(const WetProcessParameters& parameters);
  const WetProcessParameters* wet_process() const { return wet_ ? &*wet_ : nullptr; }
  ThermalSlab* thermal() { return thermal_ ? &*thermal_ : nullptr; }
  void set_face_temperatures(const FaceTemperatures& faces) { faces_ = faces; }
  const FaceTemperatures& face_temperatures() const { return faces_; }
  void set_bath(const BathCondition& bath);
  const BathCondition& bath() const { return bath_; }
  // Before a step of size dt: a tentative T(t + dt) from the committed T(t), pushed to the
  // solver as z profiles (implicit in T: the step sees the temperature at its end). After an
  // accepted step commit_step() keeps it; a rejected step simply prepares again.
  void prepare_step(double dt);
  void commit_step();
  // Pushes the committed T(z) to the solver as z profiles (a stage that sets T directly).
  void apply_temperature();

  // Extraction (extract stage): the pore space is phi below `threshold`. Once extracted, a
  // stage that evolves the field afterwards (hot_solvent after extract, claim 15) refreshes the
  // mask at its end with the same threshold (the solvent is removed again).
  void extract_pores(double threshold);
  std::optional<double> extraction_threshold() const { return extraction_threshold_; }

  // Sets the solver's mobility factor; remembered across remeshes.
  void set_mobility_factor(double factor);
  // Deforms the material to the cumulative stretch `lambda`: every spacing becomes its value at
  // the last remesh times lambda / lambda-at-that-remesh (no round-off accumulates over steps).
  void deform_to(const std::array<double, 3>& lambda);
  // Resamples onto remesh_shape() when the aspect ratio exceeds the limit and the shape would
  // change; returns what it did.
  std::optional<RemeshRecord> remesh_if_needed(long long step, double time);
  // Resamples onto `shape` unconditionally (tests, and the policy above).
  RemeshRecord remesh_to(const std::array<int, 3>& shape, long long step, double time);

 private:
  PhysicsSetup setup_;
  SolverFactory make_;
  DeformationConfig options_;
  std::unique_ptr<Solver> solver_;
  Grid grid_;
  std::array<double, 3> lambda_{1, 1, 1};
  std::array<double, 3> reference_spacing_;            // spacing at the last remesh (or the start)
  std::array<double, 3> reference_lambda_{1, 1, 1};    // lambda at that moment
  double mobility_factor_ = 1;
  std::optional<std::vector<std::uint8_t>> pore_mask_;
  std::optional<double> extraction_threshold_;
  std::optional<WetProcessParameters> wet_;
  std::optional<ThermalSlab> thermal_;
  std::vector<double> tentative_T_;
  // Per plane, the temperature chi was last evaluated at (the gel's memory, chi_temperature()).
  std::vector<double> chi_T_;
  FaceTemperatures faces_;
  BathCondition bath_;

  ZProfiles profiles_from(const std::vector<double>& T) const;
  std::vector<double> chi_temperature(const std::vector<double>& T) const;
};

// Nearest-node resampling of a mask from grid `from` to `to_shape` on the same box.
std::vector<std::uint8_t> resample_nearest(const std::vector<std::uint8_t>& mask, const Grid& from,
                                           std::array<int, 3> to_shape);

}  // namespace pf
