#pragma once
#include <cstddef>
#include <string>

namespace pf {

// Whether the CUDA backend can run here: compiled in, a driver present and at least one device.
// On false, `why` says which of these is missing.
bool cuda_device_usable(std::string* why = nullptr);

// Makes device (node_rank mod device count) current for this process; returns its number.
int select_cuda_device(int node_rank);

// Free and total memory of the current CUDA device in bytes; false where there is none.
bool cuda_device_memory(std::size_t* free_bytes, std::size_t* total_bytes);

// "NVIDIA H100 80GB HBM3 (CUDA 13.0)" or an empty string.
std::string cuda_device_description();

}  // namespace pf
