#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>
#include <optional>

namespace pf {

class Communicator;

// The z planes first .. first + count - 1 of a (nz, ny, nx) dataset that one rank's data
// covers in a parallel write; the default (count unset) is the whole dataset.
struct ZPlanes {
  std::size_t first = 0;
  std::optional<std::size_t> count;
};

// Attributes written on every field dataset so a file is self-describing.
struct FieldAttributes {
  double time = 0;
  std::int64_t step = 0;
  std::array<double, 3> spacing_zyx{1, 1, 1};
  std::array<double, 3> origin_zyx{0, 0, 0};
  std::string length_unit = "grid units";
  double length_unit_um = 0;  // micrometres per length unit; 0 = not known
  // Written only when non-empty (docs/output.md): the unit of the values ("1" for a volume
  // fraction) and where the data came from.
  std::string units;
  std::string config_toml, porefield_version, git_revision, backend, precision;
};

struct FieldData {
  std::array<std::size_t, 3> shape_zyx{0, 0, 0};
  std::vector<double> values;
  // Read with FieldValues::bytes_if_uint8 from a uint8 dataset (a pore mask): the values as
  // stored, 1 byte a voxel instead of 8, and `values` empty.
  std::vector<std::uint8_t> bytes;
  FieldAttributes attributes;
  bool is_integer = false;  // stored as an integer type (e.g. a uint8 pore mask)
  std::size_t element_bytes = 0;
};

// How read_field returns the values: always as doubles, or a uint8 dataset as its bytes.
enum class FieldValues { doubles, bytes_if_uint8 };

// What a field dataset holds, read from its header without reading the data.
struct FieldInfo {
  std::array<std::size_t, 3> shape_zyx{0, 0, 0};
  bool is_integer = false;
  std::size_t element_bytes = 0;
  bool is_unsigned = false;  // an unsigned integer type
};

// One dataset as `porefield info` lists it.
struct DatasetSummary {
  std::string name;  // full path without the leading '/'
  std::vector<std::size_t> shape;
  std::string dtype;  // "float32", "float64", "uint8", "int64", ... or the HDF5 class
  std::optional<double> time, step;
  std::optional<std::array<double, 3>> spacing_zyx;
  std::string length_unit;
};

// A thin RAII wrapper over the HDF5 C API; every failure becomes an exception naming the file
// and object. Fields are C-order (nz, ny, nx) datasets, chunked and compressed.
// Parallel files (MPI builds, a communicator of several ranks): create/open_write, every write,
// attribute, delete, flush and close are collective (all ranks, same order, same metadata);
// dataset writes are collective MPI-IO, each rank giving its own z planes (ZPlanes).
class Hdf5File {
 public:
  static Hdf5File create(const std::string& path, const Communicator* communicator = nullptr);  // truncates
  static Hdf5File open_read(const std::string& path);
  static Hdf5File open_write(const std::string& path, const Communicator* communicator = nullptr);
  ~Hdf5File();
  Hdf5File(Hdf5File&& other) noexcept;
  Hdf5File& operator=(Hdf5File&&) = delete;
  Hdf5File(const Hdf5File&) = delete;

  // Writes data (converted to float when store_float) as dataset `name` (intermediate groups
  // are created) with the attributes above.
  void write_field(const std::string& name, std::span<const double> data, std::array<std::size_t, 3> shape_zyx,
                   bool store_float, const FieldAttributes& attributes, ZPlanes planes = {});
  void write_mask(const std::string& name, std::span<const std::uint8_t> data, std::array<std::size_t, 3> shape_zyx,
                  const FieldAttributes& attributes, ZPlanes planes = {});
  void write_root_attribute(const std::string& name, const std::string& value);
  // Raw bytes of `element_bytes`-byte IEEE floats (4 or 8) or bytes (1, uint8), written and read
  // without conversion (checkpoints keep the solver's precision bit for bit).
  void write_raw(const std::string& name, std::span<const std::byte> data, std::array<std::size_t, 3> shape_zyx,
                 std::size_t element_bytes, ZPlanes planes = {});
  // Reads a dataset written by write_raw; throws InputError if its element size differs.
  std::vector<std::byte> read_raw(const std::string& name, std::size_t element_bytes) const;
  void delete_object(const std::string& name);  // no-op when absent
  std::vector<DatasetSummary> list_datasets() const;
  std::vector<std::string> root_attribute_names() const;
  bool has(const std::string& name) const;
  // Both throw InputError naming the file and dataset for anything that is not a readable 2D
  // or 3D numeric field stored in this file (missing, wrong rank, strings or compound types,
  // absurd or unallocatable claimed sizes, external links or storage, corrupt data).
  FieldInfo field_info(const std::string& name) const;
  FieldData read_field(const std::string& name, FieldValues values = FieldValues::doubles) const;
  std::string read_root_attribute(const std::string& name) const;  // "" if absent
  const std::string& path() const { return path_; }
  void flush();  // throws IoError naming the path and reason (e.g. disk full)
  void close();  // closes now, throwing IoError if the last writes fail; the destructor cannot report

 private:
  Hdf5File(std::int64_t id, std::string path, bool parallel = false)
      : id_(id), path_(std::move(path)), parallel_(parallel) {}
  // Creates dataset `name` of `shape` (replacing one of that name) and writes this rank's planes
  // of `data` (mem_type elements); returns the dataset id, open, for attributes.
  std::int64_t create_and_write(const std::string& name, std::int64_t file_type, std::int64_t mem_type, const void* data,
                                std::size_t elements, std::array<std::size_t, 3> shape, std::size_t element_bytes,
                                ZPlanes planes);
  std::int64_t id_ = -1;
  std::string path_;
  bool parallel_ = false;
};

}  // namespace pf
