#include "solver/process/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "solver/core/errors.hpp"
#include "solver/schemes/adaptive_time_step.hpp"

namespace pf {

Pipeline::Pipeline(const Config& config, std::vector<std::unique_ptr<Stage>> stages, DeformingDomain& domain)
    : config_(config), stages_(std::move(stages)), domain_(domain) {}

PipelineTotals Pipeline::run(PipelineObserver& observer, std::ostream* timesteps) {
  PipelineTotals totals;
  const TimeConfig& tc = config_.time;
  const AdaptiveTimeStep controller{tc.max_change, tc.dt_min, tc.dt_max};
  double t = 0;
  long long step = 0;
  double dt_min_used = INFINITY, dt_max_used = 0, last_dt = 0;

  for (std::size_t s = 0; s < stages_.size(); ++s) {
    Stage& stage = *stages_[s];
    const bool last_stage = s + 1 == stages_.size();
    StageRecord record;
    record.index = s;
    record.kind = stage.kind();
    record.start = t;
    record.end = t + stage.duration();
    record.first_step = step + 1;
    record.lambda_start = domain_.lambda();
    record.parameters = stage.parameters();
    domain_.set_mobility_factor(stage.common().mobility_factor);
    stage.begin(domain_);
    observer.stage_begin(record, stage);

    const double t0 = t, end = record.end, stage_dt = stage.common().dt.value_or(tc.dt);
    const long long step0 = step;
    const std::array<double, 3> lambda0 = record.lambda_start;
    double dt = stage_dt;
    // A frozen stage (mobility_factor = 0) gives the change controller nothing to measure: it
    // takes fixed steps of its dt, so a deformation is applied in even increments.
    const bool adaptive = tc.adaptive && stage.common().mobility_factor > 0;
    auto deform_to_time = [&](double time) {
      if (!stage.deforms()) return;
      const std::array<double, 3> rel = stage.stretch_at(time - t0);
      domain_.deform_to({lambda0[0] * rel[0], lambda0[1] * rel[1], lambda0[2] * rel[2]});
    };

    while (t < end) {
      // Remesh on the state at t (before save_state, so a rejected adaptive step never has to
      // undo a change of shape).
      if (stage.deforms())
        if (auto r = domain_.remesh_if_needed(step, t)) {
          totals.remeshes.push_back(*r);
          observer.remeshed(*r);
        }
      // The last step lands exactly on `end`: shortened if the remainder is shorter than dt, and
      // kept at dt when the remainder equals dt up to round-off (so runs stay bitwise comparable).
      const bool last = end - t <= dt * (1 + 1e-9);
      const double h = (last && end - t < dt * (1 - 1e-9)) ? end - t : dt;
      Solver& solver = domain_.solver();
      if (adaptive) {
        solver.save_state();
        deform_to_time(last ? end : t + h);
        domain_.prepare_step(h);
        solver.step(h, std::uint64_t(step));
        const double change = solver.max_change_from_saved();
        if (!std::isfinite(change)) {
          // Blow-up within one step: retry smaller, and give up once dt_min fails too.
          solver.restore_state();
          deform_to_time(t);
          if (h <= tc.dt_min)
            throw NumericalError(fmt::format("numerical blow-up at step {} (t = {:.6g}) even at [time] dt_min = {:.3g}; "
                                             "raise stabilization or check the model; the last good snapshot is the "
                                             "latest in fields.h5",
                                             step + 1, t, tc.dt_min));
          dt = std::max(tc.dt_min, 0.25 * h);
          ++totals.rejected;
          continue;
        }
        const auto decision = controller(h, change);
        if (!decision.accept) {
          solver.restore_state();
          deform_to_time(t);
          dt = decision.next_dt;
          ++totals.rejected;
          continue;
        }
        dt = decision.next_dt;
      } else {
        deform_to_time(last ? end : t0 + double(step + 1 - step0) * stage_dt);
        domain_.prepare_step(h);
        solver.step(h, std::uint64_t(step));
      }
      domain_.commit_step();
      ++step;
      // Fixed steps land on t0 + n dt exactly rather than accumulating round-off in t.
      t = last ? end : (adaptive ? t + h : t0 + double(step - step0) * stage_dt);
      last_dt = h;
      dt_min_used = std::min(dt_min_used, h);
      dt_max_used = std::max(dt_max_used, h);
      if (tc.adaptive && timesteps) *timesteps << fmt::format("{},{:.17g},{:.17g}\n", step, t, h);
      const bool stage_done = t >= end;
      observer.step_done(step, t, h, stage_done, stage_done && last_stage);
    }

    stage.end(domain_);
    // After extraction, a stage that moved the field (hot solvent after extract, claim 15)
    // leaves a stale pore mask: the solvent it brought is removed again with the same threshold.
    if (domain_.extraction_threshold() && stage.kind() != "extract" && step > record.first_step - 1 &&
        stage.common().mobility_factor > 0)
      domain_.extract_pores(*domain_.extraction_threshold());
    record.last_step = step;
    record.end = t;
    record.lambda_end = domain_.lambda();
    observer.stage_end(record);
    totals.stages.push_back(record);
  }
  // A last stage without steps (an instantaneous extract) still ends the run: the observer gets
  // its final-step call (last analysis, last energy row) on the state as the stages left it.
  if (!totals.stages.empty() && totals.stages.back().first_step > step && step > 0)
    observer.step_done(step, t, last_dt, false, true);
  totals.steps = step;
  totals.time = t;
  totals.last_dt = last_dt;
  totals.dt_min_used = step ? dt_min_used : 0.0;
  totals.dt_max_used = dt_max_used;
  return totals;
}

}  // namespace pf
