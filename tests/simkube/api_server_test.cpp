// simkube's API server on loopback, driven by cachepilot's REAL client code: the kubeconfig loader and
// make_api_client, ApiClient's LIST/WATCH/unary verbs, the Reflector, get_scale/set_replicas and the
// LeaderElector — what `cachepilot extender` and `cachepilot autoscaler` run against it in the demo.
#include "simkube/api_server.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "common/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/leader_election.hpp"
#include "kube/reflector.hpp"
#include "kube/scale.hpp"
#include "metrics/registry.hpp"
#include "metrics/watch_metrics.hpp"
#include "tests/support/fake_http_client.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::simkube {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const kube::ResourceRef kNodes{"", "v1", "nodes", {}};
const kube::ResourceRef kRuntimes{"data.fluid.io", "v1alpha1", "juicefsruntimes", "team"};

kube::ResourceRef pods(const std::string& ns = {}) { return kube::ResourceRef{"", "v1", "pods", ns}; }

json named(const std::string& name) { return json{{"metadata", {{"name", name}}}}; }

std::string rv(const json& object) { return object["metadata"]["resourceVersion"].get<std::string>(); }

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("simkube-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

ApiServerOptions fast_polls() {
  ApiServerOptions options;
  options.watch_poll = 200ms;  // quiet watches end quickly, so the reflectors' re-watch loop runs too
  options.threads = 8;
  return options;
}

// A store served on an ephemeral loopback port, and a client made the way the binaries make theirs: from a
// kubeconfig file through kube::load_kubeconfig and kube::make_api_client.
struct Cluster {
  explicit Cluster(ApiServerOptions server_options = fast_polls(), StoreOptions store_options = {},
                   std::vector<ResourceKind> kinds = default_registry())
      : store(std::move(kinds), store_options), server(store, server_options) {
    auto port = server.start();
    EXPECT_TRUE(port.ok()) << (port.ok() ? "" : port.error().message);
    kubeconfig = dir.file("kubeconfig");
    auto written = write_kubeconfig(kubeconfig, server.url(), "demo-token");
    EXPECT_TRUE(written.ok());
    auto loaded = kube::load_kubeconfig(kubeconfig, "");
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
    if (loaded.ok()) {
      access = *loaded;
      auto made = kube::make_api_client(access, 5s, 30s);
      EXPECT_TRUE(made.ok());
      if (made.ok()) {
        client = *made;
      }
    }
  }
  Store store;
  ApiServer server;
  TempDir dir;
  std::string kubeconfig;
  kube::ClusterAccess access;
  std::shared_ptr<kube::ApiClient> client;
};

// ---- kubeconfig

TEST(Kubeconfig, TheRepositorysLoaderReadsItAsAPlainHttpServerWithAToken) {
  Cluster cluster;
  EXPECT_EQ(cluster.access.server, cluster.server.url());
  EXPECT_THAT(cluster.access.server, ::testing::StartsWith("http://127.0.0.1:"));
  EXPECT_EQ(cluster.access.bearer_token, "demo-token");
  EXPECT_EQ(cluster.access.default_namespace, "default");
  EXPECT_EQ(std::filesystem::status(cluster.kubeconfig).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  ASSERT_NE(cluster.client, nullptr);
  auto version = cluster.client->get("/version");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ((*version.value)["gitVersion"], "v1.30.0-simkube");
}

// ---- unary verbs through kube::ApiClient

TEST(ApiServer, ListsWhatTheStoreHoldsAtItsResourceVersion) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("nodes", "", named("n2")).ok());
  ASSERT_TRUE(cluster.store.create("nodes", "", named("n1")).ok());
  ASSERT_TRUE(cluster.store.create("pods", "a", named("p")).ok());
  ASSERT_TRUE(cluster.store.create("pods", "b", named("q")).ok());
  struct Case {
    kube::ResourceRef resource;
    std::vector<std::string> names;
  };
  for (const auto& c : std::vector<Case>{
           {kNodes, {"n1", "n2"}}, {pods(), {"p", "q"}}, {pods("b"), {"q"}}, {pods("empty"), {}}, {kRuntimes, {}}}) {
    SCOPED_TRACE(c.resource.collection_path());
    auto page = cluster.client->list(c.resource);
    ASSERT_TRUE(page.ok()) << kube::to_string(*page.error);
    EXPECT_EQ(page.value->resource_version, "4");
    std::vector<std::string> names;
    for (const auto& item : page.value->items) {
      names.push_back(item["metadata"]["name"].get<std::string>());
    }
    EXPECT_EQ(names, c.names);
  }
  auto raw = cluster.client->get("/api/v1/nodes");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ((*raw.value)["kind"], "NodeList");
  EXPECT_EQ((*raw.value)["apiVersion"], "v1");
  EXPECT_EQ(cluster.server.requests("list", "nodes").total, 2U);
}

TEST(ApiServer, PostCreatesWithServerFieldsAndRefusesDuplicates) {
  Cluster cluster;
  const auto path = kRuntimes.collection_path();
  const json body{{"apiVersion", "data.fluid.io/v1alpha1"},
                  {"kind", "JuiceFSRuntime"},
                  {"metadata", {{"name", "rt"}}},
                  {"spec", {{"replicas", 2}}},
                  {"status", {{"currentWorkerNumberScheduled", 5}}}};
  auto created = cluster.client->call("POST", path, body.dump());
  ASSERT_TRUE(created.ok()) << kube::to_string(*created.error);
  const auto& meta = (*created.value)["metadata"];
  EXPECT_EQ(meta["namespace"], "team");  // from the path
  EXPECT_EQ(meta["resourceVersion"], "1");
  EXPECT_EQ(meta["generation"], 1);
  EXPECT_FALSE(meta["uid"].get<std::string>().empty());
  EXPECT_FALSE(meta["creationTimestamp"].get<std::string>().empty());
  EXPECT_FALSE(created.value->contains("status"));  // a POST does not write a status subresource's .status
  EXPECT_EQ(*created.value, *cluster.store.get("juicefsruntimes", "team", "rt"));

  auto again = cluster.client->call("POST", path, body.dump());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error->status, 409U);
  EXPECT_EQ(again.error->reason, "AlreadyExists");
  EXPECT_EQ(again.error->message, "juicefsruntimes.data.fluid.io \"rt\" already exists");
  EXPECT_EQ(cluster.server.requests("create", "juicefsruntimes.data.fluid.io").total, 2U);
  EXPECT_EQ(cluster.server.requests("create", "juicefsruntimes.data.fluid.io").succeeded, 1U);
}

TEST(ApiServer, PutIsOptimisticOnTheResourceVersion) {
  Cluster cluster;
  auto created = cluster.store.create("pods", "team", json{{"metadata", {{"name", "p"}}}, {"spec", {{"x", 1}}}});
  ASSERT_TRUE(created.ok());
  const auto path = pods("team").object_path("p");
  json edit = *created;
  edit["spec"]["x"] = 2;
  auto first = cluster.client->call("PUT", path, edit.dump());
  ASSERT_TRUE(first.ok()) << kube::to_string(*first.error);
  EXPECT_EQ(rv(*first.value), "2");
  EXPECT_EQ((*first.value)["metadata"]["generation"], 2);

  edit["spec"]["x"] = 3;  // still carries resourceVersion 1
  auto stale = cluster.client->call("PUT", path, edit.dump());
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error->status, 409U);
  EXPECT_EQ(stale.error->reason, "Conflict");
  EXPECT_THAT(stale.error->message, HasSubstr("the object has been modified"));
  EXPECT_EQ((*cluster.store.get("pods", "team", "p"))["spec"]["x"], 2);

  auto missing = cluster.client->call("PUT", pods("team").object_path("nope"), named("nope").dump());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error->status, 404U);
  EXPECT_EQ(missing.error->reason, "NotFound");
}

TEST(ApiServer, MergePatchOfStatusLeavesTheSpecAlone) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store
                  .create("cacheautoscalers", "team",
                          json{{"metadata", {{"name", "cas"}}}, {"spec", {{"minReplicas", 1}, {"maxReplicas", 4}}}})
                  .ok());
  const kube::ResourceRef ref{"cachepilot.io", "v1alpha1", "cacheautoscalers", "team"};
  // What the controller sends (controller.cpp write_status), with a spec edit the server must ignore.
  const json patch{{"spec", {{"maxReplicas", 99}}},
                   {"status", {{"desiredReplicas", 3}, {"conditions", json::array()}}}};
  auto written =
      cluster.client->call("PATCH", ref.object_path("cas") + "/status", patch.dump(), "application/merge-patch+json");
  ASSERT_TRUE(written.ok()) << kube::to_string(*written.error);
  EXPECT_EQ((*written.value)["spec"], (json{{"minReplicas", 1}, {"maxReplicas", 4}}));
  EXPECT_EQ((*written.value)["status"]["desiredReplicas"], 3);
  EXPECT_EQ((*written.value)["metadata"]["generation"], 1);

  // And a merge patch of the object leaves .status alone; strategic merge patches are taken as merge patches.
  const json spec_patch{{"spec", {{"maxReplicas", 5}}}, {"status", {{"desiredReplicas", 0}}}};
  auto spec_written = cluster.client->call("PATCH", ref.object_path("cas"), spec_patch.dump(),
                                           "application/strategic-merge-patch+json");
  ASSERT_TRUE(spec_written.ok()) << kube::to_string(*spec_written.error);
  EXPECT_EQ((*spec_written.value)["spec"]["maxReplicas"], 5);
  EXPECT_EQ((*spec_written.value)["status"]["desiredReplicas"], 3);
  EXPECT_EQ((*spec_written.value)["metadata"]["generation"], 2);

  auto status = cluster.client->get(ref.object_path("cas") + "/status");  // GET /status is the object
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status.value, *spec_written.value);
  EXPECT_EQ(cluster.server.requests("patch", "cacheautoscalers.cachepilot.io", "status").succeeded, 1U);
}

TEST(ApiServer, DeleteReturnsTheObjectAndHonoursPreconditions) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("pods", "team", named("p")).ok());
  const auto path = pods("team").object_path("p");
  auto refused = cluster.client->call("DELETE", path, R"({"preconditions":{"resourceVersion":"7"}})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error->status, 409U);
  auto deleted = cluster.client->call("DELETE", path);
  ASSERT_TRUE(deleted.ok()) << kube::to_string(*deleted.error);
  EXPECT_EQ((*deleted.value)["metadata"]["name"], "p");
  EXPECT_EQ(rv(*deleted.value), "2");
  auto gone = cluster.client->get(path);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error->status, 404U);
}

TEST(ApiServer, RefusesWhatItDoesNotServeWithAStatus) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("pods", "team", named("p")).ok());
  ASSERT_TRUE(cluster.store.create("datasets", "team", named("d")).ok());
  ASSERT_TRUE(cluster.store.create("juicefsruntimes", "team", named("rt")).ok());
  ASSERT_TRUE(cluster.store.create("leases", "team", named("l")).ok());
  struct Case {
    const char* what;
    const char* method;
    std::string path;
    std::string body;
    std::string content_type;
    unsigned status;
    const char* reason;
  };
  const auto p = pods("team").object_path("p");
  const std::string json_type = "application/json";
  for (const auto& c : std::vector<Case>{
           {"unregistered group", "GET", "/apis/example.com/v1/widgets", "", json_type, 404, "NotFound"},
           {"unregistered core resource", "GET", "/api/v1/namespaces/team/configmaps/x", "", json_type, 404,
            "NotFound"},
           {"unregistered version", "GET", "/apis/data.fluid.io/v1beta1/namespaces/team/datasets", "", json_type, 404,
            "NotFound"},
           {"cluster-scoped kind under a namespace", "GET", "/api/v1/namespaces/team/nodes", "", json_type, 404,
            "NotFound"},
           {"namespaced object without a namespace", "GET", "/api/v1/pods/p", "", json_type, 404, "NotFound"},
           {"no such object", "GET", pods("team").object_path("q"), "", json_type, 404, "NotFound"},
           {"unknown subresource", "GET", p + "/exec", "", json_type, 404, "NotFound"},
           {"no scale subresource", "GET", "/apis/data.fluid.io/v1alpha1/namespaces/team/datasets/d/scale", "",
            json_type, 404, "NotFound"},
           {"no status subresource", "GET", "/apis/coordination.k8s.io/v1/namespaces/team/leases/l/status", "",
            json_type, 404, "NotFound"},
           {"malformed JSON", "POST", pods("team").collection_path(), "{\"metadata\": {", json_type, 400, "BadRequest"},
           {"malformed JSON in a PUT", "PUT", p, "{oops}", json_type, 400, "BadRequest"},
           {"malformed JSON in a merge patch", "PATCH", p, "{", "application/merge-patch+json", 400, "BadRequest"},
           {"not an object", "POST", pods("team").collection_path(), "[1, 2]", json_type, 400, "BadRequest"},
           {"wrong kind", "POST", pods("team").collection_path(), R"({"kind":"Node","metadata":{"name":"x"}})",
            json_type, 400, "BadRequest"},
           {"renaming PUT", "PUT", p, R"({"metadata":{"name":"other"}})", json_type, 400, "BadRequest"},
           {"no name", "POST", pods("team").collection_path(), R"({"metadata":{}})", json_type, 422, "Invalid"},
           {"negative replicas", "PUT", "/apis/data.fluid.io/v1alpha1/namespaces/team/juicefsruntimes/rt/scale",
            R"({"spec":{"replicas":-1}})", json_type, 422, "Invalid"},
           {"JSON patch", "PATCH", p, R"([{"op":"add","path":"/x","value":1}])", "application/json-patch+json", 415,
            "UnsupportedMediaType"},
           {"delete a collection", "DELETE", pods("team").collection_path(), "", json_type, 405, "MethodNotAllowed"},
           {"create without a namespace", "POST", "/api/v1/pods", R"({"metadata":{"name":"x"}})", json_type, 405,
            "MethodNotAllowed"},
           {"POST to an object", "POST", p, "{}", json_type, 405, "MethodNotAllowed"},
           {"watch from a non-number", "GET", "/api/v1/pods?watch=1&resourceVersion=abc", "", json_type, 400,
            "BadRequest"},
       }) {
    SCOPED_TRACE(c.what);
    auto answer = cluster.client->call(c.method, c.path, c.body, c.content_type);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error->status, c.status) << answer.error->message;
    EXPECT_EQ(answer.error->reason, c.reason) << answer.error->message;
  }
  EXPECT_EQ(cluster.store.resource_version(), 4U);                             // nothing above wrote
  EXPECT_EQ(cluster.server.requests("get", "widgets.example.com").total, 0U);  // a collection GET is a list
  EXPECT_EQ(cluster.server.requests("list", "widgets.example.com").total, 1U);
}

TEST(ApiServer, BoundsRequestBodies) {
  ApiServerOptions options = fast_polls();
  options.body_limit = 1024;
  Cluster cluster(options);
  json big = named("p");
  big["spec"]["blob"] = std::string(4096, 'x');
  auto answer = cluster.client->call("POST", pods("team").collection_path(), big.dump());
  ASSERT_FALSE(answer.ok());
  // 413, unless the server's close after refusing the body reset the connection before the client read it.
  EXPECT_TRUE(answer.error->status == 413U || answer.error->status == 0U) << kube::to_string(*answer.error);
  EXPECT_FALSE(cluster.store.get("pods", "team", "p").ok());
}

// ---- WATCH as a long poll, through kube::ApiClient::watch

struct Watched {
  kube::WatchResult result;
  std::vector<std::string> events;  // "ADDED p@7"
  std::chrono::steady_clock::duration took{};
};

Watched watch(const kube::ApiClient& client, const kube::ResourceRef& resource, const std::string& version,
              int timeout_seconds = 60) {
  Watched out;
  const auto start = std::chrono::steady_clock::now();
  const net::Cancellation cancel;
  out.result = client.watch(
      resource, version, timeout_seconds,
      [&](kube::WatchEvent&& event) {
        static const char* const kTypes[] = {"ADDED", "MODIFIED", "DELETED", "BOOKMARK"};
        const auto& meta = event.object["metadata"];
        out.events.push_back(std::string(kTypes[static_cast<int>(event.type)]) + " " +
                             meta.value("name", std::string()) + "@" + meta.value("resourceVersion", std::string()));
        return true;
      },
      cancel);
  out.took = std::chrono::steady_clock::now() - start;
  return out;
}

TEST(Watch, AnswersWithTheEventsAfterTheVersionAndEndsTheBody) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("pods", "a", named("p1")).ok());                        // 1
  ASSERT_TRUE(cluster.store.create("pods", "b", named("p2")).ok());                        // 2
  ASSERT_TRUE(cluster.store.merge_patch("pods", "a", "p1", {{"spec", {{"x", 1}}}}).ok());  // 3
  ASSERT_TRUE(cluster.store.create("nodes", "", named("n")).ok());                         // 4
  ASSERT_TRUE(cluster.store.remove("pods", "b", "p2").ok());                               // 5
  struct Case {
    kube::ResourceRef resource;
    std::string version;
    std::vector<std::string> events;
  };
  for (const auto& c : std::vector<Case>{
           {pods(), "1", {"ADDED p2@2", "MODIFIED p1@3", "DELETED p2@5"}},
           {pods("a"), "1", {"MODIFIED p1@3"}},
           {pods("b"), "3", {"DELETED p2@5"}},
           {pods(), "0", {"ADDED p1@3"}},  // "0": the current objects
           {kNodes, "2", {"ADDED n@4"}},
       }) {
    SCOPED_TRACE(c.resource.collection_path() + " from " + c.version);
    const auto got = watch(*cluster.client, c.resource, c.version);
    EXPECT_EQ(got.result.end, kube::WatchEnd::kClosed) << got.result.message;
    EXPECT_EQ(got.events, c.events);
    EXPECT_EQ(got.result.malformed_events, 0U);
  }
}

TEST(Watch, AQuietWatchEndsAfterThePollWithABookmarkWhenTheStoreMovedOn) {
  Cluster cluster;  // polls of 200 ms
  ASSERT_TRUE(cluster.store.create("pods", "a", named("p")).ok());
  const auto quiet = watch(*cluster.client, pods(), "1");
  EXPECT_EQ(quiet.result.end, kube::WatchEnd::kClosed);
  EXPECT_TRUE(quiet.events.empty());
  EXPECT_GE(quiet.took, 150ms);
  ASSERT_TRUE(cluster.store.create("nodes", "", named("n")).ok());  // another kind moves the version to 2
  const auto moved = watch(*cluster.client, pods(), "1");
  EXPECT_THAT(moved.events, ElementsAre("BOOKMARK @2"));
}

TEST(Watch, AHeldWatchAnswersAsSoonAsAnEventArrives) {
  ApiServerOptions options = fast_polls();
  options.watch_poll = 60s;
  Cluster cluster(options);
  ASSERT_TRUE(cluster.store.create("pods", "a", named("p")).ok());
  auto pending = std::async(std::launch::async, [&] { return watch(*cluster.client, pods(), "1"); });
  ASSERT_TRUE(cluster.store.wait_for_watchers(1, 10s));  // the request is held on the server
  ASSERT_TRUE(cluster.store.create("pods", "a", named("q")).ok());
  ASSERT_EQ(pending.wait_for(20s), std::future_status::ready);
  const auto got = pending.get();
  EXPECT_EQ(got.result.end, kube::WatchEnd::kClosed);
  EXPECT_THAT(got.events, ElementsAre("ADDED q@2"));
  EXPECT_LT(got.took, 30s);
}

TEST(Watch, TimeoutSecondsCapsTheHold) {
  ApiServerOptions options = fast_polls();
  options.watch_poll = 60s;
  Cluster cluster(options);
  const auto got = watch(*cluster.client, pods(), "0", 1);
  EXPECT_EQ(got.result.end, kube::WatchEnd::kClosed);
  EXPECT_GE(got.took, 900ms);
  EXPECT_LT(got.took, 30s);
}

TEST(Watch, AVersionOlderThanTheEventLogIsGone) {
  StoreOptions store_options;
  store_options.event_log_capacity = 2;
  Cluster cluster(fast_polls(), store_options);
  for (const char* name : {"p1", "p2", "p3", "p4"}) {
    ASSERT_TRUE(cluster.store.create("pods", "a", named(name)).ok());
  }
  const auto gone = watch(*cluster.client, pods(), "1");
  EXPECT_EQ(gone.result.end, kube::WatchEnd::kGone);
  EXPECT_THAT(gone.result.message, HasSubstr("too old resource version"));
  const auto fine = watch(*cluster.client, pods(), "2");
  EXPECT_EQ(fine.result.end, kube::WatchEnd::kClosed);
  EXPECT_THAT(fine.events, ElementsAre("ADDED p3@3", "ADDED p4@4"));
}

TEST(Watch, StopEndsHeldWatchesAtOnce) {
  ApiServerOptions options = fast_polls();
  options.watch_poll = 60s;
  Cluster cluster(options);
  auto pending = std::async(std::launch::async, [&] { return watch(*cluster.client, pods(), "0"); });
  ASSERT_TRUE(cluster.store.wait_for_watchers(1, 10s));
  const auto start = std::chrono::steady_clock::now();
  cluster.server.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  ASSERT_EQ(pending.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(cluster.store.watchers(), 0U);
}

// ---- kube::Reflector

// Mirrors what the reflector delivers; tests wait on it with deadlines. With a gate, the first replace_all
// blocks until opened: the reflector is then stuck between its LIST and its WATCH.
class MirrorSink final : public kube::ReflectorSink {
 public:
  void replace_all(std::vector<json>&& items) override {
    std::unique_lock lock(mutex_);
    ++replaces_;
    changed_.notify_all();
    changed_.wait_for(lock, 30s, [&] { return !gated_; });  // bounded: a failed test must not hang stop()
    objects_.clear();
    for (auto& item : items) {
      auto name = item["metadata"]["name"].get<std::string>();
      objects_[name] = std::move(item);
    }
    changed_.notify_all();
  }
  void apply(kube::WatchEventType type, json&& object) override {
    const std::lock_guard lock(mutex_);
    auto name = object["metadata"]["name"].get<std::string>();
    ++events_[static_cast<int>(type)];
    if (type == kube::WatchEventType::kDeleted) {
      objects_.erase(name);
    } else {
      objects_[name] = std::move(object);
    }
    changed_.notify_all();
  }
  bool wait_until(const std::function<bool(const std::map<std::string, json>&)>& done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 20s, [&] { return done(objects_); });
  }
  void listed() override {
    const std::lock_guard lock(mutex_);
    ++listed_;
    changed_.notify_all();
  }
  // listed() comes after replace_all, once the reflector reports synced().
  bool wait_for_listed(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 20s, [&] { return listed_ >= count; });
  }
  bool wait_for_replaces(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 20s, [&] { return replaces_ >= count; });
  }
  void gate() {
    const std::lock_guard lock(mutex_);
    gated_ = true;
  }
  void open() {
    {
      const std::lock_guard lock(mutex_);
      gated_ = false;
    }
    changed_.notify_all();
  }
  std::vector<std::string> names() {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, object] : objects_) {
      out.push_back(name);
    }
    return out;
  }
  int events(kube::WatchEventType type) {
    const std::lock_guard lock(mutex_);
    return events_[static_cast<int>(type)];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, json> objects_;
  std::map<int, int> events_;
  int replaces_ = 0;
  int listed_ = 0;
  bool gated_ = false;
};

struct ReflectorHarness {
  explicit ReflectorHarness(const kube::ResourceRef& resource) : watch_metrics(registry, clock) {
    options.resource = resource;
    options.watch_timeout_min_seconds = 1;
    options.watch_timeout_max_seconds = 2;
    options.backoff = kube::BackoffPolicy{0.01, 0.05, 0.5};
    options.missing_retry_seconds = 60;
  }
  double metric(const char* name) {
    return testing::metric_value(registry.serialize(), name, {{"resource", options.resource.display_name()}})
        .value_or(-1);
  }
  SystemClock clock;
  metrics::Registry registry;
  metrics::WatchMetrics watch_metrics;
  kube::ReflectorOptions options;
  MirrorSink sink;
};

TEST(Reflector, ListsThenFollowsAddedModifiedAndDeletedObjects) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("nodes", "", named("n1")).ok());
  ASSERT_TRUE(cluster.store.create("nodes", "", named("n2")).ok());
  ReflectorHarness h(kNodes);
  kube::Reflector reflector(*cluster.client, h.options, h.sink, h.watch_metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait_for_listed(1));
  EXPECT_TRUE(reflector.synced());
  EXPECT_THAT(h.sink.names(), ElementsAre("n1", "n2"));

  ASSERT_TRUE(cluster.store.create("nodes", "", named("n3")).ok());
  ASSERT_TRUE(cluster.store.merge_patch("nodes", "", "n1", {{"metadata", {{"labels", {{"zone", "b"}}}}}}).ok());
  ASSERT_TRUE(cluster.store.remove("nodes", "", "n2").ok());
  ASSERT_TRUE(h.sink.wait_until([](const auto& objects) {
    const auto n1 = objects.find("n1");
    return objects.size() == 2 && objects.contains("n3") && n1 != objects.end() &&
           n1->second["metadata"].contains("labels") && n1->second["metadata"]["labels"]["zone"] == "b";
  }));
  EXPECT_EQ(h.sink.events(kube::WatchEventType::kAdded), 1);
  EXPECT_EQ(h.sink.events(kube::WatchEventType::kModified), 1);
  EXPECT_EQ(h.sink.events(kube::WatchEventType::kDeleted), 1);
  reflector.stop();
  EXPECT_EQ(h.metric("cachepilot_watch_relists_total"), 0);
  EXPECT_EQ(h.metric("cachepilot_watch_reconnects_total"), 0);
  EXPECT_EQ(h.metric("cachepilot_watch_resource_installed"), 1);
}

TEST(Reflector, AnExpiredVersionMakesItListAgain) {
  StoreOptions store_options;
  store_options.event_log_capacity = 2;
  Cluster cluster(fast_polls(), store_options);
  ASSERT_TRUE(cluster.store.create("pods", "a", named("p0")).ok());
  ReflectorHarness h(pods());
  h.sink.gate();  // holds the reflector between its LIST (at version 1) and its WATCH
  kube::Reflector reflector(*cluster.client, h.options, h.sink, h.watch_metrics.resource("pods"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait_for_replaces(1));
  for (const char* name : {"p1", "p2", "p3"}) {  // versions 2..4: the log keeps 3 and 4
    ASSERT_TRUE(cluster.store.create("pods", "a", named(name)).ok());
  }
  h.sink.open();
  ASSERT_TRUE(h.sink.wait_for_listed(2));  // the watch from 1 was answered 410: a second LIST
  EXPECT_THAT(h.sink.names(), ElementsAre("p0", "p1", "p2", "p3"));
  EXPECT_EQ(h.sink.events(kube::WatchEventType::kAdded), 0);  // all came with the second list
  reflector.stop();
  EXPECT_EQ(h.metric("cachepilot_watch_relists_total"), 1);
  EXPECT_EQ(cluster.server.requests("list", "pods").total, 2U);
}

TEST(Reflector, AnUnregisteredResourceCountsAsNotInstalled) {
  Cluster cluster;
  ReflectorHarness h(kube::ResourceRef{"example.com", "v1", "widgets", {}});
  kube::Reflector reflector(*cluster.client, h.options, h.sink, h.watch_metrics.resource("widgets.example.com"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait_for_listed(1));
  reflector.stop();
  EXPECT_TRUE(reflector.synced());
  EXPECT_TRUE(h.sink.names().empty());
  EXPECT_EQ(h.metric("cachepilot_watch_resource_installed"), 0);
}

// ---- /scale through kube::get_scale and kube::set_replicas

json runtime(int replicas) {
  return json{{"metadata", {{"name", "rt"}, {"namespace", "team"}}},
              {"spec", {{"replicas", replicas}}},
              {"status", {{"currentWorkerNumberScheduled", 1}, {"selector", "app=juicefs,release=rt"}}}};
}

TEST(Scale, GetAndSetReplicasRoundTrip) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("juicefsruntimes", "team", runtime(2)).ok());
  auto state = kube::get_scale(*cluster.client, kRuntimes, "rt");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->spec_replicas, 2);
  EXPECT_EQ(state->status_replicas, 1);
  EXPECT_EQ(state->selector, "app=juicefs,release=rt");
  EXPECT_EQ(state->resource_version, "1");

  auto write = kube::set_replicas(*cluster.client, kRuntimes, "rt", 5);
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_EQ(write->conflicts, 0);
  EXPECT_EQ(write->before.spec_replicas, 2);
  EXPECT_EQ(write->after.spec_replicas, 5);
  EXPECT_EQ(write->after.status_replicas, 1);
  EXPECT_EQ(write->after.resource_version, "2");
  const auto object = *cluster.store.get("juicefsruntimes", "team", "rt");
  EXPECT_EQ(object["spec"]["replicas"], 5);
  EXPECT_EQ(object["metadata"]["generation"], 2);

  // The same value again: set_replicas reads and does not write.
  ASSERT_TRUE(kube::set_replicas(*cluster.client, kRuntimes, "rt", 5).ok());
  EXPECT_EQ(cluster.server.requests("update", "juicefsruntimes.data.fluid.io", "scale").total, 1U);
  EXPECT_EQ(cluster.server.requests("get", "juicefsruntimes.data.fluid.io", "scale").total, 3U);

  auto missing = kube::get_scale(*cluster.client, kRuntimes, "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(Scale, AConcurrentWriteMakesSetReplicasReReadAndRetry) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("juicefsruntimes", "team", runtime(2)).ok());
  net::ClientOptions http;
  http.base_url = cluster.server.url();
  auto inner = net::make_http_client(http);
  ASSERT_TRUE(inner.ok());
  bool interfered = false;
  // The real client, running the lambda before each request.
  auto interposing =
      std::make_shared<testing::SharedHttpClient>(std::move(inner).value(), [&](const net::ClientRequest& r) {
        // Between set_replicas' read and its first write, someone else (Fluid, here the driver) writes the runtime.
        if (r.method == "PUT" && !interfered) {
          interfered = true;
          EXPECT_TRUE(
              cluster.store
                  .patch_status("juicefsruntimes", "team", "rt", {{"status", {{"currentWorkerNumberScheduled", 2}}}})
                  .ok());
        }
      });
  const kube::ApiClient client(interposing);
  auto write = kube::set_replicas(client, kRuntimes, "rt", 4);
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_EQ(write->conflicts, 1);
  EXPECT_EQ(write->before.status_replicas, 2);  // what the second read saw
  EXPECT_EQ(write->after.spec_replicas, 4);
  EXPECT_EQ(write->after.status_replicas, 2);
  EXPECT_EQ((*cluster.store.get("juicefsruntimes", "team", "rt"))["spec"]["replicas"], 4);
  const auto puts = cluster.server.requests("update", "juicefsruntimes.data.fluid.io", "scale");
  EXPECT_EQ(puts.total, 2U);
  EXPECT_EQ(puts.succeeded, 1U);
  bool listed = false;
  for (const auto& count : cluster.server.request_counts()) {
    listed = listed || (count.verb == "update" && count.subresource == "scale" && count.stats.succeeded == 1);
  }
  EXPECT_TRUE(listed);
}

TEST(Scale, AStaleScaleWriteIsAConflict) {
  Cluster cluster;
  ASSERT_TRUE(cluster.store.create("juicefsruntimes", "team", runtime(2)).ok());
  ASSERT_TRUE(
      cluster.store.merge_patch("juicefsruntimes", "team", "rt", {{"metadata", {{"labels", {{"a", "b"}}}}}}).ok());
  const json scale{{"apiVersion", "autoscaling/v1"},
                   {"kind", "Scale"},
                   {"metadata", {{"name", "rt"}, {"namespace", "team"}, {"resourceVersion", "1"}}},
                   {"spec", {{"replicas", 3}}}};
  auto answer = cluster.client->call("PUT", kRuntimes.object_path("rt") + "/scale", scale.dump());
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error->status, 409U);
  EXPECT_EQ(answer.error->reason, "Conflict");
  EXPECT_EQ((*cluster.store.get("juicefsruntimes", "team", "rt"))["spec"]["replicas"], 2);
}

// ---- Leases through kube::LeaderElector (POST to create, PUT with the read resourceVersion to renew or take)

TEST(LeaderElection, TwoCandidatesShareALeaseThroughTheServer) {
  Cluster cluster;
  ManualClock clock;
  const auto options = [](const char* identity) {
    kube::LeaderElectionOptions o;
    o.lease_namespace = "cachepilot-system";
    o.lease_name = "cachepilot-autoscaler";
    o.identity = identity;
    o.lease_duration = 15s;
    return o;
  };
  kube::LeaderElector a(*cluster.client, options("a"), clock, nullptr);
  kube::LeaderElector b(*cluster.client, options("b"), clock, nullptr);
  EXPECT_TRUE(a.try_acquire_or_renew());   // creates the Lease
  EXPECT_FALSE(b.try_acquire_or_renew());  // a holds it
  clock.advance(5s);
  EXPECT_TRUE(a.try_acquire_or_renew());  // renews
  EXPECT_FALSE(b.try_acquire_or_renew());
  clock.advance(16s);                     // a stops renewing; b sees the lease unchanged for its duration
  EXPECT_TRUE(b.try_acquire_or_renew());  // takes it over
  EXPECT_FALSE(a.try_acquire_or_renew());
  const auto lease = *cluster.store.get("leases", "cachepilot-system", "cachepilot-autoscaler");
  EXPECT_EQ(lease["spec"]["holderIdentity"], "b");
  EXPECT_EQ(lease["spec"]["leaseTransitions"], 1);
  EXPECT_EQ(cluster.server.requests("create", "leases.coordination.k8s.io").succeeded, 1U);
}

}  // namespace
}  // namespace cachepilot::simkube
