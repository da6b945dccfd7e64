#pragma once
#include <functional>
#include <string>

#include "io/hdf5_file.hpp"

namespace pf {

// Hdf5File::field_info and read_field for files porefield did not write (analyze, info, an
// initial condition): the file is opened and read in a child process (io/isolated_process.hpp),
// so that a crash inside libhdf5 on a crafted file is an InputError naming the file, not a
// crash of porefield. Same results and errors as the in-process calls otherwise.
FieldInfo field_info_isolated(const std::string& path, const std::string& dataset);
// `in_child`, when given, runs in the reading process on what it read, before anything is sent:
// e.g. a threshold that turns `values` into `bytes`, so 1 byte a voxel crosses the pipe instead
// of 8 and porefield never holds the field. Its errors come back like the read's.
FieldData read_field_isolated(const std::string& path, const std::string& dataset, FieldValues values = FieldValues::doubles,
                              const std::function<void(FieldData&)>& in_child = {});

}  // namespace pf
