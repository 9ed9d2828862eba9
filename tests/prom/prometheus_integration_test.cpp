// The cache figures poller against a real Prometheus (Debian's /usr/bin/prometheus) on loopback
// (tests/support/prometheus_server.hpp): the test serves a tiny exporter itself, starts Prometheus with a 1 s
// scrape interval and the recording rule the default query names, and follows the figures from fresh to stale
// (Prometheus killed) to expired. A second test points the real HTTP client at a server answering garbage.
// Everything waits on events (readiness, callbacks, completed requests) with bounded deadlines; nothing sleeps
// a fixed time.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/cache_figures_metrics.hpp"
#include "metrics/registry.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "prom/cache_figures.hpp"
#include "prom/prometheus_client.hpp"
#include "tests/support/fake_http_client.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/served_handler.hpp"

namespace cachepilot::prom {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

using cachepilot::testing::PrometheusServer;
using cachepilot::testing::ServedHandler;

// Counts the requests a client completed (testing::SharedHttpClient's `after` hook: observed_client), so the
// test can wait for "the poller has queried again" instead of guessing how long that takes.
struct Observer {
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t completed = 0;
  std::size_t failed = 0;  // transport failures

  void record(bool ok) {
    {
      const std::lock_guard lock(mutex);
      ++completed;
      if (!ok) {
        ++failed;
      }
    }
    cv.notify_all();
  }
  // Waits until `n` more requests than `since` have completed; false at the deadline.
  bool wait_beyond(std::size_t since, std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, [&] { return completed >= since + n; });
  }
  bool wait_for_failures(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, [&] { return failed >= n; });
  }
  std::size_t count() {
    const std::lock_guard lock(mutex);
    return completed;
  }
};

std::unique_ptr<net::HttpClient> observed_client(std::unique_ptr<net::HttpClient> inner,
                                                 std::shared_ptr<Observer> observer) {
  return std::make_unique<cachepilot::testing::SharedHttpClient>(
      std::move(inner), nullptr, [observer = std::move(observer)](const Result<net::ClientResponse>& response) {
        observer->record(response.ok());
      });
}

std::unique_ptr<net::HttpClient> http_client(std::uint16_t port) {
  net::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.timeout = seconds(2);  // short: the poller's stop() waits for an in-flight query
  options.max_response_bytes = 16UL * 1024 * 1024;
  auto client = net::make_http_client(options);
  EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().message);
  return client.ok() ? std::move(client).value() : nullptr;
}

std::string str(const std::vector<cluster::NodeCacheFigure>& figures) {
  std::string out;
  for (const auto& f : figures) {
    out += f.dataset_namespace + "/" + f.dataset_name + "@" + f.node + "=" + std::to_string(f.bytes) + " ";
  }
  return out;
}

// What the poller's callback delivered, waitable.
struct Deliveries {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> items;

  void push(const std::vector<cluster::NodeCacheFigure>& figures) {
    {
      const std::lock_guard lock(mutex);
      items.push_back(str(figures));
    }
    cv.notify_all();
  }
  // Waits for a delivery equal to `want`; false at the deadline.
  bool wait_for(const std::string& want, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, [&] { return !items.empty() && items.back() == want; });
  }
};

// The exporter page: two usable series, and one without a node label that the recording rule turns into a
// series with node="" (skipped by the poller, counted as missing_label).
constexpr const char* kExporterPage =
    "# HELP cache_bytes Bytes of a dataset cached on a node.\n"
    "# TYPE cache_bytes gauge\n"
    "cache_bytes{namespace=\"default\",dataset=\"ds\",node=\"n1\"} 1234\n"
    "cache_bytes{namespace=\"default\",dataset=\"ds\",node=\"n2\"} 5678\n"
    "cache_bytes{namespace=\"ml\",dataset=\"imagenet\"} 99\n";

TEST(PrometheusIntegration, FiguresFreshThenStaleThenExpiredWhenPrometheusDies) {
  ASSERT_TRUE(std::filesystem::exists(PrometheusServer::kBinary))
      << PrometheusServer::kBinary << " is missing: scripts/setup installs the Debian package prometheus";

  ServedHandler exporter([](net::HttpRequest& request, net::HttpResponse& response) {
    if (request.target != "/metrics") {
      response.status = 404;
      response.body = "not found";
      return;
    }
    response.content_type = "text/plain; version=0.0.4";
    response.body = kExporterPage;
  });
  ASSERT_NE(exporter.port(), 0);

  // Scraped every second, with the recording rule the default query names (prom/cache_figures.hpp) evaluated
  // every second. The constructor returns once /-/ready answers 200 (the TSDB is open, the API serves); the
  // process dies with this test (PR_SET_PDEATHSIG) whatever way it ends.
  PrometheusServer prometheus({.targets = {"127.0.0.1:" + std::to_string(exporter.port())},
                               .rules_yaml = "groups:\n"
                                             "- name: cachepilot\n"
                                             "  interval: 1s\n"
                                             "  rules:\n"
                                             "  - record: cachepilot:dataset_node_cached_bytes:sum\n"
                                             "    expr: sum by (namespace, dataset, node) (cache_bytes)\n"});
  const std::uint16_t port = prometheus.port();
  ASSERT_NE(port, 0);
  {
    auto probe = http_client(port);
    ASSERT_NE(probe, nullptr);
    net::ClientRequest request;
    request.path_and_query = "/-/ready";
    auto ready = probe->send(request);
    ASSERT_TRUE(ready.ok()) << ready.error().message;
    EXPECT_EQ(ready->status, 200U) << ready->body;
  }

  // The poller: 250 ms interval, figures kept 3 s after the last success.
  metrics::Registry registry;
  metrics::CacheFiguresMetrics figure_metrics(registry);
  auto observer = std::make_shared<Observer>();
  Deliveries deliveries;
  SystemClock clock;
  CacheFigurePollerOptions options;  // default query, default label names
  options.interval = milliseconds(250);
  options.max_age = seconds(3);
  CacheFigurePoller poller(
      std::make_unique<PrometheusClient>(observed_client(http_client(port), observer)), options,
      [&](std::vector<cluster::NodeCacheFigure> figures) { deliveries.push(figures); }, clock, &figure_metrics);
  poller.start();

  // Data appears after the first scrape and the first rule evaluation (about 1-2 s); until then the rule's
  // series does not exist and the answer is an empty vector (fresh, no figures, no callback).
  const std::string want = "default/ds@n1=1234 default/ds@n2=5678 ";
  ASSERT_TRUE(deliveries.wait_for(want, seconds(30))) << "figures never arrived; Prometheus said:\n"
                                                      << prometheus.log_tail();
  EXPECT_EQ(poller.view().state, FigureState::kFresh);
  std::string exposition = registry.serialize();
  EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_state", {{"state", "fresh"}}), 1);
  EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_series"), 2);
  EXPECT_GE(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_skipped_series_total",
                                              {{"reason", "missing_label"}})
                .value_or(0),
            1);
  EXPECT_GT(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_last_success_timestamp_seconds")
                .value_or(0),
            1.6e9);

  // The same client answers range queries (the autoscaler's history back-fill) and reports bad PromQL.
  {
    PrometheusClient direct(http_client(port));
    const double now = clock.unix_seconds();
    auto matrix = direct.query_range("cache_bytes{node=\"n1\"}", now - 60, now, milliseconds(1000));
    ASSERT_TRUE(matrix.ok()) << matrix.error().message;
    ASSERT_EQ(matrix->series.size(), 1U);
    EXPECT_EQ(matrix->series[0].metric.at("job"), "exporter");  // target labels added by the scrape
    ASSERT_FALSE(matrix->series[0].points.empty());
    EXPECT_EQ(matrix->series[0].points.back().value, 1234);
    QueryFailure failure = QueryFailure::kUnreachable;
    auto bad = direct.query("sum(", &failure);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(failure, QueryFailure::kQueryError);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(bad.error().message.find("bad_data"), std::string::npos) << bad.error().message;
  }

  // Kill Prometheus. The next completed query fails: stale, the same figures still in use, no callback.
  const auto last_success = poller.view().last_success;
  ASSERT_TRUE(last_success.has_value());
  prometheus.kill();  // SIGKILL and reap
  ASSERT_FALSE(prometheus.running());
  // The observer counts a request when send() returns, a moment before the poller records it; the poller
  // sends its next query only after recording the previous one. So: wait for a failed query, then for one
  // more query to complete; by then the failure is in the tracker.
  ASSERT_TRUE(observer->wait_for_failures(1, seconds(10)));
  ASSERT_TRUE(observer->wait_beyond(observer->count(), 1, seconds(10)));
  {
    const auto view = poller.view();
    if (view.state != FigureState::kExpired) {  // on a very slow machine 3 s may already have passed
      EXPECT_EQ(view.state, FigureState::kStale);
      EXPECT_EQ(str(view.figures), want);
      EXPECT_EQ(view.last_failure, QueryFailure::kUnreachable);
      exposition = registry.serialize();
      EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_state", {{"state", "stale"}}),
                1);
    }
  }

  // max_age after the last success the poller delivers the even split (no figures).
  ASSERT_TRUE(deliveries.wait_for("", seconds(15)));
  EXPECT_GE(clock.now() - *last_success, options.max_age);
  EXPECT_EQ(poller.view().state, FigureState::kExpired);
  exposition = registry.serialize();
  EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_state", {{"state", "expired"}}), 1);
  EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_series"), 0);
  EXPECT_GE(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_queries_total",
                                              {{"result", "unreachable"}})
                .value_or(0),
            1);

  const auto stop_started = std::chrono::steady_clock::now();
  poller.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, seconds(3));  // at most one in-flight query
}

TEST(PrometheusIntegration, GarbageAnswersKeepTheLastGoodFigures) {
  // A server that first answers like Prometheus, then with a series of things Prometheus never says.
  std::atomic<int> mode{0};
  ServedHandler fake_prometheus([&](net::HttpRequest& request, net::HttpResponse& response) {
    if (request.target.rfind("/api/v1/query?query=", 0) != 0) {
      response.status = 404;
      response.body = "not found";
      return;
    }
    switch (mode.load()) {
      case 0:
        response.body = R"({"status":"success","data":{"resultType":"vector","result":[)"
                        R"({"metric":{"namespace":"a","dataset":"b","node":"c"},"value":[1700000000,"42"]}]}})";
        break;
      case 1:
        response.content_type = "text/html";
        response.body = "<html><body>It works!</body></html>";
        break;
      case 2:
        response.body = R"({"status":"success","data":{"resultType":"vector","result":[)"
                        R"({"metric":{"namespace":"a","dataset":"b","node":"c"},"value":[1700000000,"NaN"]}]}})";
        break;
      case 3:
        response.body = R"({"status":"success","data":{"resultType":"vector","result":{"oops":true}}})";
        break;
      default:
        response.status = 500;
        response.content_type = "text/plain";
        response.body = "internal server error";
        break;
    }
  });
  ASSERT_NE(fake_prometheus.port(), 0);

  metrics::Registry registry;
  metrics::CacheFiguresMetrics figure_metrics(registry);
  std::vector<std::string> delivered;
  ManualClock clock;
  CacheFigurePollerOptions options;
  options.max_age = seconds(60);
  CacheFigurePoller poller(
      std::make_unique<PrometheusClient>(http_client(fake_prometheus.port())), options,
      [&](std::vector<cluster::NodeCacheFigure> figures) { delivered.push_back(str(figures)); }, clock,
      &figure_metrics);
  // Stepped by hand: one poll per mode, 10 s apart on the manual clock.
  poller.poll_once();
  ASSERT_EQ(delivered.size(), 1U);
  EXPECT_EQ(delivered[0], "a/b@c=42 ");
  struct Step {
    int mode;
    QueryFailure failure;
    const char* result_label;
  };
  const std::vector<Step> steps = {
      {1, QueryFailure::kMalformed, "malformed"},     // HTML with 200
      {2, QueryFailure::kMalformed, "malformed"},     // every series unusable
      {3, QueryFailure::kMalformed, "malformed"},     // wrong JSON type
      {4, QueryFailure::kHttpStatus, "http_status"},  // 500 text
  };
  for (const auto& step : steps) {
    SCOPED_TRACE("mode " + std::to_string(step.mode));
    mode = step.mode;
    clock.advance(seconds(10));
    poller.poll_once();
    const auto view = poller.view();
    EXPECT_EQ(view.state, FigureState::kStale);
    EXPECT_EQ(str(view.figures), "a/b@c=42 ");
    EXPECT_EQ(view.last_failure, step.failure);
  }
  EXPECT_EQ(delivered.size(), 1U);  // the figures never changed
  const auto exposition = registry.serialize();
  EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_queries_total",
                                              {{"result", "malformed"}}),
            3);
  EXPECT_EQ(cachepilot::testing::metric_value(exposition, "cachepilot_cache_figures_queries_total",
                                              {{"result", "http_status"}}),
            1);
  // 61 s after the success at t=0 (last garbage at t=40, then 21 s more): expired.
  clock.advance(seconds(21));
  poller.refresh();
  ASSERT_EQ(delivered.size(), 2U);
  EXPECT_EQ(delivered[1], "");
}

}  // namespace
}  // namespace cachepilot::prom
