// A strategy's counterfactual account: its worker-seconds plus the demand its ready workers would have left unmet.
#include "autoscaler/ledger.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

constexpr double kLead = 60;
constexpr double kPrice = 7;
constexpr double kForever = 1e15;  // a memory so long that nothing fades within a test
constexpr LedgerTerms kTerms{kLead, kPrice, kForever};

TEST(StrategyLedger, ChargesWorkersAndPricedUnmetDemandPerInterval) {
  StrategyLedger ledger;
  struct Step {
    double t;
    double need;  // demand over the interval ending at t, in workers
    int asks;     // what the strategy asks for from t on
    double cost;  // running total
    double unmet;
  };
  const Step steps[] = {
      {0, 0, 1, 0, 0},  // the first decision: nothing to charge yet
      // (0, 10]: 1 worker, ready (it is where the account starts), no demand above it: 1 × 10 = 10.
      {10, 0.5, 3, 10, 0},
      // (10, 20]: 3 workers; the 2 asked for at 10 serve only from 70, so 1 is ready: unmet (2.5 − 1) × 10 = 15.
      // 3 × 10 + 7 × 15 = 135, total 145.
      {20, 2.5, 3, 145, 15},
      // (20, 22]: still 1 ready: 3 × 2 + 7 × (1.5 × 2) = 27, total 172.
      {22, 2.5, 3, 172, 18},
      // (22, 72]: the approximation charges a whole interval at its start's readiness: 3 × 50 + 7 × 1.5 × 50 = 675.
      {72, 2.5, 3, 847, 93},
      // (72, 80]: every ask in force since 12 is 3: all ready, no unmet: 3 × 8 = 24.
      {80, 2.5, 3, 871, 93},
  };
  for (const auto& s : steps) {
    ledger.record(s.t, s.need, s.asks, kTerms);
    EXPECT_NEAR(ledger.cost(), s.cost, 1e-6) << "t = " << s.t;
    EXPECT_NEAR(ledger.unmet(), s.unmet, 1e-6) << "t = " << s.t;
  }
}

TEST(StrategyLedger, CountsWorkerSecondsWithoutTheUnmetPrice) {
  StrategyLedger ledger;
  ledger.record(0, 0, 1, kTerms);
  ledger.record(10, 0.5, 3, kTerms);  // 1 × 10
  ledger.record(20, 2.5, 3, kTerms);  // + 3 × 10; 15 worker-seconds unmet are not counted here
  EXPECT_NEAR(ledger.worker_seconds(), 40, 1e-9);
  EXPECT_NEAR(ledger.cost(), 40 + kPrice * 15, 1e-9);
  ledger.record(30, 2.5, 2, {kLead, kPrice, 10});  // + 3 × 10 after fading 40 by e^(−10/10)
  EXPECT_NEAR(ledger.worker_seconds(), 40 * std::exp(-1.0) + 30, 1e-9);
}

TEST(StrategyLedger, WorkersLetGoComeBackOnlyALeadTimeLater) {
  StrategyLedger ledger;
  ledger.record(0, 0, 4, kTerms);
  ledger.record(10, 0, 1, kTerms);  // lets 3 go at 10
  ledger.record(20, 0, 4, kTerms);  // asks for them again at 20: they serve from 80
  EXPECT_EQ(ledger.workers_ready_at(20, kLead), 1);
  // (20, 30]: 4 workers, 1 ready, demand of 3: unmet 2 × 10 = 20, cost 4 × 10 + 7 × 20 = 180 on top of 4 × 10 + 1 × 10.
  ledger.record(30, 3, 4, kTerms);
  EXPECT_NEAR(ledger.unmet(), 20, 1e-9);
  EXPECT_NEAR(ledger.cost(), 40 + 10 + 180, 1e-9);
  ledger.record(80, 3, 4, kTerms);
  EXPECT_EQ(ledger.workers_ready_at(80, kLead), 4);  // every ask in force within [20, 80] is 4
}

TEST(StrategyLedger, PastChargesFadeWithTheMemory) {
  StrategyLedger ledger;
  constexpr double kMemory = 10;
  ledger.record(0, 0, 1, {kLead, kPrice, kMemory});
  ledger.record(10, 0, 1, {kLead, kPrice, kMemory});  // 1 × 10
  EXPECT_NEAR(ledger.cost(), 10, 1e-9);
  ledger.record(20, 0, 1, {kLead, kPrice, kMemory});  // 10 × e^(−10/10) + 10
  EXPECT_NEAR(ledger.cost(), 10 * std::exp(-1.0) + 10, 1e-9);
}

TEST(StrategyLedger, IgnoresDecisionsThatDoNotMoveTimeForward) {
  StrategyLedger ledger;
  ledger.record(10, 0, 2, kTerms);
  ledger.record(10, 5, 9, kTerms);  // same time: ignored
  ledger.record(5, 5, 9, kTerms);   // earlier: ignored
  EXPECT_DOUBLE_EQ(ledger.cost(), 0);
  ledger.record(20, 0, 2, kTerms);
  EXPECT_NEAR(ledger.cost(), 2 * 10, 1e-9);  // the ask of 2 made at 10 held over (10, 20]
}

TEST(StrategyLedger, ChargesTheConfirmedWorkersAsThePlannerKeepsThem) {
  // Reductions wait 4 s: from each decision on, the strategy pays for the highest ask of (t − 4, t].
  StrategyLedger ledger;
  const LedgerTerms terms{kLead, kPrice, kForever, 4};
  struct Step {
    double t;
    int asks;
    double worker_seconds;  // running totals, as asked
    double confirmed;       // … and as confirmed
  };
  const Step steps[] = {
      {0, 5, 0, 0},     // the first decision: nothing to charge yet; the window holds 5
      {1, 2, 5, 5},     // (0, 1]: 5 asked, 5 confirmed
      {2, 5, 7, 10},    // (1, 2]: 2 asked, 5 confirmed (the 5 of 0 is in (−3, 1])
      {3, 2, 12, 15},   // (2, 3]: 5 and 5
      {4, 2, 14, 20},   // (3, 4]: 2, and 5: the window (0, 4] still holds the 5 asked at 2
      {5, 2, 16, 25},   // (4, 5]: 2 and 5
      {6, 2, 18, 30},   // (5, 6]: 2 and 5; from 6 the window (2, 6] holds only 2s
      {7, 2, 20, 32},   // (6, 7]: 2 and 2
      {10, 1, 26, 38},  // (7, 10]: 2 × 3 each; the window (6, 10] holds the 2 of 7
      {20, 1, 36, 58},  // (10, 20]: 1 × 10 asked, 2 × 10 confirmed; then (16, 20] holds only the 1 of 20
      {30, 1, 46, 68},  // (20, 30]: 1 × 10 each
  };
  for (const auto& s : steps) {
    ledger.record(s.t, 0, s.asks, terms);
    EXPECT_NEAR(ledger.worker_seconds(), s.worker_seconds, 1e-9) << "t = " << s.t;
    EXPECT_NEAR(ledger.confirmed_worker_seconds(), s.confirmed, 1e-9) << "t = " << s.t;
  }
}

TEST(StrategyLedger, WithoutAConfirmationWindowTheConfirmedWorkersAreTheAsks) {
  StrategyLedger ledger;
  const int asks[] = {5, 2, 5, 2, 2, 7, 1};
  for (int i = 0; i < 7; ++i) {
    ledger.record(i, 0, asks[i], kTerms);  // confirm_s = 0: each window holds only its own decision
    EXPECT_DOUBLE_EQ(ledger.confirmed_worker_seconds(), ledger.worker_seconds()) << "t = " << i;
  }
  EXPECT_NEAR(ledger.worker_seconds(), 5 + 2 + 5 + 2 + 2 + 7, 1e-9);
}

}  // namespace
}  // namespace cachepilot::autoscaler
