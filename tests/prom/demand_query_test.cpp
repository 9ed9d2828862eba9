// prom/demand_query.hpp evaluated by the real PromQL engine: `promtool test rules` (Debian package prometheus)
// loads synthetic counter series and evaluates the query at a fixed time, so each case's expected value is
// exact and no scrape timing is involved.
//
// Every case: FUSE clients scraped every 15 s, each reading 100 bytes/s (its counter grows 1,500 per scrape),
// evaluated at 10 min (sample 40 of a series that starts at 0 s). A series "starting at sample k" has its first
// sample, 0, at k * 15 s.
#include "prom/demand_query.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/app/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace cachepilot::prom {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess;
using testing::TempDir;

constexpr const char* kPromtool = "/usr/bin/promtool";
constexpr const char* kMetric = "juicefs_fuse_read_size_bytes_sum";

struct Series {
  const char* pod;
  const char* values;  // promtool's expanding notation: `_x39 0+1500x1` = 39 missing samples, then 0 and 1500
};

struct Case {
  const char* name;
  std::vector<Series> series;
  const char* expected;  // the query's one value at 10 min, or "" for no value at all
};

// A promtool unit-test file: the series, and the query expected to give `expected` at 10 min.
std::string promtool_test_file(const std::string& query, const std::vector<Series>& series, const char* expected) {
  std::string out =
      "evaluation_interval: 15s\n"
      "tests:\n"
      "  - interval: 15s\n"
      "    input_series:\n";
  for (const auto& s : series) {
    out += "      - series: '" + std::string(kMetric) + R"({dataset="imagenet",pod=")" + s.pod + "\"}'\n";
    out += "        values: '" + std::string(s.values) + "'\n";
  }
  out += "    promql_expr_test:\n";
  out += "      - expr: '" + query + "'\n";  // the query holds no single quote
  out += "        eval_time: 10m\n";
  if (*expected == '\0') {
    out += "        exp_samples: []\n";
  } else {
    out += "        exp_samples:\n          - labels: '{}'\n            value: " + std::string(expected) + "\n";
  }
  return out;
}

// Runs promtool on the case; empty when it passes, else promtool's report (expected and got).
std::string run_promtool(const std::string& query, const Case& c) {
  TempDir dir("cachepilot-demand-query");
  if (dir.path().empty()) {
    return "could not make a temp dir";
  }
  const fs::path file = dir.path() / "test.yml";
  std::ofstream(file) << promtool_test_file(query, c.series, c.expected);
  ChildProcess promtool({kPromtool, "test", "rules", file.string()});
  if (!promtool.started()) {
    return std::string("could not start ") + kPromtool;
  }
  const auto code = promtool.wait_for_exit(std::chrono::seconds(60));
  return code == 0 ? "" : "exit " + (code ? std::to_string(*code) : std::string("timeout")) + "\n" + promtool.output();
}

const std::string kSelector = std::string(kMetric) + R"({dataset="imagenet"})";

// A client reading since 0 s: at 10 min its samples cover the whole window.
constexpr Series kSteady{"steady", "0+1500x40"};

TEST(PerClientReadRateQuery, IsRateOverTheWindowForOldSeriesAndIrateForYoungOnes) {
  EXPECT_EQ(per_client_read_rate_query(R"(m{a="b"})", "1m"),
            R"(sum((rate(m{a="b"}[1m]) and m{a="b"} offset 1m) or (irate(m{a="b"}[1m]) and m{a="b"})))");
}

TEST(PerClientReadRateQuery, ReadsEveryClientWholeFromItsSecondScrape) {
  ASSERT_TRUE(fs::exists(kPromtool)) << kPromtool
                                     << " is missing: scripts/setup installs the Debian package prometheus";
  const std::string query = per_client_read_rate_query(kSelector, "1m");
  const Case cases[] = {
      // rate over [1m]: 6,000 bytes over the 60 s its samples span = 100.
      {"one client, ten minutes old", {kSteady}, "100"},
      // The new client's irate: 1,500 / 15 s = 100; with the steady one, 200. (sum(rate(...[1m])) reads the new
      // one as 1,500 over the whole 60 s = 25, so 125.)
      {"a new client scraped twice", {kSteady, {"new", "_x39 0+1500x1"}}, "200"},
      // irate still: 100 + 100. (rate: 3,000 / 60 = 50, so 150.)
      {"a new client scraped three times", {kSteady, {"new", "_x38 0+1500x2"}}, "200"},
      // irate still: no sample at 9 min yet. (rate: 4,500 / 60 = 75, so 175.)
      {"a new client scraped four times", {kSteady, {"new", "_x37 0+1500x3"}}, "200"},
      // Its first sample is exactly 1 min old: `offset 1m` finds it, and rate reads 6,000 / 60 = 100.
      {"a client a minute old", {kSteady, {"new", "_x36 0+1500x4"}}, "200"},
      // One sample tells no rate: only the steady client's 100.
      {"a new client scraped once", {kSteady, {"new", "_x40 0"}}, "100"},
      // A burst of five new pods, each read whole: 100 + 5 x 100. (rate: 100 + 5 x 25 = 225.)
      {"a burst of new clients scraped twice",
       {kSteady,
        {"b1", "_x39 0+1500x1"},
        {"b2", "_x39 0+1500x1"},
        {"b3", "_x39 0+1500x1"},
        {"b4", "_x39 0+1500x1"},
        {"b5", "_x39 0+1500x1"}},
       "600"},
      // A young client that restarted (its counter back to 0 at sample 39): irate reads the last sample as the
      // growth since the reset, 1,500 / 15 s = 100, never a negative rate.
      {"a young client restarted", {kSteady, {"new", "_x37 0+1500x1 0+1500x1"}}, "200"},
      // An old one that restarted: samples 54,000, 55,500, 57,000, then 0 and 1,500 in the window. rate counts
      // the growth across the reset from 0: 1,500 + 1,500 + 0 + 1,500 = 4,500 in 60 s, 75; with the steady one,
      // 175 (the bytes read between the last scrape and the restart are lost to any query).
      {"an old client restarted", {kSteady, {"new", "0+1500x38 0+1500x1"}}, "175"},
      // A young client whose pod is gone (samples at 9:15 and 9:30, stale since 9:45): it reads nothing now, not
      // its last rate, 100, for most of another minute; the steady one's 100.
      {"a young client gone", {kSteady, {"gone", "_x37 0+1500x1 stale"}}, "100"},
      // An old client gone since 9:45 (samples to 9:30) keeps plain rate's tail: 3,000 over the 30 s its samples
      // in the window span (9:00-9:30), extrapolated by half a scrape interval at the end, 3,000 x 37.5 / 30 =
      // 3,750 in 60 s, 62.5; with the steady one, 162.5.
      {"an old client gone", {kSteady, {"gone", "0+1500x38 stale"}}, "162.5"},
      // No client: no value (the controller reports the metric missing rather than zero demand).
      {"no client", {}, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(run_promtool(query, c), "") << c.name;
  }
}

// The reason for the query: the same young series under plain sum(rate(...[1m])) read short, so this table fails
// if the builder ever returns that.
TEST(PerClientReadRateQuery, PlainRateWouldReadANewClientShort) {
  ASSERT_TRUE(fs::exists(kPromtool)) << kPromtool
                                     << " is missing: scripts/setup installs the Debian package prometheus";
  const std::string plain = "sum(rate(" + kSelector + "[1m]))";
  const Case cases[] = {
      // 100 + 1,500 / 60 s.
      {"a new client scraped twice", {kSteady, {"new", "_x39 0+1500x1"}}, "125"},
      // 100 + 3,000 / 60 s.
      {"a new client scraped three times", {kSteady, {"new", "_x38 0+1500x2"}}, "150"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(run_promtool(plain, c), "") << c.name;
    EXPECT_NE(run_promtool(per_client_read_rate_query(kSelector, "1m"), c), "") << c.name;
  }
}

}  // namespace
}  // namespace cachepilot::prom
