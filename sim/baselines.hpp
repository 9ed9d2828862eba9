#pragma once
// The policies of `cachepilot simulate`: faithful models of the autoscalers a cache runtime could have today, the
// clairvoyant and ideal-reactive bounds, and cachepilot's own core. The rule functions are exposed so that tests can
// check each rule on its own.
//
// Upstream sources the rules follow (DESIGN.md §5):
//   HPA: kubernetes pkg/controller/podautoscaler/replica_calculator.go (calcPlainMetricReplicas,
//        GetExternalPerPodMetricReplicas, GetObjectMetricReplicas/getUsageRatioReplicaCount) and horizontal.go
//        (stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate,
//        calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors); defaults from
//        pkg/apis/autoscaling/v2/defaults.go; 15 s sync (--horizontal-pod-autoscaler-sync-period), tolerance 0.1.
//   KEDA: Prometheus scaler → HPA External metric with target type AverageValue = threshold.
//   KPA: knative.dev/serving pkg/autoscaler/scaling/autoscaler.go (Scale), defaults from config-autoscaler.
//   Fluid: docs "Alluxio/JuiceFS runtime autoscaling": HPA on the runtime's /scale, Object metric
//        capacity_used_rate target Value 90, scaleUp Pods 2 per 600 s, scaleDown selectPolicy Disabled.
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/simulator.hpp"

namespace cachepilot::sim {

namespace hpa {

inline constexpr double kTolerance = 0.1;  // --horizontal-pod-autoscaler-tolerance
inline constexpr int kSyncPeriodS = 15;    // --horizontal-pod-autoscaler-sync-period
inline constexpr int kRateWindowS = 60;    // the Prometheus query the adapter serves: rate(...[1m])

// calcPlainMetricReplicas for a Pods metric. `ready_values` are the metric values of pods that are ready and
// report; `unready` pods are pending/not ready; `missing` pods are running but report no metric. Returns nullopt
// when no ready pod reports (the HPA then keeps the scale: "did not receive metrics for any ready pods").
[[nodiscard]] std::optional<int> plain_metric_replicas(int current_replicas, const std::vector<double>& ready_values,
                                                       int unready, int missing, double target_per_pod,
                                                       double tolerance = kTolerance);

// GetExternalPerPodMetricReplicas: External metric with an AverageValue target. `status_replicas` is the scale's
// status.replicas (all pods, ready or not).
[[nodiscard]] int external_per_pod_replicas(int status_replicas, double usage, double target_per_pod,
                                            double tolerance = kTolerance);

// GetObjectMetricReplicas with a Value target (getUsageRatioReplicaCount): ratio = usage / target; the new count
// is ceil(ratio × ready pods) unless within tolerance.
[[nodiscard]] int object_value_replicas(int current_replicas, int ready_pods, double usage, double target,
                                        double tolerance = kTolerance);

struct ScalingPolicy {
  enum class Type { kPods, kPercent };
  Type type = Type::kPods;
  int value = 0;
  int period_s = 15;
};

struct ScalingRules {
  enum class Select { kMax, kMin, kDisabled };
  int stabilization_s = 0;
  Select select = Select::kMax;
  std::vector<ScalingPolicy> policies;
};

struct Behavior {
  ScalingRules scale_up;
  ScalingRules scale_down;
  // defaults.go: up {0 s, Max, [Pods 4/15 s, Percent 100/15 s]}, down {300 s, Max, [Percent 100/15 s]}
  [[nodiscard]] static Behavior kubernetes_default();
  // Fluid's documented HPA: up {0 s, Max, [Pods 2/600 s]}, down Disabled.
  [[nodiscard]] static Behavior fluid_documented();
};

// The controller's memory for one HPA: unstabilized recommendations and scale events.
class BehaviorState {
 public:
  // normalizeDesiredReplicasWithBehaviors: stabilize the recommendation, then apply the rate limits and
  // [min, max]. Records the recommendation (and, by the caller via record_scale, the scale event).
  [[nodiscard]] int normalize(double now, int current, int recommended, int min_replicas, int max_replicas,
                              const Behavior& b);
  // storeScaleEvent: a change from prev to next replicas at now.
  void record_scale(double now, int prev, int next);

  // calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors, for tests.
  [[nodiscard]] int scale_up_limit(double now, int current, const ScalingRules& rules) const;
  [[nodiscard]] int scale_down_limit(double now, int current, const ScalingRules& rules) const;

 private:
  struct Event {
    double t;
    int change;
  };
  std::deque<std::pair<double, int>> recommendations_;
  std::deque<Event> up_events_;
  std::deque<Event> down_events_;
};

}  // namespace hpa

namespace kpa {

// Knative Serving autoscaler defaults (config-autoscaler).
struct Config {
  double target_per_pod = 0;            // containerConcurrency-like target × target utilisation
  double stable_window_s = 60;          // stable-window
  double panic_window_percentage = 10;  // panic window = 6 s
  double panic_threshold = 2.0;         // panic-threshold-percentage 200
  double max_scale_up_rate = 1000;
  double max_scale_down_rate = 2;
  int tick_s = 2;  // tick-interval
};

// One Scale() call: returns the desired pod count; panic state is carried in `panic_since` (< 0: not panicking)
// and `max_panic_pods`.
struct State {
  double panic_since = -1;
  int max_panic_pods = 0;
};
[[nodiscard]] int scale(double now, int ready_pods, double stable_value, double panic_value, const Config& cfg,
                        State& state);

}  // namespace kpa

// All policy names in report order.
[[nodiscard]] const std::vector<std::string>& policy_names();

// Builds a policy by name for a trace. Errors on an unknown name or invalid parameters.
[[nodiscard]] Result<std::unique_ptr<Policy>> make_policy(const std::string& name, const Trace& trace,
                                                          const SimParams& params);

}  // namespace cachepilot::sim
