#pragma once
// The cluster model placement reads: an immutable snapshot of nodes, datasets and where their cache lives.
// Built by one converter (converter.hpp) from Kubernetes objects, whatever their source (dump file, API
// watch); shared read-only between threads and swapped atomically (SnapshotStore).
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cluster/name_index.hpp"

namespace cachepilot::cluster {

using NodeIndex = std::uint32_t;
using DatasetIndex = std::uint32_t;
// Zones and regions are interned: id 0 means "not labelled"; ids are dense so scorers can use vectors.
using TopologyId = std::uint32_t;
inline constexpr TopologyId kNoTopology = 0;

enum class RuntimeKind { kUnknown, kAlluxio, kJuiceFS, kJindo, kGooseFS, kEFC, kThin, kVineyard };
[[nodiscard]] std::string_view to_string(RuntimeKind kind) noexcept;
// Accepts Fluid's status.runtimes[].type ("alluxio", "juicefs") and CRD kinds ("AlluxioRuntime").
[[nodiscard]] RuntimeKind runtime_kind_from(std::string_view type_or_kind) noexcept;

struct Node {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string zone;
  std::string region;
  TopologyId zone_id = kNoTopology;
  TopologyId region_id = kNoTopology;
  bool is_virtual = false;           // Virtual Kubelet node: no node-local cache can exist there
  std::uint32_t cache_datasets = 0;  // datasets whose cache workers run on this node
};

// The per-node facts scoring reads for every candidate, packed densely (16 bytes a node) so a request over
// thousands of nodes streams through one array instead of touching each Node's strings and maps.
struct NodePlacement {
  TopologyId zone_id = kNoTopology;
  TopologyId region_id = kNoTopology;
  std::uint32_t cache_datasets = 0;
  bool is_virtual = false;
};

// Where the per-node byte figures of a dataset come from.
enum class CacheFigureSource {
  kNone,       // no worker nodes known
  kEvenSplit,  // dataset cached bytes divided evenly over the nodes Fluid labels as its workers
  kMeasured,   // per-node figures from a finer source (engine metrics)
};
[[nodiscard]] std::string_view to_string(CacheFigureSource source) noexcept;

struct CacheHolder {
  NodeIndex node = 0;
  std::uint64_t bytes = 0;
};

struct TopologyBytes {
  TopologyId id = kNoTopology;
  std::uint64_t bytes = 0;
};

struct Dataset {
  std::string namespace_;
  std::string name;
  std::string uid;
  std::uint64_t size_bytes = 0;    // status.ufsTotal; 0 when unknown
  std::uint64_t cached_bytes = 0;  // status.cacheStates.cached of the dataset, else of its runtime
  RuntimeKind runtime_kind = RuntimeKind::kUnknown;
  std::string runtime_name;
  bool bound = false;
  // The node label naming this dataset's cache workers, read from the dataset PVC's own labels
  // (fluid.io/s-<ns>-<name>=true or its UID form); empty when no PVC of the dataset is known.
  std::string worker_label_key;
  CacheFigureSource cache_source = CacheFigureSource::kNone;
  std::vector<CacheHolder> holders;            // sorted by node index
  std::vector<TopologyBytes> bytes_by_zone;    // sorted by id; unlabelled nodes under kNoTopology
  std::vector<TopologyBytes> bytes_by_region;  // sorted by id
  std::int64_t workers_ready = 0;
  std::int64_t workers_desired = 0;

  [[nodiscard]] std::uint64_t holder_bytes_total() const noexcept;
  // Bytes the share denominators use: the dataset's size, or what is cached when the size is unknown.
  [[nodiscard]] std::uint64_t weight_bytes() const noexcept;
};

// Heterogeneous lookup so request paths can find by string_view without allocating.
struct StringHash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

class Snapshot {
 public:
  [[nodiscard]] const std::vector<Node>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] const std::vector<Dataset>& datasets() const noexcept { return datasets_; }
  [[nodiscard]] const std::vector<NodePlacement>& placement() const noexcept { return placement_; }
  [[nodiscard]] std::optional<NodeIndex> find_node(std::string_view name) const;
  // The hot-path form: the node's index, or `missing`.
  [[nodiscard]] NodeIndex node_index_or(std::string_view name, NodeIndex missing) const noexcept {
    const auto i = node_index_.find(name);
    return i == NameIndex::kNotFound ? missing : i;
  }
  [[nodiscard]] std::optional<DatasetIndex> find_dataset(std::string_view ns, std::string_view name) const;
  // The dataset a pod's PVC claim names, as Fluid matches it: a Fluid-labelled PVC bound to a dataset, or a
  // dataset of the same name in the pod's namespace.
  [[nodiscard]] std::optional<DatasetIndex> find_dataset_for_claim(std::string_view ns, std::string_view claim) const;
  [[nodiscard]] std::string_view topology_name(TopologyId id) const;
  [[nodiscard]] std::size_t topology_count() const noexcept { return topology_names_.size(); }
  // Bytes of dataset d cached on node n (0 when none).
  [[nodiscard]] std::uint64_t bytes_on_node(DatasetIndex d, NodeIndex n) const;
  // Whether node n runs a cache worker of dataset d (even one that holds no bytes yet).
  [[nodiscard]] bool holds_cache(DatasetIndex d, NodeIndex n) const;

  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }
  [[nodiscard]] double built_at_unix() const noexcept { return built_at_unix_; }
  // Problems the converter worked around (a PVC naming a missing dataset, unparsable sizes...).
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }

 private:
  friend class SnapshotBuilder;
  std::vector<Node> nodes_;
  std::vector<Dataset> datasets_;
  std::vector<NodePlacement> placement_;     // parallel to nodes_
  NameIndex node_index_;                     // built once all nodes are in
  StringMap<DatasetIndex> dataset_by_key_;   // "ns/name"
  StringMap<DatasetIndex> dataset_by_pvc_;   // "ns/claim"
  std::vector<std::string> topology_names_;  // index = TopologyId; [0] = ""
  std::uint64_t generation_ = 0;
  double built_at_unix_ = 0;
  std::vector<std::string> warnings_;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

// Holds the current snapshot. Readers take one shared_ptr and use it for a whole request, so a swap in the
// middle of a request never mixes two cluster states.
class SnapshotStore {
 public:
  [[nodiscard]] SnapshotPtr load() const { return current_.load(std::memory_order_acquire); }
  void store(SnapshotPtr snapshot) { current_.store(std::move(snapshot), std::memory_order_release); }

 private:
  std::atomic<SnapshotPtr> current_;
};

}  // namespace cachepilot::cluster
