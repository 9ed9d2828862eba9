#pragma once
// The one converter from Kubernetes objects to a cluster Snapshot. The dump-file source and the live API
// watch both feed it, so placement sees the same model whatever the source.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cluster/fluid_v1alpha1.hpp"
#include "cluster/k8s_core_v1.hpp"
#include "cluster/snapshot.hpp"

namespace cachepilot::cluster {

struct ClusterObjects {
  std::vector<k8s::Node> nodes;
  std::vector<k8s::PersistentVolumeClaim> pvcs;
  std::vector<fluid::Dataset> datasets;
  std::vector<fluid::Runtime> runtimes;
  std::vector<std::string> warnings;  // from decoding (skipped objects and why)
};

// A finer per-node cache figure than the even split, e.g. Alluxio worker CapacityUsed or JuiceFS
// juicefs_blockcache_bytes from Prometheus. When any figure names a dataset, that dataset's figures replace
// its even split entirely.
struct NodeCacheFigure {
  std::string dataset_namespace;
  std::string dataset_name;
  std::string node;
  std::uint64_t bytes = 0;
};

// Node label keys that place a node in a zone / region, in order of preference.
struct TopologyKeys {
  std::vector<std::string> zone{"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"};
  std::vector<std::string> region{"topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"};
};

struct ConvertOptions {
  TopologyKeys topology;
  std::uint64_t generation = 0;
  double built_at_unix = 0;
};

// Never fails: objects it cannot use are skipped with a warning recorded in the snapshot.
[[nodiscard]] SnapshotPtr build_snapshot(const ClusterObjects& objects, std::span<const NodeCacheFigure> figures,
                                         const ConvertOptions& options);

// Fluid's label conventions (pkg/common/label.go), shared by the converter and the scorer.
inline constexpr std::string_view kFluidLabelPrefix = "fluid.io/s-";
inline constexpr std::string_view kFluidCapacityLabelPrefix = "fluid.io/s-h-";
inline constexpr std::string_view kFluidManagedByLabel = "fluid.io/managed-by";
inline constexpr std::string_view kVirtualKubeletTypeLabel = "type";
inline constexpr std::string_view kVirtualKubeletTypeValue = "virtual-kubelet";
inline constexpr std::string_view kVirtualKubeletTaint = "virtual-kubelet.io/provider";

}  // namespace cachepilot::cluster
