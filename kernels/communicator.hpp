#pragma once
// The ranks a run is spread over. porefield is SPMD: every rank runs the same run loop and calls
// the collective operations below in the same order. The serial communicator (one rank) is what
// every build has; an MPI build (PF_ENABLE_MPI) installs an MPI_COMM_WORLD one at startup of
// `run` and `check`. No MPI header is needed to use this interface.
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace pf {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool root() const { return rank() == 0; }
  // Rank among the ranks on this node (picks this rank's GPU).
  virtual int node_rank() const { return rank(); }
  // Ranks on this node (they share its host memory).
  virtual int node_size() const { return size(); }
  // Whether all_to_all accepts device (CUDA) pointers: a CUDA-aware MPI that says so.
  virtual bool device_buffers() const { return false; }

  virtual double sum(double value) const = 0;
  // Max over ranks; NaN on any rank gives NaN everywhere (blow-ups are never hidden).
  virtual double max(double value) const = 0;
  virtual void barrier() const = 0;
  // Every rank's bytes, concatenated in rank order, on every rank.
  virtual std::vector<std::byte> all_gather(std::span<const std::byte> mine) const = 0;
  // send holds the blocks for rank 0, 1, ... back to back (send_counts bytes each); recv gets
  // the blocks from rank 0, 1, ... (recv_counts bytes each).
  virtual void all_to_all(std::span<const std::byte> send, std::span<const std::size_t> send_counts,
                          std::span<std::byte> recv, std::span<const std::size_t> recv_counts) const = 0;
};

// One rank: every collective is the identity.
class SerialCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  double sum(double value) const override { return value; }
  double max(double value) const override { return value; }
  void barrier() const override {}
  std::vector<std::byte> all_gather(std::span<const std::byte> mine) const override { return {mine.begin(), mine.end()}; }
  void all_to_all(std::span<const std::byte> send, std::span<const std::size_t>, std::span<std::byte> recv,
                  std::span<const std::size_t>) const override;
};

// The process's communicator: serial unless set_world() installed another (main() of an MPI
// build does, for `run` and `check`).
const Communicator& world();
void set_world(std::unique_ptr<Communicator> communicator);

}  // namespace pf
