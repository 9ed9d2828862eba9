#include "kube/reflector.hpp"

#include <condition_variable>
#include <map>
#include <mutex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "tests/support/fake_http_client.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::kube {
namespace {

using ::testing::ElementsAre;
using testing::FakeHttpClient;
using ::testing::HasSubstr;
using testing::metric_value;
using testing::StreamScript;

TEST(Backoff, DoublesFromTheInitialDelayUpToTheCap) {
  const BackoffPolicy policy{0.5, 30, 0.5};
  struct Case {
    int failures;
    double random01;
    double expected;
  };
  for (const auto& c : std::vector<Case>{
           {1, 0.0, 0.5},    // 0.5·2⁰, no jitter drawn
           {2, 0.0, 1.0},    // 0.5·2¹
           {4, 0.0, 4.0},    // 0.5·2³
           {4, 1.0, 2.0},    // 4 · (1 − 0.5·1)
           {7, 0.0, 30.0},   // 0.5·2⁶ = 32, capped at 30
           {99, 0.5, 22.5},  // cap 30 · (1 − 0.5·0.5)
           {0, 0.0, 0.5},    // a zero count behaves as the first failure
       }) {
    EXPECT_DOUBLE_EQ(backoff_seconds(policy, c.failures, c.random01), c.expected)
        << c.failures << " failures, random " << c.random01;
  }
}

// Records what the reflector delivers; tests wait on it with bounded deadlines.
class RecordingSink final : public ReflectorSink {
 public:
  void replace_all(std::vector<nlohmann::json>&& items) override {
    std::lock_guard lock(mutex_);
    names_.clear();
    for (const auto& item : items) {
      names_[item["metadata"]["name"].get<std::string>()] = true;
    }
    ++replaces_;
    changed_.notify_all();
  }
  void apply(WatchEventType type, nlohmann::json&& object) override {
    std::lock_guard lock(mutex_);
    const auto name = object["metadata"]["name"].get<std::string>();
    if (type == WatchEventType::kDeleted) {
      names_.erase(name);
    } else {
      names_[name] = true;
    }
    ++events_;
    changed_.notify_all();
  }
  void listed() override {
    std::lock_guard lock(mutex_);
    ++listed_;
    changed_.notify_all();
  }
  bool wait(const std::function<bool()>& done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), done);
  }
  std::vector<std::string> names() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, present] : names_) {
      out.push_back(name);
    }
    return out;
  }
  int replaces_ = 0;
  int events_ = 0;
  int listed_ = 0;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, bool> names_;
};

std::string node_list(const std::vector<std::string>& names, const std::string& rv) {
  nlohmann::json list{{"items", nlohmann::json::array()}, {"metadata", {{"resourceVersion", rv}}}};
  for (const auto& n : names) {
    list["items"].push_back({{"metadata", {{"name", n}}}});
  }
  return list.dump();
}

std::string event(const std::string& type, const std::string& name, const std::string& rv) {
  return nlohmann::json{{"type", type}, {"object", {{"metadata", {{"name", name}, {"resourceVersion", rv}}}}}}.dump();
}

struct Harness {
  Harness() : metrics(registry, clock), http(std::make_shared<FakeHttpClient>()), client(http) {
    options.resource = ResourceRef{"", "v1", "nodes", {}};
    options.backoff = BackoffPolicy{0.001, 0.005, 0.5};  // fast retries keep the test short
    options.missing_retry_seconds = 0.01;
  }
  double metric(const char* name) {
    return metric_value(registry.serialize(), name, {{"resource", "nodes"}}).value_or(-1);
  }
  std::size_t count_requests(const std::string& prefix) {
    std::size_t n = 0;
    for (const auto& r : http->requests()) {
      n += r.rfind(prefix, 0) == 0 ? 1U : 0U;
    }
    return n;
  }
  SystemClock clock;
  metrics::Registry registry;
  metrics::WatchMetrics metrics;
  std::shared_ptr<FakeHttpClient> http;
  ApiClient client;
  ReflectorOptions options;
  RecordingSink sink;
};

TEST(Reflector, ListsThenAppliesWatchEvents) {
  Harness h;
  h.http->set_route([](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return net::ClientResponse{200, node_list({"a", "b"}, "10"), ""};
  });
  StreamScript stream;
  stream.lines = {event("ADDED", "c", "11"), event("DELETED", "a", "12")};
  stream.hold_open = true;
  h.http->queue_stream(stream);
  Reflector reflector(h.client, h.options, h.sink, h.metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait([&] { return h.sink.events_ == 2; }));
  EXPECT_TRUE(reflector.synced());
  EXPECT_THAT(h.sink.names(), ElementsAre("b", "c"));
  EXPECT_EQ(h.metric("cachepilot_watch_synced"), 1);
  reflector.stop();  // must return although the stream is held open
  EXPECT_THAT(h.http->requests()[1], HasSubstr("resourceVersion=10"));
}

TEST(Reflector, GoneReListsAndWatchesFromTheNewVersion) {
  Harness h;
  int lists = 0;
  h.http->set_route([&](const net::ClientRequest&) -> Result<net::ClientResponse> {
    ++lists;
    return net::ClientResponse{200, lists == 1 ? node_list({"a"}, "10") : node_list({"a", "b"}, "20"), ""};
  });
  StreamScript expired;
  expired.lines = {R"({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}})"};
  h.http->queue_stream(expired);
  StreamScript quiet;
  quiet.hold_open = true;
  h.http->queue_stream(quiet);
  Reflector reflector(h.client, h.options, h.sink, h.metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.http->wait_for_requests(4));  // list, watch, list, watch
  reflector.stop();
  const auto requests = h.http->requests();
  EXPECT_THAT(requests[3], HasSubstr("resourceVersion=20"));
  EXPECT_THAT(h.sink.names(), ElementsAre("a", "b"));
  EXPECT_EQ(h.metric("cachepilot_watch_relists_total"), 1);
}

TEST(Reflector, BrokenStreamResumesFromTheLastSeenVersionWithoutReListing) {
  Harness h;
  h.http->set_route([](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return net::ClientResponse{200, node_list({"a"}, "10"), ""};
  });
  StreamScript broken;
  broken.lines = {event("ADDED", "b", "11")};
  broken.fail_after = true;
  h.http->queue_stream(broken);
  StreamScript bookmark_then_quiet;
  bookmark_then_quiet.lines = {R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"15"}}})"};
  h.http->queue_stream(bookmark_then_quiet);  // ends cleanly: watched again from the bookmark
  StreamScript quiet;
  quiet.hold_open = true;
  h.http->queue_stream(quiet);
  Reflector reflector(h.client, h.options, h.sink, h.metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.http->wait_for_requests(4));
  reflector.stop();
  const auto requests = h.http->requests();
  EXPECT_THAT(requests[2], HasSubstr("resourceVersion=11"));
  EXPECT_THAT(requests[3], HasSubstr("resourceVersion=15"));
  EXPECT_EQ(h.count_requests("GET"), 1U);
  EXPECT_EQ(h.metric("cachepilot_watch_reconnects_total"), 1);
  EXPECT_THAT(h.sink.names(), ElementsAre("a", "b"));
}

TEST(Reflector, FailedListsKeepWhatWasThereAndRetry) {
  Harness h;
  int lists = 0;
  h.http->set_route([&](const net::ClientRequest&) -> Result<net::ClientResponse> {
    ++lists;
    if (lists == 1) {
      return net::ClientResponse{200, node_list({"a"}, "10"), ""};
    }
    if (lists <= 4) {
      return net::ClientResponse{500, "oops", ""};  // three failed re-lists
    }
    return net::ClientResponse{200, node_list({"a", "z"}, "30"), ""};
  });
  StreamScript expired;
  expired.status = 410;
  h.http->queue_stream(expired);
  StreamScript quiet;
  quiet.hold_open = true;
  h.http->queue_stream(quiet);
  Reflector reflector(h.client, h.options, h.sink, h.metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait([&] { return h.sink.replaces_ == 2; }));
  reflector.stop();
  EXPECT_EQ(lists, 5);
  EXPECT_THAT(h.sink.names(), ElementsAre("a", "z"));
  EXPECT_EQ(h.metric("cachepilot_watch_reconnects_total"), 3);
  EXPECT_EQ(h.metric("cachepilot_watch_synced"), 1);  // a working snapshot was kept throughout
}

TEST(Reflector, AResourceTheServerDoesNotServeIsSyncedEmptyAndLookedForAgain) {
  Harness h;
  int lists = 0;
  h.http->set_route([&](const net::ClientRequest&) -> Result<net::ClientResponse> {
    ++lists;
    if (lists < 3) {
      return net::ClientResponse{404, R"({"kind":"Status","reason":"NotFound"})", ""};
    }
    return net::ClientResponse{200, node_list({"late"}, "7"), ""};  // the CRD got installed
  });
  StreamScript quiet;
  quiet.hold_open = true;
  h.http->queue_stream(quiet);
  Reflector reflector(h.client, h.options, h.sink, h.metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait([&] { return h.sink.listed_ >= 1; }));
  EXPECT_TRUE(reflector.synced());
  ASSERT_TRUE(h.sink.wait([&] { return h.sink.replaces_ == 3; }));
  reflector.stop();
  EXPECT_THAT(h.sink.names(), ElementsAre("late"));
  EXPECT_EQ(h.metric("cachepilot_watch_resource_installed"), 1);
}

TEST(Reflector, NotInstalledShowsInMetrics) {
  Harness h;
  h.options.missing_retry_seconds = 3600;
  h.http->set_route([](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return net::ClientResponse{404, "", ""};
  });
  Reflector reflector(h.client, h.options, h.sink, h.metrics.resource("nodes"));
  reflector.start();
  ASSERT_TRUE(h.sink.wait([&] { return h.sink.listed_ == 1; }));
  EXPECT_TRUE(reflector.synced());
  EXPECT_EQ(h.metric("cachepilot_watch_resource_installed"), 0);
  reflector.stop();  // prompt despite the hour-long retry wait
}

}  // namespace
}  // namespace cachepilot::kube
