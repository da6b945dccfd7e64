#pragma once
// The grid and provenance of a field read from HDF5, as VTK file geometry and field data, so a
// .vti/.vtp sits exactly where the field's XDMF frame does (same length unit, spacing, origin).
#include <string>

#include "io/hdf5_file.hpp"
#include "io/vtk/vtk_export.hpp"

namespace pf::vtk {

ImageGrid grid_of(const FieldData& field);

// time, step, length_unit, length_unit_um (when known), source_file, source_dataset.
FileMetadata metadata_of(const FieldData& field, const std::string& file, const std::string& dataset);

}  // namespace pf::vtk
