#pragma once
// The extender's HTTP surface: routes requests to the pure placement core, speaking the kube-scheduler
// extender wire format, and keeps the metrics. Transport-agnostic: net::HttpServer calls handle().
#include <atomic>
#include <memory>
#include <optional>
#include <string_view>

#include "cluster/snapshot.hpp"
#include "common/clock.hpp"
#include "extender/extender_v1.hpp"
#include "extender/placement.hpp"
#include "metrics/extender_metrics.hpp"
#include "net/http_server.hpp"

namespace cachepilot::extender {

class ExtenderService {
 public:
  ExtenderService(const cluster::SnapshotStore& store, Policy policy, metrics::Registry& registry,
                  metrics::ExtenderMetrics& metrics, const Clock& clock);

  void handle(net::HttpRequest& request, net::HttpResponse& response);
  void on_connection_event(net::ConnectionEvent event);

 private:
  // The verbs' common start: the body parsed, a Pod and candidate nodes present, the candidates' count observed.
  // nullopt: already answered 400, the cause counted.
  [[nodiscard]] std::optional<v1::ExtenderArgsView> accept_args(const net::HttpRequest& request,
                                                                net::HttpResponse& response,
                                                                const v1::ParseOptions& options);
  void filter(const cluster::SnapshotPtr& snapshot, net::HttpRequest& request, net::HttpResponse& response);
  void prioritize(const cluster::SnapshotPtr& snapshot, net::HttpRequest& request, net::HttpResponse& response);
  void metrics_page(const cluster::Snapshot* snapshot, net::HttpResponse& response);
  static void debug_snapshot(const cluster::Snapshot* snapshot, net::HttpResponse& response);
  void reject(metrics::ErrorKind kind, unsigned status, std::string_view message, net::HttpResponse& response);
  void count_neutral(const PodNeeds& needs, const PodInfo& pod, std::size_t unknown_nodes);
  void count_dataset_requests(const cluster::SnapshotPtr& snapshot, const PodNeeds& needs, metrics::Verb verb);

  // Reply fragments and metric handles derived from one snapshot, rebuilt when the snapshot changes.
  struct SnapshotExtras {
    cluster::SnapshotPtr snapshot;
    v1::HostPrefixes host_prefixes;
    metrics::DatasetRequestCounters dataset_requests;  // by the snapshot's dataset index
  };
  std::shared_ptr<const SnapshotExtras> extras_for(const cluster::SnapshotPtr& snapshot);

  const cluster::SnapshotStore& store_;
  std::atomic<std::shared_ptr<const SnapshotExtras>> extras_;
  Policy policy_;
  metrics::Registry& registry_;
  metrics::ExtenderMetrics& metrics_;
  const Clock& clock_;
};

}  // namespace cachepilot::extender
