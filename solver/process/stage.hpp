#pragma once
// A process stage (MODEL.md §5) as a value: what it does to the material over its duration.
// The pipeline (pipeline.hpp) runs a list of them in order through one time loop. Kinds live
// one per file in this folder and are listed in stage_registry.cpp.
#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <vector>
#include <optional>
#include <string>

namespace pf {

class DeformingDomain;
struct Config;

// A stage's keys that do not fit the rest of the config (e.g. a temperature outside the
// material's window): the key and why, reported by the registry at the stage's table.
struct StageProblem {
  std::string key, message;
};

// Keys every stage kind accepts (read by the registry before the kind's own keys).
struct StageCommon {
  std::optional<double> dt;    // time step for this stage; default [time] dt
  double mobility_factor = 1;  // multiplies the mobility during the stage; 0 = frozen dynamics
};

class Stage {
 public:
  explicit Stage(StageCommon common) : common_(common) {}
  virtual ~Stage() = default;

  virtual std::string kind() const = 0;
  virtual double duration() const = 0;
  const StageCommon& common() const { return common_; }

  // Stretch of the material relative to the start of the stage after time tau in
  // [0, duration()]: diag(lambda_x, lambda_y, lambda_z). Non-deforming stages keep 1.
  virtual bool deforms() const { return false; }
  virtual std::array<double, 3> stretch_at(double /*tau*/) const { return {1, 1, 1}; }

  // Hooks for kinds that change conditions rather than geometry (temperature, boundaries,
  // the field itself): called once before the first and after the last step of the stage.
  virtual void begin(DeformingDomain& /*domain*/) {}
  virtual void end(DeformingDomain& /*domain*/) {}
  // After every accepted step of the stage (tau = time since the stage began; last = the
  // stage's final step), e.g. to re-evaluate a criterion on the deformed structure (cavitate).
  virtual void after_step(DeformingDomain& /*domain*/, double /*tau*/, bool /*last*/) {}

  // Restarts. What a stage keeps between its steps beyond the domain (a step counter, an
  // iterative solver's warm start) as named arrays that a checkpoint stores; a run resumed
  // inside the stage calls resume() instead of begin(), after the domain (field, grid, T(z),
  // faces, bath, pore mask) has been restored, so resume() must not reset what the domain holds.
  using State = std::map<std::string, std::vector<double>>;
  virtual State save_state() const { return {}; }
  virtual void resume(DeformingDomain& domain, const State& /*state*/) { begin(domain); }

  // Cross-checks against the rest of the config, after parsing (the registry turns a problem
  // into an InputError naming the file, line and key).
  virtual std::optional<StageProblem> check(const Config& /*config*/) const { return std::nullopt; }

  // The kind's parameters, for run.json.
  virtual nlohmann::json parameters() const { return nlohmann::json::object(); }

 private:
  StageCommon common_;
};

}  // namespace pf
