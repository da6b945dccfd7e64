#include "solver/schemes/mirror_exchange.hpp"

#include <cstring>
#include <span>

#include "solver/core/errors.hpp"

namespace pf {

MirrorExchange::MirrorExchange(const Communicator& comm, int nz_physical, int nz, int z0, int nz_local,
                               std::size_t plane_bytes)
    : comm_(comm), nz_physical_(nz_physical), nz_(nz), rank_(comm.rank()), plane_bytes_(plane_bytes) {
  const int mine[2] = {z0, nz_local};
  const std::vector<std::byte> all = comm.all_gather(std::as_bytes(std::span<const int>(mine)));
  slabs_.resize(std::size_t(comm.size()));
  std::memcpy(slabs_.data(), all.data(), all.size());
}

int MirrorExchange::owner(int iz) const {
  for (std::size_t r = 0; r < slabs_.size(); ++r)
    if (iz >= slabs_[r].z0 && iz < slabs_[r].z0 + slabs_[r].n) return int(r);
  throw Error("MirrorExchange: plane " + std::to_string(iz) + " has no owner");
}

void MirrorExchange::apply(std::byte* local) const {
  // Both sides walk the physical planes in ascending order, so blocks need no headers: rank d
  // receives from rank s the planes p of s whose mirror nz - 1 - p it owns, in ascending p.
  const std::size_t ranks = slabs_.size();
  const Range me = slabs_[std::size_t(rank_)];
  std::vector<std::size_t> send_counts(ranks, 0), recv_counts(ranks, 0);
  std::vector<std::byte> send, recv;
  for (std::size_t d = 0; d < ranks; ++d)
    for (int p = me.z0; p < me.z0 + me.n && p < nz_physical_; ++p)
      if (owner(nz_ - 1 - p) == int(d)) {
        send.insert(send.end(), local + std::size_t(p - me.z0) * plane_bytes_, local + std::size_t(p - me.z0 + 1) * plane_bytes_);
        send_counts[d] += plane_bytes_;
      }
  std::vector<int> targets;  // local plane of each received block, in arrival order
  for (std::size_t s = 0; s < ranks; ++s)
    for (int p = slabs_[s].z0; p < slabs_[s].z0 + slabs_[s].n && p < nz_physical_; ++p) {
      const int m = nz_ - 1 - p;
      if (m >= me.z0 && m < me.z0 + me.n) {
        targets.push_back(m - me.z0);
        recv_counts[s] += plane_bytes_;
      }
    }
  recv.resize(targets.size() * plane_bytes_);
  comm_.all_to_all(send, send_counts, recv, recv_counts);
  for (std::size_t k = 0; k < targets.size(); ++k)
    std::memcpy(local + std::size_t(targets[k]) * plane_bytes_, recv.data() + k * plane_bytes_, plane_bytes_);
}

}  // namespace pf
