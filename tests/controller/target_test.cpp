// TargetController: one CacheAutoscaler's cycle from gathered signals to the write, the status and the Events.
// Reactive mode is used where the arithmetic should be exact (desired = ceil(demand / throughput / utilization)).
#include "controller/target.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "controller/controller.hpp"

namespace cachepilot::controller {
namespace {

namespace as = autoscaler;

class CasBuilder {
 public:
  CasBuilder() {
    cas_.metadata.namespace_ = "ai";
    cas_.metadata.name = "imagenet";
    cas_.metadata.uid = "uid-1";
    cas_.generation = 1;
    cas_.spec.targetRef = {"data.fluid.io/v1alpha1", "AlluxioRuntime", "imagenet"};
    cas_.spec.minReplicas = 1;
    cas_.spec.maxReplicas = 4;
    cas_.spec.workerThroughput = as::IntOrString::of("100M");  // 100e6 bytes/s per worker
    cas_.spec.targetUtilization = 1.0;
    cas_.spec.leadTime = as::IntOrString::of(10);
    cas_.spec.mode = "Reactive";
    cas_.spec.demandQuery = "sum(rate(reads[1m]))";
  }
  CasBuilder& min(std::int64_t v) {
    cas_.spec.minReplicas = v;
    return *this;
  }
  CasBuilder& max(std::int64_t v) {
    cas_.spec.maxReplicas = v;
    return *this;
  }
  CasBuilder& mode(const char* m) {
    cas_.spec.mode = m;
    return *this;
  }
  CasBuilder& lead_auto() {
    cas_.spec.leadTime = as::IntOrString::of("auto");
    return *this;
  }
  CasBuilder& stabilization(std::int64_t s) {
    cas_.spec.scaleDown.stabilizationSeconds = s;
    return *this;
  }
  CasBuilder& unmet_price(double price) {
    cas_.spec.scaleDown.unmetPrice = price;
    return *this;
  }
  CasBuilder& pod_read(const char* quantity) {
    cas_.spec.podReadThroughput = as::IntOrString::of(quantity);
    return *this;
  }
  CasBuilder& pod_read_seconds(std::int64_t s) {
    cas_.spec.podReadSeconds = s;
    return *this;
  }
  CasBuilder& named(const char* ns, const char* name) {
    cas_.metadata.namespace_ = ns;
    cas_.metadata.name = name;
    return *this;
  }
  CasBuilder& target(const char* kind, const char* name) {
    cas_.spec.targetRef.kind = kind;
    cas_.spec.targetRef.name = name;
    return *this;
  }
  CasBuilder& status(as::CacheAutoscalerStatus s) {
    cas_.status = std::move(s);
    return *this;
  }
  [[nodiscard]] as::CacheAutoscaler build() const { return cas_; }

 private:
  as::CacheAutoscaler cas_;
};

class InputBuilder {
 public:
  explicit InputBuilder(double now) { in_.now_unix = now; }
  InputBuilder& demand(double bytes_per_second) {
    in_.demand = bytes_per_second;
    in_.demand_time_unix = in_.now_unix;
    return *this;
  }
  InputBuilder& no_demand(const char* reason) {
    in_.demand.reset();
    in_.metrics_reason = reason;
    in_.metrics_message = "connection refused";
    return *this;
  }
  InputBuilder& scale(std::int64_t spec, std::int64_t status) {
    in_.scale = ScaleView{spec, status};
    return *this;
  }
  InputBuilder& no_scale(const char* reason) {
    in_.scale.reset();
    in_.scale_reason = reason;
    in_.scale_message = "alluxioruntimes.data.fluid.io \"imagenet\" not found";
    return *this;
  }
  InputBuilder& pods(double waiting, double active) {
    in_.waiting_pods = waiting;
    in_.active_pods = active;
    return *this;
  }
  InputBuilder& also_scaled_by(std::vector<std::string> keys) {
    in_.also_scaled_by = std::move(keys);
    return *this;
  }
  [[nodiscard]] CycleInput build() const { return in_; }

 private:
  CycleInput in_;
};

// A controller whose first decisions ask for what demand and the pods need, without the warm-up's headroom on demand
// just begun (its own tests are the forecaster's and the planner's).
TargetOptions without_warm_up_headroom() {
  TargetOptions options;
  options.forecaster.warm_up_headroom = 0;
  return options;
}

const as::Condition* condition(const as::CacheAutoscalerStatus& status, const char* type) {
  for (const auto& c : status.conditions) {
    if (c.type == type) {
      return &c;
    }
  }
  return nullptr;
}

bool has_event(const CycleOutcome& out, const char* type, const char* reason) {
  for (const auto& e : out.events) {
    if (e.type == type && e.reason == reason) {
      return true;
    }
  }
  return false;
}

// spec.scaleDown.unmetPrice reaches the planner: Predictive with a 10 s lead time holds 6 × 10 = 60 s (price 3:
// 30 s); 0 turns the hold off; Reactive plans on current demand alone, without it.
TEST(TargetController, UnmetPriceSetsTheRentOrBuyHold) {
  struct Case {
    const char* mode;
    double price;
    double hold_s;
  };
  const Case cases[] = {{"Predictive", 6, 60}, {"Predictive", 3, 30}, {"Predictive", 0, 0}, {"Reactive", 6, 0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.mode) + " price " + std::to_string(c.price));
    TargetController controller(without_warm_up_headroom());
    const auto cas = CasBuilder().mode(c.mode).unmet_price(c.price).build();
    // 300 MB/s: ceil(300e6 / 100e6) = 3 workers.
    const auto out = controller.reconcile(cas, InputBuilder(1000).demand(300e6).scale(1, 1).build());
    EXPECT_EQ(out.write_replicas, 3);
    ASSERT_TRUE(out.hold_s.has_value());
    EXPECT_DOUBLE_EQ(*out.hold_s, c.hold_s);
    // The hold strategy is in force from the first decision; without a price only the forecast strategy runs.
    // Reactive mode has neither.
    if (std::string(c.mode) == "Reactive") {
      EXPECT_FALSE(out.strategy.has_value());
      EXPECT_FALSE(out.spend_ratio.has_value());
    } else {
      EXPECT_EQ(out.strategy, c.price > 0 ? "hold" : "forecast");
      ASSERT_TRUE(out.hold_cost.has_value());
      EXPECT_EQ(*out.hold_cost, 0);  // nothing charged before a second decision
      ASSERT_TRUE(out.spend_ratio.has_value());
      EXPECT_EQ(*out.spend_ratio, 0);  // nor against the floor
    }
  }
}

TEST(TargetController, ReactiveDesiredIsDemandOverThroughputWithinBounds) {
  struct Case {
    const char* name;
    double demand;
    std::int64_t current;
    std::optional<std::int64_t> write;
    const char* limited_reason;
  };
  const Case cases[] = {
      // ceil(250e6 / 100e6) = 3 workers; from 1: scale up to 3.
      {"rising", 250e6, 1, 3, kReasonDesiredWithinRange},
      // ceil(2e9 / 100e6) = 20 > maxReplicas 4: clamped to 4, ScalingLimited says so.
      {"above max", 2e9, 1, 4, kReasonTooManyReplicas},
      // ceil(300e6 / 100e6) = 3 = current: nothing to write.
      {"steady", 300e6, 3, std::nullopt, kReasonDesiredWithinRange},
      // ceil(0 / 100e6) = 0 < minReplicas 1: held at 1 (already there).
      {"silence", 0, 1, std::nullopt, kReasonTooFewReplicas},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TargetController target;
    const auto out =
        target.reconcile(CasBuilder().build(), InputBuilder(1000).demand(c.demand).scale(c.current, c.current).build());
    EXPECT_EQ(out.write_replicas, c.write);
    ASSERT_NE(condition(out.status, as::kConditionScalingLimited), nullptr);
    EXPECT_EQ(condition(out.status, as::kConditionScalingLimited)->reason, c.limited_reason);
    EXPECT_EQ(condition(out.status, as::kConditionReady)->status, "True");
    EXPECT_EQ(condition(out.status, as::kConditionMetricsAvailable)->status, "True");
    EXPECT_EQ(out.status.observedDemand, c.demand);
    EXPECT_EQ(out.status.currentReplicas, c.current);
  }
}

TEST(TargetController, SuccessfulWriteRecordsTheScaleAndEmitsScaledUp) {
  TargetController target;
  auto out = target.reconcile(CasBuilder().build(), InputBuilder(1000).demand(250e6).scale(1, 1).build());
  ASSERT_EQ(out.write_replicas, 3);
  EXPECT_EQ(out.decision, DecisionKind::kScaleUp);
  target.record_write(out, 1, "", 1000.5);
  EXPECT_EQ(out.status.lastScaleTime, "1970-01-01T00:16:40Z");  // 1000.5 s after the epoch, whole seconds
  EXPECT_EQ(out.status.lastScaleReason.rfind("ScaleUp: ", 0), 0U) << out.status.lastScaleReason;
  ASSERT_TRUE(has_event(out, "Normal", "ScaledUp"));
  EXPECT_NE(out.events.back().message.find("replicas 1 -> 3"), std::string::npos) << out.events.back().message;
}

TEST(TargetController, FailedWriteSaysScaleFailedAndKeepsTheLastScale) {
  TargetController target;
  as::CacheAutoscalerStatus before;
  before.lastScaleTime = "2026-01-01T00:00:00Z";
  before.lastScaleReason = "ScaleUp: earlier";
  auto out =
      target.reconcile(CasBuilder().status(before).build(), InputBuilder(1000).demand(250e6).scale(1, 1).build());
  target.record_write(out, 1, "409 Conflict five times", 1000);
  EXPECT_EQ(out.status.lastScaleTime, "2026-01-01T00:00:00Z");
  EXPECT_EQ(out.status.lastScaleReason, "ScaleUp: earlier");
  EXPECT_EQ(condition(out.status, as::kConditionScalingActive)->reason, kReasonScaleFailed);
  EXPECT_TRUE(has_event(out, "Warning", "FailedScale"));
}

TEST(TargetController, InvalidSpecWritesNothingAndWarnsOnce) {
  TargetController target;
  // minReplicas 5 > maxReplicas 3: the CRD schema cannot refuse it, validate_spec does.
  const auto cas = CasBuilder().min(5).max(3).build();
  const auto out = target.reconcile(cas, InputBuilder(1000).demand(2e9).scale(1, 1).build());
  EXPECT_FALSE(out.write_replicas);
  EXPECT_EQ(out.decision, DecisionKind::kInvalidSpec);
  const auto* ready = condition(out.status, as::kConditionReady);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->status, "False");
  EXPECT_EQ(ready->reason, as::kReasonInvalidSpec);
  EXPECT_NE(ready->message.find("spec.minReplicas"), std::string::npos) << ready->message;
  EXPECT_TRUE(has_event(out, "Warning", as::kReasonInvalidSpec));

  // The next cycle sees its own status in the object: same state, no second event.
  auto again = CasBuilder().min(5).max(3).status(out.status).build();
  const auto second = target.reconcile(again, InputBuilder(1015).demand(2e9).scale(1, 1).build());
  EXPECT_TRUE(second.events.empty());
  EXPECT_FALSE(second.write_replicas);
}

TEST(TargetController, UnreadableTargetWritesNothing) {
  TargetController target;
  const auto out =
      target.reconcile(CasBuilder().build(), InputBuilder(1000).demand(2e9).no_scale(kReasonTargetNotFound).build());
  EXPECT_FALSE(out.write_replicas);
  EXPECT_EQ(out.decision, DecisionKind::kTargetUnavailable);
  EXPECT_EQ(condition(out.status, as::kConditionReady)->reason, kReasonTargetNotFound);
  EXPECT_TRUE(has_event(out, "Warning", kReasonTargetNotFound));
}

TEST(TargetController, DryRunReportsDesiredButNeverWrites) {
  TargetController target;
  const auto cas = CasBuilder().mode("DryRun").build();
  const auto out = target.reconcile(cas, InputBuilder(1000).demand(250e6).scale(1, 1).build());
  EXPECT_FALSE(out.write_replicas);
  EXPECT_EQ(out.decision, DecisionKind::kDryRun);
  ASSERT_TRUE(out.status.desiredReplicas);
  EXPECT_GE(*out.status.desiredReplicas, 3);  // at least the reactive need, ceil(250e6 / 100e6)
  EXPECT_TRUE(out.status.forecast);           // DryRun runs the predictive core
  EXPECT_EQ(condition(out.status, as::kConditionScalingActive)->reason, kReasonDryRun);
  EXPECT_TRUE(has_event(out, "Normal", "DryRunWouldScale"));
}

TEST(ScalersSharingTargets, OnlyWritersOfOneRuntimeAreNamedEachWithTheOthers) {
  using Keys = std::vector<std::string>;
  struct Case {
    const char* name;
    std::vector<as::CacheAutoscaler> autoscalers;
    std::map<std::string, Keys> shared;
    std::vector<OtherScaler> others = {};
  };
  const auto on = [](const char* ns, const char* name, const char* kind, const char* runtime) {
    return CasBuilder().named(ns, name).target(kind, runtime);
  };
  const OtherScaler hpa_on_x{"ai", "AlluxioRuntime", "x", "HorizontalPodAutoscaler ai/x"};
  const Case cases[] = {
      {"one per runtime",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ai", "b", "AlluxioRuntime", "y").build()},
       {}},
      {"two on one runtime: each names the other",
       {on("ai", "b", "AlluxioRuntime", "x").build(), on("ai", "a", "AlluxioRuntime", "x").build()},
       {{"ai/a", {"CacheAutoscaler ai/b"}}, {"ai/b", {"CacheAutoscaler ai/a"}}}},
      {"three: each names the two others, sorted",
       {on("ai", "c", "AlluxioRuntime", "x").build(), on("ai", "a", "AlluxioRuntime", "x").build(),
        on("ai", "b", "AlluxioRuntime", "x").build()},
       {{"ai/a", {"CacheAutoscaler ai/b", "CacheAutoscaler ai/c"}},
        {"ai/b", {"CacheAutoscaler ai/a", "CacheAutoscaler ai/c"}},
        {"ai/c", {"CacheAutoscaler ai/a", "CacheAutoscaler ai/b"}}}},
      // Runtimes of another kind or namespace are other objects, whatever their name.
      {"same name, other kind",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ai", "b", "JuiceFSRuntime", "x").build()},
       {}},
      {"same name, other namespace",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ml", "a", "AlluxioRuntime", "x").build()},
       {}},
      // DryRun never writes: trying a spec beside the live one is allowed.
      {"a DryRun beside a writer",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ai", "b", "AlluxioRuntime", "x").mode("DryRun").build()},
       {}},
      // Nor does a spec that cannot be acted on (minReplicas above maxReplicas).
      {"an invalid spec beside a writer",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ai", "b", "AlluxioRuntime", "x").min(5).max(3).build()},
       {}},
      // Reactive and Predictive both write.
      {"Reactive beside Predictive",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ai", "b", "AlluxioRuntime", "x").mode("Predictive").build()},
       {{"ai/a", {"CacheAutoscaler ai/b"}}, {"ai/b", {"CacheAutoscaler ai/a"}}}},
      // An HPA on the runtime is another writer, named; it has no entry of its own (nothing here reconciles it).
      {"an HPA beside a writer",
       {on("ai", "a", "AlluxioRuntime", "x").build()},
       {{"ai/a", {"HorizontalPodAutoscaler ai/x"}}},
       {hpa_on_x}},
      {"an HPA and two writers",
       {on("ai", "a", "AlluxioRuntime", "x").build(), on("ai", "b", "AlluxioRuntime", "x").build()},
       {{"ai/a", {"CacheAutoscaler ai/b", "HorizontalPodAutoscaler ai/x"}},
        {"ai/b", {"CacheAutoscaler ai/a", "HorizontalPodAutoscaler ai/x"}}},
       {hpa_on_x}},
      {"an HPA on another runtime", {on("ai", "a", "AlluxioRuntime", "y").build()}, {}, {hpa_on_x}},
      {"an HPA beside a DryRun", {on("ai", "a", "AlluxioRuntime", "x").mode("DryRun").build()}, {}, {hpa_on_x}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(scalers_sharing_targets(c.autoscalers, c.others), c.shared);
  }
}

TEST(TargetController, AnotherWriterOfTheRuntimeStopsWritesButNotTheDecision) {
  TargetController target;
  const auto cas = CasBuilder().build();
  // 250 MB/s: ceil(250e6 / 100e6) = 3 workers wanted, 1 now; another CacheAutoscaler writes the same runtime.
  const auto out = target.reconcile(
      cas, InputBuilder(1000).demand(250e6).scale(1, 1).also_scaled_by({"CacheAutoscaler ai/other"}).build());
  EXPECT_FALSE(out.write_replicas);
  EXPECT_EQ(out.decision, DecisionKind::kAmbiguousTarget);
  EXPECT_EQ(out.status.desiredReplicas, 3);  // still decided and reported
  const auto* ready = condition(out.status, as::kConditionReady);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->status, "False");
  EXPECT_EQ(ready->reason, kReasonAmbiguousTarget);
  EXPECT_NE(ready->message.find("AlluxioRuntime/imagenet is also scaled by CacheAutoscaler ai/other:"),
            std::string::npos)
      << ready->message;
  EXPECT_EQ(condition(out.status, as::kConditionScalingActive)->reason, kReasonAmbiguousTarget);
  EXPECT_EQ(out.events.size(), 1U);
  EXPECT_TRUE(has_event(out, "Warning", kReasonAmbiguousTarget));

  // The next cycle sees its own status: still nothing written, no second Warning.
  const auto second = target.reconcile(
      CasBuilder().status(out.status).build(),
      InputBuilder(1015).demand(250e6).scale(1, 1).also_scaled_by({"CacheAutoscaler ai/other"}).build());
  EXPECT_FALSE(second.write_replicas);
  EXPECT_TRUE(second.events.empty());

  // The other one is gone: this one writes the 3 at once, and is Ready again.
  const auto third = target.reconcile(CasBuilder().status(second.status).build(),
                                      InputBuilder(1030).demand(250e6).scale(1, 1).build());
  EXPECT_EQ(third.write_replicas, 3);
  EXPECT_EQ(third.decision, DecisionKind::kScaleUp);
  EXPECT_EQ(condition(third.status, as::kConditionReady)->reason, kReasonActive);
  EXPECT_EQ(condition(third.status, as::kConditionScalingActive)->reason, kReasonScaling);
}

TEST(TargetController, ADryRunIsNeverStoppedByAnotherWriter) {
  TargetController target;
  const auto out = target.reconcile(
      CasBuilder().mode("DryRun").build(),
      InputBuilder(1000).demand(250e6).scale(1, 1).also_scaled_by({"CacheAutoscaler ai/live"}).build());
  EXPECT_EQ(out.decision, DecisionKind::kDryRun);
  EXPECT_EQ(condition(out.status, as::kConditionReady)->reason, kReasonActive);
  EXPECT_TRUE(has_event(out, "Normal", "DryRunWouldScale"));
}

TEST(TargetController, PrometheusDownNeverScalesDownAndScalesUpOnlyForWaitingPods) {
  TargetController target;
  const auto cas = CasBuilder().build();
  // While Prometheus answers: 250e6 bytes/s over 5 running pods = 50e6 bytes/s per pod.
  auto out = target.reconcile(cas, InputBuilder(1000).demand(250e6).scale(3, 3).pods(0, 5).build());
  EXPECT_FALSE(out.write_replicas);

  // Prometheus unreachable, nobody waiting: 3 workers stay although 3 is more than the last demand needs at
  // any lower rate — no scale-down without metrics.
  auto down =
      target.reconcile(CasBuilder().status(out.status).build(),
                       InputBuilder(1015).no_demand(kReasonPrometheusUnreachable).scale(3, 3).pods(0, 5).build());
  EXPECT_FALSE(down.write_replicas);
  EXPECT_EQ(down.decision, DecisionKind::kMetricsUnavailable);
  const auto* metrics = condition(down.status, as::kConditionMetricsAvailable);
  ASSERT_NE(metrics, nullptr);
  EXPECT_EQ(metrics->status, "False");
  EXPECT_EQ(metrics->reason, kReasonPrometheusUnreachable);
  EXPECT_TRUE(has_event(down, "Warning", kReasonPrometheusUnreachable));
  EXPECT_EQ(down.status.observedDemand, std::nullopt);

  // 3 pods now wait to mount the dataset: (3 + 5) × 50e6 = 400e6 bytes/s → ceil(400e6 / 100e6) = 4 workers.
  auto pods =
      target.reconcile(CasBuilder().status(down.status).build(),
                       InputBuilder(1030).no_demand(kReasonPrometheusUnreachable).scale(3, 3).pods(3, 5).build());
  EXPECT_EQ(pods.write_replicas, 4);
  EXPECT_TRUE(pods.events.empty());  // the degraded state has not changed: no second warning

  // Even with 10 workers and nobody reading, nothing is removed while metrics are missing.
  auto high = target.reconcile(CasBuilder().max(12).status(down.status).build(),
                               InputBuilder(1045).no_demand(kReasonMalformedAnswer).scale(10, 10).pods(0, 0).build());
  EXPECT_FALSE(high.write_replicas);
  EXPECT_TRUE(has_event(high, "Warning", kReasonMalformedAnswer));  // a new cause is a new warning
}

// spec.podReadThroughput counts waiting pods before any rate per pod is learned, and yields to a learned one.
TEST(TargetController, PrometheusDownCountsWaitingPodsAtTheConfiguredRateUntilOneIsLearned) {
  struct Case {
    const char* name;
    const char* pod_read;        // spec.podReadThroughput ("" = absent)
    bool learn_first;            // a cycle with Prometheus answering: 250e6 B/s over 5 pods = 50e6 B/s each
    std::optional<int> written;  // replicas written when 3 pods wait (and 5 read, if learned), Prometheus down
    std::optional<double> rate;  // the outcome's pod_read_rate (the gauge's value): the rate the pods counted at
  };
  const Case cases[] = {
      {"no rate known", "", false, std::nullopt, std::nullopt},  // nothing to size the waiting pods by: hold 1
      {"configured 60M", "60M", false, 2, 60e6},                 // 3 waiting × 60e6 = 180e6 → ceil(1.8) = 2
      {"configured 150M", "150M", false, 4, 150e6},              // 3 × 150e6 = 450e6 → 5, clamped to maxReplicas 4
      {"learned wins", "10M", true, 4, 50e6},  // (3 + 5) × 50e6 = 400e6 → 4 (at 10e6: 80e6 → 1, below the 3 there)
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TargetController target;
    CasBuilder builder;
    if (*c.pod_read != '\0') {
      builder.pod_read(c.pod_read);
    }
    as::CacheAutoscalerStatus status;
    double active = 0;
    if (c.learn_first) {
      auto out = target.reconcile(builder.build(), InputBuilder(1000).demand(250e6).scale(3, 3).pods(0, 5).build());
      status = out.status;
      active = 5;
    }
    const std::int64_t replicas = c.learn_first ? 3 : 1;
    auto out = target.reconcile(
        builder.status(status).build(),
        InputBuilder(1015).no_demand(kReasonPrometheusUnreachable).scale(replicas, replicas).pods(3, active).build());
    EXPECT_EQ(condition(out.status, as::kConditionMetricsAvailable)->status, "False");
    EXPECT_EQ(out.write_replicas, c.written);
    EXPECT_EQ(out.pod_read_rate, c.rate);
  }
}

// The rate per pod measured while Prometheus answered is in the status (status.learnedPodReadThroughput), and a
// restarted controller (a new TargetController: a new leader) starts from it: Prometheus down, 3 pods waiting.
TEST(TargetController, TheMeasuredRatePerPodIsInTheStatusAndSurvivesARestart) {
  TargetController first;
  // 250e6 B/s over 5 pods reading: 50e6 B/s each.
  const auto measured =
      first.reconcile(CasBuilder().build(), InputBuilder(1000).demand(250e6).scale(1, 1).pods(0, 5).build());
  ASSERT_TRUE(measured.status.learnedPodReadThroughput.has_value());
  EXPECT_DOUBLE_EQ(*measured.status.learnedPodReadThroughput, 50e6);

  struct Case {
    const char* name;
    bool with_status;
    std::optional<std::int64_t> written;
    std::optional<double> rate;  // the outcome's pod_read_rate
  };
  const Case cases[] = {
      {"restarted with the status", true, 2, 50e6},                 // 3 waiting × 50e6 = 150e6 → ceil(1.5) = 2
      {"restarted without it", false, std::nullopt, std::nullopt},  // no rate: hold 1
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TargetController restarted;
    const auto cas = CasBuilder().status(c.with_status ? measured.status : as::CacheAutoscalerStatus{}).build();
    const auto out = restarted.reconcile(
        cas, InputBuilder(1015).no_demand(kReasonPrometheusUnreachable).scale(1, 1).pods(3, 0).build());
    EXPECT_EQ(out.write_replicas, c.written);
    EXPECT_EQ(out.pod_read_rate, c.rate);
    // Kept while nothing new is measured.
    EXPECT_EQ(out.status.learnedPodReadThroughput, cas.status.learnedPodReadThroughput);
  }
}

// Predictive, a dataset's first burst: 20 pods wait to mount it and nothing reads yet. With spec.podReadThroughput
// the forecast's bound (status.forecast.upper, the leading model's while nothing is scored) counts them before they
// read; without it the forecast sees silence. (Whether the bound sizes the workers is the planner's choice between its
// strategies: docs/autoscaler.md.)
TEST(TargetController, AConfiguredPodReadRateCountsTheFirstWaitingPodsInTheForecast) {
  struct Case {
    const char* pod_read;
    double upper;  // B/s
  };
  const Case cases[] = {
      {"", 0},         // silence
      {"25M", 250e6},  // 20 pods × 25e6 B/s × the forecaster's starting gain 0.5
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string("podReadThroughput ") + c.pod_read);
    TargetController target(without_warm_up_headroom());
    CasBuilder builder;
    builder.mode("Predictive").max(8);
    if (*c.pod_read != '\0') {
      builder.pod_read(c.pod_read);
    }
    const auto out = target.reconcile(builder.build(), InputBuilder(1000).demand(0).scale(1, 1).pods(20, 0).build());
    ASSERT_TRUE(out.status.forecast.has_value());
    ASSERT_TRUE(out.status.forecast->upper.has_value());
    EXPECT_DOUBLE_EQ(*out.status.forecast->upper, c.upper);
  }
}

// Predictive: the pods the watch shows one by one (their ages) reach the core with the timings they showed, and
// those due a lead time on are asked for (autoscaler/pods.hpp). Lead 10 s, decisions 15 s apart: due in [10, 25] s.
TEST(TargetController, PodsDueALeadTimeOnAreAskedForOnceTheirTimingsAreSeen) {
  struct Case {
    const char* name;
    bool ages;    // the watch has synced: CycleInput::pod_ages
    bool notice;  // a pod was seen to begin reading 60 s after it was created, and one to stop
    std::optional<std::int64_t> written;
  };
  const Case cases[] = {
      {"counts only", false, true, std::nullopt},  // 400e6 B/s over 4 pods needs the 4 there are
      {"no notice seen", true, false, std::nullopt},
      // 8 pods of age 45 begin at 60 − 45 = 15 s, in [10, 25]: 8 × 100e6 B/s (400e6 over 4 reading) = 8 workers.
      {"due", true, true, 8},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TargetController target(without_warm_up_headroom());
    auto in = InputBuilder(1000).demand(400e6).scale(4, 4).pods(8, 4).build();
    if (c.ages) {
      in.pod_ages = as::PodAges{std::vector<double>(8, 45.0), {}};
    }
    if (c.notice) {
      in.pod_timings.notices_s = {60};
      in.pod_timings.reads_s = {30};  // and one stopped after 30 s: pods of age 45 read over [15, 45] s
    }
    const auto out = target.reconcile(CasBuilder().mode("Predictive").max(12).build(), in);
    EXPECT_EQ(out.write_replicas, c.written);
    // The gauges' values: the notice once one was seen, and the workers asked for pods due (0: none due).
    EXPECT_EQ(out.pod_notice_s, c.notice ? std::optional<double>(60) : std::nullopt);
    EXPECT_EQ(out.pod_read_s, c.notice ? std::optional<double>(30) : std::nullopt);
    EXPECT_EQ(out.pods_due_workers, std::optional<int>(c.written ? 8 : 0));
  }
}

// The pods counted due that never come (say, Jobs deleted before they ran) show in the share the gauge reports: eight
// pods of age 45 wait every cycle and never begin, and demand stays the four reading pods' 400e6 B/s. Each count,
// 8 × 100e6 = 800e6 B/s in [10, 25] s from its cycle, is settled against the 400e6 seen once its window has passed:
// share 400e6 / 800e6 = 0.5 (1 until the first is settled).
TEST(TargetController, ThePodsDueShareIsTheShareOfTheCountsThatCame) {
  TargetController target;
  CasBuilder cas;
  cas.mode("Predictive").max(12);
  CycleOutcome out;
  std::vector<std::optional<double>> shares;
  for (double now = 1000; now <= 1150; now += 15) {
    auto in = InputBuilder(now).demand(400e6).scale(4, 4).pods(8, 4).build();
    in.pod_ages = as::PodAges{std::vector<double>(8, 45.0), {}};
    if (now == 1000) {
      in.pod_timings.notices_s = {60};
      in.pod_timings.reads_s = {30};
    }
    out = target.reconcile(cas.status(out.status).build(), in);
    shares.push_back(out.pods_due_share);
  }
  EXPECT_EQ(shares.front(), std::optional<double>(1.0));
  ASSERT_TRUE(shares.back().has_value());
  EXPECT_NEAR(*shares.back(), 0.5, 1e-9);
  // Reactive mode counts no pods due: no share is reported.
  TargetController reactive;
  const auto in = InputBuilder(1000).demand(400e6).scale(4, 4).pods(8, 4).build();
  EXPECT_EQ(reactive.reconcile(CasBuilder().mode("Reactive").max(12).build(), in).pods_due_share, std::nullopt);
}

// Pods that serve are deleted without finishing: no read reaches the cycle, and the read is the one demand shows.
// Pods begin to read every 5 to 15 s (none in the last 20 s), read 30 s at 100e6 B/s and serve 300 s more; a cycle
// every 15 s for 15 min, the lead time 10 s. Returns the last cycle's outcome; `events` gets every cycle's.
CycleOutcome serve_pods_for_15_min(TargetController& target, CasBuilder cas, std::vector<EventRecord>& events) {
  std::vector<double> starts;
  for (int k = 0; k < 124; ++k) {
    const double s = 1000 - 330 + 10.0 * k + static_cast<double>((k * 7) % 11) - 5;
    if (s <= 1880) {
      starts.push_back(s);
    }
  }
  CycleOutcome out;
  for (double now = 1015; now <= 1900; now += 15) {
    as::PodAges ages;
    double bytes = 0;  // read in the 15 s before now (a rate over the cycle): 100e6 B/s by each pod over [s, s + 30)
    for (const double s : starts) {
      if (s <= now && now < s + 330) {
        ages.reading_s.push_back(now - s);
      }
      bytes += 100e6 * std::max(0.0, std::min(now, s + 30) - std::max(now - 15, s));
    }
    // The last cycle: twelve pods created 75 s ago, with 90 s of notice, read over [15, 45] s from now, in the window
    // [lead, lead + interval] = [10, 25]; the running ones have all read for 20 s or more, done by 10 s.
    // 12 × 100e6 B/s (the slope of demand on the pods reading) = 12 workers of 100e6.
    if (now == 1900) {
      ages.waiting_s.assign(12, 75);
    }
    auto in = InputBuilder(now)
                  .demand(bytes / 15)
                  .scale(3, 3)
                  .pods(static_cast<double>(ages.waiting_s.size()), static_cast<double>(ages.reading_s.size()))
                  .build();
    in.pod_ages = ages;
    if (now == 1015) {
      in.pod_timings.notices_s = {90};  // one pod seen to begin reading 90 s after it was created; none to stop
    }
    out = target.reconcile(cas.status(out.status).build(), in);
    events.insert(events.end(), out.events.begin(), out.events.end());
  }
  return out;
}

TEST(TargetController, ServingPodsDueAreAskedForAtTheReadDemandShows) {
  TargetController target;
  std::vector<EventRecord> events;
  CasBuilder cas;
  cas.mode("Predictive").max(20);
  const auto out = serve_pods_for_15_min(target, cas, events);
  EXPECT_EQ(out.pod_read_s, std::optional<double>(30));
  EXPECT_EQ(out.demand_lag_s, std::optional<double>(0));  // demand is the cycle's mean, as the counts are: no lag
  EXPECT_EQ(out.pods_due_workers, std::optional<int>(12));
  EXPECT_EQ(out.write_replicas, 12);
  // A pod is seen to stop after 28 s: the read is the pods' own, and demand's lag is no longer said.
  auto in = InputBuilder(1915).demand(1200e6).scale(12, 12).pods(0, 12).build();
  in.pod_ages = as::PodAges{{}, std::vector<double>(12, 15)};
  in.pod_timings.reads_s = {28};
  const auto after = target.reconcile(cas.status(out.status).build(), in);
  EXPECT_EQ(after.pod_read_s, std::optional<double>(28));
  EXPECT_EQ(after.demand_lag_s, std::nullopt);
}

// spec.podReadSeconds: the pods due are asked for at the first cycle, before any pod or demand shows a read. Three
// pods have read for 20 s at 100e6 B/s each; twelve were created 75 s ago and, with 90 s of notice, read over [15, 45]
// s from now, within [lead, lead + interval] = [10, 25]: 12 × 100e6 B/s = 12 workers of 100e6 (without the read, the 3
// there).
TEST(TargetController, AConfiguredReadAsksForThePodsDueAtTheFirstCycle) {
  struct Case {
    std::int64_t read_s;  // spec.podReadSeconds (0: absent)
    std::optional<double> read_in_use;
    std::optional<int> replicas;  // written (nullopt: the 3 there are what demand needs, nothing written)
  };
  const Case cases[] = {{30, 30, 12}, {0, std::nullopt, std::nullopt}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.read_s);
    TargetController target(without_warm_up_headroom());
    auto in = InputBuilder(1000).demand(300e6).scale(3, 3).pods(12, 3).build();
    in.pod_ages = as::PodAges{std::vector<double>(12, 75), std::vector<double>(3, 20)};
    in.pod_timings.notices_s = {90};
    CasBuilder cas;
    cas.mode("Predictive").max(20);
    if (c.read_s > 0) {
      cas.pod_read_seconds(c.read_s);
    }
    const auto out = target.reconcile(cas.build(), in);
    EXPECT_EQ(out.pod_read_s, c.read_in_use);
    EXPECT_EQ(out.write_replicas, c.replicas);
  }
}

// spec.podReadSeconds against the read pods show (one stopped after 10 s): a Warning when they differ by more than 2x
// either way, none within it (10 × 2 = 20 agrees, 21 does not; 10 / 2 = 5 agrees, 4 does not), none with nothing to
// compare.
TEST(TargetController, AConfiguredReadThatDisagreesWithThePodsReadIsWarnedAbout) {
  struct Case {
    std::int64_t configured_s;    // spec.podReadSeconds (0: absent)
    std::vector<double> reads_s;  // reads the pods showed this cycle
    bool warned;
  };
  const Case cases[] = {
      {60, {10}, true}, {21, {10}, true}, {20, {10}, false}, {15, {10}, false},
      {5, {10}, false}, {4, {10}, true},  {0, {10}, false},  {60, {}, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.configured_s);
    TargetController target;
    auto in = InputBuilder(1000).demand(300e6).scale(3, 3).build();
    in.pod_timings.reads_s = c.reads_s;
    CasBuilder cas;
    cas.mode("Predictive");
    if (c.configured_s > 0) {
      cas.pod_read_seconds(c.configured_s);
    }
    const auto out = target.reconcile(cas.build(), in);
    const auto warning = std::find_if(out.events.begin(), out.events.end(),
                                      [](const EventRecord& e) { return e.reason == kReasonPodReadSecondsDisagrees; });
    ASSERT_EQ(warning != out.events.end(), c.warned);
    if (c.warned) {
      EXPECT_EQ(warning->type, "Warning");
      const std::string configured = "spec.podReadSeconds is " + std::to_string(c.configured_s) + " s";
      EXPECT_NE(warning->message.find(configured), std::string::npos) << warning->message;
      EXPECT_NE(warning->message.find("the pods that stopped reading show a read of 10 s"), std::string::npos);
      EXPECT_NE(warning->message.find("set spec.podReadSeconds near 10 s"), std::string::npos);
    }
  }
}

// The warning is made when the disagreement begins, not at every cycle: again when the spec changes to another value
// that still disagrees, and after an edit that agreed.
TEST(TargetController, ADisagreeingReadIsWarnedAboutOncePerValue) {
  struct Step {
    std::int64_t configured_s;
    bool warned;
  };
  // The pods showed a read of 10 s at the first cycle.
  const Step steps[] = {{60, true}, {60, false}, {90, true}, {90, false}, {12, false}, {60, true}, {60, false}};
  TargetController target;
  double now = 1000;
  for (const auto& step : steps) {
    SCOPED_TRACE(testing::Message() << "t " << now << " configured " << step.configured_s);
    auto in = InputBuilder(now).demand(300e6).scale(3, 3).build();
    if (now == 1000) {
      in.pod_timings.reads_s = {10};
    }
    const auto out = target.reconcile(CasBuilder().mode("Predictive").pod_read_seconds(step.configured_s).build(), in);
    EXPECT_EQ(std::count_if(out.events.begin(), out.events.end(),
                            [](const EventRecord& e) { return e.reason == kReasonPodReadSecondsDisagrees; }),
              step.warned ? 1 : 0);
    now += 15;
  }
}

// Where no pod finishes, the read demand shows is compared: 30 s (the serving pods above) against 90 s configured
// (3x) is warned about once over the 15 min; 45 s (1.5x) is not.
TEST(TargetController, AConfiguredReadThatDisagreesWithTheReadDemandShowsIsWarnedAboutOnce) {
  for (const std::int64_t configured : {90, 45}) {
    SCOPED_TRACE(configured);
    TargetController target;
    std::vector<EventRecord> events;
    CasBuilder cas;
    cas.mode("Predictive").max(20).pod_read_seconds(configured);
    const auto out = serve_pods_for_15_min(target, cas, events);
    EXPECT_EQ(out.pod_read_s, std::optional<double>(30));
    std::vector<std::string> warnings;
    for (const auto& e : events) {
      if (e.reason == kReasonPodReadSecondsDisagrees) {
        warnings.push_back(e.message);
      }
    }
    if (configured == 90) {
      ASSERT_EQ(warnings.size(), 1U);
      EXPECT_NE(warnings[0].find("spec.podReadSeconds is 90 s but demand shows a read of 30 s"), std::string::npos)
          << warnings[0];
    } else {
      EXPECT_TRUE(warnings.empty());
    }
  }
}

TEST(TargetController, ConditionTransitionTimeChangesOnlyWithTheStatus) {
  TargetController target;
  as::CacheAutoscalerStatus before;
  before.conditions.push_back({as::kConditionReady, "True", 1, "2026-01-01T00:00:00Z", kReasonActive, "old"});
  before.conditions.push_back(
      {as::kConditionMetricsAvailable, "False", 1, "2026-01-01T00:00:00Z", kReasonNoData, "no series"});
  const auto out =
      target.reconcile(CasBuilder().status(before).build(), InputBuilder(1000).demand(1e6).scale(1, 1).build());
  EXPECT_EQ(condition(out.status, as::kConditionReady)->lastTransitionTime, "2026-01-01T00:00:00Z");
  EXPECT_EQ(condition(out.status, as::kConditionMetricsAvailable)->lastTransitionTime, "1970-01-01T00:16:40Z");
}

TEST(TargetController, LearnsTheLeadTimeFromWorkerStarts) {
  TargetController target;
  const auto cas = CasBuilder().lead_auto().build();
  auto out = target.reconcile(cas, InputBuilder(1000).demand(250e6).scale(1, 1).build());
  ASSERT_EQ(out.write_replicas, 3);
  EXPECT_EQ(out.status.learnedLeadTimeSeconds, std::nullopt);
  target.record_write(out, 1, "", 1000);
  // 30 s later only 1 of 3 workers is up: still timing.
  out = target.reconcile(cas, InputBuilder(1030).demand(250e6).scale(3, 1).build());
  EXPECT_EQ(out.status.learnedLeadTimeSeconds, std::nullopt);
  // 45 s after the write all 3 report: learned 45 s, and the Ready message names the lead time in use.
  out = target.reconcile(cas, InputBuilder(1045).demand(250e6).scale(3, 3).build());
  EXPECT_EQ(out.status.learnedLeadTimeSeconds, 45.0);
  EXPECT_NE(condition(out.status, as::kConditionReady)->message.find("lead time 45 s"), std::string::npos);
  EXPECT_EQ(target.learned_lead_time(), 45.0);
}

TEST(TargetController, BackfillFeedsTheHistoryOnce) {
  TargetController target;
  EXPECT_TRUE(target.needs_backfill());
  auto input = InputBuilder(1000).demand(1e6).scale(1, 1).build();
  for (int i = 0; i < 10; ++i) {
    input.backfill.push_back({900.0 + 10 * i, 1e6, -1, -1});  // t = 900 .. 990
  }
  (void)target.reconcile(CasBuilder().build(), input);
  EXPECT_FALSE(target.needs_backfill());
  EXPECT_EQ(target.samples_observed(), 11U);  // 10 back-filled + this cycle's
  // A repeated evaluation time adds nothing (the forecaster needs strictly increasing times).
  (void)target.reconcile(CasBuilder().build(), input);
  EXPECT_EQ(target.samples_observed(), 11U);
}

// The spec's hold reaches the core before the back-fill does, so the first decision keeps every back-filled
// need the spec's hold covers. Lead 10 s: price 60 holds 600 s, price 7 holds 70 s. A 400 MB/s burst at
// t = 450 (ceil(400e6 / 100e6) = 4 workers) is 550 s before the first decision at t = 1000; demand since is
// 100 MB/s (1 worker). The core's default hold (7 × 60 s = 420 s) would have dropped the burst.
TEST(TargetController, BackfillIsHeldByTheSpecsHold) {
  struct Case {
    double price;
    std::int64_t want;
  };
  const Case cases[] = {{60, 4}, {7, 1}};
  for (const auto& c : cases) {
    SCOPED_TRACE("price " + std::to_string(c.price));
    TargetController target;
    auto input = InputBuilder(1000).demand(100e6).scale(1, 1).build();
    input.backfill.push_back({450, 400e6, -1, -1});
    for (int i = 1; i < 55; ++i) {
      input.backfill.push_back({450.0 + 10 * i, 100e6, -1, -1});  // t = 460 .. 990
    }
    const auto out = target.reconcile(CasBuilder().mode("Predictive").unmet_price(c.price).build(), input);
    ASSERT_TRUE(out.strategy.has_value());
    EXPECT_EQ(*out.strategy, "hold");
    EXPECT_EQ(out.write_replicas.value_or(1), c.want);
  }
}

// Each CacheAutoscaler's season searches get the phase of its "namespace/name", and only that changes.
TEST(OptionsForTarget, GivesEachTargetItsOwnSeasonPhase) {
  TargetOptions options;
  options.decision_interval_s = 30;
  options.forecaster.season_refresh_s = 1800;
  const TargetOptions a = options_for_target(options, "team-a/imagenet");
  const TargetOptions b = options_for_target(options, "team-a/imagenet-2");
  EXPECT_EQ(a.forecaster.season_phase_s, as::season_phase_for("team-a/imagenet", 1800));
  EXPECT_EQ(b.forecaster.season_phase_s, as::season_phase_for("team-a/imagenet-2", 1800));
  EXPECT_NE(a.forecaster.season_phase_s, b.forecaster.season_phase_s);
  EXPECT_LT(options.forecaster.season_phase_s, 0);  // the shared options keep no phase
  EXPECT_EQ(a.decision_interval_s, 30);
  EXPECT_EQ(a.forecaster.season_refresh_s, 1800);
}

TEST(PredictiveReason,
     NamesTheStrategyTheHeadroomTheMeanThePeaksTheSteadyLevelTheDominantTheEarlyTrendThePodsDueTheEdgeAndTheBudget) {
  // A forecast of 1.5 GB/s from the trend within 60 s, demand now 1 GB/s; the hold in force keeps what demand needed.
  as::Forecast forecast;
  forecast.upper = 1.5e9;
  forecast.model = as::ForecastModel::kTrend;
  const std::string base = "forecast 1.5GB/s (trend) within 60 s, demand now 1GB/s";
  struct Case {
    const char* name;
    as::Strategy strategy;
    bool over_budget;
    bool headroom;
    std::string want;
    int steady_level = 0;
    bool onset_due = false;
    bool mean_hold = false;
    bool peak_hold = false;
    bool dominant = false;
    bool early_trend = false;
    bool forecast_raise = false;
    double hold_s = 420;
    int pods_due = 0;  // Plan::pods_due_need, when the pods due raised the plan
    int edge_add = 0;  // Plan::edge_add_need, when an add at a level's edge raised it
    bool ramp_raise = false;
  };
  const Case cases[] = {
      {"the forecast", as::Strategy::kForecast, false, false, base},
      {"the hold", as::Strategy::kHold, false, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base + ")"},
      {"a hold the budget chose", as::Strategy::kHold, true, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base +
           "); the spend budget binds at 2.01x the clairvoyant floor"},
      {"the short hold with headroom", as::Strategy::kHold, true, true,
       "demand needed 4 workers with headroom within the last 420 s (hold strategy; " + base +
           "); the spend budget binds at 2.01x the clairvoyant floor"},
      {"the mean hold", as::Strategy::kHold, true, false,
       "demand needed 4 workers on average within the last 420 s (hold strategy; " + base +
           "); the spend budget binds at 2.01x the clairvoyant floor",
       0, false, true},
      {"the mean hold with headroom", as::Strategy::kHold, true, true,
       "demand needed 4 workers on average with headroom within the last 420 s (hold strategy; " + base +
           "); the spend budget binds at 2.01x the clairvoyant floor",
       0, false, true},
      {"the unheld mean, dominant", as::Strategy::kHold, false, true,
       "demand needed 4 workers on average with headroom now, held no longer (hold strategy; " + base +
           "); it would have missed less than the strategy the costs chose, for less",
       0, false, true, false, true, false, false, 0},
      {"the peak hold", as::Strategy::kHold, false, false,
       "demand needed 4 workers at its peaks within the last 420 s (hold strategy; " + base + ")", 0, false, false,
       true},
      {"the short hold with headroom, dominant", as::Strategy::kHold, false, true,
       "demand needed 4 workers with headroom within the last 420 s (hold strategy; " + base +
           "); it would have missed less than the strategy the costs chose, for less",
       0, false, false, false, true},
      {"the hold raised to the trend before the strategies are compared", as::Strategy::kHold, false, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base +
           "); raised to the forecast until the strategies are first compared",
       0, false, false, false, false, true},
      {"the hold raised to the forecast", as::Strategy::kHold, false, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base +
           "); raised to the forecast, which has foretold what the hold missed",
       0, false, false, false, false, false, true},
      {"the forecast the budget chose", as::Strategy::kForecast, true, false,
       base + "; the spend budget binds at 2.01x the clairvoyant floor"},
      {"the steady level", as::Strategy::kHold, false, false,
       "a steady 4 workers, which would have missed less than the hold for less (hold strategy; " + base + ")", 4},
      {"the onset clock, a burst due", as::Strategy::kHold, false, false,
       "the next burst is due: 4 workers, what the recent bursts needed (onset clock, hold strategy; " + base + ")", 0,
       true},
      {"the hold raised for pods due", as::Strategy::kHold, false, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base +
           "); raised to 9 workers for pods due to read within 60 s",
       0, false, false, false, false, false, false, 420, 9},
      {"the hold raised by an add at a level's edge", as::Strategy::kHold, false, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base +
           "); 5 workers kept: demand added one at a level's edge within the last 60 s",
       0, false, false, false, false, false, false, 420, 0, 5},
      {"the hold raised to the ramp", as::Strategy::kHold, false, false,
       "demand needed 4 workers within the last 420 s (hold strategy; " + base +
           "); raised to the ramp demand climbs along",
       0, false, false, false, false, false, false, 420, 0, 0, true},
  };
  for (const auto& c : cases) {
    as::Plan plan;
    plan.strategy = c.strategy;
    plan.held_need = 4;
    plan.hold_s = c.hold_s;
    plan.over_budget = c.over_budget;
    plan.headroom = c.headroom;
    plan.steady_level = c.steady_level;
    plan.onset_due = c.onset_due;
    plan.onset_clock = c.onset_due;
    plan.mean_hold = c.mean_hold;
    plan.peak_hold = c.peak_hold;
    plan.dominant = c.dominant;
    plan.early_trend = c.early_trend;
    plan.forecast_raise = c.forecast_raise;
    plan.ramp_raise = c.ramp_raise;
    plan.pods_due = c.pods_due > 0;
    plan.pods_due_need = c.pods_due;
    plan.edge_add = c.edge_add > 0;
    plan.edge_add_need = c.edge_add;
    plan.spend_ratio = 2.0125;
    EXPECT_EQ(predictive_reason(plan, forecast, 60, 1e9), c.want) << c.name;
  }
}

TEST(DemandQuery, PlaceholdersAndDefaults) {
  struct Case {
    const char* query;
    const char* expanded;
  };
  const Case cases[] = {
      {R"(sum(rate(x{namespace="{{namespace}}",dataset="{{dataset}}"}[1m])))",
       R"(sum(rate(x{namespace="ai",dataset="imagenet"}[1m])))"},
      {"{{runtime}}", "imagenet"},
      {"{{unknown}} {", "{{unknown}} {"},  // not a placeholder: left as written
      {"label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")", "label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(expand_query(c.query, "ai", "imagenet"), c.expanded);
  }
  auto cas = CasBuilder().build();
  cas.spec.demandQuery.reset();
  EXPECT_EQ(demand_query(cas), "");  // Alluxio: no default (validate_spec requires one)
  cas.spec.targetRef.kind = "JuiceFSRuntime";
  // The default, expanded: each FUSE client read with rate once a minute old, with irate before while it is
  // live (prom/demand_query.hpp; tests/prom/demand_query_test.cpp runs the form in promtool).
  EXPECT_EQ(demand_query(cas),
            R"(sum((rate(juicefs_fuse_read_size_bytes_sum{namespace="ai",dataset="imagenet"}[1m]) and )"
            R"(juicefs_fuse_read_size_bytes_sum{namespace="ai",dataset="imagenet"} offset 1m) or )"
            R"((irate(juicefs_fuse_read_size_bytes_sum{namespace="ai",dataset="imagenet"}[1m]) and )"
            R"(juicefs_fuse_read_size_bytes_sum{namespace="ai",dataset="imagenet"})))");
}

}  // namespace
}  // namespace cachepilot::controller
