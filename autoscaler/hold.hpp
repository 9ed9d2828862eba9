#pragma once
// The rent-or-buy hold: how long the reactive strategy keeps workers that demand needed a moment ago.
//
// Releasing an idle worker is a rent-or-buy bet. Keeping it costs one worker-second per second. Releasing it costs
// a miss if demand comes back, because a worker asked for on the return serves only a lead time later: up to
// unmet_price × lead worker-seconds, when a worker-second of unmet demand is worth unmet_price worker-seconds.
// Keeping a level exactly as long as its miss would cost is the classic ski-rental rule: whatever demand does, it
// never pays more than twice what the best choice in hindsight would have paid for that level. Demand that comes
// back on a schedule is the forecast's business, not the hold's: the planner runs both and follows the one that has
// cost less (see ledger.hpp).
//
// A level enters the hold only once demand has needed it for a moment (persistence_s): a one-second blip of noise
// would otherwise be kept for the whole hold, and at one sample per second the hold would keep every jitter peak.
//
// Values in, values out: no clock; the caller's decision times drive it.
#include <deque>
#include <functional>
#include <vector>

namespace cachepilot::autoscaler {

// unmet_price × lead_s (0 when either is not positive).
[[nodiscard]] double rent_or_buy_hold(double unmet_price, double lead_s);

// The most extreme of the values recorded over a trailing window, by `Prefer`: the highest (TrailingMax: what a
// scale-down waits on, in the planner's stabilization and confirmation windows and each strategy ledger's view of the
// confirmation) or the lowest (TrailingMin: the level a hold's samples sustained).
template <typename Prefer>
class TrailingExtreme {
 public:
  // Records `value` at `t` (increasing) and returns the most extreme value recorded in (t − window_s, t]: `value`
  // itself when the window is zero seconds long. An entry that a newer one matches or beats can never be the answer
  // again and is dropped, so the oldest entry kept is the answer: constant time amortised, however many decisions the
  // window holds (PlannerPolicy::tolerance_patience_s holds 300 of a 1 s loop).
  [[nodiscard]] int add(double t, int value, double window_s) {
    while (!entries_.empty() && !Prefer{}(entries_.back().value, value)) {
      entries_.pop_back();
    }
    entries_.push_back({t, value});
    while (entries_.size() > 1 && entries_.front().t <= t - window_s) {
      entries_.pop_front();
    }
    return entries_.front().value;
  }

 private:
  struct Entry {
    double t;
    int value;
  };
  std::deque<Entry> entries_;  // oldest first, each more extreme than every newer one; the newest always kept
};

using TrailingMax = TrailingExtreme<std::greater<>>;
using TrailingMin = TrailingExtreme<std::less<>>;

class RealizedNeedHold {
 public:
  // One decision at `now` (increasing) that needs `need` workers: the highest need within the last `hold_s`
  // seconds, and at least `need`. A sample stands for the time since the one before it; a level counts as needed
  // at `now` when every sample covering the last `persistence_s` seconds needed it (with one sample per
  // persistence_s or fewer, each sample's own need counts).
  [[nodiscard]] int decide(double now, int need, double hold_s, double persistence_s = 0);

 private:
  TrailingMin recent_;               // the samples covering the last persistence_s seconds
  std::vector<double> last_needed_;  // per level (index k − 1): the last decision that needed it
};

// The rent-or-buy hold priced by the share of each worker demand needed. Releasing the k-th worker risks, when demand
// comes back, a miss of only the share of that worker demand needs above k − 1 workers: a peak that needs 0.1% of a
// worker risks 0.1% of the miss a whole worker does. So level k is kept for hold_s × that share (at most hold_s):
// the same ski-rental rule, level by level, with the miss each level risks.
class FractionalHold {
 public:
  // One decision at `now` (increasing) where demand needs `workers` (in workers, fractional; negative counts as 0):
  // the highest level still kept, and at least ⌈workers⌉ (what workers_for asks for the same demand). Each level
  // keeps the deadline set when it was needed, so a new hold_s applies to levels needed from then on.
  [[nodiscard]] int decide(double now, double workers, double hold_s);

 private:
  std::vector<double> kept_until_;  // per level (index k − 1): the time until which it is kept
};

// Demand's mean over a trailing window, each sample weighted by the time it stands for (since the sample before it;
// the first sample stands alone until the next). What the HPA and the KPA scale on, from Prometheus's rate over a
// minute; the mean hold (planner.hpp) keeps the need of this mean rather than of the peaks within it.
class TrailingMean {
 public:
  // Adds the sample at `t` (increasing) and returns the mean of the samples in (t − window_s, t]; the newest sample
  // alone when the window holds no other. A sample in the window counts whole, even where the time it stands for
  // began before the window: at one sample a second or a scrape interval, a lead time's window is many samples long.
  [[nodiscard]] double add(double t, double demand, double window_s);

 private:
  struct Part {
    double t;
    double demand;
    double weight;  // seconds the sample stands for
  };
  std::deque<Part> parts_;  // oldest first
};

}  // namespace cachepilot::autoscaler
