#pragma once
// What a provisioning strategy would have cost had it run alone: its workers' worker-seconds plus the demand its
// ready workers would have left unmet, priced in worker-seconds. The planner runs two strategies side by side (a
// forecast-led one and a purely reactive rent-or-buy hold) and follows whichever has cost less lately: forecast
// margins are paid for only where they have earned more than they cost.
//
// The counterfactual uses the simulator's worker model: a worker asked for at s serves from s + lead, and workers
// the strategy stops asking for go at once, newest first. So the workers ready at τ are the fewest the strategy
// asked for at any time in [τ − lead, τ].
#include <deque>

#include "autoscaler/hold.hpp"

namespace cachepilot::autoscaler {

// What a sum of past charges keeps after `dt` seconds, fading with the time constant `memory_s`: exp(−dt / memory_s),
// and 0 without a memory. The ledgers and the spend budget fade alike.
[[nodiscard]] double fade_over(double dt, double memory_s);

// What a ledger charges by.
struct LedgerTerms {
  double lead_s = 0;       // a worker asked for serves one lead time later
  double unmet_price = 0;  // worker-seconds one worker-second of unmet demand is worth
  double memory_s = 0;     // past charges fade with this time constant (0: only the last interval counts)
  // The planner lets workers go only once every decision of this window asked for fewer (PlannerPolicy::
  // scale_down_confirm_s): confirmed_worker_seconds() is what the strategy paid with its reductions so delayed.
  double confirm_s = 0;
};

class StrategyLedger {
 public:
  // Charges the interval from the previous decision to `now` (later than it; otherwise nothing happens), over which
  // demand filled `need_fraction` workers, then records what the strategy asks for from now on. Readiness is taken
  // at the interval's start: decision intervals are short.
  void record(double now, double need_fraction, int workers, const LedgerTerms& terms);

  [[nodiscard]] double cost() const { return cost_; }    // faded worker-seconds, unmet demand priced in
  [[nodiscard]] double unmet() const { return unmet_; }  // faded worker-seconds of unmet demand
  [[nodiscard]] double worker_seconds() const { return worker_seconds_; }  // faded, unmet demand not priced in
  // Faded worker-seconds had each reduction waited LedgerTerms::confirm_s, as the planner makes it wait: what the
  // spend budget pays for following this strategy. The unmet demand is not recounted: the delayed workers are
  // let go after the asks that decided them, so they can only have served more.
  [[nodiscard]] double confirmed_worker_seconds() const { return confirmed_worker_seconds_; }
  // Workers ready at t (no earlier than one lead time before the last decision): the fewest asked for in [t − lead, t].
  [[nodiscard]] int workers_ready_at(double t, double lead_s) const;

 private:
  struct Asked {
    double t = 0;
    int workers = 0;
  };
  std::deque<Asked> asked_;  // the strategy's asks, oldest first, back to one lead time before the last decision
  TrailingMax recent_;       // its asks over the confirmation window
  int confirmed_ = 0;        // the highest of them at the last decision: what it pays for until the next
  double cost_ = 0;
  double unmet_ = 0;
  double worker_seconds_ = 0;
  double confirmed_worker_seconds_ = 0;
};

}  // namespace cachepilot::autoscaler
