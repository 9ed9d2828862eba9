#pragma once
// Per-node cache figures from Prometheus (issue 3 item 3): how many bytes of each Fluid dataset are cached
// on each node, read from a PromQL query, so the converter can use them instead of splitting the dataset's
// cached bytes evenly over its cache nodes.
//
// Three layers, so the logic is tested without threads or clocks:
//   extract_figures()     pure: instant vector -> NodeCacheFigures, skipping (and counting) unusable series;
//   CacheFigureTracker    pure state machine: which figures to use now, given successes/failures and times;
//   CacheFigurePoller     owns a thread that queries on an interval and drives the tracker, metrics and a callback.
//
// THE DEFAULT QUERY is the recording-rule series `cachepilot:dataset_node_cached_bytes:sum`, one series per
// (namespace, dataset, node), value = bytes of that dataset cached on that node. Fluid publishes no per-node
// cached bytes itself (DESIGN.md §4); the operator defines the rule from the cache engine's own metrics and
// relabelling, e.g. for JuiceFS workers scraped with the pod's namespace, pod and node as labels:
//
//   groups:
//   - name: cachepilot
//     rules:
//     - record: cachepilot:dataset_node_cached_bytes:sum
//       expr: |
//         sum by (namespace, dataset, node) (
//           label_replace(juicefs_blockcache_bytes{pod=~".+-worker-[0-9]+"},
//                         "dataset", "$1", "pod", "(.+)-worker-[0-9]+"))
//
// (Alluxio: the worker's CapacityUsed gauge, relabelled the same way.) Any query works that returns an instant
// vector with the three labels; their names are configurable (CacheFigureQuery). Several series with the same
// three labels are ambiguous (aggregate with `sum by`): the first is used, the others skipped and counted.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cluster/converter.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "prom/prometheus_client.hpp"

namespace cachepilot::metrics {
class CacheFiguresMetrics;
}

namespace cachepilot::prom {

inline constexpr std::string_view kDefaultCacheFigureQuery = "cachepilot:dataset_node_cached_bytes:sum";

struct CacheFigureQuery {
  std::string promql{kDefaultCacheFigureQuery};
  std::string namespace_label = "namespace";  // the Dataset's namespace
  std::string dataset_label = "dataset";      // the Dataset's name
  std::string node_label = "node";            // the Kubernetes node name
};

enum class SkipReason {
  kMissingLabel = 0,  // one of the three labels is absent or empty
  kBadValue,          // NaN, ±Inf, negative, or >= 2^64 bytes
  kDuplicate,         // the same (namespace, dataset, node) as an earlier series of the answer
};
[[nodiscard]] std::string_view to_string(SkipReason reason) noexcept;

// A series extract_figures() could not use, and why (the detail is for logs; counts go to metrics).
struct SkippedSeries {
  Labels metric;
  SkipReason reason = SkipReason::kBadValue;
  std::string detail;
};

struct ExtractedFigures {
  std::vector<cluster::NodeCacheFigure> figures;  // sorted by (namespace, dataset, node), unique
  std::vector<SkippedSeries> skipped;
};

// A sample value as a byte count: finite, >= 0 and < 2^64, rounded to the nearest byte. kParse otherwise.
[[nodiscard]] Result<std::uint64_t> to_byte_count(double value);

// Turns an instant vector into figures. A series is skipped when a label is missing or empty, when its
// value is not a byte count (NaN, ±Inf, negative, >= 2^64), or when it repeats an earlier series'
// (namespace, dataset, node). Never fails: the caller decides what "all skipped" means.
[[nodiscard]] ExtractedFigures extract_figures(const InstantVector& vector, const CacheFigureQuery& query);

enum class FigureState {
  kNeverLoaded = 0,  // no answer has succeeded yet: no figures, the even split
  kFresh,            // the latest attempt succeeded (and is within max_age)
  kStale,            // the latest attempt failed; the last good figures are younger than max_age and still used
  kExpired,          // the last success is older than max_age: figures dropped, the even split
};
[[nodiscard]] std::string_view to_string(FigureState state) noexcept;

struct FigureView {
  FigureState state = FigureState::kNeverLoaded;
  std::vector<cluster::NodeCacheFigure> figures;  // the figures to use; empty when never loaded or expired
  std::optional<Clock::time_point> last_success;  // when the last good figures were obtained
  std::optional<QueryFailure> last_failure;       // why the latest attempt failed, when it did
};

[[nodiscard]] bool same_figures(const std::vector<cluster::NodeCacheFigure>& a,
                                const std::vector<cluster::NodeCacheFigure>& b);

// Which figures to use, given the history of attempts. Pure and clock-free: every call passes `now`
// (monotonic). Not thread-safe (the poller serialises calls).
//
// Timeline with max_age = 60 s: success at t=0 -> fresh; failures at t=10..60 -> stale (figures of t=0 still
// used); at t > 60 -> expired (figures dropped, the converter's even split returns) whether or not attempts
// keep failing; a success at any point -> fresh with the new figures. Expiry is measured from the last
// success, so a poller that stops polling also ends in expired rather than serving old figures forever.
class CacheFigureTracker {
 public:
  explicit CacheFigureTracker(std::chrono::nanoseconds max_age) : max_age_(max_age) {}

  void on_success(std::vector<cluster::NodeCacheFigure> figures, Clock::time_point now);
  void on_failure(QueryFailure reason, Clock::time_point now);
  [[nodiscard]] FigureView current(Clock::time_point now) const;
  // When the figures in use expire (nullopt: nothing to expire), so a driver can wake up on time.
  [[nodiscard]] std::optional<Clock::time_point> expires_at() const;
  [[nodiscard]] std::chrono::nanoseconds max_age() const { return max_age_; }

 private:
  [[nodiscard]] bool expired(Clock::time_point now) const { return now - last_success_ > max_age_; }

  std::chrono::nanoseconds max_age_;
  bool loaded_ = false;
  std::optional<QueryFailure> last_failure_;  // set while the latest attempt is a failure
  Clock::time_point last_success_{};
  std::vector<cluster::NodeCacheFigure> last_good_;
};

struct CacheFigurePollerOptions {
  CacheFigureQuery query;
  std::chrono::milliseconds interval{15'000};
  // How long the last good figures outlive the last success. Longer than a few intervals, so one failed
  // scrape does not flip placement back to the even split.
  std::chrono::milliseconds max_age{300'000};
};

// Polls Prometheus on its own thread. Each poll runs the query, extracts the figures and updates the tracker;
// an answer that is not a usable vector, or whose series are all skipped (a non-empty result with nothing
// usable), counts as a failure and keeps the last good figures. An empty result is a success with no figures.
//
// Callback: on_change(figures) is called, on the poller thread, whenever the figures to use differ from the
// ones last passed to it (initially: none). So: the first good answer, any answer with different figures,
// and expiry (called with an empty vector: use the even split). Not called for fresh -> stale (the same
// figures stay in use) or for identical answers. Figures are sorted by (namespace, dataset, node). The
// callback must not throw, call stop() or destroy the poller.
//
// stop() (and the destructor) wakes the thread at once; it returns as soon as an in-flight query does, so keep
// the HttpClient's timeout short (a few seconds, below `interval`).
class CacheFigurePoller {
 public:
  using OnChange = std::function<void(std::vector<cluster::NodeCacheFigure>)>;

  // `clock` and `metrics` (may be null) must outlive the poller.
  CacheFigurePoller(std::unique_ptr<PrometheusClient> client, CacheFigurePollerOptions options, OnChange on_change,
                    const Clock& clock, metrics::CacheFiguresMetrics* metrics);
  ~CacheFigurePoller();
  CacheFigurePoller(const CacheFigurePoller&) = delete;
  CacheFigurePoller& operator=(const CacheFigurePoller&) = delete;

  // Starts the thread; the first poll runs at once. Idempotent.
  void start();
  // Stops and joins the thread. Idempotent; start() may be called again afterwards.
  void stop();

  // One poll, on the caller's thread (what the thread does each interval). For tests and for a caller that
  // wants the figures before start(); must not run concurrently with the thread.
  void poll_once();
  // Re-evaluates expiry without querying (the thread does this when max_age runs out between polls).
  void refresh();

  // The current view (thread-safe).
  [[nodiscard]] FigureView view() const;

 private:
  void run();
  // With mutex_ held: publishes state metrics and decides whether the callback must run.
  [[nodiscard]] std::optional<std::vector<cluster::NodeCacheFigure>> publish_locked(Clock::time_point now);
  void deliver(std::optional<std::vector<cluster::NodeCacheFigure>> change);

  std::unique_ptr<PrometheusClient> client_;
  CacheFigurePollerOptions options_;
  OnChange on_change_;
  const Clock& clock_;
  metrics::CacheFiguresMetrics* metrics_;

  mutable std::mutex mutex_;  // guards tracker_, delivered_, stop_
  std::condition_variable wake_;
  CacheFigureTracker tracker_;
  std::vector<cluster::NodeCacheFigure> delivered_;
  std::size_t logged_skipped_ = 0;  // skipped series in the last success, to log changes only
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace cachepilot::prom
