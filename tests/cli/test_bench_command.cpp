// `porefield bench` is a measuring tool, not a timed test: check it runs on the CPU backend and
// prints one well-formed row per shape x precision x path, with the FFT counts of each path
// (3 for constant mobility, 3 + 2 x 3 axes for variable mobility in 3D, 3 + 2 x 2 in 2D).
#include <gtest/gtest.h>

#include <sstream>

#include "cli_support.hpp"

namespace pf::test {
namespace {

TEST(BenchCommand, PrintsOneRowPerCase) {
  const auto r = run_porefield("bench --backend cpu --shape 16 --shape 16,8,1 --steps 2 --repeats 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::stringstream lines(r.output);
  std::string line;
  std::vector<std::vector<std::string>> rows;
  while (std::getline(lines, line)) {
    if (line.rfind("| 16x", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream cs(line.substr(1));
    std::string cell;
    while (std::getline(cs, cell, '|')) cells.push_back(cell.substr(1, cell.size() - 2));
    rows.push_back(cells);
  }
  ASSERT_EQ(rows.size(), 8u) << r.output;  // 2 shapes x 2 precisions x 2 paths
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 15u);
    const bool two_d = row[0] == "16x8x1";
    EXPECT_EQ(row[3], row[2] == "constant" ? "3" : (two_d ? "7" : "9")) << row[0] << " " << row[2];
    EXPECT_GT(std::stod(row[4]), 0.0);  // ms/step
    EXPECT_GT(std::stod(row[9]), 0.0);  // MB/step
  }
}

TEST(BenchCommand, BadShapeIsAnInputError) {
  const auto r = run_porefield("bench --backend cpu --shape 1,4,4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--shape 1,4,4"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace pf::test
