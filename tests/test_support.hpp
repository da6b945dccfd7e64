#pragma once
// Shared by the test bodies: every solver test is parameterised over the backends compiled in,
// and a backend without a usable device (CUDA on a CPU-only machine) is skipped, not failed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/config.hpp"
#include "kernels/device.hpp"
#include "solver/physics_from_config.hpp"
#include "solver/schemes/solver.hpp"

namespace pf::test {

inline std::vector<BackendKind> compiled_backends() {
#ifdef PF_HAVE_CUDA
  return {BackendKind::cpu, BackendKind::cuda};
#else
  return {BackendKind::cpu};
#endif
}

inline std::string backend_label(const testing::TestParamInfo<BackendKind>& info) {
  return info.param == BackendKind::cuda ? "cuda" : "cpu";
}

// Fixture base: GetParam() is the backend; CUDA tests skip where no device is usable.
class BackendTest : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    std::string why;
    if (GetParam() == BackendKind::cuda && !cuda_device_usable(&why)) GTEST_SKIP() << why;
  }
  std::unique_ptr<Solver> solver_for(const Config& c) const {
    return make_solver(physics_from_config(c), GetParam(), c.time.double_precision ? Precision::float64 : Precision::float32);
  }
};

#define PF_INSTANTIATE_BACKENDS(suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, testing::ValuesIn(pf::test::compiled_backends()), pf::test::backend_label)

inline Config config_from(const std::string& toml) { return parse_config_text(toml, "test.toml"); }

// A fresh, empty directory named after the running test, under this build's directory
// (PF_TEST_TMP_DIR): a shared /tmp/porefield-tests let concurrent test runs of other checkouts
// and builds (ASan, other branches) overwrite each other's outputs.
inline std::filesystem::path temp_dir(const std::string& tag = "") {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "_" + info->name() + tag;
  for (char& ch : name)
    if (ch == '/') ch = '_';
#ifdef PF_TEST_TMP_DIR
  const std::filesystem::path root = PF_TEST_TMP_DIR;
#else
  const std::filesystem::path root = std::filesystem::temp_directory_path() / ("porefield-tests-" + std::to_string(::getpid()));
#endif
  const auto dir = root / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

}  // namespace pf::test
