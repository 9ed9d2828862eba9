#include "sim/baselines.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "autoscaler/autoscaler.hpp"
#include "autoscaler/planner.hpp"

namespace cachepilot::sim {

// ---- HPA rules --------------------------------------------------------------------------------------------------
namespace hpa {

std::optional<int> plain_metric_replicas(int current_replicas, const std::vector<double>& ready_values, int unready,
                                         int missing, double target_per_pod, double tolerance) {
  // calcPlainMetricReplicas: unready pods' metrics are removed; with no metric left the HPA errors and keeps scale.
  if (ready_values.empty() || !(target_per_pod > 0)) {
    return std::nullopt;
  }
  const int ready_count = static_cast<int>(ready_values.size());
  double sum = std::accumulate(ready_values.begin(), ready_values.end(), 0.0);
  // GetMetricUtilizationRatio: mean over pods with metrics, divided by the target.
  const double usage_ratio = sum / ready_count / target_per_pod;
  // "rebalanceIgnored := len(unreadyPods) > 0 && usageRatio > 1.0"
  const bool rebalance_ignored = unready > 0 && usage_ratio > 1.0;
  if (!rebalance_ignored && missing == 0) {
    if (std::abs(1.0 - usage_ratio) <= tolerance) {
      return current_replicas;  // the change would be too small
    }
    return static_cast<int>(std::ceil(usage_ratio * ready_count));
  }
  int count = ready_count;
  if (missing > 0) {
    // On a scale-down treat missing pods as using 100% of the target, on a scale-up as using 0%.
    if (usage_ratio < 1.0) {
      sum += missing * target_per_pod;
    }
    count += missing;
  }
  if (rebalance_ignored) {
    count += unready;  // on a scale-up, unready pods count as using 0%
  }
  const double new_ratio = sum / count / target_per_pod;
  // No change within tolerance, and never let the rebalancing flip the direction of the scale.
  if (std::abs(1.0 - new_ratio) <= tolerance || (usage_ratio < 1.0 && new_ratio > 1.0) ||
      (usage_ratio > 1.0 && new_ratio < 1.0)) {
    return current_replicas;
  }
  const int new_replicas = static_cast<int>(std::ceil(new_ratio * count));
  if ((new_ratio < 1.0 && new_replicas > current_replicas) || (new_ratio > 1.0 && new_replicas < current_replicas)) {
    return current_replicas;
  }
  return new_replicas;
}

int external_per_pod_replicas(int status_replicas, double usage, double target_per_pod, double tolerance) {
  // GetExternalPerPodMetricReplicas: usageRatio = usage / (target × statusReplicas); replicas = ceil(usage / target)
  // when outside the tolerance.
  if (!(target_per_pod > 0)) {
    return status_replicas;
  }
  const double usage_ratio =
      status_replicas > 0 ? usage / (target_per_pod * status_replicas) : std::numeric_limits<double>::infinity();
  if (std::abs(1.0 - usage_ratio) > tolerance) {
    return static_cast<int>(std::ceil(usage / target_per_pod));
  }
  return status_replicas;
}

int object_value_replicas(int current_replicas, int ready_pods, double usage, double target, double tolerance) {
  if (!(target > 0)) {
    return current_replicas;
  }
  const double usage_ratio = usage / target;
  if (current_replicas != 0) {
    if (std::abs(1.0 - usage_ratio) <= tolerance) {
      return current_replicas;
    }
    return static_cast<int>(std::ceil(usage_ratio * ready_pods));
  }
  return static_cast<int>(std::ceil(usage_ratio));  // scale from zero
}

Behavior Behavior::kubernetes_default() {
  Behavior b;
  b.scale_up = {
      0, ScalingRules::Select::kMax, {{ScalingPolicy::Type::kPods, 4, 15}, {ScalingPolicy::Type::kPercent, 100, 15}}};
  b.scale_down = {300, ScalingRules::Select::kMax, {{ScalingPolicy::Type::kPercent, 100, 15}}};
  return b;
}

Behavior Behavior::fluid_documented() {
  Behavior b;
  b.scale_up = {0, ScalingRules::Select::kMax, {{ScalingPolicy::Type::kPods, 2, 600}}};
  b.scale_down = {300, ScalingRules::Select::kDisabled, {}};
  return b;
}

int BehaviorState::scale_up_limit(double now, int current, const ScalingRules& rules) const {
  if (rules.select == ScalingRules::Select::kDisabled) {
    return current;
  }
  const bool pick_min = rules.select == ScalingRules::Select::kMin;
  int result = pick_min ? std::numeric_limits<int>::max() : std::numeric_limits<int>::min();
  for (const auto& p : rules.policies) {
    int added = 0;  // getReplicasChangePerPeriod
    for (const auto& e : up_events_) {
      if (e.t > now - p.period_s) {
        added += e.change;
      }
    }
    const int period_start = current - added;
    const int proposed = p.type == ScalingPolicy::Type::kPods
                             ? period_start + p.value
                             : static_cast<int>(std::ceil(period_start * (1.0 + p.value / 100.0)));
    result = pick_min ? std::min(result, proposed) : std::max(result, proposed);
  }
  return rules.policies.empty() ? current : result;
}

int BehaviorState::scale_down_limit(double now, int current, const ScalingRules& rules) const {
  if (rules.select == ScalingRules::Select::kDisabled) {
    return current;
  }
  const bool pick_min_change = rules.select == ScalingRules::Select::kMin;
  int result = pick_min_change ? std::numeric_limits<int>::min() : std::numeric_limits<int>::max();
  for (const auto& p : rules.policies) {
    int deleted = 0;
    for (const auto& e : down_events_) {
      if (e.t > now - p.period_s) {
        deleted += e.change;
      }
    }
    const int period_start = current + deleted;
    // int32(float64(periodStartReplicas) * (1 - value/100)): truncation, as in Go.
    const int proposed = p.type == ScalingPolicy::Type::kPods
                             ? period_start - p.value
                             : static_cast<int>(period_start * (1.0 - p.value / 100.0));
    result = pick_min_change ? std::max(result, proposed) : std::min(result, proposed);
  }
  return rules.policies.empty() ? current : result;
}

int BehaviorState::normalize(double now, int current, int recommended, int min_replicas, int max_replicas,
                             const Behavior& b) {
  // stabilizeRecommendationWithBehaviors: scale-up takes the lowest recommendation of its window, scale-down the
  // highest of its window (both windows include the new recommendation).
  int up_rec = recommended;
  int down_rec = recommended;
  const double up_cutoff = now - b.scale_up.stabilization_s;
  const double down_cutoff = now - b.scale_down.stabilization_s;
  for (const auto& [t, rec] : recommendations_) {
    if (t > up_cutoff) {
      up_rec = std::min(up_rec, rec);
    }
    if (t > down_cutoff) {
      down_rec = std::max(down_rec, rec);
    }
  }
  int stabilized = current;
  if (stabilized < up_rec) {
    stabilized = up_rec;
  }
  if (stabilized > down_rec) {
    stabilized = down_rec;
  }
  recommendations_.emplace_back(now, recommended);
  const double keep = std::max(b.scale_up.stabilization_s, b.scale_down.stabilization_s);
  while (!recommendations_.empty() && recommendations_.front().first <= now - keep) {
    recommendations_.pop_front();
  }
  // convertDesiredReplicasWithBehaviorRate.
  int desired = stabilized;
  if (stabilized > current) {
    int limit = scale_up_limit(now, current, b.scale_up);
    limit = std::max(limit, current);  // "We shouldn't scale up further until the scaleUpEvents will be cleaned up"
    const int allowed = std::min(max_replicas, limit);
    desired = std::min(stabilized, allowed);
  } else if (stabilized < current) {
    int limit = scale_down_limit(now, current, b.scale_down);
    limit = std::min(limit, current);
    const int allowed = std::max(min_replicas, limit);
    desired = std::max(stabilized, allowed);
  }
  return desired;
}

void BehaviorState::record_scale(double now, int prev, int next) {
  if (next > prev) {
    up_events_.push_back({now, next - prev});
  } else if (next < prev) {
    down_events_.push_back({now, prev - next});
  }
  // Events older than the longest period any policy uses (Fluid's 600 s) can no longer matter.
  constexpr double kKeep = 3600;
  while (!up_events_.empty() && up_events_.front().t < now - kKeep) {
    up_events_.pop_front();
  }
  while (!down_events_.empty() && down_events_.front().t < now - kKeep) {
    down_events_.pop_front();
  }
}

}  // namespace hpa

// ---- KPA rule ---------------------------------------------------------------------------------------------------
namespace kpa {

int scale(double now, int ready_pods, double stable_value, double panic_value, const Config& cfg, State& state) {
  // autoscaler.go Scale(): readyPodsCount := math.Max(1, float64(originalReadyPodsCount))
  const double ready = std::max(1.0, static_cast<double>(ready_pods));
  const double max_scale_up = std::ceil(cfg.max_scale_up_rate * ready);
  const double max_scale_down = std::floor(ready / cfg.max_scale_down_rate);
  const double dspc = std::ceil(stable_value / cfg.target_per_pod);
  const double dppc = std::ceil(panic_value / cfg.target_per_pod);
  const int desired_stable = static_cast<int>(std::min(std::max(dspc, max_scale_down), max_scale_up));
  const int desired_panic = static_cast<int>(std::min(std::max(dppc, max_scale_down), max_scale_up));
  const bool over_panic = dppc / ready >= cfg.panic_threshold;
  if (over_panic) {
    state.panic_since = now;  // begin panicking, or extend the panic
  } else if (state.panic_since >= 0 && state.panic_since + cfg.stable_window_s < now) {
    // "Stop panicking after the surge has made its way into the stable metric."
    state.panic_since = -1;
    state.max_panic_pods = 0;
  }
  int desired = desired_stable;
  if (state.panic_since >= 0) {
    desired = std::max(desired, desired_panic);
    // "We do not scale down while in panic mode. Only increases will be applied."
    if (desired > state.max_panic_pods) {
      state.max_panic_pods = desired;
    }
    desired = state.max_panic_pods;
  }
  return desired;
}

}  // namespace kpa

// ---- Policies ---------------------------------------------------------------------------------------------------
namespace {

double mean_demand(const Trace& trace, int from, int to) {
  from = std::max(from, 0);
  to = std::min(to, static_cast<int>(trace.demand.size()));
  if (to <= from) {
    return 0;
  }
  double s = 0;
  for (int i = from; i < to; ++i) {
    s += trace.demand[static_cast<std::size_t>(i)];
  }
  return s / (to - from);
}

class StaticPolicy final : public Policy {
 public:
  StaticPolicy(std::string name, int workers) : name_(std::move(name)), workers_(workers) {}
  std::string name() const override { return name_; }
  std::optional<int> initial_workers() const override { return workers_; }  // provisioned in advance
  Action decide(const StepContext& /*context*/) override { return {workers_, std::nullopt}; }

 private:
  std::string name_;
  int workers_;
};

// Knows the future; pays the same lead time. At t it keeps exactly the workers some second of [t, t + lead] needs:
// a worker needed at s must exist from s − lead, and with newest-first removal that is also enough.
class OraclePolicy final : public Policy {
 public:
  OraclePolicy(const Trace& trace, const SimParams& p) {
    const std::size_t n = trace.demand.size();
    std::vector<int> need(n);
    for (std::size_t s = 0; s < n; ++s) {
      need[s] = autoscaler::workers_for(trace.demand[s], p.worker_throughput, 1.0);
    }
    desired_.assign(n, 0);
    std::deque<std::size_t> window;  // indices with decreasing need: sliding maximum over [t, t + lead]
    const auto lead = static_cast<std::size_t>(std::max(p.lead_time_s, 0));
    std::size_t next = 0;
    for (std::size_t t = 0; t < n; ++t) {
      while (next < n && next <= t + lead) {
        while (!window.empty() && need[window.back()] <= need[next]) {
          window.pop_back();
        }
        window.push_back(next++);
      }
      while (window.front() < t) {
        window.pop_front();
      }
      desired_[t] = need[window.front()];
    }
  }
  std::string name() const override { return "oracle"; }
  Action decide(const StepContext& ctx) override { return {desired_[static_cast<std::size_t>(ctx.t)], std::nullopt}; }

 private:
  std::vector<int> desired_;
};

// Knows the current demand exactly and instantly, asks at once for what it needs and holds the highest need of the
// last `hold` seconds: the best any reactive autoscaler could do. With a lag, it knows the demand of `lag` seconds
// ago instead (and changes nothing before it knows any).
class ReactiveIdealPolicy final : public Policy {
 public:
  ReactiveIdealPolicy(double throughput, int hold, int lag) : throughput_(throughput), hold_(hold), lag_(lag) {}
  std::string name() const override { return "reactive-ideal"; }
  Action decide(const StepContext& ctx) override {
    const int seen = ctx.t - lag_;
    if (seen < 0) {
      return {ctx.workers, std::nullopt};
    }
    const int need = autoscaler::workers_for(ctx.trace->demand[static_cast<std::size_t>(seen)], throughput_, 1.0);
    while (!window_.empty() && window_.back().second <= need) {
      window_.pop_back();
    }
    window_.emplace_back(ctx.t, need);
    while (window_.front().first < ctx.t - hold_) {
      window_.pop_front();
    }
    return {window_.front().second, std::nullopt};
  }

 private:
  double throughput_;
  int hold_;
  int lag_;
  std::deque<std::pair<int, int>> window_;  // (t, need) with decreasing need
};

enum class HpaKind { kPods, kExternal, kFluidObject };

// The Kubernetes HPA v2 controller loop for one target: every 15 s it reads rate(...[1m]) through the metrics
// adapter and reconciles (horizontal.go reconcileAutoscaler).
class HpaPolicy final : public Policy {
 public:
  HpaPolicy(std::string name, HpaKind kind, hpa::Behavior behavior, const SimParams& p)
      : name_(std::move(name)), kind_(kind), behavior_(std::move(behavior)), p_(p) {}
  std::string name() const override { return name_; }
  Action decide(const StepContext& ctx) override {
    const int current = ctx.workers;
    if (ctx.t == 0 || ctx.t % hpa::kSyncPeriodS != 0) {
      return {current, std::nullopt};
    }
    const int lo = p_.effective_min();
    const int hi = std::max(p_.max_workers, lo);
    int desired = 0;  // set on every branch below
    if (current > hi) {
      desired = hi;  // reconcileAutoscaler: out-of-range current replicas are clamped without metrics
    } else if (current < lo) {
      desired = lo;
    } else {
      // What Prometheus answers for rate(read_bytes[1m]) now: the mean demand of the last 60 s.
      const double rate = mean_demand(*ctx.trace, ctx.t - hpa::kRateWindowS, ctx.t);
      const double target = p_.worker_throughput * p_.target_utilization;
      std::optional<int> rec;
      switch (kind_) {
        case HpaKind::kPods: {
          // Pods metric: each ready worker reports its share of the throughput. Workers within their lead time are
          // not Ready yet (pod start + warm-up precede readiness): they are the HPA's "unready" pods.
          if (ctx.ready > 0) {
            const std::vector<double> values(static_cast<std::size_t>(ctx.ready), rate / ctx.ready);
            rec = hpa::plain_metric_replicas(current, values, current - ctx.ready, 0, target);
          }
          break;
        }
        case HpaKind::kExternal:
          // KEDA: External metric = the query's value; AverageValue target = threshold; statusReplicas = all.
          rec = hpa::external_per_pod_replicas(current, rate, target);
          break;
        case HpaKind::kFluidObject:
          // Fluid: Object metric on the Dataset, target Value in percent. We feed throughput utilisation
          // (rate / (ready × throughput) × 100) where Fluid feeds capacity_used_rate.
          if (ctx.ready > 0) {
            const double usage = rate / (ctx.ready * p_.worker_throughput) * 100.0;
            rec = hpa::object_value_replicas(current, ctx.ready, usage, p_.target_utilization * 100.0);
          }
          break;
      }
      if (!rec) {
        return {current, std::nullopt};  // no metrics: the HPA reports an error and leaves the scale alone
      }
      desired = state_.normalize(ctx.t, current, *rec, lo, hi, behavior_);
    }
    if (desired != current) {
      state_.record_scale(ctx.t, current, desired);
    }
    return {desired, std::nullopt};
  }

 private:
  std::string name_;
  HpaKind kind_;
  hpa::Behavior behavior_;
  SimParams p_;
  hpa::BehaviorState state_;
};

// Knative's KPA: decides every 2 s from per-second metrics scraped from the pods, averaged over the stable (60 s)
// and panic (6 s) windows.
class KpaPolicy final : public Policy {
 public:
  explicit KpaPolicy(const SimParams& p) { cfg_.target_per_pod = p.worker_throughput * p.target_utilization; }
  std::string name() const override { return "kpa"; }
  Action decide(const StepContext& ctx) override {
    if (ctx.t == 0 || ctx.t % cfg_.tick_s != 0) {
      return {ctx.workers, std::nullopt};
    }
    const auto stable_n = static_cast<int>(cfg_.stable_window_s);
    const auto panic_n = static_cast<int>(std::round(cfg_.stable_window_s * cfg_.panic_window_percentage / 100.0));
    const double stable = mean_demand(*ctx.trace, ctx.t - stable_n, ctx.t);
    const double panic = mean_demand(*ctx.trace, ctx.t - panic_n, ctx.t);
    return {kpa::scale(ctx.t, ctx.ready, stable, panic, cfg_, state_), std::nullopt};
  }

 private:
  kpa::Config cfg_;
  kpa::State state_;
};

// cachepilot's own core, fed what the live loop would see: every decision interval, the mean demand of the last
// interval (Prometheus rate over the interval), the pods waiting to read and the pods reading.
class CachepilotPolicy final : public Policy {
 public:
  explicit CachepilotPolicy(const SimParams& p) : interval_(std::max(p.decision_interval_s, 1)), scaler_(config(p)) {
    scaler_.set_pod_read_prior(p.pod_read_throughput);
    scaler_.set_pod_read_seconds_prior(p.pod_read_seconds);
  }
  std::string name() const override { return "cachepilot"; }
  Action decide(const StepContext& ctx) override {
    if (ctx.t == 0 || ctx.t % interval_ != 0) {
      return {ctx.workers, std::nullopt};
    }
    const Trace& tr = *ctx.trace;
    autoscaler::Sample s;
    s.t = ctx.t;
    s.demand = mean_demand(tr, ctx.t - interval_, ctx.t);
    if (tr.has_pod_signal()) {
      s.waiting_pods = tr.waiting_pods[static_cast<std::size_t>(ctx.t)];
      double active = 0;
      for (int i = ctx.t - interval_; i < ctx.t; ++i) {
        active += tr.active_pods[static_cast<std::size_t>(std::max(i, 0))];
      }
      s.active_pods = active / interval_;
    }
    if (!tr.pod_reads_begin.empty()) {
      feed_pods(tr, ctx.t);
    }
    scaler_.observe(s);
    const auto d = scaler_.decide(ctx.workers);
    return {d.plan.desired, d.forecast.at_lead};
  }

 private:
  static autoscaler::AutoscalerConfig config(const SimParams& p) {
    autoscaler::AutoscalerConfig c;
    c.lead_time_s = p.lead_time_s;
    c.decision_interval_s = std::max(p.decision_interval_s, 1);
    c.planner.worker_throughput = p.worker_throughput;
    c.planner.target_utilization = 1.0;  // the forecast's upper quantile is the safety margin
    c.planner.min_workers = p.effective_min();
    c.planner.max_workers = std::max(p.max_workers, c.planner.min_workers);
    c.planner.dataset_bytes = p.dataset_bytes;
    c.planner.worker_cache_bytes = p.worker_cache_bytes;
    c.planner.unmet_price = p.unmet_price;
    c.planner.cost_budget = p.cost_budget;
    return c;
  }
  // What the live loop's pod informer would show at second t: the pods that began or stopped reading since the last
  // decision (their notice and read, to learn from), and the age of each pod waiting or reading now.
  void feed_pods(const Trace& tr, int t) {
    const auto& begins = tr.pod_reads_begin;
    const auto count_in = [&](double from, double to) {  // pods whose reads begin in (from, to]
      return std::upper_bound(begins.begin(), begins.end(), to) - std::upper_bound(begins.begin(), begins.end(), from);
    };
    const double now = t;
    for (auto n = count_in(now - interval_, now); n > 0; --n) {
      scaler_.observe_pod_notice(tr.pod_notice_s);
    }
    // A pod that serves after its reads is deleted without finishing: no read to see.
    for (auto n = tr.pod_serve_s > 0 ? 0 : count_in(now - interval_ - tr.pod_read_s, now - tr.pod_read_s); n > 0; --n) {
      scaler_.observe_pod_read(tr.pod_read_s);
    }
    autoscaler::PodAges ages;  // running pods count from when their reads began, serving or not
    for (auto it = std::upper_bound(begins.begin(), begins.end(), now - tr.pod_read_s - tr.pod_serve_s);
         it != begins.end() && *it <= now + tr.pod_notice_s; ++it) {
      if (*it <= now) {
        ages.reading_s.push_back(now - *it);
      } else {
        ages.waiting_s.push_back(now - (*it - tr.pod_notice_s));
      }
    }
    scaler_.set_pods(std::move(ages));
  }

  int interval_;
  autoscaler::Autoscaler scaler_;
};

}  // namespace

const std::vector<std::string>& policy_names() {
  static const std::vector<std::string> kNames{"static-peak", "static-mean",    "hpa",       "keda", "kpa", "fluid-hpa",
                                               "oracle",      "reactive-ideal", "cachepilot"};
  return kNames;
}

Result<std::unique_ptr<Policy>> make_policy(const std::string& name, const Trace& trace, const SimParams& p) {
  if (!(p.worker_throughput > 0)) {
    return make_error(ErrorCode::kInvalidArgument, "worker throughput must be > 0");
  }
  if (!(p.target_utilization > 0) || p.target_utilization > 1.0) {
    return make_error(ErrorCode::kInvalidArgument, "target utilization must be in (0, 1]");
  }
  if (!(p.unmet_price >= 0)) {
    return make_error(ErrorCode::kInvalidArgument, "unmet price must be >= 0");
  }
  if (!(p.cost_budget >= 0)) {
    return make_error(ErrorCode::kInvalidArgument, "cost budget must be >= 0");
  }
  if (!(p.pod_read_throughput >= 0) || !std::isfinite(p.pod_read_throughput)) {
    return make_error(ErrorCode::kInvalidArgument, "pod read throughput must be >= 0 bytes/s");
  }
  if (!(p.pod_read_seconds >= 0) || !std::isfinite(p.pod_read_seconds)) {
    return make_error(ErrorCode::kInvalidArgument, "pod read seconds must be >= 0");
  }
  if (p.lead_time_s < 0 || p.hold_s < 0 || p.reactive_lag_s < 0 || p.decision_interval_s < 1 || p.min_workers < 0 ||
      p.max_workers < p.min_workers || p.initial_workers < 0) {
    return make_error(
        ErrorCode::kInvalidArgument,
        "need lead-time >= 0, hold >= 0, reactive-lag >= 0, decision-interval >= 1, 0 <= min <= max, initial >= 0");
  }
  std::unique_ptr<Policy> out;
  if (name == "static-peak" || name == "static-mean") {
    double level = 0;
    if (name == "static-peak") {
      for (const double d : trace.demand) {
        level = std::max(level, d);
      }
    } else if (!trace.demand.empty()) {
      level = std::accumulate(trace.demand.begin(), trace.demand.end(), 0.0) / static_cast<double>(trace.seconds());
    }
    out = std::make_unique<StaticPolicy>(name, autoscaler::workers_for(level, p.worker_throughput, 1.0));
  } else if (name == "hpa") {
    out = std::make_unique<HpaPolicy>(name, HpaKind::kPods, hpa::Behavior::kubernetes_default(), p);
  } else if (name == "keda") {
    out = std::make_unique<HpaPolicy>(name, HpaKind::kExternal, hpa::Behavior::kubernetes_default(), p);
  } else if (name == "fluid-hpa") {
    out = std::make_unique<HpaPolicy>(name, HpaKind::kFluidObject, hpa::Behavior::fluid_documented(), p);
  } else if (name == "kpa") {
    out = std::make_unique<KpaPolicy>(p);
  } else if (name == "oracle") {
    out = std::make_unique<OraclePolicy>(trace, p);
  } else if (name == "reactive-ideal") {
    out = std::make_unique<ReactiveIdealPolicy>(p.worker_throughput, p.hold_s, p.reactive_lag_s);
  } else if (name == "cachepilot") {
    out = std::make_unique<CachepilotPolicy>(p);
  } else {
    return make_error(ErrorCode::kInvalidArgument, "unknown policy \"" + name + "\"");
  }
  return out;
}

}  // namespace cachepilot::sim
