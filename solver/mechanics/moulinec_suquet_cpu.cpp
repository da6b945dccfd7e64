#include <cmath>

#include "kernels/cpu/exec_cpu.hpp"
#include "kernels/device.hpp"
#include "solver/mechanics/moulinec_suquet.hpp"

namespace pf {

template <class Real>
std::unique_ptr<ElasticitySolver> make_cpu_elasticity_solver(const Grid& g, const ElasticPhases& p, const ElasticityOptions& o) {
  return std::make_unique<MoulinecSuquet<Cpu, Real>>(g, p, o);
}
template std::unique_ptr<ElasticitySolver> make_cpu_elasticity_solver<double>(const Grid&, const ElasticPhases&,
                                                                             const ElasticityOptions&);

std::unique_ptr<ElasticitySolver> make_elasticity_solver(const Grid& g, const ElasticPhases& p, const ElasticityOptions& o,
                                                         BackendKind backend) {
  // Mechanics runs in double on either backend: it is called a few times per stretch, and the
  // cavitation threshold compares strains, where float round-off would be visible.
  if (resolve_backend(backend) == BackendKind::cuda) {
#ifdef PF_HAVE_CUDA
    return make_cuda_elasticity_solver<double>(g, p, o);
#endif
  }
  return make_cpu_elasticity_solver<double>(g, p, o);
}

double equivalent_strain(const SymTensor& e) {
  const double m = (e[0] + e[1] + e[2]) / 3;
  const double d0 = e[0] - m, d1 = e[1] - m, d2 = e[2] - m;
  const double dd = d0 * d0 + d1 * d1 + d2 * d2 + 2 * (e[3] * e[3] + e[4] * e[4] + e[5] * e[5]);
  return std::sqrt(2.0 / 3.0 * dd);
}

}  // namespace pf
