#pragma once
// The live autoscaler's I/O loop: watches CacheAutoscalers and pods (reflectors), and every interval, while
// it leads, gathers each CacheAutoscaler's signals — demand from Prometheus (query_range back-fill first), pods
// waiting to mount its dataset, the runtime's /scale — hands them to its TargetController (target.hpp, pure),
// and carries out what that returns: the /scale write (optimistic concurrency, 409 retried), the status
// (merge patch of /status), Events, metrics. A replica that does not lead does nothing but watch; on taking
// over it back-fills history from Prometheus, so nothing depends on the state of the replica that died.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "autoscaler/pods.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "controller/target.hpp"
#include "kube/api_client.hpp"
#include "kube/reflector.hpp"
#include "metrics/autoscaler_metrics.hpp"
#include "metrics/watch_metrics.hpp"
#include "prom/prometheus_client.hpp"

namespace cachepilot::controller {

struct ControllerOptions {
  std::string watch_namespace;  // empty: all namespaces
  double interval_s = 15;
  double history_s = 3600;  // query_range back-fill
  TargetOptions target;
  std::string component = "cachepilot-autoscaler";  // Event source
  std::string identity;                             // this replica (Event reportingInstance)
  kube::BackoffPolicy backoff;
  // Model seconds per wall second, for the demo's cluster replayed faster than real time (`cachepilot demo`):
  // the core sees times t0 + (t − t0) × scale and demands divided by scale, as if the replay ran in real time
  // (a counter advanced by simulated bytes rates `scale` times too fast). 1 everywhere else.
  double time_scale = 1;
};

// Pods per (namespace, PVC claim name) by phase: Pending pods are about to read the dataset (the leading
// indicator), Running ones are reading it.
struct PodCounts {
  double pending = 0;
  double running = 0;
};

class PodIndex final : public kube::ReflectorSink {
 public:
  // The clock dates a pod's reads when its containers do not say when they started.
  explicit PodIndex(const Clock& clock) : clock_(clock) {}

  void replace_all(std::vector<nlohmann::json>&& items) override;
  void apply(kube::WatchEventType type, nlohmann::json&& object) override;
  [[nodiscard]] PodCounts counts(const std::string& namespace_, const std::string& claim) const;
  // The age of each pod of the claim at now_unix: Pending ones since they were created, Running ones since they
  // began to read (autoscaler/pods.hpp). A pod without the time it needs counts as new (age 0).
  [[nodiscard]] autoscaler::PodAges ages(const std::string& namespace_, const std::string& claim,
                                         double now_unix) const;
  // The timings of this claim's pods seen since `cursor` (0: all still kept), oldest first; moves `cursor` past them.
  // Each reader keeps its own cursor, so any number of CacheAutoscalers on one claim (a DryRun trial beside the live
  // one) each see every timing. At most kTimingsKept of each kind are kept per claim, the newest: a claim nobody
  // reads does not grow without bound, and a reader that falls behind misses only the oldest.
  [[nodiscard]] PodTimingsSeen timings_since(const std::string& namespace_, const std::string& claim,
                                             std::uint64_t& cursor) const;
  static constexpr std::size_t kTimingsKept = 64;

 private:
  struct Entry {
    std::string namespace_;
    std::vector<std::string> claims;
    bool pending = false;
    bool running = false;
    bool finished = false;                                      // Succeeded or Failed
    double created = std::numeric_limits<double>::quiet_NaN();  // metadata.creationTimestamp
    // Running: when its reads began, the latest start of its containers (all must run for the app to read), else
    // when this index first saw it Running. Finished: when the last container stopped.
    double reading_since = std::numeric_limits<double>::quiet_NaN();
    double finished_at = std::numeric_limits<double>::quiet_NaN();
  };
  using ClaimKey = std::pair<std::string, std::string>;  // (namespace, claim)
  void add(const std::string& key, const Entry& entry, int sign);
  void learn(const Entry& before, Entry& after);
  static std::optional<std::pair<std::string, Entry>> decode(const nlohmann::json& pod);

  const Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> pods_;                  // by namespace/name
  std::map<ClaimKey, PodCounts> by_claim_;             // (namespace, claim)
  std::map<ClaimKey, std::set<std::string>> members_;  // the pods (namespace/name) that mount each claim
  // Each timing numbered from one sequence for all claims (so a cursor stays valid whatever else is recorded).
  struct Timing {
    std::uint64_t sequence = 0;
    double seconds = 0;
  };
  struct TimingLog {
    std::deque<Timing> notices;
    std::deque<Timing> reads;
  };
  std::map<ClaimKey, TimingLog> timings_;
  std::uint64_t next_timing_ = 1;
};

// The watched objects of one resource (CacheAutoscalers, HorizontalPodAutoscalers), by namespace/name.
class ObjectStore final : public kube::ReflectorSink {
 public:
  void replace_all(std::vector<nlohmann::json>&& items) override;
  void apply(kube::WatchEventType type, nlohmann::json&& object) override;
  [[nodiscard]] std::vector<nlohmann::json> objects() const;

 private:
  static std::string key(const nlohmann::json& object);
  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> objects_;
};

class Controller {
 public:
  Controller(const kube::ApiClient& api, prom::PrometheusClient& prometheus, ControllerOptions options,
             metrics::AutoscalerMetrics& metrics, metrics::WatchMetrics& watch_metrics, const Clock& clock);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // Starts the reflectors and the cycle thread.
  void start();
  void stop();
  // Both watches have listed once (readiness).
  [[nodiscard]] bool synced() const;
  // Acting or standing by. Losing the lead drops every target's state: whoever leads next back-fills.
  void set_leader(bool leader);
  [[nodiscard]] bool leader() const { return leader_.load(); }

  // One cycle over every CacheAutoscaler, when leading (the thread's body; tests call it directly).
  void run_cycle();

 private:
  struct Target {
    TargetController core;
    std::string uid;
    std::uint64_t pod_timings_cursor = 0;  // PodIndex::timings_since: what this target has been given
  };
  void run();
  // One CacheAutoscaler, decoded from `object`; `also_scaled_by`: the others writing its runtime this cycle.
  void reconcile_one(const nlohmann::json& object, const Result<autoscaler::CacheAutoscaler>& decoded,
                     const std::vector<std::string>& also_scaled_by, std::map<std::string, Target>& next);
  [[nodiscard]] CycleInput gather(const autoscaler::CacheAutoscaler& cas, Target& state, const std::string& query);
  void write_status(const autoscaler::CacheAutoscaler& cas, const CycleOutcome& outcome);
  void emit_events(const autoscaler::CacheAutoscaler& cas, const std::vector<EventRecord>& events);

  const kube::ApiClient& api_;
  prom::PrometheusClient& prometheus_;
  ControllerOptions options_;
  metrics::AutoscalerMetrics& metrics_;
  metrics::WatchMetrics& watch_metrics_;
  const Clock& clock_;
  double time_origin_ = 0;
  [[nodiscard]] double model_time(double unix_seconds) const {
    return time_origin_ + (unix_seconds - time_origin_) * options_.time_scale;
  }
  ObjectStore autoscalers_;
  PodIndex pods_{clock_};
  // HPAs, so that a CacheAutoscaler never fights one over a runtime's replicas (scalers_sharing_targets). Not part
  // of readiness: where RBAC or the server refuses them, CacheAutoscalers act as before and the reflector retries.
  ObjectStore hpas_;
  std::unique_ptr<kube::Reflector> autoscaler_reflector_;
  std::unique_ptr<kube::Reflector> pod_reflector_;
  std::unique_ptr<kube::Reflector> hpa_reflector_;

  std::atomic<bool> leader_{false};
  std::mutex cycle_mutex_;  // run_cycle vs set_leader(false)
  std::map<std::string, Target> targets_;
  std::uint64_t event_sequence_ = 0;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cachepilot::controller
