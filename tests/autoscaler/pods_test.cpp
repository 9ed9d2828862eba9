// Pods on their way to reading: the most reading at once within a window, and the timings learned from pods.
#include "autoscaler/pods.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

TEST(MostPodsReading, CountsThePodsWhoseReadsCoverTheWindow) {
  struct Case {
    const char* name;
    PodAges pods;
    double notice_s;
    double read_s;
    double from_s;
    double to_s;
    std::size_t most;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Case cases[] = {
      {"nobody", {}, 90, 10, 60, 61, 0},
      // Notice 90 s: ages 25, 30, 31 begin at 65, 60, 59 s and read to 75, 70, 69: all three at 65, in [60, 66].
      {"due within the window", {{25, 30, 31}, {}}, 90, 10, 60, 66, 3},
      // Begin at 70, 60: the first starts after the window [60, 61].
      {"one due after the window", {{20, 30}, {}}, 90, 10, 60, 61, 1},
      // Age 50 begins at 40 and is done at 50, before the window; age 5 begins at 85, after it.
      {"done before, or not begun", {{50, 5}, {}}, 90, 10, 60, 61, 0},
      // Notice 20 s < lead 60 s: every waiting pod begins within 20 s and is done by 30 s.
      {"short notice tells nothing a lead ahead", {{0, 10, 19}, {}}, 20, 10, 60, 61, 0},
      // Age 120 > notice 90: overdue, reads at once (0 to 10): not in [60, 61]; with reads that do not end, it is.
      {"overdue reads now", {{120}, {}}, 90, 10, 60, 61, 0},
      {"reads that do not end", {{120, 30}, {}}, 90, 0, 60, 61, 2},
      // Reads of 100 s: reading for 55 s, done at 45; reading for 2 s, done at 98: through the window.
      {"pods reading now", {{}, {55, 2}}, 90, 100, 60, 61, 1},
      // Ages 31 and 29 begin at 59 and 61, read 1 s each: [59, 60) and [61, 62) never overlap; at most one at once.
      {"one ends as the other begins", {{31, 29}, {}}, 90, 1, 59, 62, 1},
      // Ages 31 and 30: [59, 60) and [60, 61): the first ends at 60 as the second begins.
      {"edges meet", {{31, 30}, {}}, 90, 1, 59, 61, 1},
      {"non-finite ages are skipped", {{nan, 30}, {nan}}, 90, 10, 60, 61, 1},
      {"an empty window (to before from)", {{30}, {}}, 90, 10, 61, 60, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(most_pods_reading(c.pods, c.notice_s, c.read_s, c.from_s, c.to_s), c.most);
  }
}

TEST(PodTimings, MediansOfTheLastPodsSeen) {
  PodTimings timings(3);
  EXPECT_FALSE(timings.notice_s().has_value());
  EXPECT_FALSE(timings.read_s().has_value());
  timings.observe_notice(90);
  EXPECT_EQ(timings.notice_s(), std::optional<double>(90));
  timings.observe_notice(30);
  EXPECT_EQ(timings.notice_s(), std::optional<double>(60));  // (30 + 90) / 2
  timings.observe_notice(600);                               // one pod stuck on its image: the median is 90
  EXPECT_EQ(timings.notice_s(), std::optional<double>(90));
  timings.observe_notice(80);  // 30, 600, 80 kept (90 the oldest, gone): 80
  EXPECT_EQ(timings.notice_s(), std::optional<double>(80));
  timings.observe_notice(-1);  // ignored
  timings.observe_notice(std::numeric_limits<double>::infinity());
  EXPECT_EQ(timings.notice_s(), std::optional<double>(80));

  timings.observe_read(10);
  timings.observe_read(12);
  EXPECT_EQ(timings.read_s(), std::optional<double>(11));
  timings.observe_read(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(timings.read_s(), std::optional<double>(11));
}

}  // namespace
}  // namespace cachepilot::autoscaler
