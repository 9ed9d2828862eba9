#include "autoscaler/planner.hpp"

#include <algorithm>
#include <cmath>

namespace cachepilot::autoscaler {

const char* to_string(PlanReason r) {
  switch (r) {
    case PlanReason::kHold:
      return "hold";
    case PlanReason::kScaleUp:
      return "scale-up";
    case PlanReason::kScaleDown:
      return "scale-down";
    case PlanReason::kRisingHold:
      return "rising-hold";
    case PlanReason::kStabilizing:
      return "stabilizing";
  }
  return "?";
}

int workers_for(double demand, double throughput, double utilization) {
  if (!(demand > 0) || !(throughput > 0) || !(utilization > 0)) {
    return 0;
  }
  // A hair of slack so that demand of exactly k workers' capacity needs k, not k + 1 from rounding noise.
  const double need = demand / (throughput * utilization);
  const double w = std::ceil(need - 1e-9);
  return w > 1e9 ? 1'000'000'000 : static_cast<int>(w);
}

int capacity_floor(double dataset_bytes, double worker_cache_bytes) {
  if (!(dataset_bytes > 0) || !(worker_cache_bytes > 0)) {
    return 0;
  }
  return static_cast<int>(std::ceil(dataset_bytes / worker_cache_bytes - 1e-9));
}

Plan plan(const PlanInput& in, const PlannerPolicy& policy, PlannerState& state) {
  Plan out;
  const int lo = std::max(policy.min_workers, 0);
  const int hi = std::max(policy.max_workers, lo);
  out.forecast_need = workers_for(in.forecast.upper, policy.worker_throughput, policy.target_utilization);
  out.reactive_need = workers_for(in.current_demand, policy.worker_throughput, policy.target_utilization);
  out.capacity_floor = capacity_floor(policy.dataset_bytes, policy.worker_cache_bytes);
  const double utilization_capacity = policy.worker_throughput * policy.target_utilization;
  const double need_fraction = utilization_capacity > 0 ? std::max(in.current_demand, 0.0) / utilization_capacity : 0.0;
  const HeldNeed held =
      state.hold.decide(in.now, need_fraction, std::min(out.reactive_need, hi), in.lead_time_s, policy.hold);
  out.held_need = std::max(held.workers, out.reactive_need);
  out.hold_s = held.hold_s;
  out.recommendation = std::clamp(std::max({out.forecast_need, out.held_need, out.capacity_floor}), lo, hi);

  // Stabilization memory (as the HPA's scale-down window): keep recommendations of the last window.
  state.recommendations.push_back({in.now, out.recommendation});
  while (!state.recommendations.empty() &&
         state.recommendations.front().t <= in.now - policy.scale_down_stabilization_s) {
    state.recommendations.pop_front();
  }

  const int current = in.current_workers;
  if (out.recommendation > current) {
    // Scale up at once; a bounded step only if configured (each step can only be late, never early).
    int target = out.recommendation;
    if (policy.max_scale_up_step > 0) {
      target = std::min(target, current + policy.max_scale_up_step);
    }
    out.desired = std::clamp(target, lo, hi);
    out.reason = PlanReason::kScaleUp;
    return out;
  }
  out.desired = std::clamp(current, lo, hi);
  if (out.recommendation == current) {
    return out;
  }
  // Fewer would do. Never while demand is rising: the workers we remove now could only come back a lead time later.
  if (in.forecast.rising) {
    out.reason = PlanReason::kRisingHold;
    return out;
  }
  // Scale down only to the highest recommendation of the window: every recommendation in it must agree.
  int stabilized = out.recommendation;  // the window includes this decision, even when it is zero seconds long
  for (const auto& r : state.recommendations) {
    stabilized = std::max(stabilized, r.workers);
  }
  if (stabilized >= current) {
    out.reason = PlanReason::kStabilizing;
    return out;
  }
  // Tolerance band against flapping: ignore a reduction of at most `tolerance` of the workers.
  if (static_cast<double>(current - stabilized) <= policy.tolerance * static_cast<double>(current)) {
    return out;
  }
  // Bounded step: remove at most max_scale_down_fraction of the workers (at least one) per decision.
  const int max_remove =
      std::max(1, static_cast<int>(std::floor(policy.max_scale_down_fraction * static_cast<double>(current))));
  out.desired = std::clamp(std::max(stabilized, current - max_remove), lo, hi);
  out.reason = out.desired < current ? PlanReason::kScaleDown : PlanReason::kHold;
  return out;
}

}  // namespace cachepilot::autoscaler
