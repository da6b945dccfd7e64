// pf::Communicator over MPI_COMM_WORLD; the only file that calls MPI point-to-point and
// collective routines.
#include <mpi.h>
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>  // OpenMPI's MPIX_Query_cuda_support
#endif

#include <climits>
#include <cstdlib>
#include <cmath>
#include <string>

#include "kernels/mpi/mpi_native.hpp"
#include "kernels/mpi/mpi_world.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

void check(int rc, const char* call) {
  if (rc != MPI_SUCCESS) throw BackendError(std::string("MPI: ") + call + " failed");
}

// MPI counts are int: blocks past 2 GiB per rank pair would need derived datatypes.
int count_of(std::size_t bytes) {
  if (bytes > std::size_t(INT_MAX)) throw BackendError("MPI: a message of " + std::to_string(bytes) + " bytes exceeds 2 GiB");
  return int(bytes);
}

class MpiCommunicator final : public Communicator {
 public:
  explicit MpiCommunicator(MPI_Comm comm) : comm_(comm) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
    MPI_Comm node;
    check(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node), "MPI_Comm_split_type");
    MPI_Comm_rank(node, &node_rank_);
    MPI_Comm_size(node, &node_size_);
    MPI_Comm_free(&node);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int node_rank() const override { return node_rank_; }
  int node_size() const override { return node_size_; }

  bool device_buffers() const override {
#if defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT
    return MPIX_Query_cuda_support() == 1;  // built with CUDA, and its runtime found it
#else
    return false;  // no CUDA in this MPI, or no way to ask: staging is the safe choice
#endif
  }
  MPI_Comm comm() const { return comm_; }

  double sum(double value) const override {
    double out = 0;
    check(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_SUM, comm_), "MPI_Allreduce(sum)");
    return out;
  }

  double max(double value) const override {
    // MPI_MAX ignores NaN on some implementations: carry "any NaN" separately.
    double in[2] = {std::isnan(value) ? 1.0 : 0.0, std::isnan(value) ? -INFINITY : value}, out[2];
    check(MPI_Allreduce(in, out, 2, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce(max)");
    return out[0] > 0 ? NAN : out[1];
  }

  void barrier() const override { check(MPI_Barrier(comm_), "MPI_Barrier"); }

  std::vector<std::byte> all_gather(std::span<const std::byte> mine) const override {
    const int n = count_of(mine.size());
    std::vector<int> counts(size_), displs(size_);
    check(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_), "MPI_Allgather");
    std::size_t total = 0;
    for (int r = 0; r < size_; ++r) {
      displs[r] = count_of(total);
      total += std::size_t(counts[r]);
    }
    std::vector<std::byte> all(total);
    check(MPI_Allgatherv(mine.data(), n, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, comm_),
          "MPI_Allgatherv");
    return all;
  }

  void all_to_all(std::span<const std::byte> send, std::span<const std::size_t> send_counts, std::span<std::byte> recv,
                  std::span<const std::size_t> recv_counts) const override {
    std::vector<int> sc(size_), sd(size_), rc(size_), rd(size_);
    std::size_t s = 0, r = 0;
    for (int i = 0; i < size_; ++i) {
      sc[i] = count_of(send_counts[i]);
      sd[i] = count_of(s);
      s += send_counts[i];
      rc[i] = count_of(recv_counts[i]);
      rd[i] = count_of(r);
      r += recv_counts[i];
    }
    check(MPI_Alltoallv(send.data(), sc.data(), sd.data(), MPI_BYTE, recv.data(), rc.data(), rd.data(), MPI_BYTE, comm_),
          "MPI_Alltoallv");
  }

 private:
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1, node_rank_ = 0, node_size_ = 1;
};

bool started = false;

}  // namespace

MPI_Comm native_comm(const Communicator& c) {
  if (const auto* m = dynamic_cast<const MpiCommunicator*>(&c)) return m->comm();
  return MPI_COMM_SELF;
}

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

void start_mpi(int* argc, char*** argv) {
  int provided = 0;
  // FUNNELED: OpenMP threads compute, only the main thread calls MPI.
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  started = true;
  set_world(std::make_unique<MpiCommunicator>(MPI_COMM_WORLD));
}

void stop_mpi() {
  if (!started) return;
  set_world(std::make_unique<SerialCommunicator>());
  started = false;
  MPI_Finalize();
}

void abort_mpi(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace pf
