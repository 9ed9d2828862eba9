// The autoscaler's pod index watching a real kube-apiserver 1.20 (tests/support/control_plane.hpp): a pod mounting a
// dataset's claim is counted waiting with its age from the creationTimestamp the apiserver set; its status written
// Running with its container's start, then Succeeded with its end (as a kubelet would, through /status), shows the
// index its notice (created → reading) and its read (reading → done). The pod's JSON is the apiserver's own.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/timestamp.hpp"
#include "controller/controller.hpp"
#include "controller/target.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/reflector.hpp"
#include "metrics/registry.hpp"
#include "metrics/watch_metrics.hpp"
#include "tests/support/control_plane.hpp"

namespace cachepilot::controller {
namespace {

using namespace std::chrono_literals;

class PodIndexE2e : public testing::ControlPlaneTest {};

// Polls (bounded) until `done`.
bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(50ms);  // polling interval of a bounded wait
  }
  return false;
}

TEST_F(PodIndexE2e, APodsTimingsComeFromTheApiserversObjects) {
  auto access = kube::load_kubeconfig(cp().kubeconfig_for("admin"), "");
  ASSERT_TRUE(access.ok()) << access.error().message;
  auto api = kube::make_api_client(*access, 5s, 30s);
  ASSERT_TRUE(api.ok());
  const SystemClock clock;
  metrics::Registry registry;
  metrics::WatchMetrics watch_metrics(registry, clock);
  PodIndex index(clock);
  kube::ReflectorOptions options;
  options.resource = kube::ResourceRef{"", "v1", "pods", "default"};
  kube::Reflector reflector(**api, options, index, watch_metrics.resource("pods"));
  reflector.start();

  auto& kube = cp().admin();
  const auto created_pod = kube.create_pod({.name = "reader", .pvcs = {"imagenet"}});
  const auto created = parse_timestamp(created_pod["metadata"]["creationTimestamp"].get<std::string>());
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_TRUE(wait_until([&] { return index.counts("default", "imagenet").pending == 1; }, 20s));
  const auto waiting = index.ages("default", "imagenet", *created + 30);
  ASSERT_EQ(waiting.waiting_s.size(), 1U);
  EXPECT_DOUBLE_EQ(waiting.waiting_s.front(), 30);  // 30 s after the apiserver's creationTimestamp

  // The pod's status as a kubelet writes it (through /status): its phase and its one container's state.
  const auto write_status = [&](const char* phase, bool ready, const nlohmann::json& state) {
    kube.merge_patch("/api/v1/namespaces/default/pods/reader/status",
                     {{"status",
                       {{"phase", phase},
                        {"containerStatuses",
                         {{{"name", "main"},
                           {"image", "registry.invalid/cachepilot-e2e:none"},
                           {"imageID", ""},
                           {"ready", ready},
                           {"restartCount", 0},
                           {"state", state}}}}}}});
  };
  // What the index saw, taken until `seen` holds something of the kind asked for.
  PodTimingsSeen seen;
  std::uint64_t cursor = 0;
  const auto wait_for = [&](std::vector<double> PodTimingsSeen::*kind) {
    return wait_until(
        [&] {
          auto more = index.timings_since("default", "imagenet", cursor);
          seen.notices_s.insert(seen.notices_s.end(), more.notices_s.begin(), more.notices_s.end());
          seen.reads_s.insert(seen.reads_s.end(), more.reads_s.begin(), more.reads_s.end());
          return !(seen.*kind).empty();
        },
        20s);
  };

  // Its container started 75 s after the pod was created (the FUSE mount and the image, as a kubelet reports).
  write_status("Running", true, {{"running", {{"startedAt", rfc3339(*created + 75)}}}});
  ASSERT_TRUE(wait_for(&PodTimingsSeen::notices_s));
  EXPECT_EQ(seen.notices_s, (std::vector<double>{75}));
  EXPECT_EQ(index.counts("default", "imagenet").running, 1);
  EXPECT_EQ(index.ages("default", "imagenet", *created + 85).reading_s, (std::vector<double>{10}));

  // It stopped reading 100 s after it was created: a read of 25 s.
  write_status("Succeeded", false,
               {{"terminated",
                 {{"exitCode", 0}, {"startedAt", rfc3339(*created + 75)}, {"finishedAt", rfc3339(*created + 100)}}}});
  ASSERT_TRUE(wait_for(&PodTimingsSeen::reads_s));
  EXPECT_EQ(seen.reads_s, (std::vector<double>{25}));
  EXPECT_EQ(seen.notices_s.size(), 1U);  // no second notice
  EXPECT_EQ(index.counts("default", "imagenet").running, 0);
  reflector.stop();
}

}  // namespace
}  // namespace cachepilot::controller
