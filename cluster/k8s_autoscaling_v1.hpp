#pragma once
// Wire types for the Kubernetes autoscaling/v1 HorizontalPodAutoscaler, mirroring upstream field names
// (k8s.io/api/autoscaling/v1/types.go). Only what tells which object an HPA scales is kept: the autoscaler reads
// HPAs to refuse to fight one over a runtime's replicas (Fluid documents scaling runtimes with an HPA). v1 is served by
// every Kubernetes release, and v2's scaleTargetRef is the same object.
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "cluster/k8s_core_v1.hpp"
#include "common/result.hpp"

namespace cachepilot::k8s {

struct CrossVersionObjectReference {
  std::string kind;
  std::string name;
  std::string apiVersion;
};

struct HorizontalPodAutoscalerSpec {
  CrossVersionObjectReference scaleTargetRef;
  std::int64_t minReplicas = 1;
  std::int64_t maxReplicas = 0;
};

struct HorizontalPodAutoscaler {
  ObjectMeta metadata;
  HorizontalPodAutoscalerSpec spec;
};

// A field of the wrong JSON type is an error naming the field; missing fields keep defaults; an HPA without
// spec.scaleTargetRef.kind or .name is an error (the API server requires both).
[[nodiscard]] Result<HorizontalPodAutoscaler> decode_horizontal_pod_autoscaler(const nlohmann::json& j);

}  // namespace cachepilot::k8s
