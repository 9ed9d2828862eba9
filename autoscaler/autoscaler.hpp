#pragma once
// One dataset's predictive autoscaler: the forecaster and the planner with their state, driven by samples and
// the caller's notion of time. The simulator and the live loop (which adds signals and actuation around it) use
// this same class; it does no I/O.
#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "autoscaler/forecast.hpp"
#include "autoscaler/planner.hpp"
#include "autoscaler/pods.hpp"

namespace cachepilot::autoscaler {

struct AutoscalerConfig {
  ForecasterParams forecaster;
  PlannerPolicy planner;
  double lead_time_s = 60;         // a worker asked for now serves from now + lead_time_s
  double decision_interval_s = 2;  // time between decisions: the forecast must cover it too
};

struct Decision {
  Plan plan;
  Forecast forecast;
};

class Autoscaler {
 public:
  explicit Autoscaler(AutoscalerConfig config) : config_(config), forecaster_(config.forecaster) {}

  // False when the sample is dropped: its time does not follow the latest sample's (the forecaster's rule). The pods
  // of the same moment, when known, are given first (set_pods): where pods serve, they say which active pods read.
  bool observe(const Sample& given);

  // Forecasts demand over [now, now + lead + interval] and plans the worker count. `now` is the latest sample's
  // time; current_workers is what the runtime has (spec replicas).
  [[nodiscard]] Decision decide(int current_workers);

  [[nodiscard]] const AutoscalerConfig& config() const { return config_; }
  // The live loop changes the lead time (learned) and the planner policy (the SRE edited the spec) without
  // losing the demand history; the forecaster's parameters stay as constructed.
  void set_lead_time(double lead_time_s) { config_.lead_time_s = lead_time_s; }
  void set_planner_policy(const PlannerPolicy& policy) { config_.planner = policy; }
  // Bytes/s one pod reads as configured (DemandForecaster::set_pod_read_prior); 0: learned only.
  void set_pod_read_prior(double bytes_per_s) { forecaster_.set_pod_read_prior(bytes_per_s); }
  // Seconds one pod reads from its start, as configured (spec.podReadSeconds): the read the pods due are counted at,
  // at the forecaster's rate per pod, until pods or demand show one (pod_read_in_use). 0, negative or not finite:
  // none. Demand needs two minutes of rows to show a read (ReadFit), so without it a dataset whose pods serve meets
  // its first burst without the pods due.
  void set_pod_read_seconds_prior(double read_s) { read_prior_s_ = std::isfinite(read_s) && read_s > 0 ? read_s : 0.0; }
  // The pods that mount the dataset, for the next decision only: the pods due a lead time on are counted from them
  // (PlanInput::pods_due_demand) once a notice and a read have been learned, the read from pods that finished or,
  // where none does, from demand (ReadFit), else the one configured.
  // nullopt: not known this time (the caller's pod watch has not synced).
  void set_pods(std::optional<PodAges> pods) { pods_ = std::move(pods); }
  // What pods showed of their timing as they began and stopped reading (PodTimings).
  void observe_pod_notice(double notice_s) { pod_timings_.observe_notice(notice_s); }
  void observe_pod_read(double read_s) { pod_timings_.observe_read(read_s); }
  [[nodiscard]] const PodTimings& pod_timings() const { return pod_timings_; }
  // How much of the pods due counted came to read lately (PodsDueRealized::share; the counts are scaled by its
  // scale()), for reports and tests.
  [[nodiscard]] double pods_due_share() const { return pods_due_realized_.share(); }
  // The read demand shows, where no pod has shown one (ReadFit; fed the running pods' ages at each decision).
  [[nodiscard]] std::optional<ReadFromDemand> read_from_demand() const { return read_fit_.fit(); }
  // The read pods or demand show, never the one configured: the pods' own (PodTimings), else the one demand shows
  // (infinite: for as long as they run); nullopt while neither shows one.
  [[nodiscard]] std::optional<double> pod_read_shown() const;
  // How far demand lags the pods (ReadFromDemand::delay_s), where the read shown is demand's; nullopt otherwise.
  [[nodiscard]] std::optional<double> demand_lag_shown() const;
  // The read the pods due are counted at: the one shown (pod_read_shown), else the one configured
  // (set_pod_read_seconds_prior); nullopt while none is known.
  [[nodiscard]] std::optional<double> pod_read_in_use() const;
  [[nodiscard]] const DemandForecaster& forecaster() const { return forecaster_; }

 private:
  // The read demand shows, where it is the one in use: where no pod has shown its own (the order every reader of the
  // read follows: the pods' own, else demand's).
  [[nodiscard]] std::optional<ReadFromDemand> demand_read_in_use() const;

  AutoscalerConfig config_;
  DemandForecaster forecaster_;
  PlannerState state_;
  std::vector<Sample> unplanned_;                               // observed since the last decision, oldest first
  std::optional<PodAges> pods_;                                 // for the next decision (set_pods)
  double latest_t_ = std::numeric_limits<double>::quiet_NaN();  // the newest sample's time and the one before
  double previous_t_ = std::numeric_limits<double>::quiet_NaN();
  PodTimings pod_timings_;
  PodsDueRealized pods_due_realized_;  // the share of the pods due counted that came to read
  ReadFit read_fit_;
  double read_prior_s_ = 0;  // set_pod_read_seconds_prior (0: none)
};

}  // namespace cachepilot::autoscaler
