// Fresh shape sets nine to fourteen of issue 4's acceptance suite. The judge and the criteria are in
// tests/sim/acceptance_test.cpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "tests/sim/acceptance/shape_set.hpp"
#include "tests/sim/shapes.hpp"

namespace cachepilot::sim::acceptance {
namespace {

// A ninth fresh set, drawn on 2026-12-03 after the season's floor, and run once before anything was changed for them:
// 18 of 20 passed. Spikes after a minute's warning pass since the planner follows the dominant candidate; bursts with
// a retry since the unheld mean is one of its candidates.
const Shape kFreshShapes9[] = {
    {"two_state_markov_levels",
     [] {
       // 2 units, and 7 units: each state lasts an exponential time, 10 min at 2 and 5 min at 7 on average.
       return testing::generated(6 * 3600, 901, [high = false, until = 0.0](int t, testing::Noise& n) mutable {
         if (t >= until) {
           high = !high;
           until = t + testing::exponential(n, high ? 300 : 600);
         }
         return (high ? 7.0 : 2.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"cycle_4h_with_lognormal_noise",
     [] {
       return testing::generated(12 * 3600, 902, [](int t, testing::Noise& n) {
         // exp(0.3 × a sum of three uniforms, about normal with sd 1): the noise is multiplicative and skewed up.
         const double z = n.next() + n.next() + n.next();
         return (3 + 2 * std::sin(2 * std::numbers::pi * t / 14400)) * kUnit * std::exp(0.3 * z);
       });
     },
     false},
    {"model_loads_on_pod_arrivals",
     [] {
       // A pod every 60 s on average loads its model (2 units for 20 s), then serves from it (0.1 unit for 5 min).
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(903);
       for (double t = testing::exponential(n, 60); t < 4 * 3600; t += testing::exponential(n, 60)) {
         testing::add_read(d, static_cast<int>(t), 20, 2.0 * kUnit);
         testing::add_read(d, static_cast<int>(t) + 20, 300, 0.1 * kUnit);
       }
       return d;
     },
     false},
    {"herd_near_the_top_of_each_hour",
     [] {
       // Each hour, within ±60 s of its top, 8 units that decay to 1 over 3 min.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 1 * kUnit);
       testing::Noise n(904);
       for (int hour = 1; hour < 8; ++hour) {
         const int start = hour * 3600 + static_cast<int>(60 * n.next());
         for (int i = start; i < start + 180; ++i) {
           d[static_cast<std::size_t>(i)] = (1 + 7 * (1 - (i - start) / 180.0)) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
    {"two_seasons_1h_and_7min",
     [] {
       return testing::generated(6 * 3600, 905, [](int t, testing::Noise& n) {
         return (4 + 2 * std::sin(2 * std::numbers::pi * t / 3600) + 1.5 * std::sin(2 * std::numbers::pi * t / 420)) *
                kUnit * (1 + 0.03 * n.next());
       });
     },
     true},
    {"level_shifts_at_odd_times",
     [] {
       return testing::generated(5 * 3600, 906, [](int t, testing::Noise& n) {
         const double level = t < 5820 ? 2.0 : t < 11460 ? 6.0 : t < 14100 ? 3.0 : 7.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"rare_bursts_over_a_fraction_of_a_worker",
     [] { return testing::random_bursts(4 * 3600, 0.3 * kUnit, 4 * kUnit, 900, 60, 240, 907); }, false},
    {"pods_with_heavy_tailed_reads",
     [] {
       // A pod every 10 s on average reads 0.5 units for a Pareto time (α 1.5, at least 20 s, at most 1 h).
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(908);
       for (double t = testing::exponential(n, 10); t < 4 * 3600; t += testing::exponential(n, 10)) {
         const double len = std::min(3600.0, 20 / std::pow(1 - 0.999 * testing::uniform(n), 1 / 1.5));
         testing::add_read(d, static_cast<int>(t), static_cast<int>(t + len) - static_cast<int>(t), 0.5 * kUnit);
       }
       return d;
     },
     false},
    {"day_of_8h_with_a_dark_night",
     [] {
       return testing::generated(24 * 3600, 909, [](int t, testing::Noise& n) {
         // Half a sine by day (the first 5 h of every 8 h), nothing at night.
         const int phase = t % 28800;
         return phase < 18000 ? 6 * std::sin(std::numbers::pi * phase / 18000) * kUnit * (1 + 0.05 * n.next()) : 0.0;
       });
     },
     true},
    {"chirp_from_1h_to_5min",
     [] {
       return testing::generated(6 * 3600, 911, [](int t, testing::Noise& n) {
         // The period shrinks from 3,600 s to 300 s over 6 h: the phase is the integral of 1 / period.
         const double a = 3600.0, b = 300.0, total = 6 * 3600.0;
         const double k = (b - a) / total;  // period(t) = a + k t
         const double phase = std::log((a + k * t) / a) / k;
         return (4 + 3 * std::sin(2 * std::numbers::pi * phase)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"autocorrelated_noise_on_a_level",
     [] {
       // AR(1) with a 30 s time constant: 4 units ± about 1.5.
       return testing::generated(4 * 3600, 912, [x = 0.0](int, testing::Noise& n) mutable {
         x = 0.967 * x + 0.5 * n.next();
         return std::max(0.0, 4 + x) * kUnit;
       });
     },
     false},
    {"cron_every_5min_and_every_hour",
     [] {
       return testing::generated(6 * 3600, 913, [](int t, testing::Noise& n) {
         double level = 1;
         if (t % 300 < 30) {
           level += 3;  // a 30 s job every 5 min
         }
         if (t % 3600 >= 1800 && t % 3600 < 2100) {
           level += 5;  // a 5 min job every hour, on the half hour
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"spikes_with_a_minute_of_warning",
     [] {
       // Each spike (8 units for 60 s, every 10–20 min) comes after a minute at 3 units.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 1 * kUnit);
       testing::Noise n(914);
       for (double t = 300; t + 120 < 6 * 3600; t += 600 + 600 * testing::uniform(n)) {
         for (int i = 0; i < 120; ++i) {
           d[static_cast<std::size_t>(static_cast<int>(t) + i)] = (i < 60 ? 3.0 : 8.0) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
    {"week_of_2h_days",
     [] {
       return testing::generated(14 * 3600, 915, [](int t, testing::Noise& n) {
         // Five busy 2 h days, then a quiet weekend of two, and the week again.
         const bool weekend = (t / 7200) % 7 >= 5;
         const double day = std::sin(std::numbers::pi * (t % 7200) / 7200);
         return (1 + (weekend ? 1.0 : 6.0) * day) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"storm_with_a_10min_onset_every_4h",
     [] {
       return testing::generated(12 * 3600, 916, [](int t, testing::Noise& n) {
         const int phase = t % 14400 - 7200;  // a logistic rise centred on 2 h, held 20 min, then gone
         const double level = phase < 1200 ? 8 / (1 + std::exp(-phase / 100.0)) : 0.0;
         return (0.5 + level) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_500s_on_a_ramp",
     [] {
       return summed(testing::ramp(6 * 3600, 0.5 * kUnit, 4 * kUnit, 0.05, 917),
                     testing::random_bursts(6 * 3600, 0, 4 * kUnit, 500, 60, 180, 918));
     },
     false},
    {"random_levels_every_30s",
     [] {
       return testing::generated(4 * 3600, 919, [level = 1.0](int t, testing::Noise& n) mutable {
         if (t % 30 == 0) {
           level = 1 + std::floor(8 * testing::uniform(n));  // 1 to 8 units, drawn every 30 s
         }
         return level * kUnit;
       });
     },
     false},
    {"half_hourly_batches_of_random_length",
     [] {
       return testing::generated(8 * 3600, 920, [until = -1](int t, testing::Noise& n) mutable {
         if (t % 1800 == 0) {
           until = t + 120 + static_cast<int>(780 * testing::uniform(n));  // 2 to 15 min at 6 units
         }
         return (t < until ? 6.0 : 0.5) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"square_wave_45s",
     [] {
       return testing::staircase(4 * 3600, {1 * kUnit, 6 * kUnit}, 45, 0.05, 921);
     },
     false},
    // Dominated by the KPA at 0.7 (7.20% at 1.55x) with 9.37% at 1.68x, and in kOpenShapes, until the unheld mean
    // (the KPA's own sizing) became a candidate: followed as the dominant one, 9.51% at 1.59x (docs/simulate.md).
    {"bursts_with_a_retry_90s_later",
     [] {
       const auto first = testing::random_bursts(4 * 3600, 0, 6 * kUnit, 600, 30, 60, 910);
       std::vector<double> retry(first.size(), 0.0);
       for (std::size_t i = 90; i < first.size(); ++i) {
         retry[i] = 0.7 * first[i - 90];  // seven in ten retry a minute and a half later
       }
       return summed(summed(first, retry), std::vector<double>(first.size(), 1 * kUnit));
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh9, GeneratedShapes, ::testing::ValuesIn(kFreshShapes9), shape_name);

// A tenth fresh set, drawn on 2026-12-03 after the planner follows the dominant candidate, and run once before
// anything was changed for them: 16 of 20 passed, 17 since the budget weighs the mean hold with headroom (spikes
// decaying at random, at the end), 18 since the pod rate is held to the two criteria (at the end: no autoscaler can be
// near the oracle there), 19 since a worker added at a level's edge is kept until it serves (the random walk with
// jumps, at the end); the other one, one-second blips in silence, is in kOpenShapes.
const Shape kFreshShapes10[] = {
    {"cycle_2h_growing_10pct_a_period",
     [] {
       return testing::generated(12 * 3600, 1001, [](int t, testing::Noise& n) {
         const double grow = std::pow(1.1, t / 7200.0);  // 2 + 1.5 sin, 10% more each period
         return grow * (2 + 1.5 * std::sin(2 * std::numbers::pi * t / 7200)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"self_exciting_bursts",
     [] {
       // A burst (30 s, 2–7 units) every 900 s on average; each has one chance in two of setting off another within
       // 2 min, which may set off another.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(1002);
       double t = testing::exponential(n, 900);
       while (t < 6 * 3600) {
         double at = t;
         do {
           const double height = 2 + 5 * testing::uniform(n);
           for (auto i = static_cast<int>(at); i < static_cast<int>(at) + 30 && i < 6 * 3600; ++i) {
             d[static_cast<std::size_t>(i)] = std::max(d[static_cast<std::size_t>(i)], height * kUnit);
           }
           at += 30 + 90 * testing::uniform(n);
         } while (testing::uniform(n) < 0.5);
         t = at + testing::exponential(n, 900);
       }
       return d;
     },
     false},
    {"training_epochs_with_evaluation",
     [] {
       return testing::generated(6 * 3600, 1003, [](int t, testing::Noise& n) {
         const int phase = t % 600;  // 8 min of an epoch at 6 units, 2 min of evaluation at 1
         return (phase < 480 ? 6.0 : 1.0) * kUnit * (1 + 0.08 * n.next());
       });
     },
     false},
    {"batches_every_10min_of_random_height",
     [] {
       return testing::generated(4 * 3600, 1005, [height = 0.0](int t, testing::Noise& n) mutable {
         if (t % 600 == 0) {
           height = 2 + 6 * testing::uniform(n);  // a 3 min batch at 2–8 units every 10 min
         }
         return (t % 600 < 180 ? height : 0.5) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"cycle_30min_with_phase_jumps",
     [] {
       return testing::generated(8 * 3600, 1007, [phase = 0.0](int t, testing::Noise& n) mutable {
         if (t % 7200 == 0) {
           phase = 2 * std::numbers::pi * testing::uniform(n);  // every 2 h the cycle starts anew at a random phase
         }
         return (4 + 3 * std::sin(2 * std::numbers::pi * t / 1800 + phase)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"stairs_down_every_10min_then_reset",
     [] {
       return testing::generated(4 * 3600, 1008, [](int t, testing::Noise& n) {
         const int step = (t % 4800) / 600;  // 8, 7, … 1 units, 10 min each, then 8 again
         return (8.0 - step) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"two_tenants_3h_and_47min",
     [] {
       return testing::generated(12 * 3600, 1010, [](int t, testing::Noise& n) {
         return (4 + 2 * std::sin(2 * std::numbers::pi * t / 10800) + 1.5 * std::sin(2 * std::numbers::pi * t / 2820)) *
                kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"square_wave_4h_with_30pct_noise",
     [] {
       return testing::staircase(16 * 3600, {1.5 * kUnit, 5 * kUnit}, 14400, 0.3, 1011);
     },
     false},
    {"spikes_10s_every_150s", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 150, 10, 75); }, false},
    {"trapezoids_every_20_to_40min",
     [] {
       // A 2 min rise to 7 units, 5 min there, a 2 min fall, every 20–40 min.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 1 * kUnit);
       testing::Noise n(1013);
       for (double t = 600; t + 540 < 8 * 3600; t += 1200 + 1200 * testing::uniform(n)) {
         for (int i = 0; i < 540; ++i) {
           const double up = i < 120 ? i / 120.0 : i < 420 ? 1.0 : (540 - i) / 120.0;
           d[static_cast<std::size_t>(static_cast<int>(t) + i)] = (1 + 6 * up) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
    {"cold_start_each_hour_then_steady",
     [] {
       return testing::generated(8 * 3600, 1014, [](int t, testing::Noise& n) {
         return (t % 3600 < 90 ? 8.0 : 3.0) * kUnit * (1 + 0.05 * n.next());  // 90 s of model loads on the hour
       });
     },
     false},
    {"burst_storms_of_20min_every_2h",
     [] {
       const auto bursts = testing::random_bursts(8 * 3600, 0, 8 * kUnit, 60, 10, 40, 1015);
       std::vector<double> d(bursts.size(), 0.3 * kUnit);
       for (std::size_t i = 0; i < d.size(); ++i) {
         if (i % 7200 >= 3600 && i % 7200 < 4800) {
           d[i] = std::max(d[i], bursts[i]);  // the bursts only within a 20 min window of every 2 h
         }
       }
       return d;
     },
     false},
    {"level_with_rare_5min_outages",
     [] {
       return testing::generated(8 * 3600, 1016, [until = -1](int t, testing::Noise& n) mutable {
         if (t >= until + 300 && testing::uniform(n) < 1.0 / 3600) {
           until = t + 300;  // about once an hour, nothing for 5 min
         }
         return t < until ? 0.0 : 5 * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"triangle_wave_12min",
     [] {
       return testing::generated(4 * 3600, 1017, [](int t, testing::Noise& n) {
         const double x = (t % 720) / 360.0;  // 1 to 7 units and back every 12 min
         return (1 + 6 * (x < 1 ? x : 2 - x)) * kUnit * (1 + 0.08 * n.next());
       });
     },
     false},
    {"pareto_levels_every_5min",
     [] {
       return testing::generated(6 * 3600, 1018, [level = 1.0](int t, testing::Noise& n) mutable {
         if (t % 300 == 0) {
           level = std::min(8.0, 1 / std::pow(1 - 0.999 * testing::uniform(n), 1 / 1.2));  // Pareto, α 1.2, from 1
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"pods_small_and_large",
     [] {
       // A pod every 8 s on average: nine in ten read 0.2 units for 60 s, one in ten 3 units for 30 s.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(1019);
       for (double t = testing::exponential(n, 8); t < 4 * 3600; t += testing::exponential(n, 8)) {
         const bool large = testing::uniform(n) < 0.1;
         testing::add_read(d, static_cast<int>(t), (large ? 30 : 60), (large ? 3.0 : 0.2) * kUnit);
       }
       return d;
     },
     false},
    {"decaying_spikes_at_random",
     [] {
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 1 * kUnit);
       testing::Noise n(1006);
       for (double t = testing::exponential(n, 300); t < 4 * 3600; t += testing::exponential(n, 300)) {
         for (int i = 0; i < 180 && static_cast<int>(t) + i < 4 * 3600; ++i) {  // 7 units more, halving every 21 s
           d[static_cast<std::size_t>(static_cast<int>(t) + i)] += 7 * std::exp(-i / 30.0) * kUnit;
         }
       }
       return d;
     },
     false},
    // Pods at a rate rising from 1 to 20 a minute over 2 h and falling back, each reading 0.2 units for 60 s: held to
    // the two criteria, not "near the oracle", because no autoscaler can be near it here. The pods reading a lead time
    // from now have not arrived yet, so what any policy can know is the rate, never the draw; one told the rate
    // exactly expects 0.27% at 1.14x the oracle or 0.13% at 1.21x (scripts/poisson-rate-bound, docs/simulate.md),
    // against the oracle's 0% + 0.1 pp at 1.15x. It was in kOpenShapes until that bound was worked out (0.49% at 1.24x;
    // reactive-ideal 0.50% at 1.19x).
    {"pod_rate_rising_and_falling_over_4h",
     [] {
       // Pods arrive at a rate rising from 1 to 20 a minute over 2 h, then falling back; each reads 0.2 units for 60 s.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(1004);
       double t = 0;
       while (t < 4 * 3600) {
         const double rate = 1 + 19 * (1 - std::abs(t - 7200) / 7200);  // a minute
         t += testing::exponential(n, 60 / rate);
         testing::add_read(d, static_cast<int>(t), 60, 0.2 * kUnit);
       }
       return d;
     },
     false},
    // A random walk that jumps to a random level every 30 min on average; open until a worker added at a level's edge
    // was kept until it serves (PlannerPolicy::edge_add_range): 0.930% at 1.085x, dominated by reactive-ideal at 120 s
    // (0.8815% at 1.016x) by 0.002 pp, since at a level just over 6 workers the reactive floor asked for a 7th on
    // alternate seconds and let it go 4 s later, so it was not ready when the level jumped; now 0.886% at 1.088x.
    {"random_walk_with_jumps",
     [] {
       return testing::generated(6 * 3600, 1012, [level = 3.0](int, testing::Noise& n) mutable {
         level = std::clamp(level + 0.03 * n.next(), 0.5, 8.0);
         if (testing::uniform(n) < 1.0 / 1800) {
           level = 0.5 + 7.5 * testing::uniform(n);  // a jump every 30 min on average
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh10, GeneratedShapes, ::testing::ValuesIn(kFreshShapes10), shape_name);

// An eleventh fresh set, drawn on 2026-12-03 before anything was changed for them, and run once at b37be7d: 17 of 20
// passed. Since the trend raises the hold before the strategies are compared, 19: the hourly cycle with 15% noise
// and the bursts rising over a minute pass; since the warm-up adds the trend's rise to the last sample, 20.
const Shape kFreshShapes11[] = {
    {"logistic_rise_at_2h",
     [] {
       return testing::generated(4 * 3600, 1101, [](int t, testing::Noise& n) {
         const double up = 1 / (1 + std::exp(-(t - 7200) / 900.0));  // 1 to 8 units, most of it within an hour
         return (1 + 7 * up) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"cycle_1h_with_15pct_noise",
     [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 3600, 60, 0.15, 1102); }, true},
    {"spikes_30s_every_240s_one_in_five_missing",
     [] {
       return testing::generated(4 * 3600, 1103, [on = true](int t, testing::Noise& n) mutable {
         if (t % 240 == 0) {
           on = testing::uniform(n) >= 0.2;  // one spike in five does not come
         }
         return (on && t % 240 < 30 ? 7.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"double_spikes_every_10min",
     [] {
       return testing::generated(4 * 3600, 1104, [](int t, testing::Noise& n) {
         const int phase = t % 600;  // 20 s at 8 units, 40 s at 1, 20 s at 8 again, then 1 until the next pair
         const bool spike = (phase >= 100 && phase < 120) || (phase >= 160 && phase < 180);
         return (spike ? 8.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"jump_then_slow_decay_every_2h",
     [] {
       return testing::generated(8 * 3600, 1105, [](int t, testing::Noise& n) {
         const double since = t % 7200;  // 7 units more at each jump, decaying with a 20 min time constant
         return (1 + 7 * std::exp(-since / 1200)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    // In kOpenShapes until the warm-up added the trend's rise to the last sample (ForecasterParams::
    // warm_up_rise_from_last): 0.450% → 0.434% unmet against the oracle's 0.346% + 0.1 pp, a narrow pass. It still
    // fails at 12 and 16 workers and at lead 120 s (docs/simulate.md). Most of what remains over the oracle falls in
    // the first 15 min (0.057 pp) and on the next two periods' rises (0.047 pp), before the season is proven.
    {"cycle_15min", [] { return testing::daily_sine(4 * 3600, 4 * kUnit, 3 * kUnit, 900, 30, 0.05, 1106); }, true},
    {"daily_cycle_plus_a_random_walk",
     [] {
       return summed(testing::daily_sine(2 * 86400, 3 * kUnit, 2 * kUnit, 86400, 60, 0.03, 1107),
                     testing::bounded_walk(2 * 86400, 1108, kUnit, 1, 0.02, 0, 3, 0.02));
     },
     false},
    {"on_2min_every_30min",
     [] {
       return testing::generated(6 * 3600, 1109, [](int t, testing::Noise& n) {
         return (t % 1800 < 120 ? 7.0 : 0.3) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"bursts_rising_over_a_minute_at_random",
     [] {
       // Every 10 min on average, a 60 s rise to 2–8 units, 60 s there, and a drop to 1 unit.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 1 * kUnit);
       testing::Noise n(1110);
       for (double t = testing::exponential(n, 600); t + 120 < 6 * 3600; t += 120 + testing::exponential(n, 600)) {
         const double height = 2 + 6 * testing::uniform(n);
         for (int i = 0; i < 120; ++i) {
           const double up = i < 60 ? i / 60.0 : 1.0;
           d[static_cast<std::size_t>(static_cast<int>(t) + i)] =
               (1 + (height - 1) * up) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
    {"spikes_every_10min_widening_from_10s_to_5min",
     [] {
       return testing::generated(4 * 3600, 1111, [](int t, testing::Noise& n) {
         const int width = 10 + 290 * (t / 600) / 23;  // the 24th spike lasts 300 s
         return (t % 600 < width ? 7.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"level_with_30s_dips_at_random",
     [] {
       return testing::generated(6 * 3600, 1112, [until = -1](int t, testing::Noise& n) mutable {
         if (t >= until && testing::uniform(n) < 1.0 / 600) {
           until = t + 30;  // about every 10 min, 30 s at a tenth of the level
         }
         return (t < until ? 0.6 : 6.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"lognormal_bursts_at_random",
     [] {
       // A 60 s burst every 400 s on average, its height lognormal (median 2 units, σ 0.7), at most 9.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(1113);
       for (double t = testing::exponential(n, 400); t + 60 < 6 * 3600; t += 60 + testing::exponential(n, 400)) {
         const double u1 = std::max(1e-9, testing::uniform(n));
         const double u2 = testing::uniform(n);
         const double normal = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
         const double height = std::min(9.0, 2 * std::exp(0.7 * normal));
         for (int i = 0; i < 60; ++i) {
           auto& v = d[static_cast<std::size_t>(static_cast<int>(t) + i)];
           v = std::max(v, height * kUnit * (1 + 0.1 * n.next()));
         }
       }
       return d;
     },
     false},
    {"cycle_3h_with_spikes_every_90s",
     [] {
       return summed(testing::daily_sine(9 * 3600, 3 * kUnit, 2 * kUnit, 3 * 3600, 60, 0.05, 1114),
                     testing::spike_train(9 * 3600, 0, 3 * kUnit, 90, 15, 40));
     },
     false},
    {"stairs_down_every_hour",
     [] {
       return testing::staircase(
           8 * 3600, {8 * kUnit, 7 * kUnit, 6 * kUnit, 5 * kUnit, 4 * kUnit, 3 * kUnit, 2 * kUnit, 1 * kUnit}, 3600,
           0.05, 1115);
     },
     false},
    {"pod_rate_square_wave_20min",
     [] {
       // Pods at 2 a minute for 20 min, then 12 a minute for 20 min; each reads 0.3 units for 90 s.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(1116);
       for (double t = 0; t < 4 * 3600;) {
         const double rate = static_cast<int>(t) % 2400 < 1200 ? 2 : 12;
         t += testing::exponential(n, 60 / rate);
         testing::add_read(d, static_cast<int>(t), 90, 0.3 * kUnit);
       }
       return d;
     },
     false},
    {"cycle_2h_clipped_at_6_units",
     [] {
       return testing::generated(8 * 3600, 1117, [](int t, testing::Noise& n) {
         const double level = std::min(6.0, 4 + 4 * std::sin(2 * std::numbers::pi * t / 7200));
         return std::max(0.2, level) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"random_bursts_150s_seed111",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 9 * kUnit, 150, 20, 80, 111); }, false},
    {"jittered_spikes_800s_seed112",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 800, 112); }, false},
    {"noise_storm_10min_every_hour",
     [] {
       return testing::generated(6 * 3600, 1118, [](int t, testing::Noise& n) {
         const double noise = t % 3600 < 600 ? 0.6 : 0.05;  // ±60% each second for 10 min on the hour
         return 4 * kUnit * (1 + noise * n.next());
       });
     },
     false},
    {"three_days_with_a_quiet_second_day",
     [] {
       return testing::generated(3 * 86400, 1119, [](int t, testing::Noise& n) {
         const double amplitude = t / 86400 == 1 ? 1.0 : 3.0;  // the second day swings a third as far
         return (4 + amplitude * std::sin(2 * std::numbers::pi * t / 86400)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh11, GeneratedShapes, ::testing::ValuesIn(kFreshShapes11), shape_name);

// A twelfth fresh set, drawn after the trend before the strategies are compared, and run once at 8bfb22f before
// anything was changed for it: 16 of 20 passed (docs/simulate.md). The step up at 10 min was drawn as "near the oracle"
// by mistake; a step at a moment nothing foretells is held to the other two criteria, as every earlier step is, and
// meets them (0.684% against reactive-ideal's 0.673% + 0.5 pp, not dominated). The other three, cycles near the
// oracle, were in kOpenShapes; the half-wave sine and the 8 h noisy cycle came back earlier, the bump every 3 h last
// (at the end).
const Shape kFreshShapes12[] = {
    {"cycle_25min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 1500, 60, 0.05, 1201); }, true},
    // Open until the season was searched for when it became provable (ForecasterParams::season_when_provable): 0.159%
    // at 1.085× against the oracle's 0.002% + 0.1 pp, the excess on the first three rises out of the flat half. The
    // search due at two periods (4,800 s) ran at 4,687 s and the next at 5,859 s, after the third rise.
    {"half_wave_sine_40min",
     [] {
       return testing::generated(6 * 3600, 1202, [](int t, testing::Noise& n) {
         const double level = 7 * std::sin(2 * std::numbers::pi * t / 2400);  // half of each period near nothing
         return std::max(0.2, level) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"skewed_cycle_40min",
     [] {
       return testing::generated(6 * 3600, 1203, [](int t, testing::Noise& n) {
         const int phase = t % 2400;  // up from 1 to 8 units over 10 min, down over 30 min
         const double level = phase < 600 ? 1 + 7 * phase / 600.0 : 8 - 7 * (phase - 600) / 1800.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_90s_every_17min",
     [] {
       return testing::generated(6 * 3600, 1205, [](int t, testing::Noise& n) {
         return (t % 1020 >= 300 && t % 1020 < 390 ? 7.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"square_wave_7min",
     [] {
       return testing::staircase(4 * 3600, {2 * kUnit, 7 * kUnit}, 210, 0.05, 1206);
     },
     false},
    {"jittered_spikes_550s_seed121",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 550, 121); }, false},
    {"random_bursts_250s_seed122",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 250, 30, 120, 122); }, false},
    {"pods_at_markov_modulated_rates",
     [] {
       // Pods at 3 a minute or at 15 a minute, switching after 15 min on average; each reads 0.25 units for 60 s.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.0);
       testing::Noise n(1207);
       bool busy = false;
       double switch_at = testing::exponential(n, 900);
       for (double t = 0; t < 6 * 3600;) {
         while (t >= switch_at) {
           busy = !busy;
           switch_at += testing::exponential(n, 900);
         }
         t += testing::exponential(n, 60 / (busy ? 15.0 : 3.0));
         testing::add_read(d, static_cast<int>(t), 60, 0.25 * kUnit);
       }
       return d;
     },
     false},
    {"evening_peak_over_2_days",
     [] {
       return testing::generated(2 * 86400, 1208, [](int t, testing::Noise& n) {
         const double from_peak = (t % 86400) / 3600.0 - 20;  // 6 units more at 20:00, σ 1.5 h
         return (1 + 6 * std::exp(-from_peak * from_peak / (2 * 1.5 * 1.5))) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"cycle_1h_plus_13min",
     [] {
       return testing::generated(8 * 3600, 1209, [](int t, testing::Noise& n) {
         const double level =
             4 + 2 * std::sin(2 * std::numbers::pi * t / 3600) + std::sin(2 * std::numbers::pi * t / 780);
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"ramp_10min_hold_1h_cliff_every_2h",
     [] {
       return testing::generated(8 * 3600, 1210, [](int t, testing::Noise& n) {
         const int phase = t % 7200;  // 1 unit, from 30 min a ramp to 8 units over 10 min, held 1 h, then back to 1
         const double level = phase < 1800   ? 1.0
                              : phase < 2400 ? 1 + 7 * (phase - 1800) / 600.0
                              : phase < 6000 ? 8.0
                                             : 1.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"lognormal_on_off",
     [] {
       // On at 7 units for a lognormal time (median 3 min), off at 1 unit for a lognormal time (median 10 min).
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.0);
       testing::Noise n(1211);
       const auto lognormal = [&n](double median) {
         const double u1 = std::max(1e-9, testing::uniform(n));
         const double u2 = testing::uniform(n);
         return median * std::exp(0.6 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2));
       };
       bool on = false;
       for (int t = 0; t < 6 * 3600;) {
         const int until = std::min(6 * 3600, t + std::max(10, static_cast<int>(lognormal(on ? 180 : 600))));
         for (; t < until; ++t) {
           d[static_cast<std::size_t>(t)] = (on ? 7.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
         }
         on = !on;
       }
       return d;
     },
     false},
    {"noise_growing_from_5_to_50pct_over_6h",
     [] {
       return testing::generated(6 * 3600, 1212, [](int t, testing::Noise& n) {
         const double noise = 0.05 + 0.45 * t / (6 * 3600.0);
         return 4 * kUnit * (1 + noise * n.next());
       });
     },
     false},
    {"step_up_at_10min",
     [] {
       return testing::generated(2 * 3600, 1214, [](int t, testing::Noise& n) {
         return (t < 600 ? 2.0 : 7.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"spikes_60s_every_4min_on_half_a_unit",
     [] {
       return testing::generated(4 * 3600, 1215, [](int t, testing::Noise& n) {
         return (t % 240 < 60 ? 8.0 : 0.5) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"cycle_2h_plus_spikes_every_45s",
     [] {
       return summed(testing::daily_sine(8 * 3600, 3 * kUnit, 2 * kUnit, 7200, 60, 0.05, 1216),
                     testing::spike_train(8 * 3600, 0, 2 * kUnit, 45, 5, 20));
     },
     false},
    {"pod_batches_every_20min_of_random_size",
     [] {
       // Every 20 min, 5–30 pods arrive within 30 s; each reads 0.3 units for 120 s.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.1 * kUnit);
       testing::Noise n(1217);
       for (int start = 300; start < 6 * 3600; start += 1200) {
         const int pods = 5 + static_cast<int>(25 * testing::uniform(n));
         for (int p = 0; p < pods; ++p) {
           const int at = start + static_cast<int>(30 * testing::uniform(n));
           testing::add_read(d, at, 120, 0.3 * kUnit);
         }
       }
       return d;
     },
     false},
    {"mean_reverting_walk",
     [] {
       // An Ornstein–Uhlenbeck level around 4 units (time constant 10 min), in [0.5, 8].
       return testing::generated(8 * 3600, 1218, [level = 4.0](int, testing::Noise& n) mutable {
         level = std::clamp(level + (4 - level) / 600 + 0.15 * n.next(), 0.5, 8.0);
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    // Open until every strategy's reductions were confirmed over 4 s (PlannerPolicy::scale_down_confirm_s): 0.200% at
    // 1.08× against the oracle's 0.053% + 0.1 pp, a minute's jump above the 420 s hold's highest need near each peak;
    // now 0.144%.
    {"cycle_8h_with_20pct_noise",
     [] { return testing::daily_sine(24 * 3600, 4 * kUnit, 3 * kUnit, 8 * 3600, 60, 0.2, 1213); }, true},
    // A bump (σ 10 min) every 3 h on a level of one unit, "near the oracle": 0.139% at 1.152× against the oracle's 0% +
    // 0.1 pp, and ≤ 1.15×, until the peak hold kept levels by share and the forecast's raise let a sliver of a worker
    // go: 0.006% at 1.05×. The level's 5% noise crosses one worker's capacity by a hair (a worker serves a
    // peak / 8); kept whole, those hairs held two workers for hours, and the raise's ledger paid for them
    // (docs/simulate.md).
    {"gaussian_bump_every_3h",
     [] {
       return testing::generated(12 * 3600, 1204, [](int t, testing::Noise& n) {
         const double from_middle = (t % 10800) - 5400;  // 7 units more at the middle, σ 10 min
         return (1 + 7 * std::exp(-from_middle * from_middle / (2 * 600.0 * 600.0))) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
};

INSTANTIATE_TEST_SUITE_P(Fresh12, GeneratedShapes, ::testing::ValuesIn(kFreshShapes12), shape_name);

// A thirteenth fresh set, drawn while this commit's two changes were being measured on the earlier sets, judged once on
// the code that landed, and not changed for: shapes unlike the earlier ones in period, ramp length, burst placement and
// read lengths. 19 of 20 passed at 8 workers; the spike train every 750 s is open.
const Shape kFreshShapes13[] = {
    {"cycle_35min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 2100, 60, 0.05, 1301); }, true},
    {"cycle_50min_with_10pct_noise",
     [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 3000, 60, 0.10, 1302); }, true},
    {"ramp_up_90min_down_30min",
     [] {
       return testing::generated(8 * 3600, 1303, [](int t, testing::Noise& n) {
         const int phase = t % 7200;  // from 1 up to 8 units over 90 min, back to 1 over 30 min
         const double level = phase < 5400 ? 1 + 7 * phase / 5400.0 : 8 - 7 * (phase - 5400) / 1800.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"morning_and_evening_peaks_over_2_days",
     [] {
       return testing::generated(2 * 86400, 1304, [](int t, testing::Noise& n) {
         const double hour = (t % 86400) / 3600.0;  // 4 units more at 9:00 (σ 1 h), 6 more at 20:00 (σ 1.5 h)
         const double morning = 4 * std::exp(-(hour - 9) * (hour - 9) / 2);
         const double evening = 6 * std::exp(-(hour - 20) * (hour - 20) / (2 * 1.5 * 1.5));
         return (1 + morning + evening) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"ramp_up_over_4h_from_nothing_then_flat",
     [] {
       return testing::generated(5 * 3600, 1305, [](int t, testing::Noise& n) {
         const double level = 0.2 + 7.8 * std::min(1.0, t / (4 * 3600.0));
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_30s_every_7min",
     [] {
       return testing::generated(4 * 3600, 1306, [](int t, testing::Noise& n) {
         return (t % 420 >= 200 && t % 420 < 230 ? 8.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_350s_seed132",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 350, 20, 90, 132); }, false},
    {"five_minutes_each_hour_at_a_random_minute",
     [] {
       std::vector<double> d =
           testing::generated(8 * 3600, 1309, [](int, testing::Noise& n) { return 1 * kUnit * (1 + 0.05 * n.next()); });
       testing::Noise n(1310);
       for (int hour = 0; hour < 8; ++hour) {
         const int from = hour * 3600 + static_cast<int>(55 * 60 * testing::uniform(n));
         testing::add_read(d, from, 300, 6 * kUnit);
       }
       return d;
     },
     false},
    {"dip_to_one_unit_for_20min_at_2h",
     [] {
       return testing::generated(4 * 3600, 1311, [](int t, testing::Noise& n) {
         return (t >= 7200 && t < 8400 ? 1.0 : 6.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"storm_after_90min", [] { return testing::silence_then_storm(4 * 3600, 5400, 5 * kUnit, 1312); }, false},
    {"jump_and_5min_decay_every_hour",
     [] {
       return testing::generated(6 * 3600, 1313, [](int t, testing::Noise& n) {
         const int phase = (t + 1200) % 3600;  // 7 units more at each jump, decaying with a 5 min time constant
         return (1 + 7 * std::exp(-phase / 300.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"pods_at_6_a_minute_reading_5min",
     [] {
       // Pods arrive at 6 a minute; each reads 0.2 units for 300 s: about 6 units on average, in Poisson steps.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(1314);
       for (double t = testing::exponential(n, 10); t < 4 * 3600; t += testing::exponential(n, 10)) {
         testing::add_read(d, static_cast<int>(t), 300, 0.2 * kUnit);
       }
       return d;
     },
     false},
    {"two_tenants_50min_and_70min",
     [] {
       return summed(testing::daily_sine(8 * 3600, 2 * kUnit, 1.5 * kUnit, 3000, 60, 0.05, 1315),
                     testing::daily_sine(8 * 3600, 2 * kUnit, 1.5 * kUnit, 4200, 60, 0.05, 1316));
     },
     true},
    {"stairs_up_every_15min_reset_every_2h",
     [] {
       return testing::staircase(
           8 * 3600, {1 * kUnit, 2 * kUnit, 3 * kUnit, 4 * kUnit, 5 * kUnit, 6 * kUnit, 7 * kUnit, 8 * kUnit}, 900,
           0.05, 1317);
     },
     false},
    {"spikes_every_5min_growing_over_8h",
     [] {
       return testing::generated(8 * 3600, 1318, [](int t, testing::Noise& n) {
         const double spike = 2 + 6 * t / (8 * 3600.0);  // 60 s spikes from 2 to 8 units
         return (t % 300 >= 120 && t % 300 < 180 ? spike : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"square_wave_20min_of_random_duty",
     [] {
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.0);
       testing::Noise n(1319);
       for (int start = 0; start < 6 * 3600; start += 1200) {
         const int on = 180 + static_cast<int>(840 * testing::uniform(n));  // on for 3–17 min of each 20
         for (int t = start; t < start + 1200 && t < 6 * 3600; ++t) {
           d[static_cast<std::size_t>(t)] = (t - start < on ? 7.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
    {"cycle_90min_plus_spikes_every_10min",
     [] {
       return summed(testing::daily_sine(8 * 3600, 3 * kUnit, 2 * kUnit, 5400, 60, 0.05, 1320),
                     testing::spike_train(8 * 3600, 0, 3 * kUnit, 600, 45, 300));
     },
     false},
    {"pods_with_pareto_read_lengths",
     [] {
       // Pods at 4 a minute, each reading 0.3 units for a Pareto time (α 1.5, at least 20 s, at most an hour).
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.0);
       testing::Noise n(1321);
       for (double t = testing::exponential(n, 15); t < 6 * 3600; t += testing::exponential(n, 15)) {
         const double length = std::min(3600.0, 20 / std::pow(1 - 0.999 * testing::uniform(n), 1 / 1.5));
         testing::add_read(d, static_cast<int>(t), static_cast<int>(length), 0.3 * kUnit);
       }
       return d;
     },
     false},
    {"daily_cycle_busier_each_day_over_3_days",
     [] {
       return testing::generated(3 * 86400, 1322, [](int t, testing::Noise& n) {
         const double amplitude = 2.5 * (1 + 0.2 * (t / 86400));  // 20% more each day
         const double level = 4 + amplitude * std::sin(2 * std::numbers::pi * t / 86400);
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    // Open until the budget bound within its grace (PlannerPolicy::grace_cost_budget): 16.96% unmet (reactive-ideal:
    // 29.84%) but at 2.020× the oracle's worker-seconds, having spent 2.7× the floor over the first 90 min; now 14.74%
    // at 1.970×.
    {"jittered_spikes_750s_seed131",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 750, 131); }, false},
};

INSTANTIATE_TEST_SUITE_P(Fresh13, GeneratedShapes, ::testing::ValuesIn(kFreshShapes13), shape_name);

// Fourteenth set, drawn on 2026-12-04 after every strategy's reductions were confirmed and the budget got its grace
// multiple; judged once on that code (docs/simulate.md).
const Shape kFreshShapes14[] = {
    {"cycle_45min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 2700, 60, 0.05, 1401); }, true},
    {"ramp_down_over_3h_then_flat",
     [] {
       return testing::generated(4 * 3600, 1403, [](int t, testing::Noise& n) {
         const double level = 8 - 7 * std::min(1.0, t / (3 * 3600.0));  // 8 units down to 1 over 3 h
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"triangle_wave_1h",
     [] {
       return testing::generated(6 * 3600, 1404, [](int t, testing::Noise& n) {
         const int phase = t % 3600;  // 1 up to 8 units over 30 min, and back over 30 min
         const double level = phase < 1800 ? 1 + 7 * phase / 1800.0 : 8 - 7 * (phase - 1800) / 1800.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"two_tenants_30min_and_90min",
     [] {
       return summed(testing::daily_sine(8 * 3600, 2 * kUnit, 1.5 * kUnit, 1800, 60, 0.05, 1405),
                     testing::daily_sine(8 * 3600, 2 * kUnit, 1.5 * kUnit, 5400, 60, 0.05, 1406));
     },
     true},
    {"cycle_6h_with_a_10min_ripple",
     [] {
       return testing::generated(24 * 3600, 1407, [](int t, testing::Noise& n) {
         const double slow = 3 * std::sin(2 * std::numbers::pi * t / (6 * 3600.0));
         const double ripple = 0.5 * std::sin(2 * std::numbers::pi * t / 600.0);
         return (4.5 + slow + ripple) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_45s_every_10min",
     [] {
       return testing::generated(6 * 3600, 1408, [](int t, testing::Noise& n) {
         return (t % 600 >= 300 && t % 600 < 345 ? 8.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"jittered_spikes_600s_seed141",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 600, 141); }, false},
    {"thirty_pods_within_a_minute_every_20min",
     [] {
       // Every 20 min, 30 pods start within a minute, each reading 0.25 units for 3 min.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(1411);
       for (int wave = 600; wave < 6 * 3600; wave += 1200) {
         for (int pod = 0; pod < 30; ++pod) {
           testing::add_read(d, wave + static_cast<int>(60 * testing::uniform(n)), 180, 0.25 * kUnit);
         }
       }
       return d;
     },
     false},
    {"storm_after_3h", [] { return testing::silence_then_storm(5 * 3600, 3 * 3600, 5 * kUnit, 1412); }, false},
    {"step_up_at_2h_and_back_at_4h",
     [] {
       return testing::generated(6 * 3600, 1413, [](int t, testing::Noise& n) {
         return (t >= 7200 && t < 14400 ? 8.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"doubling_every_hour_for_5h",
     [] {
       return testing::generated(6 * 3600, 1414, [](int t, testing::Noise& n) {
         const double level = 0.25 * std::pow(2.0, std::min(t, 5 * 3600) / 3600.0);  // 0.25 units up to 8
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"flash_crowds_decaying_over_10min_at_1h_and_4h",
     [] {
       return testing::generated(6 * 3600, 1415, [](int t, testing::Noise& n) {
         const double since = t >= 14400 ? t - 14400 : t >= 3600 ? t - 3600 : -1;  // 7 units more, τ 10 min
         return (1 + (since >= 0 ? 7 * std::exp(-since / 600.0) : 0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"five_minutes_on_every_30min",
     [] {
       return testing::generated(6 * 3600, 1416, [](int t, testing::Noise& n) {
         return (t % 1800 >= 900 && t % 1800 < 1200 ? 7.0 : 0.5) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"flat_level_with_20pct_noise_each_second",
     [] {
       return testing::generated(6 * 3600, 1417,
                                 [](int, testing::Noise& n) { return 5 * kUnit * (1 + 0.2 * n.next()); });
     },
     false},
    {"bursts_ever_more_frequent_over_6h",
     [] {
       // Bursts of 30–90 s, 8 units, whose mean gap shrinks from 900 s to 100 s over 6 h.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 1 * kUnit);
       testing::Noise n(1418);
       for (double t = 300; t < 6 * 3600;) {
         const int len = 30 + static_cast<int>(60 * testing::uniform(n));
         for (int i = static_cast<int>(t); i < static_cast<int>(t) + len && i < 6 * 3600; ++i) {
           d[static_cast<std::size_t>(i)] = 8 * kUnit * (1 + 0.1 * n.next());
         }
         t += len + testing::exponential(n, 900 - 800 * t / (6 * 3600.0));
       }
       return d;
     },
     false},
    {"pods_at_2_a_minute_reading_10min",
     [] {
       // Pods arrive at 2 a minute; each reads 0.2 units for 600 s: about 4 units on average, in Poisson steps.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.0);
       testing::Noise n(1419);
       for (double t = testing::exponential(n, 30); t < 6 * 3600; t += testing::exponential(n, 30)) {
         testing::add_read(d, static_cast<int>(t), 600, 0.2 * kUnit);
       }
       return d;
     },
     false},
    {"random_walk_between_2_and_8_units",
     [] { return testing::bounded_walk(6 * 3600, 1420, kUnit, 4, 0.05, 2, 8, 0.05); }, false},
    // Open until the budget's candidates earned back the overspend (PlannerPolicy::budget_payback): 10.72% unmet
    // (reactive-ideal: 16.53%) but at 2.007× the oracle, having spent 2.44× the floor over the grace; now 11.05% at
    // 1.982×.
    {"random_bursts_250s_seed142",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 250, 20, 90, 142); }, false},
    // Open until the forecast raised the hold where it foretold what the hold missed (PlannerPolicy::
    // forecast_raise_cost): 0.313% at 1.10× against the oracle's 0.115% + 0.1 pp; now 0.183% at 1.14×.
    {"cycle_2h_with_15pct_noise",
     [] { return testing::daily_sine(12 * 3600, 4 * kUnit, 3 * kUnit, 7200, 60, 0.15, 1402); }, true},
};

INSTANTIATE_TEST_SUITE_P(Fresh14, GeneratedShapes, ::testing::ValuesIn(kFreshShapes14), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
