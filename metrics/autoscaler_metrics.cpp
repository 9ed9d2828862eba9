#include "metrics/autoscaler_metrics.hpp"

namespace cachepilot::metrics {
namespace {

prometheus::Family<prometheus::Gauge>& gauge_family(Registry& registry, const char* name, const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry.get());
}

prometheus::Family<prometheus::Counter>& counter_family(Registry& registry, const char* name, const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry.get());
}

constexpr const char* kStrategies[] = {"hold", "forecast"};
// Whose costs are exported: the two strategies, and the short hold inside the hold strategy.
constexpr const char* kCostSeries[] = {"hold", "forecast", "short-hold"};

prometheus::Labels target_labels(const std::string& namespace_, const std::string& name) {
  return {{"namespace", namespace_}, {"name", name}};
}

}  // namespace

AutoscalerMetrics::AutoscalerMetrics(Registry& registry)
    : demand_(gauge_family(registry, "cachepilot_autoscaler_demand_bytes_per_second",
                           "Demand of the CacheAutoscaler's dataset as its demandQuery last answered, bytes/s")),
      forecast_(
          gauge_family(registry, "cachepilot_autoscaler_forecast_bytes_per_second",
                       "Forecast demand over the next lead time: bound=mean or bound=upper (what is provisioned)")),
      desired_(gauge_family(registry, "cachepilot_autoscaler_desired_replicas", "Workers the autoscaler wants")),
      current_(gauge_family(registry, "cachepilot_autoscaler_current_replicas",
                            "Workers the runtime reports through its /scale status")),
      forecast_error_(gauge_family(registry, "cachepilot_autoscaler_forecast_error_ratio",
                                   "Mean relative error of the forecast at the lead horizon over recent cycles")),
      metrics_available_(gauge_family(registry, "cachepilot_autoscaler_metrics_available",
                                      "1 when the demand query answered this cycle, else 0")),
      spec_valid_(gauge_family(registry, "cachepilot_autoscaler_spec_valid",
                               "1 when the CacheAutoscaler's spec can be acted on, else 0 (see its Ready condition)")),
      worker_throughput_(gauge_family(registry, "cachepilot_autoscaler_worker_throughput_bytes_per_second",
                                      "spec.workerThroughput: bytes/s one ready worker serves")),
      pod_read_(gauge_family(registry, "cachepilot_autoscaler_pod_read_bytes_per_second",
                             "Bytes/s one pod reads, as waiting pods are counted: measured (demand / pods reading, "
                             "status.learnedPodReadThroughput), else spec.podReadThroughput")),
      pod_notice_(gauge_family(registry, "cachepilot_autoscaler_pod_notice_seconds",
                               "How long a pod waits from its creation to reading the dataset: the median of the "
                               "last pods seen to begin reading")),
      pod_read_seconds_(gauge_family(registry, "cachepilot_autoscaler_pod_read_seconds",
                                     "How long a pod reads the dataset once it begins: the median of the last pods "
                                     "seen to stop, else the read demand shows (+Inf: as long as pods run), else "
                                     "spec.podReadSeconds")),
      pod_read_seconds_configured_(gauge_family(
          registry, "cachepilot_autoscaler_pod_read_seconds_configured",
          "spec.podReadSeconds, absent when not set: compared with cachepilot_autoscaler_pod_read_seconds, "
          "a ratio above 2 or below 0.5 is the PodReadSecondsDisagrees Warning")),
      demand_lag_seconds_(gauge_family(registry, "cachepilot_autoscaler_demand_lag_seconds",
                                       "How far demand (spec.demandQuery) lags the pods reading, as the read demand "
                                       "shows found it; absent unless the read in use is demand's")),
      pods_due_(gauge_family(registry, "cachepilot_autoscaler_pods_due_replicas",
                             "Workers asked for the pods waiting now that will read a lead time on (kept for a lead "
                             "time); 0 when none are due")),
      pods_due_share_(gauge_family(registry, "cachepilot_autoscaler_pods_due_share_ratio",
                                   "The share of the pods counted due that came to read when their window passed "
                                   "(demand seen over demand counted, averaged); the pods due are asked for at "
                                   "min(share / 0.9, 1) of their count; 1 until a count settled")),
      hold_seconds_(gauge_family(registry, "cachepilot_autoscaler_hold_seconds",
                                 "The hold in force: workers demand needed within this many seconds are kept "
                                 "(0 while the forecast strategy is in force)")),
      spend_ratio_(gauge_family(registry, "cachepilot_autoscaler_spend_ratio",
                                "Worker-seconds paid for over the last hours as a multiple of the clairvoyant floor "
                                "(what knowing demand a lead time ahead would have cost); the spend budget binds "
                                "above 1.97")),
      strategy_(gauge_family(registry, "cachepilot_autoscaler_strategy",
                             "1 for the planner's strategy in force (strategy=hold or forecast), 0 for the other")),
      strategy_cost_(gauge_family(registry, "cachepilot_autoscaler_strategy_cost_worker_seconds",
                                  "What each strategy would have cost lately had it run alone: worker-seconds plus "
                                  "unmet demand priced at spec.scaleDown.unmetPrice, fading over an hour")),
      min_replicas_(gauge_family(registry, "cachepilot_autoscaler_min_replicas", "spec.minReplicas")),
      max_replicas_(gauge_family(registry, "cachepilot_autoscaler_max_replicas", "spec.maxReplicas")),
      scaling_limited_(gauge_family(registry, "cachepilot_autoscaler_scaling_limited",
                                    "1 while the need is outside [minReplicas, maxReplicas] (ScalingLimited=True)")),
      decisions_(counter_family(registry, "cachepilot_autoscaler_decisions_total",
                                "Decisions by reason (ScaleUp, ScaleDown, Hold, Stabilizing, RisingHold, DryRun, "
                                "InvalidSpec, TargetUnavailable, MetricsUnavailable, AmbiguousTarget)")),
      forecast_models_(counter_family(registry, "cachepilot_autoscaler_forecast_model_decisions_total",
                                      "Decisions made on a forecast, by the model whose upper bound it was (current, "
                                      "last, recent-max, trend, seasonal, envelope, leading, warm-up, season-floor, "
                                      "burst, ramp)")),
      scale_writes_(counter_family(registry, "cachepilot_autoscaler_scale_writes_total",
                                   "Writes of the runtime's /scale subresource by result (ok, error)")),
      query_errors_(counter_family(registry, "cachepilot_autoscaler_prometheus_query_errors_total",
                                   "Demand and history queries that failed, by reason")),
      api_errors_(counter_family(registry, "cachepilot_autoscaler_api_errors_total",
                                 "Kubernetes API calls that failed, by operation")),
      cycle_(prometheus::BuildHistogram()
                 .Name("cachepilot_autoscaler_cycle_duration_seconds")
                 .Help("Time one decision cycle over every CacheAutoscaler took, I/O included")
                 .Register(registry.get())
                 .Add({}, prometheus::Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                                                                  5.0, 10.0, 30.0})),
      leader_(gauge_family(registry, "cachepilot_autoscaler_is_leader",
                           "1 while this replica holds the leader Lease and acts, else 0")
                  .Add({})),
      targets_(gauge_family(registry, "cachepilot_autoscaler_targets", "CacheAutoscalers watched").Add({})) {}

void AutoscalerMetrics::set_target(const std::string& namespace_, const std::string& name, const TargetValues& values) {
  const auto labels = target_labels(namespace_, name);
  const auto set = [&labels](prometheus::Family<prometheus::Gauge>& family, const std::optional<double>& v) {
    if (v) {
      family.Add(labels).Set(*v);
    }
  };
  set(demand_, values.demand);
  set(desired_, values.desired);
  set(current_, values.current);
  set(forecast_error_, values.forecast_error);
  set(worker_throughput_, values.worker_throughput);
  set(pod_read_, values.pod_read);
  set(pod_notice_, values.pod_notice_seconds);
  set(pod_read_seconds_, values.pod_read_seconds);
  // Present only while known: a stale value would say something no longer true.
  const auto set_or_remove = [&labels](prometheus::Family<prometheus::Gauge>& family, const std::optional<double>& v) {
    if (v) {
      family.Add(labels).Set(*v);
    } else if (family.Has(labels)) {
      family.Remove(&family.Add(labels));
    }
  };
  set_or_remove(pod_read_seconds_configured_, values.pod_read_seconds_configured);
  set_or_remove(demand_lag_seconds_, values.demand_lag_seconds);
  set(pods_due_, values.pods_due_workers);
  set(pods_due_share_, values.pods_due_share);
  set(hold_seconds_, values.hold_seconds);
  set(spend_ratio_, values.spend_ratio);
  set(min_replicas_, values.min_replicas);
  set(max_replicas_, values.max_replicas);
  if (values.scaling_limited) {
    scaling_limited_.Add(labels).Set(*values.scaling_limited ? 1 : 0);
  }
  const auto with_strategy = [&](const char* strategy) {
    return prometheus::Labels{{"namespace", namespace_}, {"name", name}, {"strategy", strategy}};
  };
  if (values.strategy) {
    for (const char* s : kStrategies) {
      strategy_.Add(with_strategy(s)).Set(*values.strategy == s ? 1 : 0);
    }
  }
  if (values.hold_cost) {
    strategy_cost_.Add(with_strategy("hold")).Set(*values.hold_cost);
  }
  if (values.forecast_cost) {
    strategy_cost_.Add(with_strategy("forecast")).Set(*values.forecast_cost);
  }
  if (values.short_hold_cost) {
    strategy_cost_.Add(with_strategy("short-hold")).Set(*values.short_hold_cost);
  }
  if (values.forecast_mean) {
    forecast_.Add({{"namespace", namespace_}, {"name", name}, {"bound", "mean"}}).Set(*values.forecast_mean);
  }
  if (values.forecast_upper) {
    forecast_.Add({{"namespace", namespace_}, {"name", name}, {"bound", "upper"}}).Set(*values.forecast_upper);
  }
  metrics_available_.Add(labels).Set(values.metrics_available ? 1 : 0);
  spec_valid_.Add(labels).Set(values.spec_valid ? 1 : 0);
}

void AutoscalerMetrics::remove_target(const std::string& namespace_, const std::string& name) {
  const auto labels = target_labels(namespace_, name);
  for (auto* family :
       {&demand_, &desired_, &current_, &forecast_error_, &metrics_available_, &spec_valid_, &worker_throughput_,
        &pod_read_, &pod_notice_, &pod_read_seconds_, &pod_read_seconds_configured_, &demand_lag_seconds_, &pods_due_,
        &pods_due_share_, &hold_seconds_, &spend_ratio_, &min_replicas_, &max_replicas_, &scaling_limited_}) {
    if (family->Has(labels)) {
      family->Remove(&family->Add(labels));
    }
  }
  for (const char* bound : {"mean", "upper"}) {
    const prometheus::Labels with_bound{{"namespace", namespace_}, {"name", name}, {"bound", bound}};
    if (forecast_.Has(with_bound)) {
      forecast_.Remove(&forecast_.Add(with_bound));
    }
  }
  const auto remove = [&](prometheus::Family<prometheus::Gauge>& family, const char* strategy) {
    const prometheus::Labels with_strategy{{"namespace", namespace_}, {"name", name}, {"strategy", strategy}};
    if (family.Has(with_strategy)) {
      family.Remove(&family.Add(with_strategy));
    }
  };
  for (const char* strategy : kStrategies) {
    remove(strategy_, strategy);
  }
  for (const char* series : kCostSeries) {
    remove(strategy_cost_, series);
  }
  // Counters stay: a rate over them must not see a reset when a CacheAutoscaler is recreated.
}

void AutoscalerMetrics::count_decision(const std::string& namespace_, const std::string& name,
                                       const std::string& reason) {
  decisions_.Add({{"namespace", namespace_}, {"name", name}, {"reason", reason}}).Increment();
}

void AutoscalerMetrics::count_forecast_model(const std::string& namespace_, const std::string& name,
                                             const std::string& model) {
  forecast_models_.Add({{"namespace", namespace_}, {"name", name}, {"model", model}}).Increment();
}

void AutoscalerMetrics::count_scale_write(const std::string& namespace_, const std::string& name, bool ok) {
  scale_writes_.Add({{"namespace", namespace_}, {"name", name}, {"result", ok ? "ok" : "error"}}).Increment();
}

void AutoscalerMetrics::count_query_error(const std::string& reason) {
  query_errors_.Add({{"reason", reason}}).Increment();
}

void AutoscalerMetrics::count_api_error(const std::string& operation) {
  api_errors_.Add({{"operation", operation}}).Increment();
}

void AutoscalerMetrics::observe_cycle(double seconds) { cycle_.Observe(seconds); }

void AutoscalerMetrics::set_leader(bool leader) { leader_.Set(leader ? 1 : 0); }

void AutoscalerMetrics::set_targets(double count) { targets_.Set(count); }

}  // namespace cachepilot::metrics
