#include "io/xdmf_writer.hpp"

#include <fmt/format.h>

#include "io/atomic_file.hpp"

namespace pf {

void write_xdmf_series(const std::string& path, const std::vector<XdmfFrame>& frames) {
  std::string x;
  x += "<?xml version=\"1.0\" ?>\n<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n";
  x += "<Xdmf Version=\"3.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n <Domain>\n";
  x += "  <Grid Name=\"series\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (const auto& f : frames) {
    const std::string dims = fmt::format("{} {} {}", f.shape_zyx[0], f.shape_zyx[1], f.shape_zyx[2]);
    x += fmt::format("   <Grid Name=\"t{:.9g}\" GridType=\"Uniform\">\n", f.time);
    x += fmt::format("    <Time Value=\"{:.17g}\"/>\n", f.time);
    x += fmt::format("    <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"{}\"/>\n", dims);
    x += "    <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n";
    x += "     <DataItem Format=\"XML\" NumberType=\"Float\" Precision=\"8\" Dimensions=\"3\">0 0 0</DataItem>\n";
    x += fmt::format("     <DataItem Format=\"XML\" NumberType=\"Float\" Precision=\"8\" Dimensions=\"3\">{:.17g} {:.17g} {:.17g}</DataItem>\n",
                     f.spacing_zyx[0], f.spacing_zyx[1], f.spacing_zyx[2]);
    x += "    </Geometry>\n";
    x += fmt::format("    <Attribute Name=\"{}\" AttributeType=\"Scalar\" Center=\"Node\">\n", f.name);
    x += fmt::format("     <DataItem Format=\"HDF\" NumberType=\"{}\" Precision=\"{}\" Dimensions=\"{}\">{}:{}</DataItem>\n",
                     f.is_float ? "Float" : "UChar", f.precision_bytes, dims, f.h5_file, f.dataset);
    x += "    </Attribute>\n   </Grid>\n";
  }
  x += "  </Grid>\n </Domain>\n</Xdmf>\n";
  write_file_atomically(path, x);
}

}  // namespace pf
