// The pod index: pods per claim by phase, their ages, and the timings they show as they begin and stop reading.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "controller/controller.hpp"

namespace cachepilot::controller {
namespace {

nlohmann::json pod(const char* name, const char* phase, std::vector<const char*> claims) {
  nlohmann::json volumes = nlohmann::json::array();
  for (const char* c : claims) {
    volumes.push_back({{"name", c}, {"persistentVolumeClaim", {{"claimName", c}}}});
  }
  return {{"metadata", {{"namespace", "ai"}, {"name", name}}},
          {"spec", {{"volumes", volumes}}},
          {"status", {{"phase", phase}}}};
}

TEST(PodIndex, CountsPendingAndRunningPodsPerClaim) {
  const ManualClock clock;
  PodIndex index(clock);
  index.replace_all({pod("a", "Pending", {"imagenet"}), pod("b", "Running", {"imagenet", "imagenet"}),
                     pod("c", "Pending", {"other"}), nlohmann::json("not a pod")});
  EXPECT_EQ(index.counts("ai", "imagenet").pending, 1);
  EXPECT_EQ(index.counts("ai", "imagenet").running, 1);  // one pod, though it names the claim twice
  EXPECT_EQ(index.counts("other-ns", "imagenet").pending, 0);

  index.apply(kube::WatchEventType::kModified, pod("a", "Running", {"imagenet"}));
  EXPECT_EQ(index.counts("ai", "imagenet").pending, 0);
  EXPECT_EQ(index.counts("ai", "imagenet").running, 2);

  index.apply(kube::WatchEventType::kDeleted, pod("b", "Running", {"imagenet"}));
  EXPECT_EQ(index.counts("ai", "imagenet").running, 1);

  auto terminating = pod("a", "Running", {"imagenet"});
  terminating["metadata"]["deletionTimestamp"] = "2026-12-01T00:00:00Z";
  index.apply(kube::WatchEventType::kModified, std::move(terminating));
  EXPECT_EQ(index.counts("ai", "imagenet").running, 0);
}

// A pod of the claim (by default "imagenet") created at 2026-12-06T00:00:00Z (1796515200), its containers as given.
nlohmann::json timed_pod(const char* name, const char* phase, nlohmann::json container_states = nullptr,
                         const char* claim = "imagenet") {
  auto p = pod(name, phase, {claim});
  p["metadata"]["creationTimestamp"] = "2026-12-06T00:00:00Z";
  if (!container_states.is_null()) {
    nlohmann::json statuses = nlohmann::json::array();
    for (auto& state : container_states) {
      statuses.push_back({{"name", "c"}, {"state", state}});
    }
    p["status"]["containerStatuses"] = statuses;
  }
  return p;
}

constexpr double kCreated = 1796515200;  // date -u -d 2026-12-06T00:00:00Z +%s

TEST(PodIndex, AgesAreSinceCreationWhileWaitingAndSinceTheReadsBeganWhileRunning) {
  const ManualClock clock(kCreated + 500);
  PodIndex index(clock);
  index.replace_all({timed_pod("waiting", "Pending"),
                     // Two containers (the FUSE sidecar at 30 s, the app at 90 s): the reads began at 90 s.
                     timed_pod("reading", "Running",
                               {{{"running", {{"startedAt", "2026-12-06T00:00:30Z"}}}},
                                {{"running", {{"startedAt", "2026-12-06T00:01:30Z"}}}}}),
                     pod("no-times", "Pending", {"imagenet"}), pod("elsewhere", "Pending", {"other"})});
  const auto ages = index.ages("ai", "imagenet", kCreated + 100);
  // Waiting: 100 s since creation, and 0 for the pod without a creationTimestamp. Reading: 100 − 90 = 10 s.
  EXPECT_EQ(ages.waiting_s, (std::vector<double>{0, 100}));  // by name: "no-times" < "waiting"
  EXPECT_EQ(ages.reading_s, (std::vector<double>{10}));
  EXPECT_TRUE(index.ages("ai", "nothing", kCreated).waiting_s.empty());
}

TEST(PodIndex, APodThatBeginsOrStopsReadingShowsItsNoticeOrItsRead) {
  ManualClock clock(kCreated + 1000);
  PodIndex index(clock);
  index.replace_all({timed_pod("a", "Pending"), timed_pod("b", "Pending")});
  std::uint64_t cursor = 0;
  EXPECT_TRUE(index.timings_since("ai", "imagenet", cursor).notices_s.empty());

  // a's containers say when they started: 75 s after creation. b's say nothing: seen Running at 1,000 s.
  index.apply(kube::WatchEventType::kModified,
              timed_pod("a", "Running", {{{"running", {{"startedAt", "2026-12-06T00:01:15Z"}}}}}));
  index.apply(kube::WatchEventType::kModified, timed_pod("b", "Running"));
  auto seen = index.timings_since("ai", "imagenet", cursor);
  EXPECT_EQ(seen.notices_s, (std::vector<double>{75, 1000}));
  EXPECT_TRUE(seen.reads_s.empty());
  EXPECT_TRUE(index.timings_since("ai", "imagenet", cursor).notices_s.empty());  // given once to this reader

  // a finishes at 100 s (read 100 − 75 = 25 s); b is modified while running (nothing new), then fails, its
  // containers silent: stopped when seen, at 1,030 s (read 1,030 − 1,000 = 30 s).
  index.apply(kube::WatchEventType::kModified,
              timed_pod("a", "Succeeded", {{{"terminated", {{"finishedAt", "2026-12-06T00:01:40Z"}}}}}));
  clock.advance(std::chrono::seconds(30));
  index.apply(kube::WatchEventType::kModified, timed_pod("b", "Running"));
  index.apply(kube::WatchEventType::kModified, timed_pod("b", "Failed"));
  seen = index.timings_since("ai", "imagenet", cursor);
  EXPECT_TRUE(seen.notices_s.empty());
  EXPECT_EQ(seen.reads_s, (std::vector<double>{25, 30}));
  // A reader that starts now (a second CacheAutoscaler on the claim, a new leader) is given everything kept.
  std::uint64_t fresh = 0;
  seen = index.timings_since("ai", "imagenet", fresh);
  EXPECT_EQ(seen.notices_s, (std::vector<double>{75, 1000}));
  EXPECT_EQ(seen.reads_s, (std::vector<double>{25, 30}));
  EXPECT_EQ(fresh, cursor);
  EXPECT_EQ(index.ages("ai", "imagenet", kCreated + 2000).reading_s.size(), 0U);  // finished pods read no more
}

TEST(PodIndex, TimingsNobodyTakesAreBounded) {
  ManualClock clock(kCreated);
  PodIndex index(clock);
  for (std::size_t i = 0; i < PodIndex::kTimingsKept + 10; ++i) {
    std::string name = "p";
    name += std::to_string(i);  // not "p" + …: GCC 12 warns falsely (-Wrestrict) on that form
    index.apply(kube::WatchEventType::kAdded, timed_pod(name.c_str(), "Pending"));
    clock.advance(std::chrono::seconds(1));
    index.apply(kube::WatchEventType::kModified, timed_pod(name.c_str(), "Running"));
  }
  std::uint64_t cursor = 0;
  const auto seen = index.timings_since("ai", "imagenet", cursor);
  ASSERT_EQ(seen.notices_s.size(), PodIndex::kTimingsKept);
  EXPECT_DOUBLE_EQ(seen.notices_s.back(), static_cast<double>(PodIndex::kTimingsKept + 10));  // the newest kept
}

TEST(PodIndex, EachReaderSeesEveryTimingOfItsClaimOnce) {
  // Two CacheAutoscalers on one claim (a DryRun trial beside the live one), reading at different moments; a third
  // claim's timings reach neither.
  ManualClock clock(kCreated + 40);  // pods seen Running 40 s after creation: notice 40
  PodIndex index(clock);
  index.replace_all(
      {timed_pod("a", "Pending"), timed_pod("b", "Pending"), timed_pod("c", "Pending", nullptr, "other")});
  std::uint64_t live = 0;
  std::uint64_t trial = 0;
  index.apply(kube::WatchEventType::kModified, timed_pod("a", "Running"));
  EXPECT_EQ(index.timings_since("ai", "imagenet", live).notices_s, (std::vector<double>{40}));
  clock.advance(std::chrono::seconds(10));
  index.apply(kube::WatchEventType::kModified, timed_pod("b", "Running"));  // notice 50
  index.apply(kube::WatchEventType::kModified, timed_pod("c", "Running", nullptr, "other"));
  EXPECT_EQ(index.timings_since("ai", "imagenet", trial).notices_s, (std::vector<double>{40, 50}));
  EXPECT_EQ(index.timings_since("ai", "imagenet", live).notices_s, (std::vector<double>{50}));
  EXPECT_TRUE(index.timings_since("ai", "imagenet", live).notices_s.empty());
  EXPECT_TRUE(index.timings_since("ai", "imagenet", trial).notices_s.empty());
  std::uint64_t other = 0;
  EXPECT_EQ(index.timings_since("ai", "other", other).notices_s, (std::vector<double>{50}));
}

}  // namespace
}  // namespace cachepilot::controller
