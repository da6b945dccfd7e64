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

PipelineTotals Pipeline::run(PipelineObserver& observer, std::ostream* timesteps, const PipelinePosition* resume) {
  PipelinePosition pos;
  pos.totals.dt_min_used = INFINITY;
  if (resume) pos = *resume;
  PipelineTotals& totals = pos.totals;
  const TimeConfig& tc = config_.time;
  const AdaptiveTimeStep controller{tc.max_change, tc.dt_min, tc.dt_max};
  double t = totals.time;
  long long step = totals.steps;

  for (std::size_t s = pos.stage; s < stages_.size(); ++s) {
    Stage& stage = *stages_[s];
    const bool last_stage = s + 1 == stages_.size();
    // Resuming inside this stage: its start is the checkpoint's, not now.
    const bool resumed_inside = resume && s == resume->stage && resume->stage_begun;
    StageRecord record;
    record.index = s;
    record.kind = stage.kind();
    record.start = resumed_inside ? resume->stage_start : t;
    record.end = record.start + stage.duration();
    record.first_step = (resumed_inside ? resume->stage_step0 : step) + 1;
    record.lambda_start = resumed_inside ? resume->stage_lambda_start : domain_.lambda();
    record.parameters = stage.parameters();
    domain_.set_mobility_factor(stage.common().mobility_factor);
    if (resumed_inside)
      stage.resume(domain_, resume->stage_state);
    else
      stage.begin(domain_);
    observer.stage_begin(record, stage);

    const double t0 = record.start, end = record.end, stage_dt = stage.common().dt.value_or(tc.dt);
    const long long step0 = record.first_step - 1;
    const std::array<double, 3> lambda0 = record.lambda_start;
    double dt = resumed_inside && resume->dt > 0 ? resume->dt : stage_dt;
    pos.stage = s;
    pos.stage_begun = true;
    pos.current = &stage;
    pos.stage_start = t0;
    pos.stage_step0 = step0;
    pos.stage_lambda_start = lambda0;
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
        const double change = solver.max_change_from_saved(tc.change_without_noise);
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
      totals.last_dt = h;
      totals.dt_min_used = std::min(totals.dt_min_used, h);
      totals.dt_max_used = std::max(totals.dt_max_used, h);
      totals.steps = step;
      totals.time = t;
      if (tc.adaptive && timesteps) *timesteps << fmt::format("{},{:.17g},{:.17g}\n", step, t, h);
      const bool stage_done = t >= end;
      stage.after_step(domain_, t - t0, stage_done);
      observer.step_done(step, t, h, stage_done, stage_done && last_stage);
      pos.dt = dt;
      if (!stage_done && !observer.at_boundary(pos)) {
        totals.interrupted = true;
        return totals;
      }
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
    totals.steps = step;
    totals.time = t;
    if (!last_stage) {
      pos.stage = s + 1;
      pos.stage_begun = false;
      pos.current = nullptr;
      pos.dt = 0;
      if (!observer.at_boundary(pos)) {
        totals.interrupted = true;
        return totals;
      }
    }
  }
  // A last stage without steps (an instantaneous extract) still ends the run: the observer gets
  // its final-step call (last analysis, last energy row) on the state as the stages left it.
  if (!totals.stages.empty() && totals.stages.back().first_step > step && step > 0)
    observer.step_done(step, t, totals.last_dt, false, true);
  totals.steps = step;
  totals.time = t;
  if (!step) totals.dt_min_used = 0.0;
  return totals;
}

}  // namespace pf
