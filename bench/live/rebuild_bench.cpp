// Snapshot rebuild cost of the watch-based extender, and what a rebuild does to /prioritize answered at the
// same time. A synthetic cluster (N nodes in 3 regions × 9 zones with realistic labels and annotations, D
// Fluid datasets each cached on 3 nodes, their PVCs and AlluxioRuntimes) is served as LIST answers through
// an in-process transport, so the reflectors, typed stores and converter are the production ones.
//
//   build-rel/bench/live/live_rebuild_bench [--nodes 5000] [--datasets 1000] [--seconds 4]
//
// Prints: rebuild time (copy out of the watch caches + convert) over 30 runs, then /prioritize latency
// (5,000 NodeNames, in-process) measured in alternating phases without and with a rebuild loop running
// on the other core (paced as in production, and back to back), side by side in one run.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "extender/service.hpp"
#include "kube/live_cluster.hpp"
#include "tests/support/fake_http_client.hpp"

namespace cachepilot {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string node_name(int i) { return "node-" + std::to_string(i) + ".cluster.internal"; }

json synthetic_lists(int nodes, int datasets, json& pvcs, json& dsets, json& runtimes) {
  json node_items = json::array();
  for (int i = 0; i < nodes; ++i) {
    json labels{{"topology.kubernetes.io/region", "region-" + std::to_string(i % 3)},
                {"topology.kubernetes.io/zone", "zone-" + std::to_string(i % 9)},
                {"kubernetes.io/hostname", node_name(i)},
                {"kubernetes.io/os", "linux"},
                {"kubernetes.io/arch", "amd64"},
                {"node.kubernetes.io/instance-type", "ecs.g7.4xlarge"},
                {"beta.kubernetes.io/os", "linux"},
                {"beta.kubernetes.io/arch", "amd64"}};
    json annotations{{"node.alpha.kubernetes.io/ttl", "0"},
                     {"volumes.kubernetes.io/controller-managed-attach-detach", "true"},
                     {"kubeadm.alpha.kubernetes.io/cri-socket", "unix:///run/containerd/containerd.sock"}};
    node_items.push_back({{"metadata",
                           {{"name", node_name(i)},
                            {"uid", "uid-" + std::to_string(i)},
                            {"resourceVersion", "1"},
                            {"labels", labels},
                            {"annotations", annotations}}},
                          {"spec", {{"podCIDR", "10.244.0.0/24"}}}});
  }
  pvcs = json::array();
  dsets = json::array();
  runtimes = json::array();
  for (int d = 0; d < datasets; ++d) {
    const std::string name = "ds-" + std::to_string(d);
    const std::string label = "fluid.io/s-default-" + name;
    for (int w = 0; w < 3; ++w) {
      node_items[static_cast<std::size_t>((d * 7 + w * 13) % nodes)]["metadata"]["labels"][label] = "true";
    }
    pvcs.push_back({{"metadata",
                     {{"name", name},
                      {"namespace", "default"},
                      {"labels", {{label, "true"}, {"fluid.io/dataset-id", "default-" + name}}}}},
                    {"spec", {{"volumeName", "default-" + name}, {"storageClassName", "fluid"}}},
                    {"status", {{"phase", "Bound"}}}});
    dsets.push_back({{"metadata", {{"name", name}, {"namespace", "default"}}},
                     {"status",
                      {{"phase", "Bound"},
                       {"ufsTotal", "100.00GiB"},
                       {"cacheStates", {{"cached", "60.00GiB"}, {"cacheCapacity", "120.00GiB"}}},
                       {"runtimes", {{{"name", name}, {"namespace", "default"}, {"type", "alluxio"}}}}}}});
    runtimes.push_back({{"metadata", {{"name", name}, {"namespace", "default"}}},
                        {"spec", {{"replicas", 3}}},
                        {"status", {{"workerNumberReady", 3}, {"currentWorkerNumberScheduled", 3}}}});
  }
  return node_items;
}

std::string list_body(json items) {
  return json{{"items", std::move(items)}, {"metadata", {{"resourceVersion", "1"}}}}.dump();
}

std::string prioritize_body(int nodes) {
  std::string body = R"({"Pod":{"metadata":{"name":"p","namespace":"default","uid":"u"},"spec":{"volumes":[)"
                     R"({"name":"d","persistentVolumeClaim":{"claimName":"ds-1"}}],"containers":[{"name":"c"}]}},)"
                     R"("Nodes":null,"NodeNames":[)";
  for (int i = 0; i < nodes; ++i) {
    body += (i ? ",\"" : "\"") + node_name(i) + "\"";
  }
  return body + "]}";
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

int flag(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) {
      return std::atoi(argv[i + 1]);  // NOLINT(cert-err34-c): a benchmark flag
    }
  }
  return fallback;
}

int run(int argc, char** argv) {
  const int nodes = flag(argc, argv, "--nodes", 5000);
  const int datasets = flag(argc, argv, "--datasets", 1000);
  const int seconds = flag(argc, argv, "--seconds", 4);

  json pvcs;
  json dsets;
  json runtimes;
  const auto node_list = list_body(synthetic_lists(nodes, datasets, pvcs, dsets, runtimes));
  const auto pvc_list = list_body(pvcs);
  const auto dataset_list = list_body(dsets);
  const auto runtime_list = list_body(runtimes);
  auto http = std::make_shared<testing::FakeHttpClient>();
  http->set_route([&](const net::ClientRequest& r) -> Result<net::ClientResponse> {
    const auto& p = r.path_and_query;
    if (p.rfind("/api/v1/nodes?", 0) == 0) {
      return net::ClientResponse{200, node_list, ""};
    }
    if (p.rfind("/api/v1/persistentvolumeclaims?", 0) == 0) {
      return net::ClientResponse{200, pvc_list, ""};
    }
    if (p.rfind("/apis/data.fluid.io/v1alpha1/datasets?", 0) == 0) {
      return net::ClientResponse{200, dataset_list, ""};
    }
    if (p.rfind("/apis/data.fluid.io/v1alpha1/alluxioruntimes?", 0) == 0) {
      return net::ClientResponse{200, runtime_list, ""};
    }
    return net::ClientResponse{404, "", ""};
  });

  SystemClock clock;
  metrics::Registry registry;
  metrics::WatchMetrics watch_metrics(registry, clock);
  metrics::ExtenderMetrics extender_metrics(registry);
  kube::ApiClient client(http);
  cluster::SnapshotStore store;
  kube::LiveClusterOptions options;
  options.missing_retry_seconds = 3600;
  kube::LiveCluster live(client, options, store, watch_metrics, clock);
  const auto sync_start = Clock::now();
  live.start();
  while (!live.synced()) {
    std::this_thread::yield();
  }
  std::printf("cluster: %d nodes, %d datasets; first sync (list+decode+build) %.0f ms\n", nodes, datasets,
              std::chrono::duration<double, std::milli>(Clock::now() - sync_start).count());

  std::vector<double> rebuild_ms;
  for (int i = 0; i < 30; ++i) {
    const auto t0 = Clock::now();
    auto snapshot = live.build_now();
    rebuild_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::printf("rebuild (copy from watch caches + convert), 30 runs: median %.1f ms, p90 %.1f ms, max %.1f ms\n",
              percentile(rebuild_ms, 0.5), percentile(rebuild_ms, 0.9), percentile(rebuild_ms, 1.0));

  extender::ExtenderService service(store, {}, registry, extender_metrics, clock);
  const auto body = prioritize_body(nodes);
  // pace_ms < 0: no rebuilds; 0: back to back (stress); > 0: one rebuild per pace (the default
  // --rebuild-interval of 200 ms is the most a steady stream of watch events can cause).
  auto measure = [&](int pace_ms) {
    std::atomic<bool> stop{false};
    std::atomic<int> rebuilds{0};
    std::thread rebuilder;
    if (pace_ms >= 0) {
      rebuilder = std::thread([&] {
        while (!stop) {
          const auto next = Clock::now() + std::chrono::milliseconds(pace_ms);
          store.store(live.build_now());
          ++rebuilds;
          while (!stop && Clock::now() < next) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // pacing a load generator, not syncing
          }
        }
      });
    }
    std::vector<double> us;
    const auto end = Clock::now() + std::chrono::milliseconds(seconds * 1000 / 2);
    while (Clock::now() < end) {
      net::HttpRequest req{"POST", "/prioritize", "application/json", body};
      req.body.reserve(body.size() + 64);
      net::HttpResponse res;
      const auto t0 = Clock::now();
      service.handle(req, res);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      if (res.status != 200) {
        std::fprintf(stderr, "prioritize failed: %u %s\n", res.status, res.body.c_str());
        std::exit(1);
      }
    }
    stop = true;
    if (rebuilder.joinable()) {
      rebuilder.join();
    }
    const char* label = pace_ms < 0    ? "no rebuilds:"
                        : pace_ms == 0 ? "rebuilds back to back:"
                                       : "rebuild every 200 ms:";
    std::printf("  %-24s %7zu requests  p50 %6.0f us  p90 %6.0f us  p99 %6.0f us  (%d rebuilds stored)\n", label,
                us.size(), percentile(us, 0.5), percentile(us, 0.9), percentile(us, 0.99), rebuilds.load());
  };
  std::printf("/prioritize, %d NodeNames, alternating phases of %.1f s:\n", nodes, seconds / 2.0);
  for (int round = 0; round < 2; ++round) {
    measure(-1);
    measure(200);
    measure(0);
  }
  live.stop();
  return 0;
}

}  // namespace
}  // namespace cachepilot

int main(int argc, char** argv) { return cachepilot::run(argc, argv); }
