#include "kernels/device.hpp"
#include "solver/core/errors.hpp"
#include "solver/schemes/solver.hpp"

namespace pf {

BackendKind resolve_backend(BackendKind requested) {
  std::string why;
  const bool cuda = cuda_device_usable(&why);
  if (requested == BackendKind::automatic) return cuda ? BackendKind::cuda : BackendKind::cpu;
  if (requested == BackendKind::cuda && !cuda) throw InputError("--backend cuda: " + why + " (use --backend cpu or auto)");
  return requested;
}

std::unique_ptr<Solver> make_solver(const PhysicsSetup& setup, BackendKind backend, Precision precision) {
  const bool dbl = precision == Precision::float64;
  if (resolve_backend(backend) == BackendKind::cuda) {
#ifdef PF_HAVE_CUDA
    return dbl ? make_cuda_solver<double>(setup) : make_cuda_solver<float>(setup);
#endif
  }
  return dbl ? make_cpu_solver<double>(setup) : make_cpu_solver<float>(setup);
}

}  // namespace pf
