// How far the forecast's point at the lead missed demand: a faded weighted absolute percentage error.
#include "autoscaler/lead_error.hpp"

#include <cmath>
#include <optional>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

constexpr double kLead = 10;
constexpr double kForever = 1e15;  // a memory so long that nothing fades within a test

TEST(LeadError, ScoresEachForecastWhenItsTimeComes) {
  LeadError e;
  struct Step {
    double t;
    double demand;    // observed at t
    double forecast;  // for t + 10
    std::optional<double> error;
  };
  const Step steps[] = {
      {0, 100, 120, std::nullopt},  // files 120 for 10; nothing is due
      {5, 100, 90, std::nullopt},   // files 90 for 15; still nothing due
      // 120 for 10 against 100: |20| / 100.
      {10, 100, 100, 0.2},
      // 90 for 15 against 50: (20 + 40) / (100 + 50).
      {15, 50, 50, 0.4},
      // 100 for 20 against 100: (60 + 0) / (150 + 100).
      {20, 100, 100, 0.24},
  };
  for (const auto& s : steps) {
    e.record(s.t, s.demand, s.forecast, kLead, kForever);
    const std::optional<double> got = e.error();
    ASSERT_EQ(got.has_value(), s.error.has_value()) << s.t;
    if (s.error) {
      EXPECT_NEAR(*got, *s.error, 1e-9) << s.t;
    }
  }
}

TEST(LeadError, ForecastsDueTogetherMeetTheSameDemand) {
  // Decisions at 0, 1 and 2, then none until 20: the three forecasts (for 10, 11, 12) are scored at 20 against its
  // demand of 100: |110 − 100| + |100 − 100| + |70 − 100| = 40 over 3 × 100.
  LeadError e;
  e.record(0, 0, 110, kLead, kForever);
  e.record(1, 0, 100, kLead, kForever);
  e.record(2, 0, 70, kLead, kForever);
  e.record(20, 100, 100, kLead, kForever);
  ASSERT_TRUE(e.error().has_value());
  EXPECT_NEAR(*e.error(), 40.0 / 300.0, 1e-9);
}

TEST(LeadError, OldMissesFade) {
  // A miss of 100 on 100 at 10, then exact forecasts: with a memory of 100 s, by 10 + 100 k the miss weighs e^−k of
  // what it did (each later scoring fades the sums over the seconds since the last one). At 110, after 100 scorings
  // of 100 each, a second apart: miss 100 e^−1 = 36.8, demand 100 e^−1 + Σ 100 e^−j/100 (j = 0 … 99) = 36.8 + 6,340.
  LeadError e;
  constexpr double kMemory = 100;
  e.record(0, 100, 200, kLead, kMemory);
  for (int t = 1; t <= 110; ++t) {
    e.record(t, 100, 100, kLead, kMemory);
  }
  double demand = 100 * std::exp(-1.0);
  for (int j = 0; j < 100; ++j) {
    demand += 100 * std::exp(-j / kMemory);
  }
  ASSERT_TRUE(e.error().has_value());
  EXPECT_NEAR(*e.error(), 100 * std::exp(-1.0) / demand, 1e-9);
  EXPECT_LT(*e.error(), 0.01);
}

TEST(LeadError, NothingBeforeAnyDemandIsScored) {
  // Forecasts due in silence score their misses against no demand: no ratio yet, rather than an infinite one.
  LeadError e;
  for (int t = 0; t <= 30; ++t) {
    e.record(t, 0, 50, kLead, kForever);
  }
  EXPECT_FALSE(e.error().has_value());
  e.record(31, 100, 100, kLead, kForever);  // 50 for 31 against 100, after 21 misses of 50 on nothing
  ASSERT_TRUE(e.error().has_value());
  EXPECT_NEAR(*e.error(), (21 * 50 + 50) / 100.0, 1e-9);
}

}  // namespace
}  // namespace cachepilot::autoscaler
