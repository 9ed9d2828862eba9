// Trace importers: header recognition, the canonical CSV, the azure-llm request format and the crane-dsp series.
#include "sim/trace.hpp"

#include <limits>
#include <numeric>

#include <gtest/gtest.h>

namespace cachepilot::sim {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

TEST(Trace, CanonicalIsPiecewiseConstantPerSecond) {
  // Rows at t = 0, 2, 5: value 10 for [0,2), 20 for [2,5), and the last row (30) holds for the median step (2 s
  // between 0→2, 3 s between 2→5: median of {2, 3} picks 3) → [5, 8).
  auto t = parse_trace("t_seconds,demand_bytes_per_s\n0,10\n2,20\n5,30\n", "c", {});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->format, TraceFormat::kCanonical);
  EXPECT_EQ(t->demand, (std::vector<double>{10, 10, 20, 20, 20, 30, 30, 30}));
  EXPECT_FALSE(t->has_pod_signal());
}

TEST(Trace, CanonicalSubSecondStepsAverageWithinTheSecond) {
  // Rows 0→10, 0.5→30, 1.0→50 (the last holds for the 0.5 s step): [0,0.5)=10, [0.5,1)=30, [1,1.5)=50
  // → second 0 = 10×0.5 + 30×0.5 = 20, second 1 = 50×0.5 = 25.
  auto t = parse_trace("t_seconds,demand_bytes_per_s\n0,10\n0.5,30\n1.0,50\n", "c", {});
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->demand.size(), 2U);
  EXPECT_DOUBLE_EQ(t->demand[0], 20);
  EXPECT_DOUBLE_EQ(t->demand[1], 25);
}

TEST(Trace, CraneSeriesIsScaledAndStartsAtZero) {
  ImportOptions o;
  o.scale = 2.0;  // bytes/s per unit
  auto t = parse_trace("ts,value\n1000,1.5\n1060,3\n", "input", o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->format, TraceFormat::kCraneDsp);
  ASSERT_EQ(t->demand.size(), 120U);    // 2 rows × 60 s step
  EXPECT_DOUBLE_EQ(t->demand[0], 3.0);  // 1.5 × 2
  EXPECT_DOUBLE_EQ(t->demand[119], 6.0);
  EXPECT_DOUBLE_EQ(t->source_step_s, 60);
}

// Two requests: at 10.0 and 12.5 (relative 0 and 2.5 after flooring the first).
constexpr const char* kTwoRequests =
    "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:10.0000000,1,1\n2023-11-16 18:00:12.5000000,1,1\n";

// 100 B per request over 4 s (25 B/s), each pod created 3 s before its reads.
ImportOptions two_requests_options() {
  ImportOptions o;
  o.bytes_per_request = 100;
  o.read_seconds = 4;
  o.pod_start_s = 3;
  return o;
}

TEST(Trace, AzureRequestReadsSpreadOverReadSecondsWithPodsWaitingBefore) {
  auto t = parse_trace(kTwoRequests, "az", two_requests_options());
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->format, TraceFormat::kAzureLlm);
  EXPECT_EQ(t->rows, 2U);
  // Each request: 100 B over 4 s = 25 B/s. Request A covers [0,4), B covers [2.5,6.5).
  ASSERT_EQ(t->demand.size(), 7U);
  EXPECT_DOUBLE_EQ(t->demand[0], 25);
  EXPECT_DOUBLE_EQ(t->demand[2], 25 + 12.5);  // B reads half of second 2
  EXPECT_DOUBLE_EQ(t->demand[3], 50);
  EXPECT_DOUBLE_EQ(t->demand[6], 12.5);
  EXPECT_DOUBLE_EQ(sum(t->demand), 200);  // all bytes accounted for
  // B's pod appears at 2.5 − 3 = −0.5 → waits at seconds 0, 1, 2 (s < 2.5); A's pod would appear at −3: none.
  EXPECT_EQ(t->waiting_pods, (std::vector<double>{1, 1, 1, 0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(t->active_pods[3], 2);
  // Pod by pod: reads begin at 0 and 2.5, each created pod-start (3 s) before and reading read-seconds (4 s).
  EXPECT_EQ(t->pod_reads_begin, (std::vector<double>{0, 2.5}));
  EXPECT_DOUBLE_EQ(t->pod_notice_s, 3);
  EXPECT_DOUBLE_EQ(t->pod_read_s, 4);
}

TEST(Trace, AzurePodsThatServeRunOnAfterTheirReads) {
  ImportOptions o = two_requests_options();
  o.pod_serve_s = 5;
  auto t = parse_trace(kTwoRequests, "az", o);
  ASSERT_TRUE(t.ok()) << t.error().message;
  // Demand as without serving (A reads [0, 4), B [2.5, 6.5)), but each pod runs 5 s more: A to 9, B to 11.5.
  ASSERT_EQ(t->demand.size(), 12U);
  EXPECT_DOUBLE_EQ(sum(t->demand), 200);
  EXPECT_DOUBLE_EQ(t->demand[8], 0);
  EXPECT_DOUBLE_EQ(t->active_pods[3], 2);
  EXPECT_DOUBLE_EQ(t->active_pods[8], 2);     // both serving
  EXPECT_DOUBLE_EQ(t->active_pods[9], 1);     // A deleted at 9
  EXPECT_DOUBLE_EQ(t->active_pods[11], 0.5);  // B deleted at 11.5
  EXPECT_DOUBLE_EQ(t->pod_serve_s, 5);
  // A negative or non-finite serve is refused.
  for (const double bad : {-1.0, std::numeric_limits<double>::quiet_NaN()}) {
    o.pod_serve_s = bad;
    const auto refused = parse_trace(kTwoRequests, "az", o);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("pod-serve"), std::string::npos) << refused.error().message;
  }
}

TEST(Trace, UnknownHeaderAndBadRowsAreParseErrors) {
  struct Case {
    const char* text;
    const char* why;
  };
  const Case cases[] = {
      {"time,bytes\n0,1\n", "unrecognised trace header"},
      {"t_seconds,demand_bytes_per_s\n0,abc\n", "not a number"},
      {"t_seconds,demand_bytes_per_s\n0,-1\n", "negative demand"},
      {"t_seconds,demand_bytes_per_s\n5,1\n2,1\n", "time does not increase"},
      {"ts,value\n", "no data rows"},
      {"TIMESTAMP,ContextTokens,GeneratedTokens\n2023-13-01 00:00:00,1,1\n", "bad timestamp"},
      {"", "empty"},
  };
  for (const auto& c : cases) {
    auto t = parse_trace(c.text, "x", {});
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_NE(t.error().message.find(c.why), std::string::npos) << t.error().message;
  }
}

TEST(Trace, LoadingAMissingFileIsNotFound) {
  auto t = load_trace("/nonexistent/trace.csv", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kNotFound);
}

TEST(Trace, CanonicalCsvRoundTrips) {
  const std::vector<double> d{0, 1.5, 3};
  auto t = parse_trace(to_canonical_csv(d), "rt", {});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->demand, d);
}

}  // namespace
}  // namespace cachepilot::sim
