#include "kube/leader_election.hpp"

#include <cmath>
#include <ctime>

#include "cluster/wire_decode.hpp"
#include "common/log.hpp"

namespace cachepilot::kube {

using nlohmann::json;

Result<LeaseRecord> decode_lease_spec(const json& lease) {
  LeaseRecord record;
  auto spec = wire::child_object(lease, "spec");
  if (!spec.ok()) {
    return spec.error();
  }
  if (*spec == nullptr) {
    return record;
  }
  const json& s = **spec;
  std::int64_t duration = 0;
  std::int64_t transitions = 0;
  CP_RETURN_IF_ERROR(wire::read_string(s, "holderIdentity", record.holder_identity));
  CP_RETURN_IF_ERROR(wire::read_int(s, "leaseDurationSeconds", duration));
  CP_RETURN_IF_ERROR(wire::read_string(s, "acquireTime", record.acquire_time));
  CP_RETURN_IF_ERROR(wire::read_string(s, "renewTime", record.renew_time));
  CP_RETURN_IF_ERROR(wire::read_int(s, "leaseTransitions", transitions));
  if (duration < 0 || duration > std::int64_t{86400} * 365 || transitions < 0 || transitions > (1LL << 30)) {
    return make_error(ErrorCode::kParse, "Lease spec: leaseDurationSeconds or leaseTransitions out of range");
  }
  record.lease_duration_seconds = static_cast<int>(duration);
  record.lease_transitions = static_cast<int>(transitions);
  return record;
}

json encode_lease_spec(const LeaseRecord& record) {
  json spec{{"holderIdentity", record.holder_identity},
            {"leaseDurationSeconds", record.lease_duration_seconds},
            {"leaseTransitions", record.lease_transitions}};
  if (!record.acquire_time.empty()) {
    spec["acquireTime"] = record.acquire_time;
  }
  if (!record.renew_time.empty()) {
    spec["renewTime"] = record.renew_time;
  }
  return spec;
}

std::string micro_time(double unix_seconds) {
  // Round to whole microseconds first, so 0.9999996 s becomes the next second, not ".000000" of this one.
  const auto total_micros = std::llround(unix_seconds * 1e6);
  const auto whole = static_cast<std::time_t>(total_micros / 1000000);
  const auto micros = static_cast<long>(total_micros % 1000000);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[40];
  const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[64];
  (void)std::snprintf(out, sizeof out, "%.*s.%06ldZ", static_cast<int>(n), text, micros);
  return out;
}

ElectionAction decide(const ElectionView& view, const std::string& identity, Clock::time_point now) {
  if (!view.observed) {
    return ElectionAction::kCreate;
  }
  const auto& record = *view.observed;
  if (record.holder_identity == identity) {
    return ElectionAction::kRenew;
  }
  // Free (released: empty holder) or not renewed for its duration as we observed it.
  const auto expiry = view.observed_at + std::chrono::seconds(record.lease_duration_seconds);
  if (record.holder_identity.empty() || now >= expiry) {
    return ElectionAction::kTake;
  }
  return ElectionAction::kWait;
}

LeaderElector::LeaderElector(const ApiClient& client, LeaderElectionOptions options, const Clock& clock,
                             std::function<void(bool)> on_change)
    : client_(client), options_(std::move(options)), clock_(clock), on_change_(std::move(on_change)) {}

LeaderElector::~LeaderElector() { stop(); }

std::string LeaderElector::lease_path() const {
  return ResourceRef{"coordination.k8s.io", "v1", "leases", options_.lease_namespace}.object_path(options_.lease_name);
}

void LeaderElector::set_leader(bool leader) {
  if (leader_.exchange(leader) != leader) {
    log::info(std::string("leader election: ") + options_.identity + (leader ? " now leads " : " stopped leading ") +
              options_.lease_namespace + "/" + options_.lease_name);
    if (on_change_) {
      on_change_(leader);
    }
  }
}

bool LeaderElector::try_acquire_or_renew() {
  const auto now = clock_.now();
  // 1. Observe.
  auto got = client_.get(lease_path());
  if (got.ok()) {
    auto record = decode_lease_spec(*got.value);
    if (!record.ok()) {
      log::warn("leader election: unreadable Lease: " + record.error().message);
      return leader_.load() && now - last_renew_ < options_.renew_deadline;
    }
    if (!view_.observed || !(*view_.observed == *record)) {
      view_.observed = std::move(record).value();
      view_.observed_at = now;
    }
    resource_version_ = (*got.value)["metadata"].value("resourceVersion", std::string());
  } else if (got.error->status == 404) {
    view_.observed.reset();
    resource_version_.clear();
  } else {
    log::warn("leader election: cannot read the Lease: " + to_string(*got.error));
    return leader_.load() && now - last_renew_ < options_.renew_deadline;
  }
  // 2. Decide.
  const auto action = decide(view_, options_.identity, now);
  if (action == ElectionAction::kWait) {
    return false;
  }
  LeaseRecord next;
  next.holder_identity = options_.identity;
  next.lease_duration_seconds = static_cast<int>(options_.lease_duration.count());
  next.renew_time = micro_time(clock_.unix_seconds());
  if (action == ElectionAction::kRenew) {
    next.acquire_time = view_.observed->acquire_time;
    next.lease_transitions = view_.observed->lease_transitions;
  } else {
    next.acquire_time = next.renew_time;
    next.lease_transitions = view_.observed ? view_.observed->lease_transitions + 1 : 0;
  }
  // 3. Write, guarded by the resourceVersion we read: a concurrent writer makes this a 409.
  json lease{{"apiVersion", "coordination.k8s.io/v1"},
             {"kind", "Lease"},
             {"metadata", {{"name", options_.lease_name}, {"namespace", options_.lease_namespace}}},
             {"spec", encode_lease_spec(next)}};
  ApiResult<json> written;
  if (action == ElectionAction::kCreate) {
    written = client_.call(
        "POST", ResourceRef{"coordination.k8s.io", "v1", "leases", options_.lease_namespace}.collection_path(),
        lease.dump());
  } else {
    lease["metadata"]["resourceVersion"] = resource_version_;
    written = client_.call("PUT", lease_path(), lease.dump());
  }
  if (!written.ok()) {
    if (written.error->status != 409) {
      log::warn("leader election: cannot write the Lease: " + to_string(*written.error));
    }
    return leader_.load() && now - last_renew_ < options_.renew_deadline;
  }
  view_.observed = next;
  view_.observed_at = now;
  resource_version_ = (*written.value)["metadata"].value("resourceVersion", std::string());
  last_renew_ = now;
  return true;
}

void LeaderElector::release() {
  if (!leader_.load() || !view_.observed) {
    return;
  }
  // client-go's ReleaseOnCancel: an empty holder with a 1 s duration lets the next candidate take over now.
  LeaseRecord released = *view_.observed;
  released.holder_identity.clear();
  released.lease_duration_seconds = 1;
  released.renew_time = micro_time(clock_.unix_seconds());
  json lease{{"apiVersion", "coordination.k8s.io/v1"},
             {"kind", "Lease"},
             {"metadata",
              {{"name", options_.lease_name},
               {"namespace", options_.lease_namespace},
               {"resourceVersion", resource_version_}}},
             {"spec", encode_lease_spec(released)}};
  auto written = client_.call("PUT", lease_path(), lease.dump());
  if (!written.ok()) {
    log::warn("leader election: could not release the Lease: " + to_string(*written.error));
  }
}

void LeaderElector::start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { run(); });
  }
}

void LeaderElector::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void LeaderElector::run() {
  while (true) {
    const bool lead = try_acquire_or_renew();
    set_leader(lead);
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, options_.retry_period, [this] { return stopping_; })) {
      break;
    }
  }
  if (options_.release_on_stop) {
    release();
  }
  set_leader(false);
}

}  // namespace cachepilot::kube
