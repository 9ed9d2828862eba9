#pragma once
// Metrics of the per-node cache figures poller (prom/cache_figures.hpp): its state, its queries by result,
// and what the last answer held. docs/metrics.md is checked against these names.
#include <array>
#include <cstddef>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "metrics/registry.hpp"

namespace cachepilot::metrics {

// Which figures the extender uses (see prom::FigureState).
enum class CacheFiguresState { kFresh = 0, kStale, kExpired, kNeverLoaded };
inline constexpr std::size_t kCacheFiguresStateCount = 4;
[[nodiscard]] std::string_view to_string(CacheFiguresState state) noexcept;

// How a query ended (see prom::QueryFailure).
enum class CacheFiguresQueryResult { kOk = 0, kUnreachable, kHttpStatus, kMalformed, kQueryError };
inline constexpr std::size_t kCacheFiguresQueryResultCount = 5;
[[nodiscard]] std::string_view to_string(CacheFiguresQueryResult result) noexcept;

// Why a result series was not used.
enum class CacheFiguresSkipReason { kMissingLabel = 0, kBadValue, kDuplicate };
inline constexpr std::size_t kCacheFiguresSkipReasonCount = 3;
[[nodiscard]] std::string_view to_string(CacheFiguresSkipReason reason) noexcept;

class CacheFiguresMetrics {
 public:
  explicit CacheFiguresMetrics(Registry& registry);

  // Sets the gauge of `state` to 1 and the others to 0.
  void set_state(CacheFiguresState state);
  void count_query(CacheFiguresQueryResult result);
  void observe_query_duration(double seconds);
  void set_series(double figures_in_use);
  void count_skipped(CacheFiguresSkipReason reason, double series);
  void set_last_success(double unix_seconds);

 private:
  std::array<prometheus::Gauge*, kCacheFiguresStateCount> state_{};
  std::array<prometheus::Counter*, kCacheFiguresQueryResultCount> queries_{};
  std::array<prometheus::Counter*, kCacheFiguresSkipReasonCount> skipped_{};
  prometheus::Histogram& duration_;
  prometheus::Gauge& series_;
  prometheus::Gauge& last_success_;
};

}  // namespace cachepilot::metrics
