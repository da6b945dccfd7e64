// Pore masks from stored volumes (analysis/filters/threshold.hpp): a 0/1 volume given as doubles
// (a file's uint8 dataset read by HDF5) and as uint8 (a run's own mask) gives the same mask, and
// any other value is an error naming it and its voxel; a float field thresholded on either side.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/filters/threshold.hpp"

namespace pf::analysis {
namespace {

TEST(PoreMask, IntegerVolumeAsDoublesOrBytesIsTheSameMask) {
  const Shape s{2, 3, 4};
  std::vector<std::uint8_t> bytes(std::size_t(s.size()));
  std::vector<double> doubles(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = std::uint8_t((i * 7 + i / 5) % 3 == 0), doubles[i] = bytes[i];
  const Mask a = mask_from_integers(std::span<const double>(doubles), s), b = mask_from_integers(std::span<const std::uint8_t>(bytes), s);
  EXPECT_EQ(std::vector<std::uint8_t>(a.data.begin(), a.data.end()), bytes);
  EXPECT_EQ(std::vector<std::uint8_t>(b.data.begin(), b.data.end()), bytes);

  bytes[17] = 2;
  try {
    (void)mask_from_integers(std::span<const std::uint8_t>(bytes), s);
    ADD_FAILURE() << "no error for the value 2";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find("value 2.000000 at voxel 17"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)mask_from_integers(std::span<const std::uint8_t>(bytes.data(), 5), s), AnalysisError);  // wrong size
}

TEST(PoreMask, ThresholdOnEitherSide) {
  const Shape s{1, 1, 4};
  const std::vector<double> phi{0.1, 0.5, 0.7, 0.2};
  const Mask below = threshold_field(phi, s, {PoreSide::below, 0.5}), above = threshold_field(phi, s, {PoreSide::above, 0.5});
  EXPECT_EQ(std::vector<std::uint8_t>(below.data.begin(), below.data.end()), (std::vector<std::uint8_t>{1, 0, 0, 1}));
  EXPECT_EQ(std::vector<std::uint8_t>(above.data.begin(), above.data.end()), (std::vector<std::uint8_t>{0, 0, 1, 0}));
}

}  // namespace
}  // namespace pf::analysis
