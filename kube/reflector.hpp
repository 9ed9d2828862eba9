#pragma once
// A reflector keeps a local copy of one resource collection in step with the API server, as client-go's
// does: LIST, then WATCH from the list's resourceVersion (with bookmarks); on 410 Gone re-list; on a broken
// stream reconnect with capped exponential backoff and jitter, keeping what it had; a resource the server
// does not serve (CRD not installed) counts as synced-and-empty and is retried. One thread per reflector.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/api_client.hpp"
#include "metrics/watch_metrics.hpp"

namespace cachepilot::kube {

struct BackoffPolicy {
  double initial_seconds = 0.5;
  double max_seconds = 30;
  double jitter = 0.5;  // the delay is scaled by a factor drawn from [1 - jitter, 1]
};

// Pure: the wait before retry number `failures` (1 for the first failure); random01 in [0, 1).
// Example: initial 0.5, max 30, jitter 0.5, failures 4 → min(30, 0.5·2³) = 4 s, scaled into [2, 4] s.
[[nodiscard]] double backoff_seconds(const BackoffPolicy& policy, int failures, double random01);

// Receives the reflected objects on the reflector's thread.
class ReflectorSink {
 public:
  virtual ~ReflectorSink() = default;
  // The complete set after a LIST (empty when the resource is not installed). Replaces what was there.
  virtual void replace_all(std::vector<nlohmann::json>&& items) = 0;
  // One ADDED / MODIFIED / DELETED event.
  virtual void apply(WatchEventType type, nlohmann::json&& object) = 0;
  // After replace_all, once the reflector reports synced() (so an observer woken here sees it synced).
  virtual void listed() {}
};

struct ReflectorOptions {
  ResourceRef resource;
  BackoffPolicy backoff;
  // Each watch asks the server to end it after a random time in this range (client-go: 5–10 min), so
  // watches are renewed and a silently dead connection cannot hold us for long.
  int watch_timeout_min_seconds = 60;
  int watch_timeout_max_seconds = 120;
  std::size_t page_size = 500;
  // A resource the server does not serve is looked for again after this long.
  double missing_retry_seconds = 30;
};

class Reflector {
 public:
  Reflector(const ApiClient& client, ReflectorOptions options, ReflectorSink& sink,
            metrics::ResourceWatchMetrics& metrics);
  ~Reflector();
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  void start();
  // Cancels the running call and joins; the sink keeps its objects.
  void stop();
  // True once a LIST has completed (or the resource was found not installed).
  [[nodiscard]] bool synced() const { return synced_.load(); }
  [[nodiscard]] const ResourceRef& resource() const { return options_.resource; }

 private:
  void run();
  // Waits up to `seconds`; false when stop() was called.
  bool wait(double seconds);
  bool list_once();  // true: listed (or found missing); false: failed
  [[nodiscard]] int next_watch_timeout();

  const ApiClient& client_;
  ReflectorOptions options_;
  ReflectorSink& sink_;
  metrics::ResourceWatchMetrics& metrics_;
  std::atomic<bool> synced_{false};
  std::atomic<bool> stopping_{false};
  net::Cancellation cancel_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  std::mt19937 random_;
  std::string resource_version_;
  bool missing_ = false;
  bool listed_before_ = false;
  int failures_ = 0;
  std::string last_logged_error_;
};

}  // namespace cachepilot::kube
