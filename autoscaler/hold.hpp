#pragma once
// The realized-need hold: how long the planner keeps workers that demand needed a moment ago.
//
// Releasing an idle worker is a rent-or-buy bet. Keeping it through a gap in demand costs the gap's length in
// worker-seconds; releasing it costs a miss if demand comes back, because a worker asked for on the return serves
// only a lead time later. RealizedNeedHold records every worker level's idle gaps (level k is the k-th worker):
// from the last decision that needed the level to the next one that did, with the demand the level then saw during
// one lead time, which is what releasing it would have left unmet. The hold in force is the one that would have
// cost least over the recent gaps when a worker-second of unmet demand is priced at `unmet_price` worker-seconds
// (break_even_hold). Until gaps are known, `prior_gaps` pseudo-gaps of exactly unmet_price × lead time, each a
// full miss, stand in for them: the deterministic rent-or-buy rule (hold as long as a miss would cost), which the
// measured gaps outweigh as they accumulate. A gap shorter than the hold is bridged; gaps that always outlast it
// (demand that comes back on a schedule a forecaster can see, or not for a long time) teach the hold to let go.
//
// Values in, values out: no clock; the caller's decision times drive it, so the simulator and the live loop learn
// the same hold from the same demand.
#include <cstddef>
#include <deque>
#include <span>
#include <vector>

namespace cachepilot::autoscaler {

struct IdleGap {
  double length = 0;  // seconds from a level's last use to its next
  double miss = 0;    // worker-seconds of demand the level saw during the lead time after its return
};

// The hold H minimising Σ_{length ≤ H} length + Σ_{length > H} (H + unmet_price × miss) over the gaps: a gap the
// hold bridges costs its length, a longer one costs the hold and then the miss. The minimum lies at 0 or at one of
// the gap lengths (between them the cost only rises), so those are the candidates; ties go to the shorter hold.
[[nodiscard]] double break_even_hold(std::span<const IdleGap> gaps, double unmet_price);

struct HoldPolicy {
  double unmet_price = 6;         // worker-seconds one worker-second of unmet demand is worth; 0 turns the hold off
  std::size_t prior_gaps = 8;     // weight of the rent-or-buy prior against the measured gaps
  std::size_t gap_samples = 256;  // the most recent gaps the hold is learned from
};

struct HeldNeed {
  int workers = 0;    // the highest level still inside the hold (never below the need passed in)
  double hold_s = 0;  // the hold in force
};

class RealizedNeedHold {
 public:
  // One decision at `now` (increasing): demand needs `need_fraction` workers, `need` = that rounded up (and
  // bounded by the caller); a worker asked for now serves from now + lead_s.
  [[nodiscard]] HeldNeed decide(double now, double need_fraction, int need, double lead_s, const HoldPolicy& policy);

  [[nodiscard]] std::size_t gap_count() const { return gaps_.size(); }
  [[nodiscard]] double learned_hold_s() const { return hold_s_; }  // < 0 until a gap has been measured

 private:
  void measure_returns(double now, double need_fraction, double dt, const HoldPolicy& policy, double lead_s);
  void track_levels(double now, int need, double lead_s);

  struct PendingGap {
    int level = 0;     // 1-based
    double until = 0;  // the lead time after the return ends here
    IdleGap gap;
  };
  std::vector<double> last_needed_;  // per level (index k - 1): the last decision that needed it, while it is idle
  std::deque<PendingGap> pending_;   // returned levels whose miss is still being measured, by `until`
  std::deque<IdleGap> gaps_;         // measured gaps, most recent last
  double hold_s_ = -1;
  int previous_need_ = 0;
  double previous_t_ = 0;
  bool started_ = false;
};

}  // namespace cachepilot::autoscaler
