#include "autoscaler/hold.hpp"

#include <algorithm>
#include <cstddef>

namespace cachepilot::autoscaler {

double rent_or_buy_hold(double unmet_price, double lead_s) {
  return unmet_price > 0 && lead_s > 0 ? unmet_price * lead_s : 0.0;
}

int RealizedNeedHold::decide(double now, int need, double hold_s, double persistence_s) {
  need = std::max(need, 0);
  // A sample spans the time since the one before it, so those taken after now − persistence_s cover that stretch.
  recent_.push_back({now, need});
  while (recent_.size() > 1 && recent_.front().t <= now - persistence_s) {
    recent_.pop_front();
  }
  int sustained = need;
  for (const Need& r : recent_) {
    sustained = std::min(sustained, r.need);
  }
  if (static_cast<int>(last_needed_.size()) < sustained) {
    last_needed_.resize(static_cast<std::size_t>(sustained), now);
  }
  std::fill_n(last_needed_.begin(), sustained, now);
  // A level needed at t was needed by every level below it too, so the highest level inside the hold decides.
  for (auto k = static_cast<int>(last_needed_.size()); k > need; --k) {
    if (now - last_needed_[static_cast<std::size_t>(k - 1)] < hold_s) {
      return k;
    }
  }
  return need;
}

}  // namespace cachepilot::autoscaler
