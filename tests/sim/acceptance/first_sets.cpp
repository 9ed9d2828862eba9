// The first shape sets of issue 4's acceptance suite: the shapes the design was built on (kShapes) and
// fresh sets one to eight. The judge and the criteria are in tests/sim/acceptance_test.cpp.
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

const Shape kShapes[] = {
    {"step", [] { return testing::step(4 * 3600, 3600, 2 * kUnit, 6 * kUnit); }, false},
    {"ramp", [] { return testing::ramp(6 * 3600, 0.5 * kUnit, 8 * kUnit, 0.02); }, true},
    {"daily_sine", [] { return testing::daily_sine(3 * 86400, 4 * kUnit, 3 * kUnit, 86400, 60, 0.03); }, true},
    {"spike_train", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 600, 90, 300); }, false},
    {"short_spikes", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 240, 30, 300); }, false},
    {"sparse_spikes", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 900, 120, 300); }, false},
    {"silence_then_storm", [] { return testing::silence_then_storm(3 * 3600, 3600, 4 * kUnit); }, false},
    // Gaps of 270–330 s: shorter than the 420 s hold, which would bridge them all at 2.3× the oracle's cost. The
    // forecast learns the train and takes over.
    {"spikes_every_360s", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 360, 90, 300); }, false},
    {"spikes_every_420s", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 420, 90, 300); }, false},
    // Bursts nothing foretells: the hold stays in force.
    {"random_bursts_60s", [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 10 * kUnit, 60, 30, 90, 13); },
     false},
    {"random_bursts_120s", [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 10 * kUnit, 120, 30, 90, 12); },
     false},
    {"random_bursts_300s", [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 15 * kUnit, 300, 60, 180, 11); },
     false},
    {"random_bursts_600s", [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 15 * kUnit, 600, 60, 180, 14); },
     false},
    // Shapes added after the design was settled, to check it on traces it was not built on.
    {"step_down", [] { return testing::step(4 * 3600, 3600, 6 * kUnit, 2 * kUnit); }, false},
    {"ramp_down", [] { return testing::ramp(6 * 3600, 8 * kUnit, 0.5 * kUnit, 0.02, 5); }, true},
    {"staircase",
     [] {
       return testing::staircase(
           4 * 3600, {1 * kUnit, 3 * kUnit, 6 * kUnit, 8 * kUnit, 5 * kUnit, 2 * kUnit, 4 * kUnit}, 1800, 0.05, 7);
     },
     false},
    {"square_wave_30min",
     [] {
       return testing::staircase(4 * 3600, {0.5 * kUnit, 7 * kUnit}, 1800, 0.1, 8);
     },
     false},
    {"sawtooth_20min", [] { return testing::sawtooth(4 * 3600, 0.5 * kUnit, 8 * kUnit, 1200, 0.1, 9); }, false},
    {"jittered_spikes_300s", [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 300, 21); },
     false},
    {"random_bursts_200s", [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 12 * kUnit, 200, 30, 90, 22); },
     false},
    {"random_bursts_450s", [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 12 * kUnit, 450, 60, 180, 22); },
     false},
    // Spikes every 500 s ± 25% (idle gaps of 300–600 s): no hold meets both bounds (reactive-ideal at 240 s: 35.7%
    // unmet at 1.84× the oracle; at 300 s: 33.2% at 2.11×). Open until the spend budget: the 420 s hold paid 2.48×.
    {"jittered_spikes_500s", [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 500, 21); },
     false},
    // Open until the hold stopped keeping one-second peaks and decisions came every second (docs/simulate.md).
    {"cycle_2h", [] { return testing::daily_sine(8 * 3600, 4 * kUnit, 3 * kUnit, 7200, 60, 0.05, 9); }, true},
    // Added with them: two days of a daily cycle with random bursts on top (mean gap 900 s).
    {"daily_sine_with_bursts",
     [] {
       return summed(testing::daily_sine(2 * 86400, 3 * kUnit, 2 * kUnit, 86400, 60, 0.03, 4),
                     testing::random_bursts(2 * 86400, 0, 8 * kUnit, 900, 60, 180, 31));
     },
     false},
    // Sawtooths run backwards: a jump to 8 units every 10, 15 or 30 min, then a linear decay. Nothing in the quiet
    // before a jump foretells it but the season. Open until the forecasters' scores remembered a quarter hour: with
    // 39 s the model that foresaw the last jump was forgotten long before the next, the ramp's best fit was chosen
    // and each jump was missed for a lead time (15 min: 7.97% unmet against reactive-ideal's 7.20% + 0.5 pp).
    {"sawtooth_down_10min", [] { return reversed(testing::sawtooth(4 * 3600, 0.5 * kUnit, 8 * kUnit, 600, 0.1, 50)); },
     false},
    {"sawtooth_down_15min", [] { return reversed(testing::sawtooth(4 * 3600, 0.5 * kUnit, 8 * kUnit, 900, 0.1, 49)); },
     false},
    {"sawtooth_down_30min", [] { return reversed(testing::sawtooth(4 * 3600, 0.5 * kUnit, 8 * kUnit, 1800, 0.1, 51)); },
     false},
};

// Drawn after the forecasters' 15 min score memory landed, before the switch margin went from 0.1 to 0.05, and run
// once before anything was changed for them: 21 of 23 passed then (the 3 h cycle missed "near oracle" by 0.013 pp,
// and the 30 min cycle did too); with the 0.05 margin, 22; with the strategies compared after 15 min, all 23.
const Shape kFreshShapes[] = {
    {"step_up_down",
     [] {
       return testing::staircase(4 * 3600, {1 * kUnit, 6 * kUnit, 2 * kUnit}, 2400, 0.1, 61);
     },
     false},
    {"ramp_to_plateau",
     [] {
       std::vector<double> d(std::size_t{4} * 3600);
       testing::Noise n(62);
       for (std::size_t t = 0; t < d.size(); ++t) {
         const double level = t < 7200 ? 0.5 + 7.5 * static_cast<double>(t) / 7200 : 8;
         d[t] = level * kUnit * (1 + 0.05 * n.next());
       }
       return d;
     },
     true},
    {"slow_ramp_down", [] { return testing::ramp(6 * 3600, 8 * kUnit, 1 * kUnit, 0.05, 63); }, true},
    {"slow_ramp_up", [] { return testing::ramp(6 * 3600, 1 * kUnit, 8 * kUnit, 0.08, 72); }, true},
    {"cycle_3h", [] { return testing::daily_sine(12 * 3600, 4 * kUnit, 3.5 * kUnit, 3 * 3600, 60, 0.08, 64); }, true},
    {"noisy_daily_cycle", [] { return testing::daily_sine(2 * 86400, 4 * kUnit, 3 * kUnit, 86400, 60, 0.15, 66); },
     true},
    // Open until the strategies were first compared after 15 min instead of one strategy memory (1 h): the hold was
    // in force for the first hour, where most of the unmet demand fell (0.51% at 1.09×, against the oracle's 0.215% +
    // 0.1 pp; once the forecast was in force only 0.015% of all demand went unmet). Now 0.30% at 1.07×.
    {"cycle_30min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 1800, 60, 0.05, 65); }, true},
    {"spikes_45s_every_150s", [] { return testing::spike_train(4 * 3600, 0.5 * kUnit, 8 * kUnit, 150, 45, 70); },
     false},
    {"spikes_60s_every_500s", [] { return testing::spike_train(4 * 3600, 0.5 * kUnit, 8 * kUnit, 500, 60, 200); },
     false},
    {"spikes_120s_every_1000s", [] { return testing::spike_train(6 * 3600, 0.5 * kUnit, 8 * kUnit, 1000, 120, 400); },
     false},
    {"jittered_spikes_200s", [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 200, 61); },
     false},
    {"jittered_spikes_400s", [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 400, 62); },
     false},
    {"jittered_spikes_1000s", [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 1000, 63); },
     false},
    {"random_bursts_100s_seed61",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 10 * kUnit, 100, 30, 90, 61); }, false},
    {"random_bursts_250s_seed62",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 10 * kUnit, 250, 30, 120, 62); }, false},
    {"random_bursts_500s_seed63",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 10 * kUnit, 500, 60, 180, 63); }, false},
    {"random_bursts_800s_seed64",
     [] { return testing::random_bursts(6 * 3600, 1 * kUnit, 10 * kUnit, 800, 60, 240, 64); }, false},
    {"long_silence_then_storm", [] { return testing::silence_then_storm(4 * 3600, 7200, 5 * kUnit, 65); }, false},
    {"sawtooth_40min", [] { return testing::sawtooth(4 * 3600, 0.5 * kUnit, 8 * kUnit, 2400, 0.1, 66); }, false},
    {"sawtooth_down_20min", [] { return reversed(testing::sawtooth(4 * 3600, 0.5 * kUnit, 8 * kUnit, 1200, 0.1, 67)); },
     false},
    {"square_wave_10min",
     [] {
       return testing::staircase(4 * 3600, {1 * kUnit, 7 * kUnit}, 600, 0.1, 68);
     },
     false},
    {"hourly_cycle_with_spikes",
     [] {
       return summed(testing::daily_sine(6 * 3600, 3 * kUnit, 2 * kUnit, 3600, 60, 0.05, 69),
                     testing::spike_train(6 * 3600, 0, 5 * kUnit, 700, 60, 250));
     },
     false},
    {"bursts_on_two_scales",
     [] {
       return summed(testing::random_bursts(4 * 3600, 0.5 * kUnit, 4 * kUnit, 60, 20, 60, 70),
                     testing::random_bursts(4 * 3600, 0, 8 * kUnit, 900, 60, 180, 71));
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Shapes, GeneratedShapes, ::testing::ValuesIn(kShapes), shape_name);
INSTANTIATE_TEST_SUITE_P(Fresh, GeneratedShapes, ::testing::ValuesIn(kFreshShapes), shape_name);

// Another fresh set, drawn after the strategies were first compared after 15 min, and run once before anything was
// changed for them: all 24 passed (docs/simulate.md); the 45 min cycle was open from when the season was looked for
// every 10 min until the calibration quantile was 0.95 (it is at the end). Growth, trends under cycles, harmonics,
// random walks, random levels, dropouts, on/off and herd loads, heavy-tailed bursts, growing and interleaved spikes,
// flat noise, rare huge spikes, staircases, cycles with dips, a weekend, a working day with a lunch dip, and a flash
// crowd.
const Shape kFreshShapes2[] = {
    {"exp_growth",
     [] {
       return testing::generated(4 * 3600, 81, [](int t, testing::Noise& n) {
         return 0.3 * std::exp(std::log(8 / 0.3) * t / (4 * 3600.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"cycle_on_a_trend",
     [] {
       return summed(testing::daily_sine(8 * 3600, 1 * kUnit, 1.5 * kUnit, 7200, 60, 0.05, 82),
                     testing::generated(8 * 3600, 0,
                                        [](int t, testing::Noise&) { return (1 + 3.0 * t / (8 * 3600.0)) * kUnit; }));
     },
     true},
    {"cycle_with_a_harmonic",
     [] {
       return testing::generated(8 * 3600, 84, [v = 0.0](int t, testing::Noise& n) mutable {
         if (t % 60 == 0) {  // a 4 h cycle and a 1 h one, each minute
           v = (4 + 2 * std::sin(2 * std::numbers::pi * t / 14400.0) +
                1.2 * std::sin(2 * std::numbers::pi * t / 3600.0)) *
               kUnit * (1 + 0.05 * n.next());
         }
         return v;
       });
     },
     true},
    {"random_walk", [] { return testing::bounded_walk(4 * 3600, 85, kUnit, 3, 0.05, 0.5, 8, 0.05); }, false},
    {"random_levels",
     [] {
       return testing::generated(4 * 3600, 86, [level = std::size_t{0}, until = 0.0](int t, testing::Noise& n) mutable {
         constexpr std::array<double, 3> kLevels{1, 4, 7};  // each for 10 min on average
         if (t >= until) {
           level = static_cast<std::size_t>(testing::uniform(n) * 2.999);
           until = t + testing::exponential(n, 600);
         }
         return kLevels.at(level) * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    {"plateau_with_dropouts",
     [] {
       return testing::generated(4 * 3600, 87, [next = 300.0, end = -1.0](int t, testing::Noise& n) mutable {
         if (t >= next) {  // down to 0.5 for 30–120 s, every 400 s on average
           end = t + 30 + 90 * testing::uniform(n);
           next = end + testing::exponential(n, 400);
         }
         return (t < end ? 0.5 : 6) * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    {"on_5min_off_15min",
     [] {
       return testing::generated(4 * 3600, 88, [](int t, testing::Noise& n) {
         return (t % 1200 < 300 ? 7 : 1) * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    {"herd_every_2h",
     [] {
       return testing::generated(8 * 3600, 89, [](int t, testing::Noise& n) {
         return (t % 7200 >= 3600 && t % 7200 < 4200 ? 8 : 0.2) * kUnit * (1 + 0.2 * n.next());
       });
     },
     false},
    {"heavy_tailed_bursts",
     [] {
       std::vector<double> d(std::size_t{4} * 3600, 0.5 * kUnit);
       testing::Noise n(90);
       for (double t = 100; t < 4 * 3600;) {
         const double len = 30 + 90 * testing::uniform(n);
         const double height =
             std::min(12.0, 1.5 / std::pow(1 - 0.999 * testing::uniform(n), 1 / 1.5));  // Pareto, α 1.5
         for (auto i = static_cast<int>(t); i < 4 * 3600 && i < static_cast<int>(t + len); ++i) {
           auto& v = d[static_cast<std::size_t>(i)];
           v = std::max(v, height * kUnit * (1 + 0.2 * n.next()));
         }
         t += len + testing::exponential(n, 300);
       }
       return d;
     },
     false},
    {"growing_spikes",
     [] {
       return testing::generated(4 * 3600, 0, [](int t, testing::Noise&) {
         return (t % 600 >= 200 && t % 600 < 260 ? 2 + 6.0 * t / (4 * 3600.0) : 0.5) * kUnit;
       });
     },
     false},
    {"interleaved_trains",
     [] {
       std::vector<double> d = testing::spike_train(4 * 3600, 0.5 * kUnit, 4 * kUnit, 300, 30, 50);
       const std::vector<double> other = testing::spike_train(4 * 3600, 0, 7 * kUnit, 700, 90, 400);
       for (std::size_t i = 0; i < d.size(); ++i) {
         d[i] = std::max(d[i], other[i]);
       }
       return d;
     },
     false},
    {"flat_with_30pct_noise",
     [] {
       return testing::generated(4 * 3600, 91, [](int, testing::Noise& n) { return 4 * kUnit * (1 + 0.3 * n.next()); });
     },
     false},
    {"rare_huge_spikes",
     [] {
       std::vector<double> d(std::size_t{8} * 3600, 0.3 * kUnit);
       testing::Noise n(92);
       for (double t = 1800; t < 8 * 3600; t += 3600 * (1 + 0.2 * n.next())) {
         for (auto i = static_cast<int>(t); i < 8 * 3600 && i < static_cast<int>(t) + 180; ++i) {
           d[static_cast<std::size_t>(i)] = 10 * kUnit * (1 + 0.1 * n.next());
         }
       }
       return d;
     },
     false},
    {"ramp_then_cliff_50min", [] { return testing::sawtooth(4 * 3600, 1 * kUnit, 8 * kUnit, 3000, 0.05, 93); }, false},
    {"staircase_up",
     [] {
       return testing::staircase(
           4 * 3600, {1 * kUnit, 2 * kUnit, 3 * kUnit, 4 * kUnit, 5 * kUnit, 6 * kUnit, 7 * kUnit, 8 * kUnit}, 1800,
           0.05, 94);
     },
     false},
    {"cycle_with_dips",
     [] {
       std::vector<double> d = testing::daily_sine(6 * 3600, 4 * kUnit, 2 * kUnit, 3600, 60, 0.05, 95);
       testing::Noise n(96);
       for (double t = 500; t < 6 * 3600; t += 900 * (1 + 0.5 * n.next())) {  // a minute at 0.2
         for (auto i = static_cast<int>(t); i < 6 * 3600 && i < static_cast<int>(t) + 60; ++i) {
           d[static_cast<std::size_t>(i)] = 0.2 * kUnit;
         }
       }
       return d;
     },
     false},
    {"dense_small_bursts", [] { return testing::random_bursts(4 * 3600, 2 * kUnit, 8 * kUnit, 45, 10, 40, 97); },
     false},
    {"storm_after_30min", [] { return testing::silence_then_storm(4 * 3600, 1800, 6 * kUnit, 98); }, false},
    {"weekdays_and_a_weekend",
     [] {
       std::vector<double> d = testing::daily_sine(3 * 86400, 4 * kUnit, 3 * kUnit, 86400, 60, 0.08, 99);
       for (std::size_t t = 2 * 86400; t < d.size(); ++t) {  // the third day: 40% of the swing above 1.5 units
         d[t] = d[t] > 1.5 * kUnit ? 1.5 * kUnit + 0.4 * (d[t] - 1.5 * kUnit) : 1.5 * kUnit;
       }
       return d;
     },
     true},
    {"working_day_with_lunch_dip",
     [] {
       return testing::generated(2 * 86400, 100, [v = 0.0](int t, testing::Noise& n) mutable {
         if (t % 60 == 0) {  // humps at 10:00 and 15:00
           const double h = (t % 86400) / 3600.0;
           const double day = std::exp(-std::pow((h - 10) / 2.0, 2)) + std::exp(-std::pow((h - 15) / 2.0, 2));
           v = (0.5 + 6 * day) * kUnit * (1 + 0.1 * n.next());
         }
         return v;
       });
     },
     true},
    {"bursts_on_a_3h_cycle",
     [] {
       return summed(testing::daily_sine(8 * 3600, 3 * kUnit, 2 * kUnit, 3 * 3600, 60, 0.05, 101),
                     testing::random_bursts(8 * 3600, 0, 5 * kUnit, 200, 30, 90, 102));
     },
     false},
    {"square_wave_1h",
     [] {
       return testing::staircase(6 * 3600, {1 * kUnit, 6 * kUnit}, 3600, 0.1, 103);
     },
     false},
    {"flash_crowd",
     [] {
       return testing::generated(4 * 3600, 104, [](int t, testing::Noise& n) {
         double level = 1;
         if (t >= 7200) {  // up to 9 units within a minute at 2 h, then fading with a 30 min time constant
           level += 8 * std::min(1.0, (t - 7200) / 60.0) * (t > 7260 ? std::exp(-(t - 7260) / 1800.0) : 1.0);
         }
         return level * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    // Open while the season was looked for every 10 min and the calibration quantile was 0.9: found at 5,865 s
    // instead of 7,201 s, the season was chosen over "last" once, in one trough (0.326% unmet against the oracle's
    // 0.225% + 0.1 pp). Now 0.321% at 1.05× the oracle.
    {"cycle_45min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 2.5 * kUnit, 2700, 60, 0.05, 83); }, true},
};

INSTANTIATE_TEST_SUITE_P(Fresh2, GeneratedShapes, ::testing::ValuesIn(kFreshShapes2), shape_name);

// A third fresh set, drawn after the steady level landed and run once before anything was changed for them: 12 of 16
// passed (11 before the steady level), 13 since the clairvoyant floor counts min_workers, 14 since the calibration
// quantile is 0.95 (clusters of bursts), 15 since the short hold waits 1.5 h (random on/off), 16 since the planner
// follows the dominant candidate (random bursts on a 2 h cycle, at the end). Bursts with wide lengths or no base, two
// noisy levels, bursts on a cycle, a 90 min cycle, a 6 h ramp down, short and long spike trains, a jittered train,
// clusters of bursts, a noisy drift, random on/off, hourly spikes on a day, a storm, a sawtooth.
const Shape kFreshShapes3[] = {
    {"random_bursts_wide_lengths",
     [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 10 * kUnit, 150, 10, 300, 201); }, false},
    {"two_noisy_levels_20min",
     [] {
       return testing::staircase(4 * 3600, {3 * kUnit, 5 * kUnit}, 1200, 0.2, 203);
     },
     false},
    {"cycle_90min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 5400, 60, 0.05, 205); }, true},
    {"ramp_down_6h", [] { return testing::ramp(6 * 3600, 8 * kUnit, 1 * kUnit, 0.05, 206); }, true},
    {"spikes_20s_every_200s", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 200, 20, 100); }, false},
    {"spikes_300s_every_1500s", [] { return testing::spike_train(6 * 3600, 0.5 * kUnit, 8 * kUnit, 1500, 300, 600); },
     false},
    {"jittered_spikes_600s_seed31",
     [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 600, 31); }, false},
    {"slow_noisy_drift", [] { return testing::bounded_walk(4 * 3600, 208, kUnit, 4, 0.02, 1, 7, 0.15); }, false},
    {"hourly_spikes_on_a_day",
     [] {
       return summed(testing::daily_sine(2 * 86400, 3 * kUnit, 2 * kUnit, 86400, 60, 0.05, 210),
                     testing::spike_train(2 * 86400, 0, 4 * kUnit, 3600, 120, 1000));
     },
     false},
    {"storm_after_1h", [] { return testing::silence_then_storm(4 * 3600, 3600, 4 * kUnit, 211); }, false},
    {"sawtooth_up_15min", [] { return testing::sawtooth(4 * 3600, 1 * kUnit, 8 * kUnit, 900, 0.05, 212); }, false},
    {"random_bursts_120s_seed31",
     [] { return testing::random_bursts(4 * 3600, 0.5 * kUnit, 12 * kUnit, 120, 30, 90, 31); }, false},
    // No base between the bursts: open (25.4% unmet against reactive-ideal's 18.4% + 0.5 pp) until the clairvoyant
    // floor counted min_workers: the spend budget took the idle worker for overspend and cut the hold short.
    {"random_bursts_without_a_base", [] { return testing::random_bursts(4 * 3600, 0, 12 * kUnit, 240, 30, 120, 202); },
     false},
    // Three 30 s bursts of 5–8 units a minute apart, about every 20 min. Open until the forecast's calibration quantile
    // went from 0.9 to 0.95: 15.68% unmet against reactive-ideal's 13.97% + 0.5 pp, now 14.46% at 1.61× the oracle.
    {"clusters_of_bursts",
     [] {
       std::vector<double> d(4 * 3600, 0.5 * kUnit);
       testing::Noise n(207);
       for (double t = 300; t < 4 * 3600; t += 1200 * (0.5 + testing::uniform(n))) {
         for (int k = 0; k < 3; ++k) {
           for (auto i = static_cast<int>(t) + 60 * k; i < 4 * 3600 && i < static_cast<int>(t) + 60 * k + 30; ++i) {
             d[static_cast<std::size_t>(i)] = (5 + 3 * testing::uniform(n)) * kUnit;  // 5–8 units, each second
           }
         }
       }
       return d;
     },
     false},
    // On for 10 min and off for 15 min on average, at random. Open until the short hold waited 1.5 h instead of 1 h:
    // after 80 min of gaps over 900 s it had replaced the 420 s hold when a 103 s gap came (7.53% unmet against
    // reactive-ideal's 6.60% + 0.5 pp, dominated by it holding 120–360 s); now 6.70% at 1.35×.
    {"random_on_off",
     [] {
       return testing::generated(4 * 3600, 209, [on = false, until = 0.0](int t, testing::Noise& n) mutable {
         if (t >= until) {
           on = !on;
           until = t + testing::exponential(n, on ? 600 : 900);
         }
         return (on ? 6 : 0.5) * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    {"random_bursts_on_a_2h_cycle",
     [] {
       return summed(testing::daily_sine(8 * 3600, 3 * kUnit, 2 * kUnit, 7200, 60, 0.05, 204),
                     testing::random_bursts(8 * 3600, 0, 4 * kUnit, 400, 30, 90, 214));
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh3, GeneratedShapes, ::testing::ValuesIn(kFreshShapes3), shape_name);

// A fourth fresh set, drawn from the issue's own families (steps, ramps, daily cycles, spike trains, silence then a
// storm) at parameters no earlier set used, and run once at 402276e before anything was changed for them: 16 of 20
// passed, 17 since a season is looked for every 10 min until one is found (the ramp with spikes), 19 since the onset
// clock (the jittered trains at the end), 20 since the trend raises the hold before the strategies are compared (the
// 20 min cycle, at the end: open until then, docs/simulate.md).
const Shape kFreshShapes4[] = {
    {"step_up_at_40min", [] { return testing::step(3 * 3600, 2400, 1 * kUnit, 7 * kUnit); }, false},
    {"stairs_6_2_7",
     [] {
       return testing::staircase(5 * 3600, {6 * kUnit, 2 * kUnit, 7 * kUnit}, 1500, 0.05, 301);
     },
     false},
    {"ramp_up_3h", [] { return testing::ramp(3 * 3600, 0.5 * kUnit, 8 * kUnit, 0.08, 302); }, true},
    {"ramp_up_in_30min",
     [] {
       return testing::generated(3 * 3600, 312, [](int t, testing::Noise& n) {
         const double level = t < 3600 ? 1 : t < 3600 + 1800 ? 1 + 7.0 * (t - 3600) / 1800 : 8;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"daily_2d_noisy", [] { return testing::daily_sine(2 * 86400, 4 * kUnit, 3 * kUnit, 86400, 60, 0.1, 303); }, true},
    {"cycle_4h", [] { return testing::daily_sine(12 * 3600, 5 * kUnit, 4 * kUnit, 4 * 3600, 60, 0.03, 304); }, true},
    {"spikes_45s_every_350s", [] { return testing::spike_train(4 * 3600, 0.8 * kUnit, 8 * kUnit, 350, 45, 120); },
     false},
    {"spikes_10s_every_90s", [] { return testing::spike_train(3 * 3600, 1 * kUnit, 6 * kUnit, 90, 10, 30); }, false},
    {"spikes_600s_every_2h", [] { return testing::spike_train(8 * 3600, 1 * kUnit, 8 * kUnit, 7200, 600, 1800); },
     false},
    {"storm_after_30min", [] { return testing::silence_then_storm(3 * 3600, 1800, 5 * kUnit, 306); }, false},
    {"storm_after_3h", [] { return testing::silence_then_storm(5 * 3600, 3 * 3600, 4 * kUnit, 307); }, false},
    {"sawtooth_40min_on_one_unit", [] { return testing::sawtooth(6 * 3600, 1 * kUnit, 8 * kUnit, 2400, 0.05, 308); },
     false},
    {"random_bursts_200s_seed41",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 10 * kUnit, 200, 20, 120, 41); }, false},
    {"stairs_5min",
     [] {
       return testing::staircase(4 * 3600, {2 * kUnit, 4 * kUnit, 6 * kUnit, 8 * kUnit, 6 * kUnit, 4 * kUnit}, 300,
                                 0.05, 309);
     },
     false},
    {"half_hourly_spikes_on_a_day",
     [] {
       return summed(testing::daily_sine(86400, 3 * kUnit, 2 * kUnit, 86400, 60, 0.05, 310),
                     testing::spike_train(86400, 0, 3 * kUnit, 1800, 60, 900));
     },
     false},
    // Dominated by the KPA at 0.7 and fluid-hpa at 0.9 while the season was looked for hourly: 3.96% at 1.43× the
    // oracle, now 2.70% at 1.30×.
    {"ramp_with_spikes_every_10min",
     [] {
       return summed(testing::ramp(4 * 3600, 1 * kUnit, 5 * kUnit, 0.05, 311),
                     testing::spike_train(4 * 3600, 0, 4 * kUnit, 600, 30, 200));
     },
     false},
    {"plateau_for_an_hour",
     [] {
       return testing::generated(3 * 3600, 313, [](int t, testing::Noise& n) {
         return (t >= 3600 && t < 2 * 3600 ? 6 : 1) * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    // Open until the onset clock. Every 350 s: always on costs 2.14× the oracle, the 300 s hold 2.08× for 14.2%, the
    // 240 s hold 1.90× for 33.5%, and within the 1.97× budget the planner reached 19.2%; now 4.46% at 1.81×.
    {"jittered_spikes_350s_seed41",
     [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 350, 41); }, false},
    // Every 900 s on half a unit: 37.93% against reactive-ideal's 37.39% + 0.5 pp (its second of hindsight: seeing
    // demand a second late, reactive-ideal misses 37.91%); now 29.55% at 1.73×.
    {"jittered_spikes_900s_seed42",
     [] { return testing::jittered_spike_train(6 * 3600, 0.5 * kUnit, 8 * kUnit, 900, 42); }, false},
    // Open until the trend raised the hold before the strategies are compared: 0.501% unmet against the oracle's 0.346%
    // + 0.1 pp, most of the excess on the first rises, while the hold was in force. Now 0.446%.
    {"cycle_20min", [] { return testing::daily_sine(4 * 3600, 4 * kUnit, 2 * kUnit, 1200, 30, 0.05, 305); }, true},
};

INSTANTIATE_TEST_SUITE_P(Fresh4, GeneratedShapes, ::testing::ValuesIn(kFreshShapes4), shape_name);

// A fifth fresh set, drawn on 2026-12-03 after the onset clock landed, from the families at parameters no
// earlier set used, and run once before anything was changed for them: 21 of 22 passed, all 22 since the spend budget
// can keep the mean hold (short random bursts, below).
const Shape kFreshShapes5[] = {
    {"step_up_at_2h", [] { return testing::step(5 * 3600, 7200, 1 * kUnit, 7 * kUnit); }, false},
    {"two_steps_up",
     [] {
       return testing::generated(4 * 3600, 501, [](int t, testing::Noise& n) {
         return (t < 3600 ? 2 : t < 9000 ? 5 : 8) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"ramp_2h_then_flat",
     [] {
       return testing::generated(4 * 3600, 502, [](int t, testing::Noise& n) {
         return (1 + 6 * std::min(1.0, t / 7200.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"ramp_down_and_up",
     [] {
       return testing::generated(6 * 3600, 503, [](int t, testing::Noise& n) {
         return (1 + 6 * std::abs(t - 3 * 3600) / (3.0 * 3600)) * kUnit * (1 + 0.03 * n.next());
       });
     },
     true},
    {"cycle_75min", [] { return testing::daily_sine(6 * 3600, 4 * kUnit, 3 * kUnit, 4500, 60, 0.05, 504); }, true},
    {"cycle_6h", [] { return testing::daily_sine(12 * 3600, 4 * kUnit, 2.5 * kUnit, 21600, 60, 0.03, 505); }, true},
    {"noisy_day_at_15s", [] { return testing::daily_sine(2 * 86400, 4 * kUnit, 3 * kUnit, 86400, 15, 0.1, 506); },
     true},
    {"spikes_60s_every_1200s_on_two_units",
     [] { return testing::spike_train(6 * 3600, 2 * kUnit, 8 * kUnit, 1200, 60, 500); }, false},
    {"spikes_15s_every_120s", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 6 * kUnit, 120, 15, 60); }, false},
    {"spikes_180s_every_540s", [] { return testing::spike_train(4 * 3600, 0.5 * kUnit, 8 * kUnit, 540, 180, 200); },
     false},
    {"jittered_spikes_650s_seed51",
     [] { return testing::jittered_spike_train(5 * 3600, 1 * kUnit, 8 * kUnit, 650, 51); }, false},
    {"jittered_spikes_250s_on_two_units",
     [] { return testing::jittered_spike_train(4 * 3600, 2 * kUnit, 8 * kUnit, 250, 52); }, false},
    // Open on first run: 15.65% at 1.88× the oracle, against reactive-ideal's 13.55% + 0.5 pp, dominated by the HPA
    // and KEDA at 0.7 (14.41% at 1.63×), which size on a minute's mean; with the mean hold 12.10% at 1.88×.
    {"random_bursts_350s_short",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 10 * kUnit, 350, 20, 60, 53); }, false},
    {"random_bursts_1500s_long",
     [] { return testing::random_bursts(6 * 3600, 0.5 * kUnit, 8 * kUnit, 1500, 300, 600, 54); }, false},
    {"storm_after_45min", [] { return testing::silence_then_storm(3 * 3600, 2700, 3 * kUnit, 507); }, false},
    {"silence_then_a_level",
     [] {
       return testing::generated(
           3 * 3600, 508, [](int t, testing::Noise& n) { return t < 5400 ? 0.0 : 5 * kUnit * (1 + 0.1 * n.next()); });
     },
     false},
    {"hourly_cycle_with_spikes_every_15min",
     [] {
       return summed(testing::daily_sine(6 * 3600, 3 * kUnit, 2 * kUnit, 3600, 60, 0.05, 509),
                     testing::spike_train(6 * 3600, 0, 4 * kUnit, 900, 45, 450));
     },
     false},
    {"ramp_with_random_bursts",
     [] {
       return summed(testing::ramp(6 * 3600, 0.5 * kUnit, 5 * kUnit, 0.05, 510),
                     testing::random_bursts(6 * 3600, 0, 4 * kUnit, 600, 30, 120, 511));
     },
     false},
    {"backward_sawtooth_60min",
     [] { return reversed(testing::sawtooth(6 * 3600, 1 * kUnit, 8 * kUnit, 3600, 0.05, 512)); }, false},
    {"levels_every_6h",
     [] {
       return testing::staircase(2 * 86400, {2 * kUnit, 6 * kUnit, 8 * kUnit, 5 * kUnit}, 6 * 3600, 0.05, 513);
     },
     false},
    {"flash_crowd_every_2h",
     [] {
       return testing::generated(6 * 3600, 514, [](int t, testing::Noise& n) {
         const int since = t % 7200;  // up to 9 units within a minute, fading with a 15 min time constant
         const double crowd = 8 * std::min(1.0, since / 60.0) * (since > 60 ? std::exp(-(since - 60) / 900.0) : 1.0);
         return (1 + crowd) * kUnit * (1 + 0.1 * n.next());
       });
     },
     false},
    {"square_wave_5min",
     [] {
       return testing::staircase(4 * 3600, {1 * kUnit, 6 * kUnit}, 300, 0.05, 515);
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh5, GeneratedShapes, ::testing::ValuesIn(kFreshShapes5), shape_name);

// A sixth fresh set, drawn on 2026-12-03 after the mean hold landed, and run once before anything was changed for them:
// 19 of 20 passed; the other (dense random bursts on two units) is in kOpenShapes.
const Shape kFreshShapes6[] = {
    {"step_down_at_90min", [] { return testing::step(4 * 3600, 5400, 7 * kUnit, 2 * kUnit); }, false},
    {"noisy_ramp_up_6h", [] { return testing::ramp(6 * 3600, 1 * kUnit, 8 * kUnit, 0.08, 601); }, true},
    {"cycle_30min_on_a_ramp",
     [] {
       return summed(testing::daily_sine(6 * 3600, 2 * kUnit, 1.5 * kUnit, 1800, 60, 0.05, 602),
                     testing::ramp(6 * 3600, 0, 4 * kUnit, 0.02, 603));
     },
     true},
    {"working_days",
     [] {
       return testing::generated(2 * 86400, 604, [](int t, testing::Noise& n) {
         const double h = (t % 86400) / 3600.0;  // night 1 unit, up to 7 from 7 to 9 h, down to 1 from 17 to 20 h
         double level = 1;
         if (h >= 7 && h < 9) {
           level = 1 + 6 * (h - 7) / 2;
         } else if (h >= 9 && h < 17) {
           level = 7;
         } else if (h >= 17 && h < 20) {
           level = 7 - 6 * (h - 17) / 3;
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"spikes_45s_every_300s_from_nothing", [] { return testing::spike_train(4 * 3600, 0, 8 * kUnit, 300, 45, 150); },
     false},
    {"spikes_240s_every_hour", [] { return testing::spike_train(8 * 3600, 1 * kUnit, 8 * kUnit, 3600, 240, 1200); },
     false},
    {"spikes_5s_every_60s", [] { return testing::spike_train(2 * 3600, 1 * kUnit, 8 * kUnit, 60, 5, 30); }, false},
    {"jittered_spikes_450s_seed61",
     [] { return testing::jittered_spike_train(4 * 3600, 0.5 * kUnit, 8 * kUnit, 450, 61); }, false},
    {"jittered_spikes_1200s_seed62",
     [] { return testing::jittered_spike_train(6 * 3600, 1 * kUnit, 8 * kUnit, 1200, 62); }, false},
    {"random_bursts_700s_tall",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 12 * kUnit, 700, 60, 240, 64); }, false},
    {"storm_ramping_in_after_2h",
     [] {
       return testing::generated(4 * 3600, 605, [](int t, testing::Noise& n) {
         return t < 7200 ? 0.0 : 6 * kUnit * std::min(1.0, (t - 7200) / 600.0) * (1 + 0.15 * n.next());
       });
     },
     false},
    {"silence_then_spikes", [] { return testing::spike_train(4 * 3600, 0, 8 * kUnit, 400, 60, 3600); }, false},
    {"two_cycles_2h_and_25min",
     [] {
       return summed(testing::daily_sine(8 * 3600, 3 * kUnit, 1.5 * kUnit, 7200, 60, 0.05, 606),
                     testing::daily_sine(8 * 3600, 2 * kUnit, 1 * kUnit, 1500, 60, 0.05, 607));
     },
     true},
    {"noisy_square_wave_15min",
     [] {
       return testing::staircase(4 * 3600, {1 * kUnit, 5 * kUnit}, 900, 0.2, 608);
     },
     false},
    {"random_levels_every_3min",
     [] {
       return testing::generated(4 * 3600, 609, [level = 4.0](int t, testing::Noise& n) mutable {
         if (t % 180 == 0) {
           level = 1 + 7 * testing::uniform(n);
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"sawtooth_10min", [] { return testing::sawtooth(4 * 3600, 1 * kUnit, 8 * kUnit, 600, 0.05, 610); }, false},
    {"random_flash_crowds",
     [] {
       return testing::generated(8 * 3600, 611, [next = 900.0, since = -1.0](int t, testing::Noise& n) mutable {
         if (t >= next) {  // a crowd of 7 units, fading with a 5 min time constant; the next after 30 min on average
           since = 0;
           next = t + testing::exponential(n, 1800);
         }
         const double crowd = since < 0 ? 0 : 7 * std::exp(-since / 300.0);
         if (since >= 0) {
           since += 1;
         }
         return (1 + crowd) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"growth_then_crash_every_3h",
     [] {
       return testing::generated(6 * 3600, 612, [](int t, testing::Noise& n) {
         return std::exp(std::log(8.0) * (t % 10800) / 10800.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"ten_minutes_every_hour", [] { return testing::spike_train(8 * 3600, 1 * kUnit, 6 * kUnit, 3600, 600, 1800); },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh6, GeneratedShapes, ::testing::ValuesIn(kFreshShapes6), shape_name);

// A seventh fresh set, drawn on 2026-12-03 after the mean hold, and run once before anything was changed for them: 19
// of 20 passed. The other, heavy-tailed noise on a flat level, passes since the peak hold (1.86% unmet at 0.79× the
// oracle against reactive-ideal's 0.28% + 0.5 pp; now 0.32% at 1.19×).
const Shape kFreshShapes7[] = {
    {"step_up_at_20min", [] { return testing::step(4 * 3600, 1200, 1 * kUnit, 7 * kUnit); }, false},
    {"triangle_wave_1h",
     [] {
       return testing::generated(6 * 3600, 701, [](int t, testing::Noise& n) {
         const double phase = (t % 3600) / 3600.0;  // 1 → 8 units in 30 min, back to 1 in the next 30
         const double level = 1 + 7 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase);
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"bimodal_days",
     [] {
       return testing::generated(2 * 86400, 702, [](int t, testing::Noise& n) {
         const double h = (t % 86400) / 3600.0;  // 1 unit at night, peaks of 6 at 10 h and 7 at 20 h
         const double morning = 5 * std::exp(-0.5 * std::pow((h - 10) / 1.5, 2));
         const double evening = 6 * std::exp(-0.5 * std::pow((h - 20) / 1.5, 2));
         return (1 + morning + evening) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"heavy_tailed_noise_on_a_level",
     [] {
       return testing::generated(4 * 3600, 703, [](int, testing::Noise& n) {
         // Near log-normal: e^(0.6 z), z the sum of three uniform draws in [-1, 1] (variance 1): a median of 3
         // units, above 5.5 units one second in twenty, at most 18 units.
         const double z = n.next() + n.next() + n.next();
         return 3 * kUnit * std::exp(0.6 * z);
       });
     },
     false},
    {"spikes_30s_every_180s_from_nothing", [] { return testing::spike_train(4 * 3600, 0, 8 * kUnit, 180, 30, 90); },
     false},
    {"spikes_90s_every_800s", [] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 800, 90, 400); }, false},
    {"jittered_spikes_700s_seed71",
     [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 700, 71); }, false},
    {"jittered_spikes_150s_seed72",
     [] { return testing::jittered_spike_train(4 * 3600, 0.5 * kUnit, 8 * kUnit, 150, 72); }, false},
    {"random_bursts_400s_seed73",
     [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 10 * kUnit, 400, 30, 120, 73); }, false},
    {"random_bursts_1000s_long_seed74",
     [] { return testing::random_bursts(6 * 3600, 0.5 * kUnit, 10 * kUnit, 1000, 300, 900, 74); }, false},
    {"bursts_every_600s_of_random_height",
     [] {
       return testing::generated(4 * 3600, 705, [height = 0.0](int t, testing::Noise& n) mutable {
         if (t % 600 == 300) {
           height = 2 + 6 * testing::uniform(n);  // 120 s at 2–8 units, on 1 unit
         }
         const bool on = t % 600 >= 300 && t % 600 < 420;
         return (on ? height : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"accelerating_spikes",
     [] {
       return testing::generated(4 * 3600, 706, [next = 300.0, until = 0.0](int t, testing::Noise& n) mutable {
         if (t >= next) {  // 60 s spikes; the gap shrinks from 900 s to 150 s over the four hours
           until = t + 60;
           next = t + 900 - 750 * t / (4 * 3600.0);
         }
         return (t < until ? 8.0 : 1.0) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"hourly_cycle_of_random_amplitude",
     [] {
       return testing::generated(6 * 3600, 707, [amplitude = 2.0](int t, testing::Noise& n) mutable {
         if (t % 3600 == 0) {
           amplitude = 1 + 2.5 * testing::uniform(n);
         }
         return (4.5 + amplitude * std::sin(2 * std::numbers::pi * t / 3600)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"rise_and_fall_over_4h",
     [] {
       return testing::generated(4 * 3600, 708, [](int t, testing::Noise& n) {
         const double x = t / (4 * 3600.0);
         return (1 + 7 * (x < 0.5 ? 2 * x : 2 - 2 * x)) * kUnit * (1 + 0.03 * n.next());
       });
     },
     true},
    {"outage_for_30min_at_2h",
     [] {
       return testing::generated(4 * 3600, 709, [](int t, testing::Noise& n) {
         return (t >= 7200 && t < 9000 ? 0.0 : 6 * kUnit * (1 + 0.1 * n.next()));
       });
     },
     false},
    {"daily_cycle_with_flash_crowds",
     [] {
       return summed(
           testing::daily_sine(2 * 86400, 3 * kUnit, 2 * kUnit, 86400, 60, 0.03, 710),
           testing::generated(2 * 86400, 711, [next = 3600.0, since = -1.0](int t, testing::Noise& n) mutable {
             if (t >= next) {  // crowds of 5 units fading over 10 min, 4 h apart on average
               since = 0;
               next = t + testing::exponential(n, 4 * 3600);
             }
             const double crowd = since < 0 ? 0 : 5 * std::exp(-since / 600.0);
             if (since >= 0) {
               since += 1;
             }
             return crowd * kUnit;
           }));
     },
     false},
    {"fast_random_walk", [] { return testing::bounded_walk(4 * 3600, 712, kUnit, 4, 0.3, 0.5, 8, 0.05); }, false},
    {"square_wave_3min",
     [] {
       return testing::staircase(4 * 3600, {1 * kUnit, 6 * kUnit}, 180, 0.1, 713);
     },
     false},
    {"doubling_every_hour_then_reset",
     [] {
       return testing::generated(8 * 3600, 714, [](int t, testing::Noise& n) {
         return std::pow(2.0, (t / 3600) % 4) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"pods_arriving_on_a_2h_cycle",
     [] {
       // Pods arrive as a Poisson process whose rate follows a 2 h cycle (one every 4 s to one every 40 s); each
       // reads 0.4 units for 60 s.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.0);
       testing::Noise n(715);
       double t = 0;
       while (t < 8 * 3600) {
         const double rate = 0.025 + 0.225 * (1 + std::sin(2 * std::numbers::pi * t / 7200)) / 2;
         t += testing::exponential(n, 1 / rate);
         testing::add_read(d, static_cast<int>(t), 60, 0.4 * kUnit);
       }
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh7, GeneratedShapes, ::testing::ValuesIn(kFreshShapes7), shape_name);

// An eighth fresh set, drawn on 2026-12-03 after the peak hold, and run once before anything was changed for them: all
// 20 passed.
const Shape kFreshShapes8[] = {
    {"fill_and_decay_every_3h",
     [] {
       return testing::generated(9 * 3600, 801, [](int t, testing::Noise& n) {
         const int since = t % 10800;  // 8 units at once, decaying to 1 with a 20 min time constant
         return (1 + 7 * std::exp(-since / 1200.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"random_bursts_30s_dense", [] { return testing::random_bursts(4 * 3600, 1 * kUnit, 8 * kUnit, 30, 5, 15, 802); },
     false},
    {"random_bursts_on_jittered_spikes",
     [] {
       return summed(testing::jittered_spike_train(4 * 3600, 0.5 * kUnit, 5 * kUnit, 600, 803),
                     testing::random_bursts(4 * 3600, 0, 4 * kUnit, 500, 30, 120, 804));
     },
     false},
    {"cycle_12h_over_a_day", [] { return testing::daily_sine(86400, 4 * kUnit, 3 * kUnit, 43200, 60, 0.04, 805); },
     true},
    {"cycle_10min", [] { return testing::daily_sine(4 * 3600, 4 * kUnit, 2 * kUnit, 600, 10, 0.05, 806); }, false},
    {"stairs_up_every_5min_then_flat",
     [] {
       return testing::generated(3 * 3600, 807, [](int t, testing::Noise& n) {
         return std::min(8.0, 1.0 + t / 300) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"pod_surges_every_15min",
     [] {
       // Pods arrive one every 30 s on average, and one every 2 s during a 3 min surge every 15 min; each reads
       // 0.3 units for 45 s.
       std::vector<double> d(static_cast<std::size_t>(4 * 3600), 0.0);
       testing::Noise n(808);
       double t = 0;
       while (t < 4 * 3600) {
         const bool surge = static_cast<int>(t) % 900 >= 600 && static_cast<int>(t) % 900 < 780;
         t += testing::exponential(n, surge ? 2 : 30);
         testing::add_read(d, static_cast<int>(t), 45, 0.3 * kUnit);
       }
       return d;
     },
     false},
    {"level_with_dropouts",
     [] {
       return testing::generated(4 * 3600, 809, [until = -1](int t, testing::Noise& n) mutable {
         if (t % 60 == 0 && t >= until && testing::uniform(n) < 0.1) {
           until = t + 30;  // one minute in ten, on average, drops to nothing for 30 s
         }
         return t < until ? 0.0 : 5 * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"spikes_2s_every_20s", [] { return testing::spike_train(2 * 3600, 1 * kUnit, 8 * kUnit, 20, 2, 10); }, false},
    {"jittered_spikes_2000s_seed81",
     [] { return testing::jittered_spike_train(8 * 3600, 1 * kUnit, 8 * kUnit, 2000, 81); }, false},
    {"random_bursts_3000s_sparse",
     [] { return testing::random_bursts(8 * 3600, 0.5 * kUnit, 10 * kUnit, 3000, 120, 600, 810); }, false},
    {"sawtooth_5min", [] { return testing::sawtooth(4 * 3600, 1 * kUnit, 8 * kUnit, 300, 0.05, 811); }, false},
    {"storm_decaying_after_1h",
     [] {
       return testing::generated(4 * 3600, 812, [](int t, testing::Noise& n) {
         return t < 3600 ? 0.0 : 8 * kUnit * std::exp(-(t - 3600) / 3600.0) * (1 + 0.2 * n.next());
       });
     },
     false},
    {"two_levels_at_random_each_second",
     [] {
       return testing::generated(4 * 3600, 813, [](int, testing::Noise& n) {
         return (testing::uniform(n) < 0.3 ? 6.0 : 2.0) * kUnit;  // 6 units three seconds in ten, else 2
       });
     },
     false},
    {"log_growth_over_6h",
     [] {
       return testing::generated(6 * 3600, 814, [](int t, testing::Noise& n) {
         return (1 + 7 * std::log1p(t / 600.0) / std::log1p(36.0)) * kUnit * (1 + 0.03 * n.next());
       });
     },
     true},
    {"square_wave_2h",
     [] {
       return testing::staircase(8 * 3600, {1 * kUnit, 6 * kUnit}, 7200, 0.05, 815);
     },
     false},
    {"spike_with_a_tail_every_20min",
     [] {
       return testing::generated(4 * 3600, 816, [](int t, testing::Noise& n) {
         const int phase = t % 1200;  // 30 s at 8 units, then 5 min at 3, then 1
         const double level = phase < 30 ? 8.0 : phase < 330 ? 3.0 : 1.0;
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"drain_silence_and_return",
     [] {
       return testing::generated(4 * 3600, 817, [](int t, testing::Noise& n) {
         double level = 6;  // 6 units, drained over 10 min from 1 h, silent an hour, back at once at 2 h 10 min
         if (t >= 3600 && t < 4200) {
           level = 6.0 * (4200 - t) / 600;
         } else if (t >= 4200 && t < 7800) {
           level = 0;
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"jittered_spikes_100s_seed82",
     [] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, 100, 82); }, false},
    {"random_walk_slow_wide", [] { return testing::bounded_walk(6 * 3600, 818, kUnit, 2, 0.05, 0, 8, 0.1); }, false},
};

INSTANTIATE_TEST_SUITE_P(Fresh8, GeneratedShapes, ::testing::ValuesIn(kFreshShapes8), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
