#include "kube/api_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fake_http_client.hpp"

namespace cachepilot::kube {
namespace {

using ::testing::ElementsAre;
using testing::FakeHttpClient;
using ::testing::HasSubstr;
using testing::StreamScript;

net::ClientResponse ok_json(const std::string& body) { return {200, body, "application/json"}; }

TEST(ResourceRef, PathsAndNames) {
  const ResourceRef nodes{"", "v1", "nodes", {}};
  EXPECT_EQ(nodes.collection_path(), "/api/v1/nodes");
  EXPECT_EQ(nodes.object_path("n1"), "/api/v1/nodes/n1");
  EXPECT_EQ(nodes.display_name(), "nodes");
  const ResourceRef datasets{"data.fluid.io", "v1alpha1", "datasets", "team-a"};
  EXPECT_EQ(datasets.collection_path(), "/apis/data.fluid.io/v1alpha1/namespaces/team-a/datasets");
  EXPECT_EQ(datasets.display_name(), "datasets.data.fluid.io");
}

TEST(ApiClient, ListFollowsContinueTokens) {
  auto http = std::make_shared<FakeHttpClient>();
  http->set_route([](const net::ClientRequest& r) -> Result<net::ClientResponse> {
    if (r.path_and_query == "/api/v1/nodes?limit=2") {
      return ok_json(R"({"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}],
                         "metadata":{"resourceVersion":"10","continue":"tok/1"}})");
    }
    if (r.path_and_query == "/api/v1/nodes?limit=2&continue=tok%2F1") {
      return ok_json(R"({"items":[{"metadata":{"name":"c"}}],"metadata":{"resourceVersion":"11"}})");
    }
    return net::ClientResponse{404, "{}", ""};
  });
  ApiClient client(http);
  auto list = client.list({"", "v1", "nodes", {}}, 2);
  ASSERT_TRUE(list.ok()) << to_string(*list.error);
  ASSERT_EQ(list.value->items.size(), 3U);
  EXPECT_EQ(list.value->items[2]["metadata"]["name"], "c");
  EXPECT_EQ(list.value->resource_version, "11");  // the last page's version is the list's
}

TEST(ApiClient, ExpiredContinueTokenRestartsTheListOnce) {
  auto http = std::make_shared<FakeHttpClient>();
  int first_pages = 0;
  http->set_route([&](const net::ClientRequest& r) -> Result<net::ClientResponse> {
    if (r.path_and_query == "/api/v1/nodes?limit=1") {
      ++first_pages;
      return ok_json(R"({"items":[{"metadata":{"name":"a"}}],"metadata":{"resourceVersion":"5","continue":"x"}})");
    }
    return net::ClientResponse{410, R"({"kind":"Status","reason":"Expired","message":"too old"})", ""};
  });
  ApiClient client(http);
  auto list = client.list({"", "v1", "nodes", {}}, 1);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error->status, 410U);
  EXPECT_EQ(first_pages, 2);  // started over once, then gave up
}

TEST(ApiClient, ErrorsCarryTheStatusReason) {
  auto http = std::make_shared<FakeHttpClient>();
  http->set_route([](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return net::ClientResponse{
        403, R"({"kind":"Status","reason":"Forbidden","message":"nodes is forbidden: User \"x\" cannot list"})", ""};
  });
  ApiClient client(http);
  auto list = client.list({"", "v1", "nodes", {}});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error->status, 403U);
  EXPECT_EQ(list.error->reason, "Forbidden");
  EXPECT_THAT(to_string(*list.error), HasSubstr("HTTP 403 Forbidden: nodes is forbidden"));
}

TEST(ApiClient, MalformedListsAreErrorsNotCrashes) {
  for (const char* body : {"not json", "[]", R"({"items":5,"metadata":{}})", R"({"items":[]})", "null"}) {
    auto http = std::make_shared<FakeHttpClient>();
    http->set_route([&](const net::ClientRequest&) -> Result<net::ClientResponse> { return ok_json(body); });
    ApiClient client(http);
    auto list = client.list({"", "v1", "nodes", {}});
    EXPECT_FALSE(list.ok()) << body;
  }
}

TEST(ApiClient, TransportFailureIsStatusZero) {
  auto http = std::make_shared<FakeHttpClient>();  // no route: every call fails
  ApiClient client(http);
  auto got = client.get("/api/v1/nodes/x");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error->status, 0U);
}

WatchResult run_watch(StreamScript script, std::vector<std::string>& seen) {
  auto http = std::make_shared<FakeHttpClient>();
  http->queue_stream(std::move(script));
  ApiClient client(http);
  net::Cancellation cancel;
  return client.watch(
      {"", "v1", "nodes", {}}, "42", 60,
      [&](WatchEvent&& e) {
        const char* type = e.type == WatchEventType::kAdded      ? "ADDED"
                           : e.type == WatchEventType::kModified ? "MODIFIED"
                           : e.type == WatchEventType::kDeleted  ? "DELETED"
                                                                 : "BOOKMARK";
        seen.push_back(std::string(type) + ":" + e.object["metadata"].value("resourceVersion", std::string()));
        return true;
      },
      cancel);
}

TEST(ApiClient, WatchDeliversEventsAndSkipsGarbage) {
  std::vector<std::string> seen;
  StreamScript script;
  script.lines = {R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"43"}}})",
                  "{not json",
                  R"({"type":"MODIFIED"})",
                  R"({"type":"WHATEVER","object":{}})",
                  R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"50"}}})",
                  R"({"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"51"}}})"};
  auto result = run_watch(script, seen);
  EXPECT_EQ(result.end, WatchEnd::kClosed);
  EXPECT_EQ(result.malformed_events, 3U);
  EXPECT_THAT(seen, ElementsAre("ADDED:43", "BOOKMARK:50", "DELETED:51"));
}

TEST(ApiClient, WatchEndings) {
  struct Case {
    const char* name;
    StreamScript script;
    WatchEnd end;
  };
  StreamScript expired_event;
  expired_event.lines = {R"({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}})",
                         R"({"type":"ADDED","object":{"metadata":{"name":"late"}}})"};
  StreamScript other_error_event;
  other_error_event.lines = {R"({"type":"ERROR","object":{"kind":"Status","code":500,"message":"boom"}})"};
  StreamScript gone_status;
  gone_status.status = 410;
  StreamScript forbidden;
  forbidden.status = 403;
  StreamScript reset;
  reset.fail_after = true;
  const std::vector<Case> cases{{"error_event_410_is_gone", expired_event, WatchEnd::kGone},
                                {"error_event_500_fails", other_error_event, WatchEnd::kFailed},
                                {"status_410_is_gone", gone_status, WatchEnd::kGone},
                                {"status_403_fails", forbidden, WatchEnd::kFailed},
                                {"broken_stream_fails", reset, WatchEnd::kFailed}};
  for (const auto& c : cases) {
    std::vector<std::string> seen;
    auto result = run_watch(c.script, seen);
    EXPECT_EQ(result.end, c.end) << c.name << ": " << result.message;
    EXPECT_TRUE(seen.empty()) << c.name << ": nothing after the ERROR event is delivered";
  }
}

TEST(ApiClient, WatchAsksForBookmarksFromTheVersion) {
  auto http = std::make_shared<FakeHttpClient>();
  http->queue_stream({});
  ApiClient client(http);
  net::Cancellation cancel;
  auto result = client.watch(
      {"", "v1", "nodes", {}}, "42", 77, [](WatchEvent&&) { return true; }, cancel);
  EXPECT_EQ(result.end, WatchEnd::kClosed);
  EXPECT_THAT(
      http->requests(),
      ElementsAre("STREAM /api/v1/nodes?watch=1&allowWatchBookmarks=true&timeoutSeconds=77&resourceVersion=42"));
}

}  // namespace
}  // namespace cachepilot::kube
