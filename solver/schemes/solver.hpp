#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "solver/schemes/physics_setup.hpp"

namespace pf {

enum class BackendKind { automatic, cpu, cuda };
enum class Precision { float32, float64 };

struct Diagnostics {
  double free_energy = 0;  // F = integral of f(phi) + kappa/2 |grad phi|^2 over the physical box
  double mass = 0;         // mean phi over the physical box
  double max_abs = 0;      // max |phi|; NaN if any voxel is NaN
};

// A time stepper on one backend and precision, behind a backend-neutral interface so the run
// loop, output and tests need no templates. Fields cross it as physical (nz, ny, nx) doubles.
class Solver {
 public:
  virtual ~Solver() = default;
  virtual void set_state(std::span<const double> phi) = 0;
  virtual void get_state(std::span<double> phi) const = 0;
  // Advances phi by dt; step_index keys the noise so that a restart reproduces it.
  virtual void step(double dt, std::uint64_t step_index) = 0;
  virtual Diagnostics diagnostics() = 0;
  // For step rejection in adaptive time stepping.
  virtual void save_state() = 0;
  virtual void restore_state() = 0;
  virtual double max_change_from_saved() = 0;
  virtual std::string backend_name() const = 0;
  virtual Precision precision() const = 0;
  virtual std::size_t bytes_allocated() const = 0;
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
