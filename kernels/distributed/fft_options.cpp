#include "kernels/distributed/fft_options.hpp"

#include <cstdlib>
#include <string>

#include "solver/core/errors.hpp"

namespace pf {

namespace {

// The variable's value, or `fallback` when unset or empty.
std::string setting(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

DistributedFftOptions distributed_fft_options(const Communicator& comm) {
  DistributedFftOptions o;
  const std::string fft = setting("PF_MPI_FFT", "fftw");
  if (fft != "fftw" && fft != "transpose")
    throw InputError("environment PF_MPI_FFT = \"" + fft + "\": must be \"fftw\" or \"transpose\"");
  o.explicit_transpose = fft == "transpose";
  const std::string aware = setting("PF_GPU_AWARE_MPI", "auto");
  if (aware != "auto" && aware != "on" && aware != "off")
    throw InputError("environment PF_GPU_AWARE_MPI = \"" + aware + "\": must be \"auto\", \"on\" or \"off\"");
  o.device_aware = aware == "on" || (aware == "auto" && comm.device_buffers());
  return o;
}

const char* fft_method_name(const DistributedFftOptions& o, bool device, int ranks) {
  if (device && ranks == 1) return "cufft";
  if (device) return o.device_aware ? "cufft + transpose, CUDA-aware MPI" : "cufft + transpose, staged through host";
  if (o.explicit_transpose) return "fftw + transpose";
  return ranks > 1 ? "fftw-mpi" : "fftw";
}

}  // namespace pf
