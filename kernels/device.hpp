#pragma once
#include <string>

namespace pf {

// Whether the CUDA backend can run here: compiled in, a driver present and at least one device.
// On false, `why` says which of these is missing.
bool cuda_device_usable(std::string* why = nullptr);

// "NVIDIA H100 80GB HBM3 (CUDA 13.0)" or an empty string.
std::string cuda_device_description();

}  // namespace pf
