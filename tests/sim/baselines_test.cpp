// The baselines' rules, each on its own, with the arithmetic of the upstream code in the comments.
#include "sim/baselines.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace cachepilot::sim {
namespace {

using hpa::Behavior;
using hpa::BehaviorState;

TEST(HpaPlainMetric, ToleranceBandAndCeil) {
  struct Case {
    int current;
    double per_pod;  // each ready pod's value; target 100
    int ready;
    int expected;
  };
  const Case cases[] = {
      {4, 105, 4, 4},   // ratio 1.05: |1 − 1.05| ≤ 0.1 → keep
      {4, 91, 4, 4},    // ratio 0.91: within tolerance → keep
      {4, 111, 4, 5},   // ratio 1.11 → ceil(1.11 × 4) = ceil(4.44) = 5
      {4, 89, 4, 4},    // ratio 0.89 → ceil(0.89 × 4) = ceil(3.56) = 4
      {4, 50, 4, 2},    // ratio 0.5 → ceil(2) = 2
      {4, 300, 4, 12},  // ratio 3 → 12
      {3, 0, 3, 0},     // no demand → 0 (the controller then clamps to min)
  };
  for (const auto& c : cases) {
    const std::vector<double> values(static_cast<std::size_t>(c.ready), c.per_pod);
    EXPECT_EQ(hpa::plain_metric_replicas(c.current, values, 0, 0, 100), c.expected) << c.per_pod;
  }
}

TEST(HpaPlainMetric, UnreadyPodsCountAsZeroOnScaleUp) {
  // 2 ready pods at 200 (ratio 2) and 2 unready: rebalance → (400 + 0 + 0) / 4 pods = 100 → ratio 1.0 → within
  // tolerance → keep 4 (the HPA does not double-count pods that are still starting).
  EXPECT_EQ(hpa::plain_metric_replicas(4, {200, 200}, 2, 0, 100), 4);
  // 2 ready at 300 and 1 unready: (600) / 3 = 200 → ratio 2 → ceil(2 × 3) = 6.
  EXPECT_EQ(hpa::plain_metric_replicas(3, {300, 300}, 1, 0, 100), 6);
  // On a scale-down unready pods are just ignored: 2 ready at 50, 2 unready → ratio 0.5 → ceil(0.5 × 2) = 1.
  EXPECT_EQ(hpa::plain_metric_replicas(4, {50, 50}, 2, 0, 100), 1);
}

TEST(HpaPlainMetric, MissingPodsCountAsFullOnScaleDownAndZeroOnScaleUp) {
  // Scale-down: 2 reporting at 40 (ratio 0.4), 2 missing counted at 100 → (80 + 200) / 4 = 70 → ratio 0.7 →
  // ceil(0.7 × 4) = ceil(2.8) = 3.
  EXPECT_EQ(hpa::plain_metric_replicas(4, {40, 40}, 0, 2, 100), 3);
  // Scale-up: 2 reporting at 200 (ratio 2), 2 missing counted at 0 → 400 / 4 = 100 → ratio 1 → keep 4.
  EXPECT_EQ(hpa::plain_metric_replicas(4, {200, 200}, 0, 2, 100), 4);
  // Scale-up: 2 at 300, 1 missing → 600 / 3 = 200 → ceil(2 × 3) = 6.
  EXPECT_EQ(hpa::plain_metric_replicas(3, {300, 300}, 0, 1, 100), 6);
}

TEST(HpaPlainMetric, NoReadyMetricsLeavesTheScaleAlone) {
  EXPECT_FALSE(hpa::plain_metric_replicas(3, {}, 3, 0, 100).has_value());
}

TEST(HpaExternalAverageValue, KedaReplicasAreUsageOverThreshold) {
  // usage 950, threshold 100, 9 replicas: ratio 950 / 900 = 1.056 → within tolerance → keep 9.
  EXPECT_EQ(hpa::external_per_pod_replicas(9, 950, 100), 9);
  // usage 950, 5 replicas: ratio 1.9 → ceil(950 / 100) = 10 (readiness plays no part).
  EXPECT_EQ(hpa::external_per_pod_replicas(5, 950, 100), 10);
  // usage 120, 5 replicas: ratio 0.24 → ceil(1.2) = 2.
  EXPECT_EQ(hpa::external_per_pod_replicas(5, 120, 100), 2);
}

TEST(HpaObjectValue, FluidRatioTimesReadyPods) {
  // usage 180% vs target 90: ratio 2 → ceil(2 × ready 3) = 6 (current 5: 2 are not ready).
  EXPECT_EQ(hpa::object_value_replicas(5, 3, 180, 90), 6);
  // usage 95 vs 90: ratio 1.056 → keep.
  EXPECT_EQ(hpa::object_value_replicas(5, 5, 95, 90), 5);
}

TEST(HpaBehavior, ScaleUpLimitIsMaxOfDoubleOrPlusFour) {
  const Behavior b = Behavior::kubernetes_default();
  BehaviorState s;
  // current 2: max(2 + 4, ceil(2 × 2)) = 6; current 10: max(14, 20) = 20.
  EXPECT_EQ(s.scale_up_limit(0, 2, b.scale_up), 6);
  EXPECT_EQ(s.scale_up_limit(0, 10, b.scale_up), 20);
  EXPECT_EQ(s.normalize(0, 2, 50, 1, 100, b), 6);
  EXPECT_EQ(s.normalize(0, 10, 50, 1, 100, b), 20);
  // The limit counts additions within the 15 s period: after 2 → 6 at t = 100, at t = 110 the period started at 2
  // replicas, so the limit is still max(2 + 4, 4) = 6: no further growth until t > 115.
  s.record_scale(100, 2, 6);
  EXPECT_EQ(s.scale_up_limit(110, 6, b.scale_up), 6);
  EXPECT_EQ(s.normalize(110, 6, 50, 1, 100, b), 6);
  EXPECT_EQ(s.scale_up_limit(116, 6, b.scale_up), 12);  // period over: max(6 + 4, 12)
}

TEST(HpaBehavior, ScaleDownWaitsForTheWindowAndTakesItsHighestRecommendation) {
  const Behavior b = Behavior::kubernetes_default();
  BehaviorState s;
  // Recommendations at t = 0: 10, t = 100: 4, t = 200: 3. Current 10.
  EXPECT_EQ(s.normalize(0, 10, 10, 1, 100, b), 10);
  EXPECT_EQ(s.normalize(100, 10, 4, 1, 100, b), 10);  // window (−200, 100] holds 10 → stay
  EXPECT_EQ(s.normalize(200, 10, 3, 1, 100, b), 10);
  // t = 301: the 10 at t = 0 left the window (cutoff 1): highest left is 4 → scale to 4 (100% per 15 s allows it).
  EXPECT_EQ(s.normalize(301, 10, 3, 1, 100, b), 4);
  // t = 401: the 4 left too → 3.
  EXPECT_EQ(s.normalize(401, 4, 3, 1, 100, b), 3);
}

TEST(HpaBehavior, ScaleDownRespectsMinReplicas) {
  const Behavior b = Behavior::kubernetes_default();
  BehaviorState s;
  EXPECT_EQ(s.normalize(0, 5, 0, 2, 100, b), 2);  // no window history: 0 → clamped to min 2
}

TEST(HpaBehavior, FluidAddsTwoPodsPer600SecondsAndNeverScalesDown) {
  const Behavior b = Behavior::fluid_documented();
  BehaviorState s;
  EXPECT_EQ(s.normalize(0, 1, 10, 1, 100, b), 3);  // 1 + 2
  s.record_scale(0, 1, 3);
  EXPECT_EQ(s.normalize(300, 3, 10, 1, 100, b), 3);  // period started at 1: limit 1 + 2 = 3
  EXPECT_EQ(s.normalize(601, 3, 10, 1, 100, b), 5);  // new period: 3 + 2
  EXPECT_EQ(s.normalize(2000, 5, 1, 1, 100, b), 5);  // scale-down disabled
}

TEST(Kpa, PanicsAtTwiceTheReadyPodsAndNeverScalesDownInPanic) {
  kpa::Config cfg;
  cfg.target_per_pod = 10;
  kpa::State st;
  // 2 ready; stable 20 → 2 pods; panic 40 → dppc 4 = 2 × ready → panic. Desired = max(2, 4) = 4.
  EXPECT_EQ(kpa::scale(0, 2, 20, 40, cfg, st), 4);
  EXPECT_GE(st.panic_since, 0);
  // Calm (panic 10 → 1 pod) 30 s later: still panicking (< 60 s) → hold max_panic_pods = 4.
  EXPECT_EQ(kpa::scale(30, 4, 10, 10, cfg, st), 4);
  // 61 s after the last over-threshold tick: un-panic → stable decides: ceil(10 / 10) = 1, but at most halve
  // per tick: floor(4 / 2) = 2.
  EXPECT_EQ(kpa::scale(61, 4, 10, 10, cfg, st), 2);
  EXPECT_LT(st.panic_since, 0);
}

TEST(Kpa, StableModeBelowThreshold) {
  kpa::Config cfg;
  cfg.target_per_pod = 10;
  kpa::State st;
  // 4 ready, panic 70 → dppc 7: 7 / 4 = 1.75 < 2 → no panic; stable 55 → ceil(5.5) = 6.
  EXPECT_EQ(kpa::scale(0, 4, 55, 70, cfg, st), 6);
  EXPECT_LT(st.panic_since, 0);
}

TEST(Policies, FactoryKnowsEveryNameAndRejectsOthers) {
  Trace t;
  t.demand = {1, 2, 3};
  SimParams p;
  for (const auto& name : policy_names()) {
    auto pol = make_policy(name, t, p);
    ASSERT_TRUE(pol.ok()) << name;
    EXPECT_EQ((*pol)->name(), name);
  }
  EXPECT_FALSE(make_policy("vpa", t, p).ok());
  SimParams negative_budget = p;
  negative_budget.cost_budget = -1;
  EXPECT_FALSE(make_policy("cachepilot", t, negative_budget).ok());
  SimParams negative_pod_read = p;
  negative_pod_read.pod_read_throughput = -1;
  EXPECT_FALSE(make_policy("cachepilot", t, negative_pod_read).ok());
  for (const double bad : {-1.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    SimParams pod_read_seconds = p;
    pod_read_seconds.pod_read_seconds = bad;
    EXPECT_FALSE(make_policy("cachepilot", t, pod_read_seconds).ok()) << bad;
  }
  p.target_utilization = 0;
  EXPECT_FALSE(make_policy("hpa", t, p).ok());
}

}  // namespace
}  // namespace cachepilot::sim
