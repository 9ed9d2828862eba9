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

double pods_reading(const std::vector<double>& running_ages, double read_s, double span_s) {
  const double read = read_s > 0 && std::isfinite(read_s) ? read_s : std::numeric_limits<double>::infinity();
  const double span = std::isfinite(span_s) ? std::max(span_s, 0.0) : 0.0;
  double reading = 0;
  for (const double raw_age : running_ages) {
    if (!std::isfinite(raw_age)) {
      continue;
    }
    // Over (t − span, t] the pod's age ran over (age − span, age]: it counts for the share of that in [0, read).
    const double age = std::max(raw_age, 0.0);
    if (span > 0) {
      reading += std::max(0.0, std::min(age, read) - std::max(age - span, 0.0)) / span;
    } else if (age < read) {
      reading += 1;
    }
  }
  return reading;
}

void PodsDueRealized::counted(double until, double bytes_per_s) {
  if (!std::isfinite(until) || !std::isfinite(bytes_per_s) || !(bytes_per_s > 0)) {
    return;
  }
  if (waiting_.size() >= kMaxWaiting) {
    waiting_.pop_front();
  }
  waiting_.push_back({until, bytes_per_s});
}

void PodsDueRealized::observe(double now, double demand) {
  if (!std::isfinite(now) || !std::isfinite(demand)) {
    return;
  }
  while (!waiting_.empty() && waiting_.front().until <= now) {
    read_ = (1 - kWeight) * read_ + kWeight * std::max(demand, 0.0);
    counted_ = (1 - kWeight) * counted_ + kWeight * waiting_.front().bytes_per_s;
    waiting_.pop_front();
  }
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

void ReadFit::observe(double t, double demand, const std::vector<double>& running_ages, double averaged_over_s) {
  if (!std::isfinite(t) || !std::isfinite(demand) || demand < 0 ||
      (!rows_.empty() && !(t >= rows_.back().t + params_.spacing_s))) {
    return;
  }
  Row row;
  row.t = t;
  row.demand = demand;
  double oldest = 0;
  for (const double age : running_ages) {
    if (std::isfinite(age)) {
      oldest = std::max(oldest, age);
    }
  }
  // Counted only at the delays fit() may try: the others' counts stay 0 and are never read.
  for (std::size_t d = 0; d < kDelays.size() && kDelays[d] <= params_.max_delay_s; ++d) {
    ages_then_.clear();
    for (const double age : running_ages) {
      if (std::isfinite(age) && age - kDelays[d] >= 0) {
        ages_then_.push_back(age - kDelays[d]);
      }
    }
    for (std::size_t c = 0; c < kCandidates.size(); ++c) {
      row.count[d * kCandidates.size() + c] =
          static_cast<float>(pods_reading(ages_then_, kCandidates[c], averaged_over_s));
    }
  }
  rows_.push_back(row);
  while (!oldest_.empty() && oldest_.back().age <= oldest) {
    oldest_.pop_back();
  }
  oldest_.push_back(Oldest{t, oldest});
  while (rows_.front().t < t - params_.window_s) {
    sums_.add(rows_.front(), -1);
    if (oldest_.front().t <= rows_.front().t) {
      oldest_.pop_front();
    }
    rows_.pop_front();
  }
  // Rebuilt on the first row (its shift) and once more rows have come since than are kept: every row in the sums then
  // is one added since the rebuild, none removed.
  if (rows_.size() == 1 || ++added_since_rebuild_ > rows_.size()) {
    rebuild_sums();
  } else {
    sums_.add(rows_.back(), +1);
  }
  refit();
}

void ReadFit::Sums::add(const Row& row, double sign) {
  const double dy = row.demand - shift_demand;
  demand += sign * dy;
  demand2 += sign * dy * dy;
  for (std::size_t k = 0; k < kCounts; ++k) {
    const double dx = static_cast<double>(row.count[k]) - shift_count[k];
    count[k] += sign * dx;
    count2[k] += sign * dx * dx;
    cross[k] += sign * dx * dy;
  }
}

void ReadFit::rebuild_sums() {
  sums_ = Sums{};
  if (!rows_.empty()) {
    sums_.shift_demand = rows_.front().demand;
    for (std::size_t k = 0; k < kCounts; ++k) {
      sums_.shift_count[k] = static_cast<double>(rows_.front().count[k]);
    }
  }
  for (const auto& r : rows_) {
    sums_.add(r, +1);
  }
  added_since_rebuild_ = 0;
}

void ReadFit::refit() {
  if (rows_.size() < std::max<std::size_t>(params_.min_rows, 3) ||
      rows_.back().t - rows_.front().t < params_.min_span_s) {
    in_use_.reset();
    return;
  }
  // Least squares of demand on each candidate's count, with an intercept (demand the pods do not explain), from the
  // sums kept: (co)variances about the means are the shifted sums less n × the shifted means' products.
  const auto n = static_cast<double>(rows_.size());
  const double oldest = oldest_.front().age;
  const double syy = sums_.demand2 - sums_.demand * sums_.demand / n;
  // No delay first, each candidate in order: a later one (a longer read, a delay) wins only by doing strictly better.
  std::optional<ReadFromDemand> best;
  for (std::size_t d = 0; d < kDelays.size() && kDelays[d] <= params_.max_delay_s; ++d) {
    for (std::size_t c = 0; c < kCandidates.size(); ++c) {
      const double read = kCandidates[c];
      if (d > 0 && (read <= 0 || read + kDelays[d] > oldest + params_.spacing_s)) {
        continue;  // pods deleted within the delay would be missing from this count
      }
      const std::size_t k = d * kCandidates.size() + c;
      const double sxx = sums_.count2[k] - sums_.count[k] * sums_.count[k] / n;
      const double sxy = sums_.cross[k] - sums_.count[k] * sums_.demand / n;
      // Below a part in 10^9 of the sums they come from, a (co)variance is rounding: a count that never moved.
      if (!(sxx > 1e-9 * sums_.count2[k]) || !(syy > 1e-9 * sums_.demand2) || !(sxy > 0)) {
        continue;
      }
      const double r2 = std::min(1.0, sxy * sxy / (sxx * syy));
      if (!best || r2 > best->r2) {
        best = ReadFromDemand{read, sxy / sxx, r2, kDelays[d]};
      }
    }
  }
  // r = t / sqrt(t² + n − 2): the r² whose t statistic is min_t over these rows.
  const double t2 = params_.min_t * params_.min_t;
  const double significant = t2 / (t2 + n - 2);
  const bool adopted = best && best->r2 >= std::max(params_.min_r2, significant);
  const bool kept = params_.keep_while_best && best && in_use_ && best->read_s == in_use_->read_s &&
                    best->delay_s == in_use_->delay_s && best->r2 >= significant;
  if (adopted || kept) {
    in_use_ = best;
  } else {
    in_use_.reset();
  }
}

}  // namespace cachepilot::autoscaler
