// Fresh shape sets from the twenty-seventh on, of issue 4's acceptance suite (later sets join this file until it
// grows past a thousand lines). The judge and the criteria are in tests/sim/acceptance_test.cpp.
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

// A twenty-seventh fresh set, drawn on 2026-12-06 and judged once on it: serverless, AI and data reads (weather-model
// cycles every 90 min, end-of-month billing runs, genomics samples fanning out to chromosome shards, match nights with
// halftime highlights, a distillation regenerating its teacher's logits, log replays after an incident, speculative
// prefetch ahead of scans, tiering sweeps and the misses they cause, weekly episode drops, a ticket sale's waiting
// room, a tax deadline, assignment deadlines, retraining and the fleet reloading its model, restore drills, beamline
// experiments, an app's staged rollout, document dumps through OCR, chunking and embedding, a node pool pulling
// weights as it grows, solar-powered cameras uploading after clouds, PageRank runs converging).
// 12 of 20 passed at 8 workers, 12 at 12, 12 at 16 and 12 with a 120 s lead. The same eight of the ten held to "near
// the oracle" missed it at all four, on unmet demand: seven miss their first two or three periods and nothing after,
// the distillation each regeneration of its teacher's logits. At 8: the weather cycles 0.70026% at 1.05616x (oracle
// 0.115517%), the billing runs 0.450234% at 1.09572x (0.0579994%), the distillation 0.580098% at 1.04828x
// (0.323382%), the tiering sweeps 0.594927% at 1.07084x (0.215537%), the episode drops 0.51135% at 1.11516x
// (0.00295742%), the retraining 1.79575% at 1.04849x (0.00226618%), the node pool 0.359897% at 1.13077x (0.138743%)
// and PageRank 1.48789% at 1.04189x (0.00249713%); with a 120 s lead the billing runs (1.32334% at 1.18922x) and the
// episode drops (1.01755% at 1.15899x) were over 1.15x too. The other twelve met every criterion at all four
// settings. Least room at 8: the restore drills (2.1647% against reactive-ideal's 2.14402% + 0.5 pp), the beamline
// (reactive-ideal at 240 s: 0.971x its unmet at 0.992x its worker-seconds) and the solar cameras (reactive-ideal at
// 420 s: 0.985x at 0.998x). The eight that missed "near the oracle" went to kOpenShapes; the distillation is back
// below.
const Shape kFreshShapes27[] = {
    {"genomics_samples_aligned_then_fanned_out_to_24_chromosome_shards",
     [] {
       // A genomics pipeline: sequencing runs land 25 min apart on average; each sample is aligned, reading 2 units
       // for 8–12 min, then variant calling fans out to 24 chromosome shards started within a minute, each reading
       // 0.25 units for 3–9 min, and joint genotyping reads 1 unit for 2 min after the slowest; 0.4 units besides,
       // ±5% each second.
       testing::Noise n(2703);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.4 * kUnit);
       for (double t = testing::exponential(n, 1500); t < kTotal; t += testing::exponential(n, 1500)) {
         const auto from = static_cast<int>(t);
         const int align = 480 + static_cast<int>(240 * testing::uniform(n));
         testing::add_read(d, from, align, 2 * kUnit);
         int slowest = from + align;
         for (int shard = 0; shard < 24; ++shard) {
           const int start = from + align + static_cast<int>(60 * testing::uniform(n));
           const int len = 180 + static_cast<int>(360 * testing::uniform(n));
           testing::add_read(d, start, len, 0.25 * kUnit);
           slowest = std::max(slowest, start + len);
         }
         testing::add_read(d, slowest, 120, 1 * kUnit);
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"match_nights_with_halftime_highlights_and_full_time_rushes",
     [] {
       // A sports app over match nights, a kick-off every 150 min (the first at 10 min): 0.8 units between matches,
       // climbing by 1.7 over the 15 min before kick-off and holding through each half (live stats); halftime comes
       // after 45 min and 1–4 min of stoppage time, and for its 15 min highlight replays add 6.2 units within 30 s,
       // settling to 3.2 with a 4 min time constant; the second half runs 45 min and 2–6 min of stoppage, and at
       // full time recaps add 5.2 units within 30 s, fading with a 10 min time constant; ±5% each second.
       testing::Noise n(2704);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.8 * kUnit);
       const auto add = [&d](int from, int to, const std::function<double(int)>& extra) {
         for (int i = std::max(from, 0); i < to && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] += extra(i - from) * kUnit;
         }
       };
       for (int kickoff = 600; kickoff < kTotal; kickoff += 9000) {
         const int half_time = kickoff + 2700 + 60 + static_cast<int>(180 * testing::uniform(n));
         const int second_half = half_time + 900;
         const int full_time = second_half + 2700 + 120 + static_cast<int>(240 * testing::uniform(n));
         add(kickoff - 900, kickoff, [](int u) { return 1.7 * u / 900.0; });
         add(kickoff, half_time, [](int) { return 1.7; });
         add(half_time, second_half, [](int u) { return std::min(1.0, u / 30.0) * (3.2 + 3 * std::exp(-u / 240.0)); });
         add(second_half, full_time, [](int) { return 1.7; });
         add(full_time, full_time + 3600, [](int u) { return 5.2 * std::min(1.0, u / 30.0) * std::exp(-u / 600.0); });
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"log_replays_of_a_day_at_24x_after_an_incident",
     [] {
       // A security team's log store: 1 unit of live ingest; an incident comes at a random time 1–3 h in, and 5 min
       // later the team replays the last day's logs at 24x, an hour reading the day's cycle compressed (2 to 6.5
       // units, ramping over 30 s); 40–90 min after that it replays the six busiest hours again at 12x, 30 min at
       // 5.5 units; ±6% each second.
       testing::Noise n(2706);
       constexpr int kTotal = 6 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       const int replay = 3600 + static_cast<int>(7200 * testing::uniform(n)) + 300;
       for (int i = replay; i < replay + 3600 && i < kTotal; ++i) {
         const double s = i - replay;
         const double day = 2 + 4.5 * 0.5 * (1 - std::cos(2 * std::numbers::pi * s / 3600));
         d[static_cast<std::size_t>(i)] += std::min(1.0, s / 30) * day * kUnit;
       }
       testing::add_read(d, replay + 3600 + 2400 + static_cast<int>(3000 * testing::uniform(n)), 1800, 5.5 * kUnit);
       testing::jitter(d, 0.06, n);
       return d;
     },
     false},
    {"speculative_prefetch_waves_ahead_of_analysts_scans",
     [] {
       // A query engine that prefetches ahead of interactive scans: analysts start scans 7 min apart on average;
       // the prefetcher's first wave reads 5.5 units for 20–40 s, then the scan reads 2 units for 2–5 min, and every
       // minute into it a speculative wave for the next range reads 3 units more for 10 s; 1 unit of point queries
       // besides, ±5% each second.
       testing::Noise n(2707);
       constexpr int kTotal = 6 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1 * kUnit);
       for (double t = testing::exponential(n, 420); t < kTotal; t += testing::exponential(n, 420)) {
         const auto from = static_cast<int>(t);
         const int wave = 20 + static_cast<int>(20 * testing::uniform(n));
         testing::add_read(d, from, wave, 5.5 * kUnit);
         const int scan = 120 + static_cast<int>(180 * testing::uniform(n));
         testing::add_read(d, from + wave, scan, 2 * kUnit);
         for (int s = 60; s < scan; s += 60) {
           testing::add_read(d, from + wave + s, 10, 3 * kUnit);
         }
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"ticket_sale_waiting_room_admitting_until_sold_out",
     [] {
       // A concert's ticket sale at 1 h 30 min: 0.4 units of browsing until the 10 min before, when fans refreshing
       // the queue page climb to 2.5; from the opening a waiting room admits buyers at a fixed rate, their seat maps
       // and checkouts reading 6.5 units, until the sale sells out 20–50 min later (at random); then the
       // disappointed retry, 3 units fading with a 4 min time constant, over 1 unit of resale listings; ±6% each
       // second.
       testing::Noise n(2710);
       constexpr int kTotal = 5 * 3600;
       constexpr int kOpen = 5400;
       const int sold_out = kOpen + 1200 + static_cast<int>(1800 * testing::uniform(n));
       std::vector<double> d(static_cast<std::size_t>(kTotal));
       for (int t = 0; t < kTotal; ++t) {
         double level = 0.4;
         if (t >= kOpen - 600 && t < kOpen) {
           level = 0.4 + 2.1 * (t - (kOpen - 600)) / 600.0;
         } else if (t >= kOpen && t < sold_out) {
           level = 6.5;
         } else if (t >= sold_out) {
           level = 1 + 3 * std::exp(-(t - sold_out) / 240.0);
         }
         d[static_cast<std::size_t>(t)] = level * kUnit * (1 + 0.06 * n.next());
       }
       return d;
     },
     false},
    {"tax_filing_days_of_90min_growing_40pct_a_day_to_the_deadline",
     [] {
       return testing::generated(8 * 3600, 2711, [](int t, testing::Noise& n) {
         // A tax-filing service over the last five days before the deadline, days compressed to 90 min: filers'
         // document reads follow the day (a cosine from 0.3 to 1 of the day's height), the height growing 40% a day
         // from 1.6 units; at the deadline (7.5 h) the reads fall to 0.5 units.
         if (t >= 5 * 5400) {
           return 0.5 * kUnit * (1 + 0.05 * n.next());
         }
         const double height = 1.6 * std::pow(1.4, t / 5400.0);
         const double day = 0.3 + 0.7 * 0.5 * (1 - std::cos(2 * std::numbers::pi * (t % 5400) / 5400));
         return height * day * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"assignment_deadlines_every_2h_then_autograding",
     [] {
       return testing::generated(8 * 3600, 2712, [](int t, testing::Noise& n) {
         // An online course with an assignment due every 2 h at minute 100: students' uploads and test runs climb as
         // the deadline nears (0.6 units plus 6 units × e^(−minutes left / 10)) and stop at it; the autograder then
         // reads the submissions at 3 units for 15 min.
         const int s = t % 7200;
         double level = 0.6;
         if (s < 6000) {
           level += 6 * std::exp(-(6000 - s) / 600.0);
         } else if (s < 6900) {
           level += 3;
         }
         return level * kUnit * (1 + 0.05 * n.next());
       });
     },
     true},
    {"restore_drills_at_random_then_checksum_verification",
     [] {
       // A backup service's restore drills: 1.2 units of backup catalogue reads; drills run one at a time, each
       // starting at random 90 min after the last ended on average, restoring a snapshot at 6 units (ramping over a
       // minute) for 10–25 min, then verifying checksums at 2 units for 5 min; ±5% each second.
       testing::Noise n(2714);
       constexpr int kTotal = 8 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 1.2 * kUnit);
       for (double t = testing::exponential(n, 5400); t < kTotal; t += testing::exponential(n, 5400)) {
         const auto from = static_cast<int>(t);
         const int len = 600 + static_cast<int>(900 * testing::uniform(n));
         for (int i = from; i < from + len && i < kTotal; ++i) {
           d[static_cast<std::size_t>(i)] += 6 * std::min(1.0, (i - from) / 60.0) * kUnit;
         }
         testing::add_read(d, from + len, 300, 2 * kUnit);
         t += len + 300;
       }
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"beamline_experiments_in_30min_slots_of_random_intensity",
     [] {
       return testing::generated(8 * 3600, 2715, [level = 0.0](int t, testing::Noise& n) mutable {
         // A synchrotron beamline's detector frames read through the cache: experiments in 30 min slots, each
         // starting with a 3 min sample change (0.3 units), then the detector streaming for 27 min at 4.5 to 7.5
         // units depending on the experiment; ±8% each second.
         const int s = t % 1800;
         if (s == 0) {
           level = 4.5 + 3 * testing::uniform(n);
         }
         return (s < 180 ? 0.3 : level) * kUnit * (1 + 0.08 * n.next());
       });
     },
     false},
    {"app_update_staged_rollout_over_100min_days",
     [] {
       return testing::generated(5 * 6000, 2716, [](int t, testing::Noise& n) {
         // A mobile app's staged rollout over days compressed to 100 min: users' reads follow the day, 0.8 to 3 units
         // (a cosine); at minute 10 of each of the first four days the rollout widens, to 5%, 20%, 50% and 100% of
         // users, and the newly eligible download the update, 12 units × the share added within 30 s, fading with
         // a 15 min time constant.
         constexpr std::array<double, 5> kShare{0.05, 0.2, 0.5, 1.0, 1.0};
         const int day = t / 6000;
         const int s = t % 6000;
         const double activity = 0.5 * (1 - std::cos(2 * std::numbers::pi * s / 6000));
         const double added =
             kShare[static_cast<std::size_t>(day)] - (day == 0 ? 0.0 : kShare[static_cast<std::size_t>(day - 1)]);
         const double downloads =
             s >= 600 ? 12 * added * std::min(1.0, (s - 600) / 30.0) * std::exp(-(s - 600) / 900.0) : 0.0;
         return (0.8 + 2.2 * activity + downloads) * kUnit * (1 + 0.05 * n.next());
       });
     },
     false},
    {"document_dumps_through_ocr_chunking_and_embedding_stages",
     [] {
       // A legal-discovery platform: a document dump lands at a random time 40–150 min in and a second, half its
       // size, 2–3 h after; each is OCRed at 3 units for 40–70 min (times its size), chunked at 2 units from 5 min
       // after OCR starts for as long, and embedded at 2.5 units from 10 min after OCR starts for 15 min longer;
       // 0.6 units of searches besides, ±5% each second.
       testing::Noise n(2717);
       constexpr int kTotal = 7 * 3600;
       std::vector<double> d(static_cast<std::size_t>(kTotal), 0.6 * kUnit);
       const auto dump = [&d, &n](int at, double size) {
         const auto ocr = static_cast<int>(size * (2400 + 1800 * testing::uniform(n)));
         testing::add_read(d, at, ocr, 3 * kUnit);
         testing::add_read(d, at + 300, ocr, 2 * kUnit);
         testing::add_read(d, at + 600, ocr + 900, 2.5 * kUnit);
       };
       const int first = 2400 + static_cast<int>(6600 * testing::uniform(n));
       dump(first, 1);
       dump(first + 7200 + static_cast<int>(3600 * testing::uniform(n)), 0.5);
       testing::jitter(d, 0.05, n);
       return d;
     },
     false},
    {"solar_edge_cameras_uploading_backlog_after_clouds",
     [] {
       return testing::generated(8 * 3600, 2719,
                                 [next = 1200.0, end = -1.0, backlog = 0.0](int t, testing::Noise& n) mutable {
                                   // Solar-powered edge cameras over 2 h days (80 min of daylight): they upload clips
                                   // as power allows, 3.5 units × the sun (a half sine), read by the training pipeline
                                   // as they land; clouds come at random (the first 20 min in, then 25 min apart on
                                   // average, 3–12 min long) and cut uploads to a fifth, the rest queued on the cameras
                                   // and sent afterwards at up to 3 units more; 0.5 units besides.
                                   if (t >= next) {
                                     end = t + 180 + 540 * testing::uniform(n);
                                     next = end + testing::exponential(n, 1500);
                                   }
                                   const int s = t % 7200;
                                   const double upload = s < 4800 ? 3.5 * std::sin(std::numbers::pi * s / 4800) : 0.0;
                                   double read = upload;
                                   if (t < end) {
                                     read = 0.2 * upload;
                                     backlog += 0.8 * upload;
                                   } else {
                                     const double sent = std::min(backlog, 3.0);
                                     backlog -= sent;
                                     read += sent;
                                   }
                                   return (0.5 + read) * kUnit * (1 + 0.05 * n.next());
                                 });
     },
     false},
    // Held "near the oracle". In kOpenShapes until a season's trial scored the season's own point at the lead too
    // (PlannerPolicy::season_trial): the first regeneration, at t = 0, costs it and the oracle alike (0.329 and 0.323
    // pp); the later ones, every 2 h, jump from 4.5 units to 7 within a second. The 2 h season is found at 3 h 55 min,
    // before the third, but the forecast's raise stayed out, its error at the lead measured on the envelope's point
    // through the epoch's dip just before (0.495% at 1.057x); with the season's scored too, the raise asks for the
    // third a lead time early: 0.413% at 1.058x against the oracle's 0.323% + 0.1 pp (docs/simulate.md).
    {"distillation_epochs_regenerating_teacher_logits_every_third",
     [] {
       return testing::generated(7 * 3600, 2705, [](int t, testing::Noise& n) {
         // A student model distilled from a teacher in epochs of 40 min: each reads the training shards and the
         // teacher's stored logits at 4.5 units for 37 min, then evaluates for 3 min at 1 unit; every third epoch
         // (from the first) the teacher regenerates its logits over the epoch's first 10 min, reading 7 units.
         const int epoch = t / 2400;
         const int s = t % 2400;
         double level = 4.5;
         if (s >= 2220) {
           level = 1;
         } else if (epoch % 3 == 0 && s < 600) {
           level = 7;
         }
         return level * kUnit * (1 + 0.04 * n.next());
       });
     },
     true},
};

INSTANTIATE_TEST_SUITE_P(Fresh27, GeneratedShapes, ::testing::ValuesIn(kFreshShapes27), shape_name);

}  // namespace
}  // namespace cachepilot::sim::acceptance
