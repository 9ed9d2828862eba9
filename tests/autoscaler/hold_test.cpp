// The realized-need hold: the rent-or-buy choice over measured idle gaps, and what the planner is told to keep.
#include "autoscaler/hold.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

struct BreakEvenCase {
  const char* name;
  std::vector<IdleGap> gaps;
  double price;
  double hold;
};

class BreakEvenHold : public ::testing::TestWithParam<BreakEvenCase> {};

TEST_P(BreakEvenHold, PicksTheCheapestHold) {
  const auto& c = GetParam();
  EXPECT_DOUBLE_EQ(break_even_hold(c.gaps, c.price), c.hold);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BreakEvenHold,
    ::testing::Values(
        // Nothing measured: nothing to bridge.
        BreakEvenCase{"no_gaps", {}, 6, 0},
        // H = 0 misses 60 worker-seconds at price 6: 360; H = 100 bridges it: 100.
        BreakEvenCase{"short_gap_is_bridged", {{100, 60}}, 6, 100},
        // H = 0: 360; H = 500: 500. Let go.
        BreakEvenCase{"long_gap_is_released", {{500, 60}}, 6, 0},
        // The level saw no demand after coming back: releasing costs nothing, so H = 0 (0 < 30).
        BreakEvenCase{"return_without_demand", {{30, 0}}, 6, 0},
        // H = 0: 3 × 360 = 1080; H = 50: 50 + 50 + (50 + 360) = 510; H = 1000: 50 + 50 + 1000 = 1100.
        BreakEvenCase{"bridge_the_short_ones", {{50, 60}, {1000, 60}, {50, 60}}, 6, 50},
        // A cheaper miss changes the answer: at price 1, H = 0 costs 180 and H = 50 costs 50 + 50 + 110 = 210.
        BreakEvenCase{"cheap_misses_release", {{50, 60}, {1000, 60}, {50, 60}}, 1, 0},
        // H = 0: 360 = H = 360: 360. A tie goes to the shorter hold.
        BreakEvenCase{"tie_goes_short", {{360, 60}}, 6, 0},
        // Half-used returns: H = 0: 2 × 6 × 30 = 360; H = 120: 120 + (120 + 180) = 420; H = 200: 120 + 200 = 320.
        BreakEvenCase{"partial_misses", {{120, 30}, {200, 30}}, 6, 200}),
    [](const ::testing::TestParamInfo<BreakEvenCase>& i) { return std::string(i.param.name); });

constexpr double kLead = 60;

// Drives one hold with a decision every 2 s from `from` (inclusive) to `to` (exclusive) at a fixed need.
struct Driver {
  RealizedNeedHold hold;
  HoldPolicy policy;
  HeldNeed last;
  void run(double from, double to, int need) {
    for (double t = from; t < to; t += 2) {
      last = hold.decide(t, need, need, kLead, policy);
    }
  }
  // `cycles` bursts: `need` workers for `busy` seconds every `period` seconds, nothing in between.
  void bursts(int cycles, double period, double busy, int need) {
    for (int cycle = 0; cycle < cycles; ++cycle) {
      const double start = cycle * period;
      run(start, start + busy, need);
      run(start + busy, start + period, 0);
    }
  }
  HeldNeed at(double t, int need) {
    last = hold.decide(t, need, need, kLead, policy);
    return last;
  }
};

TEST(RealizedNeedHold, BeforeAnyGapHoldsAsLongAsAMissWouldCost) {
  Driver d;
  d.run(0, 60, 5);
  // The last decision needing 5 workers was at t = 58. Price 6 × lead 60 s = 360 s.
  EXPECT_EQ(d.at(60, 0).workers, 5);
  EXPECT_DOUBLE_EQ(d.last.hold_s, 360);
  d.run(62, 416, 0);
  EXPECT_EQ(d.at(416, 0).workers, 5);  // 416 − 58 = 358 < 360
  EXPECT_EQ(d.at(418, 0).workers, 0);  // 418 − 58 = 360: released
}

TEST(RealizedNeedHold, LearnsToBridgeGapsShorterThanAMissCosts) {
  Driver d;
  // 4 workers needed for 60 s every 360 s: 300 s gaps (302 s from the last use at 58 to the return at 360). Each
  // return is busy for the whole lead time, so a miss costs 6 × 60 = 360 > 302: bridge.
  d.bursts(12, 360, 60, 4);
  EXPECT_GE(d.hold.gap_count(), 4U * 10);
  // Any hold from 302 s bridges every measured gap at the same cost; the prior's pseudo-gaps (360 s) break the tie.
  EXPECT_DOUBLE_EQ(d.hold.learned_hold_s(), 360);
  EXPECT_EQ(d.last.workers, 4);  // at the end of a gap, still held
}

TEST(RealizedNeedHold, LearnsToLetGoOfGapsLongerThanAMissCosts) {
  Driver d;
  // 4 workers for 60 s every 1000 s: 942 s gaps, each return busy for the lead time. 942 > 360: release at once.
  d.bursts(3, 1000, 60, 4);
  EXPECT_DOUBLE_EQ(d.hold.learned_hold_s(), 0);
  // The next burst ends: nothing is held after it.
  d.run(3000, 3060, 4);
  EXPECT_EQ(d.at(3060, 0).workers, 0);
}

TEST(RealizedNeedHold, MeasuresTheMissAsTheDemandALevelSeesAfterItsReturn) {
  RealizedNeedHold hold;
  HoldPolicy policy;
  // Level 1 needed at t = 0, idle until 500, then back at a quarter of a worker for the whole lead time:
  // miss = 0.25 × 60 = 15 worker-seconds, price 6 → 90 < the 500 s gap: the learned hold is 0.
  (void)hold.decide(0, 1, 1, kLead, policy);
  for (double t = 2; t < 500; t += 2) {
    (void)hold.decide(t, 0, 0, kLead, policy);
  }
  for (double t = 500; t <= 560; t += 2) {
    (void)hold.decide(t, 0.25, 1, kLead, policy);
  }
  ASSERT_EQ(hold.gap_count(), 1U);
  EXPECT_DOUBLE_EQ(hold.learned_hold_s(), 0);
}

TEST(RealizedNeedHold, OffWithoutALeadTimeOrAPrice) {
  for (const auto& [lead, price] : {std::pair{0.0, 6.0}, std::pair{60.0, 0.0}}) {
    RealizedNeedHold hold;
    HoldPolicy policy;
    policy.unmet_price = price;
    (void)hold.decide(0, 5, 5, lead, policy);
    const HeldNeed h = hold.decide(2, 0, 0, lead, policy);
    EXPECT_EQ(h.workers, 0) << lead << " " << price;
    EXPECT_DOUBLE_EQ(h.hold_s, 0);
  }
}

}  // namespace
}  // namespace cachepilot::autoscaler
