// The autoscaler's per-target series: the strategy gauges mark the one in force and leave with their target.
#include "metrics/autoscaler_metrics.hpp"

#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "metrics/registry.hpp"

namespace cachepilot::metrics {
namespace {

// `label` → value (a gauge's or a counter's) of the named family's series for namespace_/name.
std::map<std::string, double> by_label(Registry& registry, const std::string& family_name, const std::string& label,
                                       const std::string& namespace_ = "ai", const std::string& name = "llama") {
  std::map<std::string, double> out;
  for (const auto& family : registry.get().Collect()) {
    if (family.name != family_name) {
      continue;
    }
    for (const auto& metric : family.metric) {
      std::map<std::string, std::string> labels;
      for (const auto& l : metric.label) {
        labels[l.name] = l.value;
      }
      if (labels["namespace"] == namespace_ && labels["name"] == name) {
        out[labels[label]] = family.type == prometheus::MetricType::Counter ? metric.counter.value : metric.gauge.value;
      }
    }
  }
  return out;
}

// strategy label → value of the named family's series for ai/llama.
std::map<std::string, double> by_strategy(Registry& registry, const std::string& family_name) {
  return by_label(registry, family_name, "strategy");
}

// The value of a family's one series for ai/llama that has no label but namespace and name; nullopt: no series.
std::optional<double> value_of(Registry& registry, const std::string& family_name) {
  const auto values = by_label(registry, family_name, "");
  if (values.empty()) {
    return std::nullopt;
  }
  return values.begin()->second;
}

// One registry and the autoscaler's metrics on it; `set` and `value` speak for the one target ai/llama.
class AutoscalerMetricsTest : public ::testing::Test {
 protected:
  void set(const AutoscalerMetrics::TargetValues& values) { metrics_.set_target("ai", "llama", values); }
  void remove() { metrics_.remove_target("ai", "llama"); }
  std::optional<double> value(const std::string& family_name) { return value_of(registry_, family_name); }
  std::map<std::string, double> strategies(const std::string& family_name) {
    return by_strategy(registry_, family_name);
  }

  Registry registry_;
  AutoscalerMetrics metrics_{registry_};
};

TEST_F(AutoscalerMetricsTest, SpendRatioIsSetAndLeavesWithTheTarget) {
  AutoscalerMetrics::TargetValues values;
  values.spend_ratio = 2.01;
  set(values);
  EXPECT_EQ(value("cachepilot_autoscaler_spend_ratio"), 2.01);
  set(AutoscalerMetrics::TargetValues{});  // absent: the last value stays
  EXPECT_EQ(value("cachepilot_autoscaler_spend_ratio"), 2.01);
  remove();
  EXPECT_FALSE(value("cachepilot_autoscaler_spend_ratio").has_value());
}

TEST_F(AutoscalerMetricsTest, PodTimingsAndPodsDueAreSetAndLeaveWithTheTarget) {
  AutoscalerMetrics::TargetValues values;
  values.pod_notice_seconds = 75;
  values.pod_read_seconds = 30;
  values.pods_due_workers = 6;
  values.pods_due_share = 0.75;
  set(values);
  EXPECT_EQ(value("cachepilot_autoscaler_pod_notice_seconds"), 75);
  EXPECT_EQ(value("cachepilot_autoscaler_pod_read_seconds"), 30);
  EXPECT_EQ(value("cachepilot_autoscaler_pods_due_replicas"), 6);
  EXPECT_EQ(value("cachepilot_autoscaler_pods_due_share_ratio"), 0.75);
  values.pods_due_workers = 0;  // none due now
  set(values);
  EXPECT_EQ(value("cachepilot_autoscaler_pods_due_replicas"), 0);
  remove();
  EXPECT_FALSE(value("cachepilot_autoscaler_pod_notice_seconds").has_value());
  EXPECT_FALSE(value("cachepilot_autoscaler_pod_read_seconds").has_value());
  EXPECT_FALSE(value("cachepilot_autoscaler_pods_due_replicas").has_value());
  EXPECT_FALSE(value("cachepilot_autoscaler_pods_due_share_ratio").has_value());
}

// Gauges there only while known: spec.podReadSeconds while configured (a field the SRE removed takes its series with
// it), demand's lag while the read in use is demand's (once a pod shows its own read, it goes); where a value the
// controller does not know this cycle keeps its last one (the read in use beside them).
TEST_F(AutoscalerMetricsTest, GaugesThereWhileKnownGoWhenNot) {
  struct Case {
    const char* metric;
    std::optional<double> AutoscalerMetrics::TargetValues::*field;
    double first;
    double second;
  };
  const Case cases[] = {
      {"cachepilot_autoscaler_pod_read_seconds_configured",
       &AutoscalerMetrics::TargetValues::pod_read_seconds_configured, 18, 40},
      {"cachepilot_autoscaler_demand_lag_seconds", &AutoscalerMetrics::TargetValues::demand_lag_seconds, 2.5, 5},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.metric);
    AutoscalerMetrics::TargetValues values;
    values.pod_read_seconds = 3;
    values.*c.field = c.first;
    set(values);
    EXPECT_EQ(value(c.metric), c.first);
    (values.*c.field).reset();
    set(values);
    EXPECT_FALSE(value(c.metric).has_value());
    EXPECT_EQ(value("cachepilot_autoscaler_pod_read_seconds"), 3);
    values.*c.field = c.second;
    set(values);
    EXPECT_EQ(value(c.metric), c.second);
    remove();
    EXPECT_FALSE(value(c.metric).has_value());
  }
}

TEST_F(AutoscalerMetricsTest, PodReadRateIsSetAndLeavesWithTheTarget) {
  const char* family = "cachepilot_autoscaler_pod_read_bytes_per_second";
  EXPECT_FALSE(value(family).has_value());  // nothing known: no series
  AutoscalerMetrics::TargetValues values;
  values.pod_read = 50e6;
  set(values);
  EXPECT_EQ(value(family), 50e6);
  remove();
  EXPECT_FALSE(value(family).has_value());
}

TEST_F(AutoscalerMetricsTest, StrategyGaugesMarkTheOneInForceAndLeaveWithTheTarget) {
  AutoscalerMetrics::TargetValues values;
  values.strategy = "hold";
  values.hold_cost = 1200;
  values.forecast_cost = 1500;
  values.short_hold_cost = 900;
  set(values);
  EXPECT_EQ(strategies("cachepilot_autoscaler_strategy"),
            (std::map<std::string, double>{{"hold", 1}, {"forecast", 0}}));
  EXPECT_EQ(strategies("cachepilot_autoscaler_strategy_cost_worker_seconds"),
            (std::map<std::string, double>{{"hold", 1200}, {"forecast", 1500}, {"short-hold", 900}}));

  values.strategy = "forecast";
  set(values);
  EXPECT_EQ(strategies("cachepilot_autoscaler_strategy"),
            (std::map<std::string, double>{{"hold", 0}, {"forecast", 1}}));

  // Reactive mode reports no strategy: the last values stay until the target goes.
  set(AutoscalerMetrics::TargetValues{});
  EXPECT_EQ(strategies("cachepilot_autoscaler_strategy").at("forecast"), 1);

  remove();
  EXPECT_TRUE(strategies("cachepilot_autoscaler_strategy").empty());
  EXPECT_TRUE(strategies("cachepilot_autoscaler_strategy_cost_worker_seconds").empty());
}

// model label → count of cachepilot_autoscaler_forecast_model_decisions_total for namespace_/name.
std::map<std::string, double> decisions_by_model(Registry& registry, const std::string& namespace_,
                                                 const std::string& name) {
  return by_label(registry, "cachepilot_autoscaler_forecast_model_decisions_total", "model", namespace_, name);
}

TEST(AutoscalerMetrics, ForecastModelDecisionsAreCountedPerTargetAndModel) {
  Registry registry;
  AutoscalerMetrics metrics(registry);
  metrics.count_forecast_model("ai", "llama", "ramp");
  metrics.count_forecast_model("ai", "llama", "last");
  metrics.count_forecast_model("ai", "llama", "ramp");
  metrics.count_forecast_model("ai", "mistral", "seasonal");
  EXPECT_EQ(decisions_by_model(registry, "ai", "llama"), (std::map<std::string, double>{{"last", 1}, {"ramp", 2}}));
  EXPECT_EQ(decisions_by_model(registry, "ai", "mistral"), (std::map<std::string, double>{{"seasonal", 1}}));
  // A counter outlives its target, as the decisions counter does: a rate over it sees no reset on re-creation.
  metrics.remove_target("ai", "llama");
  EXPECT_EQ(decisions_by_model(registry, "ai", "llama"), (std::map<std::string, double>{{"last", 1}, {"ramp", 2}}));
}

}  // namespace
}  // namespace cachepilot::metrics
