#include "kube/scale.hpp"

#include "cluster/wire_decode.hpp"

namespace cachepilot::kube {

using nlohmann::json;

Result<ScaleState> decode_scale(const json& scale) {
  ScaleState out;
  if (!scale.is_object()) {
    return make_error(ErrorCode::kParse, "Scale: not an object");
  }
  if (auto meta = wire::child_object(scale, "metadata"); !meta.ok()) {
    return meta.error();
  } else if (*meta != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_string(**meta, "resourceVersion", out.resource_version));
  }
  if (auto spec = wire::child_object(scale, "spec"); !spec.ok()) {
    return spec.error();
  } else if (*spec != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_int(**spec, "replicas", out.spec_replicas));
  }
  if (auto status = wire::child_object(scale, "status"); !status.ok()) {
    return status.error();
  } else if (*status != nullptr) {
    CP_RETURN_IF_ERROR(wire::read_int(**status, "replicas", out.status_replicas));
    CP_RETURN_IF_ERROR(wire::read_string(**status, "selector", out.selector));
  }
  if (out.spec_replicas < 0 || out.status_replicas < 0) {
    return make_error(ErrorCode::kParse, "Scale: negative replicas");
  }
  return out;
}

namespace {

std::string scale_path(const ResourceRef& runtime, const std::string& name) {
  return runtime.object_path(name) + "/scale";
}

Error api_failure(const std::string& what, const ApiError& error) {
  return make_error(error.status == 404 ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                    what + ": " + to_string(error));
}

}  // namespace

Result<ScaleState> get_scale(const ApiClient& client, const ResourceRef& runtime, const std::string& name) {
  auto got = client.get(scale_path(runtime, name));
  if (!got.ok()) {
    return api_failure("GET " + scale_path(runtime, name), *got.error);
  }
  auto state = decode_scale(*got.value);
  if (!state.ok()) {
    return state.error().wrap(scale_path(runtime, name));
  }
  return state;
}

Result<ScaleWrite> set_replicas(const ApiClient& client, const ResourceRef& runtime, const std::string& name,
                                std::int64_t replicas, int max_attempts) {
  if (replicas < 0) {
    return make_error(ErrorCode::kInvalidArgument, "replicas must not be negative");
  }
  ScaleWrite write;
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    auto current = get_scale(client, runtime, name);
    if (!current.ok()) {
      return current.error();
    }
    write.before = *current;
    if (current->spec_replicas == replicas) {
      write.after = *current;
      return write;
    }
    const json body{
        {"apiVersion", "autoscaling/v1"},
        {"kind", "Scale"},
        {"metadata",
         {{"name", name}, {"namespace", runtime.namespace_}, {"resourceVersion", current->resource_version}}},
        {"spec", {{"replicas", replicas}}}};
    auto put = client.call("PUT", scale_path(runtime, name), body.dump());
    if (put.ok()) {
      auto after = decode_scale(*put.value);
      if (!after.ok()) {
        return after.error().wrap("PUT " + scale_path(runtime, name));
      }
      write.after = *after;
      return write;
    }
    if (put.error->status != 409) {
      return api_failure("PUT " + scale_path(runtime, name), *put.error);
    }
    ++write.conflicts;  // someone else wrote the runtime in between: read again
  }
  return make_error(ErrorCode::kUnavailable, "PUT " + scale_path(runtime, name) + ": still conflicting after " +
                                                 std::to_string(max_attempts) + " attempts");
}

}  // namespace cachepilot::kube
