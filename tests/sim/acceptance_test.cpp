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
#include "tests/sim/acceptance/shape_set.hpp"
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
// The sets are in tests/sim/acceptance/, one file to a few sets, each instantiating the fixtures of shape_set.hpp.

using acceptance::GeneratedShapes;
using acceptance::kUnit;
using acceptance::OpenShapes;
using acceptance::Shape;

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

// Better than any reactive autoscaler could be, not dominated, and near the oracle where the shape is predictable.
void expect_the_issue_criteria(const Shape& s) {
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

TEST_P(GeneratedShapes, MeetsTheIssueCriteria) { expect_the_issue_criteria(GetParam()); }

TEST_P(OpenShapes, MeetsTheIssueCriteria) { expect_the_issue_criteria(GetParam()); }

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

// Judges a bundled trace, records its figures (--gtest_output=json keeps every one) and checks the two criteria every
// trace is held to; returns the verdict for a test's own.
Verdict expect_beats_reactive_and_not_dominated(const std::string& rel) {
  const Verdict v = judge(load(rel));
  ::testing::Test::RecordProperty("verdict", v.summary());
  EXPECT_TRUE(v.beats_reactive()) << v.summary();
  EXPECT_EQ(v.dominated_by, "") << v.summary();
  return v;
}

TEST(RealTraces, CraneSpikySeriesBeatsReactiveAndIsNotDominated) {
  (void)expect_beats_reactive_and_not_dominated("crane-dsp/input4.csv");
}

TEST(RealTraces, AzureConversationBeatsReactiveAndIsNotDominated) {
  (void)expect_beats_reactive_and_not_dominated("azure-llm-2023/AzureLLMInferenceTrace_conv.csv");
}

// The bursty code trace: unmet ≤ ⅓ of the HPA's at its default target, within 2× the oracle's worker-seconds.
TEST(RealTraces, AzureCodeCutsHpaUnmetToAThirdWithinTwiceTheOracleCost) {
  const Verdict v = expect_beats_reactive_and_not_dominated("azure-llm-2023/AzureLLMInferenceTrace_code.csv");
  SCOPED_TRACE(v.summary());
  EXPECT_LE(v.cp.unmet_fraction, v.hpa.unmet_fraction / 3);
  EXPECT_LE(v.cp.worker_seconds, 2 * v.oracle.worker_seconds);
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
