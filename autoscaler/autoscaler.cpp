#include "autoscaler/autoscaler.hpp"

namespace cachepilot::autoscaler {

void Autoscaler::observe(const Sample& sample) {
  if (forecaster_.sample_count() > 0 && !(sample.t > forecaster_.now())) {
    return;  // the forecaster keeps the first of repeated or late samples; so does the planner
  }
  forecaster_.observe(sample);
  // Bounded while no decision comes (the target unreadable for days): the oldest half goes, as the hold would
  // have let it go long before.
  constexpr std::size_t kMaxUnplanned = 8192;
  if (unplanned_.size() >= kMaxUnplanned) {
    unplanned_.erase(unplanned_.begin(), unplanned_.begin() + static_cast<std::ptrdiff_t>(kMaxUnplanned / 2));
  }
  unplanned_.push_back(sample);
}

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
  // Every sample since the last decision but the latest (which is current_demand) reaches the hold too.
  if (!unplanned_.empty()) {
    in.earlier = std::span<const Sample>(unplanned_).first(unplanned_.size() - 1);
  }
  d.plan = plan(in, config_.planner, state_);
  unplanned_.clear();
  return d;
}

}  // namespace cachepilot::autoscaler
