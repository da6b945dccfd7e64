#include "kernels/cpu/exec_cpu.hpp"
#include "solver/schemes/semi_implicit_spectral.hpp"

namespace pf {

template <class Real>
std::unique_ptr<Solver> make_cpu_solver(const PhysicsSetup& setup) {
  return std::make_unique<SemiImplicitSpectral<Cpu, Real>>(setup);
}

template std::unique_ptr<Solver> make_cpu_solver<float>(const PhysicsSetup&);
template std::unique_ptr<Solver> make_cpu_solver<double>(const PhysicsSetup&);

}  // namespace pf
