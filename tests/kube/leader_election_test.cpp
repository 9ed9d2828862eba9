#include "kube/leader_election.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cachepilot::kube {
namespace {

using namespace std::chrono_literals;

TEST(LeaderElection, DecideFollowsTheObservedClock) {
  const Clock::time_point t0{std::chrono::seconds(1000)};
  auto held_by = [&](const std::string& holder, int duration, Clock::time_point observed_at) {
    return ElectionView{LeaseRecord{holder, duration, "a", "r", 0}, observed_at};
  };
  struct Case {
    const char* name;
    ElectionView view;
    Clock::time_point now;
    ElectionAction expected;
  };
  const std::vector<Case> cases{
      {"no_lease_creates", ElectionView{}, t0, ElectionAction::kCreate},
      {"ours_renews", held_by("me", 15, t0), t0 + 1h, ElectionAction::kRenew},
      // Seen changing 14 s ago with a 15 s duration: still live.
      {"live_other_waits", held_by("other", 15, t0), t0 + 14s, ElectionAction::kWait},
      // Unchanged for its whole duration under our eyes: expired, whatever its renewTime says.
      {"expired_other_taken", held_by("other", 15, t0), t0 + 15s, ElectionAction::kTake},
      {"released_taken_at_once", held_by("", 1, t0), t0, ElectionAction::kTake},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(decide(c.view, "me", c.now), c.expected) << c.name;
  }
}

TEST(LeaderElection, LeaseSpecRoundTrips) {
  const LeaseRecord record{"pod-a", 15, "2026-11-30T10:00:00.000000Z", "2026-11-30T10:00:02.500000Z", 3};
  auto decoded = decode_lease_spec(nlohmann::json{{"spec", encode_lease_spec(record)}});
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, record);
}

TEST(LeaderElection, BadLeaseSpecsAreErrors) {
  for (const char* text : {R"({"spec":{"holderIdentity":5}})", R"({"spec":{"leaseDurationSeconds":"15"}})",
                           R"({"spec":{"leaseDurationSeconds":-1}})", R"({"spec":[]})"}) {
    EXPECT_FALSE(decode_lease_spec(nlohmann::json::parse(text)).ok()) << text;
  }
  auto empty = decode_lease_spec(nlohmann::json::parse("{}"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->holder_identity.empty());  // a Lease without spec is free
}

TEST(LeaderElection, MicroTimeIsRfc3339WithMicroseconds) {
  EXPECT_EQ(micro_time(0), "1970-01-01T00:00:00.000000Z");
  // 1796083199.25 s = 2026-11-30T23:59:59 UTC + 0.25 s
  EXPECT_EQ(micro_time(1796083199.25), "2026-11-30T23:59:59.250000Z");
  EXPECT_EQ(micro_time(1796083199.9999996), "2026-12-01T00:00:00.000000Z");  // rounds into the next second
}

}  // namespace
}  // namespace cachepilot::kube
