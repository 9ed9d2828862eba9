#pragma once
// One CacheAutoscaler's reconcile core: from the signals the live loop gathered in one cycle (demand from
// Prometheus or why it is missing, pods waiting to mount the dataset, the runtime's /scale) to what to write
// (the runtime's replicas, the object's status, Events). Pure: no sockets, no clock — the cycle's time is an
// input — so the unit tests drive it directly and the I/O loop (controller.hpp) stays thin.
//
// Degraded paths, as the issue asks and the HPA controller does:
//   - a spec it cannot honour: nothing is written but status (Ready=False, InvalidSpec, the fields named);
//   - the runtime or its /scale cannot be read: nothing is written but status (Ready=False);
//   - Prometheus unreachable or answering garbage: no scale-down; scale-up only from pods waiting to mount the
//     dataset (the leading indicator still trusted), times the bytes/s per pod last measured;
//     MetricsAvailable=False naming the cause;
//   - DryRun: everything computed and reported, no /scale write.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "autoscaler/autoscaler.hpp"
#include "autoscaler/cacheautoscaler_v1alpha1.hpp"
#include "autoscaler/pods.hpp"

namespace cachepilot::controller {

// Condition reasons (status.conditions[].reason) beyond the wire file's.
inline constexpr const char* kReasonActive = "Active";
inline constexpr const char* kReasonTargetNotFound = "TargetNotFound";
inline constexpr const char* kReasonScaleUnavailable = "ScaleUnavailable";
inline constexpr const char* kReasonScaleFailed = "ScaleFailed";
inline constexpr const char* kReasonDryRun = "DryRun";
inline constexpr const char* kReasonScaling = "Scaling";
inline constexpr const char* kReasonMetricsUnavailable = "MetricsUnavailable";
inline constexpr const char* kReasonQuerySucceeded = "QuerySucceeded";
inline constexpr const char* kReasonTooManyReplicas = "TooManyReplicas";
inline constexpr const char* kReasonTooFewReplicas = "TooFewReplicas";
inline constexpr const char* kReasonDesiredWithinRange = "DesiredWithinRange";
// Another CacheAutoscaler writes the same runtime's replicas (the HPA's AmbiguousSelector, for one target).
inline constexpr const char* kReasonAmbiguousTarget = "AmbiguousTarget";
// MetricsAvailable=False reasons (set by the I/O loop from the query's failure).
inline constexpr const char* kReasonPrometheusUnreachable = "PrometheusUnreachable";
inline constexpr const char* kReasonPrometheusError = "PrometheusError";
inline constexpr const char* kReasonMalformedAnswer = "MalformedAnswer";
inline constexpr const char* kReasonQueryFailed = "QueryFailed";
inline constexpr const char* kReasonNoData = "NoData";
inline constexpr const char* kReasonInvalidValue = "InvalidValue";
// spec.podReadSeconds differs from the read pods or demand show by more than kPodReadDisagreementFactor either way
// (a Warning event when it begins, or when the spec changes to another value that still differs).
inline constexpr const char* kReasonPodReadSecondsDisagrees = "PodReadSecondsDisagrees";
// ReadFit's candidate reads are at most 2x apart, so a read configured right is within 2x of either candidate beside
// it.
inline constexpr double kPodReadDisagreementFactor = 2;

// A Kubernetes Event to emit on the CacheAutoscaler.
struct EventRecord {
  std::string type;  // "Normal" or "Warning"
  std::string reason;
  std::string message;
  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

// The runtime's /scale, as read this cycle.
struct ScaleView {
  std::int64_t spec_replicas = 0;
  std::int64_t status_replicas = 0;  // workers the runtime reports (ready/scheduled)
};

// What the pods of one claim showed of their timing since a reader last asked (PodIndex::timings_since): the notice of
// each pod that began to read (created → reading) and the read of each that stopped (reading → done), seconds.
struct PodTimingsSeen {
  std::vector<double> notices_s;
  std::vector<double> reads_s;
};

// What the I/O loop gathered for one CacheAutoscaler in one cycle.
struct CycleInput {
  double now_unix = 0;
  // Demand (bytes/s) and the time Prometheus evaluated it; nullopt with a reason when the query failed.
  std::optional<double> demand;
  double demand_time_unix = 0;
  std::string metrics_reason;  // one of the MetricsAvailable=False reasons above
  std::string metrics_message;
  // History from query_range (oldest first), given once when needs_backfill() said so.
  std::vector<autoscaler::Sample> backfill;
  double waiting_pods = -1;  // pods Pending that mount the dataset's PVC; < 0: unknown
  double active_pods = -1;   // pods Running that mount it; < 0: unknown
  // The same pods one by one (their ages, autoscaler/pods.hpp) and the timings they showed since the last cycle;
  // nullopt while the pod watch has not synced.
  std::optional<autoscaler::PodAges> pod_ages;
  PodTimingsSeen pod_timings;
  std::optional<ScaleView> scale;
  std::string scale_reason;  // when !scale: kReasonTargetNotFound or kReasonScaleUnavailable
  std::string scale_message;
  std::optional<double> dataset_bytes_from_dataset;  // Dataset status.ufsTotal, when the floor asks for it
  // The other writers of the same runtime's replicas this cycle, described (scalers_sharing_targets); empty: none.
  // While any does, this one writes nothing.
  std::vector<std::string> also_scaled_by;
};

// Labels of cachepilot_autoscaler_decisions_total{reason}.
enum class DecisionKind {
  kScaleUp,
  kScaleDown,
  kHold,
  kStabilizing,
  kRisingHold,
  kDryRun,
  kInvalidSpec,
  kTargetUnavailable,
  kMetricsUnavailable,
  kAmbiguousTarget,
};
[[nodiscard]] const char* to_string(DecisionKind kind);

struct CycleOutcome {
  std::optional<std::int64_t> write_replicas;  // the /scale write to make; nullopt: none
  std::string write_reason;                    // why, for lastScaleReason and the Event
  autoscaler::CacheAutoscalerStatus status;    // to write (the write result is folded in by record_write)
  std::vector<EventRecord> events;
  DecisionKind decision = DecisionKind::kHold;
  std::optional<autoscaler::Forecast> forecast;
  std::optional<double> forecast_error;  // mean |forecast at lead − realised| / realised over recent cycles
  std::optional<double> hold_s;          // the hold in force this cycle (0: the forecast strategy, or Reactive mode)
  // Predictive and DryRun modes: the strategy in force ("hold" or "forecast") and both strategies' faded costs in
  // worker-seconds, unmet demand priced in (autoscaler/ledger.hpp).
  std::optional<std::string> strategy;
  std::optional<double> hold_cost;
  std::optional<double> forecast_cost;
  std::optional<double> short_hold_cost;  // the short hold's, where it runs (the lead time is shorter than the hold)
  std::optional<double> spend_ratio;      // workers paid for / the clairvoyant floor (autoscaler/budget.hpp)
  // The bytes/s each pod waiting to mount the dataset is counted at this cycle: measured (here or, after a restart,
  // status.learnedPodReadThroughput), else spec.podReadThroughput; nullopt while neither is known.
  std::optional<double> pod_read_rate;
  std::optional<double> pod_notice_s;    // the pods' learned notice (created → reading), once one began to read
  std::optional<double> pod_read_s;      // the read pods due are counted at (Autoscaler::pod_read_in_use)
  std::optional<double> demand_lag_s;    // how far demand lags the pods, where the read is demand's (demand_lag_shown)
  std::optional<int> pods_due_workers;   // Predictive and DryRun: workers asked for pods due a lead time on
  std::optional<double> pods_due_share;  // Predictive and DryRun: the share of the pods counted due that came to read
};

struct TargetOptions {
  double decision_interval_s = 15;
  double default_lead_time_s = 60;  // leadTime: auto, before any worker start was observed
  double min_learned_lead_s = 5;
  double max_learned_lead_s = 1800;
  std::size_t lead_samples = 9;  // the learned lead time is the median of this many starts
  double per_pod_rate_weight = 0.3;
  std::size_t forecast_error_window = 20;
  autoscaler::ForecasterParams forecaster;
};

// A writer of a runtime's replicas that this controller does not run: a HorizontalPodAutoscaler (Fluid documents
// scaling runtimes with one).
struct OtherScaler {
  std::string namespace_;
  std::string kind;  // of the object it scales
  std::string name;
  std::string description;  // "HorizontalPodAutoscaler namespace/name"
};

// For each CacheAutoscaler that would write its runtime's replicas (a spec that can be acted on, mode not DryRun),
// keyed "namespace/name": the other writers of the same runtime (namespace, kind, name), described as
// "CacheAutoscaler namespace/name" or as the OtherScaler says, sorted. Only those that share a runtime are present.
// Two writers of one runtime would undo each other's writes every cycle, and which one wins is an accident of
// ordering: like the HPA controller facing two HPAs over the same pods (AmbiguousSelector), none of the
// CacheAutoscalers writes until only one writer is left. A DryRun one beside an active one is the way to try a new
// spec on live demand, and is not counted.
[[nodiscard]] std::map<std::string, std::vector<std::string>> scalers_sharing_targets(
    const std::vector<autoscaler::CacheAutoscaler>& autoscalers, const std::vector<OtherScaler>& others = {});

// The options for one CacheAutoscaler ("namespace/name"): its season searches get their own phase in the hour, so
// that a fleet of targets created together (a restart, a leader change) does not search in one cycle.
[[nodiscard]] TargetOptions options_for_target(const TargetOptions& options, std::string_view key);

class TargetController {
 public:
  explicit TargetController(const TargetOptions& options = {});

  // True until history was given (the first cycle after creation: start-up or becoming leader).
  [[nodiscard]] bool needs_backfill() const { return !backfilled_; }

  // One cycle's decision. The status carries over lastScaleTime/Reason and condition transition times from
  // `cas.status` (what the API server holds), so a new leader continues where the old one stopped.
  [[nodiscard]] CycleOutcome reconcile(const autoscaler::CacheAutoscaler& cas, const CycleInput& input);

  // The result of outcome.write_replicas: folds it into outcome's status and events (and starts timing the
  // workers' start for leadTime: auto). `error` empty: the write succeeded.
  void record_write(CycleOutcome& outcome, std::int64_t from, const std::string& error, double now_unix);

  [[nodiscard]] std::optional<double> learned_lead_time() const;
  [[nodiscard]] std::size_t samples_observed() const { return samples_; }

 private:
  void observe(const autoscaler::Sample& sample);
  void learn_lead_time(const ScaleView& scale, double now_unix);
  void score_forecast(double t, double demand);
  // A Warning event when spec.podReadSeconds (`configured`) begins to disagree with the read shown.
  void warn_if_read_disagrees(std::optional<std::int64_t> configured, CycleOutcome& out);
  // The rate per pod in use: measured, else the spec's (0: neither). One rule for the forecaster's prior, the
  // scale-up while Prometheus is down and the outcome's pod_read_rate.
  [[nodiscard]] double pod_read_rate() const { return per_pod_rate_ > 0 ? per_pod_rate_ : pod_read_prior_; }

  TargetOptions options_;
  autoscaler::Autoscaler core_;
  autoscaler::PlannerState reactive_state_;
  bool backfilled_ = false;
  std::size_t samples_ = 0;
  double per_pod_rate_ = 0;    // bytes/s per active pod, learned while metrics answer
  double pod_read_prior_ = 0;  // spec.podReadThroughput (0: none), used until per_pod_rate_ is learned
  double last_demand_ = 0;
  // leadTime: auto — a scale-up being timed until the runtime reports its workers.
  struct PendingStart {
    double asked_at = 0;
    std::int64_t replicas = 0;
  };
  std::optional<PendingStart> pending_start_;
  std::deque<double> lead_samples_;
  // Forecasts at the lead horizon waiting for their time: (due time, predicted demand).
  std::deque<std::pair<double, double>> pending_forecasts_;
  std::deque<double> forecast_errors_;
  // spec.podReadSeconds as last warned about (PodReadSecondsDisagrees); nullopt while it agrees with the read shown.
  std::optional<std::int64_t> read_warned_for_;
};

// Sets (or adds) a condition, keeping lastTransitionTime when the status does not change.
void set_condition(std::vector<autoscaler::Condition>& conditions, const std::vector<autoscaler::Condition>& previous,
                   const std::string& type, bool status, const std::string& reason, const std::string& message,
                   std::int64_t generation, const std::string& now_rfc3339);

// Why a Predictive decision asks for its workers, for Events and the scale write: the forecast; the hold when it is
// in force ("with headroom" when the spend budget chose the short hold with headroom, "on average" when it chose the
// mean hold, "at its peaks" when the peak hold raised it); the dominant candidate when the planner followed it; and
// the spend budget when it chose.
[[nodiscard]] std::string predictive_reason(const autoscaler::Plan& plan, const autoscaler::Forecast& forecast,
                                            double lead_s, double demand);

// "2026-12-01T03:04:05Z"
[[nodiscard]] std::string rfc3339(double unix_seconds);

// Replaces {{namespace}}, {{dataset}} and {{runtime}} in a demandQuery.
[[nodiscard]] std::string expand_query(const std::string& query, const std::string& namespace_,
                                       const std::string& runtime_name);

// The demand query for a CacheAutoscaler: its demandQuery, else its runtime kind's default (empty when the
// kind has none: validate_spec reports that).
[[nodiscard]] std::string demand_query(const autoscaler::CacheAutoscaler& cas);

// JuiceFSRuntime's default demandQuery: its FUSE clients' juicefs_fuse_read_size_bytes_sum (a histogram's sum of
// bytes read), labelled with the dataset by deploy/autoscaler/prometheus-scrape-fluid-fuse.yaml, each client read
// whole from its second scrape (prom/demand_query.hpp).
[[nodiscard]] std::string juicefs_default_demand_query();

}  // namespace cachepilot::controller
