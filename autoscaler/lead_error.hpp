#pragma once
// How far the forecast's point at the lead time has missed demand lately. Each decision files its point forecast for
// now + lead; when that time comes it is scored against the demand observed then. The absolute misses and the demand
// are summed with fading memory, and the error is their ratio: a weighted absolute percentage error, which, unlike a
// mean of percentages, stays defined and bounded where demand is near zero.
#include <deque>
#include <optional>

namespace cachepilot::autoscaler {

class LeadError {
 public:
  // Scores the forecasts due by `now` (filed at least lead_s earlier) against `demand`, fading what was summed before
  // by exp(−Δt / memory_s) since the last scoring, then files `forecast_at_lead` as due at now + lead_s.
  void record(double now, double demand, double forecast_at_lead, double lead_s, double memory_s);

  // Σ |forecast − demand| / Σ demand over the scored forecasts, faded; nothing before any demand was scored.
  [[nodiscard]] std::optional<double> error() const;

 private:
  struct Due {
    double t = 0;
    double forecast = 0;
  };
  std::deque<Due> due_;  // filed forecasts not yet scored, oldest first
  double abs_error_ = 0;
  double demand_ = 0;
  double scored_at_ = -1;  // when the sums were last updated (< 0: never)
};

}  // namespace cachepilot::autoscaler
