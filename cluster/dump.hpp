#pragma once
// The offline cluster source: a dump of Kubernetes objects as `kubectl get nodes,pvc,datasets,
// alluxioruntimes -A -o json|yaml` prints it (a List), a single object, or a stream of YAML documents.
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "cluster/converter.hpp"
#include "common/result.hpp"

namespace cachepilot::cluster {

// Largest dump accepted; a bigger file is refused before it is read.
inline constexpr std::size_t kMaxDumpBytes = 512UL * 1024 * 1024;

[[nodiscard]] Result<ClusterObjects> parse_cluster_dump(std::string_view text);
// Errors name the file: "reading cluster dump examples/x.yaml: document 2, item 14: field ...".
[[nodiscard]] Result<ClusterObjects> load_cluster_dump(const std::string& path);

// Sorts one decoded Kubernetes object into `out` by its kind; objects of other kinds are skipped.
[[nodiscard]] Status add_object(const nlohmann::json& object, ClusterObjects& out);

// YAML (one document) to JSON, typing plain scalars as YAML 1.2's core schema does.
[[nodiscard]] Result<nlohmann::json> yaml_to_json(std::string_view yaml_text);

}  // namespace cachepilot::cluster
