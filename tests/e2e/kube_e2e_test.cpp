// kube/ against a real kube-apiserver. Leader election on a Lease: of two candidates exactly one leads; a leader that
// dies without releasing is replaced within the lease duration; a clean stop hands over at once.
#include <atomic>
#include <chrono>
#include <memory>

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/leader_election.hpp"
#include "kube/live_cluster.hpp"
#include "kube/scale.hpp"
#include "tests/support/control_plane.hpp"

namespace cachepilot::kube {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

class KubeE2e : public testing::ControlPlaneTest {
 protected:
  std::shared_ptr<ApiClient> client() {
    auto access = load_kubeconfig(cp().kubeconfig_for("admin"), "");
    EXPECT_TRUE(access.ok()) << access.error().message;
    auto made = make_api_client(*access, 5s, 30s);
    EXPECT_TRUE(made.ok());
    return made.ok() ? *made : nullptr;
  }

  // Two candidates on one Lease; counts how many lead at once, and the most ever seen.
  struct Candidates {
    std::atomic<int> leading{0};
    std::atomic<int> most_at_once{0};
    std::unique_ptr<LeaderElector> a;
    std::unique_ptr<LeaderElector> b;
    std::function<void(bool)> observer() {
      return [this](bool leads) {
        const int now = leads ? ++leading : --leading;
        int seen = most_at_once.load();
        while (now > seen && !most_at_once.compare_exchange_weak(seen, now)) {
        }
      };
    }
  };

  static LeaderElectionOptions options(const std::string& lease, const std::string& identity, bool release) {
    LeaderElectionOptions o;
    o.lease_namespace = "default";
    o.lease_name = lease;
    o.identity = identity;
    o.lease_duration = 4s;
    o.renew_deadline = 3s;
    o.retry_period = 500ms;
    o.release_on_stop = release;
    return o;
  }

  // Polls (bounded) until `done`; returns the time it took.
  static std::optional<SteadyClock::duration> wait_until(const std::function<bool()>& done,
                                                         SteadyClock::duration limit) {
    const auto start = SteadyClock::now();
    while (SteadyClock::now() - start < limit) {
      if (done()) {
        return SteadyClock::now() - start;
      }
      std::this_thread::sleep_for(50ms);  // polling interval of a bounded wait
    }
    return std::nullopt;
  }

  SystemClock clock_;
};

TEST_F(KubeE2e, ExactlyOneLeadsAndADeadLeaderIsReplacedWithinTheLeaseDuration) {
  auto api_a = client();
  auto api_b = client();
  ASSERT_TRUE(api_a && api_b);
  Candidates c;
  c.a = std::make_unique<LeaderElector>(*api_a, options("crash-lease", "replica-a", false), clock_, c.observer());
  c.b = std::make_unique<LeaderElector>(*api_b, options("crash-lease", "replica-b", false), clock_, c.observer());
  c.a->start();
  c.b->start();
  ASSERT_TRUE(wait_until([&] { return c.a->is_leader() || c.b->is_leader(); }, 20s));
  // Several renew rounds pass; the follower must keep waiting.
  ASSERT_FALSE(wait_until([&] { return c.a->is_leader() && c.b->is_leader(); }, 3s));
  auto& leader = c.a->is_leader() ? c.a : c.b;
  auto& follower = c.a->is_leader() ? c.b : c.a;
  // The leader dies without releasing (as a killed pod would).
  leader->stop();
  const auto took = wait_until([&] { return follower->is_leader(); }, 20s);
  ASSERT_TRUE(took.has_value()) << "the follower never took over";
  // It may take over only once the lease went unrenewed for its duration (4 s) as it observed it, and must
  // within duration + a retry period + the time an API round trip takes.
  EXPECT_LE(*took, 4s + 500ms + 2s);
  EXPECT_EQ(c.most_at_once.load(), 1);
  auto lease = cp().admin().get("/apis/coordination.k8s.io/v1/namespaces/default/leases/crash-lease");
  EXPECT_EQ(lease["spec"]["holderIdentity"], follower.get() == c.a.get() ? "replica-a" : "replica-b");
  EXPECT_EQ(lease["spec"]["leaseTransitions"], 1);
  follower->stop();
}

TEST_F(KubeE2e, ACleanStopHandsOverAtOnce) {
  auto api_a = client();
  auto api_b = client();
  ASSERT_TRUE(api_a && api_b);
  Candidates c;
  c.a = std::make_unique<LeaderElector>(*api_a, options("release-lease", "replica-a", true), clock_, c.observer());
  c.a->start();
  ASSERT_TRUE(wait_until([&] { return c.a->is_leader(); }, 20s));
  c.b = std::make_unique<LeaderElector>(*api_b, options("release-lease", "replica-b", true), clock_, c.observer());
  c.b->start();
  ASSERT_FALSE(wait_until([&] { return c.b->is_leader(); }, 2s));  // a holds a live lease
  c.a->stop();                                                     // releases it
  const auto took = wait_until([&] { return c.b->is_leader(); }, 20s);
  ASSERT_TRUE(took.has_value());
  // Well under the 4 s lease duration: the released lease is free at once (a retry period plus a round trip).
  EXPECT_LT(*took, 3s);
  EXPECT_EQ(c.most_at_once.load(), 1);
  c.b->stop();
}

// The runtime's /scale subresource on the real apiserver with the minimal Fluid CRDs (issue 5's write path).
TEST_F(KubeE2e, ScaleSubresourceWritesTheRuntimesReplicas) {
  cp().admin().create_runtime({.kind = testing::RuntimeKind::kAlluxio, .name = "scaled", .replicas = 2});
  auto api = client();
  ASSERT_TRUE(api);
  auto runtimes = runtime_resource("AlluxioRuntime");
  runtimes.namespace_ = "default";
  auto before = get_scale(*api, runtimes, "scaled");
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(before->spec_replicas, 2);
  auto write = set_replicas(*api, runtimes, "scaled", 5);
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_EQ(write->after.spec_replicas, 5);
  const auto runtime = cp().admin().get("/apis/data.fluid.io/v1alpha1/namespaces/default/alluxioruntimes/scaled");
  EXPECT_EQ(runtime["spec"]["replicas"], 5);
  auto missing = set_replicas(*api, runtimes, "no-such-runtime", 5);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cachepilot::kube
