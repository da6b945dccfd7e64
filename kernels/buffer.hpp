#pragma once
#include <cstddef>
#include <utility>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/cpu/memory_cpu.hpp"

namespace pf {

// An owning, move-only array in the memory space of Backend.
template <class T, class Backend>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(std::size_t size)
      : data_(static_cast<T*>(Memory<Backend>::allocate(size * sizeof(T)))), size_(size) {}
  ~Buffer() { Memory<Backend>::release(data_); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  Buffer& operator=(Buffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }

  void copy_from(const Buffer& other) {
    Memory<Backend>::copy_within(data_, other.data_, size_ * sizeof(T));
  }
  void upload(const T* host, std::size_t count) {
    Memory<Backend>::copy_from_host(data_, host, count * sizeof(T));
  }
  void download(T* host, std::size_t count) const {
    Memory<Backend>::copy_to_host(host, data_, count * sizeof(T));
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace pf
