#pragma once
// MPI start-up for builds with PF_ENABLE_MPI (main() calls these only there). No MPI header.
namespace pf {

// Whether an MPI launcher started this process (mpirun/mpiexec of OpenMPI or MPICH, srun with
// PMI or PMIx): its environment variables say so. Without one, porefield stays serial and does
// not start MPI at all (a singleton MPI_Init would spawn a helper daemon for nothing).
bool launched_by_mpi();
// MPI_Init, then installs MPI_COMM_WORLD as pf::world().
void start_mpi(int* argc, char*** argv);
// MPI_Finalize, when start_mpi ran.
void stop_mpi();
// Ends every rank with `code` (MPI_Abort): for a failure on some ranks only, where the others
// would wait forever in the next collective.
[[noreturn]] void abort_mpi(int code);

}  // namespace pf
