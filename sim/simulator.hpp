#pragma once
// The discrete-time simulator: 1-second steps, a pool of cache workers that serve only a lead time after they are
// asked for, and a policy that decides the desired worker count.
//
// Model, per second t:
//   1. the policy sees what it may see at t and returns the desired worker count (clamped to [min, max]);
//   2. the pool grows (new workers become ready at t + lead) or shrinks (newest first: Fluid removes the highest-
//      numbered workers, so pending ones go before ready ones);
//   3. served = min(demand[t], ready × worker_throughput); the rest is unmet (spills to remote storage);
//   4. cost: every existing worker (pending or ready) costs one worker-second.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/trace.hpp"

namespace cachepilot::sim {

struct SimParams {
  double worker_throughput = kGiB;  // bytes/s one ready worker serves
  int lead_time_s = 60;             // asked at t, serving from t + lead
  int min_workers = 1;
  int max_workers = 1000;
  int initial_workers = 1;          // ready at t = 0
  int decision_interval_s = 1;      // cachepilot's decision interval (baselines keep their own periods)
  double target_utilization = 0.7;  // every baseline that has a utilisation target
  int hold_s = 300;                 // reactive-ideal's hold
  // Reactive-ideal sees demand this many seconds late. 0, the definition: it knows the second it serves. 1:
  // what the simulated cachepilot sees (the mean of the last whole second), to tell its one second of hindsight
  // from the rest of a gap between the two.
  int reactive_lag_s = 0;
  double unmet_price = 7;     // cachepilot: worth of a worker-second unmet; its hold is this × lead (0 = off)
  double cost_budget = 1.97;  // cachepilot: spend at most this × the clairvoyant floor (0 = no budget)
  // cachepilot: bytes/s one pod reads, as spec.podReadThroughput configures it: waiting pods count at this rate until
  // one is learned from demand / active pods (0 = learned only).
  double pod_read_throughput = 0;
  // cachepilot: seconds one pod reads from its start, as spec.podReadSeconds configures it: the pods due are counted
  // at this read until pods or demand show one (0 = shown only).
  double pod_read_seconds = 0;
  double dataset_bytes = 0;  // cache-capacity floor inputs (0 = none); the floor raises --min of every policy
  double worker_cache_bytes = 0;
  double slo_unmet_fraction = 0.05;  // a second violates the SLO when more than this share of demand is unmet

  // max(min_workers, the cache-capacity floor)
  [[nodiscard]] int effective_min() const;
};

// What a policy may look at, at second t. Policies are trusted to read only what they are entitled to: the
// oracle reads the future, reactive-ideal the current second, every other policy strictly the past (< t).
struct StepContext {
  int t = 0;
  const Trace* trace = nullptr;
  int workers = 0;  // existing workers (the runtime's spec replicas)
  int ready = 0;    // of which ready (asked for at least a lead time ago)
};

struct Action {
  int desired = 0;
  std::optional<double> forecast_at_lead;  // point forecast of demand at t + lead, if the policy forecasts
};

class Policy {
 public:
  virtual ~Policy() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  // Ready workers at t = 0; nullopt: the simulation's --initial.
  [[nodiscard]] virtual std::optional<int> initial_workers() const { return std::nullopt; }
  // Called once per simulated second, in order.
  virtual Action decide(const StepContext& ctx) = 0;
};

struct Series {
  int step_s = 1;
  std::vector<double> t;
  std::vector<double> demand;           // bytes/s, mean over the step
  std::vector<double> ready_workers;    // mean over the step
  std::vector<double> desired_workers;  // mean over the step
};

struct PolicyResult {
  std::string policy;
  double unmet_fraction = 0;  // bytes not served by ready workers / all bytes
  double slo_violation_seconds = 0;
  double worker_seconds = 0;
  int scale_actions = 0;  // changes of the desired worker count
  std::optional<double> forecast_mape_at_lead;
  double total_bytes = 0;
  double unmet_bytes = 0;
  int peak_workers = 0;
  Series series;
};

// Runs one policy over the trace. `series_step_s` (≥ 1) sets the resolution of the recorded series; progress, if
// given, is called with the fraction done from time to time.
[[nodiscard]] PolicyResult simulate(const Trace& trace, Policy& policy, const SimParams& params, int series_step_s,
                                    const std::function<void(double)>& progress = {});

// A pool of workers: creation times in ascending order; removal takes the newest first.
class WorkerPool {
 public:
  WorkerPool(int initial, int lead_time_s);
  void resize(int n, int t);
  [[nodiscard]] int size() const { return static_cast<int>(created_.size()); }
  [[nodiscard]] int ready(int t) const;

 private:
  int lead_;
  std::vector<int> created_;
};

}  // namespace cachepilot::sim
