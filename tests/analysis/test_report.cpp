// analyze_pores end to end: the JSON layout and the edge cases (no pore, no solid, one slice).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis/generators/pores_of_revolution.hpp"
#include "analysis/report.hpp"

namespace pf::analysis {
namespace {

using nlohmann::json;

// JSON must never carry NaN or inf: every number is finite or the value is null.
void expect_finite_numbers(const json& j) {
  if (j.is_number_float()) {
      EXPECT_TRUE(std::isfinite(j.get<double>()));
    }
  if (j.is_structured())
    for (const auto& item : j) expect_finite_numbers(item);
}

// Every documented key is present (docs/analysis.md, "JSON keys").
TEST(Report, JsonHasTheStableKeys) {
  const Spacing h{0.5, 0.1, 0.1};
  const PoreReport r = analyze_pores(cylinders({16, 24, 24}, h, 0.4, {{1.2, 1.2}}), h);
  const json j = to_json(r);
  for (const char* key : {"porosity", "porosity_profile", "mean_pore_size", "pore_size_distribution", "surface_layers",
                          "through_holes", "tortuosity", "gurley_s_per_100ml", "moisture_g_per_m2_day"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["pore_size_distribution"].contains("bin_edges_um"));
  EXPECT_TRUE(j["pore_size_distribution"].contains("volume_fraction"));
  for (const char* side : {"top", "bottom"})
    for (const char* key : {"a", "b", "ratio", "claim4_holds"}) EXPECT_TRUE(j["surface_layers"][side].contains(key));
  EXPECT_EQ(j["through_holes"]["count"], 1);
  EXPECT_TRUE(j["through_holes"].contains("through_porosity_fraction"));
  for (const char* key : {"opening_top", "opening_bottom", "narrowest", "narrowest_depth", "shape"})
    EXPECT_TRUE(j["through_holes"]["items"][0].contains(key)) << key;
  EXPECT_EQ(j["through_holes"]["items"][0]["shape"], "straight");
  EXPECT_EQ(j["porosity_profile"].size(), 16u);
  EXPECT_NEAR(j["tortuosity"].get<double>(), 1.0, 0.01);
  // The report's Gurley uses exactly the documented inputs.
  const PoreStructure used{r.porosity, r.tortuosity->tortuosity, r.mean_pore_size_um, 8.0};
  EXPECT_DOUBLE_EQ(j["gurley_s_per_100ml"].get<double>(), gurley_seconds(used));
  expect_finite_numbers(j);
  EXPECT_NE(to_markdown(r).find("Porosity"), std::string::npos);
}

// No pore at all: zeros, no holes, an empty distribution, tortuosity and Gurley null (no path),
// moisture 0.
TEST(Report, EmptyPoreSpace) {
  const PoreReport r = analyze_pores(Mask({8, 6, 6}, 0), {1.0, 1.0, 1.0});
  EXPECT_EQ(r.porosity, 0.0);
  EXPECT_EQ(r.mean_pore_size_um, 0.0);
  EXPECT_TRUE(r.through_holes.items.empty());
  const json j = to_json(r);
  EXPECT_TRUE(j["tortuosity"].is_null());
  EXPECT_TRUE(j["gurley_s_per_100ml"].is_null());
  EXPECT_EQ(j["moisture_g_per_m2_day"], 0.0);
  EXPECT_TRUE(j["pore_size_distribution"]["bin_edges_um"].empty());
  EXPECT_TRUE(j["surface_layers"]["top"]["ratio"].is_null());
  EXPECT_EQ(j["surface_layers"]["top"]["claim4_holds"], false);
  expect_finite_numbers(j);
  EXPECT_FALSE(to_markdown(r).empty());
}

// No solid at all: porosity 1, local thickness bounded by the box (= d, documented), one straight
// through-hole, tau = 1, and the Gurley number of that structure.
TEST(Report, AllPore) {
  const Spacing h{0.5, 0.2, 0.2};
  const PoreReport r = analyze_pores(Mask({8, 6, 6}, 1), h);
  EXPECT_EQ(r.porosity, 1.0);
  EXPECT_DOUBLE_EQ(r.mean_pore_size_um, 4.0);
  ASSERT_EQ(r.through_holes.items.size(), 1u);
  EXPECT_EQ(r.through_holes.items[0].shape, HoleShape::straight);
  EXPECT_NEAR(r.tortuosity->tortuosity, 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(*r.gurley_s_per_100ml, gurley_seconds({1.0, r.tortuosity->tortuosity, 4.0, 4.0}));
  expect_finite_numbers(to_json(r));
}

// One slice: both faces are that slice, so every component is a through-hole; tau = 1; the
// surface layer is the slice itself and "the rest" is empty (b = 0, ratio null, claim 4 false).
TEST(Report, SingleSlice) {
  const Spacing h{0.2, 0.1, 0.1};
  const Mask m = cylinders({1, 20, 20}, h, 0.3, {{0.5, 0.5}, {1.5, 1.5}});
  const PoreReport r = analyze_pores(m, h);
  EXPECT_EQ(r.through_holes.items.size(), 2u);
  EXPECT_NEAR(r.tortuosity->tortuosity, 1.0, 1e-6);
  EXPECT_EQ(r.surface_layers.top.layer_slices, 1);
  EXPECT_GT(r.surface_layers.top.a_um, 0.0);
  EXPECT_EQ(r.surface_layers.top.b_um, 0.0);
  const json j = to_json(r);
  EXPECT_TRUE(j["surface_layers"]["bottom"]["ratio"].is_null());
  EXPECT_EQ(j["surface_layers"]["bottom"]["claim4_holds"], false);
  expect_finite_numbers(j);
}

// Options are honoured: without tortuosity the transport values are null; 6-connectivity splits
// two cylinders that touch only along an edge.
TEST(Report, Options) {
  const Spacing h{1.0, 1.0, 1.0};
  Mask m(Shape{4, 6, 6}, 0);
  for (std::int64_t z = 0; z < 4; ++z) m(z, 1, 1) = m(z, 2, 2) = 1;
  AnalysisOptions o;
  o.compute_tortuosity = false;
  const json j = to_json(analyze_pores(m, h, o));
  EXPECT_TRUE(j["tortuosity"].is_null());
  EXPECT_TRUE(j["gurley_s_per_100ml"].is_null());
  EXPECT_EQ(j["through_holes"]["count"], 1);
  o.connectivity = 6;
  EXPECT_EQ(to_json(analyze_pores(m, h, o))["through_holes"]["count"], 2);
  o.connectivity = 4;
  EXPECT_THROW(analyze_pores(m, h, o), AnalysisError);
}

}  // namespace
}  // namespace pf::analysis
