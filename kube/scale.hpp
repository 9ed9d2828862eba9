#pragma once
// The /scale subresource of a Fluid runtime (autoscaling/v1 Scale), read and written with optimistic
// concurrency: a write carries the resourceVersion it read, a 409 Conflict re-reads and tries again.
#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "kube/api_client.hpp"

namespace cachepilot::kube {

struct ScaleState {
  std::int64_t spec_replicas = 0;    // desired workers (spec.replicas of the runtime)
  std::int64_t status_replicas = 0;  // what the runtime reports (its statusReplicasPath)
  std::string selector;              // status.selector, when the CRD maps one
  std::string resource_version;
};

[[nodiscard]] Result<ScaleState> decode_scale(const nlohmann::json& scale);

// `runtime` names the runtime collection in its namespace (runtime_resource(kind) with namespace_ set).
[[nodiscard]] Result<ScaleState> get_scale(const ApiClient& client, const ResourceRef& runtime,
                                           const std::string& name);

struct ScaleWrite {
  ScaleState before;  // what was read last
  ScaleState after;   // what the server returned
  int conflicts = 0;  // 409s retried
};

// Sets spec.replicas to `replicas`. Reads, writes with that resourceVersion, and on 409 re-reads and retries
// up to `max_attempts` times. No write when the replicas already equal `replicas`.
[[nodiscard]] Result<ScaleWrite> set_replicas(const ApiClient& client, const ResourceRef& runtime,
                                              const std::string& name, std::int64_t replicas, int max_attempts = 5);

}  // namespace cachepilot::kube
