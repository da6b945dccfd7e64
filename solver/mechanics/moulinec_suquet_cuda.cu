#include "kernels/cuda/exec_cuda.cuh"
#include "kernels/cuda/memory_cuda.hpp"
#include "solver/mechanics/moulinec_suquet.hpp"

namespace pf {

template <class Real>
std::unique_ptr<ElasticitySolver> make_cuda_elasticity_solver(const Grid& g, const ElasticPhases& p,
                                                              const ElasticityOptions& o) {
  return std::make_unique<MoulinecSuquet<Cuda, Real>>(g, p, o);
}
template std::unique_ptr<ElasticitySolver> make_cuda_elasticity_solver<double>(const Grid&, const ElasticPhases&,
                                                                              const ElasticityOptions&);

}  // namespace pf
