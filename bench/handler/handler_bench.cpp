// In-process cost of one extender request (parse + resolve + score/filter + serialise), without sockets:
// what the extender adds to each scheduling cycle on top of the network. Synthetic cluster of N nodes in
// 3 regions × 3 zones with D datasets, each cached on 3 nodes.
//   build-rel/bench/handler/extender_handler_bench --benchmark_min_time=2
#include <string>

#include <benchmark/benchmark.h>

#include "cluster/converter.hpp"
#include "common/clock.hpp"
#include "extender/service.hpp"

namespace cachepilot {
namespace {

cluster::ClusterObjects synthetic_cluster(int nodes, int datasets) {
  cluster::ClusterObjects objects;
  for (int i = 0; i < nodes; ++i) {
    k8s::Node node;
    node.metadata.name = "node-" + std::to_string(i) + ".cluster.internal";
    node.metadata.labels["topology.kubernetes.io/region"] = "region-" + std::to_string(i % 3);
    node.metadata.labels["topology.kubernetes.io/zone"] = "zone-" + std::to_string(i % 9);
    node.metadata.labels["kubernetes.io/hostname"] = node.metadata.name;
    objects.nodes.push_back(std::move(node));
  }
  for (int d = 0; d < datasets; ++d) {
    const std::string name = "ds-" + std::to_string(d);
    const std::string label = "fluid.io/s-default-" + name;
    fluid::Dataset ds;
    ds.metadata.name = name;
    ds.metadata.namespace_ = "default";
    ds.status.phase = "Bound";
    ds.status.ufsTotal = "100.00GiB";
    ds.status.cacheStates["cached"] = "60.00GiB";
    objects.datasets.push_back(ds);
    k8s::PersistentVolumeClaim pvc;
    pvc.metadata.name = name;
    pvc.metadata.namespace_ = "default";
    pvc.metadata.labels[label] = "true";
    objects.pvcs.push_back(pvc);
    for (int w = 0; w < 3; ++w) {
      objects.nodes[static_cast<std::size_t>((d * 7 + w * 13) % nodes)].metadata.labels[label] = "true";
    }
  }
  return objects;
}

std::string node_names_body(int nodes, const std::string& claim) {
  std::string body = R"({"Pod":{"metadata":{"name":"p","namespace":"default","uid":"u"},"spec":{"volumes":[)"
                     R"({"name":"d","persistentVolumeClaim":{"claimName":")" +
                     claim + R"("}}],"containers":[{"name":"c","image":"i"}]}},"Nodes":null,"NodeNames":[)";
  for (int i = 0; i < nodes; ++i) {
    body += (i ? ",\"" : "\"") + std::string("node-") + std::to_string(i) + ".cluster.internal\"";
  }
  body += "]}";
  return body;
}

void run(benchmark::State& state, const char* verb) {
  const int nodes = static_cast<int>(state.range(0));
  const auto objects = synthetic_cluster(nodes, nodes / 5);
  cluster::SnapshotStore store;
  store.store(cluster::build_snapshot(objects, {}, {}));
  metrics::Registry registry;
  metrics::ExtenderMetrics metrics(registry);
  SystemClock clock;
  extender::ExtenderService service(store, {}, registry, metrics, clock);
  const std::string body = node_names_body(nodes, "ds-1");
  std::size_t bytes_out = 0;
  for (auto _ : state) {
    net::HttpRequest req{"POST", verb, "application/json", body};
    req.body.reserve(body.size() + 64);
    net::HttpResponse res;
    service.handle(req, res);
    bytes_out = res.body.size();
    benchmark::DoNotOptimize(res.body.data());
  }
  state.counters["reply_bytes"] = static_cast<double>(bytes_out);
}

void BM_PrioritizeNodeNames(benchmark::State& state) { run(state, "/prioritize"); }
void BM_FilterNodeNames(benchmark::State& state) { run(state, "/filter"); }
BENCHMARK(BM_PrioritizeNodeNames)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FilterNodeNames)->Arg(5000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cachepilot

BENCHMARK_MAIN();
