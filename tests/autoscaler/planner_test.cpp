// The planner, table-driven: each row is one decision with its arithmetic.
#include "autoscaler/planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

// Builders: a policy of 100 B/s workers and a forecast of a given upper bound.
PlannerPolicy policy() {
  PlannerPolicy p;
  p.worker_throughput = 100;
  p.target_utilization = 1.0;
  p.min_workers = 1;
  p.max_workers = 20;
  p.scale_down_stabilization_s = 60;
  p.tolerance = 0.1;
  p.grace_cost_budget = 0;  // the spend budget binds only after its grace, unless a test sets one
  return p;
}

PlanInput input(double now, double demand, int current, double upper, bool rising = false) {
  PlanInput in;
  in.now = now;
  in.current_demand = demand;
  in.current_workers = current;
  in.forecast.upper = upper;
  in.forecast.rising = rising;
  return in;
}

// Builder for runs of many decisions: scale down at once (no stabilization, no confirmation) and all the way,
// strategies remembered over 600 s.
PlannerPolicy run_policy() {
  PlannerPolicy p = policy();
  p.scale_down_stabilization_s = 0;
  p.scale_down_confirm_s = 0;
  p.max_scale_down_fraction = 1;
  p.strategy_memory_s = 600;
  return p;
}

// Builder for the spend budget's runs: bursts from nothing (the floor is zero between them, and so is every hold once
// it lets go), strategies remembered over 300 s, the spend over 600 s, a budget of 1.95 binding from 600 s on, and
// its candidates allowed the budget itself however far the spend is over it (no payback).
PlannerPolicy budget_policy() {
  PlannerPolicy p = policy();
  p.scale_down_stabilization_s = 0;
  p.scale_down_confirm_s = 0;
  p.min_workers = 0;
  p.strategy_memory_s = 300;
  p.cost_budget = 1.95;
  p.budget_memory_s = 600;
  p.budget_grace_s = 600;
  p.budget_payback = 0;
  return p;
}

// Workers ready at t when what was asked for at each second serves a lead time later and removals are at once: the
// fewest asked for over [t − lead, t].
int ready_at(const std::vector<int>& asked, int t, int lead) {
  int ready = asked[static_cast<std::size_t>(t)];
  for (int s = std::max(t - lead, 0); s <= t; ++s) {
    ready = std::min(ready, asked[static_cast<std::size_t>(s)]);
  }
  return ready;
}

// One decision with a 60 s lead time (so the 420 s hold runs) and a forecast of exactly the current demand.
Plan plan_with_lead(double now, double demand, int current, const PlannerPolicy& pol, PlannerState& state) {
  PlanInput in = input(now, demand, current, demand);
  in.lead_time_s = 60;
  return plan(in, pol, state);
}

TEST(WorkersFor, CeilOfDemandOverUsableCapacity) {
  struct Case {
    double demand, throughput, utilization;
    int expected;
  };
  const Case cases[] = {
      {0, 100, 1, 0},     {100, 100, 1, 1},    // exactly one worker's capacity needs one, not two
      {101, 100, 1, 2},   {350, 100, 0.7, 5},  // 350 / 70 = 5
      {351, 100, 0.7, 6}, {-5, 100, 1, 0},     //
      {100, 0, 1, 0},                          // no throughput: nothing computable
  };
  for (const auto& c : cases) {
    EXPECT_EQ(workers_for(c.demand, c.throughput, c.utilization), c.expected) << c.demand;
  }
  EXPECT_EQ(capacity_floor(250, 100), 3);  // ceil(2.5)
  EXPECT_EQ(capacity_floor(200, 100), 2);
  EXPECT_EQ(capacity_floor(0, 100), 0);
  EXPECT_EQ(capacity_floor(250, 0), 0);
}

TEST(Plan, OneDecisionEach) {
  struct Case {
    const char* what;
    PlanInput in;
    int expected;
    PlanReason reason;
  };
  const Case cases[] = {
      {"forecast needs ceil(450/100) = 5: scale up at once", input(0, 100, 2, 450), 5, PlanReason::kScaleUp},
      {"reactive floor: demand 620 needs 7 even if the forecast says 300", input(0, 620, 2, 300), 7,
       PlanReason::kScaleUp},
      {"clamped to max 20: 5000 would need 50", input(0, 100, 2, 5000), 20, PlanReason::kScaleUp},
      {"clamped to min 1: no demand", input(0, 0, 1, 0), 1, PlanReason::kHold},
      {"no change", input(0, 250, 3, 300), 3, PlanReason::kHold},
  };
  for (const auto& c : cases) {
    PlannerState state;
    const Plan p = plan(c.in, policy(), state);
    EXPECT_EQ(p.desired, c.expected) << c.what;
    EXPECT_EQ(p.reason, c.reason) << c.what;
  }
}

TEST(Plan, CacheCapacityFloor) {
  PlannerPolicy pol = policy();
  pol.dataset_bytes = 1000;
  pol.worker_cache_bytes = 300;  // ceil(3.33) = 4 workers to keep the dataset cached
  PlannerState state;
  const Plan p = plan(input(0, 0, 1, 0), pol, state);
  EXPECT_EQ(p.capacity_floor, 4);
  EXPECT_EQ(p.desired, 4);
}

// Pods due a lead time on (PlanInput::pods_due_demand): asked for at once, whatever the strategy, and kept for a lead
// time so that a worker asked for them is not let go before it serves. 100 B/s workers, lead 60 s, demand 50 B/s.
TEST(Plan, PodsDueALeadTimeOnAreAskedForAndKeptUntilTheyServe) {
  struct Step {
    double now;
    double pods_due;  // B/s
    int current;
    int desired;
    bool floor;  // Plan::pods_due
  };
  const Step steps[] = {
      {0, 0, 1, 1, false},      // 50 B/s needs 1: nothing due
      {1, 650, 1, 7, true},     // 650 B/s due at 61 s: ceil(6.5) = 7, at once
      {2, 0, 7, 7, true},       // nothing due now, but the 7 asked at 1 s serve only from 61 s: kept
      {60, 0, 7, 7, true},      // the ask at 1 s is within (60 − 60, 60]: kept
      {61, 200, 7, 7, true},    // the ask at 1 s has left the window (61 − 60 = 1): the floor is the 2 due now, and
                                // the confirmation window's recommendations (7) keep the 7 a few seconds more
      {120, 2500, 7, 20, true}  // 25 workers due, clamped to maxReplicas 20
  };
  PlannerPolicy pol = policy();
  pol.scale_down_stabilization_s = 0;
  PlannerState state;
  for (const auto& st : steps) {
    SCOPED_TRACE(st.now);
    PlanInput in = input(st.now, 50, st.current, 50);
    in.lead_time_s = 60;
    in.pods_due_demand = st.pods_due;
    const Plan p = plan(in, pol, state);
    EXPECT_EQ(p.desired, st.desired);
    EXPECT_EQ(p.pods_due, st.floor);
  }
}

// A level at a worker's edge (PlannerPolicy::edge_add_range): 100 B/s workers, lead 60 s, the hold keeping only
// needs that lasted 2 s. Demand needs `before` workers from 0 to 59 s (as many are there), for one second at 60 s
// `at_60`, then `before` again. A one-second add of one worker over a level is kept until it serves, 60 s later; a
// one-second rise of more than a worker is a burst's, which the holds weigh: let go after the 4 s confirmation.
TEST(Plan, AWorkerAddedAtALevelsEdgeIsKeptUntilItServes) {
  struct Case {
    const char* name;
    int range;   // PlannerPolicy::edge_add_range
    int before;  // workers needed (and there) from 0 to 59 s and from 61 s
    int at_60;   // workers needed at 60 s
    int at_70;   // desired at 70 s: kept, or let go after the confirmation (61..64 s)
    int at_119;  // desired at 119 s: the add at 60 s is within (59, 119]
    int at_124;  // desired at 124 s: it left the window at 120 s, and the confirmation (120, 124] agrees
  };
  const Case cases[] = {
      {"one worker over a level: kept", 1, 6, 7, 7, 7, 6},    {"none kept", 0, 6, 7, 6, 6, 6},
      {"two workers over a level: a rise", 1, 6, 8, 6, 6, 6}, {"two workers, range 2: kept", 2, 6, 8, 8, 8, 6},
      {"a burst from one worker to seven", 1, 1, 7, 1, 1, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.max_scale_down_fraction = 1;
    pol.edge_add_range = c.range;
    PlannerState state;
    int current = c.before;
    for (int t = 0; t <= 124; ++t) {
      // 10 B/s under the level's workers, or 10 B/s over a worker's capacity at 60 s (ceil(6.1) = 7, ceil(7.1) = 8).
      const double demand = t == 60 ? 100.0 * (c.at_60 - 1) + 10 : 100.0 * c.before - 10;
      PlanInput in = input(t, demand, current, demand);
      in.lead_time_s = 60;
      const Plan p = plan(in, pol, state);
      current = p.desired;
      if (t == 60) {
        EXPECT_EQ(p.desired, c.at_60);  // added at once
      } else if (t == 70) {
        EXPECT_EQ(p.desired, c.at_70);
        EXPECT_EQ(p.edge_add, c.at_70 > c.before);
      } else if (t == 119) {
        EXPECT_EQ(p.desired, c.at_119);
      } else if (t == 120) {
        EXPECT_FALSE(p.edge_add);
      } else if (t == 124) {
        EXPECT_EQ(p.desired, c.at_124);
      }
    }
  }
}

TEST(Plan, ScaleDownOnlyAfterTheWindowToItsHighestRecommendation) {
  // Window 60 s. t=0: need 8 (current 8). t=20: need 3. t=40: need 5. t=61: need 2 → the window (1, 61] holds
  // {3, 5, 2}: scale to 5. t=101: window (41, 101] holds {2, 2}: scale to 2 (8 → 5 was −3 ≤ 50% of 8; 5 → 2 is −3 >
  // floor(0.5 × 5) = 2 per step → 3 first).
  const PlannerPolicy pol = policy();
  PlannerState s;
  EXPECT_EQ(plan(input(0, 0, 8, 800), pol, s).desired, 8);
  EXPECT_EQ(plan(input(20, 0, 8, 300), pol, s).reason, PlanReason::kStabilizing);
  EXPECT_EQ(plan(input(40, 0, 8, 500), pol, s).desired, 8);
  const Plan at61 = plan(input(61, 0, 8, 200), pol, s);
  EXPECT_EQ(at61.desired, 5);
  EXPECT_EQ(at61.reason, PlanReason::kScaleDown);
  EXPECT_EQ(plan(input(101, 0, 5, 200), pol, s).desired, 3);  // bounded step: at most floor(2.5) = 2 removed
  EXPECT_EQ(plan(input(106, 0, 3, 200), pol, s).desired, 2);
}

TEST(Plan, NeverScaleDownWhileRising) {
  PlannerPolicy pol = policy();
  pol.scale_down_stabilization_s = 0;
  PlannerState s;
  const Plan p = plan(input(0, 100, 6, 200, /*rising=*/true), pol, s);
  EXPECT_EQ(p.desired, 6);
  EXPECT_EQ(p.reason, PlanReason::kRisingHold);
  EXPECT_EQ(plan(input(1, 100, 6, 200, false), pol, s).desired, 3);  // 6 → 2 bounded to −3
}

TEST(Plan, ToleranceBandIgnoresSmallReductions) {
  PlannerPolicy pol = policy();
  pol.scale_down_stabilization_s = 0;
  pol.tolerance = 0.1;
  PlannerState s;
  // 20 → 19 removes 5% ≤ 10%: hold. 20 → 17 removes 15%: go (5 s later, past the forecast's 4 s confirmation).
  EXPECT_EQ(plan(input(0, 0, 20, 1900), pol, s).desired, 20);
  EXPECT_EQ(plan(input(5, 0, 20, 1700), pol, s).desired, 17);
}

// A reduction within the band is made once every recommendation of tolerance_patience_s asked for fewer: 13 workers,
// the forecast (alone: no lead time) asking for 12 every second from t = 0, a reduction of 1 / 13 = 7.7% ≤ 10%. At
// 299 s the recommendations span 299 s, under the patience of 300; at 300 s they span it, and every one of
// (0, 300] asked for 12. A forecast flapping between 12 and 13 each second is the band's own business: kept at 13.
TEST(Plan, TheToleranceBandHoldsOnlyUntilTheReductionOutlastsItsPatience) {
  struct Case {
    const char* what;
    double patience_s;
    bool flapping;
    int at_299;
    int at_300;
  };
  const Case cases[] = {
      {"a steady reduction, 300 s of patience", 300, false, 13, 12},
      {"a flapping recommendation", 300, true, 13, 13},
      {"no patience: the band holds for good, as the HPA's", 0, false, 13, 13},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.tolerance_patience_s = c.patience_s;
    PlannerState s;
    std::vector<int> desired;
    for (int t = 0; t <= 300; ++t) {
      const double upper = c.flapping && t % 2 == 1 ? 1300 : 1200;
      desired.push_back(plan(input(t, 0, 13, upper), pol, s).desired);
    }
    EXPECT_EQ(desired.at(299), c.at_299) << c.what;
    EXPECT_EQ(desired.at(300), c.at_300) << c.what;
  }
}

// While the forecast is in force (no lead time: it alone), a reduction is followed only once every decision of the
// last scale_down_confirm_s (4 s) asked for it: the window (now − 4, now] must hold no higher recommendation.
// Current 8 workers, 100 B/s each; at most half removed per decision.
TEST(Plan, TheForecastsReductionsAreConfirmedOverAFewSeconds) {
  struct Row {
    double t;
    double upper;  // forecast bound, B/s
    int current;
    int desired;
    PlanReason reason;
  };
  struct Case {
    const char* name;
    double confirm_s;
    std::vector<Row> rows;
  };
  const Case cases[] = {
      {"one decision's dip is not followed",
       4,
       {
           {0, 800, 8, 8, PlanReason::kHold},
           {1, 300, 8, 8, PlanReason::kStabilizing},  // (−3, 1] holds 8 and 3
           {2, 800, 8, 8, PlanReason::kHold},         // back up: the dip is gone
           {3, 800, 8, 8, PlanReason::kHold},
       }},
      {"a reduction asked for 4 s is",
       4,
       {
           {0, 800, 8, 8, PlanReason::kHold},
           {1, 300, 8, 8, PlanReason::kStabilizing},
           {2, 300, 8, 8, PlanReason::kStabilizing},
           {3, 300, 8, 8, PlanReason::kStabilizing},  // (−1, 3] still holds t = 0's 8
           {4, 300, 8, 4, PlanReason::kScaleDown},    // (0, 4] holds 3s only: 8 → 3, at most 4 removed
       }},
      {"decisions further apart than the window are not held back",
       4,
       {
           {0, 800, 8, 8, PlanReason::kHold},
           {15, 300, 8, 4, PlanReason::kScaleDown},  // (11, 15] holds this decision alone
       }},
      {"no confirmation window: at once",
       0,
       {
           {0, 800, 8, 8, PlanReason::kHold},
           {1, 300, 8, 4, PlanReason::kScaleDown},
       }},
  };
  for (const Case& c : cases) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.scale_down_confirm_s = c.confirm_s;
    PlannerState s;
    for (const Row& r : c.rows) {
      SCOPED_TRACE(std::string(c.name) + ", t = " + std::to_string(r.t));
      const Plan p = plan(input(r.t, 0, r.current, r.upper), pol, s);
      EXPECT_EQ(p.strategy, Strategy::kForecast);
      EXPECT_EQ(p.desired, r.desired);
      EXPECT_EQ(p.reason, r.reason);
    }
  }
}

// The hold strategy keeps what demand needed: 500 B/s (5 workers) until t = 10, then nothing. With a 60 s lead time
// and the default price of 7 the hold is 7 × 60 = 420 s, so the 5 workers stay until t = 10 + 420.
TEST(Plan, HoldStrategyKeepsWhatDemandNeeded) {
  PlannerPolicy pol = policy();
  pol.scale_down_stabilization_s = 0;
  PlannerState s;
  const auto at = [&](double now, double demand, int current) { return plan_with_lead(now, demand, current, pol, s); };
  EXPECT_EQ(at(0, 500, 1).desired, 5);
  EXPECT_EQ(at(10, 500, 5).desired, 5);
  const Plan idle = at(20, 0, 5);
  EXPECT_EQ(idle.strategy, Strategy::kHold);  // the hold is in force until the forecast has earned its keep
  EXPECT_EQ(idle.reactive_need, 0);
  EXPECT_EQ(idle.held_need, 5);
  EXPECT_DOUBLE_EQ(idle.hold_s, 420);
  EXPECT_EQ(idle.desired, 5);
  EXPECT_EQ(at(429, 0, 5).desired, 5);  // 429 − 10 < 420
  const Plan released = at(430, 0, 5);
  EXPECT_EQ(released.held_need, 0);     // released …
  EXPECT_EQ(released.desired, 5);       // … but the confirmation window (426, 430] still holds 429's 5
  EXPECT_EQ(at(433, 0, 5).desired, 3);  // (429, 433] holds only 0s: by at most half the workers per decision
  // Without a lead time (the Reactive mode), or at a price of 0, nothing is held: the forecast strategy alone.
  for (const double price : {7.0, 0.0}) {
    PlannerState fresh;
    pol.unmet_price = price;
    PlanInput busy = input(0, 500, 1, 500);
    PlanInput quiet = input(10, 0, 5, 0);
    busy.lead_time_s = quiet.lead_time_s = price > 0 ? 0 : 60;
    EXPECT_EQ(plan(busy, pol, fresh).desired, 5);
    const Plan after = plan(quiet, pol, fresh);
    EXPECT_EQ(after.strategy, Strategy::kForecast);
    EXPECT_DOUBLE_EQ(after.hold_s, 0);
    EXPECT_EQ(after.desired, 3);
  }
}

// Two decisions with a 60 s lead, the runtime having `workers` at both: at t = 0 on demand 300 B/s with a forecast of
// exactly that, then at `now` on the same demand with a bound of 800 B/s (8 workers) from `model`.
// The ramp's bound is the forecast's where the model is the ramp's, as the forecaster reports it, unless given.
Plan plan_a_raise(const PlannerPolicy& pol, double now, int workers, ForecastModel model, bool rising, bool burst,
                  std::optional<double> ramp_upper = std::nullopt, bool warm_up_headroom = false) {
  PlannerState state;
  (void)plan_with_lead(0, 300, workers, pol, state);
  PlanInput in = input(now, 300, workers, 800, rising);
  in.lead_time_s = 60;
  in.forecast.model = model;
  in.forecast.burst = burst;
  in.forecast.ramp_upper = ramp_upper.value_or(model == ForecastModel::kRamp ? in.forecast.upper : 0.0);
  in.forecast.warm_up_headroom = warm_up_headroom;
  return plan(in, pol, state);
}

TEST(Plan, TheTrendRaisesTheHoldBeforeTheStrategiesAreCompared) {
  // Demand 300 B/s needs 3 workers; the forecast's bound of 800 B/s needs 8. A first decision at t = 0 (forecast =
  // demand, 3 workers), then one at `now` with the row's forecast. The strategies are first compared at 900 s; until
  // then the hold is in force.
  struct Case {
    const char* what;
    double now;
    ForecastModel model;
    bool rising;
    bool burst;
    bool enabled;
    int want;
    bool warm_up_headroom = false;  // Forecast::warm_up_headroom
  };
  const Case cases[] = {
      {"the trend foresees a rise to 8 before the comparison", 100, ForecastModel::kTrend, true, false, true, 8},
      {"demand just begun: the warm-up's bound with its headroom, rising or not", 100, ForecastModel::kWarmUp, false,
       false, true, 8, true},
      {"the warm-up's bound without it, not rising, is left to the hold", 100, ForecastModel::kWarmUp, false, false,
       true, 3},
      {"so does the warm-up (nothing scored yet)", 100, ForecastModel::kWarmUp, true, false, true, 8},
      {"so does the last sample with its calibrated rise", 100, ForecastModel::kLast, true, false, true, 8},
      {"so does current demand with its calibrated rise", 100, ForecastModel::kCurrent, true, false, true, 8},
      {"the recent peak is left to the hold", 100, ForecastModel::kRecentMax, true, false, true, 3},
      {"a trend that does not rise is left to the hold", 100, ForecastModel::kTrend, false, false, true, 3},
      {"the envelope of recent bursts is left to the hold", 100, ForecastModel::kEnvelope, true, false, true, 3},
      {"a burst is left to the hold", 100, ForecastModel::kTrend, true, true, true, 3},
      {"from the comparison on, the strategies' costs decide (equal: the hold stays)", 900, ForecastModel::kTrend, true,
       false, true, 3},
      {"switched off", 100, ForecastModel::kTrend, true, false, false, 3},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.trend_before_compare = c.enabled;
    const Plan p = plan_a_raise(pol, c.now, 3, c.model, c.rising, c.burst, std::nullopt, c.warm_up_headroom);
    EXPECT_EQ(p.strategy, Strategy::kHold) << c.what;
    EXPECT_EQ(p.desired, c.want) << c.what;
    EXPECT_EQ(p.early_trend, c.want == 8) << c.what;
  }
}

TEST(Plan, TheRampRaisesTheHoldInForce) {
  // Demand 300 B/s needs 3 workers; the forecast's bound of 800 B/s needs 8, the ramp's (where it found a climb) the
  // same unless the row says. A first decision at t = 0 (forecast = demand), then one at `now` with the row's
  // forecast, the runtime having `workers` at both. From 900 s on the strategies are compared; their costs are equal
  // (forecast = demand until then), so the hold stays in force, and only the ramp's bound raises it. The spend is the
  // workers paid for over the clairvoyant floor's 3: 3 / 3 = 1.0, under 0.6 × the budget of 1.97 = 1.18; with 6
  // workers, 6 / 3 = 2.0 (the budget binds only after its grace; the 6 stay, as demand is rising).
  struct Case {
    const char* what;
    double now;
    ForecastModel model;
    bool burst;
    double spend_share;  // PlannerPolicy::ramp_raise_spend_share
    int workers;
    int want;
    bool ramp_raise;                  // Plan::ramp_raise
    std::optional<double> ramp = {};  // Forecast::ramp_upper, where not the forecast's
  };
  const Case cases[] = {
      {"demand climbs along the ramp: the hold asks for its bound, 8", 1000, ForecastModel::kRamp, false, 0.6, 3, 8,
       true},
      // The last sample's bound (800) over the ramp's line (550 B/s: 6 workers): the hold asks for the ramp's.
      {"a climb under a higher bound: the ramp's, 6", 1000, ForecastModel::kLast, false, 0.6, 3, 6, true, 550.0},
      {"the trend's bound, no climb found, is left to the strategies' costs", 1000, ForecastModel::kTrend, false, 0.6,
       3, 3, false},
      {"so is the last sample's", 1000, ForecastModel::kLast, false, 0.6, 3, 3, false},
      {"a burst is left to the hold", 1000, ForecastModel::kRamp, true, 0.6, 3, 3, false},
      {"a run paying twice its floor is left to the hold", 1000, ForecastModel::kRamp, false, 0.6, 6, 6, false},
      {"switched off", 1000, ForecastModel::kRamp, false, 0, 3, 3, false},
      {"before the comparison the trend's raise has it already", 100, ForecastModel::kRamp, false, 0.6, 3, 8, false},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.ramp_raise_spend_share = c.spend_share;
    const Plan p = plan_a_raise(pol, c.now, c.workers, c.model, true, c.burst, c.ramp);
    EXPECT_EQ(p.strategy, Strategy::kHold) << c.what;
    EXPECT_EQ(p.desired, c.want) << c.what;
    EXPECT_EQ(p.ramp_raise, c.ramp_raise) << c.what;
    EXPECT_EQ(p.early_trend, c.now < pol.strategy_compare_after_s && c.want == 8) << c.what;
  }
}

// Decisions every second: a one-second peak of 900 B/s is met at once, but the hold keeps only what demand needed for
// hold_persistence_s (2 s by default), here 200 B/s (2 workers).
TEST(Plan, TheHoldKeepsOnlySustainedNeeds) {
  for (const double persistence : {2.0, 0.0}) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.hold_persistence_s = persistence;
    PlannerState s;
    const auto at = [&](double now, double demand, int current) {
      return plan_with_lead(now, demand, current, pol, s);
    };
    EXPECT_EQ(at(0, 200, 1).desired, 2);
    EXPECT_EQ(at(1, 200, 2).desired, 2);
    EXPECT_EQ(at(2, 900, 2).desired, 9);  // the reactive floor: 900 / 100
    const Plan after = at(3, 200, 9);
    // Persistence 2 s: min(9, 2) = 2 sustained over (1, 3]. Without it, 9 was needed at 2, within the 420 s hold.
    EXPECT_EQ(after.held_need, persistence > 0 ? 2 : 9) << "persistence " << persistence;
  }
}

// Two strategies run side by side on the same demand: 500 B/s (5 workers) for 60 s every 200 s, nothing between.
struct StrategyRun {
  PlannerPolicy pol = [] {
    PlannerPolicy p = run_policy();
    p.strategy_compare_after_s = 400;  // before one memory time: the comparison waits for this, not the memory
    return p;
  }();
  PlannerState state;
  int workers = 1;
  static double demand(double t) { return std::fmod(t, 200) < 60 ? 500 : 0; }
  // `clairvoyant`: the forecast's bound is the highest demand over [t, t + 62], as a perfect forecaster's would be.
  // Otherwise it is the demand now, as a forecaster that has learned nothing would say.
  Plan step(double t, bool clairvoyant) {
    double upper = demand(t);
    for (double u = t; clairvoyant && u <= t + 62; u += 1) {
      upper = std::max(upper, demand(u));
    }
    PlanInput in = input(t, demand(t), workers, upper);
    in.lead_time_s = 60;
    const Plan p = plan(in, pol, state);
    workers = p.desired;
    return p;
  }
};

TEST(Plan, TheForecastTakesOverWhereItCostsLessThanTheHold) {
  StrategyRun run;
  // Until the first comparison (400 s), the hold is in force: the spikes come every 200 s, inside its 420 s, so it
  // keeps 5 workers throughout.
  for (double t = 0; t < 400; t += 2) {
    const Plan p = run.step(t, true);
    ASSERT_EQ(p.strategy, Strategy::kHold) << t;
    if (t >= 60) {
      ASSERT_EQ(p.desired, 5) << t;
    }
  }
  // Both strategies have served every spike since the first lead time; the forecast asked for 5 workers only from
  // 62 s before each spike to its end (122 s in 200 s, 1 worker otherwise: 5 × 122 + 78 = 688 worker-seconds per
  // 200 s against the hold's 1,000), so it takes over at the first comparison and releases between spikes.
  const Plan first = run.step(400, true);
  EXPECT_EQ(first.strategy, Strategy::kForecast);
  EXPECT_LT(first.forecast_cost, (1 - PlannerPolicy{}.strategy_switch_margin) * first.hold_cost);
  for (double t = 402; t < 500; t += 2) {
    (void)run.step(t, true);
  }
  const Plan between = run.step(500, true);  // 40 s after a spike, 100 s before the next one
  EXPECT_EQ(between.strategy, Strategy::kForecast);
  EXPECT_EQ(between.desired, 1);
}

TEST(Plan, TheHoldStaysWhereTheForecastMissesEveryBurst) {
  StrategyRun run;
  // A forecast that sees each spike only when it arrives leaves it unmet for the lead time, here all of it: 4 workers'
  // worth above the 1 kept, priced at 7 — 60 × 4 × 7 = 1,680 worker-seconds per spike on top of 5 × 60 + 140 = 440
  // worker-seconds of workers, against the hold's 5 × 200 = 1,000 and nothing unmet.
  Plan p;
  for (double t = 0; t <= 3000; t += 2) {
    p = run.step(t, false);
    ASSERT_EQ(p.strategy, Strategy::kHold) << t;
  }
  EXPECT_GT(p.forecast_cost, p.hold_cost);
  EXPECT_EQ(p.desired, 5);
}

// The forecast's raise of the hold. Lead 10 s (the rent-or-buy hold is 70 s), decisions every second, 100 B/s workers.
// A staircase every 200 s: 1, 2, 3, 4, 5 workers' level (L × 100 − 50 B/s) for 40 s each, then back to 1; for 2 s in
// every 4 (long enough for the hold to keep it), 140 B/s of noise lifts demand to L × 100 + 90 (L + 1 workers). The
// forecast's bound is that top a lead time ahead (L + 1 workers of the level due then), except for 1 s in every 10,
// when it dips to the level below; its point at the lead is the level plus the noise's mean of 70 B/s, so it misses
// 70 B/s of about 320 (0.21–0.23 of demand, as scored).
// The forecast alone lets go at each dip and misses the noise for the next lead time (0.45 workers a second, priced at
// 7): the hold stays in force. The hold misses each step up for a lead time: the new top needs L + 1.9 against its
// L + 1 on the 4 noisy seconds of the 10, 3.6 worker-seconds a step, 4 steps a period, 9 periods from 1,200 s to 3,000
// s: 129.6 of the 145.8 it misses there (measured). Raised to the forecast's bound, it asks for each step 10 s early:
// 48.6 missed, for 9,666 worker-seconds against 9,369 (measured; 1.03×). A bound a sliver above a whole worker asks
// for the same workers when the slack lets the sliver go; rounded up, it asks for a worker more than the hold keeps,
// and the raise stays out.
TEST(Plan, TheForecastRaisesTheHoldWhereItForetoldWhatTheHoldMissed) {
  const auto level = [](double t) { return std::floor(std::fmod(t, 200) / 40) + 1; };  // in workers
  const auto demand = [&level](int t) { return level(t) * 100 - 50 + (t % 4 >= 2 ? 140 : 0); };
  // The forecast's bound: the level a lead time ahead (10 s) and a margin above it, in B/s (100 B/s a worker).
  struct Case {
    const char* name;
    double raise_cost;   // PlannerPolicy::forecast_raise_cost
    double raise_error;  // PlannerPolicy::forecast_raise_error
    double margin;       // the bound's margin above the level ahead
    double slack;        // PlannerPolicy::forecast_raise_slack
    bool raised;
  };
  const Case cases[] = {
      {"no raise", 0, 0.3, 10, 0.05, false},
      {"the raise", 0.1, 0.3, 10, 0.05, true},  // asks for ⌈(100 × ahead + 10 − 5) / 100⌉ = ahead + 1
      {"a forecast missing more than the error allowed", 0.1, 0.15, 10, 0.05, false},
      {"a raise costing more than allowed", 0.005, 0.3, 10, 0.05, false},
      // A bound a sliver (0.04 of a worker) above ahead + 1: ⌈ahead + 1.04 − 0.05⌉ = ahead + 1, as "the raise" asks.
      {"a sliver above a worker, let go", 0.1, 0.3, 104, 0.05, true},
      // The same bound rounded up whole: ⌈ahead + 1.04⌉ = ahead + 2, a worker more than the raise above on every
      // decision, and the raise's ledger pays more than 1.1× the hold's: the hold stays as it was.
      {"a sliver above a worker, rounded up", 0.1, 0.3, 104, 0, false},
  };
  double unmet_without = -1;
  double worker_seconds_without = -1;
  double unmet_raised = -1;
  double worker_seconds_raised = -1;
  for (const auto& c : cases) {
    PlannerPolicy pol = run_policy();
    pol.onset_clock = false;
    pol.steady_level = false;
    pol.forecast_raise_cost = c.raise_cost;
    pol.forecast_raise_error = c.raise_error;
    pol.forecast_raise_slack = c.slack;
    pol.forecast_raise_after_s = 600;
    PlannerState s;
    std::vector<int> asked;
    int workers = 1;
    int raised = 0;
    double unmet = 0;  // worker-seconds over [1200, 3000), with workers ready a lead time after they are asked for
    double worker_seconds = 0;
    for (int t = 0; t < 3000; ++t) {
      const double ahead = level(t + 10);
      const bool dip = t % 10 == 5;
      PlanInput in = input(t, demand(t), workers, dip ? (ahead - 1) * 100 - 50 : ahead * 100 + c.margin);
      in.forecast.at_lead = ahead * 100 + 20;
      in.lead_time_s = 10;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      asked.push_back(workers);
      if (t >= 600) {
        ASSERT_EQ(p.strategy, Strategy::kHold) << c.name << " at " << t;
      }
      raised += p.forecast_raise ? 1 : 0;
      if (t >= 1200) {
        unmet += std::max(demand(t) / 100 - ready_at(asked, t, 10), 0.0);
        worker_seconds += workers;
      }
    }
    if (!c.raised) {
      EXPECT_EQ(raised, 0) << c.name;
      if (unmet_without < 0) {
        unmet_without = unmet;
        worker_seconds_without = worker_seconds;
      } else {  // the guards leave the hold as it was
        EXPECT_DOUBLE_EQ(unmet, unmet_without) << c.name;
        EXPECT_DOUBLE_EQ(worker_seconds, worker_seconds_without) << c.name;
      }
      continue;
    }
    EXPECT_GT(raised, 0) << c.name;
    EXPECT_LT(unmet, 0.5 * unmet_without) << c.name;
    EXPECT_LE(worker_seconds, 1.1 * worker_seconds_without) << c.name;
    if (unmet_raised < 0) {
      unmet_raised = unmet;
      worker_seconds_raised = worker_seconds;
    } else {  // the sliver let go: the same asks as the raise above
      EXPECT_DOUBLE_EQ(unmet, unmet_raised) << c.name;
      EXPECT_DOUBLE_EQ(worker_seconds, worker_seconds_raised) << c.name;
    }
  }
}

// A season newly in use gives the raise a trial. Lead 10 s, decisions every second, 100 B/s workers, strategies
// remembered over 600 s. Demand idles at 50 B/s (1 worker) and bursts to 450 B/s (5 workers) for 30 s every 200 s, at
// t mod 200 in [150, 180). Until 1,000 s the forecast has no season: its bound is current demand plus 3 workers' worth
// (the forecast strategy and the raise pay 3 workers more than the hold throughout, far over the 10% the raise may
// pay, so the hold is in force and the raise out) and its point at the lead is 0 (its error is 1, over the 0.15
// allowed). From 1,000 s its season of 200 s is in use, its bound and point are demand a lead time ahead; the forecast
// strategy's faded record keeps the hold in force until the burst.
// Without the trial the raise waits for the faded error to fall under 0.15 and misses the first burst after the season,
// at 1,150 s: the hold's one worker serves 100 of 450 B/s for the lead time, 3.5 × 10 = 35 worker-seconds unmet. On
// trial the raise enters at 1,000 s and asks for the burst's 5 workers a lead time before it: nothing is unmet. A
// season that foresees a burst every second (8 workers asked throughout) is on trial too, and is out by the cost guard
// long before the burst: its ledger, a copy of the hold's at 1,000 s, may pay at most 10% more than the hold's, and
// it pays 7 workers more a second.
// On trial the season's own point at the lead is scored beside the chosen model's, and either passes the error guard:
// where the forecaster still chooses a model without the season (its point stays 0, an error of 1), the season's
// point, demand a lead time ahead, lets the raise enter all the same, and so does the chosen model's where the
// season's is off; with both off (an error of 1 each) the raise stays out.
TEST(Plan, ASeasonNewlyInUseGivesTheRaiseATrial) {
  const auto demand = [](int t) { return t % 200 >= 150 && t % 200 < 180 ? 450.0 : 50.0; };
  struct Case {
    const char* name;
    bool trial;                // PlannerPolicy::season_trial
    bool overshooting;         // the season's bound asks for 8 workers throughout
    bool chosen_blind;         // the chosen model's point at the lead stays 0 with the season in use
    bool season_blind;         // the season's own point at the lead is 0
    bool raises_the_burst;     // the raise asks for the first burst after the season, a lead time early
    double first_burst_unmet;  // worker-seconds unmet over [1150, 1180)
  };
  const Case cases[] = {
      {"without the trial", false, false, false, false, false, 35},
      {"on trial", true, false, false, false, true, 0},
      {"on trial, overshooting", true, true, false, false, false, 35},
      {"on trial, the chosen model without the season", true, false, true, false, true, 0},
      {"on trial, the season's own point off", true, false, false, true, true, 0},
      {"on trial, both points off", true, false, true, true, false, 35},
      {"without the trial, the chosen model without the season", false, false, true, false, false, 35},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = run_policy();
    pol.onset_clock = false;
    pol.steady_level = false;
    pol.peak_hold = false;
    pol.edge_add_range = 0;
    pol.forecast_raise_cost = 0.1;
    pol.forecast_raise_error = 0.15;
    pol.forecast_raise_after_s = 600;
    pol.season_trial = c.trial;
    PlannerState s;
    std::vector<int> asked;
    int workers = 1;
    int raised_before_burst = 0;  // decisions in [1140, 1150) the raise decided
    int raised_late = 0;          // … and in [1100, 1200)
    double unmet = 0;
    for (int t = 0; t < 1200; ++t) {
      const bool season = t >= 1000;
      const double ahead = demand(t + 10);
      PlanInput in = input(t, demand(t), workers, !season ? demand(t) + 300 : c.overshooting ? 800 : ahead);
      in.forecast.at_lead = season && !c.chosen_blind ? ahead : 0;
      in.forecast.season_s = season ? 200 : 0;
      if (season) {
        in.forecast.season_at_lead = c.season_blind ? 0 : ahead;
      }
      in.lead_time_s = 10;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      asked.push_back(workers);
      if (t < 1150) {
        ASSERT_EQ(p.strategy, Strategy::kHold) << c.name << " at " << t;
      }
      if (t >= 1140 && t < 1150) {
        raised_before_burst += p.forecast_raise ? 1 : 0;
      }
      if (t >= 1100) {
        raised_late += p.forecast_raise ? 1 : 0;
      }
      if (t >= 1150 && t < 1180) {
        unmet += std::max(demand(t) / 100 - ready_at(asked, t, 10), 0.0);
      }
    }
    EXPECT_EQ(raised_before_burst > 0, c.raises_the_burst) << c.name;
    EXPECT_NEAR(unmet, c.first_burst_unmet, 1e-9) << c.name;
    if (c.overshooting) {
      EXPECT_EQ(raised_late, 0) << c.name;  // out by the cost guard well before the burst
    }
  }
}

// The short hold. Lead 10 s: the rent-or-buy hold is 7 × 10 = 70 s, the short hold 10 s. Strategy memory M; the
// forecast asks for all 20 workers, so the hold strategy stays in force throughout. Decisions every second.
// Until t = 400, 500 B/s (5 workers) for 10 s every 100 s: idle gaps of 90 s, which the 70 s hold never bridges. Both
// holds miss each burst whole (its workers serve only 10 s after the ask), so their unmet demand is equal and the
// short hold costs less; it takes over at the first decision t ≥ M (short_hold_after_s, set to M here) at which both
// ask for the same workers.
// From t = 400, 10 s bursts every 40 s: the 70 s hold bridges the 30 s gaps and the short hold does not, so it
// misses the burst at 440 that the long hold serves, and gives way.
TEST(Plan, TheShortHoldReplacesAHoldThatBridgesNothing) {
  struct Case {
    double memory;
    double takes_over;  // first decision with the short hold in force
  };
  const Case cases[] = {
      {100, 100},  // at 100 both ask for 5 (a burst begins)
      {130, 179},  // at 130 the 70 s hold still keeps the 5 of the burst ending at 109; it lets go at 109 + 70
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.strategy_memory_s = c.memory;
    pol.short_hold_after_s = c.memory;  // its evidence: one memory here
    pol.steady_level = false;           // the short hold alone: a steady 5 would miss no more here
    PlannerState s;
    double first_short = -1;
    int workers = 1;
    for (int t = 0; t < 440; ++t) {
      const bool burst = t < 400 ? t % 100 < 10 : t % 40 < 10;
      PlanInput in = input(t, burst ? 500 : 0, workers, 2000);
      in.lead_time_s = 10;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      ASSERT_EQ(p.strategy, Strategy::kHold) << t;
      if (p.hold_s == 10 && first_short < 0) {
        first_short = t;
      }
      if (first_short >= 0) {
        ASSERT_DOUBLE_EQ(p.hold_s, 10) << "the short hold stays while it misses nothing more, t = " << t;
      }
      if (t == 250) {
        // 250 − 209 = 41: the 70 s hold would keep 5 workers, the short hold has let them go (to min 1).
        EXPECT_EQ(p.recommendation, 1);
        EXPECT_EQ(p.held_need, 0);
        EXPECT_GT(p.short_hold_cost, 0);
        EXPECT_LT(p.short_hold_cost, p.hold_cost);
      }
    }
    EXPECT_DOUBLE_EQ(first_short, c.takes_over) << "memory " << c.memory;
    // t = 440: the burst the long hold kept 5 workers for; the short hold has 1 ready and misses 4 workers' worth.
    PlanInput in = input(440, 500, workers, 2000);
    in.lead_time_s = 10;
    const Plan p = plan(in, pol, s);
    EXPECT_DOUBLE_EQ(p.hold_s, 70) << "memory " << c.memory;
  }
}

// The steady level. Lead 10 s (a 70 s hold); bursts of 10 s every 40 s, so the hold bridges every 30 s gap, with
// heights (in workers) that come in no order a hold could follow. The forecast asks for all 20 workers, so the hold
// strategy is in force. Decisions every second; what a planner asked for serves a lead time later, and removals are
// at once.
struct SteadyRun {
  static constexpr int kHeights[] = {6, 2, 3, 5, 2, 4, 6, 3, 2, 5, 3, 2, 4};  // 13 bursts: a cycle of 520 s
  static constexpr int kFrom = 1040;                                          // three whole cycles, [1040, 2600)
  static constexpr int kTo = 2600;
  PlannerPolicy pol = [] {
    PlannerPolicy p = run_policy();
    p.onset_clock = false;  // the bursts come every 40 s, a rhythm the clock would keep: this test is the level's
    return p;
  }();
  PlannerState state;
  std::vector<int> asked;  // index t: what the planner asked for at t
  double unmet = 0;        // worker-seconds of demand its ready workers left unmet, in [kFrom, kTo)
  double paid = 0;         // worker-seconds it asked for, in [kFrom, kTo)
  static int need(int t) { return t % 40 < 10 ? kHeights[(t / 40) % 13] : 0; }
  Plan step(int t) {
    PlanInput in = input(t, 100.0 * need(t), asked.empty() ? 1 : asked.back(), 2000);
    in.lead_time_s = 10;
    const Plan p = plan(in, pol, state);
    asked.push_back(p.desired);
    const int ready = ready_at(asked, t, 10);
    if (t >= kFrom && t < kTo) {
      unmet += std::max(need(t) - ready, 0);
      paid += p.desired;
    }
    return p;
  }
};

// The hold keeps the higher of the last two bursts (the one before ended 30 s ago; the one before that aged out of
// the 70 s hold at 69 s), so each burst i is met by h(i−1) workers and misses (h(i) − h(i−1)) × 10 where it is
// higher: 1, 2, 2, 2, 3, 2 and 2 (4 → 6 across the cycle's end), 14 × 10 = 140 worker-seconds a cycle. It pays
// max(h(i−1), h(i)) for 39 s of each 40 and h(i) for the last second: 61 × 40 − (4 + 3 + 3 + 1 + 2 + 1) = 2,426.
// The steady level that misses at most half that: level 3 would miss (2 + 2 + 3 + 3 + 1 + 1) × 10 = 120, level 4
// misses (1 + 1 + 2 + 2) × 10 = 60. Kept at 4 (raised to what a 5 or 6 burst needs while it lasts, too late to serve
// it), it pays 4 × 520 + (1 + 1 + 2 + 2) × 10 = 2,140 a cycle.
TEST(Plan, TheSteadyLevelReplacesAHoldThatChasesRandomHeights) {
  SteadyRun with;
  SteadyRun without;
  without.pol.steady_level = false;
  int first_steady = -1;
  for (int t = 0; t < SteadyRun::kTo; ++t) {
    const Plan p = with.step(t);
    const Plan q = without.step(t);
    ASSERT_EQ(q.steady_level, 0) << t;
    ASSERT_EQ(p.strategy, Strategy::kHold) << t;
    if (p.steady_level > 0 && first_steady < 0) {
      first_steady = t;
    }
    if (t >= SteadyRun::kFrom) {
      ASSERT_EQ(p.steady_level, std::max(4, SteadyRun::need(t))) << t;
      ASSERT_DOUBLE_EQ(p.hold_s, 0) << t;
    }
  }
  // Not before one strategy memory: the level is what that memory needed.
  EXPECT_GE(first_steady, 600);
  EXPECT_DOUBLE_EQ(without.unmet, 3 * 140);
  EXPECT_DOUBLE_EQ(without.paid, 3 * 2426);
  EXPECT_DOUBLE_EQ(with.unmet, 3 * 60);
  EXPECT_DOUBLE_EQ(with.paid, 3 * 2140);
}

// The onset clock. Lead 10 s (a 70 s hold, a 10 s short hold); bursts of 5 workers' demand for 10 s, on none, with
// gaps between onsets of 90, 110 and 100 s in turn: every idle gap (80–100 s) outlasts the 70 s hold, and every hold
// misses each burst whole. The forecast asks for all 20 workers, so the hold strategy is in force.
// The clock, armed after three gaps, asks for 5 from 90 − 10 − 2 × 1 = 78 s after each onset (the shortest gap, less
// a lead time and two decisions) until the next: ready from 88 s, before any burst comes. A period (100 s on average)
// costs it 5 × (22 s of window on average + 10 s of burst + 10 s of short hold) + 1 × 58 (min 1) = 268 worker-seconds,
// nothing unmet. The short hold pays 5 × 20 + 1 × 80 = 180 and misses (5 − 1) × 10 = 40, priced at 7: 460; the 70 s
// hold 5 × 80 + 1 × 20 + 280 = 700.
struct OnsetRun {
  PlannerPolicy pol = [] {
    PlannerPolicy p = run_policy();
    p.strategy_compare_after_s = 400;
    p.steady_level = false;  // a steady 5 would catch the bursts too, for 500 a period: the holds alone here
    return p;
  }();
  PlannerState state;
  std::vector<int> asked;           // index t: what the planner asked for at t
  static int onset_before(int t) {  // the last onset at or before t (gaps 90, 110, 100 from 100: a 300 s cycle)
    const int cycle = t < 100 ? -1 : (t - 100) / 300;
    const int base = 100 + 300 * cycle;
    return t < 100 ? -1000 : (t >= base + 200 ? base + 200 : t >= base + 90 ? base + 90 : base);
  }
  static int need(int t) { return t - onset_before(t) < 10 ? 5 : 0; }
  Plan step(int t) {
    PlanInput in = input(t, 100.0 * need(t), asked.empty() ? 1 : asked.back(), 2000);
    in.lead_time_s = 10;
    const Plan p = plan(in, pol, state);
    asked.push_back(p.desired);
    return p;
  }
  // Worker-seconds of demand left unmet in [from, to): the ready workers are the fewest asked for over the last lead.
  [[nodiscard]] double unmet(int from, int to) const {
    double sum = 0;
    for (int t = from; t < to; ++t) {
      sum += std::max(need(t) - ready_at(asked, t, 10), 0);
    }
    return sum;
  }
};

TEST(Plan, TheOnsetClockCatchesATrainThatOutlastsTheHolds) {
  OnsetRun with;
  OnsetRun without;
  without.pol.onset_clock = false;
  bool in_force = false;
  for (int t = 0; t < 3100; ++t) {
    const Plan p = with.step(t);
    (void)without.step(t);
    ASSERT_EQ(p.strategy, Strategy::kHold) << t;
    in_force = in_force || p.onset_clock;
    if (t >= 1500) {
      ASSERT_TRUE(p.onset_clock) << "once cheaper, the clock stays, t = " << t;
      ASSERT_DOUBLE_EQ(p.hold_s, 10) << "it runs on the short hold, t = " << t;
    }
  }
  EXPECT_TRUE(in_force);
  // [1600, 3100): five whole cycles, 15 bursts, each missed by the holds for (5 − 1) × 10 worker-seconds.
  EXPECT_DOUBLE_EQ(with.unmet(1600, 3100), 0);
  EXPECT_DOUBLE_EQ(without.unmet(1600, 3100), 15 * 40);
  // The burst at 3100 needs 5 until 3109, which the short hold keeps for 10 s more (to 3118); the window before the
  // next burst, at 3100 + 90, opens at 3100 + 78.
  for (int t = 3100; t < 3190; ++t) {
    const Plan p = with.step(t);
    ASSERT_EQ(p.onset_due, t >= 3178) << t;
    ASSERT_EQ(p.recommendation, t >= 3178 || t <= 3118 ? 5 : 1) << t;
  }
}

// One decision on the spend budget's bursts: 5 workers' demand for 10 s every 60 s, forecast exactly, a 10 s lead time.
Plan plan_burst_every_minute(int t, int workers, const PlannerPolicy& pol, PlannerState& state) {
  const double demand = t % 60 < 10 ? 500 : 0;
  PlanInput in = input(t, demand, workers, demand);
  in.lead_time_s = 10;
  return plan(in, pol, state);
}

TEST(Plan, TheSpendBudgetShortensAHoldThatOverspends) {
  // Bursts of 5 workers' demand for 10 s every 60 s, a 10 s lead time: the 70 s hold keeps the 5 through every
  // 50 s gap, 5 × 60 = 300 worker-seconds a period. The clairvoyant floor keeps them from a lead time before each
  // burst to its end, 5 × 20 = 100: the hold pays 3 times the floor. Within a budget of 1.95 × 100 = 195 are the
  // short hold (5 × 20 = 100, min 0 workers) and the 20 s hold (5 × 30 = 150); the 30 s hold (5 × 40 =
  // 200) is not. All three miss each burst alike, so the cheapest of them is followed.
  struct Case {
    double budget;
    double min_ratio, max_ratio;  // paid / floor over the last 600 s
  };
  const Case cases[] = {
      {0, 2.95, 3.05},    // no budget: the hold keeps 5 workers, 3 × the floor
      {1.95, 1.0, 1.95},  // the budget binds: between the short hold's 1.0 and the budget
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = budget_policy();
    pol.cost_budget = c.budget;
    pol.onset_clock = false;  // bursts every 60 s: the clock would catch them for less than any hold
    PlannerState s;
    int workers = 1;
    double paid = 0;
    double floor = 0;
    bool budget_chose = false;
    for (int t = 0; t < 1800; ++t) {
      const Plan p = plan_burst_every_minute(t, workers, pol, s);
      workers = p.desired;
      if (t < 600) {
        ASSERT_FALSE(p.over_budget) << "the budget waits out its grace, t = " << t;
      }
      if (p.over_budget) {
        budget_chose = true;
        ASSERT_EQ(p.strategy, Strategy::kHold) << t;
        ASSERT_DOUBLE_EQ(p.hold_s, 10) << "the cheapest of the holds within the budget, t = " << t;
        ASSERT_GT(p.spend_ratio, pol.cost_budget_release * c.budget)
            << "over the budget, or not yet well under it, t = " << t;
      }
      if (t >= 1200) {
        paid += workers;
        floor += t % 60 < 10 || t % 60 >= 50 ? 5 : 0;  // a lead time before each burst to its end
      }
    }
    EXPECT_EQ(budget_chose, c.budget > 0) << "budget " << c.budget;
    EXPECT_GE(paid / floor, c.min_ratio) << "budget " << c.budget;
    EXPECT_LE(paid / floor, c.max_ratio) << "budget " << c.budget;
  }
}

TEST(Plan, WithinItsGraceTheSpendBudgetBindsAtItsOwnMultiple) {
  // The bursts of the test above: the rent-or-buy hold pays 3 times the floor. Within the 600 s grace the budget binds
  // at grace_cost_budget instead of cost_budget (1.95), and not at all at 0. Bound at 2.5, it lets go once the spend
  // has fallen to 0.97 × 2.5 = 2.425 of the floor, and binds again above 2.5; after the grace, at 1.95.
  struct Case {
    double grace_budget;
    double binds_at;            // what the budget binds at within the grace (0: it does not)
    double min_peak, max_peak;  // the highest spend ratio over [300, 600): the hold's 3×, or held near the budget
  };
  const Case cases[] = {
      {0, 0, 2.9, 3.5},        // 3.27 measured: the floor is paid in a lump before each burst, the hold evenly
      {2.5, 2.5, 2.5, 2.6},    // 2.54 measured: the spend lags the choice by a decision
      {1.5, 1.95, 1.95, 2.1},  // never tighter than the budget itself
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = budget_policy();
    pol.grace_cost_budget = c.grace_budget;
    pol.onset_clock = false;  // as in the test above
    PlannerState s;
    int workers = 1;
    bool bound_in_grace = false;
    bool bound_after = false;
    double peak = 0;
    for (int t = 0; t < 1200; ++t) {
      const Plan p = plan_burst_every_minute(t, workers, pol, s);
      workers = p.desired;
      if (t < 600) {
        bound_in_grace = bound_in_grace || p.over_budget;
        if (p.over_budget) {
          ASSERT_GT(p.spend_ratio, pol.cost_budget_release * c.binds_at) << "the grace's budget, t = " << t;
        }
        if (t >= 300) {
          peak = std::max(peak, p.spend_ratio);
        }
      } else {
        bound_after = bound_after || p.over_budget;
      }
    }
    EXPECT_EQ(bound_in_grace, c.binds_at > 0) << "grace budget " << c.grace_budget;
    EXPECT_TRUE(bound_after) << "grace budget " << c.grace_budget;
    EXPECT_GE(peak, c.min_peak) << "grace budget " << c.grace_budget;
    EXPECT_LE(peak, c.max_peak) << "grace budget " << c.grace_budget;
  }
}

TEST(Plan, OverTheBudgetTheSpendEarnsBackItsExcess) {
  // Bursts of 5 workers' demand for 10 s at 0 and 35 s of every 100 s, a 10 s lead time. The floor keeps the 5 from
  // a lead time before each burst to its end: 5 × 20 × 2 = 200 worker-seconds a period. The 70 s hold in force
  // over the 600 s grace bridges both gaps, 5 × 100 = 500 (2.5×; the faded spend reads 2.73 at 600 s, the floor being
  // paid in lumps). The 30 s hold bridges the 25 s gap only: 5 × 75 = 375 (1.875×), and it is the one within the
  // budget of 1.95 that catches a burst; the 10 s and 20 s holds (1.0×, 1.5×) catch none. With a payback of 0.2 the
  // candidates are allowed 1.95 − 0.2 × (ratio − 1.95) times the floor: the 30 s hold only once the spend has fallen
  // to 2.325 (1.95 − 0.2 × 0.375 = 1.875), so until then the budget follows the 10 s hold and the spend falls faster.
  struct Case {
    double payback;
    // Decisions at which the budget follows the 30 s hold while the spend is over 2.5 (measured 36 and 1: the
    // ledgers fade over 300 s and read differently at each phase of a period, the floor's paid in lumps).
    int min_long_hold, max_long_hold;
    int under_budget_by;  // the spend first falls under 1.95 by then (measured 1153 and 949)
  };
  const Case cases[] = {
      {0, 20, 100, 1250},
      {0.2, 0, 3, 1000},
  };
  int first_under_without_payback = 0;
  for (const auto& c : cases) {
    PlannerPolicy pol = budget_policy();
    pol.budget_payback = c.payback;
    pol.onset_clock = false;  // as in the tests above: this one is the budget's
    PlannerState s;
    int workers = 1;
    int long_hold_while_spend_over_2_5 = 0;
    int first_under = 0;
    for (int t = 0; t < 1800; ++t) {
      const int phase = t % 100;
      const double demand = phase < 10 || (phase >= 35 && phase < 45) ? 500 : 0;
      PlanInput in = input(t, demand, workers, demand);
      in.lead_time_s = 10;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      if (p.over_budget && p.spend_ratio > 2.5 && p.strategy == Strategy::kHold && p.hold_s == 30) {
        ++long_hold_while_spend_over_2_5;
      }
      if (t >= 600 && first_under == 0 && p.spend_ratio < pol.cost_budget) {
        first_under = t;
      }
    }
    EXPECT_GE(long_hold_while_spend_over_2_5, c.min_long_hold) << "payback " << c.payback;
    EXPECT_LE(long_hold_while_spend_over_2_5, c.max_long_hold) << "payback " << c.payback;
    ASSERT_GT(first_under, 0) << "payback " << c.payback;
    EXPECT_LE(first_under, c.under_budget_by) << "payback " << c.payback;
    if (c.payback == 0) {
      first_under_without_payback = first_under;
    } else {
      EXPECT_LT(first_under, first_under_without_payback - 100) << "earned back sooner, payback " << c.payback;
    }
  }
}

TEST(Plan, TheSpendBudgetKeepsHeadroomForPeaksTheHoldsMiss) {
  // Bursts of 10 s every 42 s whose demand jitters between 400 and 500 B/s each second, a 5 s lead time. A level
  // enters a hold only after 2 s (hold_persistence_s), so every hold keeps 4 workers and misses 1 on each 500 s.
  // The 35 s hold bridges the 32 s gaps: 4 × 42 = 168 worker-seconds a period against the floor's 5 × 15 = 75,
  // 2.24×, so the budget of 1.95 binds (at most 146). The short hold with headroom asks for ceil(400 / 80) = 5
  // (500 / 80 = 6.25 lasts one second): 5 × 15 = 75 (min 0 workers), within the budget. Every hold within it (5 to
  // 25 s; 30 s pays 4 × 40 = 160) misses each burst's first lead time alike, and the headroom alone also serves the
  // 500 s: it misses least, and the budget follows it. Without it the budget follows a hold of 4, and only the
  // 500 s seconds themselves ask for 5. (The budget lets go once the spend is well under it: the 35 s hold then
  // returns until the spend is over again; the next test.)
  struct Case {
    double headroom_utilization;
    bool headroom_chosen;
    bool asks_for_4_in_a_burst;  // while the budget chooses
  };
  const Case cases[] = {
      {0.8, true, false},
      {0, false, true},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = budget_policy();
    pol.headroom_utilization = c.headroom_utilization;
    pol.onset_clock = false;  // bursts every 42 s: the clock would catch them; this test is the budget's headroom
    pol.unheld_mean_utilization = 0;  // the mean's own headroom would serve the 500 s too
    PlannerState s;
    int workers = 1;
    int budget_decisions = 0;
    bool headroom_chosen = false;
    bool asks_for_4_in_a_burst = false;
    for (int t = 0; t < 2400; ++t) {
      const int phase = t % 42;
      const double demand = phase < 10 ? (t % 2 == 1 ? 500 : 400) : 0;
      PlanInput in = input(t, demand, workers, demand);
      in.lead_time_s = 5;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      if (p.over_budget) {
        ++budget_decisions;
        headroom_chosen = headroom_chosen || p.headroom;
        ASSERT_EQ(p.headroom, c.headroom_chosen) << "the budget's choice is stable, t = " << t;
        ASSERT_EQ(p.strategy, Strategy::kHold) << t;
        ASSERT_DOUBLE_EQ(p.hold_s, 5) << "the short hold's length, t = " << t;
        asks_for_4_in_a_burst = asks_for_4_in_a_burst || (phase < 10 && p.recommendation == 4);
      }
    }
    EXPECT_GT(budget_decisions, 0) << "headroom " << c.headroom_utilization;
    EXPECT_EQ(headroom_chosen, c.headroom_chosen) << "headroom " << c.headroom_utilization;
    EXPECT_EQ(asks_for_4_in_a_burst, c.asks_for_4_in_a_burst) << "headroom " << c.headroom_utilization;
    if (c.headroom_chosen) {
      EXPECT_LT(s.headroom_ledger.unmet(), s.short_hold_ledger.unmet()) << "the headroom misses least";
      EXPECT_GT(s.headroom_ledger.worker_seconds(), s.short_hold_ledger.worker_seconds()) << "at a price";
    }
  }
}

TEST(Plan, TheSpendBudgetHoldsTheMeanOfBurstsShorterThanTheLead) {
  // Bursts of 1000 B/s (10 workers) for 3 s every 40 s, a 10 s lead time: each burst is over before a worker asked
  // for at its start is ready. The 70 s hold keeps the 10 through every 37 s gap: 10 × 40 = 400 worker-seconds a
  // period, against the floor's 10 × 13 = 130 (a lead time before each burst to its end), 3.1×, so the budget of
  // 1.95 binds (at most 253.5). Within it are the holds that let go inside the gap (the 20 s hold: 10 × 23 = 230;
  // the 30 s hold pays 330), and each misses every burst whole: 10 × 3 = 30 worker-seconds. Demand's mean over the
  // 10 s before a burst's end is 3 × 1000 / 10 = 300 B/s, 3 workers, and the mean hold keeps them 70 s, through the
  // gap: 3 × 37 + 10 × 3 = 141 a period, within the budget, and they serve 3 of each burst's 10 workers (21 missed).
  // At the headroom's 0.8 the mean needs 300 / 80 = 3.75, 4 workers: 4 × 37 + 10 × 3 = 178, within the budget too,
  // and it misses 18. The mean hold that misses least within the budget is the one the budget follows.
  struct Case {
    double mean_hold_lead_times;
    bool with_headroom;  // the mean hold at the headroom's utilisation is a candidate too
    bool mean_chosen;
    int mid_gap_workers;  // asked for 27 s after a burst's end while the budget chooses
    int unmet;            // worker-seconds over the last 1,200 s (30 bursts), the budget binding throughout
  };
  const Case cases[] = {
      {1, true, true, 4, 540},   // 30 × (10 − 4) × 3 s
      {1, false, true, 3, 630},  // 30 × (10 − 3) × 3 s
      {0, true, false, 0, 900},  // no mean hold: the budget follows a hold that has let go by then; 30 × 10 × 3 s
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = budget_policy();
    pol.max_scale_down_fraction = 1;  // let go all at once, as the ledgers do
    pol.mean_hold_lead_times = c.mean_hold_lead_times;
    pol.mean_hold_with_headroom = c.with_headroom;
    pol.onset_clock = false;  // bursts every 40 s: the clock would catch them; this test is the budget's mean hold
    PlannerState s;
    std::vector<int> asked;
    int workers = 0;
    int budget_decisions = 0;
    int unmet = 0;  // worker-seconds over the last 1,200 s
    for (int t = 0; t < 2400; ++t) {
      const int phase = t % 40;
      const double demand = phase < 3 ? 1000 : 0;
      // A forecast of the bursts' height throughout: as dear as the 70 s hold, it never takes over from it.
      PlanInput in = input(t, demand, workers, 1000);
      in.lead_time_s = 10;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      asked.push_back(workers);
      if (p.over_budget) {
        ++budget_decisions;
        ASSERT_EQ(p.mean_hold, c.mean_chosen) << "the budget's choice, t = " << t;
        ASSERT_EQ(p.headroom, c.mean_chosen && c.with_headroom) << "the budget's choice, t = " << t;
        if (phase == 30) {
          ASSERT_EQ(p.recommendation, c.mid_gap_workers) << t;
        }
      }
      if (t >= 1200) {
        unmet += std::max(static_cast<int>(demand / 100) - ready_at(asked, t, 10), 0);
      }
    }
    EXPECT_GT(budget_decisions, 0) << "mean hold " << c.mean_hold_lead_times << ", headroom " << c.with_headroom;
    EXPECT_EQ(unmet, c.unmet) << "mean hold " << c.mean_hold_lead_times << ", headroom " << c.with_headroom;
  }
}

TEST(Plan, ThePeakHoldKeepsOneSecondPeaksThatComeBackWithinALeadTime) {
  // 200 B/s (2 workers) with a one-second peak of 500 B/s (5 workers) every `period` s, a 10 s lead time: the 70 s
  // hold keeps only the 2 workers demand sustained for 2 s, and the forecast (of the current demand) asks for no more.
  // The clairvoyant floor keeps each peak's 5 workers for 10 s. With peaks every 4 s it keeps them throughout (5 a
  // second) and misses only the first, while the hold pays 2 a second and misses 3 worker-seconds at every peak: it
  // paid less and missed more, so from 900 s (strategy_compare_after_s) the peak hold, 70 s of every peak, keeps 5.
  // With peaks every 30 s the floor lets go 20 s before each and misses every one, as the hold does: no peak hold.
  // The peak hold keeps each level for its share of the hold (FractionalHold).
  struct Case {
    int period;
    double peak;  // B/s
    bool peak_hold;
    bool in_force;
    int gap_workers;  // asked for at 1,701 s, between two peaks
    double unmet;     // worker-seconds over [1,200, 1,800) s
  };
  const Case cases[] = {
      {4, 500, true, true, 5, 0},      // ready since 910 s
      {4, 500, false, false, 2, 450},  // 600 / 4 = 150 peaks × (5 − 2)
      {30, 500, true, false, 2, 60},   // 600 / 30 = 20 peaks × 3
      // Peaks a hundredth of a worker above 4 (401 B/s): by share, levels 3 and 4 are kept for the 70 s hold and level
      // 5 for 0.01 × 70 = 0.7 s, so 4 between peaks, and each peak misses its hundredth: 150 × 0.01. Kept whole, level
      // 5 would be kept throughout, a worker more for it.
      {4, 401, true, true, 4, 1.5},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = run_policy();
    pol.peak_hold = c.peak_hold;
    PlannerState s;
    std::vector<int> asked;
    int workers = 0;
    double unmet = 0;
    for (int t = 0; t < 1800; ++t) {
      const double demand = t % c.period == 0 ? c.peak : 200;
      PlanInput in = input(t, demand, workers, demand);
      in.lead_time_s = 10;
      const Plan p = plan(in, pol, s);
      ASSERT_EQ(p.strategy, Strategy::kHold) << t;
      workers = p.desired;
      asked.push_back(workers);
      if (t == 1701) {
        EXPECT_EQ(p.peak_hold, c.in_force) << "period " << c.period;
        EXPECT_EQ(p.desired, c.gap_workers) << "period " << c.period;
      }
      if (t >= 1200) {
        unmet += std::max(demand / 100 - ready_at(asked, t, 10), 0.0);
      }
    }
    EXPECT_NEAR(unmet, c.unmet, 1e-9) << "period " << c.period << (c.peak_hold ? "" : ", no peak hold");
  }
}

// Builder for the dominance rule's runs: the 70 s hold in force throughout (no short hold, no steady level), no
// candidate that would replace it (no headroom, unheld mean or steady candidate; no onset clock or peak hold), and a
// budget whose ledgers run but which never binds. Each test turns on the candidate it is about.
PlannerPolicy dominance_run_policy() {
  PlannerPolicy pol = run_policy();
  pol.min_workers = 0;
  pol.short_hold_lead_times = 0;
  pol.steady_level = false;
  pol.headroom_utilization = 0;
  pol.unheld_mean_utilization = 0;
  pol.steady_candidate_unmet_share = 0;
  pol.onset_clock = false;  // bursts in rhythm would arm it
  pol.peak_hold = false;    // the hold's missed peaks would raise it
  pol.edge_add_range = 0;   // bursts alternating 4 and 5 workers a second are a level at the 5th worker's edge
  pol.cost_budget = 100;
  return pol;
}

// A run of the dominance rule's bursts: a 10 s lead, a decision every second, and no workers at first. It keeps what
// the planner asked for at each second and the worker-seconds its ready workers left unmet over [6,000, 7,200) s
// (demand in 100 B/s, one worker's throughput).
struct BurstsRun {
  PlannerPolicy pol = dominance_run_policy();
  PlannerState state;
  std::vector<int> asked;  // index t: what the planner asked for at t
  int unmet = 0;
  Plan step(int t, double demand) {
    PlanInput in = input(t, demand, asked.empty() ? 0 : asked.back(), 1000);
    in.lead_time_s = 10;
    const Plan p = plan(in, pol, state);
    asked.push_back(p.desired);
    if (t >= 6000 && t < 7200) {
      unmet += std::max(static_cast<int>(demand / 100) - ready_at(asked, t, 10), 0);
    }
    return p;
  }
};

TEST(Plan, ACandidateThatMissedLessForLessReplacesTheStrategyInForce) {
  // 20 s bursts every 100 s from nothing, 400 and 500 B/s in turn (4 and 5 workers), a 10 s lead: the 70 s hold keeps
  // the 4 workers the burst sustained for 2 s, until 70 s after it. The forecast (10 workers throughout) costs more,
  // priced, so the hold stays in force. The short hold with headroom (10 s at 0.8 of the target) keeps 5: 400 / 80 and
  // 500 / 80 need 5 and 7, sustained 5. Per burst, with nothing ready for its first 10 s: the hold misses 45 there
  // (5 × 4 + 5 × 5) and 5 after (the 500 B/s seconds at 4 workers), 50, and pays for 4 workers for 70 s after the
  // burst; the headroom misses 45 and pays for 5 for 10 s. Their ledgers at 7,250 s: 0.91 of the hold's unmet demand
  // (45 / 50) for 0.46 of its worker-seconds. So the headroom replaces the hold from short_hold_after_s (5,400 s), and
  // lets go 10 s after each burst.
  struct Case {
    bool follow_dominant;
    int gap_workers;  // asked for at 7,250 s, 30 s after a burst
    int unmet;        // worker-seconds over [6,000, 7,200) s
  };
  const Case cases[] = {
      {true, 0, 540},   // 12 bursts × 45
      {false, 4, 600},  // 12 bursts × 50
  };
  for (const auto& c : cases) {
    BurstsRun r;  // the headroom's hold is then a lead time
    r.pol.headroom_utilization = PlannerPolicy{}.headroom_utilization;
    r.pol.follow_dominant = c.follow_dominant;
    for (int t = 0; t < 7300; ++t) {
      const Plan p = r.step(t, t % 100 < 20 ? (t % 2 == 1 ? 500 : 400) : 0);
      ASSERT_EQ(p.strategy, Strategy::kHold) << t;
      if (t == 5350) {  // 30 s after a burst, before short_hold_after_s: the hold is in force either way
        EXPECT_FALSE(p.dominant);
        EXPECT_EQ(p.desired, 4);
      }
      if (t == 7250) {
        EXPECT_EQ(p.dominant, c.follow_dominant);
        EXPECT_EQ(p.headroom, c.follow_dominant);
        EXPECT_EQ(p.desired, c.gap_workers) << (c.follow_dominant ? "" : "not ") << "following the dominant";
      }
    }
    EXPECT_EQ(r.unmet, c.unmet) << (c.follow_dominant ? "" : "not ") << "following the dominant";
  }
}

// 20 s bursts every 100 s from nothing, 300 and 500 B/s in turn (3 and 5 workers).
double bursts_of_300_and_500(int t) { return t % 100 < 20 ? (t % 2 == 1 ? 500 : 300) : 0; }

TEST(Plan, TheUnheldMeanLetsABurstsWorkersGoAsItsMeanFalls) {
  // 20 s bursts every 100 s from nothing, 300 and 500 B/s in turn (3 and 5 workers), a 10 s lead, and no short hold
  // with headroom: the 70 s hold keeps the 3 workers the burst sustained for 2 s until 70 s after it, and misses 50 a
  // burst (nothing ready for 10 s: 5 × 3 + 5 × 5; then 5 × 2 on the 500 s). The unheld mean asks for what the mean of
  // the last 10 s (mean_hold_lead_times × lead) needs at 0.7 of the target, and at least what demand needs now. Into a
  // burst the mean climbs 30, 80, 110, 160, 190, 240, 270, 320, 350, 400 B/s, so it asks for 3, 5, 3, 5, 3, 5, 4, 5,
  // 5, 6 (ceil(mean / 70), or demand's 3 or 5), and 6 while the burst lasts. Nothing is ready for the first 10 s (40
  // missed, as the hold); then the fewest asked within the last lead time serve: 3 at 11 s and 13 s and 4 at 15 s,
  // where demand needs 5 (5 missed), and enough from 17 s on. 45 a burst, 0.9 of the hold's, and the mean falls to
  // nothing 10 s after the burst, so its workers go: it replaces the hold from short_hold_after_s (its ledger at 7,250
  // s: 0.94 of the hold's unmet demand for 0.48 of its worker-seconds).
  struct Case {
    double unheld_mean_utilization;
    int gap_workers;  // asked for at 7,250 s, 30 s after a burst
    int unmet;        // worker-seconds over [6,000, 7,200) s
  };
  const Case cases[] = {
      {0.7, 0, 540},  // 12 bursts × 45
      {0, 3, 600},    // 12 bursts × 50
  };
  for (const auto& c : cases) {
    BurstsRun r;
    r.pol.unheld_mean_utilization = c.unheld_mean_utilization;
    for (int t = 0; t < 7300; ++t) {
      const Plan p = r.step(t, bursts_of_300_and_500(t));
      if (t == 7250) {
        EXPECT_EQ(p.dominant, c.unheld_mean_utilization > 0);
        EXPECT_EQ(p.mean_hold, c.unheld_mean_utilization > 0);
        EXPECT_DOUBLE_EQ(p.hold_s, c.unheld_mean_utilization > 0 ? 0.0 : 70.0);
        EXPECT_EQ(p.desired, c.gap_workers) << "unheld mean at " << c.unheld_mean_utilization;
      }
    }
    EXPECT_EQ(r.unmet, c.unmet) << "unheld mean at " << c.unheld_mean_utilization;
    if (c.unheld_mean_utilization > 0) {
      const PlannerState& s = r.state;
      EXPECT_LT(s.unheld_mean_ledger.unmet(), 0.95 * s.hold_ledger.unmet()) << "it missed clearly less";
      EXPECT_LT(s.unheld_mean_ledger.worker_seconds(), 0.95 * s.hold_ledger.worker_seconds()) << "for clearly less";
    }
  }
}

TEST(Plan, TheUnheldMeanEntersOnlyOnceItHasDominatedForItsPersistence) {
  // The run of the test above, where the unheld mean's ledger comes to dominate the 70 s hold's by the margins (5% less
  // unmet demand for 5% fewer worker-seconds) after short_hold_after_s (5,400 s). It enters at the first decision from
  // which it has dominated at every decision of the last unheld_mean_persistence_s (at once: at the first where it
  // dominates). Its margins lapse within every burst period for a few seconds, so a
  // persistence of 120 s never lets it in.
  struct Case {
    double persistence_s;
    bool enters;  // by 7,250 s, and in force then
  };
  const Case cases[] = {{0, true}, {60, true}, {120, false}};
  for (const auto& c : cases) {
    BurstsRun r;
    r.pol.unheld_mean_utilization = PlannerPolicy{}.unheld_mean_utilization;
    r.pol.unheld_mean_persistence_s = c.persistence_s;
    const PlannerState& s = r.state;
    int dominating_since = -1;  // from the ledgers: the first decision of the current run that dominated (−1: none)
    int expected_entry = -1;
    int first_dominant = -1;
    bool dominant_at_7250 = false;
    for (int t = 0; t < 7300; ++t) {
      const Plan p = r.step(t, bursts_of_300_and_500(t));
      const bool dominates = s.unheld_mean_ledger.unmet() <= 0.95 * s.hold_ledger.unmet() &&
                             s.unheld_mean_ledger.worker_seconds() < 0.95 * s.hold_ledger.worker_seconds();
      if (t >= 5400 && first_dominant < 0) {
        dominating_since = dominates ? (dominating_since < 0 ? t : dominating_since) : -1;
        if (expected_entry < 0 && dominating_since >= 0 && t - dominating_since >= c.persistence_s) {
          expected_entry = t;
        }
      }
      if (p.dominant && first_dominant < 0) {
        first_dominant = t;
      }
      if (t == 7250) {
        dominant_at_7250 = p.dominant;
      }
    }
    EXPECT_EQ(first_dominant, expected_entry) << "persistence " << c.persistence_s;
    EXPECT_EQ(dominant_at_7250, c.enters) << "persistence " << c.persistence_s;
    if (c.enters) {
      EXPECT_GE(first_dominant, 5400 + static_cast<int>(c.persistence_s)) << "persistence " << c.persistence_s;
    } else {
      EXPECT_EQ(first_dominant, -1) << "persistence " << c.persistence_s;
    }
  }
}

TEST(Plan, TheDominantCandidateStaysWhileItMissesWithinItsMargin) {
  // The run of the first dominance test: from short_hold_after_s (5,400 s) the short hold with headroom is the dominant
  // candidate, its ledger 0.906 of the 70 s hold's unmet demand at 6,045 s (strategies remembered over 600 s). Then
  // one more burst at 6,050 s, 30 s after the last ended: the hold still has the 4 workers of the last one (it keeps
  // them until 70 s after it) and misses only the 500 B/s seconds (1 a second), where the headroom, which let go 10 s
  // after the burst, has nothing ready for its first 10 s (4 or 5 a second). Its ledger passes the hold's at 6,057 s
  // (1.004 of it) and peaks at 1.041 at 6,060 s. With no stay margin the headroom lets go there and the hold's 4
  // workers stay until 70 s after the burst; within 5% it stays, and lets go 10 s after the burst.
  struct Case {
    double stay_margin;
    bool dominant_at_6085;
    int asked_at_6085;
  };
  const Case cases[] = {
      {0, false, 4},    // the hold, 15 s after the extra burst
      {0.05, true, 0},  // the headroom, having let go
  };
  for (const auto& c : cases) {
    BurstsRun r;
    r.pol.headroom_utilization = PlannerPolicy{}.headroom_utilization;
    r.pol.dominant_stay_margin = c.stay_margin;
    const PlannerState& s = r.state;
    for (int t = 0; t <= 6085; ++t) {
      const bool extra = t >= 6050 && t < 6070;
      const Plan p = r.step(t, extra || t % 100 < 20 ? (t % 2 == 1 ? 500 : 400) : 0);
      const double ratio = s.headroom_ledger.unmet() / s.hold_ledger.unmet();
      if (t == 6056) {
        EXPECT_LT(ratio, 1.0);
        EXPECT_TRUE(p.dominant) << "stay margin " << c.stay_margin;
      }
      if (t == 6057) {
        EXPECT_GT(ratio, 1.0);
        EXPECT_EQ(p.dominant, c.stay_margin > 0) << "stay margin " << c.stay_margin;
      }
      if (t >= 6057) {
        EXPECT_LT(ratio, 1.05) << t;
        EXPECT_LT(s.headroom_ledger.worker_seconds(), s.hold_ledger.worker_seconds()) << t;
      }
      if (t == 6085) {
        EXPECT_EQ(p.dominant, c.dominant_at_6085) << "stay margin " << c.stay_margin;
        EXPECT_EQ(p.headroom, c.dominant_at_6085) << "stay margin " << c.stay_margin;
        EXPECT_EQ(p.desired, c.asked_at_6085) << "stay margin " << c.stay_margin;
      }
    }
  }
}

// The steady candidate: the steady level as a candidate for following the dominant (not replacing the hold by its own
// rule). The bursts of the steady level's test above (13 heights, a 520 s cycle), with the dominance rule's builder:
// the 70 s hold in force, which misses 140 and pays 2,426 worker-seconds a cycle, and no mean holds. At a share of 0.75
// the candidate's level is the fewest workers missing at most 0.75 × 140 = 105 a cycle: level 3 misses 120, level 4
// misses 60 (the arithmetic above). Its ledger, 60 against 140 missed and 2,140 against 2,426 paid (0.88), dominates
// the hold's by the margins (5% less of each) from the first decision the rule looks (short_hold_after_s, 5,400 s); it
// enters once it has dominated for its persistence. Over the three cycles [6,240, 7,800) s it keeps 4 (and what a
// burst needs while it lasts).
TEST(Plan, TheSteadyCandidateReplacesTheHoldItDominates) {
  struct Case {
    double unmet_share;
    double persistence_s;
    int first_dominant;  // −1: never
    int unmet;           // worker-seconds over [6,240, 7,800) s
    int paid;
  };
  const Case cases[] = {
      {0.75, 60, 5460, 3 * 60, 3 * 2140},
      {0.75, 0, 5400, 3 * 60, 3 * 2140},
      {0, 60, -1, 3 * 140, 3 * 2426},  // none: the hold stays
  };
  for (const auto& c : cases) {
    SteadyRun r;
    r.pol = dominance_run_policy();
    r.pol.mean_hold_lead_times = 0;
    r.pol.steady_candidate_unmet_share = c.unmet_share;
    r.pol.steady_candidate_persistence_s = c.persistence_s;
    int first_dominant = -1;
    int unmet = 0;
    int paid = 0;
    for (int t = 0; t < 7800; ++t) {
      const Plan p = r.step(t);
      if (p.dominant && first_dominant < 0) {
        first_dominant = t;
      }
      if (t >= 6240) {
        unmet += std::max(SteadyRun::need(t) - ready_at(r.asked, t, 10), 0);
        paid += p.desired;
        ASSERT_EQ(p.dominant, c.unmet_share > 0) << "share " << c.unmet_share << ", t = " << t;
        ASSERT_EQ(p.steady_level, c.unmet_share > 0 ? std::max(4, SteadyRun::need(t)) : 0)
            << "share " << c.unmet_share << ", t = " << t;
        ASSERT_DOUBLE_EQ(p.hold_s, c.unmet_share > 0 ? 0.0 : 70.0) << "share " << c.unmet_share << ", t = " << t;
      }
    }
    EXPECT_EQ(first_dominant, c.first_dominant) << "share " << c.unmet_share << ", persistence " << c.persistence_s;
    EXPECT_EQ(unmet, c.unmet) << "share " << c.unmet_share;
    EXPECT_EQ(paid, c.paid) << "share " << c.unmet_share;
  }
}

TEST(Plan, TheSpendBudgetLetsGoOnlyWellUnderIt) {
  // The bursts of the test above, with their jitter: 10 s of 400–500 B/s every 42 s, a 5 s lead time, a budget of
  // 1.95. Over budget, the planner follows the short hold with headroom; under it, the 35 s hold, which keeps the
  // burst's 4 workers through each 32 s gap and overspends. Without hysteresis the budget lets go whenever the spend
  // dips under 1.95 and binds again as soon as the 35 s hold has lifted it back: the hold asks for workers that the
  // budget takes back within seconds, over and over. With a release at 0.97 it lets go only once the spend has fallen
  // to 0.97 × 1.95 = 1.8915 of the floor.
  struct Case {
    double release;
    int min_releases, max_releases;  // the budget letting go, over the 1,800 s after its grace (35 and 7 measured)
  };
  const Case cases[] = {
      {1.0, 20, 1800},
      {0.97, 1, 10},
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = budget_policy();
    pol.cost_budget_release = c.release;
    pol.budget_memory_s = 3600;  // an hour: with 600 s the spend crosses the 3% band within a few bursts
    pol.onset_clock = false;     // as in the test above
    PlannerState s;
    int workers = 1;
    int releases = 0;
    bool bound = false;
    for (int t = 0; t < 2400; ++t) {
      const double demand = t % 42 < 10 ? (t % 2 == 1 ? 500 : 400) : 0;
      PlanInput in = input(t, demand, workers, demand);
      in.lead_time_s = 5;
      const Plan p = plan(in, pol, s);
      workers = p.desired;
      if (p.over_budget) {
        ASSERT_GT(p.spend_ratio, c.release * pol.cost_budget) << "binding only over the release, t = " << t;
      } else if (bound) {
        ++releases;
        ASSERT_LE(p.spend_ratio, c.release * pol.cost_budget) << "letting go only under the release, t = " << t;
      }
      bound = p.over_budget;
    }
    EXPECT_GE(releases, c.min_releases) << "release " << c.release;
    EXPECT_LE(releases, c.max_releases) << "release " << c.release;
  }
}

// The clairvoyant floor is the least a planner could pay: never below min_workers or the capacity floor. Here
// demand is zero for an hour after a burst, so demand itself needs no worker; a floor of zero workers would make every
// idle second over budget (paid 2 against 0).
TEST(Plan, TheSpendBudgetCountsTheMinimumAsTheFloor) {
  struct Case {
    int min_workers;
    double dataset_bytes;  // with 100-byte worker caches: a capacity floor of dataset_bytes / 100
    int paid;              // what every idle second pays
  };
  const Case cases[] = {
      {2, 0, 2},    // min_workers
      {0, 300, 3},  // the capacity floor: 300 / 100
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = policy();
    pol.scale_down_stabilization_s = 0;
    pol.max_scale_down_fraction = 1;
    pol.min_workers = c.min_workers;
    pol.dataset_bytes = c.dataset_bytes;
    pol.worker_cache_bytes = 100;
    pol.strategy_memory_s = 300;
    pol.budget_memory_s = 600;
    pol.budget_grace_s = 600;
    PlannerState s;
    int workers = c.paid;
    Plan p;
    for (int t = 0; t < 3600; ++t) {
      PlanInput in = input(t, t < 10 ? 500 : 0, workers, t < 10 ? 500 : 0);
      in.lead_time_s = 10;
      p = plan(in, pol, s);
      workers = p.desired;
      ASSERT_FALSE(p.over_budget) << "min " << c.min_workers << ", t = " << t;
    }
    EXPECT_EQ(workers, c.paid);
    // Idle, both pay c.paid; the burst's extra (its 70 s hold against the floor's 20 s) has faded by e^(−3500 / 600).
    EXPECT_NEAR(p.spend_ratio, 1.0, 0.01) << "min " << c.min_workers;
  }
}

TEST(Plan, TheSpendBudgetRunsABoundedNumberOfHolds) {
  struct Case {
    double price;
    std::vector<double> rungs;  // hold lengths beside the short (1 lead time) and the rent-or-buy (price × lead)
  };
  const Case cases[] = {
      {7, {20, 30, 40, 50, 60}},                   // 2 … 6 lead times of 10 s
      {2, {}},                                     // nothing between 1 and 2 lead times
      {2.5, {20}},                                 // 2 × 10 < 25
      {1000, {20, 2010, 4010, 6000, 8000, 9990}},  // 2 … 999 lead times in 6 rungs: 2 + round(997 × i / 5)
  };
  for (const auto& c : cases) {
    PlannerPolicy pol = policy();
    pol.unmet_price = c.price;
    PlannerState s;
    PlanInput in = input(0, 100, 1, 100);
    in.lead_time_s = 10;
    (void)plan(in, pol, s);
    EXPECT_EQ(s.ladder_lengths, c.rungs) << "price " << c.price;
    EXPECT_EQ(s.ladder.size(), c.rungs.size()) << "price " << c.price;
    EXPECT_EQ(s.ladder_ledgers.size(), c.rungs.size()) << "price " << c.price;
  }
}

TEST(Plan, BoundedScaleUpStepWhenConfigured) {
  PlannerPolicy pol = policy();
  pol.max_scale_up_step = 3;
  PlannerState s;
  EXPECT_EQ(plan(input(0, 0, 2, 1500), pol, s).desired, 5);  // +3 at most
}

}  // namespace
}  // namespace cachepilot::autoscaler
