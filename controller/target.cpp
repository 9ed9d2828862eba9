#include "controller/target.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <numeric>

#include "common/quantity.hpp"
#include "prom/demand_query.hpp"

namespace cachepilot::controller {

namespace as = autoscaler;

const char* to_string(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kScaleUp:
      return "ScaleUp";
    case DecisionKind::kScaleDown:
      return "ScaleDown";
    case DecisionKind::kHold:
      return "Hold";
    case DecisionKind::kStabilizing:
      return "Stabilizing";
    case DecisionKind::kRisingHold:
      return "RisingHold";
    case DecisionKind::kDryRun:
      return "DryRun";
    case DecisionKind::kInvalidSpec:
      return "InvalidSpec";
    case DecisionKind::kTargetUnavailable:
      return "TargetUnavailable";
    case DecisionKind::kMetricsUnavailable:
      return "MetricsUnavailable";
    case DecisionKind::kAmbiguousTarget:
      return "AmbiguousTarget";
  }
  return "Unknown";
}

std::string rfc3339(double unix_seconds) {
  const auto whole = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[32];
  const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {text, n};
}

void set_condition(std::vector<as::Condition>& conditions, const std::vector<as::Condition>& previous,
                   const std::string& type, bool status, const std::string& reason, const std::string& message,
                   std::int64_t generation, const std::string& now_rfc3339) {
  as::Condition c;
  c.type = type;
  c.status = status ? "True" : "False";
  c.observedGeneration = generation;
  c.reason = reason;
  c.message = message;
  c.lastTransitionTime = now_rfc3339;
  // As metav1 conditions mean it: the time the status last changed, not the time we last wrote it.
  for (const auto& p : previous) {
    if (p.type == type && p.status == c.status && !p.lastTransitionTime.empty()) {
      c.lastTransitionTime = p.lastTransitionTime;
    }
  }
  for (auto& existing : conditions) {
    if (existing.type == type) {
      existing = std::move(c);
      return;
    }
  }
  conditions.push_back(std::move(c));
}

std::string expand_query(const std::string& query, const std::string& namespace_, const std::string& runtime_name) {
  // "{{" never occurs in valid PromQL, so a placeholder cannot collide with the user's own text.
  static const std::pair<std::string_view, int> kPlaceholders[] = {
      {"{{namespace}}", 0}, {"{{dataset}}", 1}, {"{{runtime}}", 1}};
  std::string out;
  out.reserve(query.size() + 32);
  std::size_t i = 0;
  while (i < query.size()) {
    bool replaced = false;
    if (query.compare(i, 2, "{{") == 0) {
      for (const auto& [text, which] : kPlaceholders) {
        if (query.compare(i, text.size(), text) == 0) {
          out += which == 0 ? namespace_ : runtime_name;
          i += text.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out += query[i++];
    }
  }
  return out;
}

std::string juicefs_default_demand_query() {
  return prom::per_client_read_rate_query(
      R"(juicefs_fuse_read_size_bytes_sum{namespace="{{namespace}}",dataset="{{dataset}}"})", "1m");
}

std::string demand_query(const as::CacheAutoscaler& cas) {
  std::string query;
  if (cas.spec.demandQuery) {
    query = *cas.spec.demandQuery;
  } else if (cas.spec.targetRef.kind == "JuiceFSRuntime") {
    query = juicefs_default_demand_query();
  }
  if (query.empty()) {
    return query;
  }
  // A Fluid runtime is named after its dataset.
  return expand_query(query, cas.metadata.namespace_, cas.spec.targetRef.name);
}

std::map<std::string, std::vector<std::string>> scalers_sharing_targets(
    const std::vector<as::CacheAutoscaler>& autoscalers, const std::vector<OtherScaler>& others) {
  struct Writers {
    std::vector<std::string> keys;          // CacheAutoscalers, "namespace/name"; empty for the others
    std::vector<std::string> descriptions;  // every writer, as named to the others
  };
  // (namespace, kind, name) of the runtime -> its writers.
  std::map<std::array<std::string, 3>, Writers> by_runtime;
  for (const auto& cas : autoscalers) {
    const bool acts = as::validate_spec(cas.spec).empty() && as::worker_throughput_bytes_per_second(cas.spec).ok() &&
                      as::parse_mode(cas.spec.mode).value_or(as::Mode::kPredictive) != as::Mode::kDryRun;
    if (acts) {
      auto& w = by_runtime[{cas.metadata.namespace_, cas.spec.targetRef.kind, cas.spec.targetRef.name}];
      w.keys.push_back(cas.metadata.namespace_ + "/" + cas.metadata.name);
      w.descriptions.push_back("CacheAutoscaler " + w.keys.back());
    }
  }
  for (const auto& other : others) {
    if (const auto it = by_runtime.find({other.namespace_, other.kind, other.name}); it != by_runtime.end()) {
      it->second.keys.emplace_back();  // not reconciled here: no entry of its own
      it->second.descriptions.push_back(other.description);
    }
  }
  std::map<std::string, std::vector<std::string>> shared;
  for (const auto& [runtime, w] : by_runtime) {
    if (w.descriptions.size() < 2) {
      continue;
    }
    for (std::size_t i = 0; i < w.keys.size(); ++i) {
      if (w.keys[i].empty()) {
        continue;
      }
      auto& named = shared[w.keys[i]];
      for (std::size_t j = 0; j < w.descriptions.size(); ++j) {
        if (j != i) {
          named.push_back(w.descriptions[j]);
        }
      }
      std::sort(named.begin(), named.end());
    }
  }
  return shared;
}

TargetOptions options_for_target(const TargetOptions& options, std::string_view key) {
  TargetOptions out = options;
  out.forecaster.season_phase_s = as::season_phase_for(key, out.forecaster.season_refresh_s);
  return out;
}

TargetController::TargetController(const TargetOptions& options)
    : options_(options),
      core_(as::AutoscalerConfig{options_.forecaster, {}, options_.default_lead_time_s, options_.decision_interval_s}) {
}

std::optional<double> TargetController::learned_lead_time() const {
  if (lead_samples_.empty()) {
    return std::nullopt;
  }
  std::vector<double> sorted(lead_samples_.begin(), lead_samples_.end());
  std::sort(sorted.begin(), sorted.end());
  return sorted[sorted.size() / 2];
}

void TargetController::score_forecast(double t, double demand) {
  while (!pending_forecasts_.empty() && pending_forecasts_.front().first <= t) {
    const double predicted = pending_forecasts_.front().second;
    pending_forecasts_.pop_front();
    // Relative to the larger of the two (and at least 1 B/s), so silence forecast as silence scores 0 and the
    // error stays in [0, 1] when demand is near zero.
    const double denominator = std::max({demand, predicted, 1.0});
    forecast_errors_.push_back(std::abs(predicted - demand) / denominator);
    if (forecast_errors_.size() > options_.forecast_error_window) {
      forecast_errors_.pop_front();
    }
  }
}

void TargetController::observe(const as::Sample& sample) {
  // A repeated evaluation adds nothing: the core drops samples whose time does not increase.
  if (!std::isfinite(sample.demand) || sample.demand < 0 || !core_.observe(sample)) {
    return;
  }
  score_forecast(sample.t, sample.demand);
  last_demand_ = sample.demand;
  ++samples_;
  if (sample.active_pods > 0) {
    const double rate = sample.demand / sample.active_pods;
    per_pod_rate_ = per_pod_rate_ > 0 ? per_pod_rate_ + options_.per_pod_rate_weight * (rate - per_pod_rate_) : rate;
  }
}

void TargetController::learn_lead_time(const ScaleView& scale, double now_unix) {
  if (!pending_start_) {
    return;
  }
  if (scale.spec_replicas < pending_start_->replicas) {
    pending_start_.reset();  // scaled down before the workers came: nothing to learn from this start
    return;
  }
  if (scale.status_replicas < pending_start_->replicas) {
    return;
  }
  const double observed = now_unix - pending_start_->asked_at;
  pending_start_.reset();
  if (observed < options_.min_learned_lead_s || observed > options_.max_learned_lead_s) {
    return;  // implausible: a stalled cycle or a clock jump, not a worker start
  }
  lead_samples_.push_back(observed);
  if (lead_samples_.size() > options_.lead_samples) {
    lead_samples_.pop_front();
  }
}

namespace {

std::optional<double> floor_bytes(const as::CacheAutoscalerSpec& spec, const CycleInput& input,
                                  double& worker_cache_bytes) {
  worker_cache_bytes = 0;
  if (!spec.cacheCapacityFloor) {
    return std::nullopt;
  }
  const auto& floor = *spec.cacheCapacityFloor;
  auto per_worker = parse_bytes(floor.perWorkerCacheBytes.text());
  if (!per_worker.ok()) {
    return std::nullopt;
  }
  worker_cache_bytes = static_cast<double>(*per_worker);
  std::optional<double> dataset;
  if (floor.fromDataset.value_or(false)) {
    dataset = input.dataset_bytes_from_dataset;
  } else if (floor.datasetBytes) {
    if (auto bytes = parse_bytes(floor.datasetBytes->text()); bytes.ok()) {
      dataset = static_cast<double>(*bytes);
    }
  }
  if (!dataset) {
    return std::nullopt;
  }
  return floor.fraction * *dataset;
}

std::string rate_text(double bytes_per_second) { return as::format_rate_quantity(bytes_per_second) + "B/s"; }

// Two decimals: "1.97".
std::string ratio_text(double ratio) {
  std::array<char, 32> text{};
  (void)std::snprintf(text.data(), text.size(), "%.2f", ratio);
  return text.data();
}

}  // namespace

std::string predictive_reason(const as::Plan& plan, const as::Forecast& forecast, double lead_s, double demand) {
  std::string why = "forecast " + rate_text(forecast.upper) + " (" + as::to_string(forecast.model) + ") within " +
                    std::to_string(static_cast<long long>(std::lround(lead_s))) + " s, demand now " + rate_text(demand);
  if (plan.strategy == as::Strategy::kHold && plan.steady_level > 0) {
    // The steady level (PlannerPolicy::steady_level) keeps one level; held_need is it, or what demand needs now.
    why = "a steady " + std::to_string(plan.held_need) +
          " workers, which would have missed less than the hold for less (hold strategy; " + why + ")";
  } else if (plan.strategy == as::Strategy::kHold && plan.onset_due) {
    // The onset clock (PlannerPolicy::onset_clock) asks for what the recent bursts needed while the next one is due.
    why = "the next burst is due: " + std::to_string(plan.held_need) +
          " workers, what the recent bursts needed (onset clock, hold strategy; " + why + ")";
  } else if (plan.strategy == as::Strategy::kHold) {
    // The headroom candidate's level is what demand needed at a fraction of the target, the mean hold's what demand's
    // mean over the lead time needed, the peak hold's what its one-second peaks needed (PlannerPolicy).
    const char* level = plan.headroom && plan.mean_hold ? " workers on average with headroom"
                        : plan.headroom                 ? " workers with headroom"
                        : plan.mean_hold                ? " workers on average"
                        : plan.peak_hold                ? " workers at its peaks"
                                                        : " workers";
    // The unheld mean (PlannerPolicy::unheld_mean_utilization) is the one hold without a length: it keeps nothing.
    const std::string within =
        plan.mean_hold && plan.hold_s <= 0
            ? " now, held no longer"
            : " within the last " + std::to_string(static_cast<long long>(std::lround(plan.hold_s))) + " s";
    why = "demand needed " + std::to_string(plan.held_need) + level + within + " (hold strategy; " + why + ")";
  }
  if (plan.early_trend) {
    // Before the strategies are first compared, the trend's bound raises the hold
    // (PlannerPolicy::trend_before_compare).
    why += "; raised to the forecast until the strategies are first compared";
  }
  if (plan.forecast_raise) {
    // The forecast raised the hold in force, having foretold rises the hold missed
    // (PlannerPolicy::forecast_raise_cost).
    why += "; raised to the forecast, which has foretold what the hold missed";
  }
  if (plan.ramp_raise) {
    // Demand climbs along a line: the hold, a lead time behind it, is raised to the line (PlannerPolicy::ramp_raise).
    why += "; raised to the ramp demand climbs along";
  }
  if (plan.pods_due) {
    // The pods already on their way (autoscaler/pods.hpp): known, not forecast, and kept until their workers serve.
    why += "; raised to " + std::to_string(plan.pods_due_need) + " workers for pods due to read within " +
           std::to_string(static_cast<long long>(std::lround(lead_s))) + " s";
  }
  if (plan.edge_add) {
    // A level at a worker's edge (PlannerPolicy::edge_add_range): what demand added is kept until it serves.
    why += "; " + std::to_string(plan.edge_add_need) +
           " workers kept: demand added one at a level's edge within the last " +
           std::to_string(static_cast<long long>(std::lround(lead_s))) + " s";
  }
  if (plan.dominant) {
    // The dominant candidate (PlannerPolicy::follow_dominant) replaced the strategy the priced costs chose.
    why += "; it would have missed less than the strategy the costs chose, for less";
  }
  if (plan.over_budget) {
    // "Binds", not "over": once it binds, the budget chooses until the spend is well under it (cost_budget_release).
    why += "; the spend budget binds at " + ratio_text(plan.spend_ratio) + "x the clairvoyant floor";
  }
  return why;
}

namespace {

const as::Condition* find_condition(const std::vector<as::Condition>& conditions, const char* type) {
  for (const auto& c : conditions) {
    if (c.type == type) {
      return &c;
    }
  }
  return nullptr;
}

}  // namespace

CycleOutcome TargetController::reconcile(const as::CacheAutoscaler& cas, const CycleInput& input) {
  CycleOutcome out;
  const auto& spec = cas.spec;
  const auto& previous = cas.status;
  auto& status = out.status;
  status.observedGeneration = cas.generation;
  status.lastScaleTime = previous.lastScaleTime;
  status.lastScaleReason = previous.lastScaleReason;
  status.learnedLeadTimeSeconds = previous.learnedLeadTimeSeconds;
  status.learnedPodReadThroughput = previous.learnedPodReadThroughput;
  const std::string now_text = rfc3339(input.now_unix);
  const auto condition = [&](const char* type, bool ok, const std::string& reason, const std::string& message) {
    set_condition(status.conditions, previous.conditions, type, ok, reason, message, cas.generation, now_text);
    // Every degraded state gets one Warning event when it begins (or changes cause), not one per cycle.
    if (!ok) {
      const auto* before = find_condition(previous.conditions, type);
      if (before == nullptr || before->status != "False" || before->reason != reason) {
        out.events.push_back({"Warning", reason, message});
      }
    }
  };

  // A spec we cannot honour: no action, the fields named.
  const auto problems = as::validate_spec(spec);
  const auto throughput = problems.empty() ? as::worker_throughput_bytes_per_second(spec) : Result<double>(0.0);
  if (!problems.empty() || !throughput.ok()) {
    const std::string message = problems.empty() ? throughput.error().message
                                                 : as::describe(problems) + "; nothing is scaled until it is fixed";
    condition(as::kConditionReady, false, as::kReasonInvalidSpec, message);
    set_condition(status.conditions, previous.conditions, as::kConditionScalingActive, false, as::kReasonInvalidSpec,
                  "the spec is invalid", cas.generation, now_text);
    out.decision = DecisionKind::kInvalidSpec;
    return out;
  }

  // The spec's planner policy and lead time reach the core before any sample does: the hold they set decides
  // which back-filled samples the first decision still keeps.
  as::PlannerPolicy policy;
  policy.worker_throughput = *throughput;
  policy.target_utilization = spec.targetUtilization;
  policy.min_workers = static_cast<int>(spec.minReplicas);
  policy.max_workers = static_cast<int>(spec.maxReplicas);
  policy.scale_down_stabilization_s = static_cast<double>(spec.scaleDown.stabilizationSeconds);
  policy.unmet_price = spec.scaleDown.unmetPrice;
  policy.cost_budget = spec.scaleDown.costBudget;
  if (auto bytes = floor_bytes(spec, input, policy.worker_cache_bytes)) {
    policy.dataset_bytes = *bytes;
  }
  const auto fixed_lead = as::lead_time_seconds(spec);
  const auto lead_time = [&] {
    return fixed_lead ? static_cast<double>(*fixed_lead)
                      : status.learnedLeadTimeSeconds.value_or(options_.default_lead_time_s);
  };
  core_.set_planner_policy(policy);
  core_.set_lead_time(lead_time());
  // The rate per pod: measured here, else measured before a restart (status), else the spec's. validate_spec has
  // parsed the spec's: an error cannot reach here, and 0 (absent) means measured only.
  if (!(per_pod_rate_ > 0) && previous.learnedPodReadThroughput && std::isfinite(*previous.learnedPodReadThroughput) &&
      *previous.learnedPodReadThroughput > 0) {
    per_pod_rate_ = *previous.learnedPodReadThroughput;
  }
  const auto pod_read = as::pod_read_throughput_bytes_per_second(spec);
  pod_read_prior_ = pod_read.ok() ? *pod_read : 0.0;
  core_.set_pod_read_prior(pod_read_rate());
  // validate_spec has checked the read's range (1..86400 s).
  core_.set_pod_read_seconds_prior(spec.podReadSeconds ? static_cast<double>(*spec.podReadSeconds) : 0.0);

  // Keep the history even while the target is unreadable: it is demand, whatever the runtime does.
  if (!backfilled_) {
    for (const auto& s : input.backfill) {
      observe(s);
    }
    backfilled_ = true;
  }
  // The pods of this moment reach the core before its sample (Autoscaler::observe), in the modes that decide on it.
  const auto mode = as::parse_mode(spec.mode).value_or(as::Mode::kPredictive);
  core_.set_pods(mode != as::Mode::kReactive ? input.pod_ages : std::nullopt);
  std::optional<as::Sample> sample;
  if (input.demand) {
    sample = as::Sample{input.demand_time_unix, *input.demand, input.waiting_pods, input.active_pods};
    observe(*sample);
  }
  if (per_pod_rate_ > 0) {
    status.learnedPodReadThroughput = per_pod_rate_;
  }
  for (const double notice : input.pod_timings.notices_s) {
    core_.observe_pod_notice(notice);
  }
  for (const double read : input.pod_timings.reads_s) {
    core_.observe_pod_read(read);
  }
  out.pod_notice_s = core_.pod_timings().notice_s();
  out.pod_read_s = core_.pod_read_in_use();
  out.demand_lag_s = core_.demand_lag_shown();
  warn_if_read_disagrees(spec.podReadSeconds, out);
  if (pod_read_rate() > 0) {
    out.pod_read_rate = pod_read_rate();
  }

  if (!input.scale) {
    condition(as::kConditionReady, false, input.scale_reason.empty() ? kReasonScaleUnavailable : input.scale_reason,
              input.scale_message);
    set_condition(status.conditions, previous.conditions, as::kConditionScalingActive, false,
                  input.scale_reason.empty() ? kReasonScaleUnavailable : input.scale_reason,
                  "the target's /scale cannot be read", cas.generation, now_text);
    out.decision = DecisionKind::kTargetUnavailable;
    return out;
  }
  const ScaleView scale = *input.scale;
  status.currentReplicas = scale.status_replicas;
  learn_lead_time(scale, input.now_unix);
  if (auto learned = learned_lead_time()) {
    status.learnedLeadTimeSeconds = *learned;
  }
  const double lead = lead_time();  // a worker start learned just now counts from this decision
  core_.set_lead_time(lead);

  condition(as::kConditionReady, true, kReasonActive,
            "scaling " + spec.targetRef.kind + "/" + spec.targetRef.name + " with lead time " +
                std::to_string(static_cast<long long>(std::lround(lead))) + " s");

  const auto current = static_cast<int>(scale.spec_replicas);
  int desired = 0;
  int unclamped = 0;
  DecisionKind kind = DecisionKind::kHold;
  std::string why;
  if (sample) {
    status.observedDemand = sample->demand;
    condition(as::kConditionMetricsAvailable, true, kReasonQuerySucceeded, "demand " + rate_text(sample->demand));
    as::Plan plan;
    if (mode == as::Mode::kReactive) {
      as::PlanInput in;
      in.now = sample->t;
      in.current_demand = sample->demand;
      in.current_workers = current;
      in.forecast.mean = in.forecast.at_lead = in.forecast.upper = sample->demand;
      in.forecast.model = as::ForecastModel::kCurrent;
      plan = as::plan(in, policy, reactive_state_);
      why = "demand " + rate_text(sample->demand);
    } else {
      const auto decision = core_.decide(current);
      plan = decision.plan;
      out.pods_due_workers = plan.pods_due_need;
      out.pods_due_share = core_.pods_due_share();
      out.forecast = decision.forecast;
      status.forecast = as::ForecastStatus{decision.forecast.mean, decision.forecast.upper,
                                           static_cast<std::int64_t>(std::lround(lead + options_.decision_interval_s))};
      pending_forecasts_.emplace_back(sample->t + lead, decision.forecast.at_lead);
      why = predictive_reason(plan, decision.forecast, lead, sample->demand);
      out.strategy = as::to_string(plan.strategy);
      out.spend_ratio = plan.spend_ratio;
      out.hold_cost = plan.hold_cost;
      out.forecast_cost = plan.forecast_cost;
      if (plan.short_hold_cost > 0) {
        out.short_hold_cost = plan.short_hold_cost;
      }
    }
    desired = plan.desired;
    out.hold_s = plan.hold_s;
    unclamped = plan.strategy == as::Strategy::kHold
                    ? std::max(plan.held_need, plan.capacity_floor)
                    : std::max({plan.forecast_need, plan.reactive_need, plan.capacity_floor});
    switch (plan.reason) {
      case as::PlanReason::kStabilizing:
        kind = DecisionKind::kStabilizing;
        break;
      case as::PlanReason::kRisingHold:
        kind = DecisionKind::kRisingHold;
        break;
      default:
        kind = DecisionKind::kHold;
    }
    set_condition(status.conditions, previous.conditions, as::kConditionScalingActive, mode != as::Mode::kDryRun,
                  mode == as::Mode::kDryRun ? kReasonDryRun : kReasonScaling,
                  mode == as::Mode::kDryRun ? "mode DryRun: replicas are computed and reported, never written"
                                            : std::string("mode ") + as::to_string(mode),
                  cas.generation, now_text);
  } else {
    condition(as::kConditionMetricsAvailable, false,
              input.metrics_reason.empty() ? kReasonQueryFailed : input.metrics_reason, input.metrics_message);
    // Trusted signals only: pods waiting to mount the dataset, at the bytes/s per pod measured while
    // Prometheus answered, else at spec.podReadThroughput. Never fewer workers than now.
    const double pods = std::max(input.waiting_pods, 0.0) + std::max(input.active_pods, 0.0);
    const double per_pod = pod_read_rate();
    int need = 0;
    if (input.waiting_pods > 0 && per_pod > 0) {
      need = as::workers_for(pods * per_pod, policy.worker_throughput, policy.target_utilization);
      why = std::to_string(static_cast<long long>(input.waiting_pods)) + " pods waiting to mount the dataset at " +
            rate_text(per_pod) + " each" + (per_pod_rate_ > 0 ? "" : " (spec.podReadThroughput)") +
            " (Prometheus unavailable)";
    }
    unclamped = std::max(current, need);
    desired = std::clamp(unclamped, policy.min_workers, policy.max_workers);
    kind = DecisionKind::kMetricsUnavailable;
    set_condition(status.conditions, previous.conditions, as::kConditionScalingActive, false, kReasonMetricsUnavailable,
                  "no demand from Prometheus: no scale-down; scale-up only for pods waiting to mount the dataset",
                  cas.generation, now_text);
  }
  if (desired < policy.min_workers || desired > policy.max_workers) {
    desired = std::clamp(desired, policy.min_workers, policy.max_workers);
  }
  status.desiredReplicas = desired;

  if (unclamped > policy.max_workers) {
    set_condition(
        status.conditions, previous.conditions, as::kConditionScalingLimited, true, kReasonTooManyReplicas,
        "needs " + std::to_string(unclamped) + " workers; spec.maxReplicas is " + std::to_string(policy.max_workers),
        cas.generation, now_text);
  } else if (unclamped < policy.min_workers) {
    set_condition(
        status.conditions, previous.conditions, as::kConditionScalingLimited, true, kReasonTooFewReplicas,
        "needs " + std::to_string(unclamped) + " workers; spec.minReplicas is " + std::to_string(policy.min_workers),
        cas.generation, now_text);
  } else {
    set_condition(status.conditions, previous.conditions, as::kConditionScalingLimited, false,
                  kReasonDesiredWithinRange, "the desired count is within [minReplicas, maxReplicas]", cas.generation,
                  now_text);
  }

  // Another CacheAutoscaler writes this runtime too: decide and report as usual (the status shows what this one
  // would ask for), write nothing. Ready says why, with one Warning Event when it begins.
  const bool ambiguous = !input.also_scaled_by.empty() && mode != as::Mode::kDryRun;
  if (ambiguous) {
    std::string others;
    for (const auto& key : input.also_scaled_by) {
      if (!others.empty()) {
        others += ", ";
      }
      others += key;
    }
    const std::string message = spec.targetRef.kind + "/" + spec.targetRef.name + " is also scaled by " + others +
                                ": this CacheAutoscaler writes no replicas until it is the only writer (delete or "
                                "retarget the others, or set the other CacheAutoscalers to mode DryRun)";
    condition(as::kConditionReady, false, kReasonAmbiguousTarget, message);
    set_condition(status.conditions, previous.conditions, as::kConditionScalingActive, false, kReasonAmbiguousTarget,
                  "another autoscaler scales the same runtime", cas.generation, now_text);
    kind = DecisionKind::kAmbiguousTarget;
  } else if (desired != current) {
    const bool up = desired > current;
    out.write_reason = std::string(up ? "ScaleUp" : "ScaleDown") + ": " + why;
    if (mode == as::Mode::kDryRun) {
      kind = DecisionKind::kDryRun;
      if (previous.desiredReplicas.value_or(-1) != desired) {
        out.events.push_back(
            {"Normal", "DryRunWouldScale",
             "would scale " + std::to_string(current) + " -> " + std::to_string(desired) + " workers: " + why});
      }
    } else {
      out.write_replicas = desired;
      kind = up ? DecisionKind::kScaleUp : DecisionKind::kScaleDown;
    }
  } else if (mode == as::Mode::kDryRun && kind != DecisionKind::kMetricsUnavailable) {
    kind = DecisionKind::kDryRun;
  }
  out.decision = kind;
  if (!forecast_errors_.empty()) {
    out.forecast_error = std::accumulate(forecast_errors_.begin(), forecast_errors_.end(), 0.0) /
                         static_cast<double>(forecast_errors_.size());
  }
  return out;
}

void TargetController::warn_if_read_disagrees(std::optional<std::int64_t> configured, CycleOutcome& out) {
  const auto shown = core_.pod_read_shown();
  if (!configured || !shown) {
    read_warned_for_.reset();
    return;
  }
  const auto read = static_cast<double>(*configured);
  if (*shown <= kPodReadDisagreementFactor * read && *shown * kPodReadDisagreementFactor >= read) {
    read_warned_for_.reset();
    return;
  }
  if (read_warned_for_ == configured) {
    return;  // warned already about this value
  }
  read_warned_for_ = configured;
  const bool from_pods = core_.pod_timings().read_s().has_value();
  const std::string configured_text = std::to_string(*configured) + " s";
  const std::string shown_text = std::isfinite(*shown)
                                     ? std::to_string(static_cast<long long>(std::lround(*shown))) + " s"
                                     : "as long as pods run";
  out.events.push_back(
      {"Warning", kReasonPodReadSecondsDisagrees,
       "spec.podReadSeconds is " + configured_text + " but " +
           (from_pods ? "the pods that stopped reading show a read of " : "demand shows a read of ") + shown_text +
           ": the pods due are counted at the read shown while it shows, and at " + configured_text +
           " until it does (after a restart, " + (from_pods ? "until pods stop reading again" : "2 min of demand") +
           "); " +
           (std::isfinite(*shown) ? "set spec.podReadSeconds near " + shown_text
                                  : "pods that read for as long as they run need no spec.podReadSeconds")});
}

void TargetController::record_write(CycleOutcome& outcome, std::int64_t from, const std::string& error,
                                    double now_unix) {
  if (!outcome.write_replicas) {
    return;
  }
  const std::int64_t to = *outcome.write_replicas;
  const std::string now_text = rfc3339(now_unix);
  if (error.empty()) {
    outcome.status.lastScaleTime = now_text;
    outcome.status.lastScaleReason = outcome.write_reason;
    outcome.events.push_back(
        {"Normal", to > from ? "ScaledUp" : "ScaledDown",
         "replicas " + std::to_string(from) + " -> " + std::to_string(to) + ": " + outcome.write_reason});
    if (to > from) {
      pending_start_ = PendingStart{now_unix, to};
    }
    return;
  }
  // The previous conditions are the ones this cycle computed: a failure is a new state every time it happens.
  set_condition(outcome.status.conditions, {}, as::kConditionScalingActive, false, kReasonScaleFailed,
                "writing replicas " + std::to_string(to) + " failed: " + error, outcome.status.observedGeneration,
                now_text);
  outcome.events.push_back({"Warning", "FailedScale",
                            "writing replicas " + std::to_string(from) + " -> " + std::to_string(to) + ": " + error});
}

}  // namespace cachepilot::controller
