#pragma once
// The steady level: the fewest workers that, kept constant over the recent past, would have left no more demand
// unmet than a given amount.
//
// Where bursts come at random, with random heights, and the gaps between them are shorter than a hold, a hold
// keeps the highest of the last few bursts and lets it go between them: the next, higher burst arrives while its
// workers are a lead time away, and the level it then keeps is paid for until it ages out. One constant level that
// covers as much of the demand misses the same and pays less (a 4 h random-burst trace: the rent-or-buy hold left
// 4.1% of demand unmet at 1.62× the clairvoyant floor; the steady level that missed no more, 1.7% at 1.49×). The
// planner runs it as one more strategy with its own ledger (ledger.hpp), in force only while that ledger shows it
// missed no more than the hold in force for less (planner.hpp).
//
// Values in, values out: no clock; the caller's decision times drive it.
#include <vector>

namespace cachepilot::autoscaler {

class SteadyLevel {
 public:
  // Charges the interval since the previous call (none on the first call, or when `now` is not later), over which
  // demand filled `need_fraction` workers, to every level up to `max_level`; past charges fade with the time
  // constant `memory_s` (fade_over).
  void record(double now, double need_fraction, int max_level, double memory_s);

  // The fewest workers (up to max_level) whose faded unmet demand, in worker-seconds, is at most `unmet`.
  [[nodiscard]] int fewest_within(double unmet) const;
  // Faded worker-seconds of demand above `level` workers (0 beyond the levels tracked).
  [[nodiscard]] double unmet_at(int level) const;

 private:
  double last_t_ = 0;
  bool started_ = false;
  // Index k: faded worker-seconds of demand above k workers. Its last level left nothing unmet, or is max_level.
  std::vector<double> unmet_;
};

}  // namespace cachepilot::autoscaler
