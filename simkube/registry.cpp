#include "simkube/registry.hpp"

namespace cachepilot::simkube {

std::string ResourceKind::api_version() const { return group.empty() ? version : group + "/" + version; }

std::string ResourceKind::resource_name() const { return group.empty() ? plural : plural + "." + group; }

std::vector<ResourceKind> default_registry() {
  std::vector<ResourceKind> kinds;
  auto add = [&](std::string group, std::string version, std::string plural, std::string kind, bool namespaced,
                 bool status, std::optional<ScaleMapping> scale = std::nullopt, std::size_t max_objects = 0) {
    kinds.push_back(ResourceKind{std::move(group), std::move(version), std::move(plural), std::move(kind), namespaced,
                                 status, std::move(scale), max_objects});
  };
  add("", "v1", "nodes", "Node", false, true);
  add("", "v1", "pods", "Pod", true, true);
  add("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, true);
  add("", "v1", "events", "Event", true, false, std::nullopt, 1000);
  add("", "v1", "namespaces", "Namespace", false, true);
  add("coordination.k8s.io", "v1", "leases", "Lease", true, false);
  const std::string fluid = "data.fluid.io";
  add(fluid, "v1alpha1", "datasets", "Dataset", true, true);
  // deploy/crds/fluid-minimal: Fluid's scale subresources, with a selector where Fluid maps one.
  const ScaleMapping with_selector{".status.currentWorkerNumberScheduled", ".status.selector"};
  const ScaleMapping without_selector{".status.currentWorkerNumberScheduled", ""};
  add(fluid, "v1alpha1", "alluxioruntimes", "AlluxioRuntime", true, true, with_selector);
  add(fluid, "v1alpha1", "juicefsruntimes", "JuiceFSRuntime", true, true, with_selector);
  add(fluid, "v1alpha1", "jindoruntimes", "JindoRuntime", true, true, without_selector);
  add(fluid, "v1alpha1", "goosefsruntimes", "GooseFSRuntime", true, true, with_selector);
  add(fluid, "v1alpha1", "efcruntimes", "EFCRuntime", true, true, without_selector);
  add(fluid, "v1alpha1", "thinruntimes", "ThinRuntime", true, true);
  add(fluid, "v1alpha1", "vineyardruntimes", "VineyardRuntime", true, true, with_selector);
  add("cachepilot.io", "v1alpha1", "cacheautoscalers", "CacheAutoscaler", true, true);
  return kinds;
}

}  // namespace cachepilot::simkube
