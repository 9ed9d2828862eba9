#pragma once
// The pure placement core: which datasets a pod reads, how well each candidate node serves them, and which
// nodes a pod that requires its cache may not use. Functions of (snapshot, pod, policy): no I/O, no clock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cluster/snapshot.hpp"

namespace cachepilot::extender {

// Pod fields placement reads (a domain view; the wire reader fills it from v1.Pod).
struct PodInfo {
  std::string_view namespace_;
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  std::vector<std::pair<std::string_view, std::string_view>> annotations;
  std::vector<std::string_view> claim_names;
};

struct Policy {
  // Tier weights, defaulting to Fluid's tiered locality (fluid.io/node 100, zone 50, region 20). The score
  // is 10 × (weighted share) / (largest weight).
  double node_weight = 100;
  double zone_weight = 50;
  double region_weight = 20;
  // Pods that read no dataset prefer nodes without cache workers, as Fluid's webhook does.
  bool prefer_cache_free_nodes = true;
  // Also list FailedAndUnresolvableNodes entries in FailedNodes. kube-scheduler before 1.21 (e.g. 1.20.2) does
  // not know FailedAndUnresolvableNodes and would drop the nodes without their reason; newer ones give that map
  // precedence ("Nodes specified here takes precedence over FailedNodes", extender/v1/types.go), so listing a
  // node in both is right for every version. Off: every filtered node appears in FailedAndUnresolvableNodes only.
  bool duplicate_unresolvable_into_failed = true;
  // Leave hosts scoring 0 out of /prioritize replies. kube-scheduler (1.20 and later) adds score × weight for
  // each listed host and nothing for an absent one, so placement is the same, but it JSON-decodes every entry:
  // a 1,000-entry reply costs it 0.58 ms per pod (bench/scheduler/README.md). Off: every candidate is listed.
  bool omit_zero_scores = true;
};

struct WeightedDataset {
  cluster::DatasetIndex index = 0;
  double weight = 0;  // bytes
};

struct RequiredDataset {
  std::string name;  // as the label names it
  std::optional<cluster::DatasetIndex> index;
};

// What a pod needs from the cache, resolved against one snapshot.
struct PodNeeds {
  std::vector<WeightedDataset> datasets;      // deduplicated
  std::vector<RequiredDataset> required;      // from fluid.io/dataset.<name>.sched=required
  std::vector<std::string> unknown_datasets;  // named by the pod but not in the snapshot
  bool serverless = false;                    // serverless.fluid.io/inject=true: FUSE runs as a sidecar
  bool has_volumes = false;
};

[[nodiscard]] PodNeeds resolve_needs(const cluster::Snapshot& snapshot, const PodInfo& pod);

inline constexpr cluster::NodeIndex kUnknownNode = UINT32_MAX;

// Candidate names to snapshot indexes (kUnknownNode for names the snapshot lacks).
void resolve_nodes(const cluster::Snapshot& snapshot, std::span<const std::string_view> names,
                   std::vector<cluster::NodeIndex>& out);

struct ScoreStats {
  std::size_t unknown_nodes = 0;
};

// Scores 0..10 per candidate, in candidate order.
void score_nodes(const cluster::Snapshot& snapshot, const PodNeeds& needs,
                 std::span<const cluster::NodeIndex> candidates, const Policy& policy, std::vector<std::uint8_t>& out,
                 ScoreStats& stats);

enum class FilterVerdict : std::uint8_t { kPass, kFailUnresolvable };

struct FilterOutcome {
  std::vector<FilterVerdict> verdicts;  // per candidate
  std::vector<std::string> reasons;     // per candidate; empty for kPass
  std::size_t unknown_nodes = 0;
};

[[nodiscard]] FilterOutcome filter_nodes(const cluster::Snapshot& snapshot, const PodNeeds& needs,
                                         std::span<const cluster::NodeIndex> candidates);

// Label and annotation keys Fluid uses on pods.
inline constexpr std::string_view kDatasetsInUseAnnotation = "fluid.io/datasets-in-use";
inline constexpr std::string_view kServerlessInjectKey = "serverless.fluid.io/inject";
inline constexpr std::string_view kRequiredLabelPrefix = "fluid.io/dataset.";
inline constexpr std::string_view kRequiredLabelSuffix = ".sched";
inline constexpr std::string_view kRequiredLabelValue = "required";

}  // namespace cachepilot::extender
