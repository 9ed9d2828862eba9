#include "cluster/k8s_autoscaling_v1.hpp"

#include <nlohmann/json.hpp>

#include "cluster/wire_decode.hpp"

namespace cachepilot::k8s {

Result<HorizontalPodAutoscaler> decode_horizontal_pod_autoscaler(const nlohmann::json& j) {
  HorizontalPodAutoscaler hpa;
  auto meta = decode_object_meta(j);
  if (!meta.ok()) {
    return meta.error();
  }
  hpa.metadata = std::move(meta).value();
  auto spec = wire::child_object(j, "spec");
  if (!spec.ok()) {
    return spec.error();
  }
  if (*spec != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_int(**spec, "minReplicas", hpa.spec.minReplicas));
    CP_RETURN_IF_ERROR(wire::read_int(**spec, "maxReplicas", hpa.spec.maxReplicas));
    auto target = wire::child_object(**spec, "scaleTargetRef");
    if (!target.ok()) {
      return target.error();
    }
    if (*target != nullptr) {
      CP_RETURN_IF_ERROR(wire::read_string(**target, "kind", hpa.spec.scaleTargetRef.kind));
      CP_RETURN_IF_ERROR(wire::read_string(**target, "name", hpa.spec.scaleTargetRef.name));
      CP_RETURN_IF_ERROR(wire::read_string(**target, "apiVersion", hpa.spec.scaleTargetRef.apiVersion));
    }
  }
  if (hpa.spec.scaleTargetRef.kind.empty() || hpa.spec.scaleTargetRef.name.empty()) {
    return make_error(ErrorCode::kParse, "spec.scaleTargetRef needs kind and name");
  }
  return hpa;
}

}  // namespace cachepilot::k8s
