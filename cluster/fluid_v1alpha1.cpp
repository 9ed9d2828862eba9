#include "cluster/fluid_v1alpha1.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "cluster/wire_decode.hpp"

namespace cachepilot::fluid {

bool is_runtime_kind(std::string_view kind) {
  // Every Fluid runtime kind ends in "Runtime" (AlluxioRuntime, JuiceFSRuntime, JindoRuntime, GooseFSRuntime,
  // EFCRuntime, ThinRuntime, VineyardRuntime); the list grows, so match the suffix, not a fixed list.
  return kind.size() > 7 && kind.ends_with("Runtime");
}

Result<Dataset> decode_dataset(const nlohmann::json& j) {
  Dataset ds;
  auto meta = k8s::decode_object_meta(j);
  if (!meta.ok()) {
    return meta.error();
  }
  ds.metadata = std::move(meta).value();
  auto status = wire::child_object(j, "status");
  if (!status.ok()) {
    return status.error();
  }
  if (*status == nullptr) {
    return ds;
  }
  const auto& s = **status;
  CP_RETURN_IF_ERROR(wire::read_string(s, "phase", ds.status.phase));
  CP_RETURN_IF_ERROR(wire::read_string(s, "ufsTotal", ds.status.ufsTotal));
  CP_RETURN_IF_ERROR(wire::read_string_map(s, "cacheStates", ds.status.cacheStates));
  auto runtimes = wire::child_array(s, "runtimes");
  if (!runtimes.ok()) {
    return runtimes.error();
  }
  if (*runtimes != nullptr) {
    for (const auto& r : **runtimes) {
      DatasetRuntimeRef ref;
      CP_RETURN_IF_ERROR(wire::read_string(r, "name", ref.name));
      CP_RETURN_IF_ERROR(wire::read_string(r, "namespace", ref.namespace_));
      CP_RETURN_IF_ERROR(wire::read_string(r, "category", ref.category));
      CP_RETURN_IF_ERROR(wire::read_string(r, "type", ref.type));
      ds.status.runtimes.push_back(std::move(ref));
    }
  }
  return ds;
}

Result<Runtime> decode_runtime(const nlohmann::json& j) {
  Runtime rt;
  CP_RETURN_IF_ERROR(wire::read_string(j, "kind", rt.kind));
  auto meta = k8s::decode_object_meta(j);
  if (!meta.ok()) {
    return meta.error();
  }
  rt.metadata = std::move(meta).value();
  auto spec = wire::child_object(j, "spec");
  if (!spec.ok()) {
    return spec.error();
  }
  if (*spec != nullptr && (*spec)->contains("replicas")) {
    std::int64_t replicas = 0;
    CP_RETURN_IF_ERROR(wire::read_int(**spec, "replicas", replicas));
    rt.replicas = replicas;
  }
  auto status = wire::child_object(j, "status");
  if (!status.ok()) {
    return status.error();
  }
  if (*status != nullptr) {
    const auto& s = **status;
    CP_RETURN_IF_ERROR(wire::read_string_map(s, "cacheStates", rt.status.cacheStates));
    CP_RETURN_IF_ERROR(wire::read_int(s, "workerNumberReady", rt.status.workerNumberReady));
    CP_RETURN_IF_ERROR(wire::read_int(s, "currentWorkerNumberScheduled", rt.status.currentWorkerNumberScheduled));
    CP_RETURN_IF_ERROR(wire::read_int(s, "desiredWorkerNumberScheduled", rt.status.desiredWorkerNumberScheduled));
    CP_RETURN_IF_ERROR(wire::read_string(s, "selector", rt.status.selector));
  }
  return rt;
}

}  // namespace cachepilot::fluid
