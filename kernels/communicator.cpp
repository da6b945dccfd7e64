#include "kernels/communicator.hpp"

#include <cstring>

namespace pf {

void SerialCommunicator::all_to_all(std::span<const std::byte> send, std::span<const std::size_t>, std::span<std::byte> recv,
                                    std::span<const std::size_t>) const {
  if (!send.empty()) std::memcpy(recv.data(), send.data(), send.size());
}

namespace {
std::unique_ptr<Communicator>& installed() {
  static std::unique_ptr<Communicator> c = std::make_unique<SerialCommunicator>();
  return c;
}
}  // namespace

const Communicator& world() { return *installed(); }

void set_world(std::unique_ptr<Communicator> communicator) { installed() = std::move(communicator); }

}  // namespace pf
