#include "kube/scale.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fake_http_client.hpp"

namespace cachepilot::kube {
namespace {

using testing::FakeHttpClient;
using ::testing::HasSubstr;

const ResourceRef kRuntimes{"data.fluid.io", "v1alpha1", "alluxioruntimes", "default"};

std::string scale(int spec, int status, const std::string& rv) {
  return nlohmann::json{{"kind", "Scale"},
                        {"metadata", {{"name", "hbase"}, {"resourceVersion", rv}}},
                        {"spec", {{"replicas", spec}}},
                        {"status", {{"replicas", status}, {"selector", "app=alluxio"}}}}
      .dump();
}

TEST(Scale, DecodesTheScaleObject) {
  auto s = decode_scale(nlohmann::json::parse(scale(3, 2, "17")));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->spec_replicas, 3);
  EXPECT_EQ(s->status_replicas, 2);
  EXPECT_EQ(s->selector, "app=alluxio");
  EXPECT_EQ(s->resource_version, "17");
  for (const char* bad : {R"([])", R"({"spec":{"replicas":"3"}})", R"({"spec":{"replicas":-1}})", R"({"status":[]})"}) {
    EXPECT_FALSE(decode_scale(nlohmann::json::parse(bad)).ok()) << bad;
  }
}

TEST(Scale, ConflictReReadsAndRetries) {
  auto http = std::make_shared<FakeHttpClient>();
  int gets = 0;
  int puts = 0;
  http->set_route([&](const net::ClientRequest& r) -> Result<net::ClientResponse> {
    EXPECT_EQ(r.path_and_query, "/apis/data.fluid.io/v1alpha1/namespaces/default/alluxioruntimes/hbase/scale");
    if (r.method == "GET") {
      ++gets;
      return net::ClientResponse{200, scale(2, 2, gets == 1 ? "10" : "11"), ""};
    }
    ++puts;
    const auto body = nlohmann::json::parse(r.body);
    if (body["metadata"]["resourceVersion"] == "10") {  // someone wrote the runtime after our first read
      return net::ClientResponse{409, R"({"kind":"Status","reason":"Conflict"})", ""};
    }
    EXPECT_EQ(body["spec"]["replicas"], 5);
    return net::ClientResponse{200, scale(5, 2, "12"), ""};
  });
  ApiClient client(http);
  auto write = set_replicas(client, kRuntimes, "hbase", 5);
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_EQ(write->conflicts, 1);
  EXPECT_EQ(write->before.spec_replicas, 2);
  EXPECT_EQ(write->after.spec_replicas, 5);
  EXPECT_EQ(gets, 2);
  EXPECT_EQ(puts, 2);
}

TEST(Scale, NoWriteWhenAlreadyThere) {
  auto http = std::make_shared<FakeHttpClient>();
  http->set_route([&](const net::ClientRequest& r) -> Result<net::ClientResponse> {
    EXPECT_EQ(r.method, "GET");
    return net::ClientResponse{200, scale(4, 4, "3"), ""};
  });
  ApiClient client(http);
  auto write = set_replicas(client, kRuntimes, "hbase", 4);
  ASSERT_TRUE(write.ok());
  EXPECT_EQ(http->requests().size(), 1U);
}

TEST(Scale, FailuresAreErrorsNamingThePath) {
  struct Case {
    const char* name;
    unsigned status;
    std::string body;
    ErrorCode code;
  };
  for (const auto& c :
       std::vector<Case>{{"missing_runtime", 404, "{}", ErrorCode::kNotFound},
                         {"forbidden", 403, R"({"kind":"Status","reason":"Forbidden"})", ErrorCode::kUnavailable},
                         {"garbage", 200, R"({"spec":{"replicas":"many"}})", ErrorCode::kParse}}) {
    auto http = std::make_shared<FakeHttpClient>();
    http->set_route([&](const net::ClientRequest&) -> Result<net::ClientResponse> {
      return net::ClientResponse{c.status, c.body, ""};
    });
    ApiClient client(http);
    auto write = set_replicas(client, kRuntimes, "hbase", 4);
    ASSERT_FALSE(write.ok()) << c.name;
    EXPECT_EQ(write.error().code, c.code) << c.name;
    EXPECT_THAT(write.error().message, HasSubstr("alluxioruntimes/hbase/scale")) << c.name;
  }
}

TEST(Scale, EndlessConflictsGiveUp) {
  auto http = std::make_shared<FakeHttpClient>();
  http->set_route([&](const net::ClientRequest& r) -> Result<net::ClientResponse> {
    if (r.method == "GET") {
      return net::ClientResponse{200, scale(1, 1, "1"), ""};
    }
    return net::ClientResponse{409, "{}", ""};
  });
  ApiClient client(http);
  auto write = set_replicas(client, kRuntimes, "hbase", 3, 3);
  ASSERT_FALSE(write.ok());
  EXPECT_THAT(write.error().message, HasSubstr("after 3 attempts"));
}

}  // namespace
}  // namespace cachepilot::kube
