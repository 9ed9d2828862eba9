// The rent-or-buy hold: how long it is, and which need it keeps.
#include "autoscaler/hold.hpp"

#include <initializer_list>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

TEST(RentOrBuyHold, AsLongAsAMissWouldCost) {
  struct Case {
    double price, lead, hold;
  };
  const Case cases[] = {
      {7, 60, 420},     // a miss leaves a worker's demand unserved for the 60 s lead time, at 7 worker-seconds each
      {10, 120, 1200},  //
      {0.5, 60, 30},    // cheap misses: let go soon
      {0, 60, 0},       // unmet demand is free: nothing to hold
      {7, 0, 0},        // a worker serves at once: a miss costs nothing
      {-1, 60, 0},      // nonsense in, no hold out
  };
  for (const auto& c : cases) {
    EXPECT_DOUBLE_EQ(rent_or_buy_hold(c.price, c.lead), c.hold) << c.price << " × " << c.lead;
  }
}

// One decision of a table: at t, demand needs `need`; the hold answers `held`.
struct Step {
  double t;
  int need;
  int held;
};

void expect_steps(std::initializer_list<Step> steps, double hold_s, double persistence_s) {
  RealizedNeedHold hold;
  for (const auto& s : steps) {
    EXPECT_EQ(hold.decide(s.t, s.need, hold_s, persistence_s), s.held) << "t = " << s.t;
  }
}

TEST(RealizedNeedHold, KeepsTheHighestNeedWithinTheHold) {
  expect_steps(
      {
          {0, 2, 2},    //
          {10, 5, 5},   // levels 1..5 needed at 10
          {20, 3, 5},   // 4 and 5 were needed at 10: 20 − 10 < 100
          {60, 4, 5},   // level 4 needed again at 60; level 5 last at 10
          {109, 1, 5},  // 109 − 10 = 99 < 100: level 5 still held
          {110, 1, 4},  // 110 − 10 = 100: level 5 let go; level 4 was needed at 60
          {160, 0, 1},  // levels 2..4 were last needed at 60: 160 − 60 = 100, let go; level 1 was needed at 110
          {210, 0, 0},  // 210 − 110 = 100: nothing needed within the last 100 s
          {220, 6, 6},  // demand back above every level held
      },
      100, 0);
}

TEST(RealizedNeedHold, AZeroHoldKeepsOnlyTheCurrentNeed) {
  RealizedNeedHold hold;
  EXPECT_EQ(hold.decide(0, 8, 0), 8);
  EXPECT_EQ(hold.decide(2, 3, 0), 3);
  EXPECT_EQ(hold.decide(4, -1, 0), 0);  // a negative need is no need
}

TEST(RealizedNeedHold, ALongerHoldReachesBackFurther) {
  // The hold is a parameter of each decision (the SRE may change the price or the lead time): levels remember when
  // they were last needed, so lengthening the hold keeps levels a shorter one had already let go.
  RealizedNeedHold hold;
  EXPECT_EQ(hold.decide(0, 5, 60), 5);
  EXPECT_EQ(hold.decide(100, 1, 60), 1);   // 100 − 0 ≥ 60: let go
  EXPECT_EQ(hold.decide(102, 1, 420), 5);  // 102 − 0 < 420: held again
}

TEST(RealizedNeedHold, KeepsOnlyLevelsDemandSustained) {
  // One sample per second, persistence 2 s: a level enters the hold once the samples covering the last 2 s (this one
  // and the one before) both needed it. The current need is always met.
  expect_steps(
      {
          {0, 2, 2},    // the first sample stands alone: levels 1..2 held
          {1, 6, 6},    // a one-second blip: min(2, 6) = 2 sustained, so levels 3..6 are not held
          {2, 2, 2},    // min(6, 2) = 2: the blip is gone
          {3, 5, 5},    // min(2, 5) = 2
          {4, 5, 5},    // min(5, 5) = 5: levels 3..5 held from now
          {5, 1, 5},    // 5 − 4 < 100
          {103, 1, 5},  // 103 − 4 = 99 < 100
          {104, 1, 1},  // 104 − 4 = 100: let go
      },
      100, 2);
}

TEST(RealizedNeedHold, SamplesAPersistenceApartCountOnTheirOwn) {
  // A sample stands for the time since the one before it: 2 s apart, each covers the whole 2 s persistence.
  expect_steps({{0, 1, 1}, {2, 6, 6}, {4, 1, 6}}, 100, 2);  // 6 was needed over (0, 2]: held at 4
  // Without persistence, one second is enough (the rule of KeepsTheHighestNeedWithinTheHold).
  expect_steps({{0, 1, 1}, {1, 6, 6}, {2, 1, 6}}, 100, 0);
}

TEST(FractionalHold, KeepsEachLevelForItsShareOfTheHold) {
  // Hold 100 s. At t, demand needs `workers` (fractional); the hold answers `held`.
  struct Case {
    double t;
    double workers;
    int held;
  };
  const Case steps[] = {
      {0, 2.5, 3},      // levels 1, 2 whole: kept until 100; level 3 half: until 0 + 0.5 × 100 = 50
      {10, 1.01, 3},    // level 1 until 10 + 100 = 110; level 2 a hundredth: max(100, 10 + 1) = 100; 10 < 50
      {49, 0.5, 3},     // level 1 half: max(110, 49 + 50) = 110; 49 < 50: level 3 still kept
      {50, 0.5, 2},     // 50: level 3 let go; level 2 kept until 100
      {100, 0.5, 1},    // level 2 let go; level 1: max(110, 100 + 50) = 150
      {120, 1.001, 2},  // a thousandth above one worker: met now, level 2 kept until 120 + 0.1 = 120.1
      {121, 0.2, 1},    // 121 > 120.1: let go; level 1 whole at 120: kept until 220
      {150, 0, 1},      // nothing needed, level 1 still kept
      {220, 0, 0},      // 220: let go
      {221, 4, 4},      // demand back above every level kept
      {222, -1, 4},     // a negative need is no need; levels 1..4 kept until 321
  };
  FractionalHold hold;
  for (const auto& s : steps) {
    EXPECT_EQ(hold.decide(s.t, s.workers, 100), s.held) << "t = " << s.t;
  }
}

TEST(FractionalHold, DemandOfExactlyKWorkersNeedsK) {
  // The same hair of slack as workers_for: rounding noise above a whole number of workers is no worker.
  FractionalHold hold;
  EXPECT_EQ(hold.decide(0, 3.0 + 1e-12, 100), 3);
  EXPECT_EQ(hold.decide(1, 0, 100), 3);  // levels 1..3 whole: kept until 100
}

TEST(TrailingMean, EachSampleWeighsTheTimeItStandsFor) {
  struct Case {
    double t, demand, mean;
  };
  const Case cases[] = {
      {0, 10, 10},          // alone: the sample is the mean
      {1, 20, 20},          // the first sample stood for no time: (10 × 0 + 20 × 1) / 1
      {3, 50, 40},          // (20 × 1 + 50 × 2) / 3
      {61, 0, 100.0 / 60},  // (1, 61]: 0 and 1 are out; (50 × 2 + 0 × 58) / 60
      {200, 30, 30},        // the rest are out; 139 s since the last, counted as the window's 60
      // (170, 230]: the sample at 200 counts whole, its 60 s though only 30 fall inside: (30 × 60 + 90 × 30) / 90
      {230, 90, 50},
  };
  TrailingMean mean;
  for (const auto& c : cases) {
    EXPECT_DOUBLE_EQ(mean.add(c.t, c.demand, 60), c.mean) << "t = " << c.t;
  }
}

TEST(TrailingMax, TheHighestValueOfTheWindowEndingNow) {
  struct Add {
    double t;
    int value;
    double window_s;
    int highest;
  };
  const Add adds[] = {
      {0, 5, 4, 5},   {1, 2, 4, 5},  // (−3, 1] holds 5 and 2
      {4, 3, 4, 3},                  // (0, 4]: the 5 of 0 is out
      {5, 1, 4, 3},                  // (1, 5] holds 3 and 1 (the 2 of 1 is out)
      {6, 0, 0, 0},                  // a zero-second window: the value itself
      {7, 1, 10, 1},                 // the zero window dropped all but 6's 0: (−3, 7] holds 0 and 1
      {20, 0, 10, 0},                // (10, 20]
  };
  TrailingMax window;
  for (const auto& s : adds) {
    EXPECT_EQ(window.add(s.t, s.value, s.window_s), s.highest) << "t = " << s.t;
  }
}

TEST(TrailingMin, TheLowestValueOfTheWindowEndingNow) {
  TrailingMin window;
  EXPECT_EQ(window.add(0, 5, 4), 5);
  EXPECT_EQ(window.add(1, 2, 4), 2);  // (−3, 1] holds 5 and 2
  EXPECT_EQ(window.add(3, 4, 4), 2);  // (−1, 3] holds 5, 2 and 4
  EXPECT_EQ(window.add(5, 6, 4), 4);  // (1, 5]: the 2 of 1 is out
  EXPECT_EQ(window.add(6, 7, 0), 7);  // a zero-second window: the value itself
}

}  // namespace
}  // namespace cachepilot::autoscaler
