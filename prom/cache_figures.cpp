#include "prom/cache_figures.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>
#include <tuple>
#include <utility>

#include "common/log.hpp"
#include "metrics/cache_figures_metrics.hpp"

namespace cachepilot::prom {
namespace {

// Shortest round-trip form: 1234, -1, 1.5, 1e+30.
std::string format_number(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace

std::string_view to_string(SkipReason reason) noexcept {
  switch (reason) {
    case SkipReason::kMissingLabel:
      return "missing_label";
    case SkipReason::kBadValue:
      return "bad_value";
    case SkipReason::kDuplicate:
      return "duplicate";
  }
  return "bad_value";
}

std::string_view to_string(FigureState state) noexcept {
  switch (state) {
    case FigureState::kNeverLoaded:
      return "never_loaded";
    case FigureState::kFresh:
      return "fresh";
    case FigureState::kStale:
      return "stale";
    case FigureState::kExpired:
      return "expired";
  }
  return "never_loaded";
}

Result<std::uint64_t> to_byte_count(double value) {
  // 2^64 is exactly representable; every double below it is a valid uint64 after rounding (doubles that
  // close to 2^64 are integers already, so rounding cannot carry over).
  constexpr double kTwoTo64 = 18446744073709551616.0;
  if (std::isnan(value)) {
    return make_error(ErrorCode::kParse, "value NaN is not a byte count");
  }
  if (std::isinf(value)) {
    return make_error(ErrorCode::kParse,
                      value > 0 ? "value +Inf is not a byte count" : "value -Inf is not a byte count");
  }
  if (value < 0) {
    return make_error(ErrorCode::kParse, "value " + format_number(value) + " is negative");
  }
  if (value >= kTwoTo64) {
    return make_error(ErrorCode::kParse, "value " + format_number(value) + " is 2^64 bytes or more");
  }
  return static_cast<std::uint64_t>(std::round(value));
}

namespace {

const std::string* label(const Labels& labels, const std::string& name) {
  const auto it = labels.find(name);
  return it == labels.end() || it->second.empty() ? nullptr : &it->second;
}

auto key(const cluster::NodeCacheFigure& f) { return std::tie(f.dataset_namespace, f.dataset_name, f.node); }

metrics::CacheFiguresState to_metric(FigureState state) {
  switch (state) {
    case FigureState::kFresh:
      return metrics::CacheFiguresState::kFresh;
    case FigureState::kStale:
      return metrics::CacheFiguresState::kStale;
    case FigureState::kExpired:
      return metrics::CacheFiguresState::kExpired;
    case FigureState::kNeverLoaded:
      return metrics::CacheFiguresState::kNeverLoaded;
  }
  return metrics::CacheFiguresState::kNeverLoaded;
}

metrics::CacheFiguresQueryResult to_metric(QueryFailure failure) {
  switch (failure) {
    case QueryFailure::kUnreachable:
      return metrics::CacheFiguresQueryResult::kUnreachable;
    case QueryFailure::kHttpStatus:
      return metrics::CacheFiguresQueryResult::kHttpStatus;
    case QueryFailure::kMalformed:
      return metrics::CacheFiguresQueryResult::kMalformed;
    case QueryFailure::kQueryError:
      return metrics::CacheFiguresQueryResult::kQueryError;
  }
  return metrics::CacheFiguresQueryResult::kMalformed;
}

metrics::CacheFiguresSkipReason to_metric(SkipReason reason) {
  switch (reason) {
    case SkipReason::kMissingLabel:
      return metrics::CacheFiguresSkipReason::kMissingLabel;
    case SkipReason::kBadValue:
      return metrics::CacheFiguresSkipReason::kBadValue;
    case SkipReason::kDuplicate:
      return metrics::CacheFiguresSkipReason::kDuplicate;
  }
  return metrics::CacheFiguresSkipReason::kBadValue;
}

std::string describe(const Labels& labels) {
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) {
      out += ",";
    }
    out.append(name).append("=\"").append(value).append("\"");
    if (out.size() > 200) {
      out += ",...";
      break;
    }
  }
  return out + "}";
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

bool same_figures(const std::vector<cluster::NodeCacheFigure>& a, const std::vector<cluster::NodeCacheFigure>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const auto& x, const auto& y) { return key(x) == key(y) && x.bytes == y.bytes; });
}

ExtractedFigures extract_figures(const InstantVector& vector, const CacheFigureQuery& query) {
  ExtractedFigures out;
  out.figures.reserve(vector.samples.size());
  // Input position of each figure, so duplicates resolve to the first series of the answer.
  std::vector<std::pair<cluster::NodeCacheFigure, std::size_t>> found;
  found.reserve(vector.samples.size());
  for (std::size_t i = 0; i < vector.samples.size(); ++i) {
    const Sample& sample = vector.samples[i];
    const std::string* ns = label(sample.metric, query.namespace_label);
    const std::string* dataset = label(sample.metric, query.dataset_label);
    const std::string* node = label(sample.metric, query.node_label);
    if (ns == nullptr || dataset == nullptr || node == nullptr) {
      const std::string& missing = ns == nullptr        ? query.namespace_label
                                   : dataset == nullptr ? query.dataset_label
                                                        : query.node_label;
      out.skipped.push_back({sample.metric, SkipReason::kMissingLabel, "no label \"" + missing + "\""});
      continue;
    }
    auto bytes = to_byte_count(sample.value);
    if (!bytes.ok()) {
      out.skipped.push_back({sample.metric, SkipReason::kBadValue, bytes.error().message});
      continue;
    }
    found.emplace_back(cluster::NodeCacheFigure{*ns, *dataset, *node, *bytes}, i);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (key(a.first) != key(b.first)) {
      return key(a.first) < key(b.first);
    }
    return a.second < b.second;
  });
  for (auto& [figure, index] : found) {
    if (!out.figures.empty() && key(out.figures.back()) == key(figure)) {
      out.skipped.push_back({vector.samples[index].metric, SkipReason::kDuplicate,
                             "repeats " + figure.dataset_namespace + "/" + figure.dataset_name + " on node " +
                                 figure.node + " (aggregate the query with sum by)"});
      continue;
    }
    out.figures.push_back(std::move(figure));
  }
  return out;
}

void CacheFigureTracker::on_success(std::vector<cluster::NodeCacheFigure> figures, Clock::time_point now) {
  loaded_ = true;
  last_failure_.reset();
  last_success_ = now;
  last_good_ = std::move(figures);
}

void CacheFigureTracker::on_failure(QueryFailure reason, Clock::time_point now) {
  last_failure_ = reason;
  if (loaded_ && expired(now)) {
    std::vector<cluster::NodeCacheFigure>().swap(last_good_);  // dropped for good: free the memory too
  }
}

FigureView CacheFigureTracker::current(Clock::time_point now) const {
  FigureView view;
  view.last_failure = last_failure_;
  if (!loaded_) {
    view.state = FigureState::kNeverLoaded;
    return view;
  }
  view.last_success = last_success_;
  if (expired(now)) {
    view.state = FigureState::kExpired;
    return view;
  }
  view.state = last_failure_ ? FigureState::kStale : FigureState::kFresh;
  view.figures = last_good_;
  return view;
}

std::optional<Clock::time_point> CacheFigureTracker::expires_at() const {
  if (!loaded_) {
    return std::nullopt;
  }
  return last_success_ + max_age_;
}

CacheFigurePoller::CacheFigurePoller(std::unique_ptr<PrometheusClient> client, CacheFigurePollerOptions options,
                                     OnChange on_change, const Clock& clock, metrics::CacheFiguresMetrics* metrics)
    : client_(std::move(client)),
      options_(std::move(options)),
      on_change_(std::move(on_change)),
      clock_(clock),
      metrics_(metrics),
      tracker_(options_.max_age) {
  if (options_.interval.count() <= 0) {
    options_.interval = std::chrono::milliseconds(1);
  }
  if (metrics_ != nullptr) {
    metrics_->set_state(metrics::CacheFiguresState::kNeverLoaded);
    metrics_->set_series(0);
  }
}

CacheFigurePoller::~CacheFigurePoller() { stop(); }

void CacheFigurePoller::start() {
  const std::lock_guard lock(mutex_);
  if (thread_.joinable()) {
    return;
  }
  stop_ = false;
  thread_ = std::thread([this] { run(); });
}

void CacheFigurePoller::stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
    thread_.join();
  }
}

FigureView CacheFigurePoller::view() const {
  const std::lock_guard lock(mutex_);
  return tracker_.current(clock_.now());
}

void CacheFigurePoller::poll_once() {
  const auto started = clock_.now();
  QueryFailure failure = QueryFailure::kMalformed;
  auto answer = client_->query(options_.query.promql, &failure);
  std::optional<QueryFailure> failed;
  ExtractedFigures extracted;
  std::string failure_message;
  if (!answer.ok()) {
    failed = failure;
    failure_message = answer.error().message;
  } else {
    extracted = extract_figures(*answer, options_.query);
    if (!answer->samples.empty() && extracted.figures.empty()) {
      failed = QueryFailure::kMalformed;
      failure_message = "none of the " + std::to_string(answer->samples.size()) +
                        " result series is usable (first: " + describe(extracted.skipped.front().metric) + ": " +
                        extracted.skipped.front().detail + ")";
    }
    for (const auto& warning : answer->warnings) {
      log::debug("cache figures: Prometheus warning: " + warning);
    }
  }
  const auto finished = clock_.now();

  if (metrics_ != nullptr) {
    metrics_->observe_query_duration(seconds(finished - started));
    metrics_->count_query(failed ? to_metric(*failed) : metrics::CacheFiguresQueryResult::kOk);
    std::array<double, 3> skipped{};
    for (const auto& s : extracted.skipped) {
      skipped.at(static_cast<std::size_t>(s.reason)) += 1;
    }
    for (std::size_t r = 0; r < skipped.size(); ++r) {
      if (skipped.at(r) > 0) {
        metrics_->count_skipped(to_metric(static_cast<SkipReason>(r)), skipped.at(r));
      }
    }
    if (!failed) {
      metrics_->set_last_success(clock_.unix_seconds());
    }
  }

  std::optional<std::vector<cluster::NodeCacheFigure>> change;
  {
    const std::lock_guard lock(mutex_);
    const auto before = tracker_.current(finished);
    if (failed) {
      tracker_.on_failure(*failed, finished);
      // Log transitions, not every failed poll: a Prometheus that is down for an hour logs once.
      if (before.state == FigureState::kFresh || before.last_failure != failed) {
        log::warn("cache figures: query failed (" + std::string(to_string(*failed)) + "): " + failure_message);
      }
    } else {
      // Log when the number of skipped series changes, not on every poll.
      if (extracted.skipped.size() != logged_skipped_ && !extracted.skipped.empty()) {
        const auto& first = extracted.skipped.front();
        log::warn("cache figures: skipped " + std::to_string(extracted.skipped.size()) + " of " +
                  std::to_string(extracted.skipped.size() + extracted.figures.size()) +
                  " series (first: " + describe(first.metric) + ": " + first.detail + ")");
      }
      if (before.state != FigureState::kFresh) {
        log::info("cache figures: loaded " + std::to_string(extracted.figures.size()) + " per-node figures");
      }
      logged_skipped_ = extracted.skipped.size();
      tracker_.on_success(std::move(extracted.figures), finished);
    }
    change = publish_locked(finished);
  }
  deliver(std::move(change));
}

void CacheFigurePoller::refresh() {
  std::optional<std::vector<cluster::NodeCacheFigure>> change;
  {
    const std::lock_guard lock(mutex_);
    change = publish_locked(clock_.now());
  }
  deliver(std::move(change));
}

std::optional<std::vector<cluster::NodeCacheFigure>> CacheFigurePoller::publish_locked(Clock::time_point now) {
  auto view = tracker_.current(now);
  if (metrics_ != nullptr) {
    metrics_->set_state(to_metric(view.state));
    metrics_->set_series(static_cast<double>(view.figures.size()));
  }
  if (same_figures(view.figures, delivered_)) {
    return std::nullopt;
  }
  if (view.state == FigureState::kExpired) {
    log::warn("cache figures: the last good figures are older than " + format_number(seconds(options_.max_age)) +
              " s; back to the even split");
  }
  delivered_ = view.figures;
  return std::move(view.figures);
}

void CacheFigurePoller::deliver(std::optional<std::vector<cluster::NodeCacheFigure>> change) {
  if (change && on_change_) {
    on_change_(std::move(*change));
  }
}

void CacheFigurePoller::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    poll_once();
    lock.lock();
    const auto next_poll = clock_.now() + options_.interval;
    while (!stop_) {
      const auto now = clock_.now();
      if (now >= next_poll) {
        break;
      }
      // Wake for the next poll, or just after the figures in use expire, whichever comes first.
      auto deadline = next_poll;
      if (const auto expiry = tracker_.expires_at(); expiry && *expiry >= now) {
        deadline = std::min(deadline, *expiry + std::chrono::milliseconds(1));
      }
      wake_.wait_for(lock, deadline - now);
      if (stop_) {
        break;
      }
      auto change = publish_locked(clock_.now());
      if (change) {
        lock.unlock();
        deliver(std::move(change));
        lock.lock();
      }
    }
  }
}

}  // namespace cachepilot::prom
