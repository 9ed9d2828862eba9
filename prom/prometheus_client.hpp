#pragma once
// A client for the Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/): instant
// queries (GET /api/v1/query) and range queries (GET /api/v1/query_range), over our net::HttpClient. Answers
// are parsed with nlohmann_json: these calls run on a poller thread, off the scheduling hot path.
//
// Every failure is an Error with a human-readable message plus a QueryFailure reason, so callers can count
// failures by cause. The parser never throws and never trusts the peer: non-JSON, wrong JSON types, an
// unexpected resultType and unparsable sample values are errors, not crashes.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "net/http_client.hpp"

namespace cachepilot::prom {

// Why a query failed, for metrics (the Error's message says more).
enum class QueryFailure {
  kUnreachable = 0,  // transport: refused, reset, timeout, TLS (ErrorCode::kUnavailable from the HttpClient)
  kHttpStatus,       // a non-2xx answer that is not a Prometheus API error (a proxy's 502 page, a 404)
  kMalformed,        // a 2xx answer that is not the Prometheus API JSON we asked for, or is over the size limit
  kQueryError,       // Prometheus answered {"status":"error"}: bad PromQL (400), execution error (422), timeout (503)
};
inline constexpr std::size_t kQueryFailureCount = 4;
[[nodiscard]] std::string_view to_string(QueryFailure failure) noexcept;

using Labels = std::map<std::string, std::string, std::less<>>;

// One element of an instant vector. Values are as Prometheus sends them: NaN, +Inf and -Inf included.
struct Sample {
  Labels metric;
  double timestamp_unix = 0;  // evaluation time, Unix seconds
  double value = 0;
};

struct InstantVector {
  std::vector<Sample> samples;
  std::vector<std::string> warnings;  // Prometheus's "warnings" (e.g. partial answers from remote read)
};

struct Point {
  double timestamp_unix = 0;
  double value = 0;
};

struct Series {
  Labels metric;
  std::vector<Point> points;  // ascending time, as Prometheus returns them
};

struct RangeMatrix {
  std::vector<Series> series;
  std::vector<std::string> warnings;
};

// Pure parsers of a 2xx answer body, exposed for tests. On error `failure` (when not null) is set to
// kMalformed, or kQueryError for a {"status":"error"} body. Errors carry ErrorCode::kParse, except
// {"status":"error"} bodies: kInvalidArgument (bad_data, execution: the query is wrong) or kUnavailable
// (timeout, canceled, unavailable, internal: Prometheus could not answer now).
[[nodiscard]] Result<InstantVector> parse_instant_vector(std::string_view body, QueryFailure* failure = nullptr);
[[nodiscard]] Result<RangeMatrix> parse_range_matrix(std::string_view body, QueryFailure* failure = nullptr);

// Parses a sample value string as Prometheus formats it (Go's strconv.FormatFloat plus "NaN", "+Inf",
// "-Inf"). An out-of-range literal ("1e400") saturates to ±Inf, as Go's ParseFloat does. Anything else
// (empty, "abc", "12abc", " 1") is a kParse error.
[[nodiscard]] Result<double> parse_sample_value(std::string_view text);

// Splits a Prometheus URL as an operator writes it ("http://prom.monitoring:9090",
// "https://example.com/prometheus/") into the HttpClient's base URL ("scheme://host:port") and an API path
// prefix ("" or "/prometheus", no trailing slash). Only http and https are accepted.
struct PrometheusEndpoint {
  std::string base_url;
  std::string path_prefix;
};
[[nodiscard]] Result<PrometheusEndpoint> parse_prometheus_url(std::string_view url);

struct PrometheusClientOptions {
  // Prepended to /api/v1/...: Prometheus run with --web.route-prefix, or behind a path-routing proxy.
  std::string path_prefix;
  // Sent as the API's `timeout` parameter (server-side evaluation limit); zero: not sent. Keep it below the
  // HttpClient's own timeout so a slow query comes back as a clear Prometheus error, not a transport timeout.
  std::chrono::milliseconds evaluation_timeout{0};
  // Extra request headers, e.g. {"X-Scope-OrgID", "tenant"} for Cortex/Mimir/Thanos tenancy.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Thread-compatible: one caller at a time (the HttpClient implementation decides whether more is safe).
class PrometheusClient {
 public:
  explicit PrometheusClient(std::unique_ptr<net::HttpClient> http, PrometheusClientOptions options = {});

  // GET /api/v1/query?query=<promql>[&timeout=...], evaluated at Prometheus's "now". The answer must have
  // resultType "vector" (a scalar or string answer is a kMalformed error: wrap such a query in vector()).
  // On error, `failure` (when not null) is set to the reason.
  [[nodiscard]] Result<InstantVector> query(std::string_view promql, QueryFailure* failure = nullptr);

  // GET /api/v1/query_range?query=...&start=...&end=...&step=...; resultType must be "matrix". start <= end,
  // step > 0 and at most 11,000 points per series (Prometheus's own limit) are checked before sending
  // (kInvalidArgument, failure kQueryError).
  [[nodiscard]] Result<RangeMatrix> query_range(std::string_view promql, double start_unix, double end_unix,
                                                std::chrono::milliseconds step, QueryFailure* failure = nullptr);

 private:
  // Sends a GET and sorts the answer into "parse this 2xx/API-error body" or a transport/HTTP failure.
  [[nodiscard]] Result<net::ClientResponse> get(const std::string& path_and_query, QueryFailure* failure);

  std::unique_ptr<net::HttpClient> http_;
  PrometheusClientOptions options_;
};

}  // namespace cachepilot::prom
