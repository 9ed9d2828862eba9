// End to end: the real `cachepilot extender` watching a real kube-apiserver (as the least-privilege identity of
// deploy/extender/clusterrole.yaml) and called by a real kube-scheduler 1.20 (tests/support/control_plane.hpp).
// The scenarios of issue 3, item 7:
//
//   PlacementFollowsCacheThenZoneThenRegion   cache nodes while they have room, then the same zone, then the
//                                             same region; pods without datasets keep off cache nodes
//   RequiredPodsNeverLandOffCache             sched=required pods stay Pending with the extender's reason
//   WatchedWorkerLabelsAndCacheStatesSteerNewPods   a worker label added to a new node moves the next pods there
//   ApiserverRestartServesLastSnapshotThenCatchesUp graceful restart and SIGKILL: /prioritize keeps answering,
//                                                   the watch reconnects and later changes arrive
//   SamePlacementWithNodeNamesAndFullNodes    nodeCacheCapable true and false place alike
//   SchedulerCallsExtenderOverHttps           enableHTTPS + tlsConfig.caFile against --tls-cert/--tls-key
//
// Every assertion on a placement is one kube-scheduler's default plugins would not make on their own: they
// spread pods over the emptiest nodes, so two or more pods piled on a cache node while empty nodes exist, or
// pods kept off two specific empty nodes, happen only when the extender is called and honoured.
//
// Each test builds its own nodes (labelled with a group that its pods select) and its own namespace, so the
// tests stand alone under ctest (a control plane per test) and also share one cluster when the binary runs
// them all. Waits are bounded polls; timings go to stderr and to the test's XML properties.
#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/control_plane.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kBinary = CACHEPILOT_BINARY;
constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";
constexpr const char* kRegionLabel = "topology.kubernetes.io/region";
constexpr const char* kGroupLabel = "e2e.cachepilot.io/group";

// kube-scheduler 1.20 adds extender score (0..10) × weight × 10 to each node's sum of plugin scores. For the
// bare pods of these tests (no owner, affinity, tolerations or spread constraints; an image no node has) the
// default score plugins that differ between nodes are NodeResourcesLeastAllocated and
// NodeResourcesBalancedAllocation, weight 1 and 0..100 each: a swing of at most 200 (in practice 2-4 here,
// where each pod requests 100m of 8 CPUs and 128Mi of 32Gi). ImageLocality (0 everywhere), TaintToleration,
// NodeAffinity, InterPodAffinity, PodTopologySpread and NodePreferAvoidPods score every node alike. With the
// cache split over two nodes of a zone, the extender scores 8 on them (100·½ on the node + 50·½ elsewhere in
// the zone, over 100, × 10), 5 on the zone's other nodes, 2 in the same region, 0 beyond; a lone cache node
// scores 10. The smallest gap a dataset placement relies on, 8 vs 5, is worth 3 × 10 × 10 = 300 > 200: the
// extender decides whatever the resource plugins say. Pods reading no dataset: 10 vs 0 on cache nodes (1,000).
// Only the region step (2 vs 0) is worth just 200, still far above the 2-4 points the resource plugins differ
// by between the nodes it compares (each holds the same number of these small pods).
constexpr std::int64_t kExtenderWeight = 10;

// ------------------------------------------------------------------------------------------------------------
// Bounded polling and timing (poll_until, ms_since, report_timing: tests/support/control_plane.hpp)

void report_timing(const std::string& what, long long ms) { testing::report_timing("extender-e2e", what, ms); }

// ------------------------------------------------------------------------------------------------------------
// The extender binary, spawned under the fixture with the cachepilot-extender kubeconfig.

struct ExtenderOptions {
  std::optional<CertificatePaths> tls{};
  std::vector<std::string> extra_args{};
};

class Extender {
 public:
  Extender(ControlPlane& cp, const std::string& name, const ExtenderOptions& options) {
    std::vector<std::string> argv = {
        kBinary,    "extender",    "--kubeconfig", cp.kubeconfig_for("cachepilot-extender"),
        "--listen", "127.0.0.1:0", "--threads",    "2"};
    if (options.tls) {
      argv.insert(argv.end(), {"--tls-cert", options.tls->cert, "--tls-key", options.tls->key});
    }
    argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
    process_ = &cp.spawn(name, argv);
    if (!process_->wait_for_log("listening on", seconds(30))) {
      throw E2eError("the extender did not start listening: " + process_->describe_exit() + "\n" +
                     process_->log_text());
    }
    std::smatch m;
    static const std::regex kListening(R"(listening on (https://)?127\.0\.0\.1:(\d+))");
    const auto log = process_->log_text();
    if (!std::regex_search(log, m, kListening)) {
      throw E2eError("no port in the extender's log:\n" + log);
    }
    const bool https = m[1].matched;
    if (https != options.tls.has_value()) {
      throw E2eError("the extender serves " + std::string(https ? "HTTPS" : "HTTP") + " unexpectedly:\n" + log);
    }
    port_ = std::stoi(m[2]);
    url_ = std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    net::ClientOptions client;
    client.base_url = url_;
    client.tls.ca_pem = https ? cp.ca_pem() : "";
    client.timeout = seconds(5);
    client.user_agent = "cachepilot-extender-e2e";
    auto made = net::make_http_client(client);
    if (!made.ok()) {
      throw E2eError("HTTP client for " + url_ + ": " + made.error().message);
    }
    client_ = std::move(made).value();
    const auto started = Clock::now();
    if (!poll_until([&] { return get_status("/readyz") == 200; }, seconds(30))) {
      throw E2eError("the extender did not turn ready (first full sync) within 30 s: " + process_->describe_exit() +
                     "\n" + process_->log_text());
    }
    report_timing("extender ready after listening", ms_since(started));
  }

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] ManagedProcess& process() { return *process_; }

  // Status of a GET; 0 on a transport error.
  unsigned get_status(const std::string& path) { return testing::get_status(*client_, path); }

  std::string get(const std::string& path) {
    net::ClientRequest request;
    request.path_and_query = path;
    return checked(request);
  }

  Json post(const std::string& path, const Json& body) {
    net::ClientRequest request;
    request.method = "POST";
    request.path_and_query = path;
    request.body = body.dump();
    request.content_type = "application/json";
    return Json::parse(checked(request));
  }

  Json snapshot() { return Json::parse(get("/debug/snapshot")); }
  std::string metrics() { return get("/metrics"); }

  // The nodes /debug/snapshot says hold the cache of dataset ns/name (empty when it does not know it).
  std::set<std::string> holders(const std::string& ns, const std::string& name) {
    std::set<std::string> out;
    const auto snap = snapshot();  // a named object: a range over a temporary's member would dangle
    for (const auto& d : snap["datasets"]) {
      if (d["namespace"] == ns && d["name"] == name) {
        for (const auto& h : d["cacheNodes"]) {
          out.insert(h["node"].get<std::string>());
        }
      }
    }
    return out;
  }

  // Polls /debug/snapshot until the dataset's cache nodes are exactly `expected`; returns how long it took.
  long long wait_for_holders(const std::string& ns, const std::string& name, const std::set<std::string>& expected,
                             milliseconds timeout = seconds(30)) {
    const auto started = Clock::now();
    std::set<std::string> last;
    if (!poll_until(
            [&] {
              last = holders(ns, name);
              return last == expected;
            },
            timeout)) {
      throw E2eError("/debug/snapshot did not show the cache of " + ns + "/" + name + " on {" + join(expected) +
                     "} within " + std::to_string(timeout.count()) + " ms; last seen {" + join(last) + "}");
    }
    return ms_since(started);
  }

  // Scores /prioritize gives `pod` on `nodes`, asked the way kube-scheduler asks with nodeCacheCapable: true.
  // A node missing from the reply scores 0, as kube-scheduler reads it (the extender leaves zero scores out).
  std::map<std::string, int> prioritize(const Json& pod, const std::vector<std::string>& nodes) {
    const auto reply = post("/prioritize", {{"Pod", pod}, {"Nodes", nullptr}, {"NodeNames", nodes}});
    std::map<std::string, int> scores;
    for (const auto& n : nodes) {
      scores[n] = 0;
    }
    for (const auto& hp : reply) {
      scores[hp["Host"].get<std::string>()] = hp["Score"].get<int>();
    }
    return scores;
  }

  static std::string join(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
      out += (out.empty() ? "" : ", ") + n;
    }
    return out;
  }

 private:
  std::string checked(const net::ClientRequest& request) {
    auto response = client_->send(request);
    if (!response.ok()) {
      throw E2eError(request.method + " " + url_ + request.path_and_query + ": " + response.error().message);
    }
    if (response->status != 200) {
      throw E2eError(request.method + " " + url_ + request.path_and_query + ": HTTP " +
                         std::to_string(response->status) + ": " + response->body,
                     response->status);
    }
    return response->body;
  }

  ManagedProcess* process_ = nullptr;
  int port_ = 0;
  std::string url_;
  std::unique_ptr<net::HttpClient> client_;
};

// ------------------------------------------------------------------------------------------------------------
// Cluster objects

// The labels Fluid's runtime controller puts on a node running a cache worker of dataset ns/name (Alluxio).
std::map<std::string, std::optional<std::string>> worker_labels(const std::string& ns, const std::string& name) {
  return {{"fluid.io/s-" + ns + "-" + name, "true"},
          {"fluid.io/s-alluxio-" + ns + "-" + name, "true"},
          {"fluid.io/s-h-alluxio-t-" + ns + "-" + name, "20GiB"},
          {"fluid.io/dataset-num", "1"}};
}

StringMap worker_label_map(const std::string& ns, const std::string& name) {
  StringMap out;
  for (const auto& [k, v] : worker_labels(ns, name)) {
    out[k] = *v;
  }
  return out;
}

struct NodeSpec {
  std::string name;
  std::string zone;
  std::string region = "r1";
  std::string pods = "3";
  bool worker = false;  // a cache worker of the test's dataset runs here
};

// Nodes of one test's group (its pods select the group), in zones and regions, some holding the dataset's
// cache workers.
void create_nodes(KubeApi& kube, const std::string& group, const std::string& ns, const std::string& dataset,
                  const std::vector<NodeSpec>& nodes) {
  for (const auto& n : nodes) {
    StringMap labels = {{kGroupLabel, group}, {kZoneLabel, n.zone}, {kRegionLabel, n.region}};
    if (n.worker) {
      labels.merge(worker_label_map(ns, dataset));
    }
    kube.create_node({.name = n.name, .labels = labels, .pods = n.pods});
  }
}

// A bound Fluid dataset ns/name (Alluxio) whose `size` is fully cached: its PV/PVC pair, the Dataset with
// ufsTotal and cacheStates, its runtime. (The extender scores the share of the dataset's bytes near a node: a
// dataset only 20% cached would score its cache nodes 2, not 10.)
void create_dataset(KubeApi& kube, const std::string& ns, const std::string& name, const std::string& size,
                    std::int64_t workers) {
  kube.create_namespace(ns);
  kube.create_bound_pvc(fluid_dataset_pvc(ns, name));
  const StringMap states = {{"cached", size}, {"cacheCapacity", "40.00GiB"}, {"cachedPercentage", "100.0%"}};
  kube.create_dataset({.ns = ns, .name = name, .ufs_total = size, .cache_states = states});
  kube.create_runtime(
      {.kind = RuntimeKind::kAlluxio, .ns = ns, .name = name, .replicas = workers, .cache_states = states});
}

PodOptions dataset_pod(const std::string& ns, const std::string& name, const std::string& group,
                       const std::string& dataset) {
  return {.ns = ns, .name = name, .pvcs = {dataset}, .node_selector = {{kGroupLabel, group}}};
}

PodOptions plain_pod(const std::string& ns, const std::string& name, const std::string& group) {
  return {.ns = ns, .name = name, .node_selector = {{kGroupLabel, group}}};
}

PodOptions required_pod(const std::string& ns, const std::string& name, const std::string& group,
                        const std::string& dataset) {
  auto pod = dataset_pod(ns, name, group, dataset);
  pod.labels = {{"fluid.io/dataset." + dataset + ".sched", "required"}};
  return pod;
}

// The reason extender/placement.cpp gives for a node without the required dataset's cache.
std::string required_reason(const std::string& ns, const std::string& dataset) {
  return "no cache worker of dataset " + ns + "/" + dataset + " on this node, and the pod requires one (label " +
         "fluid.io/dataset." + dataset + ".sched=required)";
}

// Creates the pods (kube-scheduler queues them in creation order), waits for each to be bound, returns
// pod name → node name.
std::map<std::string, std::string> place(KubeApi& kube, const std::vector<PodOptions>& pods) {
  for (const auto& p : pods) {
    kube.create_pod(p);
  }
  std::map<std::string, std::string> out;
  for (const auto& p : pods) {
    out[p.name] = kube.wait_for_pod_scheduled(p.ns, p.name)["spec"]["nodeName"].get<std::string>();
  }
  return out;
}

std::map<std::string, int> count_by_node(const std::map<std::string, std::string>& placements) {
  std::map<std::string, int> out;
  for (const auto& [pod, node] : placements) {
    ++out[node];
  }
  return out;
}

SchedulerOptions scheduler_with(const Extender& extender, bool node_cache_capable = true, bool https = false,
                                const std::string& ca_file = "") {
  return {.extenders = {{.url_prefix = extender.url(),
                         .weight = kExtenderWeight,
                         .node_cache_capable = node_cache_capable,
                         .ignorable = false,  // a failed call must fail scheduling, not be skipped silently
                         .enable_https = https,
                         .ca_file = ca_file}},
          .percentage_of_nodes_to_score = 100};
}

double requests_total(const std::string& metrics, const std::string& verb) {
  return metric_value(metrics, "cachepilot_extender_requests_total", {{"verb", verb}, {"code", "200"}}).value_or(0);
}

double watch_recoveries(const std::string& metrics) {
  return metric_sum(metrics, "cachepilot_watch_reconnects_total") +
         metric_sum(metrics, "cachepilot_watch_relists_total");
}

class ExtenderE2eTest : public ControlPlaneTest {
 protected:
  // Only the runtime kind the tests use: fewer CRDs to install and to wait for after an apiserver restart.
  static void SetUpTestSuite() { start_shared({.runtime_kinds = {RuntimeKind::kAlluxio}}); }

  // A log of its own per extender (spawn() appends to <name>.log: a reused name would show the previous
  // extender's "listening on" line when the tests share one control plane).
  std::unique_ptr<Extender> start_extender(const ExtenderOptions& options = {}) {
    static int started = 0;
    return std::make_unique<Extender>(cp(), "cachepilot-extender-" + std::to_string(++started), options);
  }
};

// ------------------------------------------------------------------------------------------------------------
// 1. Cache nodes while they have room, then the same zone, then the same region; pods without datasets keep off
//    cache nodes.

TEST_F(ExtenderE2eTest, PlacementFollowsCacheThenZoneThenRegion) {
  const auto test_started = Clock::now();
  auto& kube = api();
  const std::string ns = "place";
  const std::string ds = "imagenet";
  const std::string group = "place";
  // Zone A and B in region r1, zone C in r2; 3 pods fit on each node. The dataset's workers run on za-1, za-2.
  create_nodes(kube, group, ns, ds,
               {{.name = "place-za-1", .zone = "za", .worker = true},
                {.name = "place-za-2", .zone = "za", .worker = true},
                {.name = "place-za-3", .zone = "za"},
                {.name = "place-zb-1", .zone = "zb"},
                {.name = "place-zb-2", .zone = "zb"},
                {.name = "place-zb-3", .zone = "zb"},
                {.name = "place-zc-1", .zone = "zc", .region = "r2"},
                {.name = "place-zc-2", .zone = "zc", .region = "r2"},
                {.name = "place-zc-3", .zone = "zc", .region = "r2"}});
  create_dataset(kube, ns, ds, "2.00GiB", 2);
  auto extender = start_extender();
  extender->wait_for_holders(ns, ds, {"place-za-1", "place-za-2"});
  cp().start_scheduler(scheduler_with(*extender));
  const std::set<std::string> cache_nodes = {"place-za-1", "place-za-2"};

  // Pods reading no dataset, one per non-cache node: all keep off the two (empty) cache nodes. Spreading
  // alone would put 7 pods on 7 of 9 empty nodes and miss both cache nodes once in 36 runs.
  std::vector<PodOptions> plain;
  for (int i = 1; i <= 7; ++i) {
    plain.push_back(plain_pod(ns, "plain-" + std::to_string(i), group));
  }
  const auto plain_placed = place(kube, plain);
  for (const auto& [pod, node] : plain_placed) {
    EXPECT_EQ(cache_nodes.count(node), 0U) << pod << " (no dataset) landed on cache node " << node;
  }

  // Six dataset readers fill both cache nodes (3 each) although seven emptier-or-equal nodes exist.
  std::vector<PodOptions> readers;
  for (int i = 1; i <= 6; ++i) {
    readers.push_back(dataset_pod(ns, "reader-" + std::to_string(i), group, ds));
  }
  const auto on_cache = count_by_node(place(kube, readers));
  EXPECT_EQ(on_cache, (std::map<std::string, int>{{"place-za-1", 3}, {"place-za-2", 3}}));

  // Cache nodes full: the next readers go to the rest of zone A (za-3, score 5) while it has room, not to
  // zone B (2) or C (0).
  const int za3_room = 3 - static_cast<int>(std::count_if(plain_placed.begin(), plain_placed.end(),
                                                          [](const auto& p) { return p.second == "place-za-3"; }));
  ASSERT_GE(za3_room, 1);
  std::vector<PodOptions> zone_readers;
  for (int i = 1; i <= za3_room; ++i) {
    zone_readers.push_back(dataset_pod(ns, "zone-reader-" + std::to_string(i), group, ds));
  }
  for (const auto& [pod, node] : place(kube, zone_readers)) {
    EXPECT_EQ(node, "place-za-3") << pod;
  }

  // Zone A full: the same region (zone B, score 2) before the other region (zone C, 0).
  const auto region_placed =
      place(kube, {dataset_pod(ns, "region-reader-1", group, ds), dataset_pod(ns, "region-reader-2", group, ds)});
  for (const auto& [pod, node] : region_placed) {
    EXPECT_THAT(node, ::testing::StartsWith("place-zb-")) << pod;
  }

  const auto metrics = extender->metrics();
  EXPECT_GE(requests_total(metrics, "prioritize"), 7 + 6 + za3_room + 2);
  EXPECT_GE(requests_total(metrics, "filter"), 7 + 6 + za3_room + 2);
  report_timing("placement scenario", ms_since(test_started));
}

// ------------------------------------------------------------------------------------------------------------
// 2. sched=required pods never land off-cache: with the cache nodes full they stay Pending with the extender's
//    reason, and take a cache node as soon as one has room.

TEST_F(ExtenderE2eTest, RequiredPodsNeverLandOffCache) {
  const auto test_started = Clock::now();
  auto& kube = api();
  const std::string ns = "req";
  const std::string ds = "llama";
  const std::string group = "req";
  create_nodes(kube, group, ns, ds,
               {{.name = "req-c1", .zone = "za", .pods = "1", .worker = true},
                {.name = "req-c2", .zone = "za", .pods = "1", .worker = true},
                {.name = "req-a3", .zone = "za"},
                {.name = "req-b1", .zone = "zb"},
                {.name = "req-b2", .zone = "zb"}});
  create_dataset(kube, ns, ds, "4.00GiB", 2);
  auto extender = start_extender();
  extender->wait_for_holders(ns, ds, {"req-c1", "req-c2"});
  cp().start_scheduler(scheduler_with(*extender));

  const auto first = place(kube, {required_pod(ns, "must-1", group, ds), required_pod(ns, "must-2", group, ds)});
  EXPECT_EQ(count_by_node(first), (std::map<std::string, int>{{"req-c1", 1}, {"req-c2", 1}}));

  // Both cache nodes are full. A third required pod must not take any of the three free nodes.
  kube.create_pod(required_pod(ns, "must-3", group, ds));
  const auto condition = kube.wait_for_pod_unschedulable(ns, "must-3");
  EXPECT_EQ(condition["reason"], "Unschedulable");
  const auto message = condition["message"].get<std::string>();
  EXPECT_THAT(message, HasSubstr("3 " + required_reason(ns, ds))) << message;
  EXPECT_THAT(message, HasSubstr("Too many pods")) << message;  // the two cache nodes
  // The same pod without the label is free to run in the cache's zone.
  const auto relaxed = place(kube, {dataset_pod(ns, "may-1", group, ds)});
  EXPECT_EQ(relaxed.at("may-1"), "req-a3");
  EXPECT_EQ(kube.get(paths::pod(ns, "must-3"))["spec"].value("nodeName", ""), "");
  EXPECT_GE(metric_sum(extender->metrics(), "cachepilot_extender_filtered_nodes_total"), 3);

  // Room on a cache node again: the waiting pod takes it (kube-scheduler retries it on the pod's deletion).
  const auto freed = first.begin()->second;
  const auto deleted_at = Clock::now();
  ASSERT_TRUE(kube.delete_pod(ns, first.begin()->first));
  const auto bound = kube.wait_for_pod_scheduled(ns, "must-3", seconds(45));
  EXPECT_EQ(bound["spec"]["nodeName"], freed);
  report_timing("required pod bound after a cache node freed up", ms_since(deleted_at));
  report_timing("required scenario", ms_since(test_started));
}

// ------------------------------------------------------------------------------------------------------------
// 3. The watch: a worker label on a node that joined after the extender started, and a new cacheStates, reach
//    the snapshot within seconds, and the next pods follow the new worker.

TEST_F(ExtenderE2eTest, WatchedWorkerLabelsAndCacheStatesSteerNewPods) {
  const auto test_started = Clock::now();
  auto& kube = api();
  const std::string ns = "watch";
  const std::string ds = "coco";
  const std::string group = "watch";
  create_nodes(kube, group, ns, ds,
               {{.name = "watch-cache", .zone = "za", .pods = "1", .worker = true},
                {.name = "watch-a2", .zone = "za"},
                {.name = "watch-b1", .zone = "zb"},
                {.name = "watch-b2", .zone = "zb"}});
  create_dataset(kube, ns, ds, "8.00GiB", 1);
  auto extender = start_extender();
  extender->wait_for_holders(ns, ds, {"watch-cache"});
  cp().start_scheduler(scheduler_with(*extender));
  EXPECT_EQ(place(kube, {dataset_pod(ns, "first", group, ds)}).at("first"), "watch-cache");

  // A node joins (ADDED), then Fluid schedules a worker there (MODIFIED: its labels).
  auto started = Clock::now();
  kube.create_node(
      {.name = "watch-new", .labels = {{kGroupLabel, group}, {kZoneLabel, "za"}, {kRegionLabel, "r1"}}, .pods = "3"});
  ASSERT_TRUE(poll_until(
      [&] {
        const auto snap = extender->snapshot();
        for (const auto& n : snap["nodes"]) {
          if (n["name"] == "watch-new") {
            return n["zone"] == "za";
          }
        }
        return false;
      },
      seconds(10)))
      << "/debug/snapshot never listed the new node";
  report_timing("new node in the snapshot", ms_since(started));
  const auto rebuilds_before = metric_sum(extender->metrics(), "cachepilot_snapshot_rebuilds_total");
  started = Clock::now();
  kube.set_node_labels("watch-new", worker_labels(ns, ds));
  const auto label_ms = extender->wait_for_holders(ns, ds, {"watch-cache", "watch-new"}, seconds(10));
  report_timing("worker label in the snapshot", label_ms);
  EXPECT_GT(metric_sum(extender->metrics(), "cachepilot_snapshot_rebuilds_total"), rebuilds_before);

  // watch-cache is full. Half the cache is now on watch-new (score 8) against 5 for watch-a2 (same zone) and 2
  // for watch-b* (same region). A snapshot without the label would score watch-new 0 (it holds no cache) and
  // send both pods to watch-a2; the default plugins alone would spread them over two nodes.
  const auto next = place(kube, {dataset_pod(ns, "second", group, ds), dataset_pod(ns, "third", group, ds)});
  EXPECT_EQ(count_by_node(next), (std::map<std::string, int>{{"watch-new", 2}}));

  // cacheStates changes reach the snapshot too: 2 of the 8 GiB evicted, 6 GiB split evenly over the workers.
  started = Clock::now();
  kube.set_dataset_cache_states(ns, ds, {{"cached", "6.00GiB"}, {"cachedPercentage", "75.0%"}});
  std::vector<std::uint64_t> bytes;
  ASSERT_TRUE(poll_until(
      [&] {
        bytes.clear();
        const auto snap = extender->snapshot();
        for (const auto& d : snap["datasets"]) {
          if (d["namespace"] == ns && d["name"] == ds) {
            for (const auto& h : d["cacheNodes"]) {
              bytes.push_back(h["bytes"].get<std::uint64_t>());
            }
          }
        }
        return bytes == std::vector<std::uint64_t>{3ULL << 30U, 3ULL << 30U};
      },
      seconds(10)))
      << "cacheStates.cached=6.00GiB never split 3 GiB + 3 GiB in /debug/snapshot";
  report_timing("cacheStates in the snapshot", ms_since(started));

  // And a worker leaving (label removed) drops the node from the holders.
  kube.set_node_labels("watch-cache", {{"fluid.io/s-" + ns + "-" + ds, std::nullopt}});
  extender->wait_for_holders(ns, ds, {"watch-new"}, seconds(10));
  report_timing("watch scenario", ms_since(test_started));
}

// ------------------------------------------------------------------------------------------------------------
// 4. The apiserver goes away (SIGTERM, then SIGKILL): the extender keeps answering /prioritize from its last
//    snapshot, reconnects when the apiserver is back, and picks up changes made after the restart.

TEST_F(ExtenderE2eTest, ApiserverRestartServesLastSnapshotThenCatchesUp) {
  const auto test_started = Clock::now();
  auto& kube = api();
  const std::string ns = "restart";
  const std::string ds = "wiki";
  const std::string group = "restart";
  create_nodes(kube, group, ns, ds,
               {{.name = "restart-cache", .zone = "za", .worker = true},
                {.name = "restart-a2", .zone = "za"},
                {.name = "restart-b1", .zone = "zb", .region = "r2"}});
  create_dataset(kube, ns, ds, "2.00GiB", 1);
  auto extender = start_extender();
  extender->wait_for_holders(ns, ds, {"restart-cache"});
  const auto pod = pod_object(dataset_pod(ns, "probe", group, ds));
  const std::vector<std::string> nodes = {"restart-cache", "restart-a2", "restart-b1"};
  const std::map<std::string, int> one_holder = {{"restart-cache", 10}, {"restart-a2", 5}, {"restart-b1", 0}};
  ASSERT_EQ(extender->prioritize(pod, nodes), one_holder);

  struct Round {
    bool graceful;
    std::string new_worker;
    std::set<std::string> holders_after;
    std::map<std::string, int> scores_while_down;
  };
  const std::vector<Round> rounds = {
      {true, "restart-b1", {"restart-cache", "restart-b1"}, one_holder},
      // After the first round the cache is split over restart-cache and restart-b1, in different zones and
      // regions (½ each): 5 on each holder (100·½), 3 on restart-a2 (50·½, rounded half up).
      {false,
       "restart-a2",
       {"restart-cache", "restart-b1", "restart-a2"},
       {{"restart-cache", 5}, {"restart-a2", 3}, {"restart-b1", 5}}}};
  for (const auto& round : rounds) {
    SCOPED_TRACE(round.graceful ? "graceful apiserver stop (SIGTERM)" : "apiserver crash (SIGKILL)");
    const auto recoveries_before = watch_recoveries(extender->metrics());
    auto started = Clock::now();
    // kube-apiserver 1.20 keeps serving open watches through a graceful shutdown (they end at their
    // timeoutSeconds, 60-120 s for the extender's), so after SIGTERM the fixture's 15 s grace runs out and it
    // SIGKILLs the apiserver: the graceful round costs 15 s, the extender's watches stay up until then.
    cp().stop_apiserver(round.graceful);
    ASSERT_FALSE(cp().apiserver_running());
    report_timing(std::string("apiserver stop (") + (round.graceful ? "SIGTERM" : "SIGKILL") + ")", ms_since(started));

    // The extender notices (a failed watch or list) and still answers from the snapshot it had.
    started = Clock::now();
    ASSERT_TRUE(poll_until([&] { return watch_recoveries(extender->metrics()) > recoveries_before; }, seconds(20)))
        << "no watch reconnect counted while the apiserver was down";
    report_timing("extender noticed the apiserver was gone", ms_since(started));
    EXPECT_EQ(extender->get_status("/readyz"), 200U);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(extender->prioritize(pod, nodes), round.scores_while_down);
    }
    EXPECT_EQ(kube.send("GET", "/readyz").status, 0U) << "the apiserver should be down";

    started = Clock::now();
    cp().start_apiserver();
    report_timing("apiserver start", ms_since(started));
    // A change made after the restart shows within a bounded time (reflector backoff is capped at 30 s, and
    // the few failures of a short outage keep it to a handful of seconds).
    started = Clock::now();
    kube.set_node_labels(round.new_worker, worker_labels(ns, ds));
    const auto caught_up = extender->wait_for_holders(ns, ds, round.holders_after, seconds(45));
    report_timing(
        std::string("change after restart in the snapshot (") + (round.graceful ? "SIGTERM" : "SIGKILL") + ")",
        caught_up);
    EXPECT_GT(watch_recoveries(extender->metrics()), recoveries_before);
    EXPECT_TRUE(extender->process().running());
  }
  const auto metrics = extender->metrics();
  EXPECT_EQ(metric_value(metrics, "cachepilot_watch_synced", {{"resource", "nodes"}}), 1.0);
  EXPECT_EQ(metric_value(metrics, "cachepilot_watch_synced", {{"resource", "datasets.data.fluid.io"}}), 1.0);
  // A third each now: restart-cache and restart-a2 share zone A (100·⅓ + 50·⅓ = 5), restart-b1 is alone (3).
  EXPECT_EQ(extender->prioritize(pod, nodes),
            (std::map<std::string, int>{{"restart-cache", 5}, {"restart-a2", 5}, {"restart-b1", 3}}));
  report_timing("restart scenario", ms_since(test_started));
}

// ------------------------------------------------------------------------------------------------------------
// 5a. nodeCacheCapable: true (NodeNames) and false (full Node objects) place alike, /filter included.

TEST_F(ExtenderE2eTest, SamePlacementWithNodeNamesAndFullNodes) {
  const auto test_started = Clock::now();
  auto& kube = api();
  // One identical node group and dataset per configuration, so the second run starts as empty as the first.
  for (const char* group : {"ncc-t", "ncc-f"}) {
    const std::string g = group;
    create_nodes(kube, g, g, "ds",
                 {{.name = g + "-cache", .zone = g + "-za", .pods = "2", .worker = true},
                  {.name = g + "-zone", .zone = g + "-za"},
                  {.name = g + "-far1", .zone = g + "-zb", .region = g + "-r2"},
                  {.name = g + "-far2", .zone = g + "-zb", .region = g + "-r2"}});
    create_dataset(kube, g, "ds", "2.00GiB", 1);
  }
  auto extender = start_extender();
  extender->wait_for_holders("ncc-t", "ds", {"ncc-t-cache"});
  extender->wait_for_holders("ncc-f", "ds", {"ncc-f-cache"});

  // Placement by role: the node name without its group prefix ("cache", "zone", "far1", ...).
  auto run = [&](bool node_cache_capable) {
    const std::string g = node_cache_capable ? "ncc-t" : "ncc-f";
    SCOPED_TRACE("nodeCacheCapable: " + std::string(node_cache_capable ? "true" : "false"));
    cp().start_scheduler(scheduler_with(*extender, node_cache_capable));
    std::vector<std::string> roles;
    auto role = [&](const std::string& node) { return node.substr(g.size() + 1); };
    const auto plain = place(kube, {plain_pod(g, "plain", g)});
    roles.push_back(role(plain.at("plain")) == "cache" ? "cache" : "cache-free");
    const auto readers = place(kube, {dataset_pod(g, "reader-1", g, "ds"), dataset_pod(g, "reader-2", g, "ds")});
    for (const auto& [pod, node] : readers) {
      roles.push_back(role(node));
    }
    roles.push_back(role(place(kube, {dataset_pod(g, "reader-3", g, "ds")}).at("reader-3")));
    kube.create_pod(required_pod(g, "must", g, "ds"));
    const auto condition = kube.wait_for_pod_unschedulable(g, "must");
    roles.push_back(condition["message"].get<std::string>().find(required_reason(g, "ds")) != std::string::npos
                        ? "pending with the extender's reason"
                        : "pending: " + condition["message"].get<std::string>());
    return roles;
  };
  const std::vector<std::string> expected = {"cache-free", "cache", "cache", "zone",
                                             "pending with the extender's reason"};
  const auto with_names = run(true);
  const auto with_nodes = run(false);
  EXPECT_EQ(with_names, expected);
  EXPECT_EQ(with_nodes, expected);
  EXPECT_EQ(with_names, with_nodes);
  report_timing("nodeCacheCapable scenario", ms_since(test_started));
}

// ------------------------------------------------------------------------------------------------------------
// 5b. HTTPS: the extender serves --tls-cert/--tls-key, kube-scheduler calls it with enableHTTPS and the CA.

TEST_F(ExtenderE2eTest, SchedulerCallsExtenderOverHttps) {
  const auto test_started = Clock::now();
  auto& kube = api();
  const std::string ns = "tls";
  const std::string ds = "laion";
  const std::string group = "tls";
  create_nodes(kube, group, ns, ds,
               {{.name = "tls-cache", .zone = "za", .worker = true},
                {.name = "tls-a2", .zone = "za"},
                {.name = "tls-b1", .zone = "zb"},
                {.name = "tls-b2", .zone = "zb"}});
  create_dataset(kube, ns, ds, "2.00GiB", 1);
  auto extender = start_extender({.tls = cp().issue_certificate("cachepilot-extender")});
  ASSERT_THAT(extender->url(), ::testing::StartsWith("https://"));
  extender->wait_for_holders(ns, ds, {"tls-cache"});
  const auto before = extender->metrics();
  cp().start_scheduler(scheduler_with(*extender, true, /*https=*/true, cp().ca_file()));

  // Two readers on the one cache node while three empty nodes exist: only the extender's scores do that.
  const auto placed = place(kube, {dataset_pod(ns, "reader-1", group, ds), dataset_pod(ns, "reader-2", group, ds)});
  EXPECT_EQ(count_by_node(placed), (std::map<std::string, int>{{"tls-cache", 2}}));
  const auto after = extender->metrics();
  EXPECT_GE(requests_total(after, "filter") - requests_total(before, "filter"), 2);
  EXPECT_GE(requests_total(after, "prioritize") - requests_total(before, "prioritize"), 2);
  report_timing("https scenario", ms_since(test_started));
}

}  // namespace
}  // namespace cachepilot::testing
