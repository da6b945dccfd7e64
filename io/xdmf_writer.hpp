#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace pf {

// One snapshot of a time series: where its dataset lives and the grid it sits on.
struct XdmfFrame {
  double time = 0;
  std::string h5_file;  // relative to the .xdmf file
  std::string dataset;  // e.g. "/snapshots/000100/phi"
  std::string name = "phi";
  std::array<std::size_t, 3> shape_zyx{1, 1, 1};
  std::array<double, 3> spacing_zyx{1, 1, 1};
  bool is_float = true;
  int precision_bytes = 8;
};

// Writes an XDMF 3 temporal collection of 3DCoRectMesh grids (each frame with its own
// spacing, so stretched boxes show at true scale). Written to a temporary file and renamed,
// so ParaView never sees a half-written sidecar.
void write_xdmf_series(const std::string& path, const std::vector<XdmfFrame>& frames);

}  // namespace pf
