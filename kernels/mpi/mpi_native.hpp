#pragma once
// The MPI communicator behind a pf::Communicator, for the few files that call MPI libraries
// themselves (FFTW-MPI plans, parallel HDF5). Include only in MPI builds (PF_HAVE_MPI).
#include <mpi.h>

#include "kernels/communicator.hpp"

namespace pf {

// The communicator's MPI_Comm; MPI_COMM_SELF for the serial one.
MPI_Comm native_comm(const Communicator& communicator);

}  // namespace pf
