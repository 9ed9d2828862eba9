// One dataset's autoscaler: samples observed between decisions (a history back-fill) all reach the planner's hold.
#include "autoscaler/autoscaler.hpp"

#include <limits>
#include <vector>

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
  // What these tests' first decisions ask for beside demand: the warm-up's headroom on demand just begun has its own
  // tests (forecast_test.cpp, planner_test.cpp).
  c.forecaster.warm_up_headroom = 0;
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

// Pods waiting, once pods have shown how long they wait and how long they read: those that will be reading while a
// worker asked for now first serves ([lead, lead + interval] = [60, 75] s on) are asked for. Without either timing,
// nobody is: without a read, every waiting pod would count as reading on (the plain count, which over-asks).
TEST(Autoscaler, PodsDueALeadTimeOnAreCountedOnceTheirNoticeAndReadAreLearned) {
  struct Case {
    const char* name;
    bool notice_learned;  // a pod was seen to begin reading 90 s after it was created
    bool read_learned;    // … and one to stop 20 s after it began
    std::vector<double> waiting_ages;
    int desired;
  };
  // 4 pods reading 400 B/s: 100 B/s each (the forecaster's per-pod rate).
  const std::vector<double> six{20, 20, 25, 25, 30, 30};
  const Case cases[] = {
      {"no notice learned", false, true, six, 4},  // the 4 workers demand needs now
      {"no read learned", true, false, six, 4},
      // Ages 20, 25, 30 (two of each) begin at 70, 65, 60 s and read to 90, 85, 80: all six read at 70 s, in
      // [60, 75]: 600 B/s, 6 workers.
      {"six due", true, true, six, 6},
      // Twelve of age 28 begin at 62: 1,200 B/s, 12 workers.
      {"twelve due", true, true, std::vector<double>(12, 28), 12},
      // Age 85 began at 5 and is done at 25; age 0 begins at 90: none in [60, 75].
      {"none due", true, true, {85, 0}, 4},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Autoscaler scaler(config());
    scaler.observe(Sample{15, 400, 0, 4});
    if (c.notice_learned) {
      scaler.observe_pod_notice(90);
    }
    if (c.read_learned) {
      scaler.observe_pod_read(20);
    }
    scaler.set_pods(PodAges{c.waiting_ages, {}});
    const Decision d = scaler.decide(4);
    EXPECT_EQ(d.plan.desired, c.desired);
  }
}

// Pods counted as due that do not come to read are counted less (PodsDueRealized): twelve pods of age 28 wait at
// every decision (15 s apart), due at 62 s with a notice of 90 s and reading 20 s, but demand stays at what the 4
// reading pods read, 390 B/s (97.5 B/s a pod: the twelve count 1,170 B/s).
TEST(Autoscaler, PodsDueThatDoNotComeAreCountedAtTheShareThatDid) {
  Autoscaler scaler(config());
  scaler.observe_pod_notice(90);
  scaler.observe_pod_read(20);
  std::vector<int> due;
  for (int i = 1; i <= 200; ++i) {
    const double t = 15.0 * i;
    scaler.observe(Sample{t, 390, 12, 4});
    scaler.set_pods(PodAges{std::vector<double>(12, 28), {}});
    due.push_back(scaler.decide(4).plan.pods_due_need);
  }
  // The first count is 1,170 B/s: 12 workers. Each count's window ends 75 s after it is made; once the first is
  // settled (at the sixth decision) the share is 390 / 1,170 = 1/3, the scale 1/3 / 0.9 = 0.37, and the count
  // 433 B/s: 5 workers, one more than the four reading pods need (the floor keeps its asks a lead time, 60 s: four
  // decisions).
  EXPECT_EQ(due.front(), 12);
  EXPECT_NEAR(scaler.pods_due_share(), 1.0 / 3, 1e-9);
  EXPECT_EQ(due.at(4), 12);  // the fifth decision: nothing settled yet
  EXPECT_EQ(due.back(), 5);
}

// The read the pods due are counted at: the pods' own once one is seen, else demand's; "as long as they run" is
// infinite.
TEST(Autoscaler, ThePodReadInUseIsThePodsOwnElseTheOneDemandShowsElseTheOneConfigured) {
  Autoscaler scaler(config());
  EXPECT_FALSE(scaler.pod_read_in_use().has_value());
  for (const double none : {0.0, -5.0, std::numeric_limits<double>::quiet_NaN()}) {
    scaler.set_pod_read_seconds_prior(none);
    EXPECT_FALSE(scaler.pod_read_in_use().has_value()) << none;
  }
  scaler.set_pod_read_seconds_prior(25);
  EXPECT_EQ(scaler.pod_read_in_use(), 25);
  EXPECT_FALSE(scaler.pod_read_shown().has_value());  // configured, not shown
  // Every 15 s for 30 min, 1 to 3 pods running since the start and demand 100 B/s each: demand follows every running
  // pod, as long as it runs (1,800 s, beyond the longest read tried).
  for (int i = 1; i <= 120; ++i) {
    const auto running = static_cast<std::size_t>(1 + i % 3);
    scaler.set_pods(PodAges{{}, std::vector<double>(running, 15.0 * i)});
    scaler.observe(Sample{15.0 * i, 100.0 * static_cast<double>(running), 0, static_cast<double>(running)});
    (void)scaler.decide(3);
  }
  EXPECT_EQ(scaler.pod_read_in_use(), std::numeric_limits<double>::infinity());  // demand's, over the 25 s configured
  EXPECT_EQ(scaler.pod_read_shown(), std::numeric_limits<double>::infinity());
  scaler.observe_pod_read(42);  // a pod finished after reading 42 s: its own read wins
  EXPECT_EQ(scaler.pod_read_in_use(), 42);
  EXPECT_EQ(scaler.pod_read_shown(), 42);
}

// Pods that serve are deleted without finishing: no read is ever seen, and the read is the one demand shows. Pods
// begin to read every 5 to 15 s, read 30 s at 100 B/s and serve 300 s more; each sample is demand's mean over the
// 15 s before it (about 3 pods reading, while about 33 run).
TEST(Autoscaler, ServingPodsDueCountAtTheReadDemandShows) {
  struct Case {
    const char* name;
    bool demand_follows_the_pods;
    int desired;
  };
  const Case cases[] = {
      // Twelve waiting pods of age 28 with 90 s of notice begin at 62 s and read to 92 s: in [60, 75], at 100 B/s
      // each (the slope of demand on the pods reading), 1,200 B/s: 12 workers.
      {"demand shows a 30 s read", true, 12},
      // Demand flat at 300 B/s whatever the pods do: no read is shown, and nobody is asked for ahead (3 workers).
      {"demand shows nothing", false, 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Autoscaler scaler(config());
    scaler.observe_pod_notice(90);
    std::vector<double> starts;
    for (int k = 0; k < 124; ++k) {
      starts.push_back(-330 + 10.0 * k + static_cast<double>((k * 7) % 11) - 5);
    }
    const auto running_at = [&](double t) {
      PodAges pods;
      for (const double s : starts) {
        if (s <= t && t < s + 330) {
          pods.reading_s.push_back(t - s);
        }
      }
      return pods;
    };
    for (double t = 15; t <= 900; t += 15) {
      PodAges pods = running_at(t);
      double bytes = 0;  // read in (t − 15, t]: 100 B/s by each pod over its [s, s + 30)
      for (const double s : starts) {
        bytes += 100 * std::max(0.0, std::min(t, s + 30) - std::max(t - 15, s));
      }
      if (t == 900) {
        pods.waiting_s.assign(12, 28);
      }
      scaler.set_pods(pods);
      scaler.observe(
          Sample{t, c.demand_follows_the_pods ? bytes / 15 : 300, 0, static_cast<double>(pods.reading_s.size())});
      const Decision d = scaler.decide(3);
      if (t == 900) {
        EXPECT_EQ(d.plan.desired, c.desired);
      }
    }
    if (c.demand_follows_the_pods) {
      ASSERT_TRUE(scaler.read_from_demand().has_value());
      EXPECT_EQ(scaler.read_from_demand()->read_s, 30);
      // The forecaster's rate per pod is a reading pod's (100 B/s), not demand spread over all 33 running (9 B/s).
      EXPECT_NEAR(scaler.forecaster().per_pod_rate(), 100, 1);
    } else {
      EXPECT_FALSE(scaler.read_from_demand().has_value());
    }
  }
}

// A read configured (spec.podReadSeconds) counts the pods due from the first decision, before pods or demand have
// shown one (demand needs 2 min of rows). Three pods began to read 20 s ago, and demand over the last 15 s was 300 B/s;
// twelve more have waited 28 s of the 90 s notice the dataset's pods take.
TEST(Autoscaler, AConfiguredReadCountsThePodsDueFromTheFirstDecision) {
  struct Case {
    const char* name;
    double read_s;  // configured (0: none)
    int desired;
  };
  const Case cases[] = {
      // The three read through the whole 15 s: 100 B/s each. The twelve begin at 90 − 28 = 62 s from now and read
      // until 92 s, all within [60, 75] (the lead and one decision interval): 12 × 100 = 1,200 B/s, 12 workers.
      {"a 30 s read", 30, 12},
      // The three read only over (−15, −10] of the 15 s, a third each: one pod's worth read the 300 B/s, so a pod
      // reads 300 B/s; the twelve read from 62 to 72 s: 3,600 B/s, 36 workers, clamped to maxReplicas 20.
      {"a 10 s read", 10, 20},
      // Nothing tells how long pods read: only what demand needs now (300 B/s: 3 workers).
      {"none", 0, 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Autoscaler scaler(config());
    scaler.set_pod_read_seconds_prior(c.read_s);
    scaler.observe_pod_notice(90);
    scaler.set_pods(PodAges{std::vector<double>(12, 28), std::vector<double>(3, 20)});
    scaler.observe(Sample{15, 300, 0, 3});
    EXPECT_EQ(scaler.decide(3).plan.desired, c.desired);
  }
}

}  // namespace
}  // namespace cachepilot::autoscaler
