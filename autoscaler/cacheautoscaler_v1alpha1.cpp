#include "autoscaler/cacheautoscaler_v1alpha1.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/quantity.hpp"
#include "common/strings.hpp"

namespace cachepilot::autoscaler {
namespace {

using nlohmann::json;

// ------------------------------------------------------------------------------------------------------------
// Decoding with full field paths ("spec.scaleDown.stabilizationSeconds: want integer, got string").

std::string join(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) {
    out += '.';
  }
  out += key;
  return out;
}

Error type_error(const std::string& path, const char* want, const json& got) {
  return make_error(ErrorCode::kParse, path + ": want " + want + ", got " + got.type_name());
}

// The value at key; nullptr when absent or null (as Go's decoder treats null).
const json* find(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

Status read_string(const json& obj, std::string_view path, const char* key, std::string& out) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return ok_status();
  }
  if (!v->is_string()) {
    return type_error(join(path, key), "string", *v);
  }
  out = v->get<std::string>();
  return ok_status();
}

Status read_optional_string(const json& obj, std::string_view path, const char* key, std::optional<std::string>& out) {
  std::string value;
  CP_RETURN_IF_ERROR(read_string(obj, path, key, value));
  if (find(obj, key) != nullptr) {
    out = std::move(value);
  }
  return ok_status();
}

Result<std::optional<std::int64_t>> read_optional_int(const json& obj, std::string_view path, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return std::optional<std::int64_t>{};
  }
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) {
      return make_error(ErrorCode::kParse, join(path, key) + ": integer out of range");
    }
    return std::optional<std::int64_t>{static_cast<std::int64_t>(u)};
  }
  if (!v->is_number_integer()) {
    return type_error(join(path, key), "integer", *v);
  }
  return std::optional<std::int64_t>{v->get<std::int64_t>()};
}

Status read_int(const json& obj, std::string_view path, const char* key, std::int64_t& out) {
  auto v = read_optional_int(obj, path, key);
  if (!v.ok()) {
    return v.error();
  }
  if (v->has_value()) {
    out = **v;
  }
  return ok_status();
}

Result<std::optional<double>> read_optional_number(const json& obj, std::string_view path, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return std::optional<double>{};
  }
  if (!v->is_number()) {
    return type_error(join(path, key), "number", *v);
  }
  return std::optional<double>{v->get<double>()};
}

Status read_number(const json& obj, std::string_view path, const char* key, double& out) {
  auto v = read_optional_number(obj, path, key);
  if (!v.ok()) {
    return v.error();
  }
  if (v->has_value()) {
    out = **v;
  }
  return ok_status();
}

Result<std::optional<IntOrString>> read_int_or_string(const json& obj, std::string_view path, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return std::optional<IntOrString>{};
  }
  if (v->is_string()) {
    return std::optional<IntOrString>{IntOrString::of(v->get<std::string>())};
  }
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      return make_error(ErrorCode::kParse, join(path, key) + ": integer out of range");
    }
    return std::optional<IntOrString>{IntOrString::of(v->get<std::int64_t>())};
  }
  return type_error(join(path, key), "integer or string", *v);
}

Result<const json*> child_object(const json& obj, std::string_view path, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return static_cast<const json*>(nullptr);
  }
  if (!v->is_object()) {
    return type_error(join(path, key), "object", *v);
  }
  return v;
}

// A status quantity (bytes/s): a quantity string or a number.
Result<std::optional<double>> read_rate(const json& obj, std::string_view path, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return std::optional<double>{};
  }
  if (v->is_number()) {
    return std::optional<double>{v->get<double>()};
  }
  if (!v->is_string()) {
    return type_error(join(path, key), "quantity string or number", *v);
  }
  auto bytes = parse_bytes(v->get<std::string>());
  if (!bytes.ok()) {
    return bytes.error().wrap(join(path, key));
  }
  return std::optional<double>{static_cast<double>(*bytes)};
}

Status decode_target_ref(const json& obj, TargetRef& out) {
  constexpr std::string_view path = "spec.targetRef";
  CP_RETURN_IF_ERROR(read_string(obj, path, "apiVersion", out.apiVersion));
  CP_RETURN_IF_ERROR(read_string(obj, path, "kind", out.kind));
  CP_RETURN_IF_ERROR(read_string(obj, path, "name", out.name));
  return ok_status();
}

Status decode_floor(const json& obj, CacheCapacityFloor& out) {
  constexpr std::string_view path = "spec.cacheCapacityFloor";
  auto dataset_bytes = read_int_or_string(obj, path, "datasetBytes");
  if (!dataset_bytes.ok()) {
    return dataset_bytes.error();
  }
  out.datasetBytes = std::move(dataset_bytes).value();
  if (const auto* v = find(obj, "fromDataset"); v != nullptr) {
    if (!v->is_boolean()) {
      return type_error(join(path, "fromDataset"), "boolean", *v);
    }
    out.fromDataset = v->get<bool>();
  }
  auto per_worker = read_int_or_string(obj, path, "perWorkerCacheBytes");
  if (!per_worker.ok()) {
    return per_worker.error();
  }
  if (per_worker->has_value()) {
    out.perWorkerCacheBytes = **per_worker;
  }
  return read_number(obj, path, "fraction", out.fraction);
}

Status decode_spec(const json& obj, CacheAutoscalerSpec& out) {
  constexpr std::string_view path = "spec";
  auto target = child_object(obj, path, "targetRef");
  if (!target.ok()) {
    return target.error();
  }
  if (*target != nullptr) {
    CP_RETURN_IF_ERROR(decode_target_ref(**target, out.targetRef));
  }
  CP_RETURN_IF_ERROR(read_int(obj, path, "minReplicas", out.minReplicas));
  CP_RETURN_IF_ERROR(read_int(obj, path, "maxReplicas", out.maxReplicas));
  auto throughput = read_int_or_string(obj, path, "workerThroughput");
  if (!throughput.ok()) {
    return throughput.error();
  }
  if (throughput->has_value()) {
    out.workerThroughput = **throughput;
  }
  CP_RETURN_IF_ERROR(read_number(obj, path, "targetUtilization", out.targetUtilization));
  auto lead = read_int_or_string(obj, path, "leadTime");
  if (!lead.ok()) {
    return lead.error();
  }
  if (lead->has_value()) {
    out.leadTime = **lead;
  }
  CP_RETURN_IF_ERROR(read_string(obj, path, "mode", out.mode));
  CP_RETURN_IF_ERROR(read_optional_string(obj, path, "demandQuery", out.demandQuery));
  auto pod_read = read_int_or_string(obj, path, "podReadThroughput");
  if (!pod_read.ok()) {
    return pod_read.error();
  }
  out.podReadThroughput = *pod_read;
  auto read_seconds = read_optional_int(obj, path, "podReadSeconds");
  if (!read_seconds.ok()) {
    return read_seconds.error();
  }
  out.podReadSeconds = *read_seconds;
  auto floor = child_object(obj, path, "cacheCapacityFloor");
  if (!floor.ok()) {
    return floor.error();
  }
  if (*floor != nullptr) {
    out.cacheCapacityFloor.emplace();
    CP_RETURN_IF_ERROR(decode_floor(**floor, *out.cacheCapacityFloor));
  }
  auto scale_down = child_object(obj, path, "scaleDown");
  if (!scale_down.ok()) {
    return scale_down.error();
  }
  if (*scale_down != nullptr) {
    CP_RETURN_IF_ERROR(
        read_int(**scale_down, "spec.scaleDown", "stabilizationSeconds", out.scaleDown.stabilizationSeconds));
    CP_RETURN_IF_ERROR(read_number(**scale_down, "spec.scaleDown", "unmetPrice", out.scaleDown.unmetPrice));
    CP_RETURN_IF_ERROR(read_number(**scale_down, "spec.scaleDown", "costBudget", out.scaleDown.costBudget));
  }
  return ok_status();
}

Status decode_condition(const json& obj, const std::string& path, Condition& out) {
  CP_RETURN_IF_ERROR(read_string(obj, path, "type", out.type));
  CP_RETURN_IF_ERROR(read_string(obj, path, "status", out.status));
  CP_RETURN_IF_ERROR(read_int(obj, path, "observedGeneration", out.observedGeneration));
  CP_RETURN_IF_ERROR(read_string(obj, path, "lastTransitionTime", out.lastTransitionTime));
  CP_RETURN_IF_ERROR(read_string(obj, path, "reason", out.reason));
  CP_RETURN_IF_ERROR(read_string(obj, path, "message", out.message));
  return ok_status();
}

Status decode_status(const json& obj, CacheAutoscalerStatus& out) {
  constexpr std::string_view path = "status";
  CP_RETURN_IF_ERROR(read_int(obj, path, "observedGeneration", out.observedGeneration));
  auto demand = read_rate(obj, path, "observedDemand");
  if (!demand.ok()) {
    return demand.error();
  }
  out.observedDemand = *demand;
  auto forecast = child_object(obj, path, "forecast");
  if (!forecast.ok()) {
    return forecast.error();
  }
  if (*forecast != nullptr) {
    ForecastStatus f;
    auto mean = read_rate(**forecast, "status.forecast", "mean");
    if (!mean.ok()) {
      return mean.error();
    }
    f.mean = *mean;
    auto upper = read_rate(**forecast, "status.forecast", "upper");
    if (!upper.ok()) {
      return upper.error();
    }
    f.upper = *upper;
    auto horizon = read_optional_int(**forecast, "status.forecast", "horizonSeconds");
    if (!horizon.ok()) {
      return horizon.error();
    }
    f.horizonSeconds = *horizon;
    out.forecast = f;
  }
  auto desired = read_optional_int(obj, path, "desiredReplicas");
  if (!desired.ok()) {
    return desired.error();
  }
  out.desiredReplicas = *desired;
  auto current = read_optional_int(obj, path, "currentReplicas");
  if (!current.ok()) {
    return current.error();
  }
  out.currentReplicas = *current;
  CP_RETURN_IF_ERROR(read_string(obj, path, "lastScaleTime", out.lastScaleTime));
  CP_RETURN_IF_ERROR(read_string(obj, path, "lastScaleReason", out.lastScaleReason));
  auto lead = read_optional_number(obj, path, "learnedLeadTimeSeconds");
  if (!lead.ok()) {
    return lead.error();
  }
  out.learnedLeadTimeSeconds = *lead;
  auto pod_read = read_rate(obj, path, "learnedPodReadThroughput");
  if (!pod_read.ok()) {
    return pod_read.error();
  }
  out.learnedPodReadThroughput = *pod_read;
  if (const auto* conditions = find(obj, "conditions"); conditions != nullptr) {
    if (!conditions->is_array()) {
      return type_error("status.conditions", "array", *conditions);
    }
    for (std::size_t i = 0; i < conditions->size(); ++i) {
      const auto item_path = "status.conditions[" + std::to_string(i) + "]";
      const auto& item = (*conditions)[i];
      if (!item.is_object()) {
        return type_error(item_path, "object", item);
      }
      Condition c;
      CP_RETURN_IF_ERROR(decode_condition(item, item_path, c));
      out.conditions.push_back(std::move(c));
    }
  }
  return ok_status();
}

// ------------------------------------------------------------------------------------------------------------
// Validation helpers

constexpr std::array<TargetKindInfo, 7> kTargetKinds{{
    // Alluxio: Fluid configures no Alluxio FUSE metrics endpoint, so read bytes per dataset are not exported.
    {"AlluxioRuntime", true, false},
    // JuiceFS FUSE clients serve juicefs_fuse_read_size_bytes (a histogram: _sum is read bytes).
    {"JuiceFSRuntime", true, true},
    // Jindo's FUSE serves metrics (port jindo-metrics), but no read-bytes series cachepilot relies on yet.
    {"JindoRuntime", true, false},
    {"GooseFSRuntime", true, false},
    {"EFCRuntime", true, false},
    // Fluid's ThinRuntime CRD has no /scale subresource.
    {"ThinRuntime", false, false},
    {"VineyardRuntime", true, false},
}};

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_dns_subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) {
    return false;
  }
  for (const auto& label : split_list(name, '.')) {
    if (label.empty() || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
  }
  // split_list drops empty parts: "a..b", ".a" and "a." must fail too.
  return name.front() != '.' && name.back() != '.' && name.find("..") == std::string_view::npos;
}

// A byte quantity of the spec: Ok(bytes) or the reason it is not one.
Result<std::uint64_t> spec_bytes(const IntOrString& q) {
  if (q.is_int) {
    if (q.int_value < 0) {
      return make_error(ErrorCode::kInvalidArgument, std::to_string(q.int_value) + " is negative");
    }
    return static_cast<std::uint64_t>(q.int_value);
  }
  auto bytes = parse_bytes(q.str_value);
  if (!bytes.ok()) {
    return make_error(ErrorCode::kInvalidArgument,
                      quote(q.str_value) + " is not a byte quantity (such as \"200Mi\", \"1G\" or \"500000000\")");
  }
  return *bytes;
}

}  // namespace

// --------------------------------------------------------------------------------------------------------------

const char* to_string(Mode mode) {
  switch (mode) {
    case Mode::kPredictive:
      return "Predictive";
    case Mode::kReactive:
      return "Reactive";
    case Mode::kDryRun:
      return "DryRun";
  }
  return "Predictive";
}

std::optional<Mode> parse_mode(std::string_view text) {
  for (const auto mode : {Mode::kPredictive, Mode::kReactive, Mode::kDryRun}) {
    if (text == to_string(mode)) {
      return mode;
    }
  }
  return std::nullopt;
}

Result<CacheAutoscaler> decode_cache_autoscaler(const nlohmann::json& j) {
  if (!j.is_object()) {
    return make_error(ErrorCode::kParse, std::string("CacheAutoscaler: want object, got ") + j.type_name());
  }
  std::string kind;
  CP_RETURN_IF_ERROR(read_string(j, "", "kind", kind));
  if (!kind.empty() && kind != kCacheAutoscalerKind) {
    return make_error(ErrorCode::kParse, "kind: want " + std::string(kCacheAutoscalerKind) + ", got " + quote(kind));
  }
  std::string api_version;
  CP_RETURN_IF_ERROR(read_string(j, "", "apiVersion", api_version));
  if (!api_version.empty() && api_version != kCacheAutoscalerApiVersion) {
    return make_error(ErrorCode::kParse,
                      "apiVersion: want " + std::string(kCacheAutoscalerApiVersion) + ", got " + quote(api_version));
  }
  CacheAutoscaler out;
  auto meta = k8s::decode_object_meta(j);
  if (!meta.ok()) {
    return meta.error();
  }
  out.metadata = std::move(meta).value();
  CP_RETURN_IF_ERROR(read_int(j.at("metadata"), "metadata", "generation", out.generation));
  auto spec = child_object(j, "", "spec");
  if (!spec.ok()) {
    return spec.error();
  }
  if (*spec == nullptr) {
    return make_error(ErrorCode::kParse, "spec: missing");
  }
  CP_RETURN_IF_ERROR(decode_spec(**spec, out.spec));
  auto status = child_object(j, "", "status");
  if (!status.ok()) {
    return status.error();
  }
  if (*status != nullptr) {
    CP_RETURN_IF_ERROR(decode_status(**status, out.status));
  }
  return out;
}

std::string format_rate_quantity(double bytes_per_second) {
  if (!std::isfinite(bytes_per_second) || bytes_per_second <= 0) {
    return "0";
  }
  if (bytes_per_second < 999.5) {
    return std::to_string(static_cast<std::int64_t>(std::llround(bytes_per_second)));
  }
  static constexpr std::array<char, 6> kUnits{'k', 'M', 'G', 'T', 'P', 'E'};
  std::size_t unit = 0;
  double scaled = bytes_per_second / 1e3;
  while (unit + 1 < kUnits.size() && scaled >= 1e3) {
    scaled /= 1e3;
    ++unit;
  }
  // Three decimals; a value that rounds up to 1000 of this unit moves to the next one ("1M", not "1000k").
  double rounded = std::round(scaled * 1e3) / 1e3;
  if (rounded >= 1e3 && unit + 1 < kUnits.size()) {
    ++unit;
    rounded = std::round(rounded) / 1e3;
  }
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), rounded, std::chars_format::fixed, 3);
  std::string text(buf.data(), ec == std::errc{} ? end : buf.data());
  while (!text.empty() && text.back() == '0') {
    text.pop_back();
  }
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text + kUnits[unit];
}

nlohmann::json encode_status(const CacheAutoscalerStatus& status) {
  json out = json::object();
  out["observedGeneration"] = status.observedGeneration;
  if (status.observedDemand) {
    out["observedDemand"] = format_rate_quantity(*status.observedDemand);
  }
  if (status.forecast) {
    json f = json::object();
    if (status.forecast->mean) {
      f["mean"] = format_rate_quantity(*status.forecast->mean);
    }
    if (status.forecast->upper) {
      f["upper"] = format_rate_quantity(*status.forecast->upper);
    }
    if (status.forecast->horizonSeconds) {
      f["horizonSeconds"] = *status.forecast->horizonSeconds;
    }
    out["forecast"] = std::move(f);
  }
  if (status.desiredReplicas) {
    out["desiredReplicas"] = *status.desiredReplicas;
  }
  if (status.currentReplicas) {
    out["currentReplicas"] = *status.currentReplicas;
  }
  if (!status.lastScaleTime.empty()) {
    out["lastScaleTime"] = status.lastScaleTime;
  }
  if (!status.lastScaleReason.empty()) {
    out["lastScaleReason"] = status.lastScaleReason;
  }
  if (status.learnedLeadTimeSeconds && std::isfinite(*status.learnedLeadTimeSeconds)) {
    out["learnedLeadTimeSeconds"] = *status.learnedLeadTimeSeconds;
  }
  if (status.learnedPodReadThroughput && std::isfinite(*status.learnedPodReadThroughput) &&
      *status.learnedPodReadThroughput > 0) {
    out["learnedPodReadThroughput"] = format_rate_quantity(*status.learnedPodReadThroughput);
  }
  json conditions = json::array();
  for (const auto& c : status.conditions) {
    // The required fields are written even when empty, so that the server names what is missing; an empty
    // message is left out (see the header).
    json item = {
        {"type", c.type}, {"status", c.status}, {"lastTransitionTime", c.lastTransitionTime}, {"reason", c.reason}};
    if (!c.message.empty()) {
      item["message"] = c.message;
    }
    if (c.observedGeneration != 0) {
      item["observedGeneration"] = c.observedGeneration;
    }
    conditions.push_back(std::move(item));
  }
  out["conditions"] = std::move(conditions);
  return out;
}

const TargetKindInfo* find_target_kind(std::string_view kind) {
  for (const auto& info : kTargetKinds) {
    if (kind == info.kind) {
      return &info;
    }
  }
  return nullptr;
}

std::vector<SpecProblem> validate_spec(const CacheAutoscalerSpec& spec) {
  std::vector<SpecProblem> problems;
  auto add = [&](std::string field, std::string reason) { problems.push_back({std::move(field), std::move(reason)}); };

  // targetRef
  const auto& ref = spec.targetRef;
  if (ref.apiVersion.empty()) {
    add("spec.targetRef.apiVersion", "required: the Fluid API version, such as data.fluid.io/v1alpha1");
  } else if (!ref.apiVersion.starts_with("data.fluid.io/") || ref.apiVersion.size() <= 14) {
    add("spec.targetRef.apiVersion",
        quote(ref.apiVersion) + " is not a Fluid API version (want data.fluid.io/<version>, such as v1alpha1)");
  }
  const TargetKindInfo* kind = find_target_kind(ref.kind);
  if (ref.kind.empty()) {
    add("spec.targetRef.kind", "required: a Fluid runtime kind, such as AlluxioRuntime or JuiceFSRuntime");
  } else if (kind == nullptr) {
    std::string kinds;
    for (const auto& info : kTargetKinds) {
      kinds += (kinds.empty() ? "" : ", ") + std::string(info.kind);
    }
    add("spec.targetRef.kind", quote(ref.kind) + " is not a Fluid runtime kind (want one of " + kinds + ")");
  } else if (!kind->has_scale) {
    add("spec.targetRef.kind", ref.kind +
                                   " has no /scale subresource in Fluid, and cachepilot scales runtimes only "
                                   "through /scale: scale this runtime by hand or use another runtime kind");
  }
  if (ref.name.empty()) {
    add("spec.targetRef.name", "required: the runtime's name (the same as its Dataset's)");
  } else if (!is_dns_subdomain(ref.name)) {
    add("spec.targetRef.name", quote(ref.name) + " is not a valid object name (lower-case DNS subdomain)");
  }

  // replicas
  if (spec.minReplicas < 0) {
    add("spec.minReplicas", std::to_string(spec.minReplicas) + " is negative (want 0 or more)");
  }
  if (spec.maxReplicas < 1) {
    add("spec.maxReplicas", "missing or below 1 (" + std::to_string(spec.maxReplicas) + "): want at least 1");
  } else if (spec.minReplicas > spec.maxReplicas) {
    add("spec.minReplicas", std::to_string(spec.minReplicas) + " is above spec.maxReplicas (" +
                                std::to_string(spec.maxReplicas) + "): lower minReplicas or raise maxReplicas");
  }

  // workerThroughput
  if (!spec.workerThroughput.is_int && spec.workerThroughput.str_value.empty()) {
    add("spec.workerThroughput", "required: bytes per second one worker serves, such as \"200Mi\"");
  } else if (auto bytes = spec_bytes(spec.workerThroughput); !bytes.ok()) {
    add("spec.workerThroughput", bytes.error().message);
  } else if (*bytes == 0) {
    add("spec.workerThroughput",
        quote(spec.workerThroughput.text()) + " is 0 bytes per second: no number of workers could serve any demand");
  }

  // targetUtilization: 0 < x <= 1 (NaN fails both comparisons)
  if (!(spec.targetUtilization > 0 && spec.targetUtilization <= 1)) {
    add("spec.targetUtilization", std::to_string(spec.targetUtilization) + " is outside (0, 1]");
  }

  // leadTime: 1..3600 seconds or "auto"
  if (spec.leadTime.is_int) {
    if (spec.leadTime.int_value < 1 || spec.leadTime.int_value > 3600) {
      add("spec.leadTime", std::to_string(spec.leadTime.int_value) + " s is outside 1..3600 (or use \"auto\")");
    }
  } else if (spec.leadTime.str_value != "auto") {
    add("spec.leadTime", quote(spec.leadTime.str_value) + " is neither integer seconds (1..3600) nor \"auto\"");
  }

  // mode
  if (!parse_mode(spec.mode)) {
    add("spec.mode", quote(spec.mode) + " is not a mode (want Predictive, Reactive or DryRun)");
  }

  // demandQuery
  if (spec.demandQuery) {
    if (trim(*spec.demandQuery).empty()) {
      add("spec.demandQuery", "is empty: leave it out or give a PromQL query");
    }
  } else if (kind != nullptr && kind->has_scale && !kind->default_demand_query) {
    add("spec.demandQuery", "required for " + ref.kind +
                                ": its FUSE clients export no read bytes per dataset, so give a PromQL query "
                                "whose value is the dataset's read demand in bytes per second");
  }

  // podReadThroughput
  if (spec.podReadThroughput) {
    if (auto bytes = spec_bytes(*spec.podReadThroughput); !bytes.ok()) {
      add("spec.podReadThroughput", bytes.error().message);
    }
  }

  // podReadSeconds: 1..86400
  if (spec.podReadSeconds && (*spec.podReadSeconds < 1 || *spec.podReadSeconds > 86400)) {
    add("spec.podReadSeconds",
        std::to_string(*spec.podReadSeconds) + " s is outside 1..86400 (leave it out: shown only)");
  }

  // cacheCapacityFloor
  if (const auto& floor = spec.cacheCapacityFloor) {
    const bool from_dataset = floor->fromDataset.value_or(false);
    if (floor->datasetBytes && from_dataset) {
      add("spec.cacheCapacityFloor", "sets both datasetBytes and fromDataset: true; keep one");
    } else if (!floor->datasetBytes && !from_dataset) {
      add("spec.cacheCapacityFloor.datasetBytes", "required unless fromDataset is true");
    } else if (floor->datasetBytes) {
      if (auto bytes = spec_bytes(*floor->datasetBytes); !bytes.ok()) {
        add("spec.cacheCapacityFloor.datasetBytes", bytes.error().message);
      }
    }
    if (!floor->perWorkerCacheBytes.is_int && floor->perWorkerCacheBytes.str_value.empty()) {
      add("spec.cacheCapacityFloor.perWorkerCacheBytes", "required: the cache capacity of one worker");
    } else if (auto bytes = spec_bytes(floor->perWorkerCacheBytes); !bytes.ok()) {
      add("spec.cacheCapacityFloor.perWorkerCacheBytes", bytes.error().message);
    } else if (*bytes == 0) {
      add("spec.cacheCapacityFloor.perWorkerCacheBytes",
          quote(floor->perWorkerCacheBytes.text()) + " is 0 bytes: no number of workers could hold the dataset");
    }
    if (!(floor->fraction >= 0 && floor->fraction <= 1)) {
      add("spec.cacheCapacityFloor.fraction", std::to_string(floor->fraction) + " is outside [0, 1]");
    }
  }

  // scaleDown
  if (spec.scaleDown.stabilizationSeconds < 0 || spec.scaleDown.stabilizationSeconds > 86400) {
    add("spec.scaleDown.stabilizationSeconds",
        std::to_string(spec.scaleDown.stabilizationSeconds) + " is outside 0..86400");
  }
  if (!(spec.scaleDown.unmetPrice >= 0 && spec.scaleDown.unmetPrice <= 1000)) {
    add("spec.scaleDown.unmetPrice", std::to_string(spec.scaleDown.unmetPrice) + " is outside [0, 1000]");
  }
  if (!(spec.scaleDown.costBudget >= 0 && spec.scaleDown.costBudget <= 100)) {
    add("spec.scaleDown.costBudget", std::to_string(spec.scaleDown.costBudget) + " is outside [0, 100]");
  }
  return problems;
}

std::string describe(const std::vector<SpecProblem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) {
      out += "; ";
    }
    out += p.field + ": " + p.reason;
  }
  return out;
}

Result<double> worker_throughput_bytes_per_second(const CacheAutoscalerSpec& spec) {
  auto bytes = spec_bytes(spec.workerThroughput);
  if (!bytes.ok()) {
    return bytes.error().wrap("spec.workerThroughput");
  }
  if (*bytes == 0) {
    return make_error(ErrorCode::kInvalidArgument, "spec.workerThroughput: 0 bytes per second");
  }
  return static_cast<double>(*bytes);
}

Result<double> pod_read_throughput_bytes_per_second(const CacheAutoscalerSpec& spec) {
  if (!spec.podReadThroughput) {
    return 0.0;
  }
  auto bytes = spec_bytes(*spec.podReadThroughput);
  if (!bytes.ok()) {
    return bytes.error().wrap("spec.podReadThroughput");
  }
  return static_cast<double>(*bytes);
}

std::optional<std::int64_t> lead_time_seconds(const CacheAutoscalerSpec& spec) {
  if (spec.leadTime.is_int) {
    return spec.leadTime.int_value;
  }
  return std::nullopt;
}

}  // namespace cachepilot::autoscaler
