// The CUDA filters against the CPU filters (themselves tested against brute force and the
// definitions in the other files here): EDT bit for bit, labels as the same partition, local
// thickness identical, on random masks and the generators' shapes. Skipped without a device;
// without a CUDA build the filters must refuse with a clear error instead.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "analysis/cuda/cuda_filters.hpp"
#include "analysis/filters/canonical_labels.hpp"
#include "analysis/filters/distance_transform.hpp"
#include "analysis/filters/local_thickness.hpp"
#include "analysis/metrics/tortuosity.hpp"
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
  options.compute_tortuosity = false;  // equal only to the solver's tolerance: the Tortuosity* tests
  const nlohmann::json cpu = to_json(analyze_pores(m, h, options));
  options.backend = AnalysisBackend::cuda;
  EXPECT_EQ(cpu, to_json(analyze_pores(m, h, options)));
}

// The device tortuosity against the CPU's (itself tested against an independent Gauss-Seidel
// reference and exact answers in test_tortuosity.cpp). The device runs the same V-cycle (the
// same per-cell functions in the same order) and the same loop; only the dot-product and flux
// sums are added in another order. So: porosity and conducting fraction exact, the iteration
// counts equal or one apart (a stop decided by a rounding at the threshold), and tau to the
// agreement of two converged solves: at flux_tolerance 1e-10 the CPU's two preconditioners
// agree to 1e-8 (Tortuosity.MultigridAgreesWithJacobiOnRandomMasks), at the default 1e-4 within
// 1e-3 of the tight answer. Shapes: several multigrid levels, odd periodic sides (the red-black
// groups of WrapGroups), a line of 1, anisotropic spacing, both preconditioners.
void expect_same_tortuosity(const Mask& m, const Spacing& h, TortuosityOptions o, const std::string& what) {
  SCOPED_TRACE(what);
  for (const double tolerance : {1e-10, 1e-4}) {
    o.flux_tolerance = tolerance;
    const TortuosityResult cpu = tortuosity(m, h, o), gpu = cuda::tortuosity(m, h, o);
    EXPECT_EQ(cpu.porosity, gpu.porosity);
    EXPECT_EQ(cpu.conducting_fraction, gpu.conducting_fraction);
    ASSERT_TRUE(cpu.percolates && gpu.percolates && cpu.converged && gpu.converged);
    EXPECT_LT(gpu.flux_deviation, tolerance);
    EXPECT_LE(std::abs(cpu.iterations - gpu.iterations), 1) << cpu.iterations << " vs " << gpu.iterations;
    EXPECT_NEAR(gpu.tortuosity, cpu.tortuosity, (tolerance < 1e-6 ? 1e-8 : 1e-3) * cpu.tortuosity);
    EXPECT_NEAR(gpu.diffusivity_ratio, cpu.diffusivity_ratio, (tolerance < 1e-6 ? 1e-8 : 1e-3) * cpu.diffusivity_ratio);
  }
}

TEST_F(CudaParity, TortuosityOfRandomPorousMasks) {
  struct Case {
    Shape shape;
    Spacing h;
    bool periodic;
  };
  const Case cases[] = {{{33, 20, 27}, {1.0, 1.0, 1.0}, true},    // odd x wrap, three levels
                        {{17, 13, 11}, {0.5, 0.4, 0.3}, true},    // odd x and y wraps, anisotropic
                        {{17, 12, 13}, {0.3, 0.7, 1.1}, false},   // walls instead of wraps
                        {{20, 2, 9}, {1.0, 1.0, 1.0}, true},      // a periodic line of 2
                        {{12, 1, 30}, {1.0, 1.0, 1.0}, true},     // a line of 1, coarsest = fine level
                        {{40, 36, 38}, {1.0, 1.0, 1.0}, true}};   // four levels
  std::uint32_t seed = 700;
  for (const Case& k : cases) {
    const Mask m = random_mask(k.shape, 0.62, seed++);
    TortuosityOptions o;
    o.periodic_xy = k.periodic;
    expect_same_tortuosity(m, k.h, o, "multigrid, shape " + std::to_string(k.shape.nz) + "x" +
                                          std::to_string(k.shape.ny) + "x" + std::to_string(k.shape.nx));
    o.preconditioner = TortuosityPreconditioner::jacobi;
    expect_same_tortuosity(m, k.h, o, "jacobi");
  }
}

// Tilted cylinders that cross the periodic edge and a spheres packing: pore space with a shape.
TEST_F(CudaParity, TortuosityOfGeneratedShapes) {
  const Spacing h{0.5, 0.25, 0.25};
  const Shape slab{24, 22, 22};
  expect_same_tortuosity(double_cone(slab, h, {2.5, 2.5}, 2.5, 0.75), h, {}, "hourglass");
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Point> centres;
  for (int k = 0; k < 30; ++k) centres.push_back({u(rng) * 24 * h.hz, u(rng) * 22 * h.hy, u(rng) * 22 * h.hx});
  expect_same_tortuosity(spheres(slab, h, centres, 1.6), h, {}, "overlapping spheres");
}

// Analytic tau = 1 (TauFactor's definition): straight cylinders along z (across the periodic
// edge) and an all-pore slab, on anisotropic spacing; the open-slab start is already the answer.
TEST_F(CudaParity, TortuosityOfStraightPoresIsOne) {
  const Spacing h{0.5, 0.1, 0.1};
  const Mask channels = cylinders({24, 32, 32}, h, 0.45, {{0.8, 0.8}, {2.4, 0.0}});
  const Mask slab({7, 6, 5}, 1);
  for (const Mask* m : {&channels, &slab}) {
    const TortuosityResult t = cuda::tortuosity(*m, h);
    EXPECT_TRUE(t.percolates && t.converged);
    EXPECT_NEAR(t.tortuosity, 1.0, 1e-9);
    EXPECT_NEAR(t.diffusivity_ratio, t.porosity, 1e-9);
  }
}

// No path from face to face (a solid layer; all solid): tau = +inf, percolates false, as the CPU.
TEST_F(CudaParity, TortuosityWithoutAPath) {
  Mask blocked = random_mask({14, 10, 12}, 0.7, 44);
  for (std::int64_t i = 0; i < blocked.shape.slice_size(); ++i) blocked[7 * blocked.shape.slice_size() + i] = 0;
  for (const Mask& m : {blocked, Mask({5, 4, 3}, 0)}) {
    const TortuosityResult cpu = tortuosity(m, {}), gpu = cuda::tortuosity(m, {});
    EXPECT_TRUE(std::isinf(gpu.tortuosity));
    EXPECT_FALSE(gpu.percolates);
    EXPECT_TRUE(gpu.converged);
    EXPECT_EQ(gpu.iterations, 0);
    EXPECT_EQ(gpu.diffusivity_ratio, 0.0);
    EXPECT_EQ(cpu.porosity, gpu.porosity);
    EXPECT_EQ(cpu.conducting_fraction, gpu.conducting_fraction);
  }
}

// analyze_pores with the cuda backend takes its tortuosity from the device.
TEST_F(CudaParity, TortuosityInTheReport) {
  const Spacing h{0.5, 0.25, 0.25};
  const Mask m = random_mask({18, 16, 16}, 0.65, 81);
  AnalysisOptions options;
  const PoreReport cpu = analyze_pores(m, h, options);
  options.backend = AnalysisBackend::cuda;
  const PoreReport gpu = analyze_pores(m, h, options);
  ASSERT_TRUE(cpu.tortuosity && gpu.tortuosity);
  EXPECT_NEAR(gpu.tortuosity->tortuosity, cpu.tortuosity->tortuosity, 1e-3 * cpu.tortuosity->tortuosity);
  EXPECT_NEAR(*gpu.gurley_s_per_100ml, *cpu.gurley_s_per_100ml, 1e-3 * *cpu.gurley_s_per_100ml);
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
  expect_refusal([&] { cuda::tortuosity(m, {}); }, "cuda::tortuosity");
}

}  // namespace
}  // namespace pf::analysis
