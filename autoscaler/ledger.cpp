#include "autoscaler/ledger.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace cachepilot::autoscaler {

double fade_over(double dt, double memory_s) { return memory_s > 0 ? std::exp(-dt / memory_s) : 0.0; }

int StrategyLedger::workers_ready_at(double t, double lead_s) const {
  // Every ask in force at some time in [t − lead, t]: the last one made at or before t − lead, and all after it.
  int ready = -1;
  for (std::size_t i = asked_.size(); i-- > 0;) {
    const Asked& ask = asked_[i];
    if (ask.t > t) {
      continue;
    }
    ready = ready < 0 ? ask.workers : std::min(ready, ask.workers);
    if (ask.t <= t - lead_s) {
      break;
    }
  }
  return std::max(ready, 0);
}

void StrategyLedger::record(double now, double need_fraction, int workers, const LedgerTerms& terms) {
  if (!asked_.empty() && !(now > asked_.back().t)) {
    return;  // time must move forward; a repeated or late decision changes nothing
  }
  if (!asked_.empty()) {
    const double previous = asked_.back().t;
    const double dt = now - previous;
    // Over (previous, now] the strategy had what it asked for at `previous`, of which those asked for a lead time
    // before were ready.
    const auto existing = static_cast<double>(asked_.back().workers);
    const auto ready = static_cast<double>(workers_ready_at(previous, terms.lead_s));
    const double unmet = std::max(need_fraction - ready, 0.0) * dt;
    const double fade = fade_over(dt, terms.memory_s);
    cost_ = cost_ * fade + existing * dt + terms.unmet_price * unmet;
    unmet_ = unmet_ * fade + unmet;
    worker_seconds_ = worker_seconds_ * fade + existing * dt;
    confirmed_worker_seconds_ = confirmed_worker_seconds_ * fade + static_cast<double>(confirmed_) * dt;
  }
  asked_.push_back({now, workers});
  // Keep the last ask made at or before now − lead: it is in force at the start of the next readiness window.
  while (asked_.size() > 1 && asked_[1].t <= now - terms.lead_s) {
    asked_.pop_front();
  }
  confirmed_ = recent_.add(now, workers, terms.confirm_s);
}

}  // namespace cachepilot::autoscaler
