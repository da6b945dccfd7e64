#pragma once
// Runs a run's stages in order through one time loop: per accepted step, the stage's stretch
// is applied to the grid (deform, then evolve: piecewise-constant stretch rate over the step),
// the cells are remeshed when too elongated, and the solver advances. Outputs are not its
// business: it reports to a PipelineObserver (run_simulation writes files, tests inspect).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "io/config.hpp"
#include "solver/process/deforming_domain.hpp"
#include "solver/process/stage.hpp"

namespace pf {

struct StageRecord {
  std::size_t index = 0;  // 0-based
  std::string kind;
  double start = 0, end = 0;
  long long first_step = 0, last_step = 0;
  std::array<double, 3> lambda_start{1, 1, 1}, lambda_end{1, 1, 1};  // cumulative, since the run began
  nlohmann::json parameters;
};

struct PipelineTotals {
  long long steps = 0, rejected = 0;
  double time = 0, last_dt = 0, dt_min_used = 0, dt_max_used = 0;
  std::vector<StageRecord> stages;
  std::vector<RemeshRecord> remeshes;
  bool interrupted = false;  // an observer stopped the run at a step boundary
};

// Where the time loop stands at a step boundary: everything it needs to go on from there
// (checkpoints store it; Pipeline::run resumes from it). totals.steps/time are the step count
// and time reached; totals.dt_min_used is +inf while no step was taken.
struct PipelinePosition {
  std::size_t stage = 0;     // the stage the next step belongs to
  bool stage_begun = false;  // false: between stages, `stage` not begun yet
  double dt = 0;             // the next step's size (adaptive runs); 0 = the stage's dt
  double stage_start = 0;    // time at which `stage` began
  long long stage_step0 = 0; // step count when it began
  std::array<double, 3> stage_lambda_start{1, 1, 1};
  PipelineTotals totals;
  // The stage being run (at boundaries inside a stage; null between stages), so a checkpoint
  // can ask it for its save_state(); and, when resuming, the state a checkpoint stored.
  const Stage* current = nullptr;
  Stage::State stage_state;
};

class PipelineObserver {
 public:
  virtual ~PipelineObserver() = default;
  virtual void stage_begin(const StageRecord& /*record*/, const Stage& /*stage*/) {}
  // After every accepted step; last_of_stage / last_of_run mark the ends.
  virtual void step_done(long long /*step*/, double /*time*/, double /*dt*/, bool /*last_of_stage*/,
                         bool /*last_of_run*/) {}
  virtual void remeshed(const RemeshRecord& /*record*/) {}
  virtual void stage_end(const StageRecord& /*record*/) {}
  // At every step boundary from which the run could be resumed (after step_done within a stage,
  // after stage_end between stages; not after the last step). Returning false stops the run
  // there (PipelineTotals::interrupted).
  virtual bool at_boundary(const PipelinePosition& /*position*/) { return true; }
};

class Pipeline {
 public:
  Pipeline(const Config& config, std::vector<std::unique_ptr<Stage>> stages, DeformingDomain& domain);

  // Runs every stage; `timesteps` (may be null) receives "step,time,dt" rows in adaptive runs.
  // With `resume`, continues from that position (the domain already holds its state) instead
  // of from t = 0.
  PipelineTotals run(PipelineObserver& observer, std::ostream* timesteps = nullptr,
                     const PipelinePosition* resume = nullptr);

 private:
  const Config& config_;
  std::vector<std::unique_ptr<Stage>> stages_;
  DeformingDomain& domain_;
};

}  // namespace pf
