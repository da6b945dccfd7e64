#include "io/isolated_hdf5.hpp"

#include "io/byte_message.hpp"
#include "io/isolated_process.hpp"
#include "solver/core/errors.hpp"

namespace pf {

namespace {

void put_info(ByteWriter& w, const FieldInfo& info) {
  w.put(info.shape_zyx);
  w.put(info.is_integer);
  w.put(info.element_bytes);
  w.put(info.is_unsigned);
}

FieldInfo get_info(ByteReader& r) {
  FieldInfo info;
  info.shape_zyx = r.get<std::array<std::size_t, 3>>();
  info.is_integer = r.get<bool>();
  info.element_bytes = r.get<std::size_t>();
  info.is_unsigned = r.get<bool>();
  return info;
}

}  // namespace

FieldInfo field_info_isolated(const std::string& path, const std::string& dataset) {
  const std::string reply = run_isolated(path, [&] {
    ByteWriter w;
    put_info(w, Hdf5File::open_read(path).field_info(dataset));
    return w.bytes;
  });
  ByteReader r{reply};
  return get_info(r);
}

FieldData read_field_isolated(const std::string& path, const std::string& dataset, FieldValues values,
                              const std::function<void(FieldData&)>& in_child) {
  // In the child `d` is what it read (its values go to the pipe from where they lie); in the
  // parent the values arrive straight into `d`: one copy of the field on each side.
  FieldData d;
  bool as_bytes = false;
  const std::string reply = run_isolated(
      path,
      [&] {
        d = Hdf5File::open_read(path).read_field(dataset, values);
        if (in_child) in_child(d);
        ByteWriter w;
        put_info(w, FieldInfo{d.shape_zyx, d.is_integer, d.element_bytes, false});
        const FieldAttributes& a = d.attributes;
        w.put(a.time), w.put(a.step), w.put(a.spacing_zyx), w.put(a.origin_zyx), w.put(a.length_unit), w.put(a.length_unit_um);
        const bool bytes = d.values.empty() && !d.bytes.empty();
        w.put(bytes);
        return IsolatedReply{std::move(w.bytes), {bytes ? std::as_bytes(std::span<const std::uint8_t>(d.bytes))
                                                        : std::as_bytes(std::span<const double>(d.values))}};
      },
      [&](const std::string& message, std::size_t, std::size_t bytes) {
        ByteReader header{message};
        const auto shape = get_info(header).shape_zyx;
        as_bytes = !message.empty() && message.back() != 0;  // the flag is the message's last byte
        if (bytes != shape[0] * shape[1] * shape[2] * (as_bytes ? 1 : sizeof(double)))
          throw Error("isolated read: the reading process sent a field of another size than its shape");
        if (as_bytes) {
          d.bytes.resize(bytes);
          return std::as_writable_bytes(std::span<std::uint8_t>(d.bytes));
        }
        d.values.resize(bytes / sizeof(double));
        return std::as_writable_bytes(std::span<double>(d.values));
      });
  ByteReader r{reply};
  const FieldInfo info = get_info(r);
  d.shape_zyx = info.shape_zyx, d.is_integer = info.is_integer, d.element_bytes = info.element_bytes;
  FieldAttributes& a = d.attributes;
  a.time = r.get<double>();
  a.step = r.get<std::int64_t>();
  a.spacing_zyx = r.get<std::array<double, 3>>();
  a.origin_zyx = r.get<std::array<double, 3>>();
  a.length_unit = r.get_string();
  a.length_unit_um = r.get<double>();
  if (r.get<bool>() != as_bytes || (as_bytes ? d.bytes.size() : d.values.size()) != info.shape_zyx[0] * info.shape_zyx[1] * info.shape_zyx[2])
    throw Error("isolated read: truncated reply from the reading process");
  return d;
}

}  // namespace pf
