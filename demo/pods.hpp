#pragma once
// How many reading pods the demo keeps for a series trace (one that gives demand only, no pod counts): the pods a
// Knative-served function would run for that demand, so that their sidecars' counters live long enough for
// Prometheus' rate() to count them.
#include "autoscaler/hold.hpp"

namespace cachepilot::demo {

// Pods needed for demand at bytes_per_pod each (at least one per started share; 0 for no demand).
[[nodiscard]] int pods_for_demand(double demand_bytes_per_s, double bytes_per_pod);

// The pod count over time: up the second demand needs more pods, down only to the highest need of the last
// window_s seconds. Knative's autoscaler sizes a revision on its 60 s stable window, so a pod outlives a dip in
// demand by up to a minute. Without it the demo followed each second's need: under 5% noise on 4 GiB/s (16 or 17
// pods) a pod came and went every other second, 1,624 pods in an hour, each living about 30 s, and a series seen at
// one or two 15 s scrapes counts little or nothing in rate(…[1m]); the live loop read the demand short.
class StableWindowPods {
 public:
  explicit StableWindowPods(int window_s) : window_s_(window_s < 1 ? 1 : window_s) {}

  // The pod count for the next second, whose need is `need`. Called once per trace second.
  [[nodiscard]] int next(int need);

 private:
  int window_s_;
  int second_ = 0;
  autoscaler::TrailingMax needs_;  // the planner's stabilization window, over seconds of need
};

}  // namespace cachepilot::demo
