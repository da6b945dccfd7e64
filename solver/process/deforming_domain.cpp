#include "solver/process/deforming_domain.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "solver/core/errors.hpp"
#include "solver/process/resample.hpp"

namespace pf {

namespace {

bool seven_smooth(long long n) {
  for (long long p : {2, 3, 5, 7})
    while (n % p == 0) n /= p;
  return n == 1;
}

}  // namespace

int fft_friendly_size(double target, int at_least) {
  const double t = std::max(target, double(at_least));
  long long below = std::max<long long>(at_least, (long long)std::floor(t));
  while (below > at_least && !seven_smooth(below)) --below;
  long long above = std::max<long long>(at_least, (long long)std::ceil(t));
  while (!seven_smooth(above)) ++above;
  if (!seven_smooth(below)) return int(above);
  return int(std::abs(std::log(double(below) / t)) <= std::abs(std::log(double(above) / t)) ? below : above);
}

double aspect_ratio(const Grid& g) {
  double lo = INFINITY, hi = 0;
  for (int a = 0; a < 3; ++a)
    if (g.shape[a] > 1) {
      lo = std::min(lo, g.spacing[a]);
      hi = std::max(hi, g.spacing[a]);
    }
  return hi > 0 ? hi / lo : 1.0;
}

std::array<int, 3> remesh_shape(const Grid& g, const DeformationConfig& options) {
  int active = 0;
  double finest = INFINITY, log_sum = 0, log_volume = 0;
  for (int a = 0; a < 3; ++a)
    if (g.shape[a] > 1) {
      ++active;
      finest = std::min(finest, g.spacing[a]);
      log_sum += std::log(g.spacing[a]);
      log_volume += std::log(g.length(a));
    }
  if (active == 0) return g.shape;
  double h = options.target == RemeshTarget::finest ? finest : std::exp(log_sum / active);
  // The spacing at which the box holds max_voxels voxels: a lower bound on h.
  h = std::max(h, std::exp((log_volume - std::log(double(options.max_voxels))) / active));
  for (;;) {
    std::array<int, 3> shape = g.shape;
    double voxels = 1;
    for (int a = 0; a < 3; ++a)
      if (g.shape[a] > 1) {
        shape[a] = fft_friendly_size(g.length(a) / h, 2);
        voxels *= shape[a];
      }
    if (voxels <= double(options.max_voxels) || h > 1e300) return shape;
    h *= 1.02;  // rounding to friendly sizes overshot the cap: a slightly coarser target
  }
}

DeformingDomain::DeformingDomain(const PhysicsSetup& setup, SolverFactory make, const DeformationConfig& options)
    : setup_(setup), make_(std::move(make)), options_(options), solver_(make_(setup)), grid_(setup.grid),
      reference_spacing_(setup.grid.spacing) {}

DomainState DeformingDomain::state() const {
  DomainState s;
  s.grid = grid_;
  s.lambda = lambda_;
  s.reference_spacing = reference_spacing_;
  s.reference_lambda = reference_lambda_;
  s.mobility_factor = mobility_factor_;
  if (thermal_) s.temperature = thermal_->temperature();
  s.chi_temperature = chi_T_;
  s.faces = faces_;
  s.bath = bath_;
  s.extraction_threshold = extraction_threshold_;
  return s;
}

void DeformingDomain::restore(const DomainState& saved) {
  // A checkpoint stores shape and spacing; the z boundary and length unit are the config's
  // (without this a restarted run reported pore sizes in grid units instead of um).
  DomainState state = saved;
  state.grid.boundary_z = grid_.boundary_z;
  state.grid.length_unit_um = grid_.length_unit_um;
  if (state.grid.shape != grid_.shape) {
    solver_.reset();
    setup_.grid = state.grid;
    solver_ = make_(setup_);
  }
  grid_ = state.grid;
  setup_.grid = state.grid;
  lambda_ = state.lambda;
  reference_spacing_ = state.reference_spacing;
  reference_lambda_ = state.reference_lambda;
  solver_->set_spacing(grid_.spacing);
  set_mobility_factor(state.mobility_factor);
  faces_ = state.faces;
  bath_ = state.bath;
  extraction_threshold_ = state.extraction_threshold;
  if (thermal_) {
    thermal_->resize(grid_.shape[2]);
    thermal_->set_spacing(grid_.spacing[2]);
    // A depth profile from a checkpoint must have one value per z plane of the restored grid.
    const auto fits = [&](const std::vector<double>& profile, const char* what) {
      if (profile.size() != std::size_t(grid_.shape[2]))
        throw InputError(std::string("checkpoint: ") + what + " profile has " + std::to_string(profile.size()) +
                         " values for " + std::to_string(grid_.shape[2]) + " z planes");
      return true;
    };
    if (!state.temperature.empty() && fits(state.temperature, "temperature")) thermal_->set_temperature(state.temperature);
    if (!state.chi_temperature.empty() && fits(state.chi_temperature, "chi temperature")) chi_T_ = state.chi_temperature;
  }
  // A rebuilt solver needs the wet process's z profiles and bath again (inert without [material]).
  apply_temperature();
  solver_->set_bath(bath_);
}

void DeformingDomain::enable_wet_process(const WetProcessParameters& parameters) {
  wet_ = parameters;
  thermal_.emplace(grid_.shape[2], grid_.spacing[2], parameters.material.thermal_diffusivity,
                   parameters.material.initial_temperature_C, parameters.material.heat_transfer_coefficient);
  chi_T_ = thermal_->temperature();
  apply_temperature();
}

// Per plane, the temperature chi is evaluated at (WetProcessParameters::chi_temperature).
std::vector<double> DeformingDomain::chi_temperature(const std::vector<double>& T) const {
  if (chi_T_.size() != T.size()) return T;
  std::vector<double> out(T.size());
  for (std::size_t k = 0; k < T.size(); ++k) out[k] = wet_->chi_temperature(T[k], chi_T_[k]);
  return out;
}

ZProfiles DeformingDomain::profiles_from(const std::vector<double>& T) const {
  ZProfiles p;
  p.chi.resize(T.size());
  p.temperature_factor.resize(T.size());
  p.phi_arrest.resize(T.size());
  const std::vector<double> T_chi = chi_temperature(T);
  for (std::size_t k = 0; k < T.size(); ++k) {
    p.chi[k] = wet_->chi(T_chi[k]);
    p.temperature_factor[k] = wet_->temperature_factor(T[k]);
    p.phi_arrest[k] = wet_->phi_arrest(T[k]);
  }
  return p;
}

void DeformingDomain::apply_temperature() {
  if (!wet_) return;
  solver_->set_z_profiles(profiles_from(thermal_->temperature()));
}

void DeformingDomain::prepare_step(double dt) {
  if (!wet_) return;
  const std::vector<double> committed = thermal_->temperature();
  thermal_->step(dt, faces_);
  tentative_T_ = thermal_->temperature();
  thermal_->set_temperature(committed);
  solver_->set_z_profiles(profiles_from(tentative_T_));
}

void DeformingDomain::commit_step() {
  if (!wet_ || tentative_T_.empty()) return;
  chi_T_ = chi_temperature(tentative_T_);
  thermal_->set_temperature(std::move(tentative_T_));
  tentative_T_.clear();
}

void DeformingDomain::set_bath(const BathCondition& bath) {
  bath_ = bath;
  solver_->set_bath(bath);
}

void DeformingDomain::extract_pores(double threshold) {
  extraction_threshold_ = threshold;
  std::vector<double> phi(grid_.voxels());
  solver_->get_state(phi);
  std::vector<std::uint8_t> mask(phi.size());
  for (std::size_t i = 0; i < phi.size(); ++i) mask[i] = phi[i] < threshold ? 1 : 0;
  pore_mask_ = std::move(mask);
}

void DeformingDomain::set_mobility_factor(double factor) {
  mobility_factor_ = factor;
  solver_->set_mobility_factor(factor);
}

void DeformingDomain::deform_to(const std::array<double, 3>& lambda) {
  for (int a = 0; a < 3; ++a) {
    if (!(lambda[a] > 0) || !std::isfinite(lambda[a])) throw NumericalError("deformation: stretch ratio must stay positive");
    grid_.spacing[a] = reference_spacing_[a] * (lambda[a] / reference_lambda_[a]);
  }
  lambda_ = lambda;
  solver_->set_spacing(grid_.spacing);
  if (thermal_) thermal_->set_spacing(grid_.spacing[2]);
}

std::optional<RemeshRecord> DeformingDomain::remesh_if_needed(long long step, double time) {
  if (aspect_ratio(grid_) <= options_.max_aspect_ratio) return std::nullopt;
  const std::array<int, 3> shape = remesh_shape(grid_, options_);
  if (shape == grid_.shape) return std::nullopt;  // the voxel cap leaves no better grid
  return remesh_to(shape, step, time);
}

RemeshRecord DeformingDomain::remesh_to(const std::array<int, 3>& shape, long long step, double time) {
  RemeshRecord r;
  r.step = step;
  r.time = time;
  r.old_grid = grid_;
  std::vector<double> phi(grid_.voxels());
  solver_->get_state(phi);
  // Release the old solver first: the peak is one solver plus the host copies, not two solvers.
  solver_.reset();
  phi = resample_spectral(std::move(phi), grid_, shape);
  if (pore_mask_) pore_mask_ = resample_nearest(*pore_mask_, grid_, shape);
  grid_ = resampled_grid(grid_, shape);
  setup_.grid = grid_;
  solver_ = make_(setup_);
  solver_->set_state(phi);
  solver_->set_mobility_factor(mobility_factor_);
  if (thermal_) {
    chi_T_ = resample_depth_profile(chi_T_, grid_.shape[2]);
    thermal_->resize(grid_.shape[2]);
    thermal_->set_spacing(grid_.spacing[2]);
    apply_temperature();
  }
  solver_->set_bath(bath_);
  reference_spacing_ = grid_.spacing;
  reference_lambda_ = lambda_;
  r.new_grid = grid_;
  return r;
}

std::vector<std::uint8_t> resample_nearest(const std::vector<std::uint8_t>& mask, const Grid& from,
                                           std::array<int, 3> to) {
  const auto& n = from.shape;
  const std::size_t count = std::size_t(to[0]) * to[1] * to[2];
  std::vector<std::uint8_t> out(count);
  // Node i of the new grid sits at i * L / n_new; take the old node nearest to it (periodic).
  auto nearest = [](int i, int n_new, int n_old) { return int(std::lround(double(i) * n_old / n_new)) % n_old; };
  for (int k = 0; k < to[2]; ++k)
    for (int j = 0; j < to[1]; ++j)
      for (int i = 0; i < to[0]; ++i) {
        const std::size_t src = (std::size_t(nearest(k, to[2], n[2])) * n[1] + nearest(j, to[1], n[1])) * n[0] +
                                nearest(i, to[0], n[0]);
        out[(std::size_t(k) * to[1] + j) * to[0] + i] = mask[src];
      }
  return out;
}

}  // namespace pf
