#pragma once
// A flat byte encoding for the pipe between an isolated reading process and its parent
// (io/isolated_process.hpp): both ends are the same binary, so native layout is fine. Headers
// only: arrays go as IsolatedReply bulk parts, not through here.
#include <cstddef>
#include <cstring>
#include <string>
#include <type_traits>

#include "solver/core/errors.hpp"

namespace pf {

struct ByteWriter {
  std::string bytes;
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(const std::string& s) {
    put(s.size());
    bytes += s;
  }
};

struct ByteReader {
  const std::string& bytes;
  std::size_t at = 0;
  void take(void* out, std::size_t n) {
    if (at + n > bytes.size()) throw Error("isolated read: truncated reply from the reading process");
    if (n > 0) std::memcpy(out, bytes.data() + at, n);
    at += n;
  }
  template <class T>
  T get() {
    T v;
    take(&v, sizeof v);
    return v;
  }
  std::string get_string() {
    std::string s(get<std::size_t>(), '\0');
    take(s.data(), s.size());
    return s;
  }
};

}  // namespace pf
