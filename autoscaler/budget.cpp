#include "autoscaler/budget.hpp"

#include <algorithm>

#include "autoscaler/ledger.hpp"

namespace cachepilot::autoscaler {

void SpendBudget::record(double now, int paid, int floor, double memory_s) {
  if (started_ && !(now > last_t_)) {
    return;  // time must move forward; a repeated or late decision changes nothing
  }
  if (started_) {
    const double dt = now - last_t_;
    const double fade = fade_over(dt, memory_s);
    spent_ = spent_ * fade + static_cast<double>(paid_) * dt;
    floor_ = floor_ * fade + static_cast<double>(floor_workers_) * dt;
  }
  started_ = true;
  last_t_ = now;
  paid_ = std::max(paid, 0);
  floor_workers_ = std::max(floor, 0);
}

}  // namespace cachepilot::autoscaler
