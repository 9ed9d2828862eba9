#pragma once
// Wire types for the Kubernetes core/v1 objects cachepilot reads, mirroring upstream field names
// (k8s.io/api/core/v1/types.go, k8s.io/apimachinery/pkg/apis/meta/v1/types.go). Only the fields placement
// needs are kept; unknown fields are ignored, as a Go client with an older schema would.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"

namespace cachepilot::k8s {

struct ObjectMeta {
  std::string name;
  std::string namespace_;  // "namespace" on the wire
  std::string uid;
  std::string resourceVersion;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
};

struct Taint {
  std::string key;
  std::string value;
  std::string effect;
};

struct NodeSpec {
  bool unschedulable = false;
  std::vector<Taint> taints;
};

struct Node {
  ObjectMeta metadata;
  NodeSpec spec;
};

struct PersistentVolumeClaimSpec {
  std::string volumeName;
  std::string storageClassName;
};

struct PersistentVolumeClaimStatus {
  std::string phase;
};

struct PersistentVolumeClaim {
  ObjectMeta metadata;
  PersistentVolumeClaimSpec spec;
  PersistentVolumeClaimStatus status;
};

// Decoders: a field of the wrong JSON type is an error naming the field; missing fields keep defaults.
[[nodiscard]] Result<ObjectMeta> decode_object_meta(const nlohmann::json& j);
[[nodiscard]] Result<Node> decode_node(const nlohmann::json& j);
[[nodiscard]] Result<PersistentVolumeClaim> decode_pvc(const nlohmann::json& j);

}  // namespace cachepilot::k8s
