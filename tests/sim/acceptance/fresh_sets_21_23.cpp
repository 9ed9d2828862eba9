// Fresh shape sets twenty-one to twenty-three of issue 4's acceptance suite. The judge and the criteria are
// in tests/sim/acceptance_test.cpp.
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

// A twenty-first fresh set, drawn on 2026-12-05 after the warm-up's rise from the last sample landed, and judged once
// on it: 20 of 20 passed at 8 workers, and at 12. At 16 the on/off with exponential durations was dominated by
// reactive-ideal at 360 s (8.35% at 1.53x); with a 120 s lead the two-peak day missed "near the oracle" (0.157%
// against the oracle's 0.011% + 0.1 pp, at 1.05x).
const Shape kFreshShapes21[] = {
    {"compressed_day_of_4h_with_a_lunch_dip",
     [] {
       return testing::generated(12 * 3600, 2101, [](int t, testing::Noise& n) {
         // A day compressed to 4 h: quiet at midnight, busiest at midday, where lunch takes a third off for ~10 min.
         const double phase = std::fmod(t / 14400.0, 1.0);
         const double day = 0.5 * (1 - std::cos(2 * std::numbers::pi * phase));
         const double lunch = 1 - 0.35 * std::exp(-std::pow((phase - 0.5) / 0.04, 2));
         return (1 + 6.5 * day * lunch) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"two_peak_day_compressed_to_3h",
     [] {
       return testing::generated(9 * 3600, 2102, [](int t, testing::Noise& n) {
         // A weekday in 3 h: a morning peak a third of the way in and a lower, wider one in the afternoon.
         const double phase = std::fmod(t / 10800.0, 1.0);
         const double morning = 6 * std::exp(-std::pow((phase - 0.33) / 0.08, 2));
         const double afternoon = 5 * std::exp(-std::pow((phase - 0.7) / 0.1, 2));
         return (1 + morning + afternoon) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"cycle_100min_with_7pct_noise",
     [] { return testing::daily_sine(8 * 3600, 4 * kUnit, 3 * kUnit, 6000, 60, 0.07, 2103); }, true},
    {"rise_like_a_square_root_over_5h",
     [] {
       return testing::generated(5 * 3600, 2104, [](int t, testing::Noise& n) {
         return (1 + 6.5 * std::sqrt(t / 18000.0)) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"smooth_shift_up_over_30min_at_2h",
     [] {
       return testing::generated(5 * 3600, 2105, [](int t, testing::Noise& n) {
         const double shift = (1 + std::tanh((t - 7200) / 600.0)) / 2;  // 2 units to 6.5, most of it in 30 min
         return (2 + 4.5 * shift) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"two_days_of_a_peaky_daily_cycle",
     [] {
       return testing::generated(2 * 86400, 2106, [v = 0.0](int t, testing::Noise& n) mutable {
         if (t % 60 == 0) {  // a per-minute series: a squared sine, long quiet nights and a short busy afternoon
           const double s = (1 + std::sin(2 * std::numbers::pi * t / 86400)) / 2;
           v = (1 + 6.5 * s * s) * kUnit * (1 + 0.05 * n.next());
         }
         return v;
       });
     },
     true},
    {"pods_at_a_rate_cycling_every_50min",
     [] {
       // Pods arrive (Poisson) at up to 10 a minute, thinned to a rate that follows a 50 min cycle (10% to 100%);
       // each reads 0.4 units for 90 s, on a level of 0.5 units.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(2107);
       for (double t = testing::exponential(n, 6); t < 6 * 3600; t += testing::exponential(n, 6)) {
         if (testing::uniform(n) < 0.55 + 0.45 * std::sin(2 * std::numbers::pi * t / 3000)) {
           testing::add_read(d, static_cast<int>(t), 90, 0.4 * kUnit);
         }
       }
       return d;
     },
     false},
    {"epochs_of_25_to_45min_with_checkpoint_gaps",
     [] {
       // Training epochs read 6 units for 25–45 min each; between them 1–3 min of checkpointing at 0.3 units.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.3 * kUnit);
       testing::Noise n(2108);
       for (int t = 300; t < 8 * 3600;) {
         const int epoch = 1500 + static_cast<int>(1200 * testing::uniform(n));
         for (int i = t; i < t + epoch && i < 8 * 3600; ++i) {
           d[static_cast<std::size_t>(i)] = 6 * kUnit * (1 + 0.03 * n.next());
         }
         t += epoch + 60 + static_cast<int>(120 * testing::uniform(n));
       }
       return d;
     },
     false},
    {"model_rollouts_of_80_pods_within_30s_at_random",
     [] {
       // Rollouts at random (at least 20 min apart, 50 min more on average): 80 pods start within 30 s, each loading
       // 0.09 units for 2–4 min, on a level of 1 unit.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 1 * kUnit);
       testing::Noise n(2109);
       for (double t = testing::exponential(n, 3000); t < 6 * 3600; t += 1200 + testing::exponential(n, 3000)) {
         for (int pod = 0; pod < 80; ++pod) {
           testing::add_read(d, static_cast<int>(t + 30 * testing::uniform(n)),
                             120 + static_cast<int>(120 * testing::uniform(n)), 0.09 * kUnit);
         }
       }
       return d;
     },
     false},
    {"bursts_every_10min_growing_then_shrinking_over_2h",
     [] {
       return testing::generated(6 * 3600, 2110, [](int t, testing::Noise& n) {
         // A 60 s burst 5 min into every 10 min, its height rising from 1 unit to 8 and back over each 2 h.
         const double x = std::fmod((t / 600) * 600 / 7200.0, 1.0);
         const double height = 1 + 7 * (1 - std::abs(2 * x - 1));
         const double level = t % 600 >= 300 && t % 600 < 360 ? height : 1.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"slow_leak_dropping_to_one_unit_at_random",
     [] {
       return testing::generated(8 * 3600, 2111, [level = 1.0](int, testing::Noise& n) mutable {
         level = std::min(level + 2.0 / 3600, 7.5);  // creeps up 2 units an hour, to at most 7.5
         if (testing::uniform(n) < 1.0 / 5400) {
           level = 1;  // a restart every 90 min on average
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"on_off_with_exponential_durations_and_random_levels",
     [] {
       // On for 8 min on average at 4–8 units, off for 12 min on average at 0.2 units, both exponential.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.2 * kUnit);
       testing::Noise n(2112);
       for (double t = testing::exponential(n, 720); t < 6 * 3600;) {
         const double on = testing::exponential(n, 480);
         const double level = 4 + 4 * testing::uniform(n);
         for (auto i = static_cast<int>(t); i < static_cast<int>(t + on) && i < 6 * 3600; ++i) {
           d[static_cast<std::size_t>(i)] = level * kUnit * (1 + 0.05 * n.next());
         }
         t += on + testing::exponential(n, 720);
       }
       return d;
     },
     false},
    {"level_with_cauchy_noise_clipped_at_8_units",
     [] {
       return testing::generated(6 * 3600, 2113, [](int, testing::Noise& n) {
         const double x = 0.15 * std::tan(std::numbers::pi * (0.999 * testing::uniform(n) - 0.4995));
         return std::clamp(3 * (1 + x), 0.0, 8.0) * kUnit;  // 3 units, Cauchy noise of scale 15%
       });
     },
     false},
    {"cycle_whose_period_drifts_from_40_to_100min",
     [] {
       return testing::generated(8 * 3600, 2114, [](int t, testing::Noise& n) {
         // The period grows linearly over the 8 h; the phase is its integral.
         constexpr double kFrom = 2400;
         constexpr double kGrowth = 3600.0 / (8 * 3600);
         const double phase = 2 * std::numbers::pi * std::log(1 + kGrowth * t / kFrom) / kGrowth;
         return (4 + 3 * std::sin(phase)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"level_with_rare_10min_surges",
     [] {
       // 2 units, and at random (75 min apart on average) a 10 min surge to 7.5 that builds over 30 s.
       testing::Noise n(2115);
       std::vector<double> d = testing::noisy_level(8 * 3600, 2 * kUnit, 0.05, n);
       for (double t = testing::exponential(n, 4500); t < 8 * 3600; t += 600 + testing::exponential(n, 4500)) {
         const auto from = static_cast<int>(t);
         for (int i = from; i < from + 600 && i < 8 * 3600; ++i) {
           const double rise = std::min(1.0, (i - from) / 30.0);
           d[static_cast<std::size_t>(i)] = (2 + 5.5 * rise) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
    {"batch_jobs_read_at_full_speed_until_done",
     [] {
       return testing::generated(6 * 3600, 2116, [backlog = 0.0](int, testing::Noise& n) mutable {
         // Jobs of 1,500–6,000 unit-seconds arrive 25 min apart on average and queue; the queue is read at 7 units.
         if (testing::uniform(n) < 1.0 / 1500) {
           backlog += 1500 + 4500 * testing::uniform(n);
         }
         const double read = std::min(7.0, backlog);
         backlog -= read;
         return (0.5 + read) * kUnit * (1 + 0.03 * n.next());
       });
     },
     false},
    {"sweep_waves_of_16_trials_ending_at_random",
     [] {
       // Every 45 min a hyperparameter sweep starts 16 trials within 20 s, each reading 0.45 units for an
       // exponential 15 min on average; 0.3 units between.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.3 * kUnit);
       testing::Noise n(2117);
       for (int start = 600; start < 6 * 3600; start += 2700) {
         for (int trial = 0; trial < 16; ++trial) {
           testing::add_read(d, start + static_cast<int>(20 * testing::uniform(n)),
                             static_cast<int>(testing::exponential(n, 900)), 0.45 * kUnit);
         }
       }
       return d;
     },
     false},
    {"notebook_sessions_in_the_day_half_of_4h_days",
     [] {
       // Sessions arrive (Poisson) at up to 2 a minute, thinned to zero in the night half of each 4 h; each reads
       // 0.25 units for an exponential 10 min on average, on a level of 0.2 units.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.2 * kUnit);
       testing::Noise n(2118);
       for (double t = testing::exponential(n, 30); t < 8 * 3600; t += testing::exponential(n, 30)) {
         if (testing::uniform(n) < std::sin(2 * std::numbers::pi * t / 14400)) {
           testing::add_read(d, static_cast<int>(t), static_cast<int>(testing::exponential(n, 600)), 0.25 * kUnit);
         }
       }
       return d;
     },
     false},
    {"canary_rollout_steps_with_cold_load_spikes",
     [] {
       return testing::generated(6 * 3600, 2119, [](int t, testing::Noise& n) {
         // Every 2 h, from 20 min in, a model rolls out to 10%, 25%, 50% and 100% of the pods, 15 min apart; each
         // step's new pods load it (12 units for the whole fleet, decaying over 90 s), on 2 units of reads.
         constexpr std::array<double, 4> kStep{0.10, 0.15, 0.25, 0.50};
         const int since = t % 7200 - 1200;
         double load = 0;
         for (std::size_t step = 0; step < kStep.size(); ++step) {
           const int s = since - static_cast<int>(step) * 900;
           if (s >= 0 && s < 600) {
             load += 12 * kStep[step] * std::exp(-s / 90.0);
           }
         }
         return (2 + load) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"dropouts_followed_by_retry_storms",
     [] {
       // 3.5 units; at random (at least 15 min apart, an hour more on average) a 2 min outage, after which retries
       // add 120% on top, decaying over 150 s.
       testing::Noise n(2120);
       std::vector<double> d = testing::noisy_level(6 * 3600, 3.5 * kUnit, 0.05, n);
       for (double t = testing::exponential(n, 3600); t < 6 * 3600; t += 900 + testing::exponential(n, 3600)) {
         const auto from = static_cast<int>(t);
         for (int i = from; i < from + 720 && i < 6 * 3600; ++i) {
           const int after = i - from - 120;
           d[static_cast<std::size_t>(i)] =
               after < 0 ? 0.0 : 3.5 * (1 + 1.2 * std::exp(-after / 150.0)) * kUnit * (1 + 0.05 * n.next());
         }
       }
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh21, GeneratedShapes, ::testing::ValuesIn(kFreshShapes21), shape_name);

// A twenty-second fresh set, drawn on 2026-12-05 after plan() was split into named stages, and judged once on it:
// 20 of 20 passed at 8 workers, at 12, at 16 and with a 120 s lead. Least room at 8: the pod waves (1.74x the
// oracle against the 2x bound), the bursts a unit taller each time (1.68x) and the 2 h day near the oracle (1.042x,
// 0.015% unmet against the oracle's 0.003% + 0.1 pp).
const Shape kFreshShapes22[] = {
    {"hourly_cycle_whose_swing_grows_over_8h",
     [] {
       return testing::generated(8 * 3600, 2201, [](int t, testing::Noise& n) {
         // Hourly requests to an inference API: a swing of ±1 unit around 4.5, growing to ±3.5 as the day goes on.
         const double swing = 1 + 2.5 * t / (8 * 3600.0);
         return (4.5 + swing * std::sin(2 * std::numbers::pi * t / 3600)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"two_time_zones_of_a_4h_day_a_third_apart",
     [] {
       return testing::generated(12 * 3600, 2202, [](int t, testing::Noise& n) {
         // One service, two regions' users: the same 4 h day, the second region a third of a day later and smaller.
         const double a = 0.5 * (1 - std::cos(2 * std::numbers::pi * t / 14400));
         const double b = 0.5 * (1 - std::cos(2 * std::numbers::pi * (t - 4800) / 14400));
         return (0.8 + 4 * a + 3 * b) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"fleet_warm_up_easing_in_over_3h_then_flat",
     [] {
       return testing::generated(6 * 3600, 2203, [](int t, testing::Noise& n) {
         // Traffic moved onto a new cluster along a cosine ease over 3 h (1 unit to 7.5), then held.
         const double ease = t < 10800 ? 0.5 * (1 - std::cos(std::numbers::pi * t / 10800)) : 1.0;
         return (1 + 6.5 * ease) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"backfill_tapering_off_over_hours",
     [] {
       return testing::generated(6 * 3600, 2204, [](int t, testing::Noise& n) {
         // An embedding backfill whose partitions finish one by one: 8 units tapering to 1 with a 2 h time constant.
         return (1 + 7 * std::exp(-t / 7200.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"day_of_2h_rising_fast_and_fading_slowly",
     [] {
       return testing::generated(10 * 3600, 2205, [v = 0.0](int t, testing::Noise& n) mutable {
         if (t % 60 == 0) {  // a per-minute series: a 2 h "day" that rises in 24 min and fades over the rest
           const double phase = std::fmod(t / 7200.0, 1.0);
           const double rise = std::sin(std::numbers::pi / 2 * phase / 0.2);
           const double f = phase < 0.2 ? rise * rise : std::exp(-(phase - 0.2) / 0.25);
           v = (1 + 6.5 * f) * kUnit * (1 + 0.05 * n.next());
         }
         return v;
       });
     },
     true},
    {"feature_store_week_of_100min_days_with_a_weekend",
     [] {
       return testing::generated(7 * 6000, 2206, [v = 0.0](int t, testing::Noise& n) mutable {
         // Per-minute feature-store reads: five busy 100 min days, a quieter Saturday, a quiet Sunday.
         if (t % 60 == 0) {
           const int day = t / 6000;
           const double height = day < 5 ? 6.5 : (day == 5 ? 3.5 : 2.0);
           const double shape = 0.5 * (1 - std::cos(2 * std::numbers::pi * (t % 6000) / 6000));
           v = (1 + height * shape) * kUnit * (1 + 0.05 * n.next());
         }
         return v;
       });
     },
     false},
    {"crons_at_00_of_random_length_and_at_30",
     [] {
       return testing::generated(8 * 3600, 2207, [start = 0, len = 0](int t, testing::Noise& n) mutable {
         // An hourly ETL at :00 (5.5 units for 4–7 min) and a half-hourly export at :30 (2.5 units for 2 min), each
         // started up to 30 s late by the scheduler, on 1 unit.
         if (t % 1800 == 0) {
           start = t + static_cast<int>(30 * testing::uniform(n));
           len = t % 3600 == 0 ? 240 + static_cast<int>(180 * testing::uniform(n)) : 120;
         }
         const bool on = t >= start && t < start + len;
         const double job = !on ? 0.0 : (t % 3600 < 1800 ? 5.5 : 2.5);
         return (1 + job) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"queue_drained_by_a_pool_that_grows_with_its_backlog",
     [] {
       return testing::generated(8 * 3600, 2208, [backlog = 0.0](int, testing::Noise& n) mutable {
         // Batches of 2,000–10,000 unit-seconds arrive 30 min apart on average; a pool of one worker and one more
         // per 1,500 queued (at most 8, each reading 1 unit) drains them, shrinking as the queue does; 0.3 units
         // besides.
         if (testing::uniform(n) < 1.0 / 1800) {
           backlog += 2000 + 8000 * testing::uniform(n);
         }
         const double pool = std::clamp(std::floor(1 + backlog / 1500), 1.0, 8.0);
         const double read = std::min(pool, backlog);
         backlog -= read;
         return (0.3 + read) * kUnit * (1 + 0.03 * n.next());
       });
     },
     false},
    {"llm_requests_of_pareto_size_and_lognormal_length",
     [] {
       // LLM inference: requests arrive (Poisson) at 0.6 a second; each reads 0.04 units times a Pareto size (α 1.5,
       // 1 to 40) for a lognormal time (median 30 s, σ 1, at most 30 min); 0.3 units besides.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.3 * kUnit);
       testing::Noise n(2209);
       for (double t = testing::exponential(n, 1 / 0.6); t < 8 * 3600; t += testing::exponential(n, 1 / 0.6)) {
         const double size = std::min(40.0, 1 / std::pow(1 - 0.999 * testing::uniform(n), 1 / 1.5));
         const double z = std::sqrt(-2 * std::log(1 - 0.999 * testing::uniform(n))) *
                          std::cos(2 * std::numbers::pi * testing::uniform(n));
         const double len = std::min(1800.0, 30 * std::exp(z));
         testing::add_read(d, static_cast<int>(t), std::max(1, static_cast<int>(len)), 0.04 * size * kUnit);
       }
       return d;
     },
     false},
    {"bursts_each_a_unit_taller_than_the_last_then_reset",
     [] {
       return testing::generated(
           8 * 3600, 2210, [next = 400.0, end = 0.0, height = 2.0, level = 0.0](int t, testing::Noise& n) mutable {
             // A consumer falling behind: 90 s bursts every 10 min ± 3, each 1 unit taller (2 to 8), then back to 2.
             if (t >= next) {
               level = height;
               height = height >= 8 ? 2 : height + 1;
               end = t + 90;
               next = t + 600 + 180 * n.next();
             }
             return (t < end ? level : 1.0) * kUnit * (1 + 0.05 * n.next());
           });
     },
     false},
    {"rolling_restart_of_20_pods_every_30min",
     [] {
       // A rolling restart every 30 min: 20 pods, one every 15 s, each warming its cache at 1.4 units for 45–75 s, on
       // 2 units of steady reads.
       testing::Noise n(2211);
       std::vector<double> d = testing::noisy_level(6 * 3600, 2 * kUnit, 0.05, n);
       for (int start = 600; start < 6 * 3600; start += 1800) {
         for (int pod = 0; pod < 20; ++pod) {
           testing::add_read(d, start + 15 * pod, 45 + static_cast<int>(30 * testing::uniform(n)), 1.4 * kUnit);
         }
       }
       return d;
     },
     false},
    {"failover_drops_at_random_then_slow_recovery",
     [] {
       return testing::generated(8 * 3600, 2212, [next = 1800.0, from = -1.0](int t, testing::Noise& n) mutable {
         // An upstream fails over at random (45 min apart at least, 90 min more on average): reads drop from 6.5
         // units to 1.5 at once and come back with a 20 min time constant as clients reconnect.
         if (t >= next) {
           from = t;
           next = t + 2700 + testing::exponential(n, 5400);
         }
         const double dip = from >= 0 ? 5 * std::exp(-(t - from) / 1200.0) : 0.0;
         return (6.5 - dip) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"cold_start_storm_after_a_deploy_at_a_random_time_every_90min",
     [] {
       // A deploy at a random time in each 90 min: 60 new pods start within 45 s, each loading 0.11 units for
       // 90–150 s, on 1 unit of steady reads.
       testing::Noise n(2213);
       std::vector<double> d = testing::noisy_level(9 * 3600, 1 * kUnit, 0.05, n);
       for (int slot = 0; slot < 6; ++slot) {
         const int deploy = slot * 5400 + static_cast<int>(4800 * testing::uniform(n));
         for (int pod = 0; pod < 60; ++pod) {
           testing::add_read(d, deploy + static_cast<int>(45 * testing::uniform(n)),
                             90 + static_cast<int>(60 * testing::uniform(n)), 0.11 * kUnit);
         }
       }
       return d;
     },
     false},
    {"steady_level_with_rare_hour_long_backfills",
     [] {
       // 2 units of serving reads; at random (2.5 h apart on average) a backfill job holds 7 units for 45–90 min.
       testing::Noise n(2214);
       std::vector<double> d = testing::noisy_level(12 * 3600, 2 * kUnit, 0.05, n);
       for (double t = testing::exponential(n, 9000); t < 12 * 3600;) {
         const int len = 2700 + static_cast<int>(2700 * testing::uniform(n));
         for (auto i = static_cast<int>(t); i < static_cast<int>(t) + len && i < 12 * 3600; ++i) {
           d[static_cast<std::size_t>(i)] = 7 * kUnit * (1 + 0.05 * n.next());
         }
         t += len + testing::exponential(n, 9000);
       }
       return d;
     },
     false},
    {"pod_waves_probing_20s_before_they_load",
     [] {
       // Waves of 8–16 pods (5 min apart and 5 min more on average, each wave within 10 s): a pod reads its metadata
       // (0.05 units for 20 s) as it appears, then its inputs (0.45 units for 2–4 min); 0.5 units besides.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(2215);
       for (double t = 300 + testing::exponential(n, 300); t < 6 * 3600; t += 300 + testing::exponential(n, 300)) {
         const int pods = 8 + static_cast<int>(8.99 * testing::uniform(n));
         for (int pod = 0; pod < pods; ++pod) {
           const int at = static_cast<int>(t + 10 * testing::uniform(n));
           testing::add_read(d, at, 20, 0.05 * kUnit);
           testing::add_read(d, at + 20, 120 + static_cast<int>(120 * testing::uniform(n)), 0.45 * kUnit);
         }
       }
       return d;
     },
     false},
    {"cache_refills_at_ttl_expiry_every_15_to_25min",
     [] {
       return testing::generated(8 * 3600, 2216, [next = 300.0, at = -100000.0](int t, testing::Noise& n) mutable {
         // A shared cache expires every 15–25 min: origin reads jump to 7.5 units and fall as its hit rate comes
         // back (6 / (1 + s / 60) over 1.5 units).
         if (t >= next) {
           at = t;
           next = t + 900 + 600 * testing::uniform(n);
         }
         return (1.5 + 6 / (1 + (t - at) / 60.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"plateau_with_2s_dropouts_to_nothing",
     [] {
       return testing::generated(4 * 3600, 2217, [next = 120.0, end = 0.0](int t, testing::Noise& n) mutable {
         // A streaming reader at 7 units whose connection drops for 2 s every 2 min on average (GC pauses, resets).
         if (t >= next) {
           end = t + 2;
           next = end + testing::exponential(n, 120);
         }
         return t < end ? 0.0 : 7 * kUnit * (1 + 0.04 * n.next());
       });
     },
     false},
    {"loader_epochs_over_shuffled_shards_of_two_kinds",
     [] {
       // A training data loader: 24 shards (8 of images at 7 units for 150–300 s, 16 of text at 2.5 units for
       // 60–180 s), read in a new shuffled order each epoch, with 2 min of evaluation at 0.3 units between epochs.
       testing::Noise n(2218);
       std::vector<std::pair<double, int>> shards;
       for (int i = 0; i < 24; ++i) {
         shards.emplace_back(i < 8 ? 7.0 : 2.5, i < 8 ? 150 + static_cast<int>(150 * testing::uniform(n))
                                                      : 60 + static_cast<int>(120 * testing::uniform(n)));
       }
       std::vector<double> d(static_cast<std::size_t>(10 * 3600), 0.3 * kUnit);
       for (int t = 0; t < 10 * 3600;) {
         for (std::size_t i = shards.size() - 1; i > 0; --i) {
           std::swap(shards[i],
                     shards[static_cast<std::size_t>(testing::uniform(n) * 0.999 * static_cast<double>(i + 1))]);
         }
         for (const auto& [level, len] : shards) {
           for (int i = t; i < t + len && i < 10 * 3600; ++i) {
             d[static_cast<std::size_t>(i)] = level * kUnit * (1 + 0.04 * n.next());
           }
           t += len;
         }
         t += 120;
       }
       return d;
     },
     false},
    {"hourly_etl_dag_with_a_fan_out_stage",
     [] {
       // An hourly DAG from :05: extract (1.5 units for 5 min), 8 partitions transformed in parallel (0.9 units each
       // for 3–9 min), then an aggregate once the last is done (2.5 units for 4 min); 0.5 units besides.
       testing::Noise n(2219);
       std::vector<double> d = testing::noisy_level(8 * 3600, 0.5 * kUnit, 0.05, n);
       for (int hour = 0; hour < 8; ++hour) {
         const int extract = hour * 3600 + 300;
         testing::add_read(d, extract, 300, 1.5 * kUnit);
         int last = extract + 300;
         for (int part = 0; part < 8; ++part) {
           const int len = 180 + static_cast<int>(360 * testing::uniform(n));
           testing::add_read(d, extract + 300, len, 0.9 * kUnit);
           last = std::max(last, extract + 300 + len);
         }
         testing::add_read(d, last, 240, 2.5 * kUnit);
       }
       return d;
     },
     false},
    {"spot_preemptions_then_checkpoint_restores",
     [] {
       // Training on spot nodes reads 5 units; at random (20 min apart at least, 80 min more on average) the nodes are
       // preempted: 0.2 units for 2–4 min while new ones come up, then the checkpoint restore reads 8 units for 90 s.
       testing::Noise n(2220);
       std::vector<double> d = testing::noisy_level(10 * 3600, 5 * kUnit, 0.04, n);
       for (double t = 1200 + testing::exponential(n, 4800); t < 10 * 3600; t += 1200 + testing::exponential(n, 4800)) {
         const auto from = static_cast<int>(t);
         const int down = 120 + static_cast<int>(120 * testing::uniform(n));
         for (int i = from; i < from + down + 90 && i < 10 * 3600; ++i) {
           d[static_cast<std::size_t>(i)] = (i < from + down ? 0.2 : 8.0) * kUnit * (1 + 0.04 * n.next());
         }
       }
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh22, GeneratedShapes, ::testing::ValuesIn(kFreshShapes22), shape_name);

// A twenty-third fresh set, drawn on 2026-12-05 after every set's tests were named by one shape_name, and judged once
// on it: serverless and AI dataset-cache reads (logins, fleet growth, regions, adoption, seasons, batch windows, agent
// swarms, A/B shifts, index rebuilds, data loaders, a game launch, checkpoint loads, hot partitions, herds,
// scale-to-zero, rate limits, brownouts, peer-to-peer releases, tenants, chat sessions). 19 of 20 passed at 8
// workers, 18 at 12, 17 at 16 and 18 with a 120 s lead. The 9am login ramp missed "near the oracle" at all four (at
// 8: 0.116154% unmet against the oracle's 0.00102199% + 0.1 pp, at 1.04759x); the scale-to-zero function was
// dominated by the HPA at 0.8 at 12 workers (38.2847% at 1.97231x) and by the HPA and KEDA at 0.9 at 16 (41.1529% at
// 1.98129x); at 16 the agent swarms left 21.4497% unmet against reactive-ideal's 20.7252% + 0.5 pp; with a 120 s
// lead the peer-to-peer releases were dominated by the KPA at 0.8 (2.69055% at 1.05801x). The login ramp passes at 8
// workers since the ramp's line (ForecasterParams::ramp_window_s): 0.0974% at 1.050x (docs/simulate.md, "The ramp").
const Shape kFreshShapes23[] = {
    {"login_ramp_at_9am_on_3h_days",
     [] {
       return testing::generated(12 * 3600, 2301, [](int t, testing::Noise& n) {
         // An office SaaS's days compressed to 3 h: quiet nights, a sharp login ramp at 9am (~3 min), a busy day
         // and a slow evening fade from about 7pm.
         const double hour = 24 * std::fmod(t / 10800.0, 1.0);
         const double login = 1 / (1 + std::exp(-(hour - 9) / 0.1));
         const double fade = 1 / (1 + std::exp((hour - 19) / 0.8));
         return (1 + 6.5 * login * fade) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"serving_traffic_doubling_over_6h_in_10pct_steps",
     [] {
       return testing::generated(7 * 3600, 2302, [](int t, testing::Noise& n) {
         // A model-serving fleet taking over traffic: 10% more of its starting load every 36 min, doubled after 6 h.
         const double steps = std::min(10, t / 2160);
         return 3.8 * (1 + 0.1 * steps) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"follow_the_sun_three_regions_of_peaky_4h_days",
     [] {
       return testing::generated(12 * 3600, 2303, [](int t, testing::Noise& n) {
         // One inference API serving three regions whose peaky 4 h days follow each other 80 min apart.
         const auto day = [t](int offset) {
           const double s = 0.5 * (1 - std::cos(2 * std::numbers::pi * (t - offset) / 14400));
           return s * s * s;
         };
         return (0.8 + 6.5 * day(0) + 5 * day(4800) + 4 * day(9600)) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"adoption_following_a_gompertz_curve_over_8h",
     [] {
       return testing::generated(8 * 3600, 2304, [](int t, testing::Noise& n) {
         // A newly launched AI feature's users: slow early uptake, fastest growth near 3 h, then saturation.
         const double adopted = std::exp(-5 * std::exp(-std::log(5.0) * t / 10800));
         return (0.8 + 7 * adopted) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"ten_hour_season_with_a_75min_tide",
     [] {
       return testing::generated(10 * 3600, 2305, [](int t, testing::Noise& n) {
         // A retail recommender's read volume over a sale: rises and falls over 10 h, swelling ±25% every 75 min.
         const double season = std::sin(std::numbers::pi * t / 36000);
         const double tide = 1 + 0.25 * std::sin(2 * std::numbers::pi * t / 4500);
         return (1 + 5 * season) * tide * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"nightly_batch_windows_with_a_long_tail",
     [] {
       // Nights of 2 h days: at 1am 40 batch jobs start within a minute, each reading 0.18 units for a Pareto time
       // (at least 2 min, α 1.2, at most 90 min), so most finish soon and a few run long; 0.6 units besides.
       testing::Noise n(2306);
       std::vector<double> d = testing::noisy_level(10 * 3600, 0.6 * kUnit, 0.05, n);
       for (int night = 0; night < 5; ++night) {
         for (int job = 0; job < 40; ++job) {
           const double len = std::min(5400.0, 120 / std::pow(1 - 0.999 * testing::uniform(n), 1 / 1.2));
           testing::add_read(d, night * 7200 + 300 + static_cast<int>(60 * testing::uniform(n)), static_cast<int>(len),
                             0.18 * kUnit);
         }
       }
       return d;
     },
     false},
    {"agent_swarms_fanning_out_in_cascades",
     [] {
       // Agent tasks 7 min apart on average: each request reads 0.1 units for 20–60 s and, three levels deep, spawns
       // 2–4 sub-agents 5–15 s later (~40 requests a task within a minute); 0.4 units besides.
       testing::Noise n(2307);
       std::vector<double> d = testing::noisy_level(6 * 3600, 0.4 * kUnit, 0.05, n);
       for (double root = testing::exponential(n, 420); root < 6 * 3600; root += testing::exponential(n, 420)) {
         std::vector<std::pair<double, int>> pending{{root, 0}};
         while (!pending.empty()) {
           const auto [at, depth] = pending.back();
           pending.pop_back();
           testing::add_read(d, static_cast<int>(at), 20 + static_cast<int>(40 * testing::uniform(n)), 0.1 * kUnit);
           if (depth < 3) {
             const int children = 2 + static_cast<int>(2.999 * testing::uniform(n));
             for (int c = 0; c < children; ++c) {
               pending.emplace_back(at + 5 + 10 * testing::uniform(n), depth + 1);
             }
           }
         }
       }
       return d;
     },
     false},
    {"ab_test_moving_30pct_of_traffic_every_45min",
     [] {
       return testing::generated(
           8 * 3600, 2308,
           [next = 1200.0, from = 0.1, to = 0.1, since = 0.0, step = 0](int t, testing::Noise& n) mutable {
             // An A/B test of a model whose features this cache holds: its share of traffic moves 30% every
             // 45 min ± 5 (10%, 40%, 70%, 100%, 70%, 40%, ...), the load balancer shifting it over a minute.
             constexpr std::array<double, 6> kShare{0.1, 0.4, 0.7, 1.0, 0.7, 0.4};
             if (t >= next) {
               from = to;
               step = (step + 1) % 6;
               to = kShare[static_cast<std::size_t>(step)];
               since = t;
               next = t + 2700 + 300 * n.next();
             }
             const double share = from + (to - from) * std::min(1.0, (t - since) / 60);
             return (0.8 + 6.8 * share) * kUnit * (1 + 0.05 * n.next());
           });
     },
     false},
    {"rag_index_rebuilds_reading_shards_in_bursts",
     [] {
       // A RAG index rebuilt at random (30 min apart at least, 90 min more on average): 4 readers each read 8 shards
       // in turn, 1.7 units for 30–90 s each with 5–20 s between; 0.8 units of queries besides.
       testing::Noise n(2309);
       std::vector<double> d = testing::noisy_level(8 * 3600, 0.8 * kUnit, 0.05, n);
       for (double t = 900 + testing::exponential(n, 5400); t < 8 * 3600;) {
         double end = t;
         for (int reader = 0; reader < 4; ++reader) {
           double at = t + 10 * testing::uniform(n);
           for (int shard = 0; shard < 8; ++shard) {
             const int len = 30 + static_cast<int>(60 * testing::uniform(n));
             testing::add_read(d, static_cast<int>(at), len, 1.7 * kUnit);
             at += len + 5 + 15 * testing::uniform(n);
           }
           end = std::max(end, at);
         }
         t = end + 1800 + testing::exponential(n, 5400);
       }
       return d;
     },
     false},
    {"dataloader_prefetch_with_worker_restarts",
     [] {
       // 8 data-loader workers prefetch 0.8 units each; each crashes at random (40 min apart on average), is back
       // 30–90 s later and refills its buffer at twice the rate for a minute; 0.3 units besides, ±3% each second.
       testing::Noise n(2310);
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.3 * kUnit);
       for (int worker = 0; worker < 8; ++worker) {
         for (double t = 0; t < 6 * 3600;) {
           const double up = testing::exponential(n, 2400);
           testing::add_read(d, static_cast<int>(t), static_cast<int>(up), 0.8 * kUnit);
           t += up + 30 + 60 * testing::uniform(n);
           testing::add_read(d, static_cast<int>(t), 60, 0.8 * kUnit);
         }
       }
       testing::jitter(d, 0.03, n);
       return d;
     },
     false},
    {"game_launch_storm_decaying_as_a_power_law",
     [] {
       return testing::generated(6 * 3600, 2311, [](int t, testing::Noise& n) {
         // A game's asset cache: near silence until launch at 90 min, then a storm of downloads that decays as a
         // power law (7.2 units × (1 + s/4 min)^-0.6) over what players keep fetching, ±8% each second.
         const int s = t - 5400;
         const double level = s < 0 ? 0.1 : 0.4 + 7.2 * std::pow(1 + s / 240.0, -0.6);
         return level * kUnit * (1 + 0.08 * n.next());
       });
     },
     false},
    {"checkpoint_loads_by_24_pods_every_17min_with_jitter",
     [] {
       // Every 17 min ± 2 (uniform) 24 evaluation pods load the latest checkpoint within a minute, each reading
       // 0.3 units for 40–80 s; 1 unit of steady reads besides.
       testing::Noise n(2312);
       std::vector<double> d = testing::noisy_level(6 * 3600, 1 * kUnit, 0.05, n);
       for (double t = 600; t < 6 * 3600; t += 1020 + 120 * n.next()) {
         for (int pod = 0; pod < 24; ++pod) {
           testing::add_read(d, static_cast<int>(t + 60 * testing::uniform(n)),
                             40 + static_cast<int>(40 * testing::uniform(n)), 0.3 * kUnit);
         }
       }
       return d;
     },
     false},
    {"hash_partitions_going_hot_and_cold",
     [] {
       return testing::generated(6 * 3600, 2313, [hot = std::array<bool, 16>{}](int t, testing::Noise& n) mutable {
         // 16 hash partitions of a key-value feature cache, each hot (0.75 units) for 6 min or cold (0.15) for 20
         // min on average, switching at random and independently.
         double level = 0;
         for (auto& h : hot) {
           if (t == 0) {
             h = testing::uniform(n) < 0.23;
           } else if (testing::uniform(n) < (h ? 1 / 360.0 : 1 / 1200.0)) {
             h = !h;
           }
           level += h ? 0.75 : 0.15;
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"thundering_herd_with_backoff_waves_after_random_flushes",
     [] {
       // A cache flushed at random (20 min + an hour on average apart): all clients refetch (6.5 units for 20 s), then
       // retry with doubling backoff in 15 s waves at 30, 90, 210 and 450 s, each half the last; 1.5 units besides.
       testing::Noise n(2314);
       std::vector<double> d = testing::noisy_level(8 * 3600, 1.5 * kUnit, 0.05, n);
       for (double t = 1200 + testing::exponential(n, 3600); t < 8 * 3600; t += 1200 + testing::exponential(n, 3600)) {
         const auto from = static_cast<int>(t);
         testing::add_read(d, from, 20, 6.5 * kUnit);
         double wave = 6.5;
         for (const int after : {30, 90, 210, 450}) {
           wave /= 2;
           testing::add_read(d, from + after, 15, wave * kUnit);
         }
       }
       return d;
     },
     false},
    {"scale_to_zero_function_woken_by_sparse_requests",
     [] {
       // A serverless inference function, requests 6 min apart on average: a cold one loads its model (7.5 units for
       // 30–45 s), serves at 0.8 units and scales to zero 5 min after its last request.
       auto at = [next = 300.0, loading = 0.0, warm = 0.0](int t, testing::Noise& n) mutable {
         if (t >= next) {
           if (t >= warm) {
             loading = t + 30 + 15 * testing::uniform(n);
           }
           warm = t + 300;
           next = t + testing::exponential(n, 360);
         }
         const double level = t < loading ? 7.5 : (t < warm ? 0.8 : 0.05);
         return level * kUnit * (1 + 0.05 * n.next());
       };
       return testing::generated(6 * 3600, 2315, at);
     },
     false},
    {"backfills_throttled_by_a_token_bucket",
     [] {
       return testing::generated(8 * 3600, 2316, [backlog = 0.0, tokens = 240.0](int, testing::Noise& n) mutable {
         // Backfills of 1,000–4,000 unit-seconds, 20 min apart on average, read through a token bucket (3 a
         // second, bursts of 240): about a minute at 7.5 units, then 3 until done; 0.5 units besides.
         if (testing::uniform(n) < 1.0 / 1200) {
           backlog += 1000 + 3000 * testing::uniform(n);
         }
         tokens = std::min(240.0, tokens + 3);
         const double read = std::min({7.5, backlog, tokens});
         tokens -= read;
         backlog -= read;
         return (0.5 + read) * kUnit * (1 + 0.03 * n.next());
       });
     },
     false},
    {"brownouts_amplified_by_retries_until_the_breaker_trips",
     [] {
       // 2.5 units; at random (20 min apart at least, 100 min more on average) a backend browns out and retries grow
       // reads 25% every 20 s; past 7.5 units the circuit breaker opens (0.5 units for 1–2 min).
       auto at = [next = 1800.0, start = -1e9, open_until = -1e9](int t, testing::Noise& n) mutable {
         if (t >= next) {
           start = t;
           next = t + 1200 + testing::exponential(n, 6000);
         }
         double level = 2.5;
         if (t < open_until) {
           level = 0.5;
         } else if (start >= 0) {
           level = 2.5 * std::pow(1.25, (t - start) / 20.0);
           if (level > 7.5) {
             open_until = t + 60 + 60 * testing::uniform(n);
             start = -1e9;
             level = 0.5;
           }
         }
         return level * kUnit * (1 + 0.05 * n.next());
       };
       return testing::generated(8 * 3600, 2317, at);
     },
     false},
    {"dataset_releases_spreading_peer_to_peer",
     [] {
       // Dataset versions released at random (15 min + 75 on average apart), fetched by the first pods, which seed
       // the rest peer to peer: reads rise over ~4 min to 3.5–6.5 units and fade over ~15 min; 1 unit besides.
       testing::Noise n(2318);
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 1 * kUnit);
       for (double t = 600 + testing::exponential(n, 4500); t < 8 * 3600; t += 900 + testing::exponential(n, 4500)) {
         const double height = 3.5 + 3 * testing::uniform(n);
         for (auto i = static_cast<int>(t); i < static_cast<int>(t) + 2400 && i < 8 * 3600; ++i) {
           const double s = i - t - 240;
           const double x = s < 0 ? s / 40 : s / 150;
           d[static_cast<std::size_t>(i)] += height * 4 * std::exp(-x) / std::pow(1 + std::exp(-x), 2) * kUnit;
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"six_tenants_bursting_under_a_shared_rate_limit",
     [] {
       // Six tenants of a shared embedding cache, each on for 4 min on average at 2–3.5 units and off for 15 min
       // (both exponential), on 0.5 units; a shared rate limit caps the sum at 8 units.
       testing::Noise n(2319);
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       for (int tenant = 0; tenant < 6; ++tenant) {
         for (double t = testing::exponential(n, 900); t < 6 * 3600;) {
           const double on = testing::exponential(n, 240);
           testing::add_read(d, static_cast<int>(t), static_cast<int>(on), (2 + 1.5 * testing::uniform(n)) * kUnit);
           t += on + testing::exponential(n, 900);
         }
       }
       for (auto& v : d) {
         v = std::min(8 * kUnit, v * (1 + 0.04 * n.next()));
       }
       return d;
     },
     false},
    {"chat_sessions_rereading_a_growing_context",
     [] {
       // Chat sessions 45 s apart, lasting 8 min (both exponential on average, at most 40 min), each turn rereading
       // the conversation: 0.05 units plus 0.03 per minute of session; 0.5 units besides.
       testing::Noise n(2320);
       std::vector<double> d = testing::noisy_level(6 * 3600, 0.5 * kUnit, 0.05, n);
       for (double t = testing::exponential(n, 45); t < 6 * 3600; t += testing::exponential(n, 45)) {
         const auto from = static_cast<int>(t);
         const int len = static_cast<int>(std::min(2400.0, testing::exponential(n, 480)));
         for (int i = from; i < from + len && i < 6 * 3600; ++i) {
           d[static_cast<std::size_t>(i)] += (0.05 + 0.03 * (i - from) / 60.0) * kUnit;
         }
       }
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh23, GeneratedShapes, ::testing::ValuesIn(kFreshShapes23), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
