#pragma once
// Errors of the analysis library: one exception type, thrown with the call and the offending
// value in the message, so a caller (or `main`) can print one line and stop.
#include <stdexcept>
#include <string>

namespace pf::analysis {

class AnalysisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failing device call (CUDA runtime, kernel launch): not the input's fault, so a caller maps
// it to its own backend error rather than to bad input.
class AnalysisDeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline void require(bool condition, const std::string& message) {
  if (!condition) throw AnalysisError(message);
}

}  // namespace pf::analysis
