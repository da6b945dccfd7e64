// [[stage]] and [deformation] keys are validated like every other key: named ranges, unknown
// kinds and keys with a did-you-mean, and conflicting keys; and each kind's stretch path
// lambda(tau) matches the formulas documented in docs/deformation.md.
#include "solver/core/errors.hpp"
#include "solver/process/stage_registry.hpp"
#include "test_support.hpp"

namespace pf::test {
namespace {

// EXPECT_THAT(text, HasSubstr(part)) without linking gmock.
#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << "message: " << std::string(text)

const char* base = R"(
[grid]
shape = [8, 8, 4]
[model]
free_energy = "double_well"
kappa = 1.0
[initial]
kind = "uniform_noise"
[time]
dt = 0.1
)";

std::string with_stage(const std::string& stage) { return std::string(base) + "[[stage]]\n" + stage; }

// The message of the InputError that building the stages throws ("" if none).
std::string stage_error(const std::string& text) {
  try {
    make_stages(config_from(text));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(StageConfig, CavitateCriticalStrainDefaultsOnlyForTheVolumetricMeasure) {
  const std::string cav = "kind = \"cavitate\"\nmode = \"uniaxial\"\nratio_md = 2.0\nduration = 1.0\n";
  // Volumetric without the key: the Gent-Lindley strain of nu_rc (0.45 by default), 1.5 / 5.8.
  const auto stages = make_stages(config_from(with_stage(cav + "strain_measure = \"volumetric\"\n")));
  EXPECT_NEAR(stages[0]->parameters()["critical_strain"].get<double>(), 1.5 / 5.8, 1e-12);
  const auto nu49 = make_stages(config_from(with_stage(cav + "strain_measure = \"volumetric\"\nnu_rc = 0.49\n")));
  EXPECT_NEAR(nu49[0]->parameters()["critical_strain"].get<double>(), 0.3 / 5.96, 1e-12);
  // Given, it wins; out of range, or missing where no default exists, is a one-line error naming it.
  const auto given = make_stages(config_from(with_stage(cav + "strain_measure = \"volumetric\"\ncritical_strain = 0.7\n")));
  EXPECT_DOUBLE_EQ(given[0]->parameters()["critical_strain"].get<double>(), 0.7);
  EXPECT_CONTAINS(stage_error(with_stage(cav + "critical_strain = 20.0\n")), "critical_strain: 20 is out of range: must be in (0, 10]");
  EXPECT_CONTAINS(stage_error(with_stage(cav)), "critical_strain: missing; required with strain_measure = \"equivalent\"");
  // nu_rc = 1/2 would make the default 0 (an incompressible rubber): nu_rc's own range refuses it.
  EXPECT_CONTAINS(stage_error(with_stage(cav + "strain_measure = \"volumetric\"\nnu_rc = 0.5\n")),
                  "nu_rc: 0.5 is out of range: must be in (-1, 0.5)");
}

TEST(StageConfig, DraftRatioBelowOneIsOutOfRange) {
  const std::string e = stage_error(with_stage("kind = \"draft\"\nratio = 0.5\nduration = 1.0\n"));
  EXPECT_CONTAINS(e, "[stage #1] ratio");
  EXPECT_CONTAINS(e, "must be in [1, 10]");
  EXPECT_CONTAINS(stage_error(with_stage("kind = \"draft\"\nratio = 12.0\nduration = 1.0\n")), "must be in [1, 10]");
  EXPECT_CONTAINS(stage_error(with_stage("kind = \"stretch\"\nmode = \"simultaneous_biaxial\"\nratio_md = 2.0\nratio_td = 0.9\nduration = 1.0\n")), "ratio_td: 0.9 is out of range");
}

TEST(StageConfig, UnknownKindSuggestsTheNearest) {
  const std::string e = stage_error(with_stage("kind = \"strech\"\nduration = 1.0\n"));
  EXPECT_CONTAINS(e, "did you mean \"stretch\"?");
  EXPECT_CONTAINS(e, "known: hold, draft, stretch");
  EXPECT_CONTAINS(stage_error(with_stage("duration = 1.0\n")), "kind: missing");
}

TEST(StageConfig, UnknownKeySuggestsTheNearest) {
  const std::string e = stage_error(with_stage("kind = \"hold\"\ndurration = 1.0\n"));
  EXPECT_CONTAINS(e, "durration: unknown key (did you mean \"duration\"?)");
  const std::string f = stage_error(with_stage("kind = \"hold\"\nduration = 1.0\nmobility_factr = 0.0\n"));
  EXPECT_CONTAINS(f, "mobility_factr: unknown key (did you mean \"mobility_factor\"?)");
  // Keys of another kind are unknown here.
  EXPECT_CONTAINS(stage_error(with_stage("kind = \"hold\"\nduration = 1.0\nratio = 2.0\n")), "ratio: unknown key");
}

TEST(StageConfig, ConflictsAndMissingKeys) {
  const std::string stretch = "kind = \"stretch\"\nmode = \"simultaneous_biaxial\"\nratio_md = 2.0\nratio_td = 2.0\n";
  EXPECT_CONTAINS(stage_error(with_stage(stretch + "duration = 1.0\nstrain_rate = 0.1\n")), "not both");
  EXPECT_CONTAINS(stage_error(with_stage(stretch)), "duration: missing; required: duration (> 0) or strain_rate");
  EXPECT_CONTAINS(stage_error(with_stage("kind = \"stretch\"\nmode = \"uniaxial\"\nratio_md = 2.0\nratio_td = 2.0\nduration = 1.0\n")), "not used by mode = \"uniaxial\"");
  EXPECT_CONTAINS(stage_error(with_stage("kind = \"stretch\"\nmode = \"biaxial\"\nratio_md = 2.0\nduration = 1.0\n")), "is not one of uniaxial | sequential_biaxial | simultaneous_biaxial");
  EXPECT_CONTAINS(stage_error(with_stage("kind = \"hold\"\nduration = 1.0\nmobility_factor = -1.0\n")), "mobility_factor: -1 is out of range: must be >= 0");
  // [time] end belongs to runs without stages.
  std::string text = with_stage("kind = \"hold\"\nduration = 1.0\n");
  text.replace(text.find("dt = 0.1"), 8, "dt = 0.1\nend = 5.0");
  EXPECT_THROW(
      {
        try {
          config_from(text);
        } catch (const InputError& e) {
          EXPECT_CONTAINS(std::string(e.what()), "[time] end: not allowed together with [[stage]]");
          throw;
        }
      },
      InputError);
  // Without stages, end stays required (existing configs unchanged).
  EXPECT_THROW(config_from(base), InputError);
}

TEST(StageConfig, DeformationSection) {
  std::string text = with_stage("kind = \"hold\"\nduration = 1.0\n") + "[deformation]\nmax_aspect_ratio = 1.0\n";
  EXPECT_THROW(config_from(text), InputError);
  text = with_stage("kind = \"hold\"\nduration = 1.0\n") + "[deformation]\nmax_aspect_rato = 3.0\n";
  try {
    config_from(text);
    ADD_FAILURE() << "unknown key accepted";
  } catch (const InputError& e) {
    EXPECT_CONTAINS(std::string(e.what()), "did you mean \"max_aspect_ratio\"?");
  }
  const Config c = config_from(with_stage("kind = \"hold\"\nduration = 1.0\n") +
                               "[deformation]\nmax_aspect_ratio = 3.0\nmax_voxels = 1000\nremesh_target = \"preserve_voxels\"\n");
  EXPECT_EQ(c.deformation.max_aspect_ratio, 3.0);
  EXPECT_EQ(c.deformation.max_voxels, 1000);
  EXPECT_EQ(c.deformation.target, RemeshTarget::preserve_voxels);
}

TEST(StageConfig, ImplicitHoldWithoutStages) {
  const auto stages = make_stages(config_from(std::string(base).replace(std::string(base).find("dt = 0.1"), 8, "dt = 0.1\nend = 3.0")));
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0]->kind(), "hold");
  EXPECT_EQ(stages[0]->duration(), 3.0);
  EXPECT_FALSE(stages[0]->deforms());
}

// The stretch paths against their formulas (docs/deformation.md), at chosen times.
TEST(StagePaths, LambdaAlongEachKind) {
  const auto stages = make_stages(config_from(
      std::string(base) +
      "[[stage]]\nkind = \"draft\"\nratio = 4.0\nduration = 2.0\n"
      "[[stage]]\nkind = \"draft\"\nratio = 4.0\nduration = 2.0\nthickness_ratio = 0.5\n"
      "[[stage]]\nkind = \"stretch\"\nmode = \"sequential_biaxial\"\nratio_md = 3.0\nratio_td = 5.0\nstrain_rate = 0.5\n"
      "[[stage]]\nkind = \"stretch\"\nmode = \"simultaneous_biaxial\"\nratio_md = 3.0\nratio_td = 5.0\nduration = 4.0\n"
      "[[stage]]\nkind = \"stretch\"\nmode = \"uniaxial\"\nratio_md = 9.0\nduration = 1.0\ndt = 0.01\nmobility_factor = 0.0\n"));
  ASSERT_EQ(stages.size(), 5u);
  auto near = [](std::array<double, 3> got, std::array<double, 3> want) {
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(got[a], want[a], 1e-14) << "axis " << a;
  };
  near(stages[0]->stretch_at(1.0), {2.5, 1 / std::sqrt(2.5), 1 / std::sqrt(2.5)});
  near(stages[0]->stretch_at(2.0), {4, 0.5, 0.5});
  near(stages[1]->stretch_at(2.0), {4, 0.5, 0.5});      // thickness 0.5, width 1/(4 * 0.5)
  near(stages[1]->stretch_at(1.0), {2.5, 1 / (2.5 * 0.75), 0.75});
  EXPECT_DOUBLE_EQ(stages[2]->duration(), (2.0 + 4.0) / 0.5);  // MD phase 4, TD phase 8
  near(stages[2]->stretch_at(2.0), {2, 1, 0.5});
  near(stages[2]->stretch_at(4.0), {3, 1, 1.0 / 3});
  near(stages[2]->stretch_at(8.0), {3, 3, 1.0 / 9});
  near(stages[2]->stretch_at(12.0), {3, 5, 1.0 / 15});
  near(stages[3]->stretch_at(2.0), {2, 3, 1.0 / 6});
  near(stages[3]->stretch_at(4.0), {3, 5, 1.0 / 15});
  near(stages[4]->stretch_at(1.0), {9, 1.0 / 3, 1.0 / 3});
  EXPECT_EQ(stages[4]->common().mobility_factor, 0.0);
  EXPECT_EQ(stages[4]->common().dt.value(), 0.01);
}

}  // namespace
}  // namespace pf::test
