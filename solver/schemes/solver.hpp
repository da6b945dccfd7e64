#pragma once
#include <cstddef>
#include <cstdint>
#include <array>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "solver/schemes/physics_setup.hpp"

namespace pf {

enum class BackendKind { automatic, cpu, cuda };
enum class Precision { float32, float64 };

// Where one step's time goes, for `porefield bench` (milliseconds per step, device synchronised).
struct StepProfile {
  double step_ms = 0;       // a whole step
  double fft_ms = 0;        // its FFTs alone (same count and sizes)
  double pointwise_ms = 0;  // its pointwise kernels alone
  double reduction_ms = 0;  // one diagnostics() call (energy, mass, max), done only at outputs
  int ffts_per_step = 0;
  double bytes_per_step = 0;  // minimal traffic: each FFT and kernel reads and writes its arrays once
};

struct Diagnostics {
  double free_energy = 0;  // F = integral of f(phi) + kappa/2 |grad phi|^2 over the physical box
  double mass = 0;         // mean phi over the physical box
  double max_abs = 0;      // max |phi|; NaN if any voxel is NaN
};

// Depth-dependent parameters (MODEL.md §4: T(z, t) makes chi, the mobility's temperature factor
// and the arrest threshold functions of z): one value per physical z plane (nz each), bottom
// (z = 0) first. All three empty = uniform (the PhysicsSetup values).
struct ZProfiles {
  std::vector<double> chi, temperature_factor, phi_arrest;
  bool empty() const { return chi.empty(); }
};

// A solvent bath on the z faces (MODEL.md §3), implemented as a relaxation of each bath face's
// node plane toward phi_bath at `rate` (1/time): phi += (1 - exp(-rate dt)) (phi_bath - phi)
// after every step, where phi > phi_bath (a solvent bath takes polymer up, never gives it). Needs boundary_z = no_flux (the bath sits on the no-flux faces).
struct BathCondition {
  bool bottom = false, top = false;
  double phi_bath = 0;
  double rate = 0;
  bool any() const { return (bottom || top) && rate > 0; }
};

// What the bath added in the last step: sum of the phi changes over the physical voxels of each
// face (multiply by the cell volume for an amount; divide by the voxel count for the change of
// mean phi). Positive = polymer gained (solvent left), negative = solvent entered.
struct BathExchange {
  double bottom = 0, top = 0;
};

// The physical z planes first .. first + count - 1 of (nz, ny, nx) that one rank holds.
struct PlaneRange {
  int first = 0, count = 0;
};

// A time stepper on one backend and precision, behind a backend-neutral interface so the run
// loop, output and tests need no templates. Fields cross it as physical (nz, ny, nx) doubles.
// Under MPI (several ranks) every rank holds a z slab; the whole-field calls below are then
// collective (set_state takes this rank's planes from the whole field, get_state gathers it
// on every rank), and the local_* calls give this rank's planes for parallel output.
class Solver {
 public:
  virtual ~Solver() = default;
  virtual void set_state(std::span<const double> phi) = 0;
  virtual void get_state(std::span<double> phi) const = 0;
  // The physical field in the solver's own precision (float or double, (nz, ny, nx)), as bytes:
  // checkpoints store it so a restart continues bit for bit, with no conversion through double.
  virtual void get_state_raw(std::vector<std::byte>& bytes) const = 0;
  virtual void set_state_raw(std::span<const std::byte> bytes) = 0;
  virtual PlaneRange local_planes() const = 0;
  virtual void get_local_state(std::span<double> phi) const = 0;  // local_planes().count * ny * nx values
  virtual void get_local_state_raw(std::vector<std::byte>& bytes) const = 0;
  // Advances phi by dt; step_index keys the noise so that a restart reproduces it.
  virtual void step(double dt, std::uint64_t step_index) = 0;
  virtual Diagnostics diagnostics() = 0;
  // The grid is attached to the material: an affine deformation changes the node spacing
  // (hx, hy, hz) but not the values on the nodes, so wavenumbers k_i = 2 pi m_i / (n_i h_i)
  // follow. Shape, FFT plans and buffers are unchanged; a new shape needs a new Solver.
  virtual void set_spacing(std::array<double, 3> spacing) = 0;
  // Multiplies the mobility (and with it the stabilising operator and the noise) by factor
  // >= 0; 0 freezes the dynamics: step() then leaves phi exactly unchanged.
  virtual void set_mobility_factor(double factor) = 0;
  // Per-plane chi, temperature factor and arrest threshold (empty = uniform); the reference
  // mobility M-bar becomes the largest local mobility over phi and z, so the stabilised
  // scheme stays bounded. Sizes must equal nz.
  virtual void set_z_profiles(const ZProfiles& profiles) = 0;
  virtual void set_bath(const BathCondition& bath) = 0;
  virtual BathExchange last_bath_exchange() const = 0;
  // The physical grid the solver currently works on (shape, spacing, z boundary).
  virtual Grid grid() const = 0;
  // For step rejection in adaptive time stepping.
  virtual void save_state() = 0;
  virtual void restore_state() = 0;
  // max |phi - saved| over the voxels; without_noise: less the share of the last step's flux
  // noise (the deterministic change, which is what a step-size controller should judge).
  virtual double max_change_from_saved(bool without_noise = false) = 0;
  virtual std::string backend_name() const = 0;
  virtual Precision precision() const = 0;
  virtual std::size_t bytes_allocated() const = 0;
  virtual void synchronize() = 0;
  // Times `repeats` steps of size dt (after the caller's warm-up) and their parts; advances phi.
  virtual StepProfile profile(double dt, int repeats) = 0;
  // Device-to-device (or host memcpy) bandwidth in GB/s, read + write counted, on `bytes`.
  virtual double copy_bandwidth_gb_s(std::size_t bytes) = 0;
};

// Backend::automatic picks CUDA only when a device is usable. Asking for CUDA without one
// throws InputError saying why.
std::unique_ptr<Solver> make_solver(const PhysicsSetup& setup, BackendKind backend, Precision precision);
BackendKind resolve_backend(BackendKind requested);

// Bytes of field buffers the solver for `setup` allocates on its backend (what
// Solver::bytes_allocated() reports once built; with_saved_state: adaptive time stepping keeps
// one more real field). Lets a run be refused for lack of memory before anything is allocated.
std::size_t solver_buffer_bytes(const PhysicsSetup& setup, Precision precision, bool with_saved_state);

template <class Real>
std::unique_ptr<Solver> make_cpu_solver(const PhysicsSetup& setup);
template <class Real>
std::unique_ptr<Solver> make_cuda_solver(const PhysicsSetup& setup);

}  // namespace pf
