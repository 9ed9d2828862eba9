// The extender's HTTP surface through ExtenderService::handle, with real request bodies: routing, filter replies
// that list every input node once and prioritize replies that list every non-zero one, bad input answered with
// a clear error AND counted, and the service still answering correctly afterwards.
#include "extender/service.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cachepilot/version.hpp"
#include "extender/extender_v1.hpp"
#include "tests/support/cluster_builder.hpp"
#include "tests/support/extender_args_builder.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::extender {
namespace {

using cachepilot::testing::ClusterBuilder;
using cachepilot::testing::ExtenderArgsBuilder;
using cachepilot::testing::metric_value;
using cachepilot::testing::MetricLabels;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Same shape as the placement tests' cluster, smaller: hbase (4 GiB, 3 cached) on n1; logs (12 GiB, all
// cached) on n4. n1, n2 in z1/r1; n3 in z2/r1; n4 in z3/r2.
cluster::SnapshotPtr test_snapshot(double built_at, std::uint64_t generation = 1) {
  cluster::ConvertOptions options;
  options.built_at_unix = built_at;
  options.generation = generation;
  return ClusterBuilder()
      .node("n1")
      .zone("z1")
      .region("r1")
      .worker_of("default", "hbase")
      .node("n2")
      .zone("z1")
      .region("r1")
      .node("n3")
      .zone("z2")
      .region("r1")
      .node("n4")
      .zone("z3")
      .region("r2")
      .worker_of("default", "logs")
      .fluid_dataset("default", "hbase", "4.00GiB", "3.00GiB")
      .fluid_dataset("default", "logs", "12.00GiB", "12.00GiB")
      .dataset("default", "nopvc")
      .ufs_total("1GiB")  // gives the snapshot one warning
      .snapshot({}, options);
}

class Harness {
 public:
  explicit Harness(Policy policy = {}) : service_(store_, policy, registry_, metrics_, clock_) {}

  void load_snapshot() { store_.store(test_snapshot(clock_.unix_seconds())); }
  void store(cluster::SnapshotPtr snap) { store_.store(std::move(snap)); }
  ManualClock& clock() { return clock_; }

  net::HttpResponse call(std::string method, std::string target, std::string body = {}) {
    net::HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.content_type = "application/json";
    request.body = std::move(body);
    v1::pad_body(request.body);
    net::HttpResponse response;
    service_.handle(request, response);
    return response;
  }
  net::HttpResponse post(const std::string& target, const std::string& body) { return call("POST", target, body); }

  [[nodiscard]] std::string exposition() const { return registry_.serialize(); }
  [[nodiscard]] double metric(std::string_view name, const MetricLabels& labels = {}) const {
    return metric_value(exposition(), name, labels).value_or(0.0);
  }
  [[nodiscard]] double errors(const std::string& kind) const {
    return metric("cachepilot_extender_errors_total", {{"kind", kind}});
  }
  [[nodiscard]] double neutral(const std::string& reason) const {
    return metric("cachepilot_extender_neutral_answers_total", {{"reason", reason}});
  }
  [[nodiscard]] double requests(const std::string& verb, int code) const {
    return metric("cachepilot_extender_requests_total", {{"code", std::to_string(code)}, {"verb", verb}});
  }
  void on_event(net::ConnectionEvent e) { service_.on_connection_event(e); }

 private:
  cluster::SnapshotStore store_;
  metrics::Registry registry_;
  metrics::ExtenderMetrics metrics_{registry_};
  ManualClock clock_;
  ExtenderService service_;
};

std::string hbase_prioritize_body(const std::vector<std::string>& nodes) {
  return ExtenderArgsBuilder().pod("trainer-0").claim("hbase").node_names(nodes).body();
}

// hbase: n1 holds 3 of 4 GiB → 7.5 → 8; n2 same zone → 3.75 → 4; n3 same region → 1.5 → 2; n4 → 0, which
// the default policy leaves out of the reply (kube-scheduler adds nothing for an absent host, as for a 0).
constexpr const char* kHbaseScores = R"([{"Host":"n1","Score":8},{"Host":"n2","Score":4},{"Host":"n3","Score":2}])";
constexpr const char* kHbaseScoresWithZeros =
    R"([{"Host":"n1","Score":8},{"Host":"n2","Score":4},{"Host":"n3","Score":2},{"Host":"n4","Score":0}])";

Policy listing_zero_scores() {
  Policy policy;
  policy.omit_zero_scores = false;
  return policy;
}

void expect_answers_correctly(Harness& h) {
  const auto r = h.post("/prioritize", hbase_prioritize_body({"n1", "n2", "n3", "n4"}));
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, kHbaseScores);
}

// --- health, readiness, metrics, debug ---

TEST(Service, HealthzAlwaysOkReadyzOnlyWithASnapshot) {
  Harness h;
  auto health = h.call("GET", "/healthz");
  EXPECT_EQ(health.status, 200U);
  EXPECT_EQ(health.body, "ok\n");
  auto not_ready = h.call("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503U);
  EXPECT_THAT(not_ready.body, HasSubstr("no cluster snapshot"));
  h.load_snapshot();
  auto ready = h.call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200U);
  EXPECT_EQ(ready.body, "ok\n");
  auto head = h.call("HEAD", "/readyz");
  EXPECT_EQ(head.status, 200U);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(h.requests("health", 200), 3.0);
  EXPECT_EQ(h.requests("health", 503), 1.0);
}

TEST(Service, MetricsExposeRequestsErrorsAndTheSnapshot) {
  Harness h;
  h.load_snapshot();
  h.clock().advance(std::chrono::seconds(30));
  expect_answers_correctly(h);
  (void)h.post("/filter", "{");
  auto page = h.call("GET", "/metrics");
  EXPECT_EQ(page.status, 200U);
  EXPECT_EQ(page.content_type, metrics::kExpositionContentType);
  const auto& text = page.body;
  EXPECT_EQ(metric_value(text, "cachepilot_snapshot_nodes"), 4.0);
  EXPECT_EQ(metric_value(text, "cachepilot_snapshot_datasets"), 3.0);
  EXPECT_EQ(metric_value(text, "cachepilot_snapshot_generation"), 1.0);
  EXPECT_EQ(metric_value(text, "cachepilot_snapshot_age_seconds"), 30.0);  // the manual clock moved 30 s
  EXPECT_EQ(metric_value(text, "cachepilot_extender_requests_total", {{"code", "200"}, {"verb", "prioritize"}}), 1.0);
  EXPECT_EQ(metric_value(text, "cachepilot_extender_requests_total", {{"code", "400"}, {"verb", "filter"}}), 1.0);
  EXPECT_EQ(metric_value(text, "cachepilot_extender_errors_total", {{"kind", "malformed_json"}}), 1.0);
  EXPECT_EQ(metric_value(text, "cachepilot_extender_errors_total", {{"kind", "not_found"}}), 0.0);
  EXPECT_EQ(metric_value(text, "cachepilot_extender_request_duration_seconds_count", {{"verb", "prioritize"}}), 1.0);
  EXPECT_EQ(metric_value(text, "cachepilot_extender_candidate_nodes_count"), 1.0);  // the malformed one never got there
  EXPECT_EQ(metric_value(text, "cachepilot_build_info", {{"version", std::string(kVersion)}}), 1.0);
  EXPECT_THAT(text, HasSubstr("# TYPE cachepilot_extender_errors_total counter"));
}

TEST(Service, DebugSnapshotDescribesTheModel) {
  Harness h;
  auto before = h.call("GET", "/debug/snapshot");
  EXPECT_EQ(before.status, 503U);
  EXPECT_THAT(json::parse(before.body)["Error"].get<std::string>(), HasSubstr("no cluster snapshot"));
  h.load_snapshot();
  auto r = h.call("GET", "/debug/snapshot");
  ASSERT_EQ(r.status, 200U);
  const auto j = json::parse(r.body);
  EXPECT_EQ(j["generation"], 1);
  ASSERT_EQ(j["nodes"].size(), 4U);
  EXPECT_EQ(j["nodes"][0]["name"], "n1");
  EXPECT_EQ(j["nodes"][0]["zone"], "z1");
  EXPECT_EQ(j["nodes"][0]["cacheDatasets"], 1);
  ASSERT_EQ(j["datasets"].size(), 3U);
  const auto& hbase = j["datasets"][0];
  EXPECT_EQ(hbase["name"], "hbase");
  EXPECT_EQ(hbase["runtime"], "alluxio");
  EXPECT_EQ(hbase["sizeBytes"], 4ULL << 30U);
  EXPECT_EQ(hbase["cachedBytes"], 3ULL << 30U);
  EXPECT_EQ(hbase["workerLabel"], "fluid.io/s-default-hbase");
  EXPECT_EQ(hbase["cacheFigures"], "even-split");
  EXPECT_EQ(hbase["cacheNodes"], json::parse(R"([{"node": "n1", "bytes": 3221225472}])"));
  ASSERT_EQ(j["warnings"].size(), 1U);
  EXPECT_THAT(j["warnings"][0].get<std::string>(), HasSubstr("default/nopvc"));
}

// --- the verbs, with real request bodies ---

TEST(Service, PrioritizeGoldenReply) {
  Harness h;
  h.load_snapshot();
  auto r = h.post("/prioritize", hbase_prioritize_body({"n1", "n2", "n3", "n4"}));
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, kHbaseScores);
  // Full v1.NodeList form, lowercase keys: the same scores in the input order.
  auto nodes = h.post("/prioritize", ExtenderArgsBuilder()
                                         .claim("hbase")
                                         .key_case(ExtenderArgsBuilder::KeyCase::kLower)
                                         .nodes({"n4", "n1", "ghost"})
                                         .body());
  EXPECT_EQ(nodes.status, 200U);
  // n4 (0) and the unknown ghost (0) are left out.
  EXPECT_EQ(nodes.body, R"([{"Host":"n1","Score":8}])");
  EXPECT_EQ(h.neutral("unknown_node"), 1.0);
}

TEST(Service, ZeroScoresListedWhenThePolicySaysSo) {
  Harness h(listing_zero_scores());
  h.load_snapshot();
  EXPECT_EQ(h.post("/prioritize", hbase_prioritize_body({"n1", "n2", "n3", "n4"})).body, kHbaseScoresWithZeros);
  auto nodes = h.post("/prioritize", ExtenderArgsBuilder().claim("hbase").nodes({"n4", "n1", "ghost"}).body());
  EXPECT_EQ(nodes.body, R"([{"Host":"n4","Score":0},{"Host":"n1","Score":8},{"Host":"ghost","Score":0}])");
}

TEST(Service, AllZeroScoresAreAnEmptyList) {
  Harness h;
  h.load_snapshot();
  // hbase is cached only on n1 (zone z1, region r1); n4 is in another region: 0, so nothing is listed.
  auto r = h.post("/prioritize", hbase_prioritize_body({"n4", "ghost"}));
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body, "[]");
}

TEST(Service, EscapedNodeNamesAreUnescapedToMatchAndReEscapedInReplies) {
  Harness h(listing_zero_scores());  // the unknown "a\"b" scores 0: list it, so its escaping is seen
  h.load_snapshot();
  // "\u006e1" is "n1": it must find n1's cache (7.5 → 8); a name with a quote is unknown (0) and must come
  // back as valid JSON.
  const std::string body = R"({"Pod":{"metadata":{"name":"p"},"spec":{"volumes":[{"name":"v",)"
                           R"("persistentVolumeClaim":{"claimName":"hbase"}}]}},"NodeNames":["\u006e1","a\"b"]})";
  auto r = h.post("/prioritize", body);
  ASSERT_EQ(r.status, 200U) << r.body;
  const auto reply = json::parse(r.body);
  ASSERT_EQ(reply.size(), 2U);
  EXPECT_EQ(reply[0]["Host"], "n1");
  EXPECT_EQ(reply[0]["Score"], 8);
  EXPECT_EQ(reply[1]["Host"], "a\"b");
  EXPECT_EQ(reply[1]["Score"], 0);
  auto f = h.post("/filter", body);
  ASSERT_EQ(f.status, 200U) << f.body;
  EXPECT_EQ(json::parse(f.body)["NodeNames"], json::parse(R"(["n1", "a\"b"])"));
}

TEST(Service, PrioritizeFollowsASnapshotSwap) {
  Harness h;
  h.load_snapshot();
  expect_answers_correctly(h);
  // A new snapshot with other nodes, in another order: hbase's worker is now n9.
  h.store(ClusterBuilder()
              .node("n9")
              .zone("z1")
              .worker_of("default", "hbase")
              .node("n1")
              .zone("z1")
              .fluid_dataset("default", "hbase", "4.00GiB", "4.00GiB")
              .snapshot());
  auto r = h.post("/prioritize", hbase_prioritize_body({"n1", "n9", "n2"}));
  // n9: 10 × 100×1/100 = 10; n1 (z1): 10 × 50/100 = 5; n2 is gone from the cluster: 0, left out.
  EXPECT_EQ(r.body, R"([{"Host":"n1","Score":5},{"Host":"n9","Score":10}])");
}

TEST(Service, FilterNodeNamesGoldenReply) {
  Harness h;
  h.load_snapshot();
  auto r = h.post("/filter", ExtenderArgsBuilder()
                                 .claim("hbase")
                                 .label("fluid.io/dataset.hbase.sched", "required")
                                 .node_names({"n1", "n2", "ghost"})
                                 .body());
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.body,
            R"j({"Nodes":null,"NodeNames":["n1","ghost"],)j"
            R"j("FailedNodes":{"n2":"no cache worker of dataset default/hbase on this node, and the pod requires one )j"
            R"j((label fluid.io/dataset.hbase.sched=required)"},)j"
            R"j("FailedAndUnresolvableNodes":)j"
            R"j({"n2":"no cache worker of dataset default/hbase on this node, and the pod requires one )j"
            R"j((label fluid.io/dataset.hbase.sched=required)"},"Error":""})j");
  EXPECT_EQ(h.metric("cachepilot_extender_filtered_nodes_total"), 1.0);
}

TEST(Service, FilterFullNodesReturnsTheSchedulersOwnObjects) {
  Harness h;
  h.load_snapshot();
  const auto request =
      ExtenderArgsBuilder().label("fluid.io/dataset.logs.sched", "required").nodes({"n1", "n4", "n3"}).json();
  const auto body = ExtenderArgsBuilder::padded(request.dump());
  auto r = h.post("/filter", body);
  ASSERT_EQ(r.status, 200U);
  const auto reply = json::parse(r.body);
  ASSERT_EQ(reply["Nodes"]["items"].size(), 1U);
  EXPECT_EQ(reply["Nodes"]["items"][0], json::parse(request["Nodes"]["items"][1].dump()));
  // Byte for byte: the item's JSON text as sent appears verbatim in the reply.
  EXPECT_THAT(r.body, HasSubstr(request["Nodes"]["items"][1].dump()));
  EXPECT_TRUE(reply["NodeNames"].is_null());
  EXPECT_EQ(reply["FailedAndUnresolvableNodes"].size(), 2U);
  EXPECT_TRUE(reply["FailedAndUnresolvableNodes"].contains("n1"));
  EXPECT_TRUE(reply["FailedAndUnresolvableNodes"].contains("n3"));
  // By default the same reasons stand in FailedNodes, for kube-scheduler < 1.21.
  EXPECT_EQ(reply["FailedNodes"], reply["FailedAndUnresolvableNodes"]);
  EXPECT_EQ(reply["Error"], "");
}

TEST(Service, OlderSchedulersGetUnresolvableNodesInFailedNodesToo) {
  Harness h;  // the default policy
  h.load_snapshot();
  auto r =
      h.post("/filter",
             ExtenderArgsBuilder().label("fluid.io/dataset.hbase.sched", "required").node_names({"n1", "n2"}).body());
  const auto reply = json::parse(r.body);
  EXPECT_EQ(reply["NodeNames"], json::parse(R"(["n1"])"));
  EXPECT_EQ(reply["FailedNodes"], reply["FailedAndUnresolvableNodes"]);
  EXPECT_TRUE(reply["FailedNodes"].contains("n2"));
}

TEST(Service, WithoutCompatibilityEveryFilteredNodeStandsInOneMapOnly) {
  Policy policy;
  policy.duplicate_unresolvable_into_failed = false;
  Harness h(policy);
  h.load_snapshot();
  auto r =
      h.post("/filter",
             ExtenderArgsBuilder().label("fluid.io/dataset.hbase.sched", "required").node_names({"n1", "n2"}).body());
  const auto reply = json::parse(r.body);
  EXPECT_EQ(reply["NodeNames"], json::parse(R"(["n1"])"));
  EXPECT_TRUE(reply["FailedNodes"].empty());
  EXPECT_TRUE(reply["FailedAndUnresolvableNodes"].contains("n2"));
}

TEST(Service, VerbsUnderAUrlPrefixAndWithQueryOrTrailingSlash) {
  Harness h;
  h.load_snapshot();
  for (const char* target : {"/prioritize", "/scheduler/prioritize", "/prioritize/", "/prioritize?pod=x"}) {
    auto r = h.post(target, hbase_prioritize_body({"n1", "n2", "n3", "n4"}));
    EXPECT_EQ(r.status, 200U) << target;
    EXPECT_EQ(r.body, kHbaseScores) << target;
  }
  EXPECT_EQ(h.post("/xprioritize", hbase_prioritize_body({"n1"})).status, 404U);
}

TEST(Service, WithoutASnapshotFilterPassesAllAndPrioritizeIsNeutral) {
  Harness h;
  auto f =
      h.post("/filter",
             ExtenderArgsBuilder().label("fluid.io/dataset.hbase.sched", "required").node_names({"n1", "n2"}).body());
  EXPECT_EQ(f.status, 200U);
  EXPECT_EQ(json::parse(f.body)["NodeNames"], json::parse(R"(["n1","n2"])"));
  auto p = h.post("/prioritize", hbase_prioritize_body({"n1", "n2"}));
  EXPECT_EQ(p.status, 200U);
  EXPECT_EQ(p.body, "[]");  // every score is 0, and zero scores are left out
  Harness all(listing_zero_scores());
  EXPECT_EQ(all.post("/prioritize", hbase_prioritize_body({"n1", "n2"})).body,
            R"([{"Host":"n1","Score":0},{"Host":"n2","Score":0}])");
  EXPECT_EQ(h.errors("no_snapshot"), 2.0);
  // Nodes form without a snapshot: the input objects come back.
  auto nodes = h.post("/filter", ExtenderArgsBuilder().nodes({"a", "b"}).body());
  EXPECT_EQ(json::parse(nodes.body)["Nodes"]["items"].size(), 2U);
}

TEST(Service, NeutralAnswersAreCounted) {
  Harness h;
  h.load_snapshot();
  // A pod with no volumes at all (the builder adds emptyDir and projected volumes, no PVC).
  (void)h.post("/prioritize", ExtenderArgsBuilder().node_names({"n1", "ghost", "phantom"}).body());
  EXPECT_EQ(h.neutral("pod_without_volumes"), 1.0);
  EXPECT_EQ(h.neutral("unknown_node"), 2.0);  // counted in nodes
  (void)h.post("/filter",
               ExtenderArgsBuilder().annotation("fluid.io/datasets-in-use", "nope").node_names({"n1"}).body());
  EXPECT_EQ(h.neutral("unknown_dataset"), 1.0);
  EXPECT_EQ(h.neutral("pod_without_volumes"), 1.0);
}

// --- per-dataset requests: cachepilot_extender_dataset_requests_total ---

struct DatasetRequestsCase {
  const char* name;
  std::vector<std::pair<std::string, ExtenderArgsBuilder>> requests;  // (verb path, body)
  std::vector<std::pair<MetricLabels, double>> want;                  // series that must have these values
  std::vector<std::string> absent_datasets;                           // datasets that must have no series
};

void PrintTo(const DatasetRequestsCase& c, std::ostream* os) { *os << c.name; }

class ServiceDatasetRequests : public ::testing::TestWithParam<DatasetRequestsCase> {};

MetricLabels dataset_labels(const std::string& dataset, const std::string& verb) {
  return {{"namespace", "default"}, {"dataset", dataset}, {"verb", verb}};
}

TEST_P(ServiceDatasetRequests, CountsEachDatasetOncePerRequest) {
  const auto& c = GetParam();
  Harness h;
  h.load_snapshot();
  for (const auto& [path, builder] : c.requests) {
    ASSERT_EQ(h.post(path, builder.body()).status, 200U) << path;
  }
  const auto text = h.exposition();
  for (const auto& [labels, value] : c.want) {
    EXPECT_EQ(metric_value(text, "cachepilot_extender_dataset_requests_total", labels), value)
        << labels.at("dataset") << "/" << labels.at("verb");
  }
  for (const auto& dataset : c.absent_datasets) {
    cachepilot::testing::for_each_sample(text, "cachepilot_extender_dataset_requests_total",
                                         [&](const MetricLabels& labels, double) {
                                           EXPECT_NE(labels.at("dataset"), dataset) << "a series for " << dataset;
                                         });
  }
}

ExtenderArgsBuilder reading(const std::string& pod, const std::string& claim) {
  return std::move(ExtenderArgsBuilder().pod(pod).claim(claim).node_names({"n1", "n2"}));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ServiceDatasetRequests,
    ::testing::Values(
        // Two pods reading hbase, one /prioritize each: 1 + 1 = 2.
        DatasetRequestsCase{"two_pods_one_dataset",
                            {{"/prioritize", reading("a", "hbase")}, {"/prioritize", reading("b", "hbase")}},
                            {{dataset_labels("hbase", "prioritize"), 2}},
                            {"logs"}},
        // One pod's scheduling cycle, /filter then /prioritize: 1 for each verb.
        DatasetRequestsCase{"filter_and_prioritize",
                            {{"/filter", reading("a", "logs")}, {"/prioritize", reading("a", "logs")}},
                            {{dataset_labels("logs", "filter"), 1}, {dataset_labels("logs", "prioritize"), 1}},
                            {"hbase"}},
        // hbase named three ways by one pod (PVC, datasets-in-use, sched=required): still 1; logs beside it: 1.
        DatasetRequestsCase{"named_three_ways_counts_once",
                            {{"/filter", std::move(reading("a", "hbase")
                                                       .annotation("fluid.io/datasets-in-use", "hbase,logs")
                                                       .label("fluid.io/dataset.hbase.sched", "required"))}},
                            {{dataset_labels("hbase", "filter"), 1}, {dataset_labels("logs", "filter"), 1}},
                            {}},
        // A dataset the snapshot lacks makes no series (cardinality stays bounded by the snapshot's datasets);
        // a pod reading nothing counts nothing.
        DatasetRequestsCase{
            "unknown_and_no_dataset",
            {{"/prioritize",
              std::move(ExtenderArgsBuilder().annotation("fluid.io/datasets-in-use", "typo").node_names({"n1"}))},
             {"/filter", std::move(ExtenderArgsBuilder().node_names({"n1"}))}},
            {},
            {"typo", "hbase", "logs", "nopvc"}}),
    [](const ::testing::TestParamInfo<DatasetRequestsCase>& param_info) { return std::string(param_info.param.name); });

TEST(Service, DatasetRequestsContinueAcrossSnapshotsAndNeedOne) {
  Harness h;
  // No snapshot yet: the dataset is unknown, nothing is counted.
  ASSERT_EQ(h.post("/prioritize", hbase_prioritize_body({"n1"})).status, 200U);
  EXPECT_FALSE(
      metric_value(h.exposition(), "cachepilot_extender_dataset_requests_total", dataset_labels("hbase", "prioritize"))
          .has_value());
  h.load_snapshot();
  (void)h.post("/prioritize", hbase_prioritize_body({"n1"}));
  // A new snapshot where hbase has another index (it comes after a new dataset): the same series goes on,
  // 1 + 1 = 2, and the new dataset gets its own.
  h.store(ClusterBuilder()
              .node("n1")
              .fluid_dataset("default", "aaa", "1GiB", "1GiB")
              .fluid_dataset("default", "hbase", "4.00GiB", "4.00GiB")
              .snapshot());
  (void)h.post("/prioritize", hbase_prioritize_body({"n1"}));
  (void)h.post("/prioritize", ExtenderArgsBuilder().claim("aaa").node_names({"n1"}).body());
  EXPECT_EQ(h.metric("cachepilot_extender_dataset_requests_total", dataset_labels("hbase", "prioritize")), 2.0);
  EXPECT_EQ(h.metric("cachepilot_extender_dataset_requests_total", dataset_labels("aaa", "prioritize")), 1.0);
}

TEST(Service, ConnectionEventsAreCounted) {
  Harness h;
  h.on_event(net::ConnectionEvent::kBodyTooLarge);
  h.on_event(net::ConnectionEvent::kReadTimeout);
  h.on_event(net::ConnectionEvent::kBadRequest);
  h.on_event(net::ConnectionEvent::kOverConnectionLimit);
  h.on_event(net::ConnectionEvent::kTlsHandshakeFailed);
  EXPECT_EQ(h.errors("body_too_large"), 1.0);
  EXPECT_EQ(h.requests("other", 413), 1.0);
  EXPECT_EQ(h.errors("read_timeout"), 1.0);
  EXPECT_EQ(h.errors("bad_request"), 1.0);
  EXPECT_EQ(h.errors("over_connection_limit"), 1.0);
  EXPECT_EQ(h.errors("tls_handshake"), 1.0);
  EXPECT_EQ(cachepilot::testing::metric_sum(h.exposition(), "cachepilot_extender_errors_total"), 5.0);
}

// --- every input node listed once, and nothing else ---

std::vector<std::string> reply_nodes_of_filter(const json& reply) {
  std::vector<std::string> out;
  if (!reply["NodeNames"].is_null()) {
    for (const auto& n : reply["NodeNames"]) {
      out.push_back(n.get<std::string>());
    }
  }
  if (!reply["Nodes"].is_null()) {
    for (const auto& n : reply["Nodes"]["items"]) {
      out.push_back(n["metadata"]["name"].get<std::string>());
    }
  }
  for (const auto& [name, reason] : reply["FailedAndUnresolvableNodes"].items()) {
    EXPECT_FALSE(reason.get<std::string>().empty());
    out.push_back(name);
  }
  // A node may stand in both failure maps (FailedAndUnresolvableNodes takes precedence upstream); then the
  // reasons must agree. It counts once.
  for (const auto& [name, reason] : reply["FailedNodes"].items()) {
    if (reply["FailedAndUnresolvableNodes"].contains(name)) {
      EXPECT_EQ(reply["FailedAndUnresolvableNodes"][name], reason);
    } else {
      out.push_back(name);
    }
  }
  return out;
}

TEST(Service, EveryInputNodeIsListedOnceOverRandomSubsets) {
  Harness h;
  h.load_snapshot();
  Harness all(listing_zero_scores());
  all.load_snapshot();
  std::mt19937 rng(20240302);  // fixed seed: reproducible
  const std::vector<std::string> pool{"n1", "n2", "n3", "n4", "ghost-1", "ghost-2", "vk-9", "n-1"};
  const std::vector<std::vector<std::pair<std::string, std::string>>> pod_labels{
      {},
      {{"fluid.io/dataset.hbase.sched", "required"}},
      {{"fluid.io/dataset.logs.sched", "required"}},
      {{"fluid.io/dataset.hbase.sched", "required"}, {"fluid.io/dataset.logs.sched", "required"}},
      {{"serverless.fluid.io/inject", "true"}}};
  for (int iteration = 0; iteration < 300; ++iteration) {
    std::vector<std::string> nodes = pool;
    std::shuffle(nodes.begin(), nodes.end(), rng);
    nodes.resize(1 + rng() % pool.size());
    ExtenderArgsBuilder b;
    for (const auto& [k, v] : pod_labels[rng() % pod_labels.size()]) {
      b.label(k, v);
    }
    if (rng() % 2 == 0) {
      b.claim(rng() % 2 == 0 ? "hbase" : "logs");
    }
    const bool full = rng() % 2 == 0;
    if (full) {
      b.nodes(nodes);
    } else {
      b.node_names(nodes);
    }
    auto sorted_input = nodes;
    std::sort(sorted_input.begin(), sorted_input.end());

    auto f = h.post("/filter", b.body());
    ASSERT_EQ(f.status, 200U) << f.body;
    auto listed = reply_nodes_of_filter(json::parse(f.body));
    std::sort(listed.begin(), listed.end());
    ASSERT_EQ(listed, sorted_input) << "filter, iteration " << iteration << ": " << f.body;

    auto p = all.post("/prioritize", b.body());
    ASSERT_EQ(p.status, 200U) << p.body;
    const auto scores = json::parse(p.body);
    ASSERT_EQ(scores.size(), nodes.size());
    json nonzero = json::array();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      ASSERT_EQ(scores[i]["Host"], nodes[i]) << "prioritize keeps the input order, iteration " << iteration;
      ASSERT_GE(scores[i]["Score"].get<int>(), 0);
      ASSERT_LE(scores[i]["Score"].get<int>(), 10);
      if (scores[i]["Score"] != 0) {
        nonzero.push_back(scores[i]);
      }
    }
    // The default reply is the full one without its zero entries: what kube-scheduler adds is the same.
    auto omitted = h.post("/prioritize", b.body());
    ASSERT_EQ(omitted.status, 200U) << omitted.body;
    ASSERT_EQ(json::parse(omitted.body), nonzero) << "iteration " << iteration;
  }
}

// --- bad input: a clear error, a counter, and the service keeps working ---

struct BadRequest {
  const char* name;
  const char* method;
  const char* target;
  std::string body;
  unsigned status;
  const char* error_kind;
  const char* message;  // in the Error field
};

void PrintTo(const BadRequest& c, std::ostream* os) { *os << c.name; }

class ServiceBadInput : public ::testing::TestWithParam<BadRequest> {};

TEST_P(ServiceBadInput, ClearErrorCountedAndStillServing) {
  const auto& c = GetParam();
  Harness h;
  h.load_snapshot();
  expect_answers_correctly(h);
  const double before = h.errors(c.error_kind);
  auto r = h.call(c.method, c.target, c.body);
  EXPECT_EQ(r.status, c.status) << c.name;
  EXPECT_EQ(r.content_type, "application/json") << c.name;
  const auto reply = json::parse(r.body, nullptr, false);
  ASSERT_FALSE(reply.is_discarded()) << c.name << ": " << r.body;
  ASSERT_TRUE(reply.contains("Error")) << c.name << ": " << r.body;
  EXPECT_THAT(reply["Error"].get<std::string>(), HasSubstr(c.message)) << c.name;
  EXPECT_EQ(h.errors(c.error_kind), before + 1) << c.name;
  // Exactly one error counter moved.
  EXPECT_EQ(cachepilot::testing::metric_sum(h.exposition(), "cachepilot_extender_errors_total"), 1.0) << c.name;
  // The reply is counted under its status too.
  const std::string verb = std::string_view(c.target).find("filter") != std::string_view::npos       ? "filter"
                           : std::string_view(c.target).find("prioritize") != std::string_view::npos ? "prioritize"
                           : std::string_view(c.target) == "/metrics"                                ? "metrics"
                           : std::string_view(c.target) == "/healthz"                                ? "health"
                           : std::string_view(c.target) == "/debug/snapshot"                         ? "debug"
                                                                                                     : "other";
  EXPECT_EQ(h.requests(verb, static_cast<int>(c.status)), 1.0) << c.name;
  expect_answers_correctly(h);
}

std::string valid_body() { return hbase_prioritize_body({"n1", "n2"}); }

INSTANTIATE_TEST_SUITE_P(
    Issue2Item5, ServiceBadInput,
    ::testing::Values(
        BadRequest{"malformed_filter", "POST", "/filter", "{\"Pod\": {,}", 400, "malformed_json", "Pod"},
        BadRequest{"not_json", "POST", "/prioritize", "Pod=trainer-0&NodeNames=n1", 400, "malformed_json", "request"},
        BadRequest{"empty_body", "POST", "/prioritize", "", 400, "malformed_json", "request"},
        BadRequest{"truncated_filter", "POST", "/filter", valid_body().substr(0, valid_body().size() / 2), 400,
                   "malformed_json", ""},
        BadRequest{"truncated_prioritize", "POST", "/prioritize", valid_body().substr(0, valid_body().size() - 1), 400,
                   "malformed_json", ""},
        BadRequest{"trailing_bracket", "POST", "/prioritize", valid_body() + "]", 400, "malformed_json", "request"},
        BadRequest{"trailing_object", "POST", "/prioritize", valid_body() + "{}", 400, "malformed_json", "trailing"},
        BadRequest{"pod_is_a_string", "POST", "/filter", R"({"Pod": "trainer-0", "NodeNames": ["n1"]})", 400,
                   "malformed_json", "Pod"},
        BadRequest{"node_names_not_strings", "POST", "/prioritize", R"({"Pod": {}, "NodeNames": [1, 2]})", 400,
                   "malformed_json", "NodeNames"},
        BadRequest{"labels_wrong_type", "POST", "/prioritize",
                   R"({"Pod": {"metadata": {"labels": {"a": 1}}}, "NodeNames": ["n1"]})", 400, "malformed_json",
                   "Pod.metadata.labels.a"},
        BadRequest{"node_without_name", "POST", "/filter", R"({"Pod": {}, "Nodes": {"items": [{"metadata": {}}]}})",
                   400, "malformed_json", "metadata.name"},
        BadRequest{"top_level_array", "POST", "/filter", R"([{"Pod": {}}])", 400, "malformed_json", "request"},
        BadRequest{"missing_pod", "POST", "/filter", R"({"NodeNames": ["n1"]})", 400, "missing_pod", "no Pod"},
        BadRequest{"null_pod", "POST", "/prioritize", R"({"Pod": null, "Nodes": null, "NodeNames": ["n1"]})", 400,
                   "missing_pod", "no Pod"},
        BadRequest{"empty_node_names", "POST", "/prioritize", R"({"Pod": {}, "Nodes": null, "NodeNames": []})", 400,
                   "empty_node_list", "no candidate nodes"},
        BadRequest{"null_lists", "POST", "/filter", R"({"Pod": {}, "Nodes": null, "NodeNames": null})", 400,
                   "empty_node_list", "no candidate nodes"},
        BadRequest{"empty_items", "POST", "/filter", R"({"Pod": {}, "Nodes": {"items": []}, "NodeNames": null})", 400,
                   "empty_node_list", "no candidate nodes"},
        BadRequest{"unknown_path", "POST", "/bind", valid_body(), 404, "not_found", "unknown path"},
        BadRequest{"root_path", "GET", "/", "", 404, "not_found", "/filter"},
        BadRequest{"get_filter", "GET", "/filter", "", 405, "method_not_allowed", "POST"},
        BadRequest{"put_prioritize", "PUT", "/prioritize", valid_body(), 405, "method_not_allowed", "POST"},
        BadRequest{"post_metrics", "POST", "/metrics", "", 405, "method_not_allowed", "GET"},
        BadRequest{"delete_healthz", "DELETE", "/healthz", "", 405, "method_not_allowed", "GET"},
        BadRequest{"post_debug", "POST", "/debug/snapshot", "{}", 405, "method_not_allowed", "GET"}),
    [](const ::testing::TestParamInfo<BadRequest>& param_info) { return std::string(param_info.param.name); });

TEST(Service, EveryTruncationOfARealRequestIsRefusedAndCounted) {
  Harness h;
  h.load_snapshot();
  const auto full = ExtenderArgsBuilder().claim("hbase").nodes({"n1", "n2"}).json().dump();
  std::size_t refused = 0;
  for (std::size_t len = 0; len < full.size(); len += 7) {
    auto r = h.post("/filter", full.substr(0, len));
    ASSERT_EQ(r.status, 400U) << "cut at " << len;
    ++refused;
  }
  EXPECT_EQ(h.errors("malformed_json"), static_cast<double>(refused));
  expect_answers_correctly(h);
}

}  // namespace
}  // namespace cachepilot::extender
