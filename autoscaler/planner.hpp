#pragma once
// The planner: how many cache workers a dataset's runtime should have, from a forecast. Values in, values out:
// plan(input, policy, state) is a pure function of its arguments; the planner's memory (recent recommendations)
// is a value the caller passes back in.
#include <deque>
#include <string>

#include "autoscaler/forecast.hpp"
#include "autoscaler/hold.hpp"

namespace cachepilot::autoscaler {

struct PlannerPolicy {
  double worker_throughput = 0;     // bytes/s one ready worker serves (> 0)
  double target_utilization = 1.0;  // provision so that the forecast bound uses this share of capacity
  int min_workers = 1;
  int max_workers = 1000;
  double dataset_bytes = 0;       // cache-capacity floor: bytes to keep cached (0 = no floor)
  double worker_cache_bytes = 0;  // cache size of one worker (0 = no floor)
  // Scale down to the highest recommendation of this window. 0 by default: the realized-need hold below keeps what
  // demand needed, and holding forecasts too would keep every spike a forecast ever raised.
  double scale_down_stabilization_s = 0;
  HoldPolicy hold;         // never below what demand needed within the learned hold (needs PlanInput::lead_time_s > 0)
  double tolerance = 0.1;  // no scale-down unless it removes more than this share of workers
  int max_scale_up_step = 0;             // workers added per decision at most (0 = unbounded)
  double max_scale_down_fraction = 0.5;  // share of workers removed per decision at most (at least one)
};

struct Recommendation {
  double t = 0;
  int workers = 0;
};

// The planner's memory between cycles.
struct PlannerState {
  std::deque<Recommendation> recommendations;  // within the stabilization window, oldest first
  RealizedNeedHold hold;
};

struct PlanInput {
  double now = 0;             // seconds, same epoch as the samples
  double current_demand = 0;  // latest observed demand (bytes/s)
  int current_workers = 0;    // workers the runtime has now (spec replicas)
  double lead_time_s = 0;     // a worker asked for now serves from now + lead_time_s (0: no realized-need hold)
  Forecast forecast;
};

enum class PlanReason {
  kHold,         // within tolerance, or nothing to do
  kScaleUp,      // forecast / reactive / floor needs more
  kScaleDown,    // the stabilization window agrees on fewer
  kRisingHold,   // fewer would do, but demand is rising
  kStabilizing,  // fewer would do, but not for the whole window yet
};
[[nodiscard]] const char* to_string(PlanReason r);

struct Plan {
  int desired = 0;
  PlanReason reason = PlanReason::kHold;
  int forecast_need = 0;   // workers for the forecast's upper bound
  int reactive_need = 0;   // workers for the current demand
  int capacity_floor = 0;  // workers to hold the dataset's bytes
  int held_need = 0;       // the highest reactive need within the realized-need hold
  double hold_s = 0;       // that hold (0: off)
  int recommendation = 0;  // max of forecast, held and floor needs, clamped: recorded for stabilization
};

// Workers needed to serve `demand` at `utilization` of `throughput` each: ceil(demand / (throughput × utilization)).
[[nodiscard]] int workers_for(double demand, double throughput, double utilization);

// Workers needed to keep dataset_bytes cached: ceil(dataset_bytes / worker_cache_bytes); 0 when not configured.
[[nodiscard]] int capacity_floor(double dataset_bytes, double worker_cache_bytes);

// One planning decision. `state` is read and updated (recommendations older than the window are dropped).
[[nodiscard]] Plan plan(const PlanInput& input, const PlannerPolicy& policy, PlannerState& state);

}  // namespace cachepilot::autoscaler
