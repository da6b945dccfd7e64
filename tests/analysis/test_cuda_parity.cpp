// The CUDA filters against the CPU filters (themselves tested against brute force and the
// definitions in the other files here): EDT bit for bit, labels as the same partition, local
// thickness identical, on random masks and the generators' shapes. Skipped without a device;
// without a CUDA build the filters must refuse with a clear error instead.
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/filters/canonical_labels.hpp"
#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/generators/pores_of_revolution.hpp"
#include "analysis/generators/spheres.hpp"
#include "analysis/report.hpp"
#include "random_masks.hpp"

namespace pf::analysis {
namespace {

using testing::random_mask;

class CudaParity : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!cuda::usable(&why)) GTEST_SKIP() << why;
  }
};

// Isotropic, anisotropic binary fractions, and spacings that are not binary fractions (where
// rounding differences between the backends would show).
const Spacing spacings[] = {{1.0, 1.0, 1.0}, {1.5, 0.75, 1.25}, {0.3, 0.7, 1.1}};
const Shape shapes[] = {{6, 9, 10}, {1, 13, 7}, {11, 1, 5}, {9, 16, 17}};

// Random masks at three porosities plus a few generator shapes (cylinders across the periodic
// edge, an hourglass, overlapping spheres), on spacing h.
std::vector<Mask> test_masks(const Spacing& h, std::uint32_t& seed) {
  std::vector<Mask> out;
  for (const Shape& s : shapes)
    for (const double p : {0.3, 0.7, 0.97}) out.push_back(random_mask(s, p, seed++));
  const Shape slab{12, 20, 22};
  out.push_back(cylinders(slab, h, 3.0 * h.hx, {{0.0, 0.0}, {10.0 * h.hy, 11.0 * h.hx}}));
  out.push_back(double_cone(slab, h, {10.0 * h.hy, 11.0 * h.hx}, 8.0 * h.hx, 2.0 * h.hx));
  std::mt19937 rng(seed++);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Point> centres;
  for (int k = 0; k < 8; ++k) centres.push_back({u(rng) * 12 * h.hz, u(rng) * 20 * h.hy, u(rng) * 22 * h.hx});
  out.push_back(spheres(slab, h, centres, 4.0 * h.hy));
  return out;
}

TEST_F(CudaParity, DistanceTransformIsBitIdentical) {
  std::uint32_t seed = 300;
  for (const Spacing& h : spacings)
    for (const Mask& m : test_masks(h, seed))
      for (const bool periodic : {false, true}) {
        const Field cpu = squared_distance_transform(m, h, periodic);
        const Field gpu = cuda::squared_distance_transform(m, h, periodic);
        ASSERT_EQ(0, std::memcmp(cpu.data.data(), gpu.data.data(), cpu.data.size() * sizeof(double)))
            << "shape " << m.shape.nz << "x" << m.shape.ny << "x" << m.shape.nx << " periodic " << periodic;
      }
}

TEST_F(CudaParity, LabelsAreTheSamePartition) {
  std::uint32_t seed = 400;
  std::vector<Mask> masks = test_masks(Spacing{}, seed);
  // Near the site-percolation threshold, large tangled components: many threads hook the same roots.
  masks.push_back(random_mask({24, 40, 44}, 0.31, seed++));
  masks.push_back(random_mask({24, 40, 44}, 0.12, seed++));
  for (const Mask& m : masks)
    for (const int connectivity : {6, 26})
      for (const bool periodic : {false, true}) {
        const ComponentLabels cpu = label_components(m, connectivity, periodic);
        const ComponentLabels gpu = cuda::label_components(m, connectivity, periodic);
        ASSERT_EQ(cpu.count, gpu.count) << "connectivity " << connectivity << " periodic " << periodic;
        ASSERT_EQ(canonical_labels(cpu.labels).data, canonical_labels(gpu.labels).data)
            << "connectivity " << connectivity << " periodic " << periodic;
      }
}

TEST_F(CudaParity, LocalThicknessIsIdentical) {
  std::uint32_t seed = 500;
  for (const Spacing& h : spacings)
    for (const Mask& m : test_masks(h, seed))
      for (const bool periodic : {false, true}) {
        const Field cpu = local_thickness(m, h, periodic);
        const Field gpu = cuda::local_thickness(m, h, periodic);
        const Field from_edt = cuda::local_thickness_from_squared_edt(m, squared_distance_transform(m, h, periodic), h, periodic);
        for (std::int64_t i = 0; i < m.shape.size(); ++i) {
          ASSERT_EQ(cpu[i], gpu[i]) << "voxel " << i << " periodic " << periodic;
          ASSERT_EQ(cpu[i], from_edt[i]) << "voxel " << i << " periodic " << periodic;
        }
      }
}

// Edge cases that take the early answers: all solid (zeros) and all pore (the box limit).
TEST_F(CudaParity, LocalThicknessOfUniformVolumes) {
  const Spacing h{0.5, 1.0, 1.0};
  for (const std::uint8_t v : {0, 1}) {
    const Mask m(Shape{4, 5, 6}, v);
    EXPECT_EQ(local_thickness(m, h).data, cuda::local_thickness(m, h).data);
  }
}

TEST_F(CudaParity, WholeReportIsTheSame) {
  const Spacing h{0.5, 0.25, 0.25};
  const Mask m = double_cone({16, 24, 24}, h, {3.0, 3.0}, 2.5, 0.75);
  AnalysisOptions options;
  options.compute_tortuosity = false;  // runs on the CPU either way
  const nlohmann::json cpu = to_json(analyze_pores(m, h, options));
  options.backend = AnalysisBackend::cuda;
  EXPECT_EQ(cpu, to_json(analyze_pores(m, h, options)));
}

// Without a usable device (or CUDA build) each filter names itself and the reason.
TEST(CudaFilters, RefuseClearlyWithoutADevice) {
  std::string why;
  if (cuda::usable(&why)) GTEST_SKIP() << "a CUDA device is usable here";
  EXPECT_FALSE(why.empty());
  const Mask m = random_mask({3, 4, 5}, 0.5, 1);
  const auto expect_refusal = [&](auto&& call, const std::string& name) {
    try {
      call();
      ADD_FAILURE() << name << " did not throw";
    } catch (const AnalysisError& e) {
      EXPECT_NE(std::string(e.what()).find(name + ": " + why), std::string::npos) << e.what();
    }
  };
  expect_refusal([&] { cuda::squared_distance_transform(m, {}); }, "cuda::squared_distance_transform");
  expect_refusal([&] { cuda::label_components(m); }, "cuda::label_components");
  expect_refusal([&] { cuda::local_thickness(m, {}); }, "cuda::local_thickness");
}

}  // namespace
}  // namespace pf::analysis
