#include "io/isolated_hdf5.hpp"

#include <cstring>
#include <type_traits>

#include "io/isolated_process.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

// A flat byte encoding of FieldInfo / FieldData for the pipe between child and parent; both
// ends are the same binary, so native layout is fine.
struct Writer {
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

struct Reader {
  const std::string& bytes;
  std::size_t at = 0;
  void take(void* out, std::size_t n) {
    if (at + n > bytes.size()) throw Error("isolated HDF5 read: truncated reply from the reading process");
    std::memcpy(out, bytes.data() + at, n);
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

void put_info(Writer& w, const FieldInfo& info) {
  w.put(info.shape_zyx);
  w.put(info.is_integer);
  w.put(info.element_bytes);
}

FieldInfo get_info(Reader& r) {
  FieldInfo info;
  info.shape_zyx = r.get<std::array<std::size_t, 3>>();
  info.is_integer = r.get<bool>();
  info.element_bytes = r.get<std::size_t>();
  return info;
}

}  // namespace

FieldInfo field_info_isolated(const std::string& path, const std::string& dataset) {
  const std::string reply = run_isolated(path, [&] {
    Writer w;
    put_info(w, Hdf5File::open_read(path).field_info(dataset));
    return w.bytes;
  });
  Reader r{reply};
  return get_info(r);
}

FieldData read_field_isolated(const std::string& path, const std::string& dataset) {
  const std::string reply = run_isolated(path, [&] {
    const FieldData d = Hdf5File::open_read(path).read_field(dataset);
    Writer w;
    put_info(w, FieldInfo{d.shape_zyx, d.is_integer, d.element_bytes});
    const FieldAttributes& a = d.attributes;
    w.put(a.time), w.put(a.step), w.put(a.spacing_zyx), w.put(a.origin_zyx), w.put(a.length_unit), w.put(a.length_unit_um);
    w.put(d.values.size());
    w.bytes.append(reinterpret_cast<const char*>(d.values.data()), d.values.size() * sizeof(double));
    return w.bytes;
  });
  Reader r{reply};
  FieldData d;
  const FieldInfo info = get_info(r);
  d.shape_zyx = info.shape_zyx, d.is_integer = info.is_integer, d.element_bytes = info.element_bytes;
  FieldAttributes& a = d.attributes;
  a.time = r.get<double>();
  a.step = r.get<std::int64_t>();
  a.spacing_zyx = r.get<std::array<double, 3>>();
  a.origin_zyx = r.get<std::array<double, 3>>();
  a.length_unit = r.get_string();
  a.length_unit_um = r.get<double>();
  d.values.resize(r.get<std::size_t>());
  r.take(d.values.data(), d.values.size() * sizeof(double));
  return d;
}

}  // namespace pf
