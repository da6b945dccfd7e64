#pragma once
// The CUDA backend of the pore-analysis filters, behind plain host functions (no CUDA types):
// volumes go in and come back in host memory. Each result equals the CPU filter's of the same
// name (filters/*.hpp) exactly (tortuosity: to the solver's tolerance, see below);
// tests/analysis/test_cuda_parity.cpp checks it on a device.
// Without a CUDA build (PF_ENABLE_CUDA=OFF) usable() is false and every filter throws
// AnalysisError; a failing CUDA call throws AnalysisDeviceError naming it.
#include <string>

#include "analysis/filters/label_components.hpp"
#include "analysis/metrics/tortuosity.hpp"
#include "analysis/volume.hpp"

namespace pf::analysis::cuda {

// Whether the filters can run here: built with CUDA and a device present. On false, `why` says
// which is missing.
bool usable(std::string* why = nullptr);

// As filters/distance_transform.hpp; bit-identical. One thread per line runs the same
// lower_envelope, pass by pass.
Field squared_distance_transform(const Mask& pore, const Spacing& spacing, bool periodic_xy = true);

// As filters/label_components.hpp: the same partition, numbered the same way (by first voxel).
// Union-find with atomicMin hooking (Playne & Hawick 2018).
ComponentLabels label_components(const Mask& pore, int connectivity = 26, bool periodic_xy = true);

// As filters/local_thickness.hpp; identical values. The EDT stays on the device.
Field local_thickness(const Mask& pore, const Spacing& spacing, bool periodic_xy = true);
Field local_thickness_from_squared_edt(const Mask& pore, const Field& squared_edt, const Spacing& spacing,
                                       bool periodic_xy = true);

// As metrics/tortuosity.hpp: the same definition, result fields and convergence rule, the whole
// conjugate-gradient solve and its multigrid V-cycle on the device. Iterates differ from the
// CPU's only by the order of the dot-product and flux sums, so tau agrees to about
// flux_tolerance (not bit for bit).
TortuosityResult tortuosity(const Mask& pore, const Spacing& spacing, const TortuosityOptions& options = {});

}  // namespace pf::analysis::cuda
