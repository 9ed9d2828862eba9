#pragma once
// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does, so that of several
// replicas exactly one acts. A candidate takes the lease when it is free or its holder has not renewed it for
// leaseDurationSeconds *as observed by our own clock* (the time the record last changed under our eyes, never
// the holder's timestamps: clocks of different hosts disagree). The leader renews every retry period; if it
// cannot renew within the renew deadline it stops leading before anyone else may take over. Writes use the
// Lease's resourceVersion (optimistic concurrency): two candidates racing for a free lease get one 200 and
// one 409.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "kube/api_client.hpp"

namespace cachepilot::kube {

// spec of a Lease (coordination.k8s.io/v1 LeaseSpec), the fields election uses.
struct LeaseRecord {
  std::string holder_identity;
  int lease_duration_seconds = 0;
  std::string acquire_time;  // RFC 3339 MicroTime, as written by the holder
  std::string renew_time;
  int lease_transitions = 0;
  friend bool operator==(const LeaseRecord&, const LeaseRecord&) = default;
};

[[nodiscard]] Result<LeaseRecord> decode_lease_spec(const nlohmann::json& lease);
[[nodiscard]] nlohmann::json encode_lease_spec(const LeaseRecord& record);
// "2026-11-30T23:59:59.123456Z"
[[nodiscard]] std::string micro_time(double unix_seconds);

// The pure decision of one election round.
struct ElectionView {
  std::optional<LeaseRecord> observed;  // nullopt: no Lease exists
  Clock::time_point observed_at{};      // our clock when `observed` last changed
};
enum class ElectionAction {
  kCreate,  // no lease: create it holding it
  kRenew,   // we hold it: renew
  kTake,    // free or expired: take it over (a transition)
  kWait,    // someone else holds a live lease
};
[[nodiscard]] ElectionAction decide(const ElectionView& view, const std::string& identity, Clock::time_point now);

struct LeaderElectionOptions {
  std::string lease_namespace;
  std::string lease_name;
  std::string identity;  // unique per replica, e.g. the pod name
  std::chrono::seconds lease_duration{15};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  bool release_on_stop = true;  // a clean shutdown hands over at once instead of after lease_duration
};

class LeaderElector {
 public:
  // on_change(true) when we become leader, on_change(false) when we stop being leader; called on the
  // elector's thread.
  LeaderElector(const ApiClient& client, LeaderElectionOptions options, const Clock& clock,
                std::function<void(bool)> on_change);
  ~LeaderElector();
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  void start();
  void stop();
  [[nodiscard]] bool is_leader() const { return leader_.load(); }
  // One round (what the thread does every retry period); returns whether we lead afterwards. For tests.
  bool try_acquire_or_renew();

 private:
  void run();
  void set_leader(bool leader);
  [[nodiscard]] std::string lease_path() const;
  void release();

  const ApiClient& client_;
  LeaderElectionOptions options_;
  const Clock& clock_;
  std::function<void(bool)> on_change_;
  ElectionView view_;
  std::string resource_version_;
  Clock::time_point last_renew_{};
  std::atomic<bool> leader_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cachepilot::kube
