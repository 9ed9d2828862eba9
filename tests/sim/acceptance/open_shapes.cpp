// The open shapes of issue 4's acceptance suite, run as disabled tests (--gtest_also_run_disabled_tests).
// The judge and the criteria are in tests/sim/acceptance_test.cpp.
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

// Open (docs/simulate.md, "Open"): shapes on which the criteria do not all hold yet, from the sixth, tenth,
// fourteenth, seventeenth, nineteenth, twentieth, twenty-fourth, twenty-fifth, twenty-sixth and twenty-seventh fresh
// sets. Run them with --gtest_also_run_disabled_tests to see the current figures.
const Shape kOpenShapes[] = {
    // Sixth set. Dominated by fluid-hpa at 0.7 (1.29% at 1.38×), which keeps one level: 2.07% at 1.57×. Most of the
    // unmet demand falls in the first hour and the last, where gaps outlast the 420 s hold (docs/simulate.md).
    {"random_bursts_80s_on_two_units",
     [] { return testing::random_bursts(4 * 3600, 2 * kUnit, 8 * kUnit, 80, 10, 30, 63); }, false},
    // Tenth set. One second in 100 at random, 1 to 8 units, else nothing: 17.38% at 1.91x against reactive-ideal's
    // 12.50% (at 2.12x) + 0.5 pp. The holds keep only levels sustained for 2 s, so until the peak hold is in force
    // (from about 35 min) every blip is missed; priced at 7 worker-seconds, a missed blip costs less than keeping
    // workers through the 100 s between blips, so no strategy the ledgers rank serves them. A constant 6 workers would
    // miss 7.42% at 1.92x (docs/simulate.md).
    {"one_second_blips_in_silence",
     [] {
       return testing::generated(4 * 3600, 1009, [](int, testing::Noise& n) {
         return testing::uniform(n) < 0.01 ? (1 + 7 * testing::uniform(n)) * kUnit : 0.0;  // one second in 100
       });
     },
     false},
    // Seventeenth set, a cycle "near the oracle": 0.323% at 1.114× against the oracle's 0.138% + 0.1 pp (reactive-ideal
    // 0.625%, the HPA at 0.7 0.180%), the noisy cycles' lesson again (docs/simulate.md).
    {"cycle_90min_with_15pct_noise",
     [] { return testing::daily_sine(8 * 3600, 4 * kUnit, 3 * kUnit, 5400, 60, 0.15, 1702); }, true},
    // Long random bursts (60–300 s, mean gap 1,000 s): 8.78% at 1.54×, dominated by the KPA at 0.7.
    {"long_random_bursts_1000s_seed143",
     [] { return testing::random_bursts(8 * 3600, 1 * kUnit, 9 * kUnit, 1000, 60, 300, 143); }, false},
    // Twentieth set. Dominated by the KPA at 0.7 (4.88% at 40,624 worker-seconds): 5.34% at 43,250 (1.157x the oracle),
    // 488 worker-seconds over what "not dominated" allows. Each storm rises over 2 min from a quiet level; the hold, in
    // force, is raised to the ramp's bound as demand climbs (6.35% before that), and the forecast, which foresaw the
    // rise, is chosen once the rise is over and then overshoots it (12 workers for a plateau of 8; docs/simulate.md).
    {"fifty_pods_every_2h_at_a_random_minute",
     [] {
       // Every 2 h, at a random minute, 50 pods start within 2 min, each reading 0.15 units for 4 min; 0.5 units
       // between.
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.5 * kUnit);
       testing::Noise n(2014);
       for (int slot = 0; slot < 4; ++slot) {
         const int start = slot * 7200 + static_cast<int>(6900 * testing::uniform(n));
         for (int pod = 0; pod < 50; ++pod) {
           testing::add_read(d, start + static_cast<int>(120 * testing::uniform(n)), 240, 0.15 * kUnit);
         }
       }
       return d;
     },
     false},
    // Twenty-fourth set, held "near the oracle": 0.281% at 1.056x against the oracle's 0.001% + 0.1 pp (reactive-ideal
    // 0.398%). Each 2 h day's morning rush takes 2, 40, 10, 5 or 20 min. The first, 2 min with no history before it,
    // misses 0.170 pp by itself; the fourth (5 min, the day after a 10 min one) 0.079 pp.
    {"morning_ramps_of_2_to_40min_on_2h_days",
     [] {
       return testing::generated(10 * 3600, 2401, [](int t, testing::Noise& n) {
         // A team's coding assistant on days compressed to 2 h: from the night's 1 unit the morning rush builds to
         // 7.5 in 2, 40, 10, 5 or 20 min depending on the day, and the evening empties it over 20 min.
         constexpr std::array<double, 5> kRamp{120, 2400, 600, 300, 1200};
         const double ramp = kRamp[static_cast<std::size_t>(t / 7200)];
         const int s = t % 7200;
         const double up = std::clamp((s - 1200) / ramp, 0.0, 1.0);
         const double down = std::clamp((s - 5400) / 1200.0, 0.0, 1.0);
         const double f = up * up * (3 - 2 * up) * (1 - down * down * (3 - 2 * down));
         return (1 + 6.5 * f) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-fifth set, held "near the oracle": 0.669% at 1.068x against the oracle's 0% + 0.1 pp (reactive-ideal
    // 0.988%, the HPA 0.949%). Each lesson adds 3.5 units over 2 min, 55 min after the last; the first alone misses
    // 342 worker-seconds (0.19 pp). The lessons' season is found at 3.2 h since the third look (0.737% at 1.049x
    // before: the quiet first hour hid it).
    {"school_day_of_45min_lessons_and_10min_breaks",
     [] {
       return testing::generated(10 * 3600, 2501, [](int t, testing::Noise& n) {
         // A learning platform over a school day: 0.4 units until 8:00 (1 h in), then lessons of 45 min (pupils log
         // in over 2 min, 5 units) with 10 min breaks (1.5), a 45 min lunch (1 unit) after the fourth lesson, three
         // more lessons, homework at 2.5 units until 9.5 h and 0.4 units after.
         constexpr int kStart = 3600;
         constexpr int kLunch = kStart + 4 * 3300;
         constexpr int kAfternoon = kLunch + 2700;
         constexpr int kEnd = kAfternoon + 3 * 3300;
         double level = 0.4;
         if ((t >= kStart && t < kLunch) || (t >= kAfternoon && t < kEnd)) {
           const int s = (t < kLunch ? t - kStart : t - kAfternoon) % 3300;
           level = s < 2700 ? 1.5 + 3.5 * std::min(1.0, s / 120.0) : 1.5;
         } else if (t >= kLunch && t < kAfternoon) {
           level = 1;
         } else if (t >= kEnd && t < 34200) {
           level = 2.5;
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    // Twenty-fifth set, held "near the oracle": 1.03% at 1.115x against the oracle's 0% + 0.1 pp (reactive-ideal
    // 3.04%, the HPA 4.28%). Each opening auction jumps from 0.3 units to 7 within a second, 90 min after the last.
    {"trading_days_of_90min_opening_with_an_auction_burst",
     [] {
       return testing::generated(9 * 3600, 2502, [volume = 1.0](int t, testing::Noise& n) mutable {
         // A trading assistant on market days compressed to 90 min: closed for 20 min (0.3 units), then the opening
         // auction reads 7 units for 2 min, falling to 3 with a 5 min time constant, a midday lull down to 2 and a
         // closing ramp to 5.5 over the last 10 min of the 65 min session; each day's volume is 0.85–1.15 of usual.
         const int s = t % 5400;
         if (s == 0) {
           volume = 0.85 + 0.3 * testing::uniform(n);
         }
         double level = 0.3;
         if (s >= 1200 && s < 5100) {
           const int u = s - 1200;
           const double open = u < 120 ? 7 : 3 + 4 * std::exp(-(u - 120) / 300.0);
           const double lull = std::sin(std::numbers::pi * u / 3900);
           level = volume * (open - lull + 2.5 * std::clamp((s - 4500) / 600.0, 0.0, 1.0));
         }
         return level * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-fifth set, held "near the oracle": 1.52% at 1.197x against the oracle's 0% + 0.1 pp and 1.15x
    // (reactive-ideal 3.32% at 1.132x). The passes start every 95 min, but how long they and their processing last
    // varies from pass to pass.
    {"satellite_passes_every_95min_downlinking_for_5_to_12min",
     [] {
       // An Earth-observation pipeline: every 95 min (an orbit) a pass downlinks raw imagery for 5–12 min, read at
       // 2 units as it lands, and its processing reads 5 units from a minute in, for 2.5 times the pass, ramping
       // over a minute; 0.6 units besides, ±5% each second.
       testing::Noise n(2503);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.6 * kUnit);
       for (int pass = 1000; pass < kTotal; pass += 5700) {
         const int len = 300 + static_cast<int>(420 * testing::uniform(n));
         testing::add_read(d, pass, len, 2 * kUnit);
         const int from = pass + 60;
         for (int i = from; i < from + static_cast<int>(2.5 * len) && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] += 5 * std::min(1.0, (i - from) / 60.0) * kUnit;
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     true},
    // Twenty-fifth set, held "near the oracle": 1.34% at 1.205x against the oracle's 0.042% + 0.1 pp and 1.15x
    // (reactive-ideal 6.60% at 1.282x): eight syncs a day, 15 min apart, each rising to its height within a minute.
    // 1.282% at 1.151x since the season's bound is calibrated by its nearest forecasts (docs/simulate.md).
    {"iot_fleet_syncing_at_midnight_in_8_time_zones_of_a_2h_day",
     [] {
       return testing::generated(10 * 3600, 2504, [](int t, testing::Noise& n) {
         // Devices sync at local midnight: on a 2 h day, 8 time zones 15 min apart with 0.6 to 6 units of devices
         // each, which start over a minute and finish with a 4 min time constant; 0.8 units besides.
         constexpr std::array<double, 8> kZone{1.0, 2.5, 4.0, 6.0, 5.0, 3.0, 1.5, 0.6};
         double level = 0.8;
         for (std::size_t z = 0; z < kZone.size(); ++z) {
           const int s = ((t - static_cast<int>(z) * 900) % 7200 + 7200) % 7200;
           level += kZone[z] * (s < 60 ? s / 60.0 : std::exp(-(s - 60) / 240.0));
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    // Twenty-fifth set, held "near the oracle": 1.19% at 1.061x against the oracle's 0.249% + 0.1 pp (reactive-ideal
    // 1.87%): the 5 min overlaps at the handovers, every 40 min, jump by the next shift's level within a second.
    {"three_shifts_of_40min_overlapping_5min_at_handover",
     [] {
       return testing::generated(8 * 3600, 2507, [](int t, testing::Noise& n) {
         // A support desk's copilot on 2 h days of three 40 min shifts (6, 3.5 and 1.2 units of agents' reads);
         // each shift's agents log in 5 min before it starts, so handovers read for both.
         constexpr std::array<double, 3> kShift{6, 3.5, 1.2};
         const int s = t % 7200;
         double level = kShift[static_cast<std::size_t>(s / 2400)];
         if (s % 2400 >= 2100) {
           level += kShift[static_cast<std::size_t>((s / 2400 + 1) % 3)];
         }
         return level * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-fifth set, held "near the oracle": 0.781% at 1.162x against the oracle's 0.036% + 0.1 pp (reactive-ideal
    // 2.97% at 1.113x). Each pass starts at minute 10 but is 3 min longer than the last: the season, refined on the
    // levels alone, was 61 min and saw each start a minute late (3.02% at 1.042x, what reactive-ideal seeing demand a
    // second late missed); weighing the rises it would not foresee, it is 60 min, and the first two passes miss all
    // of it (0.41 and 0.37 pp), before any pass has repeated.
    {"hourly_dedup_pass_over_a_corpus_growing_from_5_to_26min",
     [] {
       return testing::generated(8 * 3600, 2508, [](int t, testing::Noise& n) {
         // A crawler's corpus deduplicated every hour at minute 10: the pass reads 6 units (ramping over 30 s) for
         // 5 min in the first hour and 3 min more each hour as the corpus grows, to 26 min in the eighth; 1.5 units
         // of crawling besides.
         const int s = t % 3600 - 600;
         const int len = 300 + 180 * (t / 3600);
         const double pass = s >= 0 && s < len ? 6 * std::min(1.0, s / 30.0) : 0.0;
         return (1.5 + pass) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-sixth set, held "near the oracle": 0.566% at 1.090x against the oracle's 0.021% + 0.1 pp (reactive-ideal
    // 1.22%, the HPA 1.15%). Each day's report starts at minute 62; Monday's alone reads 5 units for 15 min.
    {"weekly_and_daily_report_crons_on_a_week_of_80min_days",
     [] {
       return testing::generated(7 * 4800, 2601, [](int t, testing::Noise& n) {
         // An analytics warehouse over a week of days compressed to 80 min: dashboards read 1 unit at night and up
         // to 4 along the first hour of each day (a half sine), the swing halved on the weekend (days 6 and 7); the
         // daily report cron starts at minute 62 and reads 3 units for 8 min (ramping over a minute), and on Monday
         // the weekly report reads 5 units there instead, for 15 min.
         const int day = t / 4800;
         const int s = t % 4800;
         const double daytime = s < 3600 ? std::sin(std::numbers::pi * s / 3600) : 0.0;
         const double dashboards = 1 + 3 * (day >= 5 ? 0.5 : 1.0) * daytime;
         const int len = day == 0 ? 900 : 480;
         const double height = day == 0 ? 5 : 3;
         const double report = s >= 3720 && s < 3720 + len ? height * std::min(1.0, (s - 3720) / 60.0) : 0.0;
         return (dashboards + report) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-sixth set, held "near the oracle": 1.51% at 1.312x against the oracle's 0% + 0.1 pp and 1.15x
    // (reactive-ideal 9.91% at 1.374x, the HPA 11.6%; 2.07% at 1.301x before the season was refined weighing its
    // rises). Each suite's jobs all start within 30 s of its minute.
    {"eval_suites_launched_at_minutes_5_25_and_45_of_each_hour",
     [] {
       // A model team's scheduler launches evaluation suites at fixed minutes of each hour: at :05 the regression
       // suite (60 jobs within 30 s, each reading 0.1 units for 4–7 min), at :25 the long-context suite (20 jobs,
       // 0.2 units for 8–12 min) and at :45 the safety suite (40 jobs, 0.1 units for 2–4 min); 0.8 units of
       // serving besides, ±4% each second.
       testing::Noise n(2604);
       constexpr int kTotal = 7 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.8 * kUnit);
       const auto suite = [&d, &n](int from, int jobs, double level, int shortest, int longest) {
         for (int job = 0; job < jobs; ++job) {
           testing::add_read(d, from + static_cast<int>(30 * testing::uniform(n)),
                             shortest + static_cast<int>((longest - shortest) * testing::uniform(n)), level * kUnit);
         }
       };
       for (int hour = 0; hour < kTotal; hour += 3600) {
         suite(hour + 300, 60, 0.1, 240, 420);
         suite(hour + 1500, 20, 0.2, 480, 720);
         suite(hour + 2700, 40, 0.1, 120, 240);
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     true},
    // Twenty-sixth set, held "near the oracle": 0.432% at 1.077x against the oracle's 0% + 0.1 pp (reactive-ideal
    // 0.954%, the HPA 0.872%). Each compaction adds 5 units over 2 min at minute 20 of its day, for 13–17 min.
    {"vector_index_compacted_each_night_of_a_2h_day",
     [] {
       return testing::generated(8 * 3600, 2605, [len = 900.0](int t, testing::Noise& n) mutable {
         // A vector database over 2 h days: queries read 1 to 4.5 units along the day (a cosine, lowest at each
         // day's midnight), and 20 min past midnight, when queries are fewest, the index compaction reads 5 units
         // (ramping over 2 min) for 15 min ± 2 min, as much as the day's writes left it.
         const int s = t % 7200;
         if (s == 0) {
           len = 780 + 240 * testing::uniform(n);
         }
         const double queries = 1 + 3.5 * 0.5 * (1 - std::cos(2 * std::numbers::pi * s / 7200));
         const double compaction = s >= 1200 && s < 1200 + len ? 5 * std::min(1.0, (s - 1200) / 120.0) : 0.0;
         return (queries + compaction) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-seventh set, held "near the oracle": 0.700% at 1.056x against the oracle's 0.116% + 0.1 pp (reactive-ideal
    // 1.33%, the HPA 1.21%). The first three 90 min cycles miss 0.262, 0.220 and 0.218 pp (the oracle 0.116 pp in the
    // first), the last three nothing: each cycle's members add 3.5 units over a minute, 6 min in.
    {"weather_model_runs_every_90min_ingesting_then_running_30_members",
     [] {
       return testing::generated(8 * 3600, 2701, [](int t, testing::Noise& n) {
         // A weather service's forecast cycle, run four times a day and compressed here to every 90 min: for 6 min it
         // ingests observations at 3 units, then 30 ensemble members, started over a minute, read boundary and
         // climatology data at 6.5 units all told for 35 min, then post-processing reads their output at 4 units
         // for 15 min; 1 unit of map and API reads until the next cycle.
         const int s = t % 5400;
         double level = 1;
         if (s < 360) {
           level = 3;
         } else if (s < 2460) {
           level = 3 + 3.5 * std::min(1.0, (s - 360) / 60.0);
         } else if (s < 3360) {
           level = 4;
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    // Twenty-seventh set, held "near the oracle": 0.450% at 1.096x against the oracle's 0.058% + 0.1 pp (reactive-ideal
    // 1.69%, the HPA 1.74%). The first two months miss 0.276 and 0.174 pp (the oracle 0.058 pp in the first), the last
    // three nothing: each billing run adds 4.5 units or more over 2 min, 12 min before the month's end.
    {"billing_runs_at_the_end_of_100min_months_growing_4pct_a_month",
     [] {
       return testing::generated(5 * 6000, 2702, [](int t, testing::Noise& n) {
         // A SaaS billing system over months compressed to 100 min: 1.5 units of invoice and usage views with a
         // weekly ripple of ±0.3; 12 min before each month's end the billing run reads usage records at 4.5 units
         // (ramping over 2 min) until the month closes, then statements render at 2 units for the next month's first
         // 6 min; customers grow 4% a month, and the run and the statements with them.
         const int month = t / 6000;
         const int s = t % 6000;
         const double growth = 1 + 0.04 * month;
         double level = 1.5 + 0.3 * std::sin(2 * std::numbers::pi * s / 1400);
         if (s >= 5280) {
           level += 4.5 * growth * std::min(1.0, (s - 5280) / 120.0);
         } else if (s < 360 && month > 0) {
           level += 2 * growth;
         }
         return level * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-seventh set, held "near the oracle": 0.595% at 1.071x against the oracle's 0.216% + 0.1 pp (reactive-ideal
    // 2.44%, the HPA 2.47%). The first three sweeps (each 4 units over a minute, every 45 min) miss 0.313, 0.178 and
    // 0.104 pp (the oracle 0.216 pp in the first, at t = 0), the later eight nothing.
    {"tiering_sweeps_every_45min_then_repromotion_misses",
     [] {
       return testing::generated(8 * 3600, 2708, [](int t, testing::Noise& n) {
         // A tiered dataset cache: 1.5 to 2.5 units of reads on a 3 h cycle; every 45 min a demotion sweep scans the
         // hot tier and moves cold blocks down, reading 4 units for 8 min (ramping over a minute), and the blocks it
         // demoted too eagerly are missed afterwards: re-promotions add 2.5 units at the sweep's end, fading with a
         // 5 min time constant.
         const int s = t % 2700;
         const double reads = 2 + 0.5 * std::sin(2 * std::numbers::pi * t / 10800);
         const double sweep = s < 480 ? 4 * std::min(1.0, s / 60.0) : 0.0;
         const double misses = s >= 480 ? 2.5 * std::exp(-(s - 480) / 300.0) : 0.0;
         return (reads + sweep + misses) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    // Twenty-seventh set, held "near the oracle": 0.511% at 1.115x against the oracle's 0.003% + 0.1 pp (reactive-ideal
    // 1.39%, the HPA 1.37%). Each drop adds 5 units within 20 s, 140 min after the last; the first two miss 0.258 and
    // 0.253 pp, the third and the fourth nothing.
    {"weekly_episode_drops_on_140min_weeks_with_binge_tails",
     [] {
       return testing::generated(8 * 3600, 2709, [](int t, testing::Noise& n) {
         // A streaming service on weeks compressed to 140 min (days of 20 min): viewers' reads follow the day, 1 to
         // 2.5 units; each week's new episode drops at minute 10, and binge watchers add 5 units within 20 s, fading
         // with a 25 min time constant.
         const int s = t % 8400;
         const double viewers = 1.75 - 0.75 * std::cos(2 * std::numbers::pi * (t % 1200) / 1200);
         const double binge = s >= 600 ? 5 * std::min(1.0, (s - 600) / 20.0) * std::exp(-(s - 600) / 1500.0) : 0.0;
         return (viewers + binge) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    // Twenty-seventh set, held "near the oracle": 1.80% at 1.048x against the oracle's 0.002% + 0.1 pp (reactive-ideal
    // 2.67%, the HPA 2.92%). Each snapshot read adds 6.5 units over 30 s, 2 h after the last; the first three runs miss
    // 0.678, 0.679 and 0.439 pp, the fourth nothing.
    {"retraining_every_2h_then_serving_fleet_reloading_the_model",
     [] {
       // A recommender retrained every 2 h (at minute 20): it reads the feature snapshot at 6.5 units (ramping over
       // 30 s) for 12 min, trains for 40 min reading 2.5 units, then 30 serving pods reload the new model within a
       // minute, each reading 0.2 units for 90–150 s; 1 unit of serving reads besides, ±4% each second.
       testing::Noise n(2713);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       for (int start = 1200; start < kTotal; start += 7200) {
         for (int i = start; i < start + 720 && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] += 6.5 * std::min(1.0, (i - start) / 30.0) * kUnit;
         }
         testing::add_read(d, start + 720, 2400, 2.5 * kUnit);
         for (int pod = 0; pod < 30; ++pod) {
           testing::add_read(d, start + 3120 + static_cast<int>(60 * testing::uniform(n)),
                             90 + static_cast<int>(60 * testing::uniform(n)), 0.2 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     true},
    // Twenty-seventh set, held "near the oracle": 0.360% at 1.131x against the oracle's 0.139% + 0.1 pp (reactive-ideal
    // 1.15%, the HPA 0.442%). The first 2 h day misses 0.277 pp (the oracle 0.139 pp), the second 0.083, the third and
    // the fourth nothing: each batch of nodes pulls 2 units of weights for 60–90 s as the morning climbs.
    {"node_pool_scaling_up_in_batches_of_4_each_pulling_weights",
     [] {
       // A model-serving cluster over 2 h days: serving reads rise from 1 unit to 6 along the 80 min day (a half
       // sine) and rest at 1 at night; whenever serving outgrows the pool, the cluster autoscaler adds a batch of 4
       // nodes (a unit of serving each batch), and each new node pulls the model weights at 0.5 units for 60–90 s;
       // the pool shrinks back at night; ±4% each second.
       testing::Noise n(2718);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal));
       int batches = 1;
       for (int t = 0; t < kTotal; ++t) {
         const int s = t % 7200;
         const double serving = 1 + (s < 4800 ? 5 * std::sin(std::numbers::pi * s / 4800) : 0.0);
         d[static_cast<std::size_t>(t)] += serving * kUnit;
         if (s == 0) {
           batches = 1;
         }
         while (serving > batches) {
           ++batches;
           for (int node = 0; node < 4; ++node) {
             testing::add_read(d, t, 60 + static_cast<int>(30 * testing::uniform(n)), 0.5 * kUnit);
           }
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     true},
    // Twenty-seventh set, held "near the oracle": 1.49% at 1.042x against the oracle's 0.002% + 0.1 pp (reactive-ideal
    // 1.95%, the HPA 2.81%). Each run's first iteration jumps from 1 unit to 7.5 within a second, 2 h after the last
    // run's; the first three runs miss 0.500, 0.495 and 0.493 pp, the fourth nothing.
    {"pagerank_every_2h_with_iterations_shrinking_as_it_converges",
     [] {
       // A graph analytics job every 2 h (at minute 15): PageRank over the latest snapshot, 20 iterations each
       // reading the still-active part of the graph at 6.5 units, the first for 4 min and each next one 15% shorter
       // as vertices converge, with 20 s barriers between; 1 unit of rank lookups besides, ±4% each second.
       testing::Noise n(2720);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       for (int start = 900; start < kTotal; start += 7200) {
         double at = start;
         double len = 240;
         for (int iteration = 0; iteration < 20; ++iteration) {
           testing::add_read(d, static_cast<int>(at), static_cast<int>(len), 6.5 * kUnit);
           at += static_cast<int>(len) + 20;
           len *= 0.85;
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     true},
};

// The instantiation's name carries DISABLED_: gtest and CMake's test discovery both look at the suite name's start.
INSTANTIATE_TEST_SUITE_P(DISABLED_Shapes, OpenShapes, ::testing::ValuesIn(kOpenShapes), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
