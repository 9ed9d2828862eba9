#pragma once
// The onset clock: when the next burst is due, learned from when the last ones began.
//
// Bursts that return after gaps longer than the holds are missed for a lead time each by every reactive strategy: the
// hold's workers are gone when the burst comes back, and the forecasters smooth a train jittered by ±25% into a low
// mean. What such a train keeps is its rhythm: the gaps between its onsets lie within a range. The clock records each
// onset — a need at least twice the highest of the lead time before it, and at least two workers more: a rise that no
// hold had ready (Knative's panic mode takes twice the capacity for a burst, too) — and, once it has seen a few gaps,
// asks for the recent bursts' height from one lead time before the shortest recent gap has passed since the last
// onset, until the next onset comes. Where the gaps are irregular, the window opens soon after each burst and costs as
// a long hold does: the planner follows the clock only while its ledger shows it cost less than both the hold in force
// and the short hold it runs on, that is, while its windows earned more than they cost (planner.hpp).
//
// Values in, values out: no clock of the wall; the caller's decision times drive it.
#include <cstddef>
#include <deque>

namespace cachepilot::autoscaler {

struct OnsetClockParams {
  double rise_share = 1.0;    // an onset needs at least (1 + rise_share) × the lead time's highest need …
  int min_rise = 2;           // … and this many workers more
  std::size_t gaps_kept = 8;  // the recent gaps between onsets the window is drawn from
  std::size_t min_gaps = 3;   // gaps seen before the clock asks for anything
  double early_samples = 2;   // the window opens this many sample intervals early: an onset is seen a sample late
};

class OnsetClock {
 public:
  // One sample at `now` (increasing) that needs `need` workers, for workers that serve `lead_s` after they are asked
  // for. Returns what the clock asks for: the highest of the recent bursts' needs while the next onset is due, and 0
  // while a burst is under way, outside the window, or before the clock is armed.
  [[nodiscard]] int decide(double now, int need, double lead_s, const OnsetClockParams& params);
  // Enough onsets seen to draw a window from (OnsetClockParams::min_gaps).
  [[nodiscard]] bool armed(const OnsetClockParams& params) const;

 private:
  struct Need {
    double t;
    int need;
  };
  std::deque<Need> recent_;      // the samples of the last lead time, oldest first
  bool in_burst_ = false;        // from an onset until a lead time passes without a rise
  double last_rise_ = 0;         // the last sample that rose above the lead time before it
  double onset_ = -1;            // the last onset (< 0: none yet)
  int burst_need_ = 0;           // the highest need of the burst under way
  std::deque<double> gaps_;      // between consecutive onsets, oldest first
  std::deque<int> burst_needs_;  // the highest need of each recent burst, oldest first
};

}  // namespace cachepilot::autoscaler
