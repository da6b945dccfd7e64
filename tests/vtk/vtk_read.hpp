#pragma once
// Reading back what pf_vtk wrote, with VTK's own XML readers (not our writer code).
#include <vtkDataArray.h>
#include <vtkFieldData.h>
#include <vtkImageData.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLPolyDataReader.h>

#include <filesystem>
#include <string>

namespace pf::test {

inline vtkSmartPointer<vtkImageData> read_vti(const std::filesystem::path& path) {
  auto reader = vtkSmartPointer<vtkXMLImageDataReader>::New();
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkSmartPointer<vtkImageData> out = reader->GetOutput();
  return out;
}

inline vtkSmartPointer<vtkPolyData> read_vtp(const std::filesystem::path& path) {
  auto reader = vtkSmartPointer<vtkXMLPolyDataReader>::New();
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkSmartPointer<vtkPolyData> out = reader->GetOutput();
  return out;
}

// A one-value numeric field-data entry, or NaN when absent.
inline double field_number(vtkDataObject* data, const char* name) {
  vtkDataArray* a = data->GetFieldData()->GetArray(name);
  return a && a->GetNumberOfTuples() == 1 ? a->GetTuple1(0) : std::nan("");
}

}  // namespace pf::test
