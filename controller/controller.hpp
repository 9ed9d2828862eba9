#pragma once
// The live autoscaler's I/O loop: watches CacheAutoscalers and pods (reflectors), and every interval, while
// it leads, gathers each CacheAutoscaler's signals — demand from Prometheus (query_range back-fill first), pods
// waiting to mount its dataset, the runtime's /scale — hands them to its TargetController (target.hpp, pure),
// and carries out what that returns: the /scale write (optimistic concurrency, 409 retried), the status
// (merge patch of /status), Events, metrics. A replica that does not lead does nothing but watch; on taking
// over it back-fills history from Prometheus, so nothing depends on the state of the replica that died.
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
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
  void replace_all(std::vector<nlohmann::json>&& items) override;
  void apply(kube::WatchEventType type, nlohmann::json&& object) override;
  [[nodiscard]] PodCounts counts(const std::string& namespace_, const std::string& claim) const;

 private:
  struct Entry {
    std::string namespace_;
    std::vector<std::string> claims;
    bool pending = false;
    bool running = false;
  };
  void add(const Entry& entry, int sign);
  static std::optional<std::pair<std::string, Entry>> decode(const nlohmann::json& pod);

  mutable std::mutex mutex_;
  std::map<std::string, Entry> pods_;                                  // by namespace/name
  std::map<std::pair<std::string, std::string>, PodCounts> by_claim_;  // (namespace, claim)
};

// The watched CacheAutoscaler objects, by namespace/name.
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
  };
  void run();
  void reconcile_one(const nlohmann::json& object, std::map<std::string, Target>& next);
  [[nodiscard]] CycleInput gather(const autoscaler::CacheAutoscaler& cas, TargetController& core,
                                  const std::string& query);
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
  PodIndex pods_;
  std::unique_ptr<kube::Reflector> autoscaler_reflector_;
  std::unique_ptr<kube::Reflector> pod_reflector_;

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
