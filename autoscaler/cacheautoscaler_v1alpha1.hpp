#pragma once
// Wire types for cachepilot.io/v1alpha1 CacheAutoscaler, the scaling target an SRE writes for one Fluid runtime
// (deploy/autoscaler/crd-cacheautoscaler.yaml). Field names mirror the CRD exactly. Quantities the user writes
// stay as written (strings; an integer on the wire becomes its decimal text) and are parsed by validate_spec and
// the controller; status quantities are numbers here and quantity strings on the wire.
//
// decode_cache_autoscaler reads an object as the API server returns it (or as a file holds it, before
// defaulting: missing fields keep the CRD's defaults); a field of the wrong JSON type is an error naming its
// path ("spec.minReplicas: want integer, got string"). validate_spec finds what the CRD's 1.20 schema cannot
// refuse at admission; the controller reports those in status and does not act.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cluster/k8s_core_v1.hpp"
#include "common/result.hpp"

namespace cachepilot::autoscaler {

inline constexpr const char* kCacheAutoscalerGroup = "cachepilot.io";
inline constexpr const char* kCacheAutoscalerApiVersion = "cachepilot.io/v1alpha1";
inline constexpr const char* kCacheAutoscalerKind = "CacheAutoscaler";
inline constexpr const char* kCacheAutoscalerPlural = "cacheautoscalers";

// Condition types the controller maintains (status.conditions[].type).
inline constexpr const char* kConditionReady = "Ready";
inline constexpr const char* kConditionScalingActive = "ScalingActive";
inline constexpr const char* kConditionScalingLimited = "ScalingLimited";
inline constexpr const char* kConditionMetricsAvailable = "MetricsAvailable";
// Reason of Ready=False when validate_spec finds problems (the message names the fields).
inline constexpr const char* kReasonInvalidSpec = "InvalidSpec";

// k8s.io/apimachinery/pkg/util/intstr.IntOrString.
struct IntOrString {
  bool is_int = false;
  std::int64_t int_value = 0;
  std::string str_value;

  static IntOrString of(std::int64_t v) { return {true, v, {}}; }
  static IntOrString of(std::string v) { return {false, 0, std::move(v)}; }
  // The decimal text of an integer, else the string: the quantity text for parse_bytes.
  [[nodiscard]] std::string text() const { return is_int ? std::to_string(int_value) : str_value; }
  friend bool operator==(const IntOrString&, const IntOrString&) = default;
};

struct TargetRef {
  std::string apiVersion{};  // "data.fluid.io/v1alpha1"
  std::string kind{};        // "AlluxioRuntime", "JuiceFSRuntime", ...
  std::string name{};
};

struct CacheCapacityFloor {
  std::optional<IntOrString> datasetBytes{};  // a quantity
  std::optional<bool> fromDataset{};          // true: the Dataset's status.ufsTotal
  IntOrString perWorkerCacheBytes{};          // a quantity
  double fraction = 1.0;
};

struct ScaleDown {
  std::int64_t stabilizationSeconds = 0;
  double unmetPrice = 7;     // worker-seconds one worker-second of unmet demand is worth (the hold: this × lead time)
  double costBudget = 1.97;  // spend at most this multiple of the clairvoyant floor (autoscaler/budget.hpp); 0: off
};

enum class Mode { kPredictive, kReactive, kDryRun };
[[nodiscard]] const char* to_string(Mode mode);
[[nodiscard]] std::optional<Mode> parse_mode(std::string_view text);  // exact CRD spelling only

// Defaults are the CRD's, so an object read before the API server defaulted it means the same.
struct CacheAutoscalerSpec {
  TargetRef targetRef;
  std::int64_t minReplicas = 1;
  std::int64_t maxReplicas = 0;  // required
  IntOrString workerThroughput;  // required; bytes/s per worker as a quantity
  double targetUtilization = 0.7;
  IntOrString leadTime = IntOrString::of("auto");  // integer seconds or "auto"
  std::string mode = "Predictive";
  std::optional<std::string> demandQuery;
  // Bytes/s one pod reads from the dataset while it reads (a quantity). Pods waiting to mount the dataset count at
  // this rate until one is learned from demand / active pods, so a dataset's first burst counts before any is.
  std::optional<IntOrString> podReadThroughput;
  // Seconds one pod reads from the start of its reads (pods that load a model at start, then serve). The pods due are
  // counted at this read until pods (finishing) or demand (2 min of it) show one.
  std::optional<std::int64_t> podReadSeconds;
  std::optional<CacheCapacityFloor> cacheCapacityFloor;
  ScaleDown scaleDown;
};

// metav1.Condition.
struct Condition {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::int64_t observedGeneration = 0;
  std::string lastTransitionTime;  // RFC 3339
  std::string reason;              // CamelCase, non-empty (the schema refuses an empty reason)
  std::string message;             // optional on the wire
  friend bool operator==(const Condition&, const Condition&) = default;
};

struct ForecastStatus {
  std::optional<double> mean{};   // bytes/s
  std::optional<double> upper{};  // bytes/s
  std::optional<std::int64_t> horizonSeconds{};
  friend bool operator==(const ForecastStatus&, const ForecastStatus&) = default;
};

// Absent optionals and empty strings are left out of the wire form.
struct CacheAutoscalerStatus {
  std::int64_t observedGeneration = 0;
  std::optional<double> observedDemand;  // bytes/s
  std::optional<ForecastStatus> forecast;
  std::optional<std::int64_t> desiredReplicas;
  std::optional<std::int64_t> currentReplicas;
  std::string lastScaleTime;  // RFC 3339
  std::string lastScaleReason;
  std::optional<double> learnedLeadTimeSeconds;
  std::optional<double> learnedPodReadThroughput;  // bytes/s one pod reads, measured (demand / pods reading)
  std::vector<Condition> conditions;
  friend bool operator==(const CacheAutoscalerStatus&, const CacheAutoscalerStatus&) = default;
};

struct CacheAutoscaler {
  k8s::ObjectMeta metadata;
  std::int64_t generation = 0;  // metadata.generation (k8s::ObjectMeta does not carry it)
  CacheAutoscalerSpec spec;
  CacheAutoscalerStatus status;
};

[[nodiscard]] Result<CacheAutoscaler> decode_cache_autoscaler(const nlohmann::json& j);

// The status object's wire form, for PUT .../cacheautoscalers/NAME/status (as the object's "status", with
// metadata.resourceVersion for optimistic concurrency) or a merge patch {"status": ...}. A merge patch keeps
// fields this leaves out (absent optionals), so clear them with PUT. Quantities are written as decimal
// quantity strings ("1.25G", "512M", "900"; see format_rate_quantity).
//
// No empty strings are written (empty lastScaleTime, lastScaleReason and condition messages are left out):
// kube-apiserver 1.20 built with Go >= 1.19, as the e2e fixture's is, refuses "" for any string in a CRD schema
// ("must be of type string: null": kube-openapi compares reflect.Zero with reflect.DeepEqual, and Go 1.19's
// reflect.Zero shares the runtime's zero value with ""). Conditions are written in the order given; 1.20 does
// not enforce x-kubernetes-list-type: map, so the caller keeps one condition per type.
[[nodiscard]] nlohmann::json encode_status(const CacheAutoscalerStatus& status);

// Bytes per second as a quantity string: <1000 as an integer, else the largest decimal SI unit (k, M, G, T, P,
// E) with at most three decimals, trailing zeros dropped. Negative, NaN and infinite values give "0".
[[nodiscard]] std::string format_rate_quantity(double bytes_per_second);

// A spec problem the CRD schema cannot refuse at admission (or that an object bypassing it carries).
struct SpecProblem {
  std::string field;   // "spec.minReplicas"
  std::string reason;  // for humans: what is wrong and what would be right
  friend bool operator==(const SpecProblem&, const SpecProblem&) = default;
};

// Fluid runtime kinds a CacheAutoscaler may name, and their facts (DESIGN.md §4).
struct TargetKindInfo {
  const char* kind;
  bool has_scale;             // a /scale subresource (all but ThinRuntime)
  bool default_demand_query;  // its FUSE clients export read bytes, so demandQuery may be left out
};
[[nodiscard]] const TargetKindInfo* find_target_kind(std::string_view kind);  // nullptr when unknown

// Every problem, in field order; empty when the controller can act on the spec. Checks what the schema cannot
// express (minReplicas <= maxReplicas, quantities that parse to zero, a kind without /scale, demandQuery for a
// kind without a default, cacheCapacityFloor's either-or) and repeats the schema's own checks, so that an
// object that bypassed them (an older CRD, a file) is not acted on either.
[[nodiscard]] std::vector<SpecProblem> validate_spec(const CacheAutoscalerSpec& spec);

// "spec.minReplicas: 5 is above spec.maxReplicas (3); spec.mode: ..." for a condition message.
[[nodiscard]] std::string describe(const std::vector<SpecProblem>& problems);

// Effective values for the controller, once validate_spec found nothing.
[[nodiscard]] Result<double> worker_throughput_bytes_per_second(const CacheAutoscalerSpec& spec);
[[nodiscard]] std::optional<std::int64_t> lead_time_seconds(const CacheAutoscalerSpec& spec);  // nullopt: auto
// spec.podReadThroughput in bytes/s; 0 when absent (the rate per pod is learned only).
[[nodiscard]] Result<double> pod_read_throughput_bytes_per_second(const CacheAutoscalerSpec& spec);

}  // namespace cachepilot::autoscaler
