// The rent-or-buy hold: how long it is, and which need it keeps.
#include "autoscaler/hold.hpp"

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

TEST(RealizedNeedHold, KeepsTheHighestNeedWithinTheHold) {
  RealizedNeedHold hold;
  struct Step {
    double t;
    int need;
    int held;
  };
  const Step steps[] = {
      {0, 2, 2},    //
      {10, 5, 5},   // levels 1..5 needed at 10
      {20, 3, 5},   // 4 and 5 were needed at 10: 20 − 10 < 100
      {60, 4, 5},   // level 4 needed again at 60; level 5 last at 10
      {109, 1, 5},  // 109 − 10 = 99 < 100: level 5 still held
      {110, 1, 4},  // 110 − 10 = 100: level 5 let go; level 4 was needed at 60
      {160, 0, 1},  // levels 2..4 were last needed at 60: 160 − 60 = 100, let go; level 1 was needed at 110
      {210, 0, 0},  // 210 − 110 = 100: nothing needed within the last 100 s
      {220, 6, 6},  // demand back above every level held
  };
  for (const auto& s : steps) {
    EXPECT_EQ(hold.decide(s.t, s.need, 100), s.held) << "t = " << s.t;
  }
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

}  // namespace
}  // namespace cachepilot::autoscaler
