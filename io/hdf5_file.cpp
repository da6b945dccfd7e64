#include "io/hdf5_file.hpp"

#include <hdf5.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "io/host_memory.hpp"
#include "kernels/communicator.hpp"
#include "solver/core/errors.hpp"
#ifdef PF_HAVE_MPI
#include "kernels/mpi/mpi_native.hpp"
#endif

namespace pf {

namespace {

// HDF5 prints its own error stack by default; we report through exceptions instead.
void silence_hdf5() {
  static bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

// Closes an HDF5 handle of any kind when it leaves scope.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Handle() {
    if (id >= 0) close(id);
  }
};

// The innermost message on HDF5's error stack, reduced to the operating system's reason where
// HDF5 recorded one ("errno = 28, error message = 'No space left on device'").
std::string hdf5_reason() {
  std::string innermost;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* e, void* out) -> herr_t {
        if (n == 0 && e->desc) *static_cast<std::string*>(out) = e->desc;
        return 0;
      },
      &innermost);
  const std::string tag = "error message = '";
  const std::size_t at = innermost.find(tag);
  if (at != std::string::npos) {
    const std::size_t end = innermost.find('\'', at + tag.size());
    return innermost.substr(at + tag.size(), end == std::string::npos ? std::string::npos : end - at - tag.size());
  }
  return innermost;
}

std::string with_reason(const std::string& what) {
  const std::string reason = hdf5_reason();
  return reason.empty() ? what : what + ": " + reason;
}

// Failures while writing are I/O failures (disk full, quota, permissions): path and reason.
hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw IoError("HDF5: " + with_reason(what));
  return id;
}

void check_status(herr_t status, const std::string& what) {
  if (status < 0) throw IoError("HDF5: " + with_reason(what));
}

void write_attr(hid_t obj, const char* name, hid_t type, const void* data, hsize_t count, const std::string& where) {
  Handle space{check(count == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, nullptr), "dataspace"), H5Sclose};
  if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
  Handle attr{check(H5Acreate2(obj, name, type, space.id, H5P_DEFAULT, H5P_DEFAULT), std::string("create attribute ") + name + " in " + where), H5Aclose};
  check_status(H5Awrite(attr.id, type, data), std::string("write attribute ") + name + " in " + where);
}

void write_string_attr(hid_t obj, const char* name, const std::string& value, const std::string& where) {
  Handle type{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(type.id, std::max<std::size_t>(1, value.size()));
  H5Tset_strpad(type.id, H5T_STR_NULLTERM);
  std::string padded = value.empty() ? std::string(1, '\0') : value;
  write_attr(obj, name, type.id, padded.data(), 1, where);
}

void write_attributes(hid_t dset, const FieldAttributes& a, const std::string& where) {
  write_attr(dset, "time", H5T_NATIVE_DOUBLE, &a.time, 1, where);
  write_attr(dset, "step", H5T_NATIVE_INT64, &a.step, 1, where);
  write_attr(dset, "spacing", H5T_NATIVE_DOUBLE, a.spacing_zyx.data(), 3, where);
  write_attr(dset, "origin", H5T_NATIVE_DOUBLE, a.origin_zyx.data(), 3, where);
  write_string_attr(dset, "length_unit", a.length_unit, where);
  if (a.length_unit_um > 0) write_attr(dset, "length_unit_um", H5T_NATIVE_DOUBLE, &a.length_unit_um, 1, where);
  write_string_attr(dset, "axes", "z,y,x", where);
  const std::pair<const char*, const std::string*> optional[] = {
      {"units", &a.units},           {"config_toml", &a.config_toml}, {"porefield_version", &a.porefield_version},
      {"git_revision", &a.git_revision}, {"backend", &a.backend},     {"precision", &a.precision}};
  for (const auto& [name, value] : optional)
    if (!value->empty()) write_string_attr(dset, name, *value, where);
}

bool read_double_attr(hid_t obj, const char* name, double* out, hsize_t count) {
  if (H5Aexists(obj, name) <= 0) return false;
  Handle attr{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  if (attr.id < 0) return false;
  Handle space{H5Aget_space(attr.id), H5Sclose};
  if (H5Sget_simple_extent_npoints(space.id) != hssize_t(count)) return false;
  return H5Aread(attr.id, H5T_NATIVE_DOUBLE, out) >= 0;
}

std::string read_string_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return {};
  Handle attr{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  if (attr.id < 0) return {};
  Handle type{H5Aget_type(attr.id), H5Tclose};
  if (H5Tget_class(type.id) != H5T_STRING || H5Tis_variable_str(type.id) > 0) return {};
  Handle space{H5Aget_space(attr.id), H5Sclose};
  if (H5Sget_simple_extent_npoints(space.id) != 1) return {};
  constexpr std::size_t max_bytes = std::size_t(64) << 20;  // a config echo is kilobytes; refuse absurd claims
  if (H5Tget_size(type.id) == 0 || H5Tget_size(type.id) > max_bytes) return {};
  std::string s(H5Tget_size(type.id), '\0');
  Handle mem{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(mem.id, s.size());
  if (H5Aread(attr.id, mem.id, s.data()) < 0) return {};
  s.resize(std::strlen(s.c_str()));
  return s;
}

// Chunks of whole xy-planes (a few MiB) compress well and suit slice-wise reading.
hid_t chunked_compressed(std::array<std::size_t, 3> shape, std::size_t element_bytes) {
  hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
  const std::size_t plane = shape[1] * shape[2];
  const std::size_t planes = std::clamp<std::size_t>((std::size_t(4) << 20) / std::max<std::size_t>(1, plane * element_bytes), 1, shape[0]);
  if (plane * element_bytes < (std::size_t(1) << 31)) {
    hsize_t chunk[3] = {planes, shape[1], shape[2]};
    H5Pset_chunk(plist, 3, chunk);
    if (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0) H5Pset_shuffle(plist);
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) H5Pset_deflate(plist, 1);
  }
  return plist;
}

hid_t link_plist() {
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  return lcpl;
}

}  // namespace

namespace {

// File access through MPI-IO for a communicator of several ranks; the default driver otherwise.
hid_t access_plist(const Communicator* comm, [[maybe_unused]] const std::string& path) {
  if (!comm || comm->size() == 1) return H5Pcreate(H5P_FILE_ACCESS);
#ifdef PF_HAVE_MPI
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, native_comm(*comm), MPI_INFO_NULL);
  return fapl;
#else
  throw Error(path + ": a parallel HDF5 file needs a build with PF_ENABLE_MPI");
#endif
}

}  // namespace

Hdf5File Hdf5File::create(const std::string& path, const Communicator* comm) {
  silence_hdf5();
  Handle fapl{access_plist(comm, path), H5Pclose};
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id);
  if (id < 0) throw IoError(with_reason(path + ": cannot create HDF5 file"));
  return Hdf5File(id, path, comm && comm->size() > 1);
}

Hdf5File Hdf5File::open_read(const std::string& path) {
  silence_hdf5();
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw InputError(path + ": not a readable HDF5 file (missing, truncated or another format)");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(with_reason(path + ": cannot open HDF5 file (truncated or corrupt?)"));
  return Hdf5File(id, path);
}

Hdf5File Hdf5File::open_write(const std::string& path, const Communicator* comm) {
  silence_hdf5();
  Handle fapl{access_plist(comm, path), H5Pclose};
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.id);
  if (id < 0) throw IoError(with_reason(path + ": cannot open HDF5 file for writing"));
  return Hdf5File(id, path, comm && comm->size() > 1);
}

Hdf5File::Hdf5File(Hdf5File&& other) noexcept
    : id_(std::exchange(other.id_, -1)), path_(std::move(other.path_)), parallel_(other.parallel_) {}

Hdf5File::~Hdf5File() {
  if (id_ >= 0) H5Fclose(id_);
}

void Hdf5File::flush() { check_status(H5Fflush(id_, H5F_SCOPE_GLOBAL), "write " + path_); }

void Hdf5File::close() {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, -1);
  check_status(H5Fclose(id), "write " + path_);
}

bool Hdf5File::has(const std::string& name) const {
  // H5Lexists fails on missing intermediate groups, so walk the path one link at a time.
  std::size_t pos = 0;
  while (true) {
    pos = name.find('/', pos + 1);
    const std::string prefix = name.substr(0, pos);
    if (H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (pos == std::string::npos) return true;
  }
}

std::int64_t Hdf5File::create_and_write(const std::string& name, std::int64_t file_type, std::int64_t mem_type,
                                        const void* data, std::size_t elements, std::array<std::size_t, 3> shape,
                                        std::size_t element_bytes, ZPlanes planes) {
  const std::string where = path_ + ":/" + name;
  const std::size_t count = planes.count.value_or(shape[0]);
  if (planes.first + count > shape[0] || elements != count * shape[1] * shape[2])
    throw Error("HDF5 write: data size does not match shape for " + where);
  hsize_t dims[3] = {shape[0], shape[1], shape[2]};
  Handle space{check(H5Screate_simple(3, dims, nullptr), "dataspace for " + where), H5Sclose};
  Handle dcpl{chunked_compressed(shape, element_bytes), H5Pclose};
  Handle lcpl{link_plist(), H5Pclose};
  if (has(name)) check_status(H5Ldelete(id_, name.c_str(), H5P_DEFAULT), "replace " + where);
  const hid_t dset = check(H5Dcreate2(id_, name.c_str(), file_type, space.id, lcpl.id, dcpl.id, H5P_DEFAULT), "create dataset " + where);
  Handle guard{dset, H5Dclose};
  // This rank's planes of the file; a rank without planes selects none (it still takes part).
  hsize_t start[3] = {planes.first, 0, 0}, block[3] = {std::max<std::size_t>(count, 1), shape[1], shape[2]};
  Handle mem{check(H5Screate_simple(3, block, nullptr), "memory dataspace for " + where), H5Sclose};
  if (count > 0) {
    H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start, nullptr, block, nullptr);
  } else {
    H5Sselect_none(space.id);
    H5Sselect_none(mem.id);
  }
  Handle dxpl{H5Pcreate(H5P_DATASET_XFER), H5Pclose};
#ifdef PF_HAVE_MPI
  // Collective: compressed (filtered) datasets can only be written collectively in parallel.
  if (parallel_) H5Pset_dxpl_mpio(dxpl.id, H5FD_MPIO_COLLECTIVE);
#endif
  static const std::byte dummy{};
  check_status(H5Dwrite(dset, mem_type, mem.id, space.id, dxpl.id, count > 0 ? data : &dummy), "write " + where);
  guard.id = -1;
  return dset;
}

void Hdf5File::write_field(const std::string& name, std::span<const double> data, std::array<std::size_t, 3> shape,
                           bool store_float, const FieldAttributes& attributes, ZPlanes planes) {
  if (parallel_ && store_float) {
    // Parallel HDF5 1.10 writes compressed datasets only without type conversion: convert here.
    const std::vector<float> narrow(data.begin(), data.end());
    Handle dset{create_and_write(name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, narrow.data(), narrow.size(), shape, 4, planes),
                H5Dclose};
    write_attributes(dset.id, attributes, path_ + ":/" + name);
    return;
  }
  Handle dset{create_and_write(name, store_float ? H5T_IEEE_F32LE : H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data.data(),
                               data.size(), shape, store_float ? 4 : 8, planes),
              H5Dclose};
  write_attributes(dset.id, attributes, path_ + ":/" + name);
}

void Hdf5File::write_mask(const std::string& name, std::span<const std::uint8_t> data, std::array<std::size_t, 3> shape,
                          const FieldAttributes& attributes, ZPlanes planes) {
  Handle dset{create_and_write(name, H5T_STD_U8LE, H5T_NATIVE_UINT8, data.data(), data.size(), shape, 1, planes), H5Dclose};
  write_attributes(dset.id, attributes, path_ + ":/" + name);
}

void Hdf5File::write_root_attribute(const std::string& name, const std::string& value) {
  write_string_attr(id_, name.c_str(), value, path_);
}

namespace {

const char* class_name(H5T_class_t c);

hid_t raw_type(std::size_t element_bytes, const std::string& where) {
  switch (element_bytes) {
    case 1: return H5T_NATIVE_UINT8;
    case 4: return H5T_NATIVE_FLOAT;
    case 8: return H5T_NATIVE_DOUBLE;
    default: throw Error(where + ": raw element size must be 1, 4 or 8 bytes");
  }
}

}  // namespace

void Hdf5File::write_raw(const std::string& name, std::span<const std::byte> data, std::array<std::size_t, 3> shape,
                         std::size_t element_bytes, ZPlanes planes) {
  const hid_t mem = raw_type(element_bytes, path_ + ":/" + name);
  if (data.size() % element_bytes != 0) throw Error("write_raw: data size does not match shape for " + path_ + ":/" + name);
  const hid_t file_type = element_bytes == 1 ? H5T_STD_U8LE : element_bytes == 4 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE;
  Handle dset{create_and_write(name, file_type, mem, data.data(), data.size() / element_bytes, shape, element_bytes, planes),
              H5Dclose};
}

std::vector<std::byte> Hdf5File::read_raw(const std::string& name, std::size_t element_bytes) const {
  const std::string where = path_ + ": dataset '" + name + "'";
  const FieldInfo info = field_info(name);
  if (info.element_bytes != element_bytes)
    throw InputError(fmt::format("{}: {}-byte values, expected {}", where, info.element_bytes, element_bytes));
  const std::size_t count = info.shape_zyx[0] * info.shape_zyx[1] * info.shape_zyx[2];
  std::vector<std::byte> out(count * element_bytes);
  Handle dset{H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (dset.id < 0 || H5Dread(dset.id, raw_type(element_bytes, where), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw InputError(with_reason(where + ": read failed (file truncated or corrupt?)"));
  return out;
}

void Hdf5File::delete_object(const std::string& name) {
  if (has(name)) check_status(H5Ldelete(id_, name.c_str(), H5P_DEFAULT), "delete " + path_ + ":/" + name);
}

std::vector<DatasetSummary> Hdf5File::list_datasets() const {
  std::vector<DatasetSummary> out;
  // Soft, hard links only (an external link would make HDF5 open another file).
  H5L_iterate_t visit = [](hid_t root, const char* name, const auto* link, void* data) -> herr_t {
        if (link->type != H5L_TYPE_HARD) return 0;
        Handle obj{H5Oopen(root, name, H5P_DEFAULT), H5Oclose};
        if (obj.id < 0 || H5Iget_type(obj.id) != H5I_DATASET) return 0;
        auto& list = *static_cast<std::vector<DatasetSummary>*>(data);
        DatasetSummary d;
        d.name = name;
        Handle dset{H5Dopen2(root, name, H5P_DEFAULT), H5Dclose};
        if (dset.id < 0) return 0;
        Handle space{H5Dget_space(dset.id), H5Sclose};
        const int rank = H5Sget_simple_extent_ndims(space.id);
        if (rank > 0 && rank <= 8) {
          hsize_t dims[8] = {};
          H5Sget_simple_extent_dims(space.id, dims, nullptr);
          for (int i = 0; i < rank; ++i) d.shape.push_back(std::size_t(dims[i]));
        }
        Handle type{H5Dget_type(dset.id), H5Tclose};
        const H5T_class_t cls = H5Tget_class(type.id);
        const std::size_t bytes = H5Tget_size(type.id);
        if (cls == H5T_FLOAT) d.dtype = fmt::format("float{}", bytes * 8);
        else if (cls == H5T_INTEGER) d.dtype = fmt::format("{}int{}", H5Tget_sign(type.id) == H5T_SGN_NONE ? "u" : "", bytes * 8);
        else d.dtype = class_name(cls);
        double v = 0;
        if (read_double_attr(dset.id, "time", &v, 1)) d.time = v;
        if (read_double_attr(dset.id, "step", &v, 1)) d.step = v;
        std::array<double, 3> h{};
        if (read_double_attr(dset.id, "spacing", h.data(), 3)) d.spacing_zyx = h;
        d.length_unit = read_string_attr(dset.id, "length_unit");
        list.push_back(std::move(d));
        return 0;
  };
  H5Lvisit(id_, H5_INDEX_NAME, H5_ITER_INC, visit, &out);
  return out;
}

std::vector<std::string> Hdf5File::root_attribute_names() const {
  std::vector<std::string> names;
  H5Aiterate2(
      id_, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
      },
      &names);
  return names;
}

std::string Hdf5File::read_root_attribute(const std::string& name) const { return read_string_attr(id_, name.c_str()); }

namespace {

const char* class_name(H5T_class_t c) {
  switch (c) {
    case H5T_STRING: return "strings";
    case H5T_COMPOUND: return "a compound type";
    case H5T_ENUM: return "an enum type";
    case H5T_ARRAY: return "an array type";
    case H5T_VLEN: return "a variable-length type";
    case H5T_OPAQUE: return "an opaque type";
    case H5T_BITFIELD: return "a bitfield type";
    case H5T_REFERENCE: return "references";
    case H5T_TIME: return "a time type";
    default: return "an unknown type";
  }
}

}  // namespace

FieldInfo Hdf5File::field_info(const std::string& name) const {
  const std::string where = path_ + ": dataset '" + name + "'";
  // Walk the path one link at a time: a missing group is "not found", and an external link
  // (which would make HDF5 open another file named inside this one) is refused.
  std::size_t pos = 0;
  while (true) {
    pos = name.find('/', pos + 1);
    const std::string prefix = name.substr(0, pos);
    if (name.empty() || H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) throw InputError(where + " not found");
    H5L_info_t link{};
    if (H5Lget_info(id_, prefix.c_str(), &link, H5P_DEFAULT) < 0) throw InputError(where + " not found");
    if (link.type == H5L_TYPE_EXTERNAL || link.type == H5L_TYPE_ERROR || link.type > H5L_TYPE_EXTERNAL)
      throw InputError(where + ": '" + prefix + "' is an external or user-defined link; porefield reads only data stored in the file itself");
    if (pos == std::string::npos) break;
  }
  Handle dset{H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (dset.id < 0) throw InputError(where + " is not a dataset");
  Handle dcpl{H5Dget_create_plist(dset.id), H5Pclose};
  if (dcpl.id < 0) throw InputError(with_reason(where + ": unreadable storage properties"));
  const H5D_layout_t layout = H5Pget_layout(dcpl.id);
  if (layout == H5D_VIRTUAL || H5Pget_external_count(dcpl.id) != 0)
    throw InputError(where + ": stored in other files (virtual or external storage); porefield reads only data stored in the file itself");
  Handle space{H5Dget_space(dset.id), H5Sclose};
  const int rank = H5Sget_simple_extent_ndims(space.id);
  if (rank != 2 && rank != 3)
    throw InputError(where + ": rank " + std::to_string(rank) + ", expected 3 (nz, ny, nx) or 2 (ny, nx)");
  hsize_t dims[3] = {1, 1, 1};
  if (H5Sget_simple_extent_dims(space.id, rank == 3 ? dims : dims + 1, nullptr) != rank)
    throw InputError(with_reason(where + ": unreadable dataspace"));
  constexpr hsize_t max_extent = hsize_t(1) << 24;  // per axis; a grid is at most 16384 anyway
  for (hsize_t d : dims)
    if (d == 0 || d > max_extent)
      throw InputError(fmt::format("{}: claimed shape ({}, {}, {}) is empty or absurdly large (each axis must be in 1..{})",
                                   where, dims[0], dims[1], dims[2], max_extent));
  Handle type{H5Dget_type(dset.id), H5Tclose};
  const H5T_class_t cls = H5Tget_class(type.id);
  const std::size_t bytes = H5Tget_size(type.id);
  if (cls != H5T_FLOAT && cls != H5T_INTEGER)
    throw InputError(where + ": holds " + class_name(cls) + "; a field must be floating-point or integer numbers");
  if (bytes == 0 || bytes > 8)
    throw InputError(where + ": " + std::to_string(bytes) + "-byte numbers; a field must use 1 to 8 bytes per value");
  // Compact data lives in the object header; libhdf5 1.10 trusts the dataspace over the size
  // stored there and reads past its buffer when a corrupt header claims more (found by
  // tests/fuzz/fuzz_hdf5), so the two must agree before any read.
  if (layout == H5D_COMPACT) {
    const double need = double(dims[0]) * double(dims[1]) * double(dims[2]) * double(bytes);
    const double stored = double(H5Dget_storage_size(dset.id));
    if (stored != need)
      throw InputError(fmt::format("{}: corrupt: compact storage holds {} bytes but shape ({}, {}, {}) of {}-byte values needs {}",
                                   where, stored, dims[0], dims[1], dims[2], bytes, need));
  }
  // Likewise chunk dimensions and, without filters, each chunk's stored size are checked
  // against the dataspace: corrupt values there make libhdf5 1.10 copy past its buffers.
  if (layout == H5D_CHUNKED) {
    hsize_t chunk[H5S_MAX_RANK] = {};
    const hsize_t* extent = rank == 3 ? dims : dims + 1;
    if (H5Pget_chunk(dcpl.id, H5S_MAX_RANK, chunk) != rank) throw InputError(where + ": corrupt: chunk rank differs from the dataset's");
    double chunk_bytes = double(bytes);
    for (int i = 0; i < rank; ++i) {
      if (chunk[i] == 0 || chunk[i] > extent[i])
        throw InputError(fmt::format("{}: corrupt: chunk extent {} along axis {} is outside 1..{}", where, chunk[i], i, extent[i]));
      chunk_bytes *= double(chunk[i]);
    }
    if (H5Pget_nfilters(dcpl.id) == 0) {
      hsize_t chunks = 0;
      if (H5Dget_num_chunks(dset.id, space.id, &chunks) < 0) throw InputError(with_reason(where + ": corrupt chunk index"));
      for (hsize_t i = 0; i < chunks; ++i) {
        hsize_t stored = 0;
        if (H5Dget_chunk_info(dset.id, space.id, i, nullptr, nullptr, nullptr, &stored) < 0 || double(stored) != chunk_bytes)
          throw InputError(fmt::format("{}: corrupt: chunk {} holds {} bytes, expected {}", where, i, stored, chunk_bytes));
      }
    }
  }
  FieldInfo info;
  info.shape_zyx = {std::size_t(dims[0]), std::size_t(dims[1]), std::size_t(dims[2])};
  info.is_integer = cls == H5T_INTEGER;
  info.element_bytes = bytes;
  info.is_unsigned = info.is_integer && H5Tget_sign(type.id) == H5T_SGN_NONE;
  return info;
}

FieldData Hdf5File::read_field(const std::string& name, FieldValues values) const {
  const std::string where = path_ + ": dataset '" + name + "'";
  const FieldInfo info = field_info(name);
  const bool as_bytes = values == FieldValues::bytes_if_uint8 && info.is_integer && info.is_unsigned && info.element_bytes == 1;
  const auto& dims = info.shape_zyx;
  const double voxels = double(dims[0]) * double(dims[1]) * double(dims[2]);
  // Refuse claims that cannot be held before allocating (a hostile or corrupt header, or a
  // chunked dataset whose declared extent was never written).
  const double need = voxels * (as_bytes ? 1.0 : double(sizeof(double)));
  const auto available = host_memory_available_bytes();
  const double limit = available ? double(*available) : double(std::uint64_t(1) << 37);
  if (need > limit)
    throw InputError(fmt::format("{}: claimed shape ({}, {}, {}) needs {:.3g} GiB to read, more than the {:.3g} GiB of memory available",
                                 where, dims[0], dims[1], dims[2], need / double(1 << 30), limit / double(1 << 30)));
  Handle dset{H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (dset.id < 0) throw InputError(where + " is not a dataset");
  FieldData out;
  out.shape_zyx = info.shape_zyx;
  out.is_integer = info.is_integer;
  out.element_bytes = info.element_bytes;
  void* into = nullptr;
  if (as_bytes) out.bytes.resize(std::size_t(voxels)), into = out.bytes.data();
  else out.values.resize(std::size_t(voxels)), into = out.values.data();
  if (H5Dread(dset.id, as_bytes ? H5T_NATIVE_UINT8 : H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, into) < 0)
    throw InputError(with_reason(where + ": read failed (file truncated or corrupt?)"));
  read_double_attr(dset.id, "time", &out.attributes.time, 1);
  double step = 0;
  if (read_double_attr(dset.id, "step", &step, 1) && std::isfinite(step) && std::abs(step) < 9e18)
    out.attributes.step = std::int64_t(step);
  read_double_attr(dset.id, "spacing", out.attributes.spacing_zyx.data(), 3);
  read_double_attr(dset.id, "origin", out.attributes.origin_zyx.data(), 3);
  read_double_attr(dset.id, "length_unit_um", &out.attributes.length_unit_um, 1);
  const std::string unit = read_string_attr(dset.id, "length_unit");
  if (!unit.empty()) out.attributes.length_unit = unit;
  return out;
}

}  // namespace pf
