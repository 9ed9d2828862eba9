#include "autoscaler/autoscaler.hpp"

namespace cachepilot::autoscaler {

Decision Autoscaler::decide(int current_workers) {
  Decision d;
  // Workers removed now are gone at once, and workers asked for now serve only after the lead time, so the
  // window that matters is [now, now + lead + one decision interval].
  d.forecast = forecaster_.forecast(config_.lead_time_s + config_.decision_interval_s, config_.lead_time_s);
  PlanInput in;
  in.now = forecaster_.now();
  in.current_demand = forecaster_.sample_count() > 0 ? forecaster_.last_demand() : 0.0;
  in.current_workers = current_workers;
  in.lead_time_s = config_.lead_time_s;
  in.forecast = d.forecast;
  d.plan = plan(in, config_.planner, state_);
  return d;
}

}  // namespace cachepilot::autoscaler
