#include "kernels/cuda/exec_cuda.cuh"
#include "kernels/cuda/memory_cuda.hpp"
#include "solver/schemes/semi_implicit_spectral.hpp"

namespace pf {

template <class Real>
std::unique_ptr<Solver> make_cuda_solver(const PhysicsSetup& setup) {
  return std::make_unique<SemiImplicitSpectral<Cuda, Real>>(setup);
}

template std::unique_ptr<Solver> make_cuda_solver<float>(const PhysicsSetup&);
template std::unique_ptr<Solver> make_cuda_solver<double>(const PhysicsSetup&);

}  // namespace pf
