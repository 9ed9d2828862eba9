// Fresh shape sets twenty-four to twenty-six of issue 4's acceptance suite. The judge and the criteria are
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

// A twenty-fourth fresh set, drawn on 2026-12-05 after the ramp landed, and judged once on it: serverless and AI
// dataset-cache reads (morning ramps of several speeds, a launch, shifts, transcoding, a region migration, a version
// retired, federated rounds, partition listings, a failover, version bumps, stream rebalances, successive halving,
// compactions, embedding jobs, ad breaks, Spark stragglers, a batch API, elastic training, notebooks, meetings).
// 18 of 20 passed at 8 workers, 18 at 12, 19 at 16 and 17 with a 120 s lead. The morning ramps of 2 to 40 min missed
// "near the oracle" at all four (at 8: 0.281237% unmet against the oracle's 0.000940963% + 0.1 pp, at 1.05604x); the
// Hyperband brackets were dominated by the KPA at 0.7 at 8 workers (8.04% at 1.18x, against 8.69021% at 1.27029x) and
// at 0.8 at 12 (8.40% at 1.23x, against 9.05597% at 1.30934x); with a 120 s lead the region migration missed "near
// the oracle" (0.138978% against the oracle's 0.0295313% + 0.1 pp, at 1.01513x) and the federated rounds were
// dominated by the KPA at 0.4 (22.00% at 1.63x, against 23.3061% at 1.93213x). Least room at 8: the compactions
// (1.853x the oracle against the 2x bound), the partition listings (11.54% unmet against reactive-ideal's 11.43% +
// 0.5 pp), the Spark stragglers (7.39% against 7.27% + 0.5 pp; reactive-ideal at 300 s: 0.984x its unmet at 0.926x
// its worker-seconds) and the batch API (reactive-ideal at 60 s: 0.982x its unmet at 0.979x its worker-seconds). The
// morning ramps are in kOpenShapes below; the Hyperband brackets were, until the dominant candidate's stay margin.
const Shape kFreshShapes24[] = {
    {"launch_traffic_doubling_twice_in_5_and_10min_ramps",
     [] {
       return testing::generated(8 * 3600, 2402, [](int t, testing::Noise& n) {
         // A model's launch day: 1.8 units of early access, doubled over 5 min when the launch is announced at 1 h
         // and doubled again over 10 min when the press picks it up at 4.5 h.
         const double first = std::clamp((t - 3600) / 300.0, 0.0, 1.0);
         const double second = std::clamp((t - 16200) / 600.0, 0.0, 1.0);
         return 1.8 * (1 + first) * (1 + second) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"shift_days_of_4h_climbing_for_an_hour_and_emptying_in_15min",
     [] {
       return testing::generated(12 * 3600, 2403, [](int t, testing::Noise& n) {
         // A data-labelling tool's shifts compressed to 4 h days: the morning builds linearly over an hour from
         // 0.8 units to 7.4, the afternoon holds, and the evening empties it in 15 min as the shift ends.
         const int s = t % 14400;
         const double up = std::clamp((s - 3000) / 3600.0, 0.0, 1.0);
         const double down = std::clamp((s - 10800) / 900.0, 0.0, 1.0);
         return (0.8 + 6.6 * up * (1 - down)) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"transcoder_reads_trailing_a_3h_upload_day_by_20min",
     [] {
       return testing::generated(9 * 3600, 2404, [queued = 0.0](int t, testing::Noise& n) mutable {
         // A video platform's transcoders reading source files: uploads follow a 3 h day and the queue's reads
         // trail them, smoothed over ~20 min (0.8 units to about 7.4).
         const double uploads = 0.5 * (1 - std::cos(2 * std::numbers::pi * t / 10800));
         queued += (uploads - queued) / 1200;
         return (0.8 + 6.8 * queued) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"region_migration_in_ramps_of_3_8_and_20min",
     [] {
       return testing::generated(6 * 3600, 2405, [](int t, testing::Noise& n) {
         // Serving moved onto this region in three thirds: 1.2 units, then +2 over 3 min at 40 min, +2 over 8 min
         // at 2 h and +2 over 20 min at 3 h 40 min, each after the last had held.
         const double a = std::clamp((t - 2400) / 180.0, 0.0, 1.0);
         const double b = std::clamp((t - 7200) / 480.0, 0.0, 1.0);
         const double c = std::clamp((t - 13200) / 1200.0, 0.0, 1.0);
         return (1.2 + 2 * (a + b + c)) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"clients_leaving_an_old_model_version_along_a_logistic",
     [] {
       return testing::generated(9 * 3600, 2406, [](int t, testing::Noise& n) {
         // An old model version being retired: its feature reads fall from 7.6 units to 0.6 along a logistic
         // centred at 4.5 h (most of it over ~3 h) as clients upgrade.
         return (0.6 + 7 / (1 + std::exp((t - 16200) / 2400.0))) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"federated_rounds_waiting_for_90pct_of_clients",
     [] {
       // Federated learning: each round 100 clients download the global model within 30 s (0.08 units each for
       // 45–75 s) and train for a lognormal time (median 6 min, σ 0.6); once 90 have reported the server validates
       // (1.5 units for 2 min) and starts the next round within 30 s; 0.4 units besides.
       testing::Noise n(2407);
       std::vector<double> d = testing::noisy_level(8 * 3600, 0.4 * kUnit, 0.05, n);
       for (double t = 300; t < 8 * 3600;) {
         std::vector<double> reported;
         for (int client = 0; client < 100; ++client) {
           const double at = t + 30 * testing::uniform(n);
           const int len = 45 + static_cast<int>(30 * testing::uniform(n));
           testing::add_read(d, static_cast<int>(at), len, 0.08 * kUnit);
           const double z = std::sqrt(-2 * std::log(1 - 0.999 * testing::uniform(n))) *
                            std::cos(2 * std::numbers::pi * testing::uniform(n));
           reported.push_back(at + len + 360 * std::exp(0.6 * z));
         }
         std::nth_element(reported.begin(), reported.begin() + 89, reported.end());
         testing::add_read(d, static_cast<int>(reported[89]), 120, 1.5 * kUnit);
         t = reported[89] + 120 + 30 * testing::uniform(n);
       }
       return d;
     },
     false},
    {"partition_listing_storms_before_query_scans",
     [] {
       // A lakehouse query engine: at random (5 min after the last query and 20 min more on average) a query lists
       // its table's partitions (6–7.5 units of metadata reads for 15–40 s), then scans the pruned ones (2–4 units
       // for 2–8 min); 0.6 units besides, ±5% each second.
       testing::Noise n(2408);
       std::vector<double> d(static_cast<std::size_t>(6 * 3600), 0.6 * kUnit);
       for (double t = 300 + testing::exponential(n, 1200); t < 6 * 3600;) {
         const auto from = static_cast<int>(t);
         const int list = 15 + static_cast<int>(25 * testing::uniform(n));
         const int scan = 120 + static_cast<int>(360 * testing::uniform(n));
         testing::add_read(d, from, list, (6 + 1.5 * testing::uniform(n)) * kUnit);
         testing::add_read(d, from + list, scan, (2 + 2 * testing::uniform(n)) * kUnit);
         t += list + scan + 300 + testing::exponential(n, 1200);
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"regional_failover_absorbing_a_neighbours_traffic",
     [] {
       return testing::generated(
           10 * 3600, 2409, [next = 2400.0, from = -1e9, len = 0.0](int t, testing::Noise& n) mutable {
             // 3 units of a region's own reads; at random (an hour after the last failover and 90 min more on
             // average) the neighbouring region fails and its clients move here over a minute (+3.5 units) with
             // their retries on top (+1.8, fading over 90 s), for 20–60 min, then move back over 5 min.
             if (t >= next) {
               from = t;
               len = 1200 + 2400 * testing::uniform(n);
               next = t + len + 300 + 3600 + testing::exponential(n, 5400);
             }
             const double s = t - from;
             const double moved = std::min(1.0, s / 60) * (1 - std::clamp((s - len) / 300, 0.0, 1.0));
             const double extra = s < len + 300 ? 3.5 * moved + 1.8 * std::exp(-s / 90) : 0.0;
             return (3 + extra) * kUnit * (1 + 0.05 * n.next());
           });
     },
     false},
    {"miss_storms_after_model_version_bumps_on_a_3h_day",
     [] {
       return testing::generated(9 * 3600, 2410, [next = 1800.0, bump = -1e9](int t, testing::Noise& n) mutable {
         // Embedding lookups on a 3 h day (0.8 to 2.2 units); at random (30 min apart at least, an hour more on
         // average) a new model version changes every key: the pods switch over 2 min and their misses read the
         // raw features, 3.5 times the load at first, falling back with a 4 min time constant.
         if (t >= next) {
           bump = t;
           next = t + 1800 + testing::exponential(n, 3600);
         }
         const double load = 0.8 + 1.4 * 0.5 * (1 - std::cos(2 * std::numbers::pi * t / 10800));
         const double s = t - bump;
         const double misses = 2.5 * std::min(1.0, s / 120) * std::exp(-std::max(0.0, s - 120) / 240);
         return load * (1 + misses) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"stream_consumer_catching_up_after_rebalances",
     [] {
       return testing::generated(6 * 3600, 2411,
                                 [next = 900.0, paused = 0.0, lag = 0.0](int t, testing::Noise& n) mutable {
                                   // A stream consumer reading what producers write (2.5 units ±5%); at random (5 min
                                   // after a pause and 25 min more on average) its group rebalances and it stops for 20
                                   // s to 4 min, then catches up at up to 7.5 units until its lag is gone.
                                   const double produced = 2.5 * (1 + 0.05 * n.next());
                                   if (t >= next) {
                                     paused = t + 20 + 220 * testing::uniform(n);
                                     next = paused + 300 + testing::exponential(n, 1500);
                                   }
                                   if (t < paused) {
                                     lag += produced;
                                     return 0.1 * kUnit;
                                   }
                                   const double read = std::min(7.5, produced + lag);
                                   lag -= read - produced;
                                   return read * kUnit * (1 + 0.03 * n.next());
                                 });
     },
     false},
    {"lsm_compactions_paced_by_a_2h_write_cycle",
     [] {
       return testing::generated(8 * 3600, 2413, [flushed = 0.0, until = 0.0](int t, testing::Noise& n) mutable {
         // A feature store on an LSM tree: writes follow a 2 h cycle, and each 600 unit-seconds flushed sets off a
         // compaction reading 5.8 units for 90–150 s (every ~8 min at the peak, ~50 at the trough), over serving
         // reads of 0.6 to 1.8 units.
         const double day = 0.5 * (1 - std::cos(2 * std::numbers::pi * t / 7200));
         flushed += 0.2 + day;
         if (flushed >= 600 && t >= until) {
           until = t + 90 + 60 * testing::uniform(n);
           flushed = 0;
         }
         return (0.6 + 1.2 * day + (t < until ? 5.8 : 0.0)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"embedding_jobs_in_user_batches_under_a_cap_of_7",
     [] {
       return testing::generated(
           8 * 3600, 2414,
           [queued = std::vector<int>{}, running = std::vector<int>{}](int t, testing::Noise& n) mutable {
             // Embedding jobs: a user submits 2–12 at once (25 min apart on average); at most 7 run, each reading
             // 1.1 units for a lognormal time (median 4 min, σ 0.8, at most 1 h), the rest queue; 0.3 units
             // besides, ±3% each second.
             if (testing::uniform(n) < 1.0 / 1500) {
               const int jobs = 2 + static_cast<int>(10.999 * testing::uniform(n));
               for (int job = 0; job < jobs; ++job) {
                 const double z = std::sqrt(-2 * std::log(1 - 0.999 * testing::uniform(n))) *
                                  std::cos(2 * std::numbers::pi * testing::uniform(n));
                 queued.push_back(std::clamp(static_cast<int>(240 * std::exp(0.8 * z)), 10, 3600));
               }
             }
             std::erase_if(running, [t](int end) { return end <= t; });
             while (running.size() < 7 && !queued.empty()) {
               running.push_back(t + queued.front());
               queued.erase(queued.begin());
             }
             return (0.3 + 1.1 * static_cast<double>(running.size())) * kUnit * (1 + 0.03 * n.next());
           });
     },
     false},
    {"ad_breaks_during_live_matches",
     [] {
       // A streaming service's ad decisioning: live matches of 100 min (20–60 min apart) read 2 units of viewer
       // features, and every 12–18 min an ad break has every viewer fetch creatives at once (7.2 units for 1–2 min);
       // 0.5 units between matches, ±5% each second.
       testing::Noise n(2415);
       constexpr int kTotal = 10 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.5 * kUnit);
       const auto set = [&d](int from, int len, double level) {
         for (int i = from; i < from + len && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] = level;
         }
       };
       for (double kickoff = 1800; kickoff < kTotal; kickoff += 6000 + 1200 + 2400 * testing::uniform(n)) {
         const auto from = static_cast<int>(kickoff);
         set(from, 6000, 2 * kUnit);
         for (int b = from + 720 + static_cast<int>(360 * testing::uniform(n)); b < from + 6000;
              b += 720 + static_cast<int>(360 * testing::uniform(n))) {
           set(b, 60 + static_cast<int>(60 * testing::uniform(n)), 7.2 * kUnit);
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"spark_jobs_with_a_straggling_map_stage",
     [] {
       // Spark jobs at random (10 min after the last and 30 min more on average): 400 map tasks on 32 slots, each
       // reading 0.22 units for 20–40 s, one in 30 a straggler 5–9 times as long; then 16 reduce tasks read 0.3
       // units each for 1–3 min; 0.5 units besides, ±4% each second.
       testing::Noise n(2416);
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.5 * kUnit);
       for (double t = 300 + testing::exponential(n, 1800); t < 8 * 3600;) {
         std::vector<int> slots(32, static_cast<int>(t));
         for (int task = 0; task < 400; ++task) {
           const auto slot = std::min_element(slots.begin(), slots.end());
           int len = 20 + static_cast<int>(20 * testing::uniform(n));
           if (testing::uniform(n) < 1.0 / 30) {
             len *= 5 + static_cast<int>(4.999 * testing::uniform(n));
           }
           testing::add_read(d, *slot, len, 0.22 * kUnit);
           *slot += len;
         }
         const int reduce = *std::max_element(slots.begin(), slots.end());
         int end = reduce;
         for (int task = 0; task < 16; ++task) {
           const int len = 60 + static_cast<int>(120 * testing::uniform(n));
           testing::add_read(d, reduce, len, 0.3 * kUnit);
           end = std::max(end, reduce + len);
         }
         t = end + 600 + testing::exponential(n, 1800);
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"batch_api_filling_the_headroom_of_a_4h_day",
     [] {
       return testing::generated(8 * 3600, 2417, [backlog = 0.0](int t, testing::Noise& n) mutable {
         // An inference provider's batch API: interactive reads follow a 4 h day (1 to 5.5 units); batches of
         // 3,000–15,000 unit-seconds arrive an hour apart on average and take what headroom is left under 7.5 units.
         if (testing::uniform(n) < 1.0 / 3600) {
           backlog += 3000 + 12000 * testing::uniform(n);
         }
         const double interactive = 1 + 4.5 * 0.5 * (1 - std::cos(2 * std::numbers::pi * t / 14400));
         const double batch = std::min(backlog, 7.5 - interactive);
         backlog -= batch;
         return (interactive + batch) * kUnit * (1 + 0.04 * n.next());
       });
     },
     false},
    {"elastic_training_resized_as_spot_capacity_comes_and_goes",
     [] {
       return testing::generated(8 * 3600, 2418, [workers = 4, paused = 0.0](int t, testing::Noise& n) mutable {
         // Elastic training on spot nodes, 2 to 8 workers each reading 0.95 units: a node is gained every 10 min on
         // average (below 8) and each is lost every 40 min on average (above 2); each resize stops the reads for
         // 30–60 s while the workers re-rendezvous.
         const double u = testing::uniform(n);
         const int before = workers;
         if (workers < 8 && u < 1.0 / 600) {
           ++workers;
         } else if (workers > 2 && u > 1 - workers / 2400.0) {
           --workers;
         }
         if (workers != before) {
           paused = t + 30 + 30 * testing::uniform(n);
         }
         return (t < paused ? 0.1 : 0.95 * workers) * kUnit * (1 + 0.04 * n.next());
       });
     },
     false},
    {"notebook_kernels_idling_between_run_alls",
     [] {
       // Long-lived notebook kernels, started 4 min apart on average, live a lognormal time (median 40 min, σ 1, at
       // most 4 h), reading 0.06 units while idle and, every 20 min on average, 1.5 units for 20–90 s when their
       // owner runs all cells; 0.2 units besides, ±4% each second.
       testing::Noise n(2419);
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.2 * kUnit);
       for (double t = testing::exponential(n, 240); t < 8 * 3600; t += testing::exponential(n, 240)) {
         const double z = std::sqrt(-2 * std::log(1 - 0.999 * testing::uniform(n))) *
                          std::cos(2 * std::numbers::pi * testing::uniform(n));
         const double life = std::min(14400.0, 2400 * std::exp(z));
         testing::add_read(d, static_cast<int>(t), static_cast<int>(life), 0.06 * kUnit);
         for (double run = t + testing::exponential(n, 1200); run < t + life; run += testing::exponential(n, 1200)) {
           testing::add_read(d, static_cast<int>(run), 20 + static_cast<int>(70 * testing::uniform(n)), 1.5 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"meeting_recordings_transcribed_after_each_half_hour",
     [] {
       // A meeting assistant over a 9 h working day: up to 70–90 meetings end on the hour (fewer early, late and
       // at lunch) and half as many on the half hour; each recording arrives 0–3 min later and is read for
       // transcription at 0.12 units for 2–6 min; 0.4 units besides.
       testing::Noise n(2420);
       std::vector<double> d = testing::noisy_level(9 * 3600, 0.4 * kUnit, 0.05, n);
       for (int end = 1800; end < 9 * 3600; end += 1800) {
         const double hour = end / 3600.0;
         const double busy = std::sin(std::numbers::pi * hour / 9) * (hour >= 4 && hour < 5 ? 0.5 : 1.0);
         const double share = end % 3600 == 0 ? 1.0 : 0.5;
         const auto meetings = static_cast<int>(busy * share * (70 + 20 * testing::uniform(n)));
         for (int meeting = 0; meeting < meetings; ++meeting) {
           testing::add_read(d, end + static_cast<int>(180 * testing::uniform(n)),
                             120 + static_cast<int>(240 * testing::uniform(n)), 0.12 * kUnit);
         }
       }
       return d;
     },
     false},
    // Dominated by the KPA at 0.7 (8.04% at 1.18x) with 8.69% at 1.27x, and in kOpenShapes, until the dominant
    // candidate stayed within 5% of the strategy chosen (dominant_stay_margin): 8.40% at 1.25x (docs/simulate.md).
    {"hyperband_brackets_thinning_27_trials_to_1",
     [] {
       // Hyperparameter search by successive halving: brackets at random (20 min apart at least, 40 min more on
       // average) start 27 trials within a minute, each reading 0.26 units; 9 go on after 2 min, 3 after 8 and one
       // after 26, to 80 min; 0.3 units besides, ±4% each second.
       testing::Noise n(2412);
       std::vector<double> d(static_cast<std::size_t>(8 * 3600), 0.3 * kUnit);
       for (double t = 300 + testing::exponential(n, 1200); t < 8 * 3600; t += 1200 + testing::exponential(n, 2400)) {
         for (int trial = 0; trial < 27; ++trial) {
           const int len = trial == 0 ? 4800 : (trial < 3 ? 1560 : (trial < 9 ? 480 : 120));
           testing::add_read(d, static_cast<int>(t + 60 * testing::uniform(n)), len, 0.26 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh24, GeneratedShapes, ::testing::ValuesIn(kFreshShapes24), shape_name);

// A twenty-fifth fresh set, drawn on 2026-12-05 after the dominant candidate's stay margin, and judged once on it:
// serverless and AI data reads (a school day, trading days, satellite passes, IoT syncs at midnight across time
// zones, a GPU render queue, a context-length release, support-desk shifts, a dedup pass over a growing corpus, LoRA
// adapters in an LRU, pollers backing off, a leak until OOM restarts, a tenant onboarded, crons every 11 and 37 min,
// voice calls of Pareto length, viral clips, trending topics, CI shards, spot-price batches, a shadow model, late-data
// recomputes). 14 of 20 passed at 8 workers, 13 at 12, 13 at 16 and 13 with a 120 s lead. Six of the eight held to
// "near the oracle" missed it at all four; at 8, each by its unmet demand, against the oracle's + 0.1 pp: the school
// day 0.736536% at 1.04904x (oracle 0%), the trading days 1.03028% at 1.1147x (0%), the satellite passes 1.52353% at
// 1.19675x (0%), the IoT syncs 1.34174% at 1.20507x (0.0418917%), the shifts 1.18993% at 1.06071x (0.248561%) and the
// dedup pass 3.01969% at 1.04187x (0.0358074%), the satellite passes and the IoT syncs over 1.15x too. The pollers
// were dominated by the KPA at 0.7 at 12 workers (4.96% at 1.33x, against 5.62985% at 1.44581x) and at 0.6 at 16
// (5.10% at 1.33x, against 5.69118% at 1.45411x); with a 120 s lead the GPU queue missed "near the oracle" (0.219597%
// against the oracle's 0.0201829% + 0.1 pp, at 1.15041x). Least room at 8: the viral clips (reactive-ideal at 360 s:
// 0.965x their unmet at 0.961x their worker-seconds), the pollers (the KPA at 0.6: 0.867x at 0.963x), the spot-price
// batches (reactive-ideal at 360 s: 0.985x at 0.979x), the GPU queue (0.0409188% unmet against the oracle's
// 0.000202786% + 0.1 pp) and the crons (1.71838x the oracle against the 2x bound). The six that missed "near the
// oracle" are in kOpenShapes below.
const Shape kFreshShapes25[] = {
    {"gpu_queue_filled_each_3h_morning_and_drained_at_7_units",
     [] {
       return testing::generated(9 * 3600, 2505, [work = 0.0, backlog = 0.0](int t, testing::Noise& n) mutable {
         // A render farm's GPU queue on 3 h days: 20,000–30,000 unit-seconds of jobs are submitted over the first
         // hour (along a half sine) and the GPUs read their inputs at up to 7 units until the queue is drained,
         // 55–80 min after the first submission; 0.5 units of previews besides.
         const int s = t % 10800;
         if (s == 0) {
           work = 20000 + 10000 * testing::uniform(n);
         }
         if (s < 3600) {
           backlog += work * std::numbers::pi / 7200 * std::sin(std::numbers::pi * s / 3600);
         }
         const double read = std::min(7.0, backlog);
         backlog -= read;
         return (0.5 + read) * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"longer_contexts_shipped_at_3h_reading_60pct_more_on_a_2h_cycle",
     [] {
       return testing::generated(8 * 3600, 2506, [](int t, testing::Noise& n) {
         // An assistant's retrieval reads on a 2 h cycle (1.2 to 4.8 units); at 3 h a release lets requests carry
         // longer contexts, rolled out over 10 min, and every request reads 60% more from then on.
         const double cycle = 3 + 1.8 * std::sin(2 * std::numbers::pi * t / 7200);
         const double release = 1 + 0.6 * std::clamp((t - 10800) / 600.0, 0.0, 1.0);
         return cycle * release * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"lora_adapters_loaded_on_misses_of_an_lru_of_8",
     [] {
       return testing::generated(
           6 * 3600, 2509,
           [ranks = std::vector<int>{}, lru = std::vector<int>{}, loads = std::vector<int>{}](
               int t, testing::Noise& n) mutable {
             // A multi-LoRA inference server: a request every 2 s on average picks one of 30 adapters by a Zipf
             // popularity (s = 1.1), reshuffled every 30 min on average as tenants' campaigns come and go; 8 stay
             // loaded (the least recently used goes) and each miss reads 0.8 units for 15–30 s; 1 unit of base
             // weights and KV reads besides.
             if (ranks.empty() || testing::uniform(n) < 1.0 / 1800) {
               ranks.resize(30);
               for (int i = 0; i < 30; ++i) {
                 ranks[static_cast<std::size_t>(i)] = i;
               }
               for (int i = 29; i > 0; --i) {
                 std::swap(ranks[static_cast<std::size_t>(i)],
                           ranks[static_cast<std::size_t>((i + 1) * 0.999 * testing::uniform(n))]);
               }
             }
             if (testing::uniform(n) < 0.5) {
               double total = 0;
               for (int k = 1; k <= 30; ++k) {
                 total += std::pow(k, -1.1);
               }
               double u = total * testing::uniform(n);
               std::size_t k = 0;
               while (k < 29 && (u -= std::pow(static_cast<double>(k + 1), -1.1)) > 0) {
                 ++k;
               }
               const int adapter = ranks[k];
               if (const auto hit = std::find(lru.begin(), lru.end(), adapter); hit != lru.end()) {
                 lru.erase(hit);
               } else {
                 if (lru.size() == 8) {
                   lru.erase(lru.begin());
                 }
                 loads.push_back(t + 15 + static_cast<int>(15 * testing::uniform(n)));
               }
               lru.push_back(adapter);
             }
             std::erase_if(loads, [t](int end) { return end <= t; });
             return (1 + 0.8 * static_cast<double>(loads.size())) * kUnit * (1 + 0.04 * n.next());
           });
     },
     false},
    {"pollers_backing_off_until_each_update_resets_them",
     [] {
       return testing::generated(
           6 * 3600, 2510, [next = 600.0, last = -1e9, window = 320.0](int t, testing::Noise& n) mutable {
             // Clients poll a model registry, doubling their interval from 5 s to 320 s while nothing changes. An
             // update (3 min after the last and 25 min more on average) is seen by each at its next poll, within
             // the interval then in force: 900 unit-seconds of new weights are downloaded across it, and the polls,
             // back at 5 s, read up to 2.5 units and fall off as the intervals double again; 0.5 units besides.
             if (t >= next) {
               window = std::min(320.0, t - last + 5);
               last = t;
               next = t + 180 + testing::exponential(n, 1500);
             }
             const double s = t - last;
             const double downloads = s < window ? 900 / window : 0.0;
             const double polls = 2.5 * std::min(1.0, s / window) * 40 / (std::max(0.0, s - window) + 40);
             return (0.5 + downloads + polls) * kUnit * (1 + 0.05 * n.next());
           });
     },
     false},
    {"rereads_creeping_up_with_a_leak_until_each_oom_restart",
     [] {
       return testing::generated(8 * 3600, 2511, [leaked = 0.0, restarted = -1e9](int t, testing::Noise& n) mutable {
         // A caching sidecar leaking memory in proportion to its traffic (a 2 h cycle of 1.5 to 3.5 units): as
         // the leak grows its cache shrinks and rereads climb with the leak's square, to 4.5 units; when the leak
         // reaches its limit (every 45–100 min) the pod is OOM-killed, reads stop for 90 s and the cold cache
         // rereads 2 units more, fading with a 2 min time constant.
         const double load = 2.5 + std::sin(2 * std::numbers::pi * t / 7200);
         leaked += load * (0.5 + testing::uniform(n)) / 9000;
         if (leaked >= 1) {
           leaked = 0;
           restarted = t;
         }
         const double s = t - restarted;
         const double level = s < 90 ? 0.3 : load + 4.5 * leaked * leaked + 2 * std::exp(-(s - 90) / 120);
         return level * kUnit * (1 + 0.04 * n.next());
       });
     },
     false},
    {"tenant_onboarded_with_a_cold_fill_and_another_leaving",
     [] {
       return testing::generated(6 * 3600, 2512, [](int t, testing::Noise& n) {
         // A shared vector store: 2.5 units of tenants' reads; at 2 h 37 min a large tenant is onboarded over 30 s,
         // 3 units for good, with a cold fill of 2.5 more fading with a 3 min time constant, and at 4 h 50 min a
         // small one leaves (1 unit less over a minute).
         const double on = std::clamp((t - 9420) / 30.0, 0.0, 1.0);
         const double fill = t >= 9420 ? 2.5 * on * std::exp(-(t - 9420) / 180.0) : 0.0;
         const double off = std::clamp((t - 17400) / 60.0, 0.0, 1.0);
         return (2.5 + 3 * on + fill - off) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"cron_fan_outs_every_11_and_every_37min",
     [] {
       // Two crons fanning out to functions: every 11 min 30 start within 20 s, each reading 0.12 units for
       // 30–90 s; every 37 min 60 start within 40 s, each reading 0.1 units for 1–3 min; 0.8 units besides, ±4%
       // each second.
       testing::Noise n(2513);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.8 * kUnit);
       for (int t = 120; t < kTotal; t += 660) {
         for (int f = 0; f < 30; ++f) {
           testing::add_read(d, t + static_cast<int>(20 * testing::uniform(n)),
                             30 + static_cast<int>(60 * testing::uniform(n)), 0.12 * kUnit);
         }
       }
       for (int t = 300; t < kTotal; t += 2220) {
         for (int f = 0; f < 60; ++f) {
           testing::add_read(d, t + static_cast<int>(40 * testing::uniform(n)),
                             60 + static_cast<int>(120 * testing::uniform(n)), 0.1 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"voice_agent_calls_of_pareto_length_on_a_3h_day",
     [] {
       // A voice agent's calls on 3 h days: they arrive at 0.015 to 0.075 a second along the day, last a Pareto
       // time (60 s at least, α 1.6) and each streams 0.45 units of speech-model reads; 0.3 units besides, ±4%
       // each second.
       testing::Noise n(2514);
       constexpr int kTotal = 9 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.3 * kUnit);
       for (int t = 0; t < kTotal; ++t) {
         const double rate = 0.015 + 0.06 * 0.5 * (1 - std::cos(2 * std::numbers::pi * t / 10800));
         if (testing::uniform(n) < rate) {
           const double len = 60 * std::pow(1 - 0.999 * testing::uniform(n), -1 / 1.6);
           testing::add_read(d, t, static_cast<int>(len), 0.45 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"viral_clip_bursts_whose_height_drifts_on_a_slow_walk",
     [] {
       return testing::generated(
           8 * 3600, 2515,
           [height = 4.0, next = 300.0, from = -1e9, len = 0.0, scale = 1.0](int t, testing::Noise& n) mutable {
             // A short-video service's recommendation reads: clips go viral at random (8 min
             // apart on average) and are read for 1–4 min, rising over 20 s to a height (±10%)
             // that drifts on a slow random walk between 2 and 7 units (±0.02 a second); 0.7
             // units besides.
             height = std::clamp(height + 0.02 * n.next(), 2.0, 7.0);
             if (t >= next) {
               from = t;
               len = 60 + 180 * testing::uniform(n);
               scale = 0.9 + 0.2 * testing::uniform(n);
               next = t + len + testing::exponential(n, 480);
             }
             const double s = t - from;
             const double burst = s < len ? height * scale * std::min(1.0, s / 20) : 0.0;
             return (0.7 + burst) * kUnit * (1 + 0.05 * n.next());
           });
     },
     false},
    {"trending_topics_rising_in_5min_and_halving_every_20min",
     [] {
       // A news search's retrieval reads: topics start trending at random (25 min apart on average), each rising
       // over 5 min to a Pareto height (1 unit at least, α 1.8, at most 6) and halving every 20 min after; 1 unit
       // besides, ±5% each second.
       testing::Noise n(2516);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       for (double t = testing::exponential(n, 1500); t < kTotal; t += testing::exponential(n, 1500)) {
         const double height = std::min(6.0, std::pow(1 - 0.999 * testing::uniform(n), -1 / 1.8));
         const auto from = static_cast<int>(t);
         for (int i = from; i < from + 4 * 3600 && i < kTotal; ++i) {
           const double s = i - from;
           d[static_cast<std::size_t>(i)] += height * (s < 300 ? s / 300 : std::exp2(-(s - 300) / 1200)) * kUnit;
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"ci_shards_fanned_out_on_merges_in_working_hours_of_4h_days",
     [] {
       // A monorepo's CI reading model fixtures on 4 h days: merges come every 90 s on average at the height of
       // the 2.5 h working day (fewer towards its edges) and every 30 min at night; each fans out 12 test shards
       // within 10 s, each reading 0.18 units for 2–6 min; 0.4 units besides, ±4% each second.
       testing::Noise n(2517);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.4 * kUnit);
       for (int t = 0; t < kTotal; ++t) {
         const int s = t % 14400;
         const double rate = s < 9000 ? std::sin(std::numbers::pi * s / 9000) / 90 : 0.0;
         if (testing::uniform(n) < std::max(rate, 1.0 / 1800)) {
           for (int shard = 0; shard < 12; ++shard) {
             testing::add_read(d, t + static_cast<int>(10 * testing::uniform(n)),
                               120 + static_cast<int>(240 * testing::uniform(n)), 0.18 * kUnit);
           }
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"batch_reading_only_while_the_spot_price_is_under_its_bid",
     [] {
       return testing::generated(
           8 * 3600, 2518, [price = 0.9, running = false, since = 0.0, retry = 0.0](int t, testing::Noise& n) mutable {
             // A batch embedding job on spot GPUs beside 1.5 units of serving: the spot price reverts to its mean
             // over ~8 min with noise (±0.02 a second); while it is under the bid (1.05) the job reads 5.5 units, from
             // a minute after it starts (0.5 while it loads); once the price goes over, the job is preempted and
             // bids again after 3 min, when the price is 0.02 under the bid.
             price += 0.002 * (1 - price) + 0.02 * n.next();
             if (running && price > 1.05) {
               running = false;
               retry = t + 180;
             } else if (!running && t >= retry && price < 1.03) {
               running = true;
               since = t;
             }
             const double batch = running ? (t - since < 60 ? 0.5 : 5.5) : 0.0;
             return (1.5 + batch) * kUnit * (1 + 0.04 * n.next());
           });
     },
     false},
    {"shadow_model_mirroring_half_the_traffic_for_2h_on_a_3h_cycle",
     [] {
       return testing::generated(9 * 3600, 2519, [](int t, testing::Noise& n) {
         // A candidate model evaluated in shadow: serving reads follow a 3 h cycle (1.2 to 4.8 units), and from
         // 3 h 10 min to 5 h 10 min half the requests are mirrored to the shadow, which reads as much again for
         // them (switched on and off over a minute).
         const double cycle = 3 + 1.8 * std::sin(2 * std::numbers::pi * t / 10800);
         const double shadow =
             std::clamp((t - 11400) / 60.0, 0.0, 1.0) * (1 - std::clamp((t - 18600) / 60.0, 0.0, 1.0));
         return cycle * (1 + 0.5 * shadow) * kUnit * (1 + 0.04 * n.next());
       });
     },
     false},
    {"window_recomputes_every_30min_and_again_when_late_data_lands",
     [] {
       // A streaming feature pipeline: each 30 min window is computed when it closes (4.5 units for 150–250 s,
       // ramping over 20 s), and late data (40 min apart on average) makes it recompute the window it belongs to
       // (3.5 units for 100–200 s); 1.2 units besides, ±4% each second.
       testing::Noise n(2520);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1.2 * kUnit);
       const auto job = [&d](int from, int len, double level) {
         for (int i = from; i < from + len && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] += level * std::min(1.0, (i - from) / 20.0) * kUnit;
         }
       };
       for (int t = 1800; t < kTotal; t += 1800) {
         job(t, 150 + static_cast<int>(100 * testing::uniform(n)), 4.5);
       }
       for (double t = testing::exponential(n, 2400); t < kTotal; t += testing::exponential(n, 2400)) {
         job(static_cast<int>(t), 100 + static_cast<int>(100 * testing::uniform(n)), 3.5);
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh25, GeneratedShapes, ::testing::ValuesIn(kFreshShapes25), shape_name);

// A twenty-sixth fresh set, drawn on 2026-12-06 and judged once on it: serverless, AI and data reads (report crons
// on a compressed week, a shopping season with a holiday, tenants added on a cycle, evaluation suites at fixed
// minutes, a nightly vector-index compaction, a sequence-length curriculum, auto-refreshing dashboards, phone backups
// overnight, replicas warming up after traffic shifts, retries after object-store brownouts, CDN purges, an ETL stage
// catching up after upstream stalls, a feature backfill in quiet hours, an offline inference window every 30 min, push
// campaigns, agents' tool-call chains, KV-cache reloads, video generation, a lakehouse migration, an eval harness).
// 16 of 20 passed at 8 workers, 15 at 12, 14 at 16 and 13 with a 120 s lead. Four of the eight held to "near the
// oracle" missed it at all four; at 8: the report crons 0.565555% at 1.08982x (oracle 0.0205691%), the evaluation
// suites 2.06822% at 1.30123x (0%), the compaction 0.432053% at 1.07749x (0%) and the dashboards 0.228033% at 1.44957x
// (0.108609%), the suites and the dashboards over 1.15x too. The feature backfill was dominated by reactive-ideal at
// 300 and 360 s at 12 workers (0.666178% at 1.1107x; reactive-ideal at 300 s 0.626% at 1.043x) and at 16 (0.717196%
// at 1.11451x), and at 300 s with a 120 s lead (1.3644% at 1.09178x); the replicas warming up missed reactive-ideal's
// unmet + 0.5 pp at 16 (5.14244% against 4.63766%) and were dominated by reactive-ideal at 240–360 s with a 120 s lead
// (6.49771% at 1.25029x); with a 120 s lead the phone backups missed "near the oracle" (0.140018% against the
// oracle's 0% + 0.1 pp, at 1.03796x). Least room at 8: the replicas (4.96545% against reactive-ideal's 4.51949% +
// 0.5 pp), the feature backfill (reactive-ideal at 300 s: 0.906x its unmet at 0.953x its worker-seconds) and the eval
// harness (1.71525x the oracle against the 2x bound). The four that missed "near the oracle" went to kOpenShapes; the
// dashboards are back at the end of this set since a short season is proven on three periods.
const Shape kFreshShapes26[] = {
    {"shopping_season_of_75min_days_with_a_holiday_on_the_fifth",
     [] {
       return testing::generated(8 * 4500, 2602, [](int t, testing::Noise& n) {
         // A shopping assistant's retrieval reads over eight days compressed to 75 min: from 1 unit at night to
         // 6.5 at the evening peak (a cosine), the swing growing 3% a day into the season; the fifth day is a
         // holiday, on which the swing is 40% of usual.
         const int day = t / 4500;
         const double swing = 5.5 * (day == 4 ? 0.4 : 1.0) * (1 + 0.03 * day);
         const double level = 1 + swing * 0.5 * (1 - std::cos(2 * std::numbers::pi * (t % 4500) / 4500));
         return level * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"tenants_added_every_40min_each_reading_on_a_2h_cycle",
     [] {
       return testing::generated(8 * 3600, 2603, [](int t, testing::Noise& n) {
         // A multi-tenant embedding service growing its customer base: 3 tenants at first and one more every 40 min
         // (onboarded over 5 min), 14 by the end; each reads 0.27 to 0.63 units on the same 2 h cycle.
         const int k = t / 2400;
         const double tenants = k == 0 ? 3.0 : 2 + k + std::min(1.0, (t % 2400) / 300.0);
         const double each = 0.45 + 0.18 * std::sin(2 * std::numbers::pi * t / 7200);
         return tenants * each * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
    {"pretraining_reads_climbing_as_a_curriculum_lengthens_sequences",
     [] {
       return testing::generated(7 * 3600, 2606, [](int t, testing::Noise& n) {
         // A pretraining job on a sequence-length curriculum: the sequences it samples grow, so its dataset reads
         // climb from 1.5 to 7 units over the 7 h; every 45 min it pauses 90 s to evaluate and reads 0.3 units.
         const double level = t % 2700 >= 2610 ? 0.3 : 1.5 + 5.5 * t / (7 * 3600.0);
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"phone_backups_while_charging_overnight_on_100min_days",
     [] {
       return testing::generated(6 * 6000, 2608, [scale = 1.0](int t, testing::Noise& n) mutable {
         // A photo app over days compressed to 100 min: phones back up while they charge in the evening, so the
         // reads follow a bump (a Gaussian 12 min wide around minute 70) up to 6.5 units, 0.9 to 1.1 of that from
         // day to day; 0.8 units of browsing besides.
         const int s = t % 6000;
         if (s == 0) {
           scale = 0.9 + 0.2 * testing::uniform(n);
         }
         const double z = (s - 4200) / 720.0;
         return (0.8 + 6.5 * scale * std::exp(-z * z / 2)) * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"replicas_warming_up_after_traffic_shifts_between_regions",
     [] {
       // A model served from two regions: every 50 min on average traffic is shifted and the receiving region scales
       // out 4–10 replicas within 30 s, each reading its weights at 0.8 units for 45–90 s before it serves, and its
       // cold caches read up to 1 unit more, fading over 10 min; 2 units of serving besides, ±5% each second.
       testing::Noise n(2609);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 2 * kUnit);
       for (double t = testing::exponential(n, 3000); t < kTotal; t += testing::exponential(n, 3000)) {
         const auto from = static_cast<int>(t);
         const int replicas = 4 + static_cast<int>(7 * 0.999 * testing::uniform(n));
         for (int r = 0; r < replicas; ++r) {
           testing::add_read(d, from + static_cast<int>(30 * testing::uniform(n)),
                             45 + static_cast<int>(45 * testing::uniform(n)), 0.8 * kUnit);
         }
         for (int i = from; i < from + 600 && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] += (1 - (i - from) / 600.0) * kUnit;
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"shard_reads_retried_after_object_store_brownouts",
     [] {
       return testing::generated(8 * 3600, 2610,
                                 [next = 1500.0, end = -1.0, backlog = 0.0](int t, testing::Noise& n) mutable {
                                   // A training fleet reading shards through the cache from an object store that browns
                                   // out at random (the first 25 min in, then 45 min apart on average, for 2–8 min):
                                   // while it does, the fleet's 3 units of reads stall at 0.8 and what it owes piles
                                   // up; when it ends, retries released with jittered backoff read the backlog at 2.4
                                   // to 4 units more until it is gone.
                                   if (t >= next) {
                                     end = t + 120 + 360 * testing::uniform(n);
                                     next = end + testing::exponential(n, 2700);
                                   }
                                   double level = 0.8;
                                   if (t < end) {
                                     backlog += 2.2;
                                   } else {
                                     const double retried = std::min(backlog, 4 * (0.6 + 0.4 * testing::uniform(n)));
                                     backlog -= retried;
                                     level = 3 + retried;
                                   }
                                   return level * kUnit * (1 + 0.04 * n.next());
                                 });
     },
     false},
    {"cdn_origin_misses_after_purges_at_random",
     [] {
       // A model-artifact CDN's origin reads: 1 unit of misses in steady state; purges come at random (35 min apart on
       // average), each invalidating 10–70% of the cached objects, and the misses they cause add up to 8 units times
       // that share, rising over 15 s as clients come back and fading with a 4 min time constant as the edges refill;
       // ±5% each second.
       testing::Noise n(2611);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       for (double t = testing::exponential(n, 2100); t < kTotal; t += testing::exponential(n, 2100)) {
         const double share = 0.1 + 0.6 * testing::uniform(n);
         const auto from = static_cast<int>(t);
         for (int i = from; i < from + 3600 && i < kTotal; ++i) {
           const double s = i - from;
           d[static_cast<std::size_t>(i)] += 8 * share * std::min(1.0, s / 15) * std::exp(-s / 240) * kUnit;
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"etl_stage_catching_up_after_its_slow_upstream_stalls",
     [] {
       return testing::generated(9 * 3600, 2612,
                                 [next = 1800.0, end = -1.0, backlog = 0.0](int t, testing::Noise& n) mutable {
                                   // An ETL stage behind a slow upstream: batches land at 2.5 units' worth a second and
                                   // the stage reads them as they land; the upstream stalls at random (the first 30 min
                                   // in, then 40 min apart on average, for 3–15 min), and when it resumes the stage
                                   // reads the held-back batches at up to 7.5 units until it has caught up; 0.2 units
                                   // of metadata reads throughout.
                                   if (t >= next) {
                                     end = t + 180 + 720 * testing::uniform(n);
                                     next = end + testing::exponential(n, 2400);
                                   }
                                   double level = 0.2;
                                   if (t < end) {
                                     backlog += 2.5;
                                   } else {
                                     const double caught_up = std::min(backlog, 5.0);
                                     backlog -= caught_up;
                                     level += 2.5 + caught_up;
                                   }
                                   return level * kUnit * (1 + 0.04 * n.next());
                                 });
     },
     false},
    {"feature_backfill_in_chunks_started_only_while_serving_is_quiet",
     [] {
       return testing::generated(
           8 * 3600, 2613, [remaining = 60000.0, chunk_end = 0.0, next_start = 0.0](int t, testing::Noise& n) mutable {
             // An ML feature backfill of 60,000 unit-seconds beside online serving on a 2 h cycle (1 to 4.5 units):
             // it runs in chunks of 2–5 min at 3.5 units with 20–60 s between them, and a chunk starts only while
             // serving is under 3 units, until the backfill is done.
             const double serving = 2.75 - 1.75 * std::cos(2 * std::numbers::pi * t / 7200);
             if (remaining > 0 && t >= chunk_end && t >= next_start && serving < 3) {
               chunk_end = t + 120 + 180 * testing::uniform(n);
               next_start = chunk_end + 20 + 40 * testing::uniform(n);
             }
             const double backfill = t < chunk_end && remaining > 0 ? 3.5 : 0.0;
             remaining -= backfill;
             return (serving + backfill) * kUnit * (1 + 0.04 * n.next());
           });
     },
     false},
    {"offline_inference_window_every_30min_draining_a_random_queue",
     [] {
       return testing::generated(8 * 3600, 2614, [opened = 0, backlog = 0.0](int t, testing::Noise& n) mutable {
         // An offline inference queue whose batch window opens every 30 min: what has queued since (1,500–9,000
         // unit-seconds, at random) is read at 6 units from the opening (ramping over 30 s) until it is done, 4 to
         // 25 min; 1 unit of online reads besides.
         if (t % 1800 == 0) {
           backlog += 1500 + 7500 * testing::uniform(n);
           opened = t;
         }
         const double read = std::min(backlog, 6 * std::min(1.0, (t - opened) / 30.0));
         backlog -= read;
         return (1 + read) * kUnit * (1 + 0.04 * n.next());
       });
     },
     false},
    {"push_campaigns_at_random_waking_hours_of_3h_days",
     [] {
       // A shopping app's recommendation reads on 3 h days (1 unit at night, up to 3.5 along the 2 h waking day, a
       // half sine); marketing pushes go out at random in waking hours, 50 min apart on average, and each brings 2–5
       // units of opens within 30 s, fading with a 6 min time constant; ±5% each second.
       testing::Noise n(2615);
       constexpr int kTotal = 9 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal));
       for (int t = 0; t < kTotal; ++t) {
         const int s = t % 10800;
         d[static_cast<std::size_t>(t)] += (1 + (s < 7200 ? 2.5 * std::sin(std::numbers::pi * s / 7200) : 0.0)) * kUnit;
         if (s < 7200 && testing::uniform(n) < 1.0 / 3000) {
           const double height = 2 + 3 * testing::uniform(n);
           for (int i = t; i < t + 3600 && i < kTotal; ++i) {
             const double u = i - t;
             d[static_cast<std::size_t>(i)] += height * std::min(1.0, u / 30) * std::exp(-u / 360) * kUnit;
           }
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"agent_sessions_chaining_tool_calls_of_random_depth",
     [] {
       // An agent platform: sessions start 2 to 8 s apart on average, the rate wandering on a slow random walk, and
       // each makes a chain of tool calls (up to 12, each next one with probability 0.75), each reading 0.25 units
       // for 5–20 s with 5–30 s of model thinking between them; 0.4 units besides, ±4% each second.
       testing::Noise n(2616);
       constexpr int kTotal = 6 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.4 * kUnit);
       double rate = 0.25;
       for (int t = 0; t < kTotal; ++t) {
         rate = std::clamp(rate + 0.002 * n.next(), 0.125, 0.5);
         if (testing::uniform(n) < rate) {
           double at = t;
           int calls = 0;
           do {
             const double len = 5 + 15 * testing::uniform(n);
             testing::add_read(d, static_cast<int>(at), static_cast<int>(len), 0.25 * kUnit);
             at += len + 5 + 25 * testing::uniform(n);
           } while (++calls < 12 && testing::uniform(n) < 0.75);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"kv_caches_reloaded_as_idle_chat_sessions_resume",
     [] {
       // An LLM service that offloads the KV caches of idle chat sessions: resumes come at a rate wandering between
       // 0.2 and 2 a second (a random walk, ±0.01 a second), each reloading 0.35 units for 3–8 s; 1 unit of prompt
       // reads besides, ±4% each second.
       testing::Noise n(2617);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       double rate = 1;
       for (int t = 0; t < kTotal; ++t) {
         rate = std::clamp(rate + 0.01 * n.next(), 0.2, 2.0);
         for (int slot = 0; slot < 20; ++slot) {
           if (testing::uniform(n) < rate / 20) {
             testing::add_read(d, t, 3 + static_cast<int>(6 * 0.999 * testing::uniform(n)), 0.35 * kUnit);
           }
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"video_generation_jobs_alternating_reads_and_denoising",
     [] {
       // A video-generation service: jobs arrive 6 min apart on average and run 10–30 min, alternating 40 s of
       // reading reference clips and conditioning at 1.1 units with 20 s of denoising that reads nothing; 0.5 units
       // besides, ±4% each second.
       testing::Noise n(2618);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.5 * kUnit);
       for (double t = testing::exponential(n, 360); t < kTotal; t += testing::exponential(n, 360)) {
         const auto from = static_cast<int>(t);
         const int len = 600 + static_cast<int>(1200 * testing::uniform(n));
         for (int s = 0; s < len; s += 60) {
           testing::add_read(d, from + s, std::min(40, len - s), 1.1 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    {"lakehouse_migration_rewriting_120_partitions_then_validating_them",
     [] {
       // A lakehouse table migrated once, beside serving reads on a 2 h cycle (1 to 3 units): at 1 h 40 min the
       // migration rewrites 120 partitions one after another, each read at 4.5 units for 15–40 s with 2–10 s of
       // commit between them, then validation scans each at 2.5 units for 5–12 s; ±5% each second.
       testing::Noise n(2619);
       constexpr int kTotal = 7 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal));
       for (int t = 0; t < kTotal; ++t) {
         d[static_cast<std::size_t>(t)] = (2 + std::sin(2 * std::numbers::pi * t / 7200)) * kUnit;
       }
       int at = 6000;
       for (int partition = 0; partition < 120; ++partition) {
         const int len = 15 + static_cast<int>(25 * testing::uniform(n));
         testing::add_read(d, at, len, 4.5 * kUnit);
         at += len + 2 + static_cast<int>(8 * testing::uniform(n));
       }
       for (int partition = 0; partition < 120; ++partition) {
         const int len = 5 + static_cast<int>(7 * testing::uniform(n));
         testing::add_read(d, at, len, 2.5 * kUnit);
         at += len;
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"eval_harness_loading_each_task_dataset_then_streaming_it",
     [] {
       // An evaluation harness run twice (at 30 min and at 3 h 30 min): it works through 14 tasks in turn, each
       // loading its dataset at 8 units for 20–60 s, then streaming examples to the model at 1.2–2.5 units for
       // 4–12 min; 0.5 units besides, ±4% each second.
       testing::Noise n(2620);
       constexpr int kTotal = 6 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.5 * kUnit);
       for (const int start : {1800, 12600}) {
         int at = start;
         for (int task = 0; task < 14; ++task) {
           const int load = 20 + static_cast<int>(40 * testing::uniform(n));
           testing::add_read(d, at, load, 8 * kUnit);
           at += load;
           const int stream = 240 + static_cast<int>(480 * testing::uniform(n));
           testing::add_read(d, at, stream, (1.2 + 1.3 * testing::uniform(n)) * kUnit);
           at += stream;
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     false},
    // Held "near the oracle", open until a short season was proven on three periods: 0.161% at 1.274x against the
    // oracle's 0.109% + 0.1 pp and 1.15x (reactive-ideal 0.469% at 2.208x, the HPA 1.90%): refreshes of 30–50 s every
    // 5 min, 1.2 to 7.2 units high. The fine season foresees each refresh to the second (0.228% at 1.450x before it).
    // Between refreshes the bound kept the quantile of all the seasonal model's misses, the refreshes' growth through
    // the day's morning among them: 2 workers where 1 serves (0.159% at 1.242x); calibrated by its nearest forecasts,
    // 1.157x (ForecasterParams::season_calibration_share). Until the 5 min season was found, the hold kept each
    // refresh's level through the gaps: found at 1,200 s on four periods, 1.157x; at 900 s on three, 0.159% at 1.146x
    // (ForecasterParams::fine_season_min_periods).
    {"bi_dashboards_auto_refreshing_every_5min_along_a_2h_day",
     [] {
       // BI dashboards refreshing on each 5 min boundary: 10 to 60 are open along a 2 h day, and each refresh fires
       // queries reading 0.12 units for 30–50 s, starting within 5 s of the boundary; 0.6 units of ad hoc queries
       // besides, ±4% each second.
       testing::Noise n(2607);
       constexpr int kTotal = 6 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.6 * kUnit);
       for (int t = 0; t < kTotal; t += 300) {
         const auto open = static_cast<int>(std::lround(35 - 25 * std::cos(2 * std::numbers::pi * t / 7200)));
         for (int dashboard = 0; dashboard < open; ++dashboard) {
           testing::add_read(d, t + static_cast<int>(5 * testing::uniform(n)),
                             30 + static_cast<int>(20 * testing::uniform(n)), 0.12 * kUnit);
         }
       }
       testing::jitter(d, 0.04, n);
       return d;
     },
     true},
};

INSTANTIATE_TEST_SUITE_P(Fresh26, GeneratedShapes, ::testing::ValuesIn(kFreshShapes26), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
