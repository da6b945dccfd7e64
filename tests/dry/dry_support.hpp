#pragma once
// Shared by the dry-process tests (pf_tests and pf_tests_long): a [blend] config, a pipeline run
// on the CPU, and the connectivity of the copolymer phase.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analysis/filters/label_components.hpp"
#include "process/deformation_support.hpp"

namespace pf::test {

inline std::string hold_stage(double duration) {
  return fmt::format("\n[[stage]]\nkind = \"hold\"\nduration = {}\n", duration);
}

// A [blend] run from a noisy uniform melt; shape "[n, n, n]" or "[n, n, 1]" (2D).
inline std::string blend_config(double pp_wt, double mfr_pp, double mfr_rc, const std::string& stages, int n = 32,
                                int seed = 3, bool two_d = false) {
  return fmt::format(R"(
[grid]
shape = [{0}, {0}, {5}]
[blend]
pp_wt_percent = {1}
mfr_pp = {2}
mfr_rc = {3}
propylene_wt_percent = 60
[initial]
kind = "uniform_noise"
amplitude = 0.02
seed = {6}
[time]
dt = 0.1
adaptive = true
max_change = 0.02
[deformation]
max_aspect_ratio = 100.0
{4}
)",
                     n, pp_wt, mfr_pp, mfr_rc, stages, two_d ? 1 : n, seed);
}

struct Evolved {
  std::vector<double> phi;
  Grid grid;
  std::vector<std::uint8_t> pore;
  std::vector<std::pair<double, std::vector<std::uint8_t>>> pores_by_lambda;  // after each step
};

inline Evolved run_pipeline(const std::string& toml) {
  const Config c = config_from(toml);
  DeformingDomain domain = make_domain(c, BackendKind::cpu);
  domain.solver().set_state(make_initial_field(c));
  Evolved out;
  CallbackObserver obs;
  obs.on_step = [&](long long, double, bool) {
    if (domain.pore_mask()) out.pores_by_lambda.emplace_back(domain.lambda()[0], *domain.pore_mask());
  };
  Pipeline(c, make_stages(c), domain).run(obs);
  out.grid = domain.grid();
  out.phi.resize(out.grid.voxels());
  domain.solver().get_state(out.phi);
  if (domain.pore_mask()) out.pore = *domain.pore_mask();
  return out;
}

inline analysis::Mask mask_of(const Grid& g, const std::vector<std::uint8_t>& m) {
  analysis::Mask mask(analysis::Shape{g.shape[2], g.shape[1], g.shape[0]});
  std::copy(m.begin(), m.end(), mask.data.begin());
  return mask;
}

// Share of copolymer voxels (phi < 1/2) in the largest 6-connected copolymer component, periodic
// (4-connected in a 2D run).
inline double copolymer_connectivity(const Evolved& e) {
  std::vector<std::uint8_t> rc(e.phi.size());
  for (std::size_t i = 0; i < rc.size(); ++i) rc[i] = e.phi[i] < 0.5;
  const auto labels = analysis::label_components(mask_of(e.grid, rc), 6, true);
  std::map<int, long> size;
  long total = 0;
  for (auto l : labels.labels.data)
    if (l > 0) ++size[l], ++total;
  long largest = 0;
  for (auto& [l, s] : size) largest = std::max(largest, s);
  return total ? double(largest) / double(total) : 0.0;
}

}  // namespace pf::test
