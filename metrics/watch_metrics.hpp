#pragma once
// Health of the live cluster source: one set of series per watched resource (nodes, datasets.data.fluid.io,
// ...) and the snapshot rebuilds they drive. Defined here so docs/metrics.md can be checked against them.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "common/clock.hpp"
#include "metrics/registry.hpp"

namespace cachepilot::metrics {

class WatchMetrics;

// The series of one watched resource. Thread-safe; owned by WatchMetrics.
class ResourceWatchMetrics {
 public:
  void set_synced(bool synced);
  void set_installed(bool installed);
  void count_relist();
  void count_reconnect();
  void count_event(const char* type);  // "added", "modified", "deleted", "bookmark"
  void count_decode_error();
  void set_objects(double count);

 private:
  friend class WatchMetrics;
  ResourceWatchMetrics(WatchMetrics& owner, const std::string& resource);
  WatchMetrics& owner_;
  std::string resource_;
  prometheus::Gauge& synced_;
  prometheus::Gauge& installed_;
  prometheus::Counter& relists_;
  prometheus::Counter& reconnects_;
  prometheus::Counter& decode_errors_;
  prometheus::Gauge& objects_;
  prometheus::Gauge& last_event_age_;
  std::atomic<long long> last_event_ns_{-1};  // Clock time of the last event or successful list
};

class WatchMetrics {
 public:
  WatchMetrics(Registry& registry, const Clock& clock);
  // Stable reference; call once per resource at start-up.
  ResourceWatchMetrics& resource(const std::string& name);
  void observe_rebuild(double seconds);
  // Refreshes the age gauges; call before serialising.
  void update_ages();

 private:
  friend class ResourceWatchMetrics;
  const Clock& clock_;
  prometheus::Family<prometheus::Gauge>& synced_;
  prometheus::Family<prometheus::Gauge>& installed_;
  prometheus::Family<prometheus::Counter>& relists_;
  prometheus::Family<prometheus::Counter>& reconnects_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& decode_errors_;
  prometheus::Family<prometheus::Gauge>& objects_;
  prometheus::Family<prometheus::Gauge>& last_event_age_;
  prometheus::Counter& rebuilds_;
  prometheus::Histogram& rebuild_seconds_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<ResourceWatchMetrics>> resources_;
};

}  // namespace cachepilot::metrics
