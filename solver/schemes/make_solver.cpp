#include "kernels/communicator.hpp"
#include "kernels/device.hpp"
#include "solver/core/errors.hpp"
#include "solver/schemes/solver.hpp"
#include "solver/schemes/spectral_grid.hpp"

namespace pf {

BackendKind resolve_backend(BackendKind requested) {
  // Several MPI ranks run on the CPU unless --backend cuda asks for GPUs (docs/hpc.md): a
  // multi-GPU run is chosen, never guessed.
  if (world().size() > 1 && requested == BackendKind::automatic) return BackendKind::cpu;
  std::string why;
  const bool cuda = cuda_device_usable(&why);
  if (requested == BackendKind::automatic) return cuda ? BackendKind::cuda : BackendKind::cpu;
  if (requested == BackendKind::cuda && !cuda) throw InputError("--backend cuda: " + why + " (use --backend cpu or auto)");
  // One GPU per rank where there are several, else ranks share them (round robin per node);
  // chosen before anything (the memory query of `check`) makes a context on device 0.
  if (requested == BackendKind::cuda && world().size() > 1) select_cuda_device(world().node_rank());
  return requested;
}

std::size_t solver_buffer_bytes(const PhysicsSetup& setup, Precision precision, bool with_saved_state) {
  // Mirrors SemiImplicitSpectral's members: phi and work (+ saved) real fields; phi_hat,
  // work_hat, scratch_hat (+ div_hat for variable mobility or noise) half spectra.
  const SpectralGrid<double> g = SpectralGrid<double>::from(setup.grid);
  const std::size_t real_bytes = precision == Precision::float64 ? 8 : 4;
  const bool constant_mobility = setup.mobility.is_constant() && setup.noise_sigma <= 0;
  const std::size_t reals = 2 + (with_saved_state ? 1 : 0);
  const std::size_t complexes = 3 + (constant_mobility ? 0 : 1);
  return reals * g.real_size() * real_bytes + complexes * g.complex_size() * 2 * real_bytes;
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
