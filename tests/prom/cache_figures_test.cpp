// Per-node cache figures: extraction from an instant vector, the fresh/stale/expired tracker on explicit
// times, and the poller driven by hand (poll_once with a ManualClock) and on its own thread.
#include "prom/cache_figures.hpp"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/cache_figures_metrics.hpp"
#include "metrics/registry.hpp"
#include "tests/support/fake_http_client.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::prom {
namespace {

using cluster::NodeCacheFigure;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeHttpClient;

Sample sample(Labels labels, double value) { return Sample{std::move(labels), 1700000000, value}; }
Labels ns_ds_node(const char* ns, const char* ds, const char* node) {
  return Labels{{"namespace", ns}, {"dataset", ds}, {"node", node}};
}
NodeCacheFigure fig(const char* ns, const char* ds, const char* node, std::uint64_t bytes) {
  return NodeCacheFigure{ns, ds, node, bytes};
}
std::string str(const std::vector<NodeCacheFigure>& figures) {
  std::string out;
  for (const auto& f : figures) {
    out += f.dataset_namespace + "/" + f.dataset_name + "@" + f.node + "=" + std::to_string(f.bytes) + " ";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// to_byte_count

TEST(ToByteCount, Table) {
  struct Case {
    double value;
    bool ok;
    std::uint64_t want;
    const char* message_part;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {0, true, 0, ""},
      {-0.0, true, 0, ""},  // -0 is not negative
      {1234, true, 1234, ""},
      {1234.4, true, 1234, ""},  // fractional bytes (e.g. from avg) round to the nearest byte
      {1234.5, true, 1235, ""},  // halves round away from zero
      {1e15, true, 1'000'000'000'000'000, ""},
      // The largest double below 2^64 is 2^64 - 2048 (doubles near 2^64 are 2048 apart): still a count.
      {18446744073709549568.0, true, 18446744073709549568ULL, ""},
      {18446744073709551616.0, false, 0, "2^64 bytes or more"},  // exactly 2^64: one past uint64's max
      {1e30, false, 0, "2^64 bytes or more"},
      {-1, false, 0, "negative"},
      {-0.4, false, 0, "negative"},  // strict: a negative figure is a broken rule, not a rounding issue
      {std::nan(""), false, 0, "NaN"},
      {inf, false, 0, "+Inf"},
      {-inf, false, 0, "-Inf"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    auto bytes = to_byte_count(c.value);
    ASSERT_EQ(bytes.ok(), c.ok);
    if (c.ok) {
      EXPECT_EQ(*bytes, c.want);
    } else {
      EXPECT_EQ(bytes.error().code, ErrorCode::kParse);
      EXPECT_NE(bytes.error().message.find(c.message_part), std::string::npos) << bytes.error().message;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// extract_figures

TEST(ExtractFigures, UsableSeriesBecomeSortedFigures) {
  InstantVector v;
  v.samples = {
      sample(ns_ds_node("ml", "imagenet", "n2"), 2e9),
      sample(ns_ds_node("default", "ds", "n1"), 1234),
      sample(ns_ds_node("ml", "imagenet", "n1"), 1e9),
  };
  auto out = extract_figures(v, CacheFigureQuery{});
  EXPECT_TRUE(out.skipped.empty());
  // Sorted by (namespace, dataset, node), so equal answers compare equal whatever Prometheus's order.
  EXPECT_EQ(str(out.figures), "default/ds@n1=1234 ml/imagenet@n1=1000000000 ml/imagenet@n2=2000000000 ");
}

TEST(ExtractFigures, LabelNamesAreConfigurable) {
  InstantVector v;
  v.samples = {sample(
      {{"exported_namespace", "a"}, {"fluid_dataset", "b"}, {"kubernetes_node", "c"}, {"namespace", "monitoring"}}, 7)};
  CacheFigureQuery query;
  query.namespace_label = "exported_namespace";
  query.dataset_label = "fluid_dataset";
  query.node_label = "kubernetes_node";
  auto out = extract_figures(v, query);
  EXPECT_EQ(str(out.figures), "a/b@c=7 ");
  // With the default names the same series has no "dataset" label.
  auto defaults = extract_figures(v, CacheFigureQuery{});
  EXPECT_TRUE(defaults.figures.empty());
  ASSERT_EQ(defaults.skipped.size(), 1U);
  EXPECT_EQ(defaults.skipped[0].detail, "no label \"dataset\"");
}

TEST(ExtractFigures, UnusableSeriesAreSkippedWithAReason) {
  struct Case {
    const char* name;
    Labels labels;
    double value;
    SkipReason reason;
    const char* detail_part;
  };
  const std::vector<Case> cases = {
      {"no namespace", {{"dataset", "d"}, {"node", "n"}}, 1, SkipReason::kMissingLabel, "\"namespace\""},
      {"no dataset", {{"namespace", "ns"}, {"node", "n"}}, 1, SkipReason::kMissingLabel, "\"dataset\""},
      {"no node", {{"namespace", "ns"}, {"dataset", "d"}}, 1, SkipReason::kMissingLabel, "\"node\""},
      {"empty node", ns_ds_node("ns", "d", ""), 1, SkipReason::kMissingLabel, "\"node\""},
      {"NaN", ns_ds_node("ns", "d", "n"), std::nan(""), SkipReason::kBadValue, "NaN"},
      {"+Inf", ns_ds_node("ns", "d", "n"), std::numeric_limits<double>::infinity(), SkipReason::kBadValue, "+Inf"},
      {"negative", ns_ds_node("ns", "d", "n"), -5, SkipReason::kBadValue, "negative"},
      {"huge", ns_ds_node("ns", "d", "n"), 1e20, SkipReason::kBadValue, "2^64"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    InstantVector v;
    // One good series beside the bad one: the good one survives.
    v.samples = {sample(c.labels, c.value), sample(ns_ds_node("ok", "ok", "ok"), 1)};
    auto out = extract_figures(v, CacheFigureQuery{});
    EXPECT_EQ(str(out.figures), "ok/ok@ok=1 ");
    ASSERT_EQ(out.skipped.size(), 1U);
    EXPECT_EQ(out.skipped[0].reason, c.reason);
    EXPECT_EQ(out.skipped[0].metric, c.labels);
    EXPECT_NE(out.skipped[0].detail.find(c.detail_part), std::string::npos) << out.skipped[0].detail;
  }
}

TEST(ExtractFigures, DuplicatesKeepTheFirstSeriesOfTheAnswer) {
  // Two exporter replicas report the same (namespace, dataset, node) with different instance labels: the
  // query was not aggregated. The first in the answer wins, whatever the sort order of the values.
  Labels a = ns_ds_node("ns", "d", "n");
  a["instance"] = "b:9090";
  Labels b = ns_ds_node("ns", "d", "n");
  b["instance"] = "a:9090";
  InstantVector v;
  v.samples = {sample(a, 500), sample(ns_ds_node("ns", "d", "m"), 1), sample(b, 100)};
  auto out = extract_figures(v, CacheFigureQuery{});
  EXPECT_EQ(str(out.figures), "ns/d@m=1 ns/d@n=500 ");
  ASSERT_EQ(out.skipped.size(), 1U);
  EXPECT_EQ(out.skipped[0].reason, SkipReason::kDuplicate);
  EXPECT_EQ(out.skipped[0].metric.at("instance"), "a:9090");
  EXPECT_NE(out.skipped[0].detail.find("sum by"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------
// CacheFigureTracker: explicit times, max_age = 60 s.

TEST(CacheFigureTracker, FreshStaleExpiredTimeline) {
  const Clock::time_point t0{};
  const auto at = [&](int s) { return t0 + seconds(s); };
  CacheFigureTracker tracker(seconds(60));
  const std::vector<NodeCacheFigure> first = {fig("ns", "d", "n1", 100)};
  const std::vector<NodeCacheFigure> second = {fig("ns", "d", "n1", 50), fig("ns", "d", "n2", 50)};

  struct Step {
    int t;
    const char* event;  // "ok1", "ok2", "fail", "" (just look)
    FigureState want;
    const char* want_figures;
    bool want_last_failure;  // set exactly while the latest attempt is a failure
  };
  const std::vector<Step> timeline = {
      {0, "", FigureState::kNeverLoaded, "", false},
      {5, "fail", FigureState::kNeverLoaded, "", true},  // failing before any success: still the even split
      {10, "ok1", FigureState::kFresh, "ns/d@n1=100 ", false},
      {40, "", FigureState::kFresh, "ns/d@n1=100 ", false},
      {45, "fail", FigureState::kStale, "ns/d@n1=100 ", true},  // kept: 35 s old
      {70, "fail", FigureState::kStale, "ns/d@n1=100 ", true},  // 60 s old: the bound is inclusive
      {71, "", FigureState::kExpired, "", true},                // 61 s > 60 s: dropped, the even split returns
      {80, "fail", FigureState::kExpired, "", true},
      {90, "ok2", FigureState::kFresh, "ns/d@n1=50 ns/d@n2=50 ", false},  // recovery at any time
      {100, "fail", FigureState::kStale, "ns/d@n1=50 ns/d@n2=50 ", true},
      {110, "ok1", FigureState::kFresh, "ns/d@n1=100 ", false},  // fresh again after one good answer
      // No attempts at all (a hung poller): fresh figures still expire 60 s after their success.
      {170, "", FigureState::kFresh, "ns/d@n1=100 ", false},
      {171, "", FigureState::kExpired, "", false},
  };
  for (const auto& step : timeline) {
    SCOPED_TRACE("t=" + std::to_string(step.t) + " " + step.event);
    const std::string event = step.event;
    if (event == "ok1") {
      tracker.on_success(first, at(step.t));
    } else if (event == "ok2") {
      tracker.on_success(second, at(step.t));
    } else if (event == "fail") {
      tracker.on_failure(QueryFailure::kUnreachable, at(step.t));
    }
    const auto view = tracker.current(at(step.t));
    EXPECT_EQ(view.state, step.want) << to_string(view.state);
    EXPECT_EQ(str(view.figures), step.want_figures);
    EXPECT_EQ(view.last_failure.has_value(), step.want_last_failure);
  }
}

TEST(CacheFigureTracker, ReportsExpiryTimeAndLastFailure) {
  CacheFigureTracker tracker(seconds(30));
  EXPECT_FALSE(tracker.expires_at().has_value());
  tracker.on_failure(QueryFailure::kMalformed, Clock::time_point{} + seconds(1));
  EXPECT_EQ(tracker.current(Clock::time_point{} + seconds(1)).last_failure, QueryFailure::kMalformed);
  tracker.on_success({fig("a", "b", "c", 1)}, Clock::time_point{} + seconds(10));
  EXPECT_EQ(tracker.expires_at(), Clock::time_point{} + seconds(40));  // 10 s + 30 s
  EXPECT_FALSE(tracker.current(Clock::time_point{} + seconds(10)).last_failure.has_value());
  EXPECT_EQ(tracker.current(Clock::time_point{} + seconds(10)).last_success, Clock::time_point{} + seconds(10));
}

TEST(CacheFigureTracker, EmptySuccessIsFreshWithNoFigures) {
  CacheFigureTracker tracker(seconds(30));
  tracker.on_success({}, Clock::time_point{});
  const auto view = tracker.current(Clock::time_point{});
  EXPECT_EQ(view.state, FigureState::kFresh);
  EXPECT_TRUE(view.figures.empty());
}

// ---------------------------------------------------------------------------------------------------------
// CacheFigurePoller, stepped by hand with a ManualClock.

std::string vector_body(const std::string& results) {
  return R"({"status":"success","data":{"resultType":"vector","result":[)" + results + "]}}";
}
std::string series(const char* ns, const char* ds, const char* node, const char* value) {
  return std::string(R"({"metric":{"namespace":")") + ns + R"(","dataset":")" + ds + R"(","node":")" + node +
         R"("},"value":[1700000000,")" + value + R"("]})";
}

class PollerTest : public ::testing::Test {
 protected:
  std::unique_ptr<CacheFigurePoller> make_poller(std::chrono::milliseconds max_age = seconds(60)) {
    CacheFigurePollerOptions options;
    options.interval = seconds(10);
    options.max_age = max_age;
    return std::make_unique<CacheFigurePoller>(
        std::make_unique<PrometheusClient>(std::make_unique<testing::SharedHttpClient>(http_)), options,
        [this](std::vector<NodeCacheFigure> figures) { delivered_.push_back(str(figures)); }, clock_, &metrics_);
  }
  double metric(const char* name, const cachepilot::testing::MetricLabels& labels = {}) {
    return cachepilot::testing::metric_value(registry_.serialize(), name, labels).value_or(-1);
  }
  double state_gauge(const char* state) { return metric("cachepilot_cache_figures_state", {{"state", state}}); }
  double queries(const char* result) { return metric("cachepilot_cache_figures_queries_total", {{"result", result}}); }

  std::shared_ptr<FakeHttpClient> http_ = std::make_shared<FakeHttpClient>();
  ManualClock clock_{1'700'000'000};
  metrics::Registry registry_;
  metrics::CacheFiguresMetrics metrics_{registry_};
  std::vector<std::string> delivered_;
};

TEST_F(PollerTest, CallbackFiresOnChangesOnlyAndMetricsFollowTheState) {
  auto poller = make_poller();
  EXPECT_EQ(state_gauge("never_loaded"), 1);
  EXPECT_EQ(state_gauge("fresh"), 0);

  // 1. Prometheus is down before the first success: no figures, nothing to tell.
  http_->set_route(testing::refuse());
  poller->poll_once();
  EXPECT_TRUE(delivered_.empty());
  EXPECT_EQ(queries("unreachable"), 1);
  EXPECT_EQ(state_gauge("never_loaded"), 1);

  // 2. First answer: the figures are delivered once.
  http_->set_route(
      testing::answer(200, vector_body(series("ns", "d", "n1", "100") + "," + series("ns", "d", "n2", "300"))));
  clock_.advance(seconds(10));
  poller->poll_once();
  ASSERT_EQ(delivered_.size(), 1U);
  EXPECT_EQ(delivered_[0], "ns/d@n1=100 ns/d@n2=300 ");
  EXPECT_EQ(state_gauge("fresh"), 1);
  EXPECT_EQ(state_gauge("never_loaded"), 0);
  EXPECT_EQ(metric("cachepilot_cache_figures_series"), 2);
  EXPECT_EQ(metric("cachepilot_cache_figures_last_success_timestamp_seconds"), 1'700'000'010);

  // 3. The same answer again (t=20): no callback, but it is a success: the figures' age restarts here.
  clock_.advance(seconds(10));
  poller->poll_once();
  EXPECT_EQ(delivered_.size(), 1U);
  EXPECT_EQ(queries("ok"), 2);

  // 4. Garbage (t=30): stale, same figures, no callback.
  http_->set_route(testing::answer(200, "<html>oops</html>"));
  clock_.advance(seconds(10));
  poller->poll_once();
  EXPECT_EQ(delivered_.size(), 1U);
  EXPECT_EQ(state_gauge("stale"), 1);
  EXPECT_EQ(state_gauge("fresh"), 0);
  EXPECT_EQ(queries("malformed"), 1);
  EXPECT_EQ(metric("cachepilot_cache_figures_series"), 2);
  EXPECT_EQ(poller->view().state, FigureState::kStale);

  // 5. An answer whose every series is unusable is a failure too: the last good figures stay.
  http_->set_route(testing::answer(
      200, vector_body(series("ns", "d", "n1", "NaN") + "," + R"({"metric":{"node":"x"},"value":[1,"5"]})")));
  clock_.advance(seconds(10));
  poller->poll_once();
  EXPECT_EQ(delivered_.size(), 1U);
  EXPECT_EQ(queries("malformed"), 2);
  EXPECT_EQ(metric("cachepilot_cache_figures_skipped_series_total", {{"reason", "bad_value"}}), 1);
  EXPECT_EQ(metric("cachepilot_cache_figures_skipped_series_total", {{"reason", "missing_label"}}), 1);

  // 6. t=80: 60 s after the last success (t=20), max_age 60 s: still stale (the bound is inclusive).
  http_->set_route(testing::answer(400, R"({"status":"error","errorType":"bad_data","error":"x"})"));
  clock_.advance(seconds(40));
  poller->poll_once();
  EXPECT_EQ(delivered_.size(), 1U);
  EXPECT_EQ(state_gauge("stale"), 1);
  // t=81: 61 s old: expired, the callback gets no figures (the even split).
  clock_.advance(seconds(1));
  poller->poll_once();
  ASSERT_EQ(delivered_.size(), 2U);
  EXPECT_EQ(delivered_[1], "");
  EXPECT_EQ(state_gauge("expired"), 1);
  EXPECT_EQ(queries("query_error"), 2);
  EXPECT_EQ(metric("cachepilot_cache_figures_series"), 0);

  // 7. Recovery with one skipped series among good ones: fresh, the good figures delivered.
  http_->set_route(
      testing::answer(200, vector_body(series("ns", "d", "n1", "100") + "," + series("ns", "d", "n3", "-1"))));
  clock_.advance(seconds(10));
  poller->poll_once();
  ASSERT_EQ(delivered_.size(), 3U);
  EXPECT_EQ(delivered_[2], "ns/d@n1=100 ");
  EXPECT_EQ(state_gauge("fresh"), 1);
  EXPECT_EQ(metric("cachepilot_cache_figures_skipped_series_total", {{"reason", "bad_value"}}), 2);

  // 8. A 502 from a proxy is counted as http_status.
  http_->set_route(testing::answer(502, "bad gateway"));
  clock_.advance(seconds(10));
  poller->poll_once();
  EXPECT_EQ(queries("http_status"), 1);
  EXPECT_EQ(state_gauge("stale"), 1);
}

TEST_F(PollerTest, RefreshExpiresWithoutQuerying) {
  auto poller = make_poller(seconds(30));
  http_->set_route(testing::answer(200, vector_body(series("ns", "d", "n1", "1"))));
  poller->poll_once();
  ASSERT_EQ(delivered_.size(), 1U);
  const auto requests = http_->sent().size();
  clock_.advance(seconds(30));
  poller->refresh();
  EXPECT_EQ(delivered_.size(), 1U);  // exactly max_age old: still in use
  clock_.advance(milliseconds(1));
  poller->refresh();
  ASSERT_EQ(delivered_.size(), 2U);
  EXPECT_EQ(delivered_[1], "");
  EXPECT_EQ(state_gauge("expired"), 1);
  EXPECT_EQ(http_->sent().size(), requests);
}

TEST_F(PollerTest, EmptyAnswerAfterFiguresDeliversTheEvenSplit) {
  auto poller = make_poller();
  http_->set_route(testing::answer(200, vector_body(series("ns", "d", "n1", "1"))));
  poller->poll_once();
  http_->set_route(testing::answer(200, vector_body("")));
  poller->poll_once();
  ASSERT_EQ(delivered_.size(), 2U);
  EXPECT_EQ(delivered_[1], "");
  EXPECT_EQ(state_gauge("fresh"), 1);  // an empty answer is a good answer
}

TEST_F(PollerTest, SendsTheConfiguredQuery) {
  auto poller = make_poller();
  http_->set_route(testing::answer(200, vector_body("")));
  poller->poll_once();
  ASSERT_EQ(http_->sent().size(), 1U);
  EXPECT_EQ(http_->sent()[0].path_and_query, "/api/v1/query?query=cachepilot%3Adataset_node_cached_bytes%3Asum");
}

// ---------------------------------------------------------------------------------------------------------
// CacheFigurePoller on its own thread, with the system clock.

TEST(PollerThread, PollsOnItsIntervalWakesForExpiryAndStopsPromptly) {
  auto http = std::make_shared<FakeHttpClient>();
  http->set_route(testing::answer(200, vector_body(series("ns", "d", "n1", "42"))));
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> delivered;
  SystemClock clock;
  CacheFigurePollerOptions options;
  options.interval = milliseconds(50);
  options.max_age = milliseconds(300);
  CacheFigurePoller poller(
      std::make_unique<PrometheusClient>(std::make_unique<testing::SharedHttpClient>(http)), options,
      [&](std::vector<NodeCacheFigure> figures) {
        {
          const std::lock_guard lock(mutex);
          delivered.push_back(str(figures));
        }
        cv.notify_all();
      },
      clock, nullptr);
  const auto wait_for_deliveries = [&](std::size_t n) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, seconds(10), [&] { return delivered.size() >= n; });
  };
  poller.start();
  poller.start();  // idempotent
  ASSERT_TRUE(wait_for_deliveries(1));
  EXPECT_EQ(delivered[0], "ns/d@n1=42 ");
  // Prometheus goes away: after max_age the thread delivers the even split.
  http->set_route(testing::refuse());
  ASSERT_TRUE(wait_for_deliveries(2));
  EXPECT_EQ(delivered[1], "");
  EXPECT_EQ(poller.view().state, FigureState::kExpired);
  EXPECT_GE(http->sent().size(), 3U);  // it kept polling
  poller.stop();

  // With an hour-long interval the thread sleeps in wait_for: stop() must still return at once.
  bool polled = false;
  http->set_route([&](const net::ClientRequest&) -> Result<net::ClientResponse> {
    {
      const std::lock_guard lock(mutex);
      polled = true;
    }
    cv.notify_all();
    return make_error(ErrorCode::kUnavailable, "connection refused");
  });
  options.interval = std::chrono::hours(1);
  CacheFigurePoller idle(std::make_unique<PrometheusClient>(std::make_unique<testing::SharedHttpClient>(http)), options,
                         nullptr, clock, nullptr);
  idle.start();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, seconds(10), [&] { return polled; }));
  }
  // The thread has run its first poll and is now (or momentarily) in its hour-long wait.
  const auto before = std::chrono::steady_clock::now();
  idle.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, seconds(1));
  idle.stop();  // idempotent
}

}  // namespace
}  // namespace cachepilot::prom
