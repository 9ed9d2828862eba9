#pragma once
// The resource kinds an in-memory API server (simkube) serves: for each, where it lives in the REST API
// (group, version, plural), its Kind, its scope, and which subresources it has. default_registry() is what
// `cachepilot demo` serves: the core kinds cachepilot reads or writes, Leases, Fluid's Datasets and runtimes
// (as deploy/crds/fluid-minimal defines them) and CacheAutoscalers.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cachepilot::simkube {

// A /scale subresource (autoscaling/v1 Scale). The spec replicas live at .spec.replicas, as in Fluid's CRDs.
struct ScaleMapping {
  std::string status_replicas_path;  // ".status.currentWorkerNumberScheduled" (leading dot optional)
  std::string selector_path;         // ".status.selector"; empty: the Scale has no status.selector
};

struct ResourceKind {
  std::string group;  // "" for the core API group
  std::string version;
  std::string plural;
  std::string kind;
  bool namespaced = true;
  bool has_status_subresource = false;
  std::optional<ScaleMapping> scale;
  // 0: unbounded. Otherwise creating one more object deletes the oldest (with a DELETED event): bounds the
  // Events a controller keeps posting, as the apiserver's event TTL does.
  std::size_t max_objects = 0;

  [[nodiscard]] std::string api_version() const;  // "v1", "data.fluid.io/v1alpha1"
  // "pods", "juicefsruntimes.data.fluid.io": as kube::ResourceRef::display_name(), kubectl and RBAC name it.
  [[nodiscard]] std::string resource_name() const;
};

// core/v1 nodes, pods, persistentvolumeclaims, events (at most 1,000), namespaces; coordination.k8s.io/v1
// leases; data.fluid.io/v1alpha1 datasets and the seven runtime kinds of kube::kDefaultRuntimeKinds (scale:
// .status.currentWorkerNumberScheduled, selector .status.selector where Fluid has one; ThinRuntime has no
// /scale); cachepilot.io/v1alpha1 cacheautoscalers. Every kind but events and leases has a status subresource.
[[nodiscard]] std::vector<ResourceKind> default_registry();

}  // namespace cachepilot::simkube
