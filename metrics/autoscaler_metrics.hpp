#pragma once
// Metrics of `cachepilot autoscaler`: per CacheAutoscaler (labels namespace, name) its demand, forecast,
// replicas, forecast error and decisions; for the process its cycle latency, Prometheus query errors, scale
// writes, API errors and leader state. docs/metrics.md lists these names (a test checks it).
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "metrics/registry.hpp"

namespace cachepilot::metrics {

class AutoscalerMetrics {
 public:
  explicit AutoscalerMetrics(Registry& registry);

  struct TargetValues {
    std::optional<double> demand;
    std::optional<double> forecast_mean;
    std::optional<double> forecast_upper;
    std::optional<double> desired;
    std::optional<double> current;
    std::optional<double> forecast_error;
    std::optional<double> worker_throughput;   // spec.workerThroughput, bytes/s per ready worker
    std::optional<double> pod_read;            // bytes/s one pod reads: measured, else spec.podReadThroughput
    std::optional<double> pod_notice_seconds;  // the pods' learned notice (created → reading), autoscaler/pods.hpp
    std::optional<double> pod_read_seconds;    // the read pods due are counted at: the pods', else demand's (+Inf)
    // spec.podReadSeconds; absent: not configured, and the series goes (unlike the values above, which keep their
    // last value while unknown, a field the SRE removed is gone).
    std::optional<double> pod_read_seconds_configured;
    // How far demand lags the pods, as the read demand shows found it; absent (the series goes) unless the read in
    // use is demand's.
    std::optional<double> demand_lag_seconds;
    std::optional<double> pods_due_workers;  // workers asked for pods due a lead time on (Plan::pods_due_need)
    // The share of the pods counted due that came to read (autoscaler::PodsDueRealized::share); 1 until one settled.
    std::optional<double> pods_due_share;
    std::optional<double> hold_seconds;   // the hold in force (0: the forecast strategy is)
    std::optional<double> spend_ratio;    // workers paid for / the clairvoyant floor (autoscaler/budget.hpp)
    std::optional<std::string> strategy;  // the planner's strategy in force: "hold" or "forecast"
    std::optional<double> hold_cost;      // the strategies' faded costs, worker-seconds with unmet demand priced
    std::optional<double> forecast_cost;
    std::optional<double> short_hold_cost;  // the short hold's, beside the rent-or-buy hold's
    std::optional<double> min_replicas;
    std::optional<double> max_replicas;
    std::optional<bool> scaling_limited;  // the ScalingLimited condition
    bool metrics_available = false;
    bool spec_valid = true;
  };
  // Sets a target's gauges (absent values keep their last value).
  void set_target(const std::string& namespace_, const std::string& name, const TargetValues& values);
  // Removes a deleted target's series.
  void remove_target(const std::string& namespace_, const std::string& name);
  void count_decision(const std::string& namespace_, const std::string& name, const std::string& reason);
  // A decision made on a forecast, by the model whose bound it was (autoscaler::to_string(ForecastModel)).
  void count_forecast_model(const std::string& namespace_, const std::string& name, const std::string& model);
  void count_scale_write(const std::string& namespace_, const std::string& name, bool ok);
  void count_query_error(const std::string& reason);
  void count_api_error(const std::string& operation);
  void observe_cycle(double seconds);
  void set_leader(bool leader);
  void set_targets(double count);

 private:
  using Key = std::pair<std::string, std::string>;
  prometheus::Family<prometheus::Gauge>& demand_;
  prometheus::Family<prometheus::Gauge>& forecast_;
  prometheus::Family<prometheus::Gauge>& desired_;
  prometheus::Family<prometheus::Gauge>& current_;
  prometheus::Family<prometheus::Gauge>& forecast_error_;
  prometheus::Family<prometheus::Gauge>& metrics_available_;
  prometheus::Family<prometheus::Gauge>& spec_valid_;
  prometheus::Family<prometheus::Gauge>& worker_throughput_;
  prometheus::Family<prometheus::Gauge>& pod_read_;
  prometheus::Family<prometheus::Gauge>& pod_notice_;
  prometheus::Family<prometheus::Gauge>& pod_read_seconds_;
  prometheus::Family<prometheus::Gauge>& pod_read_seconds_configured_;
  prometheus::Family<prometheus::Gauge>& demand_lag_seconds_;
  prometheus::Family<prometheus::Gauge>& pods_due_;
  prometheus::Family<prometheus::Gauge>& pods_due_share_;
  prometheus::Family<prometheus::Gauge>& hold_seconds_;
  prometheus::Family<prometheus::Gauge>& spend_ratio_;
  prometheus::Family<prometheus::Gauge>& strategy_;
  prometheus::Family<prometheus::Gauge>& strategy_cost_;
  prometheus::Family<prometheus::Gauge>& min_replicas_;
  prometheus::Family<prometheus::Gauge>& max_replicas_;
  prometheus::Family<prometheus::Gauge>& scaling_limited_;
  prometheus::Family<prometheus::Counter>& decisions_;
  prometheus::Family<prometheus::Counter>& forecast_models_;
  prometheus::Family<prometheus::Counter>& scale_writes_;
  prometheus::Family<prometheus::Counter>& query_errors_;
  prometheus::Family<prometheus::Counter>& api_errors_;
  prometheus::Histogram& cycle_;
  prometheus::Gauge& leader_;
  prometheus::Gauge& targets_;
};

}  // namespace cachepilot::metrics
