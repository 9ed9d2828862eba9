#include "autoscaler/pods.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cachepilot::autoscaler {

std::size_t most_pods_reading(const PodAges& pods, double notice_s, double read_s, double from_s, double to_s) {
  if (!(to_s >= from_s) || !std::isfinite(from_s) || !std::isfinite(to_s)) {
    return 0;
  }
  const bool reads_end = read_s > 0 && std::isfinite(read_s);
  // Each pod's reads as [begin, end) seconds from now; those reading at some moment of the window enter a sweep over
  // their edges, begins clipped to the window's start so that the most counted is the most within it.
  std::vector<std::pair<double, int>> edges;
  edges.reserve(2 * (pods.waiting_s.size() + pods.reading_s.size()));
  const auto add = [&](double begin) {
    const double end = reads_end ? begin + read_s : std::numeric_limits<double>::infinity();
    if (begin <= to_s && end > from_s) {
      edges.emplace_back(std::max(begin, from_s), +1);
      edges.emplace_back(end, -1);
    }
  };
  for (const double age : pods.waiting_s) {
    if (std::isfinite(age)) {
      add(std::max(notice_s - std::max(age, 0.0), 0.0));
    }
  }
  for (const double age : pods.reading_s) {
    if (std::isfinite(age)) {
      add(-std::max(age, 0.0));
    }
  }
  // Ends before begins at the same moment: a pod done at t and another starting at t are not reading together.
  std::sort(edges.begin(), edges.end());
  std::size_t now_reading = 0;
  std::size_t most = 0;
  for (const auto& [at, step] : edges) {
    if (step > 0) {
      most = std::max(most, ++now_reading);
    } else {
      --now_reading;
    }
  }
  return most;
}

void PodTimings::observe_notice(double notice_s) {
  if (std::isfinite(notice_s) && notice_s >= 0) {
    keep(notices_, notice_s);
  }
}

void PodTimings::observe_read(double read_s) {
  if (std::isfinite(read_s) && read_s >= 0) {
    keep(reads_, read_s);
  }
}

void PodTimings::keep(std::deque<double>& values, double value) const {
  values.push_back(value);
  while (values.size() > kept_) {
    values.pop_front();
  }
}

std::optional<double> PodTimings::median(const std::deque<double>& values) {
  if (values.empty()) {
    return std::nullopt;
  }
  std::vector<double> sorted(values.begin(), values.end());
  const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), mid, sorted.end());
  if (sorted.size() % 2 == 1) {
    return *mid;
  }
  const double upper = *mid;
  const double lower = *std::max_element(sorted.begin(), mid);
  return (lower + upper) / 2;
}

}  // namespace cachepilot::autoscaler
