#include "autoscaler/autoscaler.hpp"

#include <algorithm>
#include <limits>

namespace cachepilot::autoscaler {

bool Autoscaler::observe(const Sample& given) {
  Sample sample = given;
  // Pods that serve run long after they read: counted as active, they would spread demand over every running pod,
  // and the forecaster's rate per pod (demand / active) would be a fraction of what a starting pod reads. Where no
  // pod shows its read but demand does (ReadFit), or one is configured, the active pods are those still within that
  // read of their start.
  if (pods_ && sample.active_pods >= 0 && !pod_timings_.read_s()) {
    if (const auto read = pod_read_in_use(); read && std::isfinite(*read)) {
      // Averaged as the sample is, over the time since the one before.
      sample.active_pods = pods_reading(
          pods_->reading_s, *read,
          std::isfinite(latest_t_) && sample.t > latest_t_ ? sample.t - latest_t_ : config_.decision_interval_s);
    }
  }
  if (!forecaster_.observe(sample)) {
    return false;  // the forecaster keeps the first of repeated or late samples; so does the planner
  }
  previous_t_ = latest_t_;
  latest_t_ = sample.t;
  // Only what the hold could still keep matters: older samples go (so the list stays short however long no
  // decision comes, e.g. while the target is unreadable).
  const double hold = rent_or_buy_hold(config_.planner.unmet_price, config_.lead_time_s);
  const auto kept =
      std::find_if(unplanned_.begin(), unplanned_.end(), [&](const Sample& s) { return s.t > sample.t - hold; });
  unplanned_.erase(unplanned_.begin(), kept);
  unplanned_.push_back(sample);
  return true;
}

std::optional<ReadFromDemand> Autoscaler::demand_read_in_use() const {
  if (pod_timings_.read_s()) {
    return std::nullopt;  // the pods' own read comes first
  }
  return read_fit_.fit();
}

std::optional<double> Autoscaler::pod_read_shown() const {
  if (const auto seen = pod_timings_.read_s()) {
    return seen;
  }
  if (const auto shown = demand_read_in_use()) {
    return shown->read_s > 0 ? shown->read_s : std::numeric_limits<double>::infinity();
  }
  return std::nullopt;
}

std::optional<double> Autoscaler::demand_lag_shown() const {
  if (const auto shown = demand_read_in_use()) {
    return shown->delay_s;
  }
  return std::nullopt;
}

std::optional<double> Autoscaler::pod_read_in_use() const {
  if (const auto shown = pod_read_shown()) {
    return shown;
  }
  if (read_prior_s_ > 0) {
    return read_prior_s_;
  }
  return std::nullopt;
}

Decision Autoscaler::decide(int current_workers) {
  Decision d;
  // Workers removed now are gone at once, and workers asked for now serve only after the lead time, so the
  // window that matters is [now, now + lead + one decision interval].
  d.forecast = forecaster_.forecast(config_.lead_time_s + config_.decision_interval_s, config_.lead_time_s);
  PlanInput in;
  in.now = forecaster_.now();
  in.current_demand = forecaster_.sample_count() > 0 ? forecaster_.last_demand() : 0.0;
  in.current_workers = current_workers;
  in.lead_time_s = config_.lead_time_s;
  in.forecast = d.forecast;
  // Every sample since the last decision but the latest (which is current_demand) reaches the hold too.
  if (!unplanned_.empty()) {
    in.earlier = std::span<const Sample>(unplanned_).first(unplanned_.size() - 1);
  }
  // The pods already on their way, once pods have shown both how long they wait and how long they read: the most
  // reading at once while a worker asked for now could first serve (the window the forecast covers beyond the lead).
  // Pods that serve and are deleted rather than finish show no read: then the read is the one demand shows
  // (ReadFit), at the rate a pod reads while it reads. Without either, every pod waiting or reading would count as
  // reading on: the plain count that over-asks where pods come steadily (docs/simulate.md).
  // A sample is demand's mean since the one before it (a rate over the loop's interval): so are the pods' counts. The
  // first sample's is taken to be one decision interval.
  if (pods_) {
    read_fit_.observe(in.now, in.current_demand, pods_->reading_s,
                      std::isfinite(previous_t_) ? latest_t_ - previous_t_ : config_.decision_interval_s);
  }
  // The counts whose window has passed, against the demand that came (PodsDueRealized).
  pods_due_realized_.observe(in.now, in.current_demand);
  const auto notice = pod_timings_.notice_s();
  const auto read = pod_timings_.read_s();
  if (pods_ && notice) {
    const double from = config_.lead_time_s;
    const double to = config_.lead_time_s + config_.decision_interval_s;
    if (read) {
      in.pods_due_demand =
          static_cast<double>(most_pods_reading(*pods_, *notice, *read, from, to)) * forecaster_.per_pod_rate();
    } else if (const auto shown = demand_read_in_use()) {
      in.pods_due_demand =
          static_cast<double>(most_pods_reading(*pods_, *notice, shown->read_s, from, to)) * shown->bytes_per_s;
    } else if (read_prior_s_ > 0) {
      // The read configured, at the rate per pod (learned from the pods within it, else configured).
      in.pods_due_demand =
          static_cast<double>(most_pods_reading(*pods_, *notice, read_prior_s_, from, to)) * forecaster_.per_pod_rate();
    }
  }
  if (in.pods_due_demand > 0) {
    pods_due_realized_.counted(in.now + config_.lead_time_s + config_.decision_interval_s, in.pods_due_demand);
    in.pods_due_demand *= pods_due_realized_.scale();
  }
  pods_.reset();
  d.plan = plan(in, config_.planner, state_);
  unplanned_.clear();
  return d;
}

}  // namespace cachepilot::autoscaler
