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

void ReadFit::observe(double t, double demand, const std::vector<double>& running_ages) {
  if (!std::isfinite(t) || !std::isfinite(demand) || demand < 0 ||
      (!rows_.empty() && !(t >= rows_.back().t + params_.spacing_s))) {
    return;
  }
  Row row;
  row.t = t;
  row.demand = demand;
  for (const double age : running_ages) {
    if (!std::isfinite(age)) {
      continue;
    }
    for (std::size_t c = 0; c < kCandidates.size(); ++c) {
      // A pod that began to read `age` seconds ago still reads if age < R (R = 0: as long as it runs).
      if (kCandidates[c] <= 0 || std::max(age, 0.0) < kCandidates[c]) {
        row.count[c] += 1;
      }
    }
  }
  rows_.push_back(row);
  while (!rows_.empty() && rows_.front().t < t - params_.window_s) {
    rows_.pop_front();
  }
  cached_.reset();
}

std::optional<ReadFromDemand> ReadFit::fit() const {
  if (cached_) {
    return *cached_;
  }
  std::optional<ReadFromDemand> best;
  if (rows_.size() >= params_.min_rows) {
    // Least squares of demand on each candidate's count, with an intercept (demand the pods do not explain), in two
    // passes over the rows: the means, then the (co)variances about them.
    constexpr std::size_t kN = kCandidates.size();
    const auto n = static_cast<double>(rows_.size());
    double mean_demand = 0;
    std::array<double, kN> mean_count{};
    for (const auto& r : rows_) {
      mean_demand += r.demand / n;
      for (std::size_t c = 0; c < kN; ++c) {
        mean_count[c] += r.count[c] / n;
      }
    }
    double syy = 0;
    std::array<double, kN> sxx{};
    std::array<double, kN> sxy{};
    for (const auto& r : rows_) {
      const double dy = r.demand - mean_demand;
      syy += dy * dy;
      for (std::size_t c = 0; c < kN; ++c) {
        const double dx = r.count[c] - mean_count[c];
        sxx[c] += dx * dx;
        sxy[c] += dx * dy;
      }
    }
    for (std::size_t c = 0; c < kN; ++c) {
      if (!(sxx[c] > 0) || !(syy > 0) || !(sxy[c] > 0)) {
        continue;
      }
      const double r2 = sxy[c] * sxy[c] / (sxx[c] * syy);
      if (r2 >= params_.min_r2 && (!best || r2 > best->r2)) {
        best = ReadFromDemand{kCandidates[c], sxy[c] / sxx[c], r2};
      }
    }
  }
  cached_ = best;
  return best;
}

}  // namespace cachepilot::autoscaler
