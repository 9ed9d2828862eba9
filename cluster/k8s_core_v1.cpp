#include "cluster/k8s_core_v1.hpp"

#include <nlohmann/json.hpp>

#include "cluster/wire_decode.hpp"

namespace cachepilot::k8s {

Result<ObjectMeta> decode_object_meta(const nlohmann::json& j) {
  ObjectMeta meta;
  auto md = wire::child_object(j, "metadata");
  if (!md.ok()) {
    return md.error();
  }
  if (*md == nullptr) {
    return make_error(ErrorCode::kParse, "object has no metadata");
  }
  const auto& m = **md;
  CP_RETURN_IF_ERROR(wire::read_string(m, "name", meta.name));
  CP_RETURN_IF_ERROR(wire::read_string(m, "namespace", meta.namespace_));
  CP_RETURN_IF_ERROR(wire::read_string(m, "uid", meta.uid));
  CP_RETURN_IF_ERROR(wire::read_string(m, "resourceVersion", meta.resourceVersion));
  CP_RETURN_IF_ERROR(wire::read_string_map(m, "labels", meta.labels));
  CP_RETURN_IF_ERROR(wire::read_string_map(m, "annotations", meta.annotations));
  if (meta.name.empty()) {
    return make_error(ErrorCode::kParse, "metadata.name is empty");
  }
  return meta;
}

Result<Node> decode_node(const nlohmann::json& j) {
  Node node;
  auto meta = decode_object_meta(j);
  if (!meta.ok()) {
    return meta.error();
  }
  node.metadata = std::move(meta).value();
  auto spec = wire::child_object(j, "spec");
  if (!spec.ok()) {
    return spec.error();
  }
  if (*spec != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_bool(**spec, "unschedulable", node.spec.unschedulable));
    auto taints = wire::child_array(**spec, "taints");
    if (!taints.ok()) {
      return taints.error();
    }
    if (*taints != nullptr) {
      for (const auto& t : **taints) {
        Taint taint;
        CP_RETURN_IF_ERROR(wire::read_string(t, "key", taint.key));
        CP_RETURN_IF_ERROR(wire::read_string(t, "value", taint.value));
        CP_RETURN_IF_ERROR(wire::read_string(t, "effect", taint.effect));
        node.spec.taints.push_back(std::move(taint));
      }
    }
  }
  return node;
}

Result<PersistentVolumeClaim> decode_pvc(const nlohmann::json& j) {
  PersistentVolumeClaim pvc;
  auto meta = decode_object_meta(j);
  if (!meta.ok()) {
    return meta.error();
  }
  pvc.metadata = std::move(meta).value();
  auto spec = wire::child_object(j, "spec");
  if (!spec.ok()) {
    return spec.error();
  }
  if (*spec != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_string(**spec, "volumeName", pvc.spec.volumeName));
    CP_RETURN_IF_ERROR(wire::read_string(**spec, "storageClassName", pvc.spec.storageClassName));
  }
  auto status = wire::child_object(j, "status");
  if (!status.ok()) {
    return status.error();
  }
  if (*status != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_string(**status, "phase", pvc.status.phase));
  }
  return pvc;
}

}  // namespace cachepilot::k8s
