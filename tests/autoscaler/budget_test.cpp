// The spend budget: worker-seconds paid for against the clairvoyant floor, both fading with one memory.
#include "autoscaler/budget.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

constexpr double kForever = 1e15;  // a memory so long that nothing fades within a test

TEST(SpendBudget, ChargesEachIntervalAtWhatWasPaidAndTheFloorAtItsStart) {
  struct Step {
    double t;
    int paid, floor;  // from t on
    double spent, floor_ws, ratio;
  };
  const Step steps[] = {
      {0, 4, 2, 0, 0, 0},       // the first call charges nothing
      {10, 1, 1, 40, 20, 2},    // (0, 10]: 4 × 10 paid, 2 × 10 floor
      {10, 9, 9, 40, 20, 2},    // time did not move: nothing charged, nothing kept
      {15, 3, 0, 45, 25, 1.8},  // (10, 15]: 1 × 5 and 1 × 5; 45 / 25 = 1.8
      {25, -2, 0, 75, 25, 3},   // (15, 25]: 3 × 10 paid, nothing needed
      {30, 0, 0, 75, 25, 3},    // (25, 30]: a negative count pays nothing
  };
  SpendBudget budget;
  for (const auto& s : steps) {
    budget.record(s.t, s.paid, s.floor, kForever);
    EXPECT_NEAR(budget.spent(), s.spent, 1e-9) << "t = " << s.t;
    EXPECT_NEAR(budget.floor(), s.floor_ws, 1e-9) << "t = " << s.t;
    EXPECT_NEAR(budget.ratio(), s.ratio, 1e-9) << "t = " << s.t;
  }
}

TEST(SpendBudget, PastChargesFadeWithTheMemory) {
  SpendBudget budget;
  constexpr double kMemory = 10;
  budget.record(0, 2, 1, kMemory);
  budget.record(10, 1, 1, kMemory);  // 2 × 10 and 1 × 10
  budget.record(20, 1, 1, kMemory);  // 20 e^(−1) + 10 and 10 e^(−1) + 10
  EXPECT_NEAR(budget.spent(), 20 * std::exp(-1.0) + 10, 1e-9);
  EXPECT_NEAR(budget.floor(), 10 * std::exp(-1.0) + 10, 1e-9);
}

TEST(SpendBudget, NoFloorNoRatio) {
  SpendBudget budget;
  budget.record(0, 3, 0, kForever);
  budget.record(10, 3, 0, kForever);
  EXPECT_NEAR(budget.spent(), 30, 1e-9);
  EXPECT_EQ(budget.ratio(), 0);  // nothing was needed: no multiple of it to speak of
}

}  // namespace
}  // namespace cachepilot::autoscaler
