#include "io/vtk/vtk_support.hpp"

#include <vtkDoubleArray.h>
#include <vtkErrorCode.h>
#include <vtkFieldData.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkIntArray.h>
#include <vtkStringArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLWriter.h>

#include <unistd.h>

#include "io/atomic_file.hpp"
#include "solver/core/errors.hpp"

namespace pf::vtk {

bool available() { return true; }

namespace detail {

namespace {

template <class VtkArray, class T>
vtkSmartPointer<vtkDataArray> copy_into(std::span<const T> values) {
  auto out = vtkSmartPointer<VtkArray>::New();
  out->SetNumberOfValues(vtkIdType(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) out->SetValue(vtkIdType(i), values[i]);
  return out;
}

}  // namespace

vtkSmartPointer<vtkImageData> make_image(const ImageGrid& g) {
  auto image = vtkSmartPointer<vtkImageData>::New();
  // VTK's axes are (x, y, z); ours are stored (z, y, x).
  image->SetDimensions(int(g.shape_zyx[2]), int(g.shape_zyx[1]), int(g.shape_zyx[0]));
  image->SetSpacing(g.spacing_zyx[2], g.spacing_zyx[1], g.spacing_zyx[0]);
  image->SetOrigin(g.origin_zyx[2], g.origin_zyx[1], g.origin_zyx[0]);
  return image;
}

vtkSmartPointer<vtkDataArray> make_array(const PointArray& a, std::size_t expected_size) {
  vtkSmartPointer<vtkDataArray> out = std::visit(
      [&](auto values) -> vtkSmartPointer<vtkDataArray> {
        using T = typename decltype(values)::element_type;
        if (values.size() != expected_size)
          throw Error("VTK array " + a.name + ": " + std::to_string(values.size()) + " values for " +
                      std::to_string(expected_size) + " points");
        if constexpr (std::is_same_v<T, const std::uint8_t>) return copy_into<vtkUnsignedCharArray>(values);
        else if constexpr (std::is_same_v<T, const std::int32_t>) return copy_into<vtkIntArray>(values);
        else if (a.store_float32) return copy_into<vtkFloatArray>(values);
        else return copy_into<vtkDoubleArray>(values);
      },
      a.values);
  out->SetName(a.name.c_str());
  return out;
}

void add_metadata(vtkDataObject& object, const FileMetadata& metadata) {
  vtkFieldData* fields = object.GetFieldData();
  for (const auto& [name, value] : metadata.numbers) {
    auto a = vtkSmartPointer<vtkDoubleArray>::New();
    a->SetName(name.c_str());
    a->InsertNextValue(value);
    fields->AddArray(a);
  }
  for (const auto& [name, value] : metadata.strings) {
    auto a = vtkSmartPointer<vtkStringArray>::New();
    a->SetName(name.c_str());
    a->InsertNextValue(value);
    fields->AddArray(a);
  }
}

void write_atomically(vtkXMLWriter& writer, vtkDataObject& data, const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  writer.SetInputData(&data);
  writer.SetFileName(tmp.c_str());
  writer.SetDataModeToAppended();
  writer.EncodeAppendedDataOff();  // raw binary: smaller and faster than base64
  writer.SetCompressorTypeToZLib();
  // VTK reports through its output window; we report through the exception below instead.
  writer.GlobalWarningDisplayOff();
  if (writer.Write() != 1 || writer.GetErrorCode() != vtkErrorCode::NoError) {
    const unsigned long code = writer.GetErrorCode();
    ::unlink(tmp.c_str());
    throw IoError(path.string() + ": VTK write failed: " +
                  (code != vtkErrorCode::NoError ? vtkErrorCode::GetStringFromErrorCode(code) : "unknown error"));
  }
  replace_file(tmp, path);
}

}  // namespace detail
}  // namespace pf::vtk
