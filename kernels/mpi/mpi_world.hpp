#pragma once
// MPI start-up for builds with PF_ENABLE_MPI (main() calls these only there). No MPI header.
namespace pf {

// MPI_Init, then installs MPI_COMM_WORLD as pf::world(). Without a launcher (plain
// `porefield run`) MPI starts as a one-rank singleton.
void start_mpi(int* argc, char*** argv);
// MPI_Finalize, when start_mpi ran.
void stop_mpi();
// Ends every rank with `code` (MPI_Abort): for a failure on some ranks only, where the others
// would wait forever in the next collective.
[[noreturn]] void abort_mpi(int code);

}  // namespace pf
