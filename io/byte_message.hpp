#pragma once
// A flat byte encoding for the pipe between an isolated reading process and its parent
// (io/isolated_process.hpp): both ends are the same binary, so native layout is fine.
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

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
  template <class T>
  void put_array(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put(values.size());
    bytes.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
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
  template <class T>
  std::vector<T> get_array() {
    const std::size_t n = get<std::size_t>();
    if (n > (bytes.size() - at) / sizeof(T)) throw Error("isolated read: truncated reply from the reading process");
    std::vector<T> v(n);
    take(v.data(), n * sizeof(T));
    return v;
  }
};

}  // namespace pf
