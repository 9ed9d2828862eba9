#include "sim/simulator.hpp"

#include <algorithm>
#include <cmath>

#include "autoscaler/planner.hpp"

namespace cachepilot::sim {

int SimParams::effective_min() const {
  return std::max(min_workers, autoscaler::capacity_floor(dataset_bytes, worker_cache_bytes));
}

WorkerPool::WorkerPool(int initial, int lead_time_s) : lead_(lead_time_s) {
  // Initial workers were asked for long ago: ready at t = 0.
  created_.assign(static_cast<std::size_t>(std::max(initial, 0)), -lead_time_s);
}

void WorkerPool::resize(int n, int t) {
  n = std::max(n, 0);
  const auto target = static_cast<std::size_t>(n);
  if (target < created_.size()) {
    created_.resize(target);  // newest first
  } else {
    created_.resize(target, t);
  }
}

int WorkerPool::ready(int t) const {
  // created ≤ t − lead ⇔ ready; creation times ascend.
  const auto it = std::upper_bound(created_.begin(), created_.end(), t - lead_);
  return static_cast<int>(it - created_.begin());
}

PolicyResult simulate(const Trace& trace, Policy& policy, const SimParams& params, int series_step_s,
                      const std::function<void(double)>& progress) {
  PolicyResult r;
  r.policy = policy.name();
  const int lo = params.effective_min();
  const int hi = std::max(params.max_workers, lo);
  const int initial = std::clamp(policy.initial_workers().value_or(params.initial_workers), lo, hi);
  WorkerPool pool(initial, params.lead_time_s);
  const int n = static_cast<int>(trace.demand.size());
  const int step = std::max(series_step_s, 1);
  r.series.step_s = step;

  struct Point {
    int at;  // the second the forecast is about
    double value;
  };
  std::vector<Point> forecasts;

  double acc_demand = 0;
  double acc_ready = 0;
  double acc_desired = 0;
  int acc_n = 0;
  const int progress_every = std::max(n / 100, 1);
  for (int t = 0; t < n; ++t) {
    StepContext ctx;
    ctx.t = t;
    ctx.trace = &trace;
    ctx.workers = pool.size();
    ctx.ready = pool.ready(t);
    const Action a = policy.decide(ctx);
    const int desired = std::clamp(a.desired, lo, hi);
    if (desired != pool.size()) {
      ++r.scale_actions;
      pool.resize(desired, t);
    }
    if (a.forecast_at_lead) {
      forecasts.push_back({t + params.lead_time_s, *a.forecast_at_lead});
    }
    const int ready = pool.ready(t);
    const double d = trace.demand[static_cast<std::size_t>(t)];
    const double served = std::min(d, static_cast<double>(ready) * params.worker_throughput);
    const double unmet = d - served;
    r.total_bytes += d;
    r.unmet_bytes += unmet;
    if (d > 0 && unmet > params.slo_unmet_fraction * d) {
      r.slo_violation_seconds += 1;
    }
    r.worker_seconds += pool.size();
    r.peak_workers = std::max(r.peak_workers, pool.size());

    acc_demand += d;
    acc_ready += ready;
    acc_desired += pool.size();
    ++acc_n;
    if (acc_n == step || t == n - 1) {
      r.series.t.push_back(static_cast<double>(t + 1 - acc_n));
      r.series.demand.push_back(acc_demand / acc_n);
      r.series.ready_workers.push_back(acc_ready / acc_n);
      r.series.desired_workers.push_back(acc_desired / acc_n);
      acc_demand = acc_ready = acc_desired = 0;
      acc_n = 0;
    }
    if (progress && t % progress_every == 0) {
      progress(static_cast<double>(t) / n);
    }
  }
  r.unmet_fraction = r.total_bytes > 0 ? r.unmet_bytes / r.total_bytes : 0.0;

  // Forecast error at the lead horizon: the point forecast for t + lead against the realized mean demand over
  // the decision interval starting there; windows with no demand are skipped (a percentage of zero is undefined).
  if (!forecasts.empty()) {
    double sum = 0;
    int count = 0;
    const int width = std::max(params.decision_interval_s, 1);
    for (const auto& f : forecasts) {
      if (f.at + width > n) {
        continue;
      }
      double actual = 0;
      for (int s = f.at; s < f.at + width; ++s) {
        actual += trace.demand[static_cast<std::size_t>(s)];
      }
      actual /= width;
      if (actual > 0) {
        sum += std::abs(f.value - actual) / actual;
        ++count;
      }
    }
    if (count > 0) {
      r.forecast_mape_at_lead = sum / count;
    }
  }
  if (progress) {
    progress(1.0);
  }
  return r;
}

}  // namespace cachepilot::sim
