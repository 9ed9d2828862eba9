#include "autoscaler/lead_error.hpp"

#include <algorithm>
#include <cmath>

#include "autoscaler/ledger.hpp"

namespace cachepilot::autoscaler {

void LeadError::record(double now, double demand, double forecast_at_lead, double lead_s, double memory_s) {
  const double observed = std::max(demand, 0.0);
  bool faded = false;
  while (!due_.empty() && due_.front().t <= now) {
    if (!faded) {  // once per scoring time: forecasts due together are scored against the same demand
      const double keep = scored_at_ < 0 ? 0.0 : fade_over(now - scored_at_, memory_s);
      abs_error_ *= keep;
      demand_ *= keep;
      scored_at_ = now;
      faded = true;
    }
    abs_error_ += std::abs(due_.front().forecast - observed);
    demand_ += observed;
    due_.pop_front();
  }
  due_.push_back({now + std::max(lead_s, 0.0), forecast_at_lead});
}

std::optional<double> LeadError::error() const {
  if (demand_ <= 0) {
    return std::nullopt;
  }
  return abs_error_ / demand_;
}

}  // namespace cachepilot::autoscaler
