// Fresh shape sets fifteen to twenty of issue 4's acceptance suite. The judge and the criteria are in
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

// Fifteenth set, drawn on 2026-12-04 after the spend budget earned back its excess (PlannerPolicy::budget_payback);
// judged once on that code (docs/simulate.md).
const Shape kFreshShapes15[] = {
    {"cycle_90min", [] { return testing::daily_sine(8 * 3600, 4 * kUnit, 3 * kUnit, 5400, 60, 0.05, 1501); }, true},
    {"ramp_up_over_5h",
     [] {
       return testing::generated(6 * 3600, 1503, [](int t, testing::Noise& n) {
         const double level = 1 + 7 * std::min(1.0, t / (5 * 3600.0));  // 1 unit up to 8 over 5 h
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"two_days_of_a_daily_cycle",
     [] { return testing::daily_sine(48 * 3600, 4.5 * kUnit, 3.5 * kUnit, 86400, 60, 0.05, 1504); }, true},
    {"hourly_cycle_on_a_rising_trend",
     [] {
       return testing::generated(8 * 3600, 1505, [](int t, testing::Noise& n) {
         const double trend = 2 + 4 * t / (8 * 3600.0);  // 2 units up to 6 over 8 h
         return (trend + 1.5 * std::sin(2 * std::numbers::pi * t / 3600.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"staircase_down_from_8_to_1_hourly",
     [] {
       return testing::generated(8 * 3600, 1506, [](int t, testing::Noise& n) {
         return (8.0 - std::min(t / 3600, 7)) * kUnit * (1 + 0.05 * n.next());  // a unit less every hour
       });
     },
     false},
    {"spikes_20s_every_3min", [] { return testing::spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 180, 20, 100); }, false},
    {"spikes_60s_every_15min", [] { return testing::spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 900, 60, 300); },
     false},
    {"jittered_spikes_400s_seed151",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 400, 151); }, false},
    {"jittered_spikes_900s_seed152",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 900, 152); }, false},
    {"random_bursts_180s_seed153",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 180, 20, 90, 153); }, false},
    {"random_bursts_700s_seed154",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 700, 30, 120, 154); }, false},
    {"random_bursts_400s_from_nothing_seed155",
     [] { return testing::random_bursts(6 * 3600, 0, 8 * kUnit, 400, 20, 60, 155); }, false},
    {"storm_after_90min", [] { return testing::silence_then_storm(4 * 3600, 5400, 6 * kUnit, 1514); }, false},
    {"two_storms_of_30min_in_silence",
     [] {
       return testing::generated(6 * 3600, 1515, [](int t, testing::Noise& n) {
         const bool storm = (t >= 3600 && t < 5400) || (t >= 4 * 3600 && t < 4 * 3600 + 1800);
         return storm ? 6 * kUnit * (1 + 0.2 * n.next()) : 0.0;
       });
     },
     false},
    {"twenty_minutes_on_every_hour",
     [] {
       return testing::generated(6 * 3600, 1516, [](int t, testing::Noise& n) {
         return (t % 3600 >= 1200 && t % 3600 < 2400 ? 7.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"fifty_pods_within_two_minutes_every_hour",
     [] {
       // Every hour, 50 pods start within 2 min, each reading 0.15 units for 5 min, on 0.5 units.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(1517);
       for (int wave = 900; wave < 6 * 3600; wave += 3600) {
         for (int pod = 0; pod < 50; ++pod) {
           testing::add_read(d, wave + static_cast<int>(120 * testing::uniform(n)), 300, 0.15 * kUnit);
         }
       }
       return d;
     },
     false},
    {"sawtooth_45min", [] { return testing::sawtooth(6 * 3600, 1 * kUnit, 8 * kUnit, 2700, 0.05, 1518); }, false},
    {"step_down_at_3h",
     [] {
       return testing::generated(6 * 3600, 1519, [](int t, testing::Noise& n) {
         return (t < 3 * 3600 ? 8.0 : 2.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"spikes_every_10min_on_a_daily_cycle",
     [] {
       auto d = testing::daily_sine(24 * 3600, 2.5 * kUnit, 1.5 * kUnit, 86400, 60, 0.05, 1520);
       for (int t = 200; t < 24 * 3600; t += 600) {
         testing::add_read(d, t, 30, 4 * kUnit);  // 4 units more for 30 s
       }
       return d;
     },
     false},
    // Open until the forecast raised the hold where it foretold what the hold missed (PlannerPolicy::
    // forecast_raise_cost): 0.260% at 1.06× against the oracle's 0.099% + 0.1 pp; now 0.130% at 1.10×.
    {"cycle_3h_with_10pct_noise",
     [] { return testing::daily_sine(12 * 3600, 4 * kUnit, 3 * kUnit, 10800, 60, 0.10, 1502); }, true},
};

INSTANTIATE_TEST_SUITE_P(Fresh15, GeneratedShapes, ::testing::ValuesIn(kFreshShapes15), shape_name);

// Sixteenth set, drawn on 2026-12-04 after the forecast raised the hold where it foretold what the hold missed
// (PlannerPolicy::forecast_raise_cost); judged once on that code (docs/simulate.md).
const Shape kFreshShapes16[] = {
    {"cycle_4h_with_15pct_noise",
     [] { return testing::daily_sine(16 * 3600, 4 * kUnit, 3 * kUnit, 14400, 60, 0.15, 1601); }, true},
    {"cycle_1h_with_10pct_noise",
     [] { return testing::daily_sine(8 * 3600, 4 * kUnit, 3 * kUnit, 3600, 60, 0.10, 1602); }, true},
    {"cycle_6h_with_20pct_noise",
     [] { return testing::daily_sine(24 * 3600, 4 * kUnit, 3 * kUnit, 21600, 60, 0.20, 1603); }, true},
    {"ramp_down_over_5h_with_10pct_noise", [] { return testing::ramp(5 * 3600, 8 * kUnit, 1 * kUnit, 0.10, 1604); },
     true},
    {"daily_cycle_with_a_midday_dip",
     [] {
       return testing::generated(24 * 3600, 1605, [](int t, testing::Noise& n) {
         const double day = 4 - 3 * std::cos(2 * std::numbers::pi * t / 86400.0);  // 1 unit at midnight, 7 at noon
         const double from_noon = t - 43200.0;
         const double dip = 2.5 * std::exp(-from_noon * from_noon / (2 * 1800.0 * 1800.0));  // σ 30 min
         return (day - dip) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"cycle_30min_on_a_falling_trend",
     [] {
       return testing::generated(8 * 3600, 1606, [](int t, testing::Noise& n) {
         const double trend = 6 - 4 * t / (8 * 3600.0);  // 6 units down to 2 over 8 h
         return (trend + 1.5 * std::sin(2 * std::numbers::pi * t / 1800.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_of_30s_every_5min", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 300, 30, 120); },
     false},
    {"jittered_spikes_every_1200s_seed1607",
     [] { return testing::jittered_spike_train(8 * 3600, 1 * kUnit, 8 * kUnit, 1200, 1607); }, false},
    {"random_bursts_300s_seed1608",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 300, 20, 120, 1608); }, false},
    {"long_random_bursts_2000s_seed1609",
     [] { return testing::random_bursts(10 * 3600, 1 * kUnit, 9 * kUnit, 2000, 60, 400, 1609); }, false},
    {"short_random_bursts_100s_from_nothing_seed1610",
     [] { return testing::random_bursts(4 * 3600, 0, 8 * kUnit, 100, 10, 40, 1610); }, false},
    {"storm_after_5h_of_silence", [] { return testing::silence_then_storm(7 * 3600, 5 * 3600, 5 * kUnit, 1611); },
     false},
    {"staircase_up_and_down_every_20min",
     [] {
       return testing::staircase(6 * 3600, {1 * kUnit, 3 * kUnit, 5 * kUnit, 7 * kUnit, 5 * kUnit, 3 * kUnit}, 1200,
                                 0.05, 1612);
     },
     false},
    {"sawtooth_20min", [] { return testing::sawtooth(6 * 3600, 1 * kUnit, 8 * kUnit, 1200, 0.05, 1613); }, false},
    {"pods_every_2min_reading_5min",
     [] {
       // Pods arrive at 0.5 a minute (Poisson) and each reads 0.8 units for 5 min, on a level of 0.5 units.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.5 * kUnit);
       testing::Noise n(1614);
       for (double t = testing::exponential(n, 120); t < 6 * 3600; t += testing::exponential(n, 120)) {
         testing::add_read(d, static_cast<int>(t), 300, 0.8 * kUnit);
       }
       return d;
     },
     false},
    {"forty_pods_within_90s_every_40min",
     [] {
       // Every 40 min, 40 pods start within 90 s, each reading 0.2 units for 2 min; 1 unit between.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 1 * kUnit);
       testing::Noise n(1615);
       for (int start = 600; start < 8 * 3600; start += 2400) {
         for (int pod = 0; pod < 40; ++pod) {
           testing::add_read(d, start + static_cast<int>(90 * testing::uniform(n)), 120, 0.2 * kUnit);
         }
       }
       return d;
     },
     false},
    {"rare_tall_spikes_on_a_flat_level",
     [] { return testing::random_bursts(8 * 3600, 2 * kUnit, 8 * kUnit, 3600, 10, 30, 1616); }, false},
    {"half_a_day_low_then_half_a_day_high",
     [] {
       return testing::generated(24 * 3600, 1617, [](int t, testing::Noise& n) {
         return (t < 12 * 3600 ? 2.0 : 6.0) * kUnit * (1 + 0.10 * n.next());
       });
     },
     false},
    {"random_on_off_5min_on_10min_off",
     [] {
       // Two states: on (6 units, 10% noise) for 5 min on average, off (1 unit) for 10 min on average.
       return testing::generated(8 * 3600, 1618, [on = false, left = 600.0](int, testing::Noise& n) mutable {
         if (--left <= 0) {
           on = !on;
           left = testing::exponential(n, on ? 300 : 600);
         }
         return (on ? 6.0 : 1.0) * kUnit * (1 + 0.10 * n.next());
       });
     },
     false},
    {"cycle_10min_with_spikes_every_7min",
     [] {
       auto d = testing::daily_sine(4 * 3600, 3 * kUnit, 2 * kUnit, 600, 10, 0.05, 1619);
       for (int t = 300; t < 4 * 3600; t += 420) {
         testing::add_read(d, t, 20, 3 * kUnit);  // 3 units more for 20 s
       }
       return d;
     },
     false},
    {"noisy_level_with_a_slow_hourly_swell",
     [] {
       return testing::generated(8 * 3600, 1620, [](int t, testing::Noise& n) {
         const double swell = 4 + 1 * std::sin(2 * std::numbers::pi * t / 3600.0);  // 3 to 5 units
         return swell * kUnit * (1 + 0.25 * n.next());                              // ±25% each second
       });
     },
     true},
};

INSTANTIATE_TEST_SUITE_P(Fresh16, GeneratedShapes, ::testing::ValuesIn(kFreshShapes16), shape_name);

// Seventeenth set, drawn on 2026-12-04 after the peak hold kept levels by share and the forecast's raise let a hair of
// a worker go (FractionalHold, PlannerPolicy::forecast_raise_slack); judged once on that code (docs/simulate.md): 19
// of 20 passed; the 90 min cycle with 15% noise is in kOpenShapes.
const Shape kFreshShapes17[] = {
    {"cycle_3h_with_5pct_noise_a_second",
     [] { return testing::daily_sine(12 * 3600, 4 * kUnit, 3 * kUnit, 10800, 1, 0.05, 1701); }, true},
    {"ramp_up_over_3h_with_20pct_noise", [] { return testing::ramp(3 * 3600, 1 * kUnit, 8 * kUnit, 0.20, 1703); },
     true},
    {"two_days_with_10pct_noise",
     [] { return testing::daily_sine(2 * 86400, 4 * kUnit, 3 * kUnit, 86400, 60, 0.10, 1704); }, true},
    {"flat_level_with_3pct_noise",
     [] {
       return testing::generated(6 * 3600, 1705,
                                 [](int, testing::Noise& n) { return 2 * kUnit * (1 + 0.03 * n.next()); });
     },
     true},
    {"hourly_cycle_on_a_rising_trend",
     [] {
       return testing::generated(8 * 3600, 1706, [](int t, testing::Noise& n) {
         const double trend = 2 + 3 * t / (8 * 3600.0);  // 2 units up to 5 over 8 h
         return (trend + 1 * std::sin(2 * std::numbers::pi * t / 3600.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"two_tenants_2h_and_25min",
     [] {
       return testing::generated(8 * 3600, 1707, [](int t, testing::Noise& n) {
         const double slow = 3 + 2 * std::sin(2 * std::numbers::pi * t / 7200.0);
         const double fast = 1.5 + 1 * std::sin(2 * std::numbers::pi * t / 1500.0);
         return (slow + fast) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_of_10s_every_3min", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 180, 10, 60); },
     false},
    {"jittered_spikes_every_600s_seed1708",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 600, 1708); }, false},
    {"random_bursts_500s_seed1709",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 9 * kUnit, 500, 30, 180, 1709); }, false},
    {"random_bursts_200s_from_nothing_seed1710",
     [] { return testing::random_bursts(4 * 3600, 0, 6 * kUnit, 200, 15, 60, 1710); }, false},
    {"storm_after_3h_of_silence", [] { return testing::silence_then_storm(6 * 3600, 3 * 3600, 6 * kUnit, 1711); },
     false},
    {"staircase_down_every_30min",
     [] {
       return testing::staircase(6 * 3600, {8 * kUnit, 6 * kUnit, 4 * kUnit, 2 * kUnit}, 1800, 0.05, 1712);
     },
     false},
    {"sawtooth_45min", [] { return testing::sawtooth(8 * 3600, 1 * kUnit, 8 * kUnit, 2700, 0.05, 1713); }, false},
    {"pods_every_30s_reading_2min",
     [] {
       // Pods arrive at 2 a minute (Poisson) and each reads 0.3 units for 2 min, on a level of 0.5 units.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.5 * kUnit);
       testing::Noise n(1714);
       for (double t = testing::exponential(n, 30); t < 4 * 3600; t += testing::exponential(n, 30)) {
         testing::add_read(d, static_cast<int>(t), 120, 0.3 * kUnit);
       }
       return d;
     },
     false},
    {"thirty_pods_within_60s_every_hour",
     [] {
       // Every hour, 30 pods start within 60 s, each reading 0.25 units for 3 min; 1 unit between.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 1 * kUnit);
       testing::Noise n(1715);
       for (int hour = 600; hour < 6 * 3600; hour += 3600) {
         for (int pod = 0; pod < 30; ++pod) {
           testing::add_read(d, hour + static_cast<int>(60 * testing::uniform(n)), 180, 0.25 * kUnit);
         }
       }
       return d;
     },
     false},
    {"square_wave_10min_with_10pct_noise",
     [] {
       return testing::staircase(4 * 3600, {2 * kUnit, 6 * kUnit}, 600, 0.10, 1716);
     },
     false},
    {"level_shifts_at_random_every_hour",
     [] {
       return testing::generated(8 * 3600, 1717, [level = 4.0](int, testing::Noise& n) mutable {
         if (testing::uniform(n) < 1.0 / 3600) {
           level = 1 + 7 * testing::uniform(n);  // a new level every hour on average
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_on_a_daily_cycle",
     [] {
       return summed(testing::daily_sine(24 * 3600, 3 * kUnit, 2 * kUnit, 86400, 60, 0.05, 1718),
                     testing::random_bursts(24 * 3600, 0, 4 * kUnit, 900, 30, 240, 1719));
     },
     false},
    {"flash_crowd_decaying_over_15min_every_90min",
     [] {
       return testing::generated(9 * 3600, 1720, [](int t, testing::Noise& n) {
         const int since = t % 5400 - 1200;  // the crowd arrives 20 min into each 90 min
         const double crowd = since >= 0 ? 7 * std::exp(-since / 900.0) : 0.0;
         return (1 + crowd) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh17, GeneratedShapes, ::testing::ValuesIn(kFreshShapes17), shape_name);

// Eighteenth set, drawn on 2026-12-04 after the last sample's bound raised the hold before the comparison and the
// calibration kept 7.7 horizons (PlannerPolicy::trend_before_compare, ForecasterParams::calibration_horizons); judged
// once on that code (docs/simulate.md): 20 of 20 passed, at 12 and 16 workers too.
const Shape kFreshShapes18[] = {
    {"cycle_2h_with_10pct_noise_a_second",
     [] { return testing::daily_sine(10 * 3600, 4 * kUnit, 2.5 * kUnit, 7200, 1, 0.10, 1801); }, true},
    {"ramp_down_over_4h", [] { return testing::ramp(4 * 3600, 8 * kUnit, 1 * kUnit, 0.05, 1802); }, true},
    {"two_days_with_5pct_noise",
     [] { return testing::daily_sine(2 * 86400, 5 * kUnit, 3 * kUnit, 86400, 60, 0.05, 1803); }, true},
    {"cycle_40min_with_5pct_noise",
     [] { return testing::daily_sine(8 * 3600, 4 * kUnit, 3 * kUnit, 2400, 60, 0.05, 1804); }, true},
    {"two_tenants_3h_and_1h",
     [] {
       return testing::generated(9 * 3600, 1805, [](int t, testing::Noise& n) {
         const double slow = 3 + 2 * std::sin(2 * std::numbers::pi * t / 10800.0);
         const double fast = 1.5 + 1 * std::sin(2 * std::numbers::pi * t / 3600.0);
         return (slow + fast) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"ramp_up_over_2h_then_flat",
     [] {
       return testing::generated(6 * 3600, 1806, [](int t, testing::Noise& n) {
         const double level = 1 + 5 * std::min(t / 7200.0, 1.0);  // 1 unit up to 6 over 2 h, then 6
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_of_20s_every_4min", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 7 * kUnit, 240, 20, 90); },
     false},
    {"jittered_spikes_every_450s_seed1807",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 450, 1807); }, false},
    {"random_bursts_350s_seed1808",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 8 * kUnit, 350, 20, 120, 1808); }, false},
    {"random_bursts_1200s_from_nothing_seed1809",
     [] { return testing::random_bursts(6 * 3600, 0, 7 * kUnit, 1200, 60, 300, 1809); }, false},
    {"storm_after_1h_of_silence", [] { return testing::silence_then_storm(4 * 3600, 3600, 7 * kUnit, 1810); }, false},
    {"staircase_up_every_20min",
     [] {
       return testing::staircase(6 * 3600, {1 * kUnit, 3 * kUnit, 5 * kUnit, 7 * kUnit}, 1200, 0.05, 1811);
     },
     false},
    {"sawtooth_20min", [] { return testing::sawtooth(6 * 3600, 2 * kUnit, 8 * kUnit, 1200, 0.05, 1812); }, false},
    {"pods_every_10s_reading_30s",
     [] {
       // Pods arrive at 6 a minute (Poisson) and each reads 0.2 units for 30 s, on a level of 1 unit.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 1 * kUnit);
       testing::Noise n(1813);
       for (double t = testing::exponential(n, 10); t < 4 * 3600; t += testing::exponential(n, 10)) {
         testing::add_read(d, static_cast<int>(t), 30, 0.2 * kUnit);
       }
       return d;
     },
     false},
    {"fifty_pods_within_2min_every_2h",
     [] {
       // Every 2 h, 50 pods start within 2 min, each reading 0.15 units for 5 min; 0.5 units between.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.5 * kUnit);
       testing::Noise n(1814);
       for (int start = 900; start < 8 * 3600; start += 7200) {
         for (int pod = 0; pod < 50; ++pod) {
           testing::add_read(d, start + static_cast<int>(120 * testing::uniform(n)), 300, 0.15 * kUnit);
         }
       }
       return d;
     },
     false},
    {"square_wave_30min",
     [] {
       return testing::staircase(6 * 3600, {1 * kUnit, 5 * kUnit}, 1800, 0.05, 1815);
     },
     false},
    {"level_shifts_at_random_every_20min",
     [] {
       return testing::generated(6 * 3600, 1816, [level = 3.0](int, testing::Noise& n) mutable {
         if (testing::uniform(n) < 1.0 / 1200) {
           level = 1 + 6 * testing::uniform(n);  // a new level every 20 min on average
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_on_an_hourly_cycle",
     [] {
       return summed(testing::daily_sine(8 * 3600, 3 * kUnit, 1.5 * kUnit, 3600, 60, 0.05, 1817),
                     testing::random_bursts(8 * 3600, 0, 3 * kUnit, 600, 20, 120, 1818));
     },
     false},
    {"spikes_decaying_over_5min_every_30min",
     [] {
       return testing::generated(6 * 3600, 1819, [](int t, testing::Noise& n) {
         const int since = t % 1800 - 600;  // each spike 10 min into its half hour
         const double spike = since >= 0 ? 5 * std::exp(-since / 300.0) : 0.0;
         return (1 + spike) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_walk_between_1_and_7_units",
     [] { return testing::bounded_walk(6 * 3600, 1820, kUnit, 3, 0.08, 1, 7, 0.05); }, false},
};

INSTANTIATE_TEST_SUITE_P(Fresh18, GeneratedShapes, ::testing::ValuesIn(kFreshShapes18), shape_name);

// A nineteenth fresh set, drawn on 2026-12-04 after the unheld mean landed, and judged once on it: 19 of 20 passed at
// 8 workers; the bursts with an echo at half height were in kOpenShapes until the steady candidate (docs/simulate.md).
const Shape kFreshShapes19[] = {
    {"cycle_3h_with_5pct_noise",
     [] { return testing::daily_sine(12 * 3600, 4 * kUnit, 3 * kUnit, 10800, 60, 0.05, 1901); }, true},
    {"ramp_up_over_3h", [] { return testing::ramp(3 * 3600, 1 * kUnit, 8 * kUnit, 0.05, 1902); }, true},
    {"cycle_75min_with_8pct_noise",
     [] { return testing::daily_sine(8 * 3600, 4.5 * kUnit, 3 * kUnit, 4500, 60, 0.08, 1903); }, true},
    {"two_days_with_10pct_noise",
     [] { return testing::daily_sine(2 * 86400, 4 * kUnit, 3 * kUnit, 86400, 60, 0.10, 1904); }, true},
    {"ramp_down_over_2h_then_flat",
     [] {
       return testing::generated(5 * 3600, 1905, [](int t, testing::Noise& n) {
         const double level = 7 - 5 * std::min(t / 7200.0, 1.0);  // 7 units down to 2 over 2 h, then 2
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_of_40s_every_6min", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 7 * kUnit, 360, 40, 120); },
     false},
    {"jittered_spikes_every_600s_seed1907",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 600, 1907); }, false},
    {"random_bursts_250s_seed1908",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 8 * kUnit, 250, 15, 90, 1908); }, false},
    {"random_bursts_2000s_from_nothing_seed1909",
     [] { return testing::random_bursts(6 * 3600, 0, 8 * kUnit, 2000, 120, 400, 1909); }, false},
    {"storm_after_2h_of_silence", [] { return testing::silence_then_storm(5 * 3600, 7200, 6 * kUnit, 1910); }, false},
    {"staircase_down_every_15min",
     [] {
       return testing::staircase(6 * 3600, {7 * kUnit, 5 * kUnit, 3 * kUnit, 1 * kUnit}, 900, 0.05, 1911);
     },
     false},
    {"sawtooth_45min", [] { return testing::sawtooth(6 * 3600, 1 * kUnit, 7 * kUnit, 2700, 0.05, 1912); }, false},
    {"pods_every_30s_reading_2min",
     [] {
       // Pods arrive at 2 a minute (Poisson) and each reads 0.5 units for 2 min, on a level of 0.5 units.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.5 * kUnit);
       testing::Noise n(1913);
       for (double t = testing::exponential(n, 30); t < 4 * 3600; t += testing::exponential(n, 30)) {
         testing::add_read(d, static_cast<int>(t), 120, 0.5 * kUnit);
       }
       return d;
     },
     false},
    {"twenty_pods_once_an_hour_at_a_random_minute",
     [] {
       // Once an hour, at a random minute, 20 pods start within a minute, each reading 0.3 units for 3 min; 1 unit
       // between.
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 1 * kUnit);
       testing::Noise n(1914);
       for (int hour = 0; hour < 6; ++hour) {
         const int start = hour * 3600 + static_cast<int>(3300 * testing::uniform(n));
         for (int pod = 0; pod < 20; ++pod) {
           testing::add_read(d, start + static_cast<int>(60 * testing::uniform(n)), 180, 0.3 * kUnit);
         }
       }
       return d;
     },
     false},
    {"square_wave_10min",
     [] {
       return testing::staircase(6 * 3600, {2 * kUnit, 6 * kUnit}, 600, 0.05, 1915);
     },
     false},
    {"level_shifts_at_random_every_40min",
     [] {
       return testing::generated(6 * 3600, 1916, [level = 4.0](int, testing::Noise& n) mutable {
         if (testing::uniform(n) < 1.0 / 2400) {
           level = 1 + 6 * testing::uniform(n);  // a new level every 40 min on average
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_on_a_3h_cycle",
     [] {
       return summed(testing::daily_sine(9 * 3600, 3 * kUnit, 1.5 * kUnit, 10800, 60, 0.05, 1917),
                     testing::random_bursts(9 * 3600, 0, 3 * kUnit, 900, 30, 180, 1918));
     },
     false},
    {"spikes_decaying_over_2min_every_15min",
     [] {
       return testing::generated(6 * 3600, 1919, [](int t, testing::Noise& n) {
         const int since = t % 900 - 300;  // each spike 5 min into its quarter hour
         const double spike = since >= 0 ? 6 * std::exp(-since / 120.0) : 0.0;
         return (1 + spike) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_walk_between_2_and_8_units",
     [] { return testing::bounded_walk(6 * 3600, 1920, kUnit, 4, 0.1, 2, 8, 0.05); }, false},
    // Dominated by the KPA at 0.6 (10.27% at 1.54x) with 11.43% at 1.73x, and in kOpenShapes, until the steady level
    // became a candidate for following the dominant: 9.89% at 1.62x (docs/simulate.md).
    {"bursts_with_an_echo_at_half_height_60s_later",
     [] {
       const auto first = testing::random_bursts(4 * 3600, 0, 6 * kUnit, 500, 30, 90, 1921);
       std::vector<double> echo(first.size(), 0.0);
       for (std::size_t i = 60; i < first.size(); ++i) {
         echo[i] = 0.5 * first[i - 60];  // half of them come back a minute later
       }
       return summed(summed(first, echo), std::vector<double>(first.size(), 1 * kUnit));
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh19, GeneratedShapes, ::testing::ValuesIn(kFreshShapes19), shape_name);

// A twentieth fresh set, drawn on 2026-12-04 after the steady candidate landed, and judged once on it: 19 of 20
// passed at 8 workers; fifty pods every 2 h at a random minute are in kOpenShapes (docs/simulate.md).
const Shape kFreshShapes20[] = {
    {"cycle_2h_with_6pct_noise",
     [] { return testing::daily_sine(10 * 3600, 4 * kUnit, 3 * kUnit, 7200, 60, 0.06, 2001); }, true},
    {"ramp_up_over_90min_then_flat",
     [] {
       return testing::generated(4 * 3600, 2002, [](int t, testing::Noise& n) {
         const double level = 1.5 + 5.5 * std::min(t / 5400.0, 1.0);  // 1.5 units up to 7 over 90 min, then 7
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"cycle_12h_with_10pct_noise",
     [] { return testing::daily_sine(36 * 3600, 4 * kUnit, 3 * kUnit, 43200, 60, 0.10, 2003); }, true},
    {"ramp_down_over_4h", [] { return testing::ramp(4 * 3600, 8 * kUnit, 1 * kUnit, 0.05, 2004); }, true},
    {"cycle_40min_with_5pct_noise",
     [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 2400, 60, 0.05, 2005); }, true},
    {"spikes_of_20s_every_4min", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 6 * kUnit, 240, 20, 100); },
     false},
    {"jittered_spikes_every_900s_seed2007",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 7 * kUnit, 900, 2007); }, false},
    {"random_bursts_400s_seed2008",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 7 * kUnit, 400, 20, 120, 2008); }, false},
    {"random_bursts_1200s_from_nothing_seed2009",
     [] { return testing::random_bursts(6 * 3600, 0, 8 * kUnit, 1200, 60, 240, 2009); }, false},
    {"storm_after_3h_of_silence", [] { return testing::silence_then_storm(6 * 3600, 10800, 7 * kUnit, 2010); }, false},
    {"staircase_up_every_20min",
     [] {
       return testing::staircase(6 * 3600, {1 * kUnit, 3 * kUnit, 5 * kUnit, 7 * kUnit}, 1200, 0.05, 2011);
     },
     false},
    {"sawtooth_20min", [] { return testing::sawtooth(4 * 3600, 1 * kUnit, 6 * kUnit, 1200, 0.05, 2012); }, false},
    {"pods_every_10s_reading_30s",
     [] {
       // Pods arrive at 6 a minute (Poisson) and each reads 0.3 units for 30 s, on a level of 0.5 units.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.5 * kUnit);
       testing::Noise n(2013);
       for (double t = testing::exponential(n, 10); t < 4 * 3600; t += testing::exponential(n, 10)) {
         testing::add_read(d, static_cast<int>(t), 30, 0.3 * kUnit);
       }
       return d;
     },
     false},
    {"square_wave_30min",
     [] {
       return testing::staircase(6 * 3600, {1 * kUnit, 5 * kUnit}, 1800, 0.05, 2015);
     },
     false},
    {"level_shifts_at_random_every_20min",
     [] {
       return testing::generated(6 * 3600, 2016, [level = 3.0](int, testing::Noise& n) mutable {
         if (testing::uniform(n) < 1.0 / 1200) {
           level = 1 + 6 * testing::uniform(n);  // a new level every 20 min on average
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_on_a_1h_cycle",
     [] {
       return summed(testing::daily_sine(6 * 3600, 3 * kUnit, 1.5 * kUnit, 3600, 60, 0.05, 2017),
                     testing::random_bursts(6 * 3600, 0, 3 * kUnit, 600, 20, 120, 2018));
     },
     false},
    {"spikes_rising_over_3min_every_20min",
     [] {
       return testing::generated(6 * 3600, 2019, [](int t, testing::Noise& n) {
         const int since = t % 1200 - 600;  // each rise starts 10 min into its 20 min, and drops after 3 min
         const double rise = since >= 0 && since < 180 ? 6.0 * since / 180.0 : 0.0;
         return (1 + rise) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_walk_between_1_and_5_units",
     [] { return testing::bounded_walk(6 * 3600, 2021, kUnit, 3, 0.1, 1, 5, 0.05); }, false},
    {"bursts_with_a_tail_at_quarter_height_for_5min",
     [] {
       const auto first = testing::random_bursts(6 * 3600, 0, 6 * kUnit, 900, 30, 90, 2020);
       std::vector<double> tail(first.size(), 0.0);
       for (std::size_t i = 0; i < first.size(); ++i) {
         for (std::size_t back = 1; back <= 300 && back <= i; back += 30) {
           tail[i] = std::max(tail[i], 0.25 * first[i - back]);  // a quarter of a burst lingers for 5 min
         }
       }
       return summed(summed(first, tail), std::vector<double>(first.size(), 1 * kUnit));
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh20, GeneratedShapes, ::testing::ValuesIn(kFreshShapes20), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
