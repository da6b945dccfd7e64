#pragma once
#include <string>

#include "io/hdf5_file.hpp"

namespace pf {

// Hdf5File::field_info and read_field for files porefield did not write (analyze, info, an
// initial condition): the file is opened and read in a child process (io/isolated_process.hpp),
// so that a crash inside libhdf5 on a crafted file is an InputError naming the file, not a
// crash of porefield. Same results and errors as the in-process calls otherwise.
FieldInfo field_info_isolated(const std::string& path, const std::string& dataset);
FieldData read_field_isolated(const std::string& path, const std::string& dataset, FieldValues values = FieldValues::doubles);

}  // namespace pf
