// The Prometheus HTTP API client: the answer parser (table-driven, every malformed shape a clear error),
// sample values, URL handling, and the client over a fake HttpClient (request shape, error classification).
#include "prom/prometheus_client.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/fake_http_client.hpp"

namespace cachepilot::prom {
namespace {

using testing::FakeHttpClient;

// ---------------------------------------------------------------------------------------------------------
// parse_sample_value: the value strings Prometheus writes (Go's FormatFloat 'f' plus NaN/+Inf/-Inf).

struct ValueCase {
  const char* text;
  bool ok;
  double want;  // compared exactly; NaN cases use want_nan
  bool want_nan = false;
};

TEST(ParseSampleValue, Table) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<ValueCase> cases = {
      {"1234", true, 1234},
      {"0", true, 0},
      {"-0", true, -0.0},
      {"1.5", true, 1.5},
      {"+1.5", true, 1.5},  // Go's ParseFloat accepts a leading '+'
      {"-42.25", true, -42.25},
      {"1e+06", true, 1e6},  // exponent forms, in case another server formats with 'g'
      {"2.5E-3", true, 2.5e-3},
      // FormatFloat('f', -1) writes big values in full: 1e30 is the double 1000000000000000019884624838656.
      {"1000000000000000019884624838656", true, 1e30},
      {"NaN", true, 0, true},  // a valid value (0/0 in PromQL); deciding what NaN means is the caller's job
      {"nan", true, 0, true},
      {"+Inf", true, inf},
      {"-Inf", true, -inf},
      {"Inf", true, inf},
      {"infinity", true, inf},
      {"1e400", true, inf},    // beyond DBL_MAX (~1.8e308): saturates to +Inf like Go
      {"-1e400", true, -inf},  // ... and to -Inf
      {"1e-400", true, 0},     // below the smallest denormal (~4.9e-324): underflows to 0
      {"", false, 0},          // empty
      {"abc", false, 0},       // not a number
      {"12abc", false, 0},     // trailing garbage
      {" 1", false, 0},        // whitespace is not part of the format
      {"1 ", false, 0},
      {"+-1", false, 0},   // two signs
      {"0x10", false, 0},  // hex: from_chars stops at 'x'
      {"1,5", false, 0},   // locale decimal comma
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string("value \"") + c.text + "\"");
    auto value = parse_sample_value(c.text);
    ASSERT_EQ(value.ok(), c.ok) << (value.ok() ? "" : value.error().message);
    if (!c.ok) {
      EXPECT_EQ(value.error().code, ErrorCode::kParse);
      EXPECT_NE(value.error().message.find("is not a number"), std::string::npos) << value.error().message;
      continue;
    }
    if (c.want_nan) {
      EXPECT_TRUE(std::isnan(*value));
    } else {
      EXPECT_EQ(*value, c.want);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// parse_instant_vector: good answers.

TEST(ParseInstantVector, ReadsSamplesLabelsAndWarnings) {
  auto v = parse_instant_vector(R"({"status":"success","warnings":["partial answer"],
    "data":{"resultType":"vector","result":[
      {"metric":{"__name__":"cache_bytes","namespace":"default","dataset":"ds","node":"n1"},
       "value":[1700000000.5,"1234"]},
      {"metric":{},"value":[1700000000.5,"-Inf"]},
      {"value":[1700000000,"NaN"]}]}})");
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ(v->samples.size(), 3U);
  EXPECT_EQ(v->samples[0].metric.at("dataset"), "ds");
  EXPECT_EQ(v->samples[0].metric.size(), 4U);
  EXPECT_EQ(v->samples[0].timestamp_unix, 1700000000.5);
  EXPECT_EQ(v->samples[0].value, 1234);
  EXPECT_TRUE(v->samples[1].metric.empty());
  EXPECT_TRUE(std::isinf(v->samples[1].value) && v->samples[1].value < 0);  // values pass through as sent
  EXPECT_TRUE(v->samples[2].metric.empty());                                // "metric" absent: no labels
  EXPECT_TRUE(std::isnan(v->samples[2].value));
  ASSERT_EQ(v->warnings.size(), 1U);
  EXPECT_EQ(v->warnings[0], "partial answer");
}

TEST(ParseInstantVector, EmptyResultIsAnEmptyVector) {
  auto v = parse_instant_vector(R"({"status":"success","data":{"resultType":"vector","result":[]}})");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->samples.empty());
}

TEST(ParseInstantVector, NativeHistogramSamplesAreSkippedWithAWarning) {
  auto v = parse_instant_vector(R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"a":"1"},"histogram":[1700000000,{"count":"3"}]},
      {"metric":{"a":"2"},"value":[1700000000,"7"]}]}})");
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ(v->samples.size(), 1U);
  EXPECT_EQ(v->samples[0].value, 7);
  ASSERT_EQ(v->warnings.size(), 1U);
  EXPECT_NE(v->warnings[0].find("native histogram"), std::string::npos);
}

// parse_instant_vector: everything else is an error with a reason, a code and a message naming the problem.
struct BadAnswerCase {
  const char* name;
  std::string body;
  QueryFailure failure;
  ErrorCode code;
  const char* message_part;
};

TEST(ParseInstantVector, BadAnswersAreClearErrors) {
  const std::string ok_head = R"({"status":"success","data":{"resultType":"vector","result":)";
  const std::vector<BadAnswerCase> cases = {
      {"not JSON", "<html>502 Bad Gateway</html>", QueryFailure::kMalformed, ErrorCode::kParse, "not JSON"},
      {"empty body", "", QueryFailure::kMalformed, ErrorCode::kParse, "not JSON"},
      {"truncated JSON", ok_head + "[{\"metric\":{}", QueryFailure::kMalformed, ErrorCode::kParse, "not JSON"},
      {"top level array", "[1,2]", QueryFailure::kMalformed, ErrorCode::kParse, "top level is array"},
      {"no status", R"({"data":{}})", QueryFailure::kMalformed, ErrorCode::kParse, "no \"status\""},
      {"status number", R"({"status":1})", QueryFailure::kMalformed, ErrorCode::kParse, "no \"status\""},
      {"status unknown", R"({"status":"pending"})", QueryFailure::kMalformed, ErrorCode::kParse,
       "status is \"pending\""},
      // Prometheus's own error shape: errorType decides whether retrying can help.
      {"bad PromQL", R"({"status":"error","errorType":"bad_data","error":"parse error at char 5"})",
       QueryFailure::kQueryError, ErrorCode::kInvalidArgument, "(bad_data): parse error at char 5"},
      {"execution error", R"({"status":"error","errorType":"execution","error":"many-to-many matching"})",
       QueryFailure::kQueryError, ErrorCode::kInvalidArgument, "many-to-many"},
      {"query timeout", R"({"status":"error","errorType":"timeout","error":"query timed out"})",
       QueryFailure::kQueryError, ErrorCode::kUnavailable, "(timeout)"},
      {"error without details", R"({"status":"error"})", QueryFailure::kQueryError, ErrorCode::kUnavailable,
       "(unknown): (no message)"},
      {"no data", R"({"status":"success"})", QueryFailure::kMalformed, ErrorCode::kParse, "\"data\" is missing"},
      {"data string", R"({"status":"success","data":"x"})", QueryFailure::kMalformed, ErrorCode::kParse,
       "\"data\" is missing or not an object"},
      {"scalar answer", R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}})",
       QueryFailure::kMalformed, ErrorCode::kParse, "resultType is \"scalar\", want \"vector\""},
      {"matrix answer", R"({"status":"success","data":{"resultType":"matrix","result":[]}})", QueryFailure::kMalformed,
       ErrorCode::kParse, "resultType is \"matrix\""},
      {"resultType missing", R"({"status":"success","data":{"result":[]}})", QueryFailure::kMalformed,
       ErrorCode::kParse, "resultType\" is missing"},
      {"result object", ok_head + "{}}}", QueryFailure::kMalformed, ErrorCode::kParse, "\"data.result\""},
      {"warnings string", R"({"status":"success","warnings":"w","data":{"resultType":"vector","result":[]}})",
       QueryFailure::kMalformed, ErrorCode::kParse, "\"warnings\" is string"},
      {"element number", ok_head + "[5]}}", QueryFailure::kMalformed, ErrorCode::kParse,
       "result[0] is number, want an object"},
      {"metric array", ok_head + R"([{"metric":[],"value":[1,"1"]}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "result[0].metric is array"},
      {"label value number", ok_head + R"([{"metric":{"node":7},"value":[1,"1"]}]}})", QueryFailure::kMalformed,
       ErrorCode::kParse, "result[0].metric.node is number, want a string"},
      {"no value", ok_head + R"([{"metric":{}}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "result[0] has no \"value\""},
      {"value one item", ok_head + R"([{"value":[1]}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "an array of 1 items"},
      {"value object", ok_head + R"([{"value":{}}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "result[0].value is object"},
      {"time string", ok_head + R"([{"value":["1700000000","1"]}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "(time) is string, want a number"},
      // The wire format quotes values, so a bare number is not Prometheus (and may have lost precision).
      {"value number", ok_head + R"([{"value":[1,1234]}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "(value) is number, want a string"},
      {"value garbage", ok_head + R"([{"value":[1,"12 MB"]}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "sample value \"12 MB\" is not a number"},
      {"second element bad", ok_head + R"([{"value":[1,"1"]},{"value":[1,null]}]}})", QueryFailure::kMalformed,
       ErrorCode::kParse, "result[1].value[1] (value) is null"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    QueryFailure failure = QueryFailure::kUnreachable;  // must be overwritten
    auto v = parse_instant_vector(c.body, &failure);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(failure, c.failure) << to_string(failure);
    EXPECT_EQ(v.error().code, c.code) << to_string(v.error().code);
    EXPECT_NE(v.error().message.find(c.message_part), std::string::npos) << v.error().message;
  }
}

TEST(ParseInstantVector, PeerTextInMessagesIsBoundedAndPrintable) {
  const std::string body = std::string(10'000, 'x') + "\n\x01";
  auto v = parse_instant_vector(body);
  ASSERT_FALSE(v.ok());
  EXPECT_LT(v.error().message.size(), 400U);  // 300 characters of peer text at most, plus our words
  EXPECT_EQ(v.error().message.find('\n'), std::string::npos);
}

TEST(ParseInstantVector, DeepNestingIsAnErrorNotACrash) {
  // 100,000 nested arrays: a recursive parser would overflow the stack.
  const std::string body = std::string(100'000, '[') + std::string(100'000, ']');
  auto v = parse_instant_vector(body);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kParse);
}

// ---------------------------------------------------------------------------------------------------------
// parse_range_matrix

TEST(ParseRangeMatrix, ReadsSeriesAndPoints) {
  auto m = parse_range_matrix(R"({"status":"success","data":{"resultType":"matrix","result":[
      {"metric":{"job":"a"},"values":[[1700000000,"1"],[1700000015,"2.5"],[1700000030,"NaN"]]},
      {"metric":{"job":"b"},"values":[]}]}})");
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->series.size(), 2U);
  ASSERT_EQ(m->series[0].points.size(), 3U);
  EXPECT_EQ(m->series[0].metric.at("job"), "a");
  EXPECT_EQ(m->series[0].points[1].timestamp_unix, 1700000015);
  EXPECT_EQ(m->series[0].points[1].value, 2.5);
  EXPECT_TRUE(std::isnan(m->series[0].points[2].value));
  EXPECT_TRUE(m->series[1].points.empty());
}

TEST(ParseRangeMatrix, BadAnswersAreClearErrors) {
  const std::string head = R"({"status":"success","data":{"resultType":"matrix","result":)";
  const std::vector<BadAnswerCase> cases = {
      {"vector answer", R"({"status":"success","data":{"resultType":"vector","result":[]}})", QueryFailure::kMalformed,
       ErrorCode::kParse, "want \"matrix\""},
      {"no values", head + R"([{"metric":{}}]}})", QueryFailure::kMalformed, ErrorCode::kParse, "no \"values\""},
      {"values object", head + R"([{"values":{}}]}})", QueryFailure::kMalformed, ErrorCode::kParse, "values is object"},
      {"bad point", head + R"([{"values":[[1,"1"],[2]]}]}})", QueryFailure::kMalformed, ErrorCode::kParse,
       "result[0].values[1]"},
      {"error", R"({"status":"error","errorType":"bad_data","error":"exceeded maximum resolution"})",
       QueryFailure::kQueryError, ErrorCode::kInvalidArgument, "exceeded maximum resolution"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    QueryFailure failure = QueryFailure::kUnreachable;
    auto m = parse_range_matrix(c.body, &failure);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(failure, c.failure);
    EXPECT_EQ(m.error().code, c.code);
    EXPECT_NE(m.error().message.find(c.message_part), std::string::npos) << m.error().message;
  }
}

// ---------------------------------------------------------------------------------------------------------
// URLs

TEST(ParsePrometheusUrl, SplitsBaseAndPrefix) {
  struct Case {
    const char* url;
    const char* base;
    const char* prefix;
  };
  const std::vector<Case> good = {
      {"http://prometheus:9090", "http://prometheus:9090", ""},
      {"http://prometheus:9090/", "http://prometheus:9090", ""},
      {"HTTPS://Prom.Example.com/prometheus/", "https://prom.example.com", "/prometheus"},
      {"http://127.0.0.1:9090/a/b", "http://127.0.0.1:9090", "/a/b"},
      {"http://[::1]:9090", "http://[::1]:9090", ""},
  };
  for (const auto& c : good) {
    SCOPED_TRACE(c.url);
    auto e = parse_prometheus_url(c.url);
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(e->base_url, c.base);
    EXPECT_EQ(e->path_prefix, c.prefix);
  }
  for (const char* bad : {"prometheus:9090", "ftp://x", "http://", "http:///path", "http://u:p@host:9090",
                          "http://host:9090/?x=1", "http://host/#frag"}) {
    SCOPED_TRACE(bad);
    auto e = parse_prometheus_url(bad);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  }
}

// ---------------------------------------------------------------------------------------------------------
// PrometheusClient over the fake HttpClient

class ClientTest : public ::testing::Test {
 protected:
  PrometheusClient make_client(PrometheusClientOptions options = {}) {
    return PrometheusClient(std::make_unique<testing::SharedHttpClient>(http_), std::move(options));
  }
  net::ClientRequest last_request() { return http_->sent().back(); }
  std::shared_ptr<FakeHttpClient> http_ = std::make_shared<FakeHttpClient>();
};

constexpr const char* kOneSample =
    R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[1,"5"]}]}})";

TEST_F(ClientTest, QuerySendsAnEncodedGet) {
  http_->set_route(testing::answer(200, kOneSample));
  auto client = make_client({.path_prefix = "prom/",
                             .evaluation_timeout = std::chrono::milliseconds(2500),
                             .headers = {{"X-Scope-OrgID", "t1"}}});
  auto v = client.query(R"(sum(x{a="b"}))");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->samples.size(), 1U);
  ASSERT_EQ(http_->sent().size(), 1U);
  EXPECT_EQ(last_request().method, "GET");
  // The prefix gains its leading slash and loses its trailing one; 2,500 ms is sent as "2.5" seconds.
  EXPECT_EQ(last_request().path_and_query, "/prom/api/v1/query?query=sum%28x%7Ba%3D%22b%22%7D%29&timeout=2.5");
  const auto& headers = last_request().headers;
  EXPECT_NE(std::find(headers.begin(), headers.end(), std::pair<std::string, std::string>{"X-Scope-OrgID", "t1"}),
            headers.end());
  EXPECT_NE(
      std::find(headers.begin(), headers.end(), std::pair<std::string, std::string>{"Accept", "application/json"}),
      headers.end());
}

TEST_F(ClientTest, QueryRangeSendsStartEndStep) {
  http_->set_route(testing::answer(200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})"));
  auto client = make_client();
  auto m = client.query_range("up", 1700000000.25, 1700003600, std::chrono::milliseconds(15'000));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(last_request().path_and_query, "/api/v1/query_range?query=up&start=1700000000.25&end=1700003600&step=15");
}

TEST_F(ClientTest, QueryRangeChecksArgumentsBeforeSending) {
  auto client = make_client();
  struct Case {
    const char* name;
    double start;
    double end;
    std::chrono::milliseconds step;
  };
  const std::vector<Case> cases = {
      {"end before start", 100, 50, std::chrono::milliseconds(1000)},
      {"zero step", 0, 50, std::chrono::milliseconds(0)},
      {"NaN start", std::nan(""), 50, std::chrono::milliseconds(1000)},
      // 0..11,000 s at 1 s is 11,001 points: one over Prometheus's 11,000 limit.
      {"too many points", 0, 11'000, std::chrono::milliseconds(1000)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    QueryFailure failure = QueryFailure::kUnreachable;
    auto m = client.query_range("up", c.start, c.end, c.step, &failure);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(failure, QueryFailure::kQueryError);
  }
  EXPECT_TRUE(http_->sent().empty());
  // 0..10,999 s at 1 s is exactly 11,000 points: allowed.
  http_->set_route(testing::answer(200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})"));
  EXPECT_TRUE(client.query_range("up", 0, 10'999, std::chrono::milliseconds(1000)).ok());
}

TEST_F(ClientTest, ClassifiesFailures) {
  struct Case {
    const char* name;
    testing::FakeHttpClient::Route responder;
    QueryFailure failure;
    ErrorCode code;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"refused", testing::refuse(), QueryFailure::kUnreachable, ErrorCode::kUnavailable, "connection refused"},
      {"body over the limit",
       [](const net::ClientRequest&) -> Result<net::ClientResponse> {
         return make_error(ErrorCode::kTooLarge, "response over 1024 bytes");
       },
       QueryFailure::kMalformed, ErrorCode::kTooLarge, "over 1024 bytes"},
      // Prometheus's API errors arrive with 4xx/5xx and a JSON body: they are query errors, not HTTP errors.
      {"400 bad_data", testing::answer(400, R"({"status":"error","errorType":"bad_data","error":"1:5: parse error"})"),
       QueryFailure::kQueryError, ErrorCode::kInvalidArgument, "1:5: parse error (HTTP 400)"},
      {"503 timeout", testing::answer(503, R"({"status":"error","errorType":"timeout","error":"query timed out"})"),
       QueryFailure::kQueryError, ErrorCode::kUnavailable, "query timed out (HTTP 503)"},
      // Anything else with a non-2xx status: a proxy, a wrong URL, an overloaded server.
      {"502 from a proxy", testing::answer(502, "<html>Bad Gateway</html>\n"), QueryFailure::kHttpStatus,
       ErrorCode::kUnavailable, "HTTP 502: \"<html>Bad Gateway</html>\""},
      {"404 wrong prefix", testing::answer(404, "404 page not found"), QueryFailure::kHttpStatus, ErrorCode::kNotFound,
       "HTTP 404"},
      {"401", testing::answer(401, "Unauthorized"), QueryFailure::kHttpStatus, ErrorCode::kInvalidArgument, "HTTP 401"},
      {"429", testing::answer(429, "slow down"), QueryFailure::kHttpStatus, ErrorCode::kUnavailable, "HTTP 429"},
      {"500 with other JSON", testing::answer(500, R"({"status":"success"})"), QueryFailure::kHttpStatus,
       ErrorCode::kUnavailable, "HTTP 500"},
      {"200 garbage", testing::answer(200, "hello"), QueryFailure::kMalformed, ErrorCode::kParse, "not JSON"},
      {"200 with an error body", testing::answer(200, R"({"status":"error","errorType":"internal","error":"x"})"),
       QueryFailure::kQueryError, ErrorCode::kUnavailable, "(internal): x"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    http_->set_route(c.responder);
    auto client = make_client();
    QueryFailure failure =
        c.failure == QueryFailure::kUnreachable ? QueryFailure::kMalformed : QueryFailure::kUnreachable;
    auto v = client.query("up", &failure);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(failure, c.failure) << to_string(failure);
    EXPECT_EQ(v.error().code, c.code) << to_string(v.error().code);
    EXPECT_NE(v.error().message.find(c.message_part), std::string::npos) << v.error().message;
  }
}

TEST_F(ClientTest, ErrorsNameTheQuery) {
  http_->set_route(testing::answer(200, "[]"));
  auto client = make_client();
  auto v = client.query("my_metric");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("query \"my_metric\""), std::string::npos) << v.error().message;
}

TEST(PrometheusClient, WithoutAnHttpClientFailsCleanly) {
  PrometheusClient client(nullptr);
  QueryFailure failure = QueryFailure::kMalformed;
  auto v = client.query("up", &failure);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(failure, QueryFailure::kUnreachable);
}

}  // namespace
}  // namespace cachepilot::prom
