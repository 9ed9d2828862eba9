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
  return needs_.add(static_cast<double>(second_++), need, static_cast<double>(window_s_));
}

}  // namespace cachepilot::demo
