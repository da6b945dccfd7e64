#pragma once
#include <stdexcept>
#include <string>

namespace pf {

// Every failure porefield reports is one of these; main() turns them into one line and an exit code.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bad configuration, file or flag: the message names the key/file, the value and the allowed range.
struct InputError : Error {
  using Error::Error;
};

// The numerics broke down (NaN/Inf or runaway values); the message names step and time.
struct NumericalError : Error {
  using Error::Error;
};

// Writing output failed (disk full, quota, permission, path gone): the message names the path
// and the operating system's reason.
struct IoError : Error {
  using Error::Error;
};

// A vendor library (FFTW, cuFFT, CUDA runtime, HDF5) failed; the message names the call.
struct BackendError : Error {
  using Error::Error;
};

// A run stopped on request (SIGTERM, SIGUSR1) after writing a checkpoint; the message names it.
struct RunInterrupted : Error {
  using Error::Error;
};

enum ExitCode : int {
  exit_ok = 0,
  exit_failure = 1,
  exit_input_error = 2,
  exit_numerical_error = 3,
  // EX_TEMPFAIL (sysexits.h): stopped by SIGTERM/SIGUSR1 with a checkpoint written; a job script
  // requeues and restarts with --restart (docs/cli.md, docs/hpc.md).
  exit_interrupted = 75,
};

}  // namespace pf
