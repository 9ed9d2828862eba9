#pragma once
// The live cluster source: reflectors for Nodes, PVCs, Fluid Datasets and each runtime kind feed typed
// object sets; a rebuild thread turns them into a Snapshot through the same converter the dump file uses
// and swaps it in atomically. Bursts of events are coalesced: at most one rebuild per min_rebuild_interval.
// The first snapshot is stored once every resource has synced, which is what /readyz waits for.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster/converter.hpp"
#include "cluster/snapshot.hpp"
#include "common/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/reflector.hpp"
#include "metrics/watch_metrics.hpp"

namespace cachepilot::kube {

// Fluid's runtime kinds (api/v1alpha1); each is watched when its CRD is installed.
inline const std::vector<std::string> kDefaultRuntimeKinds{"AlluxioRuntime", "JuiceFSRuntime", "JindoRuntime",
                                                           "GooseFSRuntime", "EFCRuntime",     "ThinRuntime",
                                                           "VineyardRuntime"};

// "JuiceFSRuntime" → {data.fluid.io, v1alpha1, juicefsruntimes}
[[nodiscard]] ResourceRef runtime_resource(const std::string& kind);

struct LiveClusterOptions {
  std::vector<std::string> runtime_kinds = kDefaultRuntimeKinds;
  cluster::TopologyKeys topology;
  std::chrono::milliseconds min_rebuild_interval{200};
  BackoffPolicy backoff;
  int watch_timeout_min_seconds = 60;
  int watch_timeout_max_seconds = 120;
  double missing_retry_seconds = 30;
};

class LiveCluster {
 public:
  LiveCluster(const ApiClient& client, LiveClusterOptions options, cluster::SnapshotStore& store,
              metrics::WatchMetrics& metrics, const Clock& clock);
  ~LiveCluster();
  LiveCluster(const LiveCluster&) = delete;
  LiveCluster& operator=(const LiveCluster&) = delete;

  void start();
  void stop();
  // Per-node figures (from Prometheus) replace the even split for the datasets they name; empty: even split.
  void set_cache_figures(std::vector<cluster::NodeCacheFigure> figures);
  // Every reflector has synced and the first snapshot is stored.
  [[nodiscard]] bool synced() const { return first_snapshot_stored_.load(); }
  // Builds a snapshot from the objects held now, without storing it (benchmarks, tests).
  [[nodiscard]] cluster::SnapshotPtr build_now();

  class Sink;  // a typed object set fed by one reflector (defined in the .cpp)

 private:
  void rebuild_loop();
  void mark_dirty();
  [[nodiscard]] bool all_synced() const;
  cluster::SnapshotPtr build_locked_copy();

  LiveClusterOptions options_;
  cluster::SnapshotStore& store_;
  metrics::WatchMetrics& metrics_;
  const Clock& clock_;
  std::mutex objects_mutex_;  // guards every sink's objects and figures_
  std::vector<cluster::NodeCacheFigure> figures_;
  std::vector<std::unique_ptr<Sink>> sinks_;
  std::vector<std::unique_ptr<Reflector>> reflectors_;
  std::mutex rebuild_mutex_;
  std::condition_variable rebuild_wake_;
  bool dirty_ = false;
  bool stopping_ = false;
  std::thread rebuild_thread_;
  std::atomic<std::uint64_t> generation_{0};
  std::size_t last_warning_count_ = 0;
  std::atomic<bool> first_snapshot_stored_{false};
};

}  // namespace cachepilot::kube
