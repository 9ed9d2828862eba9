#include "autoscaler/steady.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "autoscaler/ledger.hpp"

namespace cachepilot::autoscaler {

void SteadyLevel::record(double now, double need_fraction, int max_level, double memory_s) {
  if (started_ && !(now > last_t_)) {
    return;  // time must move forward; a repeated or late decision changes nothing
  }
  const double dt = started_ ? now - last_t_ : 0.0;
  started_ = true;
  last_t_ = now;
  if (!(dt > 0)) {
    return;
  }
  const double need = std::max(need_fraction, 0.0);
  // Levels 0 … ceil(need), up to max_level: the last one leaves nothing of this interval unmet unless it is capped.
  const double top = std::min(std::ceil(need), static_cast<double>(std::max(max_level, 0)));
  const auto levels = static_cast<std::size_t>(top) + 1;
  if (unmet_.size() < levels) {
    // Every earlier interval needed no more than the highest level tracked: nothing above it went unmet.
    unmet_.resize(levels, 0.0);
  }
  const double fade = fade_over(dt, memory_s);
  for (std::size_t k = 0; k < unmet_.size(); ++k) {
    unmet_[k] = unmet_[k] * fade + std::max(need - static_cast<double>(k), 0.0) * dt;
  }
}

int SteadyLevel::fewest_within(double unmet) const {
  // Unmet demand falls as the level rises, so the first level within `unmet` is the fewest.
  for (std::size_t k = 0; k < unmet_.size(); ++k) {
    if (unmet_[k] <= unmet) {
      return static_cast<int>(k);
    }
  }
  return unmet_.empty() ? 0 : static_cast<int>(unmet_.size() - 1);
}

double SteadyLevel::unmet_at(int level) const {
  return level >= 0 && static_cast<std::size_t>(level) < unmet_.size() ? unmet_[static_cast<std::size_t>(level)] : 0.0;
}

}  // namespace cachepilot::autoscaler
