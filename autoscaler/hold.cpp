#include "autoscaler/hold.hpp"

#include <algorithm>
#include <cstddef>

namespace cachepilot::autoscaler {

double rent_or_buy_hold(double unmet_price, double lead_s) {
  return unmet_price > 0 && lead_s > 0 ? unmet_price * lead_s : 0.0;
}

int RealizedNeedHold::decide(double now, int need, double hold_s) {
  need = std::max(need, 0);
  if (static_cast<int>(last_needed_.size()) < need) {
    last_needed_.resize(static_cast<std::size_t>(need), now);
  }
  std::fill_n(last_needed_.begin(), need, now);
  // A level needed at t was needed by every level below it too, so the highest level inside the hold decides.
  for (auto k = static_cast<int>(last_needed_.size()); k > need; --k) {
    if (now - last_needed_[static_cast<std::size_t>(k - 1)] < hold_s) {
      return k;
    }
  }
  return need;
}

}  // namespace cachepilot::autoscaler
