// One dataset's autoscaler: samples observed between decisions (a history back-fill) all reach the planner's hold.
#include "autoscaler/autoscaler.hpp"

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

AutoscalerConfig config() {
  AutoscalerConfig c;
  c.lead_time_s = 60;  // with the default price of 7: a 420 s hold
  c.decision_interval_s = 15;
  c.planner.worker_throughput = 100;
  c.planner.min_workers = 1;
  c.planner.max_workers = 20;
  return c;
}

TEST(Autoscaler, ABackFilledBurstIsHeldAtTheFirstDecision) {
  Autoscaler scaler(config());
  // Back-filled history: 500 B/s (5 workers) from 0 to 60 s, then nothing until 300 s, when the first decision comes.
  for (double t = 15; t <= 300; t += 15) {
    scaler.observe(Sample{t, t <= 60 ? 500.0 : 0.0});
  }
  const Decision d = scaler.decide(1);
  EXPECT_EQ(d.plan.strategy, Strategy::kHold);
  EXPECT_EQ(d.plan.reactive_need, 0);
  EXPECT_EQ(d.plan.held_need, 5);  // needed at 60: 300 − 60 < 420
  EXPECT_EQ(d.plan.desired, 5);
}

TEST(Autoscaler, SamplesAreHeldFromTheirOwnTimeNotFromTheDecisions) {
  Autoscaler scaler(config());
  // The burst ended at 60; the first decision comes at 480 (480 − 60 ≥ 420): it has been let go already.
  for (double t = 15; t <= 480; t += 15) {
    scaler.observe(Sample{t, t <= 60 ? 500.0 : 0.0});
  }
  EXPECT_EQ(scaler.decide(1).plan.held_need, 0);
}

TEST(Autoscaler, RepeatedSamplesAreObservedOnce) {
  Autoscaler scaler(config());
  scaler.observe(Sample{15, 0});
  scaler.observe(Sample{15, 900});  // a re-read of the same evaluation: the first one stands
  scaler.observe(Sample{10, 900});  // late: dropped
  const Decision d = scaler.decide(1);
  EXPECT_EQ(d.plan.held_need, 0);
  EXPECT_EQ(scaler.forecaster().sample_count(), 1U);
}

}  // namespace
}  // namespace cachepilot::autoscaler
