#include "kube/live_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fake_http_client.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::kube {
namespace {

using nlohmann::json;
using testing::FakeHttpClient;

TEST(RuntimeResource, PluralOfTheKind) {
  EXPECT_EQ(runtime_resource("JuiceFSRuntime").collection_path(), "/apis/data.fluid.io/v1alpha1/juicefsruntimes");
  EXPECT_EQ(runtime_resource("EFCRuntime").plural, "efcruntimes");
}

json list_of(std::vector<json> items, const std::string& rv = "1") {
  return json{{"items", std::move(items)}, {"metadata", {{"resourceVersion", rv}}}};
}

// One zone, two nodes; default/hbase has 4 GiB cached by a worker on n1.
struct FakeCluster {
  json nodes = list_of({
      {{"metadata",
        {{"name", "n1"}, {"labels", {{"topology.kubernetes.io/zone", "z1"}, {"fluid.io/s-default-hbase", "true"}}}}}},
      {{"metadata", {{"name", "n2"}, {"labels", {{"topology.kubernetes.io/zone", "z1"}}}}}},
  });
  json pvcs =
      list_of({{{"metadata",
                 {{"name", "hbase"},
                  {"namespace", "default"},
                  {"labels", {{"fluid.io/s-default-hbase", "true"}, {"fluid.io/dataset-id", "default-hbase"}}}}},
                {"spec", {{"volumeName", "default-hbase"}, {"storageClassName", "fluid"}}},
                {"status", {{"phase", "Bound"}}}}});
  json datasets = list_of({{{"metadata", {{"name", "hbase"}, {"namespace", "default"}}},
                            {"status",
                             {{"phase", "Bound"},
                              {"ufsTotal", "8GiB"},
                              {"cacheStates", {{"cached", "4GiB"}}},
                              {"runtimes", {{{"name", "hbase"}, {"namespace", "default"}, {"type", "alluxio"}}}}}}}});
  // Runtime items of a LIST carry no kind: the collection names it.
  json runtimes = list_of({{{"metadata", {{"name", "hbase"}, {"namespace", "default"}}},
                            {"status", {{"workerNumberReady", 1}, {"cacheStates", {{"cached", "4GiB"}}}}}}});

  std::shared_ptr<FakeHttpClient> http = std::make_shared<FakeHttpClient>();
  FakeCluster() {
    http->set_route([this](const net::ClientRequest& r) -> Result<net::ClientResponse> {
      const auto& p = r.path_and_query;
      auto starts = [&](const char* prefix) { return p.rfind(prefix, 0) == 0; };
      if (starts("/api/v1/nodes?")) {
        return net::ClientResponse{200, nodes.dump(), ""};
      }
      if (starts("/api/v1/persistentvolumeclaims?")) {
        return net::ClientResponse{200, pvcs.dump(), ""};
      }
      if (starts("/apis/data.fluid.io/v1alpha1/datasets?")) {
        return net::ClientResponse{200, datasets.dump(), ""};
      }
      if (starts("/apis/data.fluid.io/v1alpha1/alluxioruntimes?")) {
        return net::ClientResponse{200, runtimes.dump(), ""};
      }
      return net::ClientResponse{404, "", ""};  // the other runtime CRDs are not installed
    });
  }
};

struct Harness {
  Harness() : metrics(registry, clock), client(fake.http) {
    options.min_rebuild_interval = std::chrono::milliseconds(0);
    options.missing_retry_seconds = 3600;
  }
  // Waits (bounded) until the stored snapshot satisfies `done`.
  bool wait_for(const std::function<bool(const cluster::Snapshot&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto s = store.load(); s && done(*s)) {
        return true;
      }
      std::this_thread::yield();
    }
    return false;
  }
  FakeCluster fake;
  SystemClock clock;
  metrics::Registry registry;
  metrics::WatchMetrics metrics;
  ApiClient client;
  cluster::SnapshotStore store;
  LiveClusterOptions options;
};

TEST(LiveCluster, FirstSnapshotAfterEveryResourceSynced) {
  Harness h;
  LiveCluster live(h.client, h.options, h.store, h.metrics, h.clock);
  EXPECT_EQ(h.store.load(), nullptr);
  live.start();
  ASSERT_TRUE(h.wait_for([](const cluster::Snapshot& s) { return s.nodes().size() == 2; }));
  EXPECT_TRUE(live.synced());
  auto snapshot = h.store.load();
  auto d = snapshot->find_dataset("default", "hbase");
  ASSERT_TRUE(d.has_value());
  // The one worker node holds all 4 GiB (even split over one holder).
  EXPECT_EQ(snapshot->bytes_on_node(*d, *snapshot->find_node("n1")), 4ULL << 30U);
  EXPECT_EQ(snapshot->bytes_on_node(*d, *snapshot->find_node("n2")), 0U);
  EXPECT_TRUE(snapshot->find_dataset_for_claim("default", "hbase").has_value());
  live.stop();
  EXPECT_GE(testing::metric_sum(h.registry.serialize(), "cachepilot_snapshot_rebuilds_total"), 1);
}

TEST(LiveCluster, CacheFiguresReplaceTheEvenSplitAndGoBack) {
  Harness h;
  LiveCluster live(h.client, h.options, h.store, h.metrics, h.clock);
  live.start();
  ASSERT_TRUE(h.wait_for([](const cluster::Snapshot& s) { return s.nodes().size() == 2; }));
  live.set_cache_figures({{"default", "hbase", "n2", 3ULL << 30U}});
  ASSERT_TRUE(h.wait_for([](const cluster::Snapshot& s) {
    auto d = s.find_dataset("default", "hbase");
    return d && s.bytes_on_node(*d, *s.find_node("n2")) == (3ULL << 30U);
  }));
  live.set_cache_figures({});  // back to the even split
  ASSERT_TRUE(h.wait_for([](const cluster::Snapshot& s) {
    auto d = s.find_dataset("default", "hbase");
    return d && s.bytes_on_node(*d, *s.find_node("n2")) == 0 && s.bytes_on_node(*d, *s.find_node("n1")) > 0;
  }));
  live.stop();
}

TEST(LiveCluster, BuildNowReflectsHeldObjects) {
  Harness h;
  LiveCluster live(h.client, h.options, h.store, h.metrics, h.clock);
  live.start();
  ASSERT_TRUE(h.wait_for([](const cluster::Snapshot& s) { return s.nodes().size() == 2; }));
  auto first = h.store.load();
  auto built = live.build_now();
  EXPECT_EQ(built->nodes().size(), 2U);
  EXPECT_GT(built->generation(), first->generation());
  live.stop();
}

}  // namespace
}  // namespace cachepilot::kube
