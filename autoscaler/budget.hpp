#pragma once
// The spend budget: what the workers actually paid for cost, against the clairvoyant floor — what a planner that
// knew demand one lead time ahead would have paid for the same demand (at each moment, the highest need of the
// lead time after it; seen from now, the highest need of the last lead time). Both fade with the same memory, so
// the ratio is the recent spend as a multiple of the least any planner paying the same lead time could have spent.
//
// Values in, values out: no clock; the caller's decision times drive it.

namespace cachepilot::autoscaler {

class SpendBudget {
 public:
  // Charges the interval since the previous call (none on the first call, or when `now` is not later) at the
  // workers paid for and the floor given then, and keeps `paid` and `floor` for the next interval.
  void record(double now, int paid, int floor, double memory_s);

  [[nodiscard]] double spent() const { return spent_; }  // faded worker-seconds paid for
  [[nodiscard]] double floor() const { return floor_; }  // faded clairvoyant worker-seconds
  // spent / floor; 0 while nothing was charged or the floor is zero.
  [[nodiscard]] double ratio() const { return floor_ > 0 ? spent_ / floor_ : 0.0; }

 private:
  double last_t_ = 0;
  bool started_ = false;
  int paid_ = 0;
  int floor_workers_ = 0;
  double spent_ = 0;
  double floor_ = 0;
};

}  // namespace cachepilot::autoscaler
