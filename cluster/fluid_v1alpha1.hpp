#pragma once
// Wire types for Fluid's data.fluid.io/v1alpha1 API (fluid-cloudnative/fluid api/v1alpha1/*_types.go).
// Status quantities are human-readable strings there ("52.18MiB", "100.0%"); they stay strings here and
// the converter parses them.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cluster/k8s_core_v1.hpp"
#include "common/result.hpp"

namespace cachepilot::fluid {

inline constexpr const char* kGroup = "data.fluid.io";

// status.runtimes[] of a Dataset (api/v1alpha1/dataset_types.go: Runtime).
struct DatasetRuntimeRef {
  std::string name;
  std::string namespace_;
  std::string category;
  std::string type;  // "alluxio", "juicefs", "jindo", ...
};

struct DatasetStatus {
  std::string phase;                               // "Bound", "NotBound", ...
  std::string ufsTotal;                            // "52.18MiB"
  std::map<std::string, std::string> cacheStates;  // "cached", "cacheCapacity", "cachedPercentage", ...
  std::vector<DatasetRuntimeRef> runtimes;
};

struct Dataset {
  k8s::ObjectMeta metadata;
  DatasetStatus status;
};

// Every runtime kind (AlluxioRuntime, JuiceFSRuntime, JindoRuntime, ...) shares these fields
// (api/v1alpha1/status.go: RuntimeStatus).
struct RuntimeStatus {
  std::map<std::string, std::string> cacheStates;
  std::int64_t workerNumberReady = 0;
  std::int64_t currentWorkerNumberScheduled = 0;
  std::int64_t desiredWorkerNumberScheduled = 0;
  std::string selector;
};

struct Runtime {
  std::string kind;  // "AlluxioRuntime", ...
  k8s::ObjectMeta metadata;
  std::optional<std::int64_t> replicas;  // spec.replicas
  RuntimeStatus status;
};

[[nodiscard]] bool is_runtime_kind(std::string_view kind);
[[nodiscard]] Result<Dataset> decode_dataset(const nlohmann::json& j);
[[nodiscard]] Result<Runtime> decode_runtime(const nlohmann::json& j);

}  // namespace cachepilot::fluid
