#pragma once
// Builders of synthetic demand series (bytes/s per second) with known shapes, for the simulator's tests.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <vector>

#include "sim/trace.hpp"

namespace cachepilot::testing {

// Deterministic noise in [-1, 1] (a linear congruential generator: tests must not depend on a random seed).
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : state_(seed) {}
  double next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / static_cast<double>(1ULL << 53) * 2.0 - 1.0;
  }

 private:
  std::uint64_t state_;
};

inline sim::Trace make_trace(std::vector<double> demand, const char* name) {
  sim::Trace t;
  t.name = name;
  t.demand = std::move(demand);
  return t;
}

// `low` for `before` seconds, then `high` until `total`.
inline std::vector<double> step(int total, int before, double low, double high) {
  std::vector<double> d(static_cast<std::size_t>(total), low);
  for (int t = before; t < total; ++t) {
    d[static_cast<std::size_t>(t)] = high;
  }
  return d;
}

// Linear from `from` to `to` over `total` seconds, with relative noise.
inline std::vector<double> ramp(int total, double from, double to, double noise, std::uint64_t seed = 1) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total));
  for (int t = 0; t < total; ++t) {
    const double v = from + (to - from) * t / total;
    d[static_cast<std::size_t>(t)] = std::max(0.0, v * (1 + noise * n.next()));
  }
  return d;
}

// mean + amplitude × sin(2πt/period), held constant for `hold` seconds (like a per-minute series), with noise.
inline std::vector<double> daily_sine(int total, double mean, double amplitude, double period, int hold, double noise,
                                      std::uint64_t seed = 2) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total));
  double v = 0;
  for (int t = 0; t < total; ++t) {
    if (t % hold == 0) {
      v = std::max(0.0, (mean + amplitude * std::sin(2 * std::numbers::pi * t / period)) * (1 + noise * n.next()));
    }
    d[static_cast<std::size_t>(t)] = v;
  }
  return d;
}

// `base` everywhere, `spike` for `width` seconds every `period` seconds (first at `first`).
inline std::vector<double> spike_train(int total, double base, double spike, int period, int width, int first) {
  std::vector<double> d(static_cast<std::size_t>(total), base);
  for (int t = first; t < total; t += period) {
    for (int i = t; i < t + width && i < total; ++i) {
      d[static_cast<std::size_t>(i)] = spike;
    }
  }
  return d;
}

// Levels held `step_s` seconds each, in turn and cycling, each second jittered by ±`noise` (a share of the level).
inline std::vector<double> staircase(int total, const std::vector<double>& levels, int step_s, double noise,
                                     std::uint64_t seed) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total));
  for (int t = 0; t < total; ++t) {
    const double level = levels[static_cast<std::size_t>(t / step_s) % levels.size()];
    d[static_cast<std::size_t>(t)] = std::max(0.0, level * (1 + noise * n.next()));
  }
  return d;
}

// From `low` up to `high` over each `period` seconds, then back to `low` at once; each second jittered by ±`noise`.
inline std::vector<double> sawtooth(int total, double low, double high, int period, double noise, std::uint64_t seed) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total));
  for (int t = 0; t < total; ++t) {
    const double level = low + (high - low) * (t % period) / period;
    d[static_cast<std::size_t>(t)] = std::max(0.0, level * (1 + noise * n.next()));
  }
  return d;
}

// Spikes of `spike` (±20% each second) on `base`, 40–120 s wide, starting every `period` ± 25% seconds (uniform):
// a train whose next spike can be foretold only to within a quarter of its period.
inline std::vector<double> jittered_spike_train(int total, double base, double spike, double period,
                                                std::uint64_t seed) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total), base);
  double t = 100;
  while (t < total) {
    const int width = 40 + static_cast<int>(40 * (n.next() + 1));
    for (auto i = static_cast<int>(t); i < static_cast<int>(t) + width && i < total; ++i) {
      d[static_cast<std::size_t>(i)] = spike * (1 + 0.2 * n.next());
    }
    t += period * (1 + 0.25 * n.next());
  }
  return d;
}

// A pod's read added to demand: `level` for `seconds` seconds from second `from`, cut at the end of the series.
inline void add_read(std::vector<double>& d, int from, int seconds, double level) {
  for (int i = std::max(from, 0); i < from + seconds && i < static_cast<int>(d.size()); ++i) {
    d[static_cast<std::size_t>(i)] += level;
  }
}

// A level jittered by ±`noise` each second, drawn from `n`, which the caller goes on drawing from to add events.
inline std::vector<double> noisy_level(int total, double level, double noise, Noise& n) {
  std::vector<double> d(static_cast<std::size_t>(total));
  for (auto& v : d) {
    v = level * (1 + noise * n.next());
  }
  return d;
}

// Each second of `d` jittered by ±`noise` (a factor 1 + noise × a draw from `n`), in order: the last draws a generated
// shape takes, after its events.
inline void jitter(std::vector<double>& d, double noise, Noise& n) {
  for (auto& v : d) {
    v *= 1 + noise * n.next();
  }
}

// A uniform draw in [0, 1].
inline double uniform(Noise& n) { return (n.next() + 1) / 2; }

// An exponential wait with mean `mean` (seconds), as between the arrivals of a Poisson process.
inline double exponential(Noise& n, double mean) { return -mean * std::log(1 - 0.999 * uniform(n)); }

// Demand generated second by second: at(t, noise) for t in [0, total).
inline std::vector<double> generated(int total, std::uint64_t seed, const std::function<double(int, Noise&)>& at) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total));
  for (int t = 0; t < total; ++t) {
    d[static_cast<std::size_t>(t)] = at(t, n);
  }
  return d;
}

// A bounded random walk: each second the level (in `unit`s) moves by up to ±`step` within [lo, hi], and demand is
// the level jittered by ±`noise`.
inline std::vector<double> bounded_walk(int total, std::uint64_t seed, double unit, double start, double step,
                                        double lo, double hi, double noise) {
  return generated(total, seed, [=, level = start](int, Noise& n) mutable {
    level = std::clamp(level + step * n.next(), lo, hi);
    return level * unit * (1 + noise * n.next());
  });
}

// Random bursts on a `base` level: gaps between bursts are exponential with mean `mean_gap` seconds, bursts last
// uniformly `min_len`..`max_len` seconds at a uniform height in [0.2, 1] × `peak`, each second jittered by ±30%.
inline std::vector<double> random_bursts(int total, double base, double peak, double mean_gap, int min_len, int max_len,
                                         std::uint64_t seed) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total), base);
  double t = exponential(n, mean_gap);
  while (t < total) {
    const double len = min_len + (max_len - min_len) * uniform(n);
    const double height = peak * (0.2 + 0.8 * uniform(n));
    for (auto i = static_cast<int>(t); i < total && i < static_cast<int>(t + len); ++i) {
      auto& v = d[static_cast<std::size_t>(i)];
      v = std::max(v, height * (1 + 0.3 * n.next()));
    }
    t += len + exponential(n, mean_gap);
  }
  return d;
}

// Nothing for `quiet` seconds, then a storm: noisy demand around `level` with gusts, until `total`.
inline std::vector<double> silence_then_storm(int total, int quiet, double level, std::uint64_t seed = 3) {
  Noise n(seed);
  std::vector<double> d(static_cast<std::size_t>(total), 0.0);
  for (int t = quiet; t < total; ++t) {
    const double gust = ((t - quiet) / 120) % 3 == 1 ? 1.5 : 1.0;
    d[static_cast<std::size_t>(t)] = std::max(0.0, level * gust * (1 + 0.2 * n.next()));
  }
  return d;
}

}  // namespace cachepilot::testing
