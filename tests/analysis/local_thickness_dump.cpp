// Helper for crosscheck_porespy.py (not part of the test suite): reads a raw uint8 pore mask and
// writes our distance transform and local thickness as raw float64, unit spacing, no periodicity.
//   local_thickness_dump mask.raw nz ny nx edt_out.raw lt_out.raw
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/local_thickness.hpp"

int main(int argc, char** argv) try {
  using namespace pf::analysis;
  if (argc != 7) throw AnalysisError("usage: local_thickness_dump mask.raw nz ny nx edt_out.raw lt_out.raw");
  const Shape s{std::atol(argv[2]), std::atol(argv[3]), std::atol(argv[4])};
  validate_shape(s, "local_thickness_dump");
  Mask m(s);
  std::ifstream in(argv[1], std::ios::binary);
  require(bool(in.read(reinterpret_cast<char*>(m.data.data()), s.size())), std::string("cannot read ") + argv[1]);
  const Spacing unit{};
  const Field edt = distance_transform(m, unit, false);
  const Field lt = local_thickness(m, unit, false);
  std::ofstream(argv[5], std::ios::binary).write(reinterpret_cast<const char*>(edt.data.data()), s.size() * 8);
  std::ofstream(argv[6], std::ios::binary).write(reinterpret_cast<const char*>(lt.data.data()), s.size() * 8);
  return 0;
} catch (const std::exception& e) {
  std::cerr << e.what() << "\n";
  return 1;
}
