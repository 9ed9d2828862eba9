#include "demo/pods.hpp"

#include <cmath>

namespace cachepilot::demo {

int pods_for_demand(double demand_bytes_per_s, double bytes_per_pod) {
  if (!(demand_bytes_per_s > 0) || !(bytes_per_pod > 0)) {
    return 0;
  }
  return static_cast<int>(std::ceil(demand_bytes_per_s / bytes_per_pod));
}

int StableWindowPods::next(int need) {
  // A monotonic queue: a need at or below a newer one can never be the window's highest again.
  while (!highest_.empty() && highest_.back().second <= need) {
    highest_.pop_back();
  }
  highest_.emplace_back(second_, need);
  while (highest_.front().first <= second_ - window_s_) {
    highest_.pop_front();
  }
  ++second_;
  return highest_.front().second;
}

}  // namespace cachepilot::demo
