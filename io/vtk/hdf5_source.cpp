#include "io/vtk/hdf5_source.hpp"

namespace pf::vtk {

ImageGrid grid_of(const FieldData& field) {
  return {field.shape_zyx, field.attributes.spacing_zyx, field.attributes.origin_zyx};
}

FileMetadata metadata_of(const FieldData& field, const std::string& file, const std::string& dataset) {
  const FieldAttributes& a = field.attributes;
  FileMetadata m;
  m.numbers = {{"time", a.time}, {"step", double(a.step)}};
  if (a.length_unit_um > 0) m.numbers.emplace_back("length_unit_um", a.length_unit_um);
  m.strings = {{"length_unit", a.length_unit}, {"source_file", file}, {"source_dataset", dataset}};
  return m;
}

}  // namespace pf::vtk
