#include "autoscaler/hold.hpp"

#include <algorithm>

namespace cachepilot::autoscaler {

double break_even_hold(std::span<const IdleGap> gaps, double unmet_price) {
  std::vector<IdleGap> sorted(gaps.begin(), gaps.end());
  std::sort(sorted.begin(), sorted.end(), [](const IdleGap& a, const IdleGap& b) { return a.length < b.length; });
  // miss_after[i]: what releasing costs over gaps i.. (each one missed).
  std::vector<double> miss_after(sorted.size() + 1, 0.0);
  for (std::size_t i = sorted.size(); i-- > 0;) {
    miss_after[i] = miss_after[i + 1] + unmet_price * sorted[i].miss;
  }
  double best_hold = 0;
  double best_cost = miss_after[0];  // H = 0: every gap is a miss
  double bridged = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    // H = sorted[i].length: gaps 0..i are bridged (their lengths); each longer one is held for H, then missed.
    bridged += sorted[i].length;
    const auto longer = static_cast<double>(sorted.size() - i - 1);
    const double cost = bridged + longer * sorted[i].length + miss_after[i + 1];
    if (cost < best_cost) {
      best_cost = cost;
      best_hold = sorted[i].length;
    }
  }
  return best_hold;
}

void RealizedNeedHold::measure_returns(double now, double need_fraction, double dt, const HoldPolicy& policy,
                                       double lead_s) {
  // The demand each returned level sees during its lead time: the share of the level that the demand fills.
  for (auto& p : pending_) {
    p.gap.miss += std::clamp(need_fraction - static_cast<double>(p.level - 1), 0.0, 1.0) * dt;
  }
  bool learned = false;
  while (!pending_.empty() && pending_.front().until <= now) {
    gaps_.push_back(pending_.front().gap);
    pending_.pop_front();
    learned = true;
  }
  while (gaps_.size() > policy.gap_samples) {
    gaps_.pop_front();
  }
  if (learned) {
    std::vector<IdleGap> sample(gaps_.begin(), gaps_.end());
    sample.insert(sample.end(), policy.prior_gaps, IdleGap{policy.unmet_price * lead_s, lead_s});
    hold_s_ = break_even_hold(sample, policy.unmet_price);
  }
}

void RealizedNeedHold::track_levels(double now, int need, double lead_s) {
  if (static_cast<int>(last_needed_.size()) < need) {
    last_needed_.resize(static_cast<std::size_t>(need), -1.0);
  }
  if (need < previous_need_) {
    // Levels need+1..previous were last needed at the previous decision.
    for (int k = need; k < previous_need_; ++k) {
      last_needed_[static_cast<std::size_t>(k)] = previous_t_;
    }
  } else {
    // Levels previous+1..need are back: their gaps close, and their misses are measured over the next lead time.
    for (int k = previous_need_; k < need; ++k) {
      double& at = last_needed_[static_cast<std::size_t>(k)];
      if (at >= 0) {
        pending_.push_back({k + 1, now + lead_s, IdleGap{now - at, 0.0}});
        at = -1;
      }
    }
  }
  previous_need_ = need;
  previous_t_ = now;
}

HeldNeed RealizedNeedHold::decide(double now, double need_fraction, int need, double lead_s, const HoldPolicy& policy) {
  HeldNeed out{std::max(need, 0), 0.0};
  lead_s = std::max(lead_s, 0.0);
  const double prior_hold = policy.unmet_price * lead_s;
  if (!(prior_hold > 0)) {
    return out;
  }
  const double dt = started_ ? std::max(now - previous_t_, 0.0) : 0.0;
  started_ = true;
  measure_returns(now, need_fraction, dt, policy, lead_s);
  track_levels(now, out.workers, lead_s);

  const double hold = hold_s_ >= 0 ? hold_s_ : prior_hold;
  // A level needed at t was needed by every level below it too, so the highest level inside the hold decides.
  for (auto k = static_cast<int>(last_needed_.size()); k > out.workers; --k) {
    const double at = last_needed_[static_cast<std::size_t>(k - 1)];
    if (at >= 0 && now - at < hold) {
      out.workers = k;
      break;
    }
  }
  out.hold_s = hold;
  return out;
}

}  // namespace cachepilot::autoscaler
