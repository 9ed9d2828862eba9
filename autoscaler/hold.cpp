#include "autoscaler/hold.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace cachepilot::autoscaler {

double rent_or_buy_hold(double unmet_price, double lead_s) {
  return unmet_price > 0 && lead_s > 0 ? unmet_price * lead_s : 0.0;
}

int RealizedNeedHold::decide(double now, int need, double hold_s, double persistence_s) {
  need = std::max(need, 0);
  // A sample spans the time since the one before it, so those taken after now − persistence_s cover that stretch.
  const int sustained = recent_.add(now, need, persistence_s);
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

int FractionalHold::decide(double now, double workers, double hold_s) {
  const double x = std::max(workers, 0.0);
  // The same hair of slack as workers_for: demand of exactly k workers' capacity needs k.
  const int need = static_cast<int>(std::ceil(x - 1e-9));
  if (static_cast<int>(kept_until_.size()) < need) {
    kept_until_.resize(static_cast<std::size_t>(need), now);
  }
  for (int k = 1; k <= need; ++k) {
    const double share = std::min(x - (k - 1), 1.0);
    double& until = kept_until_[static_cast<std::size_t>(k - 1)];
    until = std::max(until, now + share * std::max(hold_s, 0.0));
  }
  for (auto k = static_cast<int>(kept_until_.size()); k > need; --k) {
    if (kept_until_[static_cast<std::size_t>(k - 1)] > now) {
      return k;
    }
  }
  return need;
}

double TrailingMean::add(double t, double demand, double window_s) {
  // A sample spans the time since the one before it, and no more than the window.
  const double weight = parts_.empty() ? 0.0 : std::clamp(t - parts_.back().t, 0.0, std::max(window_s, 0.0));
  parts_.push_back({t, demand, weight});
  while (parts_.size() > 1 && parts_.front().t <= t - window_s) {
    parts_.pop_front();
  }
  // Summed afresh: a window holds a lead time of samples (60 at one a second), and running sums would carry the
  // rounding of every addition and removal for as long as the dataset lives.
  double weighted_sum = 0;
  double weights = 0;
  for (const Part& p : parts_) {
    weighted_sum += p.demand * p.weight;
    weights += p.weight;
  }
  return weights > 0 ? weighted_sum / weights : demand;
}

}  // namespace cachepilot::autoscaler
