// Decision cost: one planning cycle for 1,000 datasets, each with 24 h of 15 s demand history (5,760 samples).
//
//   BM_PlanningCycle       steady state, as the live loop runs: each dataset's forecaster already holds its history
//                          and searches for seasons at its own phase; a cycle observes one new sample, forecasts and
//                          plans, for all 1,000 datasets.
//   BM_HourOfPlanningCycles/phased:{0,1}
//                          the slowest cycle: an hour of steady-state cycles (240), each timed, as max_ms, p99_ms and
//                          mean_ms. The fleet's histories began together, so without a phase every dataset's hourly
//                          season search falls in one cycle; with one (season_phase_for, as the live loop sets it)
//                          they spread over the hour.
//   BM_ColdPlanningCycle   worst case: build each forecaster from its 24 h history (period detection included), then
//                          forecast and plan — what a restart costs.
//   BM_PlanningCycleWithServingPods
//                          BM_PlanningCycle where every dataset's pods serve: about 15 running and one waiting at
//                          each cycle, none ever seen to stop, so each cycle also fits the read demand shows (ReadFit).
// Target (issue 4): ≤ 100 ms per cycle for 1,000 datasets.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "autoscaler/autoscaler.hpp"

namespace {

using cachepilot::autoscaler::Autoscaler;
using cachepilot::autoscaler::AutoscalerConfig;
using cachepilot::autoscaler::Sample;

constexpr int kDatasets = 1000;
constexpr double kStep = 15;
constexpr int kSamples = 24 * 3600 / 15;

// phased: each dataset's season searches get the phase the live loop gives its CacheAutoscaler.
AutoscalerConfig config(int dataset = 0, bool phased = false) {
  AutoscalerConfig c;
  if (phased) {
    c.forecaster.season_phase_s = cachepilot::autoscaler::season_phase_for("bench/dataset-" + std::to_string(dataset),
                                                                           c.forecaster.season_refresh_s);
  }
  c.lead_time_s = 60;
  c.decision_interval_s = kStep;
  c.planner.worker_throughput = 1 << 30;
  c.planner.min_workers = 1;
  c.planner.max_workers = 100;
  return c;
}

// A daily cycle with a per-dataset phase, bursts and deterministic noise.
double demand(int dataset, int i) {
  const double t = i * kStep;
  const double day = std::sin(2 * std::numbers::pi * (t / 86400.0 + dataset / 97.0));
  const double burst = (i + dataset) % 240 < 8 ? 3.0 : 1.0;
  const double noise =
      static_cast<double>((static_cast<unsigned>(i) * 2654435761U + static_cast<unsigned>(dataset) * 40503U) % 1000) /
      5000.0;
  return (2.0 + 1.5 * day) * burst * (1 + noise) * (1 << 30);
}

std::vector<std::unique_ptr<Autoscaler>> warm_fleet(bool phased = false) {
  std::vector<std::unique_ptr<Autoscaler>> fleet;
  fleet.reserve(kDatasets);
  for (int d = 0; d < kDatasets; ++d) {
    auto a = std::make_unique<Autoscaler>(config(d, phased));
    for (int i = 0; i < kSamples; ++i) {
      a->observe(Sample{i * kStep, demand(d, i), -1, -1});
      if (i % 4 == 0) {
        (void)a->decide(4);  // past cycles, so that the models have measured errors
      }
    }
    fleet.push_back(std::move(a));
  }
  return fleet;
}

// One planning cycle: every dataset observes its i-th sample, forecasts and plans.
void planning_cycle(std::vector<std::unique_ptr<Autoscaler>>& fleet, int i) {
  int total = 0;
  for (int d = 0; d < kDatasets; ++d) {
    fleet[static_cast<std::size_t>(d)]->observe(Sample{i * kStep, demand(d, i), -1, -1});
    total += fleet[static_cast<std::size_t>(d)]->decide(4).plan.desired;
  }
  benchmark::DoNotOptimize(total);
}

void BM_PlanningCycle(benchmark::State& state) {
  auto fleet = warm_fleet(true);  // phased, as the live loop runs
  int i = kSamples;
  for (auto _ : state) {
    planning_cycle(fleet, i++);
  }
  state.counters["datasets"] = kDatasets;
}
BENCHMARK(BM_PlanningCycle)->Unit(benchmark::kMillisecond);

void BM_HourOfPlanningCycles(benchmark::State& state) {
  const bool phased = state.range(0) != 0;
  auto fleet = warm_fleet(phased);
  constexpr int kCycles = 3600 / static_cast<int>(kStep);
  std::vector<double> cycle_ms;
  int i = kSamples;
  for (auto _ : state) {
    cycle_ms.clear();
    for (int c = 0; c < kCycles; ++c, ++i) {
      const auto start = std::chrono::steady_clock::now();
      planning_cycle(fleet, i);
      cycle_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(cycle_ms.begin(), cycle_ms.end());
  double sum = 0;
  for (const double ms : cycle_ms) {
    sum += ms;
  }
  state.counters["max_ms"] = cycle_ms.back();
  state.counters["p99_ms"] = cycle_ms[cycle_ms.size() * 99 / 100];
  state.counters["mean_ms"] = sum / static_cast<double>(cycle_ms.size());
  state.counters["datasets"] = kDatasets;
}
BENCHMARK(BM_HourOfPlanningCycles)->ArgName("phased")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_ColdPlanningCycle(benchmark::State& state) {
  std::vector<std::vector<Sample>> history(kDatasets);
  for (int d = 0; d < kDatasets; ++d) {
    for (int i = 0; i < kSamples; ++i) {
      history[static_cast<std::size_t>(d)].push_back(Sample{i * kStep, demand(d, i), -1, -1});
    }
  }
  for (auto _ : state) {
    int total = 0;
    for (int d = 0; d < kDatasets; ++d) {
      Autoscaler a(config());
      for (const auto& s : history[static_cast<std::size_t>(d)]) {
        a.observe(s);
      }
      total += a.decide(4).plan.desired;
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["datasets"] = kDatasets;
}
BENCHMARK(BM_ColdPlanningCycle)->Unit(benchmark::kMillisecond)->Iterations(3);

// A dataset's pods that serve: one begins to read every 14 to 24 s, reads 30 s at 4 GB/s (a model loaded), serves 270 s
// more; each was created 90 s before it reads.
struct ServingPods {
  static double start(int dataset, int k) { return 20.0 * k + static_cast<double>((k * 7 + dataset) % 11) - 5; }
  // The pods at t, and their reads' mean over the cycle before t (bytes/s), as a rate over the loop's interval shows.
  static cachepilot::autoscaler::PodAges at(int dataset, double t, double* read_bytes_per_s) {
    cachepilot::autoscaler::PodAges ages;
    *read_bytes_per_s = 0;
    for (int k = std::max(0, static_cast<int>((t - 300) / 20) - 1); start(dataset, k) <= t + 90; ++k) {
      const double s = start(dataset, k);
      if (s > t) {
        ages.waiting_s.push_back(t - (s - 90));
      } else if (t - s < 300) {
        ages.reading_s.push_back(t - s);
      }
      *read_bytes_per_s += 4e9 * std::max(0.0, std::min(t, s + 30) - std::max(t - kStep, s)) / kStep;
    }
    return ages;
  }
};

void serving_cycle(std::vector<std::unique_ptr<Autoscaler>>& fleet, int i) {
  int total = 0;
  for (int d = 0; d < kDatasets; ++d) {
    auto& a = *fleet[static_cast<std::size_t>(d)];
    double pods_read = 0;
    auto pods = ServingPods::at(d, i * kStep, &pods_read);
    const auto running = static_cast<double>(pods.reading_s.size());
    const auto waiting = static_cast<double>(pods.waiting_s.size());
    a.set_pods(std::move(pods));
    a.observe(Sample{i * kStep, demand(d, i) + pods_read, waiting, running});
    total += a.decide(4).plan.desired;
  }
  benchmark::DoNotOptimize(total);
}

void BM_PlanningCycleWithServingPods(benchmark::State& state) {
  auto fleet = warm_fleet(true);
  for (auto& a : fleet) {
    a->observe_pod_notice(90);
  }
  int i = kSamples;
  for (int c = 0; c < 240; ++c) {  // an hour of cycles with pods, so that every fit has its rows
    serving_cycle(fleet, i++);
  }
  std::size_t fitted = 0;
  std::size_t fitted_right = 0;  // the pods' 30 s read
  for (const auto& a : fleet) {
    const auto shown = a->read_from_demand();
    fitted += shown.has_value() ? 1U : 0U;
    fitted_right += shown && shown->read_s == 30 ? 1U : 0U;
  }
  for (auto _ : state) {
    serving_cycle(fleet, i++);
  }
  state.counters["datasets"] = kDatasets;
  state.counters["reads_fitted"] = static_cast<double>(fitted);
  state.counters["reads_of_30s"] = static_cast<double>(fitted_right);
}
BENCHMARK(BM_PlanningCycleWithServingPods)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
