// `cavitate`: the stretch of seed 001 claim 1 that opens continuous pores in the copolymer
// (MODEL.md §5; docs/dry_process.md §4). The stage is a `stretch` (same keys: mode, ratio_md,
// ratio_td, duration or strain_rate, thickness_ratio) during which, every `evaluate_every`
// steps and at its last step, the heterogeneous small-strain field of the current two-phase
// structure under the macroscopic strain E = diag(lambda_rel - 1) (lambda_rel: the stretch
// since the stage began) is computed with the FFT elasticity solver (Moulinec–Suquet Green
// operator; conjugate gradients by default, `elasticity_scheme`) on the same grid, and
//
//   a voxel becomes pore  when  phi < copolymer_below  and  strain measure > critical_strain,
//
// the measure being the von Mises equivalent strain or the volumetric strain (tr eps). Pores
// stay open (the mask only grows) and are compliant (pore_modulus_factor times the copolymer's
// moduli), so strain concentrates at their rims and they grow with further stretch. The mask
// lives in DeformingDomain::pore_mask() and is carried through remeshes by nearest node.
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <optional>

#include "io/toml_section.hpp"
#include "solver/models/dry_process_mapping.hpp"
#include "solver/mechanics/elasticity.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/stage.hpp"

namespace pf {

std::unique_ptr<Stage> parse_stretch_stage(TomlSection&, const StageCommon&);

namespace {

enum class StrainMeasure { equivalent, volumetric };
constexpr const char* measure_names[] = {"equivalent", "volumetric"};

struct CavitationRule {
  double copolymer_below = 0.5;  // phi threshold of a copolymer-rich voxel
  double critical_strain = 0.1;
  StrainMeasure measure = StrainMeasure::equivalent;
  double E_pp_MPa = 800, nu_pp = 0.40, E_rc_MPa = 40, nu_rc = 0.45, pore_modulus_factor = 0.5;
  int evaluate_every = 1;
  ElasticityOptions solver{1e-4, 2000};
};

class CavitateStage final : public Stage {
 public:
  CavitateStage(StageCommon common, std::unique_ptr<Stage> stretch, CavitationRule rule)
      : Stage(common), stretch_(std::move(stretch)), rule_(rule) {}

  std::string kind() const override { return "cavitate"; }
  double duration() const override { return stretch_->duration(); }
  bool deforms() const override { return true; }
  std::array<double, 3> stretch_at(double tau) const override { return stretch_->stretch_at(tau); }

  void begin(DeformingDomain& domain) override {
    const Grid& g = domain.grid();
    if (!domain.pore_mask()) domain.pore_mask() = std::vector<std::uint8_t>(g.voxels(), 0);
    steps_ = 0;
  }

  // The step counter sets when the criterion is evaluated, and the last strain field is the
  // elasticity solver's warm start: both are needed for a restart to continue bit for bit.
  State save_state() const override {
    State s{{"steps", {double(steps_)}}};
    if (warm_)
      for (int c = 0; c < 6; ++c) s["warm_strain_" + std::to_string(c)] = (*warm_)[c];
    return s;
  }

  void resume(DeformingDomain& domain, const State& state) override {
    begin(domain);
    if (auto it = state.find("steps"); it != state.end() && it->second.size() == 1) steps_ = (long long)(it->second[0]);
    if (state.count("warm_strain_0")) {
      warm_.emplace();
      for (int c = 0; c < 6; ++c) (*warm_)[c] = state.at("warm_strain_" + std::to_string(c));
    }
  }

  void after_step(DeformingDomain& domain, double tau, bool last) override {
    if (++steps_ % rule_.evaluate_every == 0 || last) evaluate(domain, tau);
  }

  nlohmann::json parameters() const override {
    nlohmann::json j = stretch_->parameters();
    j["copolymer_below"] = rule_.copolymer_below;
    j["critical_strain"] = rule_.critical_strain;
    j["strain_measure"] = measure_names[int(rule_.measure)];
    j["E_pp_MPa"] = rule_.E_pp_MPa;
    j["nu_pp"] = rule_.nu_pp;
    j["E_rc_MPa"] = rule_.E_rc_MPa;
    j["nu_rc"] = rule_.nu_rc;
    j["pore_modulus_factor"] = rule_.pore_modulus_factor;
    j["evaluate_every"] = rule_.evaluate_every;
    j["tolerance"] = rule_.solver.tolerance;
    j["max_iterations"] = rule_.solver.max_iterations;
    j["elasticity_scheme"] = rule_.solver.scheme == ElasticityScheme::basic ? "basic" : "conjugate_gradient";
    return j;
  }

 private:
  void evaluate(DeformingDomain& domain, double tau) {
    const Grid& g = domain.grid();
    const std::size_t n = g.voxels();
    if (!mechanics_ || mechanics_->grid().shape != g.shape) {
      const BackendKind backend = domain.solver().backend_name() == std::string("cuda") ? BackendKind::cuda : BackendKind::cpu;
      mechanics_ = make_elasticity_solver(
          g, ElasticPhases::from_young(rule_.E_pp_MPa, rule_.nu_pp, rule_.E_rc_MPa, rule_.nu_rc, rule_.pore_modulus_factor),
          rule_.solver, backend);
    }
    if (warm_ && (*warm_)[0].size() != n) warm_.reset();  // a remesh changed the shape: it no longer fits
    mechanics_->set_spacing(g.spacing);
    phi_.resize(n);
    domain.solver().get_state(phi_);
    auto& mask = *domain.pore_mask();
    if (mask.size() != n) mask.assign(n, 0);
    const std::array<double, 3> rel = stretch_->stretch_at(tau);
    const SymTensor E{rel[0] - 1, rel[1] - 1, rel[2] - 1, 0, 0, 0};
    StrainField f = mechanics_->solve(phi_, mask, E, warm_ ? &*warm_ : nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      if (mask[i] || !(phi_[i] < rule_.copolymer_below)) continue;
      const SymTensor e{f.strain[0][i], f.strain[1][i], f.strain[2][i], f.strain[3][i], f.strain[4][i], f.strain[5][i]};
      const double m = rule_.measure == StrainMeasure::equivalent ? equivalent_strain(e) : volumetric_strain(e);
      if (m > rule_.critical_strain) mask[i] = 1;
    }
    warm_ = std::move(f.strain);
  }

  std::unique_ptr<Stage> stretch_;
  CavitationRule rule_;
  std::unique_ptr<ElasticitySolver> mechanics_;
  std::optional<std::array<std::vector<double>, 6>> warm_;
  std::vector<double> phi_;
  long long steps_ = 0;
};

}  // namespace

std::unique_ptr<Stage> parse_cavitate_stage(TomlSection& keys, const StageCommon& common) {
  CavitationRule r;
  r.copolymer_below = keys.number("copolymer_below", r.copolymer_below, Range::open(0, 1));
  r.measure = static_cast<StrainMeasure>(keys.choice("strain_measure", {"equivalent", "volumetric"}, 0));
  r.E_pp_MPa = keys.number("E_pp_MPa", r.E_pp_MPa, Range::positive());
  r.nu_pp = keys.number("nu_pp", r.nu_pp, Range{-1, 0.5, true, true});
  r.E_rc_MPa = keys.number("E_rc_MPa", r.E_rc_MPa, Range::positive());
  r.nu_rc = keys.number("nu_rc", r.nu_rc, Range{-1, 0.5, true, true});
  // Strains beyond 10 are outside anything a small-strain criterion can mean.
  const Range strain_range{0, 10, true, false};
  if (keys.has("critical_strain")) {
    r.critical_strain = keys.number("critical_strain", 0, strain_range);
  } else if (r.measure == StrainMeasure::volumetric) {
    // Gent–Lindley from nu_rc; > 0 because nu_rc < 1/2 above.
    r.critical_strain = blend::cavitation_volumetric_strain(r.nu_rc);
  } else {
    keys.missing("critical_strain", fmt::format("missing; required with strain_measure = \"equivalent\", {} "
                                                "(only \"volumetric\" has a derived default)",
                                                strain_range.describe()));
  }
  r.pore_modulus_factor = keys.number("pore_modulus_factor", r.pore_modulus_factor, Range{0, 1, true, false});
  r.evaluate_every = int(keys.integer("evaluate_every", r.evaluate_every, Range::closed(1, 1e9)));
  r.solver.tolerance = keys.number("tolerance", r.solver.tolerance, Range::open(0, 1));
  r.solver.max_iterations = int(keys.integer("max_iterations", r.solver.max_iterations, Range::closed(1, 1e6)));
  r.solver.scheme = static_cast<ElasticityScheme>(keys.choice("elasticity_scheme", {"basic", "conjugate_gradient"}, 1));
  return std::make_unique<CavitateStage>(common, parse_stretch_stage(keys, common), r);
}

}  // namespace pf
