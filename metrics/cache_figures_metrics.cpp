#include "metrics/cache_figures_metrics.hpp"

#include <string>

#include <prometheus/family.h>

namespace cachepilot::metrics {

std::string_view to_string(CacheFiguresState state) noexcept {
  switch (state) {
    case CacheFiguresState::kFresh:
      return "fresh";
    case CacheFiguresState::kStale:
      return "stale";
    case CacheFiguresState::kExpired:
      return "expired";
    case CacheFiguresState::kNeverLoaded:
      return "never_loaded";
  }
  return "never_loaded";
}

std::string_view to_string(CacheFiguresQueryResult result) noexcept {
  switch (result) {
    case CacheFiguresQueryResult::kOk:
      return "ok";
    case CacheFiguresQueryResult::kUnreachable:
      return "unreachable";
    case CacheFiguresQueryResult::kHttpStatus:
      return "http_status";
    case CacheFiguresQueryResult::kMalformed:
      return "malformed";
    case CacheFiguresQueryResult::kQueryError:
      return "query_error";
  }
  return "malformed";
}

std::string_view to_string(CacheFiguresSkipReason reason) noexcept {
  switch (reason) {
    case CacheFiguresSkipReason::kMissingLabel:
      return "missing_label";
    case CacheFiguresSkipReason::kBadValue:
      return "bad_value";
    case CacheFiguresSkipReason::kDuplicate:
      return "duplicate";
  }
  return "bad_value";
}

CacheFiguresMetrics::CacheFiguresMetrics(Registry& registry)
    : duration_(prometheus::BuildHistogram()
                    .Name("cachepilot_cache_figures_query_duration_seconds")
                    .Help("Time one cache figures query took, transport and parsing included")
                    .Register(registry.get())
                    .Add({}, prometheus::Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                                                                     5.0, 10.0})),
      series_(prometheus::BuildGauge()
                  .Name("cachepilot_cache_figures_series")
                  .Help("Per-node cache figures in use (0 when never loaded or expired)")
                  .Register(registry.get())
                  .Add({})),
      last_success_(prometheus::BuildGauge()
                        .Name("cachepilot_cache_figures_last_success_timestamp_seconds")
                        .Help("Unix time of the last successful cache figures query (0: none yet)")
                        .Register(registry.get())
                        .Add({})) {
  auto& state = prometheus::BuildGauge()
                    .Name("cachepilot_cache_figures_state")
                    .Help("1 for the current state of the per-node cache figures, 0 for the others")
                    .Register(registry.get());
  for (std::size_t s = 0; s < kCacheFiguresStateCount; ++s) {
    state_[s] = &state.Add({{"state", std::string(to_string(static_cast<CacheFiguresState>(s)))}});
  }
  auto& queries = prometheus::BuildCounter()
                      .Name("cachepilot_cache_figures_queries_total")
                      .Help("Cache figures queries to Prometheus, by result")
                      .Register(registry.get());
  for (std::size_t r = 0; r < kCacheFiguresQueryResultCount; ++r) {
    queries_[r] = &queries.Add({{"result", std::string(to_string(static_cast<CacheFiguresQueryResult>(r)))}});
  }
  auto& skipped = prometheus::BuildCounter()
                      .Name("cachepilot_cache_figures_skipped_series_total")
                      .Help("Result series of the cache figures query that were not used, by reason")
                      .Register(registry.get());
  for (std::size_t r = 0; r < kCacheFiguresSkipReasonCount; ++r) {
    skipped_[r] = &skipped.Add({{"reason", std::string(to_string(static_cast<CacheFiguresSkipReason>(r)))}});
  }
  set_state(CacheFiguresState::kNeverLoaded);
}

void CacheFiguresMetrics::set_state(CacheFiguresState state) {
  for (std::size_t s = 0; s < kCacheFiguresStateCount; ++s) {
    state_[s]->Set(s == static_cast<std::size_t>(state) ? 1 : 0);
  }
}
void CacheFiguresMetrics::count_query(CacheFiguresQueryResult result) {
  queries_[static_cast<std::size_t>(result)]->Increment();
}
void CacheFiguresMetrics::observe_query_duration(double seconds) { duration_.Observe(seconds); }
void CacheFiguresMetrics::set_series(double figures_in_use) { series_.Set(figures_in_use); }
void CacheFiguresMetrics::count_skipped(CacheFiguresSkipReason reason, double series) {
  skipped_[static_cast<std::size_t>(reason)]->Increment(series);
}
void CacheFiguresMetrics::set_last_success(double unix_seconds) { last_success_.Set(unix_seconds); }

}  // namespace cachepilot::metrics
