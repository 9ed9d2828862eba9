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
// Values in, values out: no clock; the caller's decision times drive it.
#include <vector>

namespace cachepilot::autoscaler {

// unmet_price × lead_s (0 when either is not positive).
[[nodiscard]] double rent_or_buy_hold(double unmet_price, double lead_s);

class RealizedNeedHold {
 public:
  // One decision at `now` (increasing) that needs `need` workers: the highest need of the decisions within the
  // last `hold_s` seconds, this one included.
  [[nodiscard]] int decide(double now, int need, double hold_s);

 private:
  std::vector<double> last_needed_;  // per level (index k − 1): the last decision that needed it
};

}  // namespace cachepilot::autoscaler
