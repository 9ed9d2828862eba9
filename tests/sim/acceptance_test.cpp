// Acceptance: the "done when" criteria of issue 4, run on generated traces of several shapes and on the bundled real
// traces (sim/traces). Same defaults for every trace: importer defaults, lead 60 s, worker throughput 1 GiB/s for
// request traces and floor(peak / 8) for series traces (so the peak needs 8 workers).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>

#include "sim/baselines.hpp"
#include "sim/simulator.hpp"
#include "sim/trace.hpp"
#include "tests/sim/shapes.hpp"

namespace cachepilot::sim {
namespace {

const std::string kTraces = std::string(CACHEPILOT_SOURCE_DIR) + "/sim/traces/";

PolicyResult run(const Trace& t, const std::string& name, const SimParams& p) {
  auto policy = make_policy(name, t, p);
  EXPECT_TRUE(policy.ok()) << name;
  return simulate(t, **policy, p, 1 << 30);
}

// The suite can be run at settings other than the issue's, to measure how the planner holds up there
// (docs/simulate.md): CACHEPILOT_ACCEPTANCE_PEAK_WORKERS (8: what the peak of a series trace needs),
// CACHEPILOT_ACCEPTANCE_LEAD_TIME (60 s) and CACHEPILOT_ACCEPTANCE_DECISION_INTERVAL (1 s). The criteria are the
// issue's at its settings; elsewhere a failure is a finding. Unset or empty: the issue's setting.
double setting(const char* name, double issue_value) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') {
    return issue_value;
  }
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !std::isfinite(value) || !(value > 0)) {
    ADD_FAILURE() << name << "=\"" << text << "\" is not a positive number";
    return issue_value;
  }
  return value;
}

// A setting in whole seconds: at least one (the simulator's step), at most a day.
int seconds_setting(const char* name, int issue_value) {
  return std::max(1, static_cast<int>(std::lround(std::min(setting(name, issue_value), 86400.0))));
}

SimParams defaults_for(const Trace& t) {
  SimParams p;
  p.lead_time_s = seconds_setting("CACHEPILOT_ACCEPTANCE_LEAD_TIME", 60);
  p.decision_interval_s = seconds_setting("CACHEPILOT_ACCEPTANCE_DECISION_INTERVAL", 1);
  const double peak = *std::max_element(t.demand.begin(), t.demand.end());
  p.worker_throughput =
      t.format == TraceFormat::kAzureLlm ? kGiB : std::floor(peak / setting("CACHEPILOT_ACCEPTANCE_PEAK_WORKERS", 8));
  return p;
}

struct Verdict {
  PolicyResult cp, oracle, ri, hpa;
  // Reactive-ideal seeing demand a second late, as the simulated cachepilot does: not a criterion, a measure of how
  // much of a gap to reactive-ideal is its one second of hindsight (docs/simulate.md).
  PolicyResult ri_late;
  std::string dominated_by;  // empty: not dominated

  [[nodiscard]] double ws_vs_oracle() const { return cp.worker_seconds / oracle.worker_seconds; }
  // Better than any reactive autoscaler could be: unmet ≤ reactive-ideal(300)'s + 0.5 pp at ≤ 2× oracle's cost.
  [[nodiscard]] bool beats_reactive() const {
    return cp.unmet_fraction <= ri.unmet_fraction + 0.005 && cp.worker_seconds <= 2 * oracle.worker_seconds;
  }
  // Near the oracle: ≤ 1.15× its worker-seconds, unmet ≤ its + 0.1 pp.
  [[nodiscard]] bool near_oracle() const {
    return cp.worker_seconds <= 1.15 * oracle.worker_seconds && cp.unmet_fraction <= oracle.unmet_fraction + 0.001;
  }
  [[nodiscard]] std::string summary() const {
    std::ostringstream o;
    o << "cachepilot unmet " << cp.unmet_fraction * 100 << "% ws " << ws_vs_oracle() << "x oracle; oracle unmet "
      << oracle.unmet_fraction * 100 << "%; reactive-ideal unmet " << ri.unmet_fraction * 100 << "% ws "
      << ri.worker_seconds / oracle.worker_seconds << "x (a second late " << ri_late.unmet_fraction * 100
      << "%); hpa unmet " << hpa.unmet_fraction * 100 << "%"
      << (dominated_by.empty() ? "" : "; dominated by" + dominated_by) << "; scale actions " << cp.scale_actions
      << " (oracle " << oracle.scale_actions << ")";
    return o.str();
  }
};

// Not dominated: no hpa/keda/kpa/fluid-hpa at a target utilisation in [0.3, 0.9] and no reactive-ideal with a hold
// in [60, 900] s has both ≥ 5% less unmet demand and ≥ 5% fewer worker-seconds.
Verdict judge(const Trace& t) {
  const SimParams p = defaults_for(t);
  SimParams late = p;
  late.reactive_lag_s = 1;
  Verdict v{run(t, "cachepilot", p),        run(t, "oracle", p),
            run(t, "reactive-ideal", p),    run(t, "hpa", p),
            run(t, "reactive-ideal", late), {}};
  const auto dominates = [&](const PolicyResult& r) {
    return r.unmet_fraction <= 0.95 * v.cp.unmet_fraction && r.worker_seconds <= 0.95 * v.cp.worker_seconds;
  };
  for (const std::string name : {"hpa", "keda", "kpa", "fluid-hpa"}) {
    for (const double u : {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
      SimParams q = p;
      q.target_utilization = u;
      if (const auto r = run(t, name, q); dominates(r)) {
        v.dominated_by += " " + name + "@" + std::to_string(u);
      }
    }
  }
  for (int hold = 60; hold <= 900; hold += 60) {
    SimParams q = p;
    q.hold_s = hold;
    if (const auto r = run(t, "reactive-ideal", q); dominates(r)) {
      v.dominated_by += " reactive-ideal@" + std::to_string(hold);
    }
  }
  return v;
}

// ---- Generated shapes: never tune to one trace ----------------------------------------------------------------

struct Shape {
  const char* name;
  std::vector<double> (*make)();
  bool predictable;  // held to the near-oracle criterion too
};

// Every shape set's tests are named after their shapes.
std::string shape_name(const ::testing::TestParamInfo<Shape>& i) { return i.param.name; }

constexpr double kUnit = 100 * kMiB;  // the shapes' demand unit

// The same demand played backwards: a rise becomes a jump nothing before it announces.
std::vector<double> reversed(std::vector<double> d) {
  std::reverse(d.begin(), d.end());
  return d;
}

// Two demands of the same length, one on top of the other.
std::vector<double> summed(std::vector<double> d, const std::vector<double>& on_top) {
  for (std::size_t i = 0; i < d.size() && i < on_top.size(); ++i) {
    d[i] += on_top[i];
  }
  return d;
}

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

// CACHEPILOT_ACCEPTANCE_WRITE_SHAPES names a directory: each generated shape the suite runs is written there as
// <name>.csv (canonical format), to replay through `cachepilot simulate --report` and see where its unmet demand
// falls. Unset or empty: nothing is written.
void write_shape_if_asked(const Trace& t) {
  const char* dir = std::getenv("CACHEPILOT_ACCEPTANCE_WRITE_SHAPES");
  if (dir == nullptr || *dir == '\0') {
    return;
  }
  const std::filesystem::path file = std::filesystem::path(dir) / (t.name + ".csv");
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << to_canonical_csv(t.demand);
  EXPECT_TRUE(out.good()) << "could not write " << file;
}

class GeneratedShapes : public ::testing::TestWithParam<Shape> {};

TEST_P(GeneratedShapes, MeetsTheIssueCriteria) {
  const Shape& s = GetParam();
  const Trace t = testing::make_trace(s.make(), s.name);
  write_shape_if_asked(t);
  const Verdict v = judge(t);
  SCOPED_TRACE(v.summary());
  ::testing::Test::RecordProperty("verdict", v.summary());  // --gtest_output=json keeps every figure
  EXPECT_TRUE(v.beats_reactive());
  EXPECT_EQ(v.dominated_by, "");
  if (s.predictable) {
    EXPECT_TRUE(v.near_oracle());
  }
}

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

// A fifth fresh set, drawn on 2026-12-03 after the onset clock landed, from the issue's families at parameters no
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
       for (auto& v : d) {
         v *= 1 + 0.03 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
// harness (1.71525x the oracle against the 2x bound). The four that missed "near the oracle" are in kOpenShapes below.
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
       return d;
     },
     false},
};

INSTANTIATE_TEST_SUITE_P(Fresh26, GeneratedShapes, ::testing::ValuesIn(kFreshShapes26), shape_name);

// Open (docs/simulate.md, "Open"): shapes on which the criteria do not all hold yet, from the sixth, tenth,
// fourteenth, seventeenth, nineteenth, twentieth, twenty-fourth, twenty-fifth and twenty-sixth fresh sets. Run them
// with --gtest_also_run_disabled_tests to see the current figures.
const Shape kOpenShapes[] = {
    // Sixth set. Dominated by fluid-hpa at 0.7 (1.29% at 1.38×), which keeps one level: 2.07% at 1.57×. Most of the
    // unmet demand falls in the first hour and the last, where gaps outlast the 420 s hold (docs/simulate.md).
    {"random_bursts_80s_on_two_units",
     [] { return testing::random_bursts(4 * 3600, 2 * kUnit, 8 * kUnit, 80, 10, 30, 63); }, false},
    // Tenth set. One second in 100 at random, 1 to 8 units, else nothing: 16.49% at 1.91x against reactive-ideal's
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
    // Twentieth set. Dominated by the KPA at 0.8 (5.62% at 1.035x): 6.35% at 1.12x. Each storm rises over 2 min from a
    // quiet level; the hold, in force, asks for what demand needs as it climbs, where the KPA keeps a quarter more, and
    // the forecast, which foresaw the rise, is chosen only once the rise is over and then overshoots it (12 workers
    // for a plateau of 8; docs/simulate.md).
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
       for (auto& v : d) {
         v *= 1 + 0.05 * n.next();
       }
       return d;
     },
     true},
    // Twenty-fifth set, held "near the oracle": 1.34% at 1.205x against the oracle's 0.042% + 0.1 pp and 1.15x
    // (reactive-ideal 6.60% at 1.282x): eight syncs a day, 15 min apart, each rising to its height within a minute.
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
    // Twenty-fifth set, held "near the oracle": 3.02% at 1.042x against the oracle's 0.036% + 0.1 pp. It missed
    // exactly what reactive-ideal seeing demand a second late did (3.01969%; reactive-ideal 2.97% at 1.113x), as if
    // the hold were in force throughout: each pass starts at minute 10 but is 3 min longer than the last.
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
    // Twenty-sixth set, held "near the oracle": 2.07% at 1.301x against the oracle's 0% + 0.1 pp and 1.15x
    // (reactive-ideal 9.91% at 1.374x, the HPA 11.6%). Each suite's jobs all start within 30 s of its minute.
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
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
    // Twenty-sixth set, held "near the oracle": 0.228% at 1.450x against the oracle's 0.109% + 0.1 pp and 1.15x
    // (reactive-ideal 0.469% at 2.208x, the HPA 1.90%): refreshes of 30–50 s every 5 min, 1.2 to 7.2 units high.
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
       for (auto& v : d) {
         v *= 1 + 0.04 * n.next();
       }
       return d;
     },
     true},
};

class OpenShapes : public ::testing::TestWithParam<Shape> {};

TEST_P(OpenShapes, MeetsTheIssueCriteria) {
  const Shape& s = GetParam();
  const Trace t = testing::make_trace(s.make(), s.name);
  write_shape_if_asked(t);
  const Verdict v = judge(t);
  SCOPED_TRACE(v.summary());
  ::testing::Test::RecordProperty("verdict", v.summary());  // --gtest_output=json keeps every figure
  EXPECT_TRUE(v.beats_reactive());
  EXPECT_EQ(v.dominated_by, "");
  if (s.predictable) {
    EXPECT_TRUE(v.near_oracle());
  }
}

// The instantiation's name carries DISABLED_: gtest and CMake's test discovery both look at the suite name's start.
INSTANTIATE_TEST_SUITE_P(DISABLED_Shapes, OpenShapes, ::testing::ValuesIn(kOpenShapes), shape_name);

// ---- Families of shapes swept over their parameters -------------------------------------------------------------
// The shapes above are single points; these are grids: regular spike trains (30–120 s wide, every 240–900 s, gaps
// both shorter and longer than the hold), random bursts (mean gaps 60–600 s, several seeds) and trains whose next
// spike is known only to ±25%. The random-burst seeds 21–24 and the jittered trains were drawn after the design was
// settled.

struct SweepCase {
  std::string name;
  std::function<std::vector<double>()> make;
};

std::vector<SweepCase> sweep_cases() {
  std::vector<SweepCase> cases;
  for (const int period : {240, 300, 360, 420, 480, 540, 600, 720, 900}) {
    for (const int width : {30, 90, 120}) {
      if (width < period / 2) {
        cases.push_back({"spikes_" + std::to_string(width) + "s_every_" + std::to_string(period) + "s",
                         [=] { return testing::spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, period, width, 300); }});
      }
    }
  }
  const auto bursts = [&](int gap, double peak, std::uint64_t seed) {
    const int shortest = gap >= 300 ? 60 : 30;  // bursts of 30–90 s, or 60–180 s when gaps are long
    cases.push_back({"random_bursts_" + std::to_string(gap) + "s_seed" + std::to_string(seed), [=] {
                       return testing::random_bursts(4 * 3600, 0.5 * kUnit, peak * kUnit, gap, shortest, 3 * shortest,
                                                     seed);
                     }});
  };
  for (const std::uint64_t seed : {11U, 12U, 13U, 14U, 15U}) {
    for (const int gap : {60, 120, 300, 600}) {
      bursts(gap, gap >= 300 ? 15 : 10, seed);
    }
  }
  for (const std::uint64_t seed : {21U, 22U, 23U, 24U}) {
    for (const int gap : {90, 200, 450}) {
      // 90 s, seed 24 was open until the steady level: the hold kept each 420 s's highest need and missed 4.07% at
      // 1.62× the oracle, where the fluid-hpa at 0.9, which never scales down, missed 3.71% at 1.41×.
      bursts(gap, 12, seed);
    }
  }
  for (const std::uint64_t seed : {21U, 22U, 23U}) {
    // 500: the budget binds, and follows the short hold with headroom (seed 22 was open until it could: the KPA at
    // 0.8 missed 31.8% at 1.32× the oracle, the holds 33.8% at 1.98×). Seed 21 is in kShapes. 800: idle gaps all
    // longer than the hold: the short hold takes over, and the onset clock where it catches the spikes for less (seed
    // 23 was open from the calibration quantile of 0.95 until the clock: 28.02% at 1.60×, dominated by the KPA at 0.7
    // and 0.8; now 16.32% at 1.90×).
    for (const int period : {300, 500, 800}) {
      if (period == 500 && seed == 21) {
        continue;  // in kShapes
      }
      cases.push_back({"jittered_spikes_" + std::to_string(period) + "s_seed" + std::to_string(seed),
                       [=] { return testing::jittered_spike_train(4 * 3600, 1 * kUnit, 8 * kUnit, period, seed); }});
    }
  }
  return cases;
}

class ShapeSweep : public ::testing::TestWithParam<SweepCase> {};

TEST_P(ShapeSweep, MeetsTheIssueCriteria) {
  const SweepCase& c = GetParam();
  const Trace t = testing::make_trace(c.make(), c.name.c_str());
  write_shape_if_asked(t);
  const Verdict v = judge(t);
  SCOPED_TRACE(v.summary());
  ::testing::Test::RecordProperty("verdict", v.summary());  // --gtest_output=json keeps every figure
  EXPECT_TRUE(v.beats_reactive());
  EXPECT_EQ(v.dominated_by, "");
}

INSTANTIATE_TEST_SUITE_P(Sweep, ShapeSweep, ::testing::ValuesIn(sweep_cases()),
                         [](const ::testing::TestParamInfo<SweepCase>& i) { return i.param.name; });

// ---- The real traces --------------------------------------------------------------------------------------------

Trace load(const std::string& rel) {
  auto t = load_trace(kTraces + rel, ImportOptions{});
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? *t : Trace{};
}

TEST(RealTraces, CranePredictableSeriesAreNearTheOracle) {
  for (const char* f : {"crane-dsp/input0.csv", "crane-dsp/input13.csv"}) {
    const Verdict v = judge(load(f));
    SCOPED_TRACE(std::string(f) + ": " + v.summary());
    std::string key = std::string("verdict_") + f;  // one property per file: "verdict_crane-dsp_input0_csv"
    std::replace_if(
        key.begin(), key.end(), [](char c) { return c == '/' || c == '.'; }, '_');
    ::testing::Test::RecordProperty(key, v.summary());
    EXPECT_TRUE(v.beats_reactive());
    EXPECT_EQ(v.dominated_by, "");
    EXPECT_TRUE(v.near_oracle());
  }
}

TEST(RealTraces, CraneSpikySeriesBeatsReactiveAndIsNotDominated) {
  const Verdict v = judge(load("crane-dsp/input4.csv"));
  SCOPED_TRACE(v.summary());
  ::testing::Test::RecordProperty("verdict", v.summary());  // --gtest_output=json keeps every figure
  EXPECT_TRUE(v.beats_reactive());
  EXPECT_EQ(v.dominated_by, "");
}

TEST(RealTraces, AzureConversationBeatsReactiveAndIsNotDominated) {
  const Verdict v = judge(load("azure-llm-2023/AzureLLMInferenceTrace_conv.csv"));
  SCOPED_TRACE(v.summary());
  ::testing::Test::RecordProperty("verdict", v.summary());  // --gtest_output=json keeps every figure
  EXPECT_TRUE(v.beats_reactive());
  EXPECT_EQ(v.dominated_by, "");
}

// The bursty code trace: unmet ≤ ⅓ of the HPA's at its default target, within 2× the oracle's worker-seconds.
TEST(RealTraces, AzureCodeCutsHpaUnmetToAThirdWithinTwiceTheOracleCost) {
  const Verdict v = judge(load("azure-llm-2023/AzureLLMInferenceTrace_code.csv"));
  SCOPED_TRACE(v.summary());
  ::testing::Test::RecordProperty("verdict", v.summary());  // --gtest_output=json keeps every figure
  EXPECT_LE(v.cp.unmet_fraction, v.hpa.unmet_fraction / 3);
  EXPECT_TRUE(v.beats_reactive());
  EXPECT_LE(v.cp.worker_seconds, 2 * v.oracle.worker_seconds);
  EXPECT_EQ(v.dominated_by, "");
}

// Traces of your own: CACHEPILOT_ACCEPTANCE_TRACES names a directory, and every *.csv in it (any format the importer
// recognises, importer defaults) is held to the criteria every trace is held to: better than any reactive autoscaler
// could be, and not dominated. Whether a trace is predictable is the reader's call, so "near the oracle" is recorded
// (in the verdict, with --gtest_output=json) and not asserted. Unset: skipped.
TEST(YourTraces, MeetTheCriteriaEveryTraceIsHeldTo) {
  const char* dir = std::getenv("CACHEPILOT_ACCEPTANCE_TRACES");
  if (dir == nullptr || *dir == '\0') {
    GTEST_SKIP() << "CACHEPILOT_ACCEPTANCE_TRACES is not set";
  }
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".csv") {
      files.push_back(entry.path());
    }
  }
  ASSERT_FALSE(error) << dir << ": " << error.message();
  ASSERT_FALSE(files.empty()) << "no .csv file in " << dir;
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto trace = load_trace(file.string(), ImportOptions{});
    ASSERT_TRUE(trace.ok()) << file << ": " << (trace.ok() ? "" : trace.error().message);
    const Verdict v = judge(*trace);
    const std::string summary = v.summary() + "; near the oracle: " + (v.near_oracle() ? "yes" : "no");
    SCOPED_TRACE(file.filename().string() + ": " + summary);
    ::testing::Test::RecordProperty("verdict_" + file.stem().string(), summary);
    EXPECT_TRUE(v.beats_reactive());
    EXPECT_EQ(v.dominated_by, "");
  }
}

}  // namespace
}  // namespace cachepilot::sim
