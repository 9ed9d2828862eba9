// The steady level: faded unmet demand per constant level, and the fewest workers within a given unmet demand.
#include "autoscaler/steady.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

constexpr double kForever = 1e15;  // a memory so long that nothing fades within a test

// Each interval is charged at the need given at its end. Rows: the unmet worker-seconds at levels 0 … 4 after it.
struct Step {
  double t;
  double need;
  double unmet[5];
};
constexpr Step kSteps[] = {
    {0, 9, {0, 0, 0, 0, 0}},       // the first call charges nothing
    {10, 2.5, {25, 15, 5, 0, 0}},  // (0, 10] at 2.5: (2.5 − k) × 10 for k = 0, 1, 2
    {10, 7, {25, 15, 5, 0, 0}},    // time did not move: nothing charged
    {12, 4, {33, 21, 9, 2, 0}},    // (10, 12] at 4: + 8, 6, 4, 2
    {22, 0, {33, 21, 9, 2, 0}},    // (12, 22] idle: nothing above any level
    {24, -3, {33, 21, 9, 2, 0}},   // a negative need is none
    {25, 1, {34, 21, 9, 2, 0}},    // (24, 25] at 1: + 1 at level 0 only
};

TEST(SteadyLevel, ChargesEachLevelWithTheDemandAboveIt) {
  SteadyLevel steady;
  for (const auto& s : kSteps) {
    steady.record(s.t, s.need, 100, kForever);
    for (int k = 0; k < 5; ++k) {
      EXPECT_NEAR(steady.unmet_at(k), s.unmet[k], 1e-9) << "t = " << s.t << ", level " << k;
    }
  }
  EXPECT_DOUBLE_EQ(steady.unmet_at(-1), 0);
  EXPECT_DOUBLE_EQ(steady.unmet_at(1000), 0);
}

TEST(SteadyLevel, TheFewestWorkersWithinAnUnmetDemand) {
  // The steps above: levels 0 … 4 left 34, 21, 9, 2 and 0 worker-seconds unmet.
  SteadyLevel steady;
  for (const auto& s : kSteps) {
    steady.record(s.t, s.need, 100, kForever);
  }
  struct Case {
    double unmet;
    int level;
  };
  const Case cases[] = {
      {100, 0},  {34, 0},  // level 0 leaves 34
      {33.9, 1}, {21, 1},  //
      {8.99, 3}, {2, 3},   // level 2 leaves 9: too much
      {1.99, 4}, {0, 4},   // only the highest need seen leaves nothing
  };
  for (const auto& c : cases) {
    EXPECT_EQ(steady.fewest_within(c.unmet), c.level) << c.unmet;
  }
  EXPECT_EQ(SteadyLevel{}.fewest_within(0), 0) << "nothing recorded: no level needed";
}

TEST(SteadyLevel, PastChargesFadeWithTheMemory) {
  SteadyLevel steady;
  constexpr double kMemory = 10;
  steady.record(0, 0, 100, kMemory);
  steady.record(10, 3, 100, kMemory);  // level 1: 2 × 10 = 20
  steady.record(20, 2, 100, kMemory);  // level 1: 20 e^(−1) + 1 × 10
  EXPECT_NEAR(steady.unmet_at(1), 20 * std::exp(-1.0) + 10, 1e-9);
  EXPECT_NEAR(steady.unmet_at(2), 10 * std::exp(-1.0), 1e-9);  // only the first interval was above 2
}

TEST(SteadyLevel, LevelsStopAtTheHighestAllowed) {
  // max_level 2: a need of 5 is tracked up to level 2, which still leaves 3 × 10 unmet and is the answer for any
  // smaller unmet demand, as no allowed level could do better.
  SteadyLevel steady;
  steady.record(0, 0, 2, kForever);
  steady.record(10, 5, 2, kForever);
  EXPECT_NEAR(steady.unmet_at(2), 30, 1e-9);
  EXPECT_EQ(steady.fewest_within(0), 2);
  EXPECT_EQ(steady.fewest_within(40), 1);  // level 1 leaves 40
}

}  // namespace
}  // namespace cachepilot::autoscaler
