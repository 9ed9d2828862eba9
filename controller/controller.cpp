#include "controller/controller.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "cluster/fluid_v1alpha1.hpp"
#include "cluster/k8s_autoscaling_v1.hpp"
#include "common/log.hpp"
#include "common/quantity.hpp"
#include "common/timestamp.hpp"
#include "kube/live_cluster.hpp"
#include "kube/scale.hpp"

namespace cachepilot::controller {

using nlohmann::json;
namespace as = autoscaler;

// ---- PodIndex -------------------------------------------------------------------------------------------------

namespace {

// A Kubernetes timestamp (RFC 3339) in seconds since the Unix epoch; NaN when absent or unreadable.
double timestamp_at(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const auto seconds = parse_timestamp(it->get<std::string>());
  return seconds.ok() ? *seconds : std::numeric_limits<double>::quiet_NaN();
}

// The latest of status.containerStatuses[].state.<state>.<key> (running.startedAt, terminated.finishedAt); NaN when
// any container lacks it: a pod reads once all its containers run (the FUSE sidecar's mount, then the app).
double latest_container_time(const json& status, const char* state, const char* key) {
  const auto statuses = status.find("containerStatuses");
  if (statuses == status.end() || !statuses->is_array() || statuses->empty()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double latest = -std::numeric_limits<double>::infinity();
  for (const auto& c : *statuses) {
    const auto st = c.is_object() ? c.find("state") : c.end();
    if (!c.is_object() || st == c.end() || !st->is_object()) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    const auto in_state = st->find(state);
    if (in_state == st->end() || !in_state->is_object()) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    const double t = timestamp_at(*in_state, key);
    if (!std::isfinite(t)) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    latest = std::max(latest, t);
  }
  return latest;
}

}  // namespace

std::optional<std::pair<std::string, PodIndex::Entry>> PodIndex::decode(const json& pod) {
  if (!pod.is_object()) {
    return std::nullopt;
  }
  const auto meta = pod.find("metadata");
  if (meta == pod.end() || !meta->is_object()) {
    return std::nullopt;
  }
  Entry entry;
  const auto ns = meta->find("namespace");
  const auto name = meta->find("name");
  if (ns == meta->end() || !ns->is_string() || name == meta->end() || !name->is_string()) {
    return std::nullopt;
  }
  entry.namespace_ = ns->get<std::string>();
  entry.created = timestamp_at(*meta, "creationTimestamp");
  std::string phase;
  if (const auto status = pod.find("status"); status != pod.end() && status->is_object()) {
    if (const auto p = status->find("phase"); p != status->end() && p->is_string()) {
      phase = p->get<std::string>();
    }
    if (phase == "Running") {
      entry.reading_since = latest_container_time(*status, "running", "startedAt");
    } else if (phase == "Succeeded" || phase == "Failed") {
      entry.finished_at = latest_container_time(*status, "terminated", "finishedAt");
    }
  }
  // A pod being deleted reads no more; one without a phase yet is about to start.
  const bool deleting = meta->contains("deletionTimestamp");
  entry.pending = !deleting && (phase.empty() || phase == "Pending");
  entry.running = !deleting && phase == "Running";
  entry.finished = phase == "Succeeded" || phase == "Failed";
  if (const auto spec = pod.find("spec"); spec != pod.end() && spec->is_object()) {
    if (const auto volumes = spec->find("volumes"); volumes != spec->end() && volumes->is_array()) {
      for (const auto& v : *volumes) {
        if (!v.is_object()) {
          continue;
        }
        const auto pvc = v.find("persistentVolumeClaim");
        if (pvc == v.end() || !pvc->is_object()) {
          continue;
        }
        if (const auto claim = pvc->find("claimName"); claim != pvc->end() && claim->is_string()) {
          entry.claims.push_back(claim->get<std::string>());
        }
      }
    }
  }
  std::sort(entry.claims.begin(), entry.claims.end());
  entry.claims.erase(std::unique(entry.claims.begin(), entry.claims.end()), entry.claims.end());
  return std::make_pair(entry.namespace_ + "/" + name->get<std::string>(), std::move(entry));
}

void PodIndex::add(const std::string& key, const Entry& entry, int sign) {
  for (const auto& claim : entry.claims) {
    const ClaimKey at{entry.namespace_, claim};
    auto& counts = by_claim_[at];
    counts.pending += entry.pending ? sign : 0;
    counts.running += entry.running ? sign : 0;
    if (sign > 0) {
      members_[at].insert(key);
    } else if (auto m = members_.find(at); m != members_.end()) {
      m->second.erase(key);
      if (m->second.empty()) {
        members_.erase(m);
      }
    }
  }
}

// A pod seen waiting and now running began to read: its notice. One seen running and now finished stopped: its read.
// The time its reads began carries over from what was seen before when its containers do not say.
void PodIndex::learn(const Entry& before, Entry& after) {
  if (after.running && !std::isfinite(after.reading_since)) {
    after.reading_since = before.running ? before.reading_since : clock_.unix_seconds();
  }
  const auto record = [&](bool notice, double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) {
      return;
    }
    const std::uint64_t sequence = next_timing_++;
    for (const auto& claim : after.claims) {
      auto& log = timings_[{after.namespace_, claim}];
      auto& kept = notice ? log.notices : log.reads;
      kept.push_back({sequence, seconds});
      if (kept.size() > kTimingsKept) {
        kept.pop_front();
      }
    }
  };
  if (before.pending && after.running) {
    record(true, after.reading_since - after.created);
  }
  if (before.running && after.finished) {
    record(false,
           (std::isfinite(after.finished_at) ? after.finished_at : clock_.unix_seconds()) - before.reading_since);
  }
}

void PodIndex::replace_all(std::vector<json>&& items) {
  std::lock_guard lock(mutex_);
  std::map<std::string, Entry> before;
  before.swap(pods_);
  by_claim_.clear();
  members_.clear();
  for (const auto& item : items) {
    if (auto decoded = decode(item)) {
      // A relist keeps what was known of a pod still there (the time it was first seen reading).
      if (const auto it = before.find(decoded->first); it != before.end()) {
        learn(it->second, decoded->second);
      } else {
        learn(Entry{}, decoded->second);
      }
      add(decoded->first, decoded->second, 1);
      pods_.insert_or_assign(decoded->first, std::move(decoded->second));
    }
  }
}

void PodIndex::apply(kube::WatchEventType type, json&& object) {
  auto decoded = decode(object);
  if (!decoded) {
    return;
  }
  std::lock_guard lock(mutex_);
  Entry before;
  if (auto it = pods_.find(decoded->first); it != pods_.end()) {
    add(it->first, it->second, -1);
    before = std::move(it->second);
    pods_.erase(it);
  }
  if (type != kube::WatchEventType::kDeleted) {
    learn(before, decoded->second);
    add(decoded->first, decoded->second, 1);
    pods_.emplace(decoded->first, std::move(decoded->second));
  }
}

PodCounts PodIndex::counts(const std::string& namespace_, const std::string& claim) const {
  std::lock_guard lock(mutex_);
  const auto it = by_claim_.find({namespace_, claim});
  return it == by_claim_.end() ? PodCounts{} : it->second;
}

as::PodAges PodIndex::ages(const std::string& namespace_, const std::string& claim, double now_unix) const {
  as::PodAges out;
  std::lock_guard lock(mutex_);
  const auto members = members_.find({namespace_, claim});
  if (members == members_.end()) {
    return out;
  }
  const auto age = [now_unix](double since) { return std::isfinite(since) ? std::max(now_unix - since, 0.0) : 0.0; };
  for (const auto& key : members->second) {
    const auto it = pods_.find(key);
    if (it == pods_.end()) {
      continue;
    }
    if (it->second.pending) {
      out.waiting_s.push_back(age(it->second.created));
    } else if (it->second.running) {
      out.reading_s.push_back(age(it->second.reading_since));
    }
  }
  return out;
}

PodTimingsSeen PodIndex::timings_since(const std::string& namespace_, const std::string& claim,
                                       std::uint64_t& cursor) const {
  std::lock_guard lock(mutex_);
  PodTimingsSeen out;
  if (const auto it = timings_.find({namespace_, claim}); it != timings_.end()) {
    const auto copy_from = [&](const std::deque<Timing>& kept, std::vector<double>& to) {
      for (const auto& timing : kept) {
        if (timing.sequence >= cursor) {
          to.push_back(timing.seconds);
        }
      }
    };
    copy_from(it->second.notices, out.notices_s);
    copy_from(it->second.reads, out.reads_s);
  }
  cursor = next_timing_;
  return out;
}

// ---- ObjectStore ----------------------------------------------------------------------------------------------

std::string ObjectStore::key(const json& object) {
  const auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) {
    return {};
  }
  return meta->value("namespace", "") + "/" + meta->value("name", "");
}

void ObjectStore::replace_all(std::vector<json>&& items) {
  std::lock_guard lock(mutex_);
  objects_.clear();
  for (auto& item : items) {
    if (item.is_object()) {
      objects_.insert_or_assign(key(item), std::move(item));
    }
  }
}

void ObjectStore::apply(kube::WatchEventType type, json&& object) {
  if (!object.is_object()) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (type == kube::WatchEventType::kDeleted) {
    objects_.erase(key(object));
  } else {
    objects_.insert_or_assign(key(object), std::move(object));
  }
}

std::vector<json> ObjectStore::objects() const {
  std::lock_guard lock(mutex_);
  std::vector<json> out;
  out.reserve(objects_.size());
  for (const auto& [k, v] : objects_) {
    out.push_back(v);
  }
  return out;
}

// ---- Controller -----------------------------------------------------------------------------------------------

Controller::Controller(const kube::ApiClient& api, prom::PrometheusClient& prometheus, ControllerOptions options,
                       metrics::AutoscalerMetrics& metrics, metrics::WatchMetrics& watch_metrics, const Clock& clock)
    : api_(api),
      prometheus_(prometheus),
      options_(std::move(options)),
      metrics_(metrics),
      watch_metrics_(watch_metrics),
      clock_(clock),
      time_origin_(clock.unix_seconds()) {
  options_.target.decision_interval_s = options_.interval_s * options_.time_scale;
  kube::ReflectorOptions cas;
  cas.resource =
      kube::ResourceRef{as::kCacheAutoscalerGroup, "v1alpha1", as::kCacheAutoscalerPlural, options_.watch_namespace};
  cas.backoff = options_.backoff;
  autoscaler_reflector_ =
      std::make_unique<kube::Reflector>(api_, cas, autoscalers_, watch_metrics_.resource(cas.resource.display_name()));
  kube::ReflectorOptions pods;
  pods.resource = kube::ResourceRef{"", "v1", "pods", options_.watch_namespace};
  pods.backoff = options_.backoff;
  pod_reflector_ =
      std::make_unique<kube::Reflector>(api_, pods, pods_, watch_metrics_.resource(pods.resource.display_name()));
  kube::ReflectorOptions hpas;
  hpas.resource = kube::ResourceRef{"autoscaling", "v1", "horizontalpodautoscalers", options_.watch_namespace};
  hpas.backoff = options_.backoff;
  hpa_reflector_ =
      std::make_unique<kube::Reflector>(api_, hpas, hpas_, watch_metrics_.resource(hpas.resource.display_name()));
}

Controller::~Controller() { stop(); }

void Controller::start() {
  autoscaler_reflector_->start();
  pod_reflector_->start();
  hpa_reflector_->start();
  thread_ = std::thread([this] { run(); });
}

void Controller::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  autoscaler_reflector_->stop();
  pod_reflector_->stop();
  hpa_reflector_->stop();
}

bool Controller::synced() const { return autoscaler_reflector_->synced() && pod_reflector_->synced(); }

void Controller::set_leader(bool leader) {
  const bool was = leader_.exchange(leader);
  metrics_.set_leader(leader);
  if (was && !leader) {
    std::lock_guard lock(cycle_mutex_);
    // A standby must not keep exporting the last per-target values it computed: only the leader's count.
    for (const auto& [key, target] : targets_) {
      const auto slash = key.find('/');
      metrics_.remove_target(key.substr(0, slash), key.substr(slash + 1));
    }
    targets_.clear();
  }
  if (leader && !was) {
    wake_.notify_all();  // act now, not one interval later
  }
}

void Controller::run() {
  const auto interval = std::chrono::duration<double>(options_.interval_s);
  while (true) {
    const auto started = std::chrono::steady_clock::now();
    if (leader_.load() && synced()) {
      run_cycle();
    }
    std::unique_lock lock(wake_mutex_);
    // Woken early only by stop() or by becoming leader.
    const bool was_leader = leader_.load();
    wake_.wait_until(lock, started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval),
                     [&] { return stopping_ || leader_.load() != was_leader; });
    if (stopping_) {
      return;
    }
  }
}

void Controller::run_cycle() {
  std::lock_guard lock(cycle_mutex_);
  if (!leader_.load()) {
    return;
  }
  const auto started = clock_.now();
  const auto objects = autoscalers_.objects();
  std::vector<Result<as::CacheAutoscaler>> decoded;
  std::vector<as::CacheAutoscaler> valid;
  decoded.reserve(objects.size());
  for (const auto& object : objects) {
    decoded.push_back(as::decode_cache_autoscaler(object));
    if (decoded.back().ok()) {
      valid.push_back(*decoded.back());
    }
  }
  std::vector<OtherScaler> hpas;
  for (const auto& object : hpas_.objects()) {
    if (auto hpa = k8s::decode_horizontal_pod_autoscaler(object); hpa.ok()) {
      hpas.push_back({hpa->metadata.namespace_, hpa->spec.scaleTargetRef.kind, hpa->spec.scaleTargetRef.name,
                      "HorizontalPodAutoscaler " + hpa->metadata.namespace_ + "/" + hpa->metadata.name});
    }
  }
  const auto shared = scalers_sharing_targets(valid, hpas);
  static const std::vector<std::string> kNone;
  std::map<std::string, Target> next;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (!leader_.load()) {
      return;  // lost the lease mid-cycle: stop writing at once
    }
    const auto* others = &kNone;
    if (decoded[i].ok()) {
      const auto found = shared.find(decoded[i]->metadata.namespace_ + "/" + decoded[i]->metadata.name);
      others = found != shared.end() ? &found->second : &kNone;
    }
    reconcile_one(objects[i], decoded[i], *others, next);
  }
  for (const auto& [key, target] : targets_) {
    if (!next.contains(key)) {
      const auto slash = key.find('/');
      metrics_.remove_target(key.substr(0, slash), key.substr(slash + 1));
    }
  }
  targets_ = std::move(next);
  metrics_.set_targets(static_cast<double>(objects.size()));
  metrics_.observe_cycle(std::chrono::duration<double>(clock_.now() - started).count());
}

namespace {

const char* failure_reason(prom::QueryFailure failure) {
  switch (failure) {
    case prom::QueryFailure::kUnreachable:
      return kReasonPrometheusUnreachable;
    case prom::QueryFailure::kHttpStatus:
      return kReasonPrometheusError;
    case prom::QueryFailure::kMalformed:
      return kReasonMalformedAnswer;
    case prom::QueryFailure::kQueryError:
      return kReasonQueryFailed;
  }
  return kReasonQueryFailed;
}

}  // namespace

CycleInput Controller::gather(const as::CacheAutoscaler& cas, Target& state, const std::string& query) {
  CycleInput in;
  const double wall_now = clock_.unix_seconds();
  in.now_unix = model_time(wall_now);
  const double time_scale = options_.time_scale;
  const auto& ns = cas.metadata.namespace_;
  const auto& target = cas.spec.targetRef;

  // Demand, and the history before it on a target's first cycle.
  if (query.empty()) {
    in.metrics_reason = kReasonQueryFailed;
    in.metrics_message = "no demand query for " + target.kind;
  } else {
    if (state.core.needs_backfill() && options_.history_s > 0) {
      prom::QueryFailure failure{};
      auto range =
          prometheus_.query_range(query, wall_now - options_.history_s / time_scale, wall_now,
                                  std::chrono::milliseconds(std::llround(options_.interval_s * 1000)), &failure);
      if (!range.ok()) {
        metrics_.count_query_error(failure_reason(failure));
        log::warn("CacheAutoscaler " + ns + "/" + cas.metadata.name +
                  ": history back-fill failed: " + range.error().message);
      } else if (range->series.size() == 1) {
        for (const auto& p : range->series.front().points) {
          if (std::isfinite(p.value) && p.value >= 0) {
            in.backfill.push_back(as::Sample{model_time(p.timestamp_unix), p.value / time_scale, -1, -1});
          }
        }
      }
    }
    prom::QueryFailure failure{};
    auto answer = prometheus_.query(query, &failure);
    if (!answer.ok()) {
      in.metrics_reason = failure_reason(failure);
      in.metrics_message = answer.error().message;
    } else if (answer->samples.empty()) {
      in.metrics_reason = kReasonNoData;
      in.metrics_message = "the demand query returned no series";
    } else if (answer->samples.size() > 1) {
      in.metrics_reason = kReasonQueryFailed;
      in.metrics_message = "the demand query returned " + std::to_string(answer->samples.size()) +
                           " series; it must return one (wrap it in sum(...))";
    } else if (const auto& s = answer->samples.front(); !std::isfinite(s.value) || s.value < 0) {
      in.metrics_reason = kReasonInvalidValue;
      in.metrics_message = "the demand query returned " + std::to_string(s.value) + "; bytes/s must be >= 0";
    } else {
      in.demand = s.value / time_scale;
      in.demand_time_unix = model_time(s.timestamp_unix);
    }
    if (!in.demand) {
      metrics_.count_query_error(in.metrics_reason);
    }
  }

  // Pods mounting the dataset's PVC (Fluid names it after the dataset, which names the runtime).
  const auto pods = pods_.counts(ns, target.name);
  if (pod_reflector_->synced()) {
    in.waiting_pods = pods.pending;
    in.active_pods = pods.running;
    // Ages and timings in the core's seconds (the demo's replay runs time_scale times faster).
    in.pod_ages = pods_.ages(ns, target.name, wall_now);
    in.pod_timings = pods_.timings_since(ns, target.name, state.pod_timings_cursor);
    for (auto* seconds :
         {&in.pod_ages->waiting_s, &in.pod_ages->reading_s, &in.pod_timings.notices_s, &in.pod_timings.reads_s}) {
      for (double& s : *seconds) {
        s *= time_scale;
      }
    }
  }

  // The runtime's /scale.
  auto runtime = kube::runtime_resource(target.kind);
  runtime.namespace_ = ns;
  auto scale = kube::get_scale(api_, runtime, target.name);
  if (scale.ok()) {
    in.scale = ScaleView{scale->spec_replicas, scale->status_replicas};
  } else {
    metrics_.count_api_error("get_scale");
    in.scale_reason = scale.error().code == ErrorCode::kNotFound ? kReasonTargetNotFound : kReasonScaleUnavailable;
    in.scale_message = target.kind + " " + ns + "/" + target.name + ": " + scale.error().message;
  }

  if (cas.spec.cacheCapacityFloor && cas.spec.cacheCapacityFloor->fromDataset.value_or(false)) {
    const kube::ResourceRef datasets{fluid::kGroup, "v1alpha1", "datasets", ns};
    auto object = api_.get(datasets.object_path(target.name));
    if (object.ok()) {
      if (auto dataset = fluid::decode_dataset(*object.value); dataset.ok() && !dataset->status.ufsTotal.empty()) {
        if (auto bytes = parse_bytes(dataset->status.ufsTotal); bytes.ok()) {
          in.dataset_bytes_from_dataset = static_cast<double>(*bytes);
        }
      }
    } else {
      metrics_.count_api_error("get_dataset");
    }
  }
  return in;
}

void Controller::reconcile_one(const json& object, const Result<as::CacheAutoscaler>& decoded,
                               const std::vector<std::string>& also_scaled_by, std::map<std::string, Target>& next) {
  if (!decoded.ok()) {
    // The schema makes this rare (an older CRD, a hand-made object); nothing can be written for it.
    const auto meta = object.find("metadata");
    const bool has_meta = meta != object.end() && meta->is_object();
    metrics_.count_decision(has_meta ? meta->value("namespace", "") : "", has_meta ? meta->value("name", "") : "",
                            to_string(DecisionKind::kInvalidSpec));
    log::warn("CacheAutoscaler undecodable: " + decoded.error().message);
    return;
  }
  const auto& cas = *decoded;
  const std::string key = cas.metadata.namespace_ + "/" + cas.metadata.name;
  auto found = targets_.find(key);
  Target target = found != targets_.end() && found->second.uid == cas.metadata.uid
                      ? std::move(found->second)
                      : Target{TargetController(options_for_target(options_.target, key)), cas.metadata.uid};
  // A spec that cannot be acted on costs no queries: only its status (which names the fields) is written.
  CycleInput input;
  if (as::validate_spec(cas.spec).empty()) {
    input = gather(cas, target, demand_query(cas));
  } else {
    input.now_unix = model_time(clock_.unix_seconds());
  }
  input.also_scaled_by = also_scaled_by;
  auto outcome = target.core.reconcile(cas, input);
  if (outcome.write_replicas && leader_.load()) {
    auto runtime = kube::runtime_resource(cas.spec.targetRef.kind);
    runtime.namespace_ = cas.metadata.namespace_;
    const std::int64_t from = input.scale ? input.scale->spec_replicas : 0;
    auto written = kube::set_replicas(api_, runtime, cas.spec.targetRef.name, *outcome.write_replicas);
    metrics_.count_scale_write(cas.metadata.namespace_, cas.metadata.name, written.ok());
    if (written.ok()) {
      log::info("CacheAutoscaler " + key + ": " + cas.spec.targetRef.kind + " " + cas.spec.targetRef.name +
                " replicas " + std::to_string(written->before.spec_replicas) + " -> " +
                std::to_string(written->after.spec_replicas) + " (" + outcome.write_reason + ")");
    } else {
      log::warn("CacheAutoscaler " + key + ": scale write failed: " + written.error().message);
    }
    target.core.record_write(outcome, written.ok() ? written->before.spec_replicas : from,
                             written.ok() ? std::string() : written.error().message, input.now_unix);
  } else if (outcome.write_replicas) {
    return;  // lost the lease between deciding and writing: the next leader decides
  }
  metrics_.count_decision(cas.metadata.namespace_, cas.metadata.name, to_string(outcome.decision));
  if (outcome.forecast) {
    metrics_.count_forecast_model(cas.metadata.namespace_, cas.metadata.name, as::to_string(outcome.forecast->model));
  }
  metrics::AutoscalerMetrics::TargetValues values;
  values.demand = outcome.status.observedDemand;
  if (outcome.forecast) {
    values.forecast_mean = outcome.forecast->mean;
    values.forecast_upper = outcome.forecast->upper;
  }
  if (outcome.status.desiredReplicas) {
    values.desired = static_cast<double>(*outcome.status.desiredReplicas);
  }
  if (outcome.status.currentReplicas) {
    values.current = static_cast<double>(*outcome.status.currentReplicas);
  }
  values.forecast_error = outcome.forecast_error;
  values.hold_seconds = outcome.hold_s;
  values.spend_ratio = outcome.spend_ratio;
  values.strategy = outcome.strategy;
  values.hold_cost = outcome.hold_cost;
  values.forecast_cost = outcome.forecast_cost;
  values.short_hold_cost = outcome.short_hold_cost;
  values.min_replicas = static_cast<double>(cas.spec.minReplicas);
  values.max_replicas = static_cast<double>(cas.spec.maxReplicas);
  if (auto throughput = as::worker_throughput_bytes_per_second(cas.spec); throughput.ok()) {
    values.worker_throughput = *throughput;
  }
  values.pod_read = outcome.pod_read_rate;
  values.pod_notice_seconds = outcome.pod_notice_s;
  values.pod_read_seconds = outcome.pod_read_s;
  values.demand_lag_seconds = outcome.demand_lag_s;
  if (cas.spec.podReadSeconds && outcome.decision != DecisionKind::kInvalidSpec) {
    values.pod_read_seconds_configured = static_cast<double>(*cas.spec.podReadSeconds);
  }
  if (outcome.pods_due_workers) {
    values.pods_due_workers = static_cast<double>(*outcome.pods_due_workers);
  }
  values.pods_due_share = outcome.pods_due_share;
  for (const auto& c : outcome.status.conditions) {
    if (c.type == as::kConditionScalingLimited) {
      values.scaling_limited = c.status == "True";
    }
  }
  values.metrics_available = input.demand.has_value();
  values.spec_valid = outcome.decision != DecisionKind::kInvalidSpec;
  metrics_.set_target(cas.metadata.namespace_, cas.metadata.name, values);
  write_status(cas, outcome);
  emit_events(cas, outcome.events);
  next.insert_or_assign(key, std::move(target));
}

void Controller::write_status(const as::CacheAutoscaler& cas, const CycleOutcome& outcome) {
  auto status = as::encode_status(outcome.status);
  // Quantities are rounded on the wire, so compare wire forms: an unchanged status is not written again.
  if (status == as::encode_status(cas.status)) {
    return;
  }
  const kube::ResourceRef ref{as::kCacheAutoscalerGroup, "v1alpha1", as::kCacheAutoscalerPlural,
                              cas.metadata.namespace_};
  // A merge patch of the status alone: no resourceVersion to conflict on with the SRE's spec edits. Fields
  // this cycle leaves out (e.g. the forecast while Prometheus is down) keep their last values.
  const json patch{{"status", std::move(status)}};
  auto written =
      api_.call("PATCH", ref.object_path(cas.metadata.name) + "/status", patch.dump(), "application/merge-patch+json");
  if (!written.ok()) {
    metrics_.count_api_error("patch_status");
    log::warn("CacheAutoscaler " + cas.metadata.namespace_ + "/" + cas.metadata.name +
              ": status write failed: " + kube::to_string(*written.error));
  }
}

void Controller::emit_events(const as::CacheAutoscaler& cas, const std::vector<EventRecord>& events) {
  for (const auto& e : events) {
    // Warnings start a degraded state (each is emitted once, when it begins or changes cause): the log says so too.
    if (e.type == "Warning") {
      log::warn("CacheAutoscaler " + cas.metadata.namespace_ + "/" + cas.metadata.name + ": " + e.reason + ": " +
                e.message);
    }
    const double now = clock_.unix_seconds();
    const std::string time = rfc3339(now);
    // Unique per replica and event, as client-go's recorder names them (object name, a dot, a hex stamp).
    char suffix[40];
    (void)std::snprintf(suffix, sizeof suffix, ".%llx%04llx", static_cast<unsigned long long>(now * 1e6),
                        static_cast<unsigned long long>(++event_sequence_ % 0x10000));
    json event{{"apiVersion", "v1"},
               {"kind", "Event"},
               {"metadata", {{"name", cas.metadata.name + suffix}, {"namespace", cas.metadata.namespace_}}},
               {"involvedObject",
                {{"apiVersion", as::kCacheAutoscalerApiVersion},
                 {"kind", as::kCacheAutoscalerKind},
                 {"name", cas.metadata.name},
                 {"namespace", cas.metadata.namespace_},
                 {"uid", cas.metadata.uid},
                 {"resourceVersion", cas.metadata.resourceVersion}}},
               {"reason", e.reason},
               {"message", e.message.empty() ? e.reason : e.message},
               {"type", e.type},
               {"source", {{"component", options_.component}}},
               {"firstTimestamp", time},
               {"lastTimestamp", time},
               {"count", 1},
               {"reportingComponent", options_.component}};
    if (!options_.identity.empty()) {
      event["source"]["host"] = options_.identity;
      event["reportingInstance"] = options_.identity;
    }
    auto created = api_.call("POST", "/api/v1/namespaces/" + cas.metadata.namespace_ + "/events", event.dump());
    if (!created.ok()) {
      metrics_.count_api_error("create_event");
      log::warn("event " + e.reason + " on CacheAutoscaler " + cas.metadata.namespace_ + "/" + cas.metadata.name +
                " not recorded: " + kube::to_string(*created.error));
    }
  }
}

}  // namespace cachepilot::controller
