// Config parsing: every bad input is rejected with one message that names the file, line,
// key, value and the allowed range; good input round-trips into the structs.
#include <gtest/gtest.h>

#include "io/config.hpp"
#include "solver/core/errors.hpp"

namespace pf::test {
namespace {

const char* valid = R"(
[grid]
shape = [16, 8, 4]
spacing = [0.5, 0.5, 1.0]
boundary_z = "no_flux"
[model]
free_energy = "flory_huggins"
N_A = 100.0
chi_A = 0.2
chi_B = 200.0
T = 400.0
kappa = 2.0
mobility = "slow_mode"
[initial]
kind = "uniform_noise"
c0 = 0.3
[time]
dt = 0.1
end = 10.0
precision = "float"
[output]
every = 5
)";

// Replaces the first occurrence of `from` in the valid config and returns the parse error.
std::string error_for(const std::string& from, const std::string& to) {
  std::string text = valid;
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  text.replace(pos, from.size(), to);
  try {
    parse_config_text(text, "bad.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for " << to;
  return "";
}

TEST(Config, ValidConfigIsParsed) {
  const Config c = parse_config_text(valid, "ok.toml");
  EXPECT_EQ(c.grid.shape, (std::array<int, 3>{16, 8, 4}));
  EXPECT_EQ(c.grid.boundary_z, BoundaryZ::no_flux);
  EXPECT_EQ(c.model.free_energy, FreeEnergyKind::flory_huggins);
  EXPECT_DOUBLE_EQ(c.model.chi(), 0.2 + 200.0 / 400.0);
  EXPECT_EQ(c.model.mobility, MobilityKind::slow_mode);
  EXPECT_FALSE(c.time.double_precision);
  EXPECT_EQ(c.output.every, 5);
}

TEST(Config, NegativeDtNamesKeyLineAndRange) {
  const std::string e = error_for("dt = 0.1", "dt = -0.1");
  EXPECT_NE(e.find("bad.toml:18"), std::string::npos) << e;
  EXPECT_NE(e.find("[time] dt"), std::string::npos) << e;
  EXPECT_NE(e.find("-0.1"), std::string::npos) << e;
  EXPECT_NE(e.find("> 0"), std::string::npos) << e;
}

TEST(Config, UnknownKeySuggestsTheClosestOne) {
  const std::string e = error_for("kappa = 2.0", "kapa = 2.0");
  EXPECT_NE(e.find("[model] kapa: unknown key"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean \"kappa\""), std::string::npos) << e;
}

TEST(Config, UnknownSectionIsAnError) {
  const std::string e = error_for("[output]", "[outptu]");
  EXPECT_NE(e.find("unknown section [outptu]"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean [output]"), std::string::npos) << e;
}

TEST(Config, CompositionOutsideUnitIntervalForFloryHuggins) {
  const std::string e = error_for("c0 = 0.3", "c0 = 1.2");
  EXPECT_NE(e.find("[initial] c0"), std::string::npos) << e;
  EXPECT_NE(e.find("(0, 1)"), std::string::npos) << e;
}

TEST(Config, ChainLengthBelowOne) {
  const std::string e = error_for("N_A = 100.0", "N_A = 0.5");
  EXPECT_NE(e.find("[model] N_A"), std::string::npos) << e;
  EXPECT_NE(e.find(">= 1"), std::string::npos) << e;
}

TEST(Config, WrongTypesAndChoices) {
  EXPECT_NE(error_for("dt = 0.1", "dt = \"fast\"").find("expected a number"), std::string::npos);
  EXPECT_NE(error_for("shape = [16, 8, 4]", "shape = [16, 8]").find("array of 3 integers"), std::string::npos);
  EXPECT_NE(error_for("shape = [16, 8, 4]", "shape = [1, 8, 4]").find("nx = 1"), std::string::npos);
  const std::string e = error_for("mobility = \"slow_mode\"", "mobility = \"slowmode\"");
  EXPECT_NE(e.find("constant | slow_mode | degenerate"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean \"slow_mode\""), std::string::npos) << e;
}

TEST(Config, MissingRequiredKeyAndSyntaxError) {
  EXPECT_NE(error_for("kappa = 2.0", "").find("[model] kappa: missing"), std::string::npos);
  EXPECT_NE(error_for("end = 10.0", "end = = 10").find("TOML syntax error"), std::string::npos);
}

TEST(Config, GridSizeWithLargePrimeFactorSuggestsFftFriendlySizes) {
  const std::string e = error_for("shape = [16, 8, 4]", "shape = [16, 211, 4]");
  EXPECT_NE(e.find("bad.toml:3: [grid] shape"), std::string::npos) << e;
  EXPECT_NE(e.find("ny = 211 has the prime factor 211 > 7"), std::string::npos) << e;
  EXPECT_NE(e.find("such as 210 or 216"), std::string::npos) << e;
  EXPECT_NE(error_for("shape = [16, 8, 4]", "shape = [16, 8, 22]").find("nz = 22 has the prime factor 11"), std::string::npos);
  // 1 (a 2D grid's nz) and products of 2, 3, 5, 7 are fine.
  std::string text = valid;
  text.replace(text.find("shape = [16, 8, 4]"), 18, "shape = [210, 98, 1]");
  EXPECT_NO_THROW(parse_config_text(text, "ok.toml"));
}

TEST(Config, ZeroDtAndHugeIntegersAreRangeErrors) {
  const std::string e = error_for("dt = 0.1", "dt = 0.0");
  EXPECT_NE(e.find("[time] dt: 0 is out of range: must be > 0"), std::string::npos) << e;
  const std::string big = error_for("c0 = 0.3", "c0 = 0.3\nmode = [1, 0, 99999999999]");
  EXPECT_NE(big.find("[initial] mode: element 2"), std::string::npos) << big;
  EXPECT_NE(error_for("every = 5", "every = 0").find("[output] every: 0 is out of range"), std::string::npos);
  EXPECT_NE(error_for("every = 5", "every = 5.5").find("expected an integer"), std::string::npos);
}

TEST(Config, LocationOfAKeyForLaterChecks) {
  const Config c = parse_config_text(valid, "ok.toml");
  EXPECT_EQ(config_location(c, "grid", "shape"), "ok.toml:3");
  EXPECT_EQ(config_location(c, "time", "dt"), "ok.toml:18");
  EXPECT_EQ(config_location(c, "noise", "sigma"), "ok.toml");
}

TEST(Config, MissingFileIsAnInputError) {
  EXPECT_THROW(parse_config_file("/nonexistent/porefield.toml"), InputError);
}

}  // namespace
}  // namespace pf::test
