#include "demo/pods.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace cachepilot::demo {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

TEST(PodsForDemand, OnePodPerStartedShare) {
  struct Case {
    double demand;
    int pods;
  };
  const Case cases[] = {
      {0, 0},                    // no demand, no reader
      {-5, 0},                   // a negative rate (a broken series) is no demand
      {1, 1},                    // one byte a second still needs a reader
      {256 * kMiB, 1},           // exactly one share
      {256 * kMiB + 1, 2},       // a byte over starts the second
      {4096 * kMiB, 16},         // 4 GiB/s = 16 × 256 MiB/s
      {4096 * kMiB * 1.05, 17},  // + 5%: 16.8 → 17
  };
  for (const auto& c : cases) {
    EXPECT_EQ(pods_for_demand(c.demand, 256 * kMiB), c.pods) << c.demand;
  }
  EXPECT_EQ(pods_for_demand(1e9, 0), 0);  // no share size: nothing to divide by
}

// The count follows each second's need up at once and down only to the highest need of the window.
TEST(StableWindowPods, UpAtOnceDownOnlyAfterTheWindow) {
  struct Case {
    const char* what;
    int window_s;
    std::vector<int> needs;
    std::vector<int> pods;
  };
  const Case cases[] = {
      {"a rise is followed the same second", 3, {1, 4, 6}, {1, 4, 6}},
      // 5 at second 0 leaves a 3 s window at second 3 (seconds 1..3 hold 2, 2, 2).
      {"a fall waits for the window", 3, {5, 2, 2, 2, 2}, {5, 5, 5, 2, 2}},
      // Noise between 16 and 17 keeps 17 while a 17 is within the window.
      {"noise holds the top", 3, {17, 16, 17, 16, 16, 16, 17}, {17, 17, 17, 17, 17, 16, 17}},
      // Steps down: each level is held for the window after the second that needed it last.
      {"a staircase down", 2, {9, 7, 5, 3, 3}, {9, 9, 7, 5, 3}},
      {"a window of one second follows each second", 1, {5, 2, 7, 0}, {5, 2, 7, 0}},
      {"a window below one second is one second", 0, {5, 2}, {5, 2}},
  };
  for (const auto& c : cases) {
    StableWindowPods pods(c.window_s);
    std::vector<int> got;
    for (const int need : c.needs) {
      got.push_back(pods.next(need));
    }
    EXPECT_EQ(got, c.pods) << c.what;
  }
}

// A pod outlives its last needed second by the window: an hour of needs alternating 16/17 keeps 17 pods throughout,
// where following each second would have removed and added one 1,800 times.
TEST(StableWindowPods, AlternatingNeedsKeepTheHigherCount) {
  StableWindowPods pods(60);
  int changes = 0;
  int last = -1;
  for (int s = 0; s < 3600; ++s) {
    const int count = pods.next(s % 2 == 0 ? 17 : 16);
    changes += (last >= 0 && count != last) ? 1 : 0;
    last = count;
    ASSERT_EQ(count, 17) << "second " << s;
  }
  EXPECT_EQ(changes, 0);
}

}  // namespace
}  // namespace cachepilot::demo
