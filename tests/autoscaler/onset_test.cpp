// The onset clock: onsets are rises no hold had ready, and the next burst is due from one lead time before the
// shortest recent gap has passed since the last onset.
#include "autoscaler/onset.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace cachepilot::autoscaler {
namespace {

constexpr double kLead = 60;

struct Burst {
  int start;  // seconds
  int length;
  int need;
};

// A base need with bursts on it, one sample a second from 0 to `end`; what the clock asked for at each second.
std::vector<int> run(const std::vector<Burst>& bursts, int base, int end, const OnsetClockParams& params = {}) {
  OnsetClock clock;
  std::vector<int> asked;
  for (int t = 0; t <= end; ++t) {
    int need = base;
    for (const Burst& b : bursts) {
      if (t >= b.start && t < b.start + b.length) {
        need = b.need;
      }
    }
    asked.push_back(clock.decide(t, need, kLead, params));
  }
  return asked;
}

// The first second at or after `from` that the clock asked for anything (-1: none before `to`).
int first_ask(const std::vector<int>& asked, int from, int to) {
  for (int t = from; t < to && t < static_cast<int>(asked.size()); ++t) {
    if (asked[static_cast<std::size_t>(t)] > 0) {
      return t;
    }
  }
  return -1;
}

TEST(OnsetClock, AsksForTheBurstFromALeadTimeBeforeTheShortestGap) {
  struct Case {
    const char* name;
    std::vector<Burst> bursts;  // on a base need of 1
    int window_from;            // where to look for the first ask
    int opens;                  // the first second the clock asks (-1: never within the run)
    int asks;                   // what it asks for then
  };
  const Case cases[] = {
      // Onsets at 100, 400, 700, 1000: gaps of 300 s. The window opens at 1000 + 300 − 60 − 2 × 1 s = 1238.
      {"a regular train", {{100, 30, 8}, {400, 30, 8}, {700, 30, 8}, {1000, 30, 8}}, 1031, 1238, 8},
      // Gaps of 300, 360 and 240 s: the shortest decides, 1000 + 240 − 62 = 1178; the highest burst is asked for.
      {"a jittered train", {{100, 30, 6}, {400, 30, 8}, {760, 30, 7}, {1000, 30, 5}}, 1031, 1178, 8},
      // Two gaps only: not armed yet.
      {"too few gaps", {{100, 30, 8}, {400, 30, 8}, {700, 30, 8}}, 731, -1, 0},
      // Gaps of 100, 900 and 300 s: the window would open at 1400 + 100 − 62 = 1438, while the burst is still under
      // way by the clock (until more than a lead time after its last rise), so the first ask is at 1400 + 61 = 1461.
      // Irregular gaps make a window that opens soon after each burst: the planner's ledgers judge whether it pays.
      {"irregular gaps", {{100, 30, 8}, {200, 30, 8}, {1100, 30, 8}, {1400, 30, 8}}, 1431, 1461, 8},
  };
  for (const auto& c : cases) {
    const std::vector<int> asked = run(c.bursts, 1, 2000);
    const int opens = first_ask(asked, c.window_from, 2000);
    EXPECT_EQ(opens, c.opens) << c.name;
    if (opens >= 0) {
      EXPECT_EQ(asked[static_cast<std::size_t>(opens)], c.asks) << c.name;
      // The window stays open until the next onset, however late: nothing in this run comes.
      EXPECT_EQ(asked.back(), c.asks) << c.name;
    }
  }
}

TEST(OnsetClock, TheNextOnsetClosesTheWindowAndMovesIt) {
  // Onsets every 300 s from 100: the window before the onset at 1300 opens at 1000 + 238 and closes with it; while
  // that burst is under way (until a lead time after its last rise) the clock asks for nothing, and the next window
  // opens at 1300 + 238.
  const std::vector<int> asked = run({{100, 30, 8}, {400, 30, 8}, {700, 30, 8}, {1000, 30, 8}, {1300, 30, 8}}, 1, 1600);
  EXPECT_EQ(asked[1237], 0);
  EXPECT_EQ(asked[1238], 8);
  EXPECT_EQ(asked[1299], 8);
  EXPECT_EQ(asked[1300], 0) << "the onset itself: the burst is under way";
  EXPECT_EQ(first_ask(asked, 1300, 1600), 1538);
}

TEST(OnsetClock, OnlyARiseNoHoldHadReadyIsAnOnset) {
  struct Case {
    const char* name;
    int base;
    int burst;
    bool onsets;  // are the bursts onsets (does the clock arm after four of them)?
  };
  const Case cases[] = {
      {"1 to 3: twice and two more", 1, 3, true},
      {"1 to 2: only one more", 1, 2, false},
      {"4 to 7: less than twice", 4, 7, false},
      {"4 to 8: twice", 4, 8, true},
  };
  for (const auto& c : cases) {
    const std::vector<int> asked =
        run({{100, 30, c.burst}, {400, 30, c.burst}, {700, 30, c.burst}, {1000, 30, c.burst}}, c.base, 1400);
    EXPECT_EQ(first_ask(asked, 0, 1400) >= 0, c.onsets) << c.name;
  }
}

TEST(OnsetClock, ABurstThatRisesInStepsIsOneOnset) {
  // Each burst climbs 1 → 3 → 8 within a lead time: one onset at its start, so the gaps stay 300 s and the window opens
  // at 1238 as for a plain train.
  std::vector<Burst> bursts;
  for (const int start : {100, 400, 700, 1000}) {
    bursts.push_back({start, 20, 3});
    bursts.push_back({start + 20, 20, 8});
  }
  const std::vector<int> asked = run(bursts, 1, 1400);
  EXPECT_EQ(first_ask(asked, 1041, 1400), 1238);
}

}  // namespace
}  // namespace cachepilot::autoscaler
