#include "cluster/converter.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "common/quantity.hpp"

namespace cachepilot::cluster {

class SnapshotBuilder {
 public:
  explicit SnapshotBuilder(const ConvertOptions& options) : options_(options), snap_(std::make_shared<Snapshot>()) {
    snap_->generation_ = options.generation;
    snap_->built_at_unix_ = options.built_at_unix;
    snap_->topology_names_.emplace_back();  // id 0: unlabelled
  }

  SnapshotPtr build(const ClusterObjects& objects, std::span<const NodeCacheFigure> figures) {
    snap_->warnings_ = objects.warnings;
    add_nodes(objects.nodes);
    add_datasets(objects.datasets);
    apply_runtimes(objects.runtimes);
    map_pvcs(objects.pvcs);
    find_worker_nodes();
    apply_figures(figures);
    aggregate_topology();
    return snap_;
  }

 private:
  TopologyId intern(const std::string& name) {
    if (name.empty()) {
      return kNoTopology;
    }
    auto [it, inserted] = topology_ids_.try_emplace(name, static_cast<TopologyId>(snap_->topology_names_.size()));
    if (inserted) {
      snap_->topology_names_.push_back(name);
    }
    return it->second;
  }

  static std::string first_label(const std::map<std::string, std::string>& labels,
                                 const std::vector<std::string>& keys) {
    for (const auto& key : keys) {
      if (auto it = labels.find(key); it != labels.end() && !it->second.empty()) {
        return it->second;
      }
    }
    return {};
  }

  void warn(std::string message) { snap_->warnings_.push_back(std::move(message)); }

  void add_nodes(const std::vector<k8s::Node>& nodes) {
    snap_->nodes_.reserve(nodes.size());
    StringMap<NodeIndex> seen;
    for (const auto& n : nodes) {
      if (!seen.emplace(n.metadata.name, static_cast<NodeIndex>(snap_->nodes_.size())).second) {
        warn("node " + n.metadata.name + " listed twice; keeping the first");
        continue;
      }
      Node node;
      node.name = n.metadata.name;
      node.labels = n.metadata.labels;
      node.zone = first_label(node.labels, options_.topology.zone);
      node.region = first_label(node.labels, options_.topology.region);
      node.zone_id = intern(node.zone);
      node.region_id = intern(node.region);
      auto type = node.labels.find(std::string(kVirtualKubeletTypeLabel));
      node.is_virtual = type != node.labels.end() && type->second == kVirtualKubeletTypeValue;
      for (const auto& t : n.spec.taints) {
        node.is_virtual = node.is_virtual || t.key == kVirtualKubeletTaint;
      }
      snap_->nodes_.push_back(std::move(node));
    }
    std::vector<std::string_view> names;
    names.reserve(snap_->nodes_.size());
    for (const auto& node : snap_->nodes_) {
      names.emplace_back(node.name);
    }
    snap_->node_index_ = NameIndex(names);
  }

  std::uint64_t parse_size(const std::map<std::string, std::string>& states, const char* key, const std::string& what) {
    auto it = states.find(key);
    if (it == states.end() || it->second.empty()) {
      return 0;
    }
    auto bytes = parse_bytes(it->second);
    if (!bytes.ok()) {
      warn(what + ": " + key + " " + bytes.error().message + "; taken as unknown");
      return 0;
    }
    return *bytes;
  }

  void add_datasets(const std::vector<fluid::Dataset>& datasets) {
    snap_->datasets_.reserve(datasets.size());
    for (const auto& d : datasets) {
      const std::string key = d.metadata.namespace_ + "/" + d.metadata.name;
      if (snap_->dataset_by_key_.contains(key)) {
        warn("dataset " + key + " listed twice; keeping the first");
        continue;
      }
      Dataset ds;
      ds.namespace_ = d.metadata.namespace_;
      ds.name = d.metadata.name;
      ds.uid = d.metadata.uid;
      ds.bound = d.status.phase == "Bound";
      // "[Calculating]" and similar placeholders are not sizes: treated as unknown, quietly.
      if (!d.status.ufsTotal.empty() && d.status.ufsTotal.front() != '[') {
        std::map<std::string, std::string> total{{"ufsTotal", d.status.ufsTotal}};
        ds.size_bytes = parse_size(total, "ufsTotal", "dataset " + key);
      }
      ds.cached_bytes = parse_size(d.status.cacheStates, "cached", "dataset " + key);
      if (!d.status.runtimes.empty()) {
        ds.runtime_kind = runtime_kind_from(d.status.runtimes.front().type);
        ds.runtime_name = d.status.runtimes.front().name;
      }
      snap_->dataset_by_key_.emplace(key, static_cast<DatasetIndex>(snap_->datasets_.size()));
      snap_->datasets_.push_back(std::move(ds));
    }
  }

  void apply_runtimes(const std::vector<fluid::Runtime>& runtimes) {
    // A runtime has the same name and namespace as its dataset (Fluid's binding rule).
    for (const auto& rt : runtimes) {
      auto index = snap_->find_dataset(rt.metadata.namespace_, rt.metadata.name);
      if (!index) {
        warn(rt.kind + " " + rt.metadata.namespace_ + "/" + rt.metadata.name + " has no dataset of its name");
        continue;
      }
      auto& ds = snap_->datasets_[*index];
      if (ds.runtime_kind == RuntimeKind::kUnknown) {
        ds.runtime_kind = runtime_kind_from(rt.kind);
      }
      if (ds.runtime_name.empty()) {
        ds.runtime_name = rt.metadata.name;
      }
      if (ds.cached_bytes == 0) {
        ds.cached_bytes = parse_size(rt.status.cacheStates, "cached", rt.kind + " " + rt.metadata.name);
      }
      ds.workers_ready = rt.status.workerNumberReady;
      ds.workers_desired = rt.replicas.value_or(rt.status.desiredWorkerNumberScheduled);
    }
  }

  static bool is_fluid_pvc(const k8s::PersistentVolumeClaim& pvc) {
    for (const auto& [k, v] : pvc.metadata.labels) {
      if (k.starts_with(kFluidLabelPrefix) || k == kFluidManagedByLabel) {
        return true;
      }
    }
    return false;
  }

  // The dataset label key a Fluid PVC carries: fluid.io/s-<ns>-<name>=true (or the UID form Fluid switches
  // to when that would exceed 63 characters). Capacity labels (fluid.io/s-h-...) are skipped; when several
  // keys qualify, the shortest is Fluid's dataset label rather than a runtime-qualified one.
  static std::string worker_label_key(const k8s::PersistentVolumeClaim& pvc) {
    std::string best;
    for (const auto& [k, v] : pvc.metadata.labels) {
      if (k.starts_with(kFluidLabelPrefix) && !k.starts_with(kFluidCapacityLabelPrefix) && v == "true" &&
          (best.empty() || k.size() < best.size())) {
        best = k;
      }
    }
    return best;
  }

  void map_pvcs(const std::vector<k8s::PersistentVolumeClaim>& pvcs) {
    for (const auto& pvc : pvcs) {
      if (!is_fluid_pvc(pvc)) {
        continue;
      }
      const auto& ns = pvc.metadata.namespace_;
      auto index = snap_->find_dataset(ns, pvc.metadata.name);
      if (!index) {
        warn("PVC " + ns + "/" + pvc.metadata.name + " is labelled by Fluid but no dataset of its name is known");
        continue;
      }
      snap_->dataset_by_pvc_.emplace(ns + "/" + pvc.metadata.name, *index);
      auto key = worker_label_key(pvc);
      auto& ds = snap_->datasets_[*index];
      if (!key.empty() && ds.worker_label_key.empty()) {
        ds.worker_label_key = std::move(key);
      }
    }
    for (const auto& ds : snap_->datasets_) {
      if (ds.worker_label_key.empty()) {
        warn("dataset " + ds.namespace_ + "/" + ds.name +
             " has no PVC with a fluid.io/s- label: its cache workers cannot be located");
      }
    }
  }

  void find_worker_nodes() {
    StringMap<std::vector<DatasetIndex>> by_key;
    for (DatasetIndex d = 0; d < snap_->datasets_.size(); ++d) {
      if (!snap_->datasets_[d].worker_label_key.empty()) {
        by_key[snap_->datasets_[d].worker_label_key].push_back(d);
      }
    }
    if (by_key.empty()) {
      return;
    }
    for (NodeIndex n = 0; n < snap_->nodes_.size(); ++n) {
      auto& node = snap_->nodes_[n];
      for (const auto& [k, v] : node.labels) {
        if (v != "true" || !k.starts_with(kFluidLabelPrefix)) {
          continue;
        }
        if (auto it = by_key.find(k); it != by_key.end()) {
          for (auto d : it->second) {
            snap_->datasets_[d].holders.push_back(CacheHolder{n, 0});
          }
        }
      }
    }
    for (auto& ds : snap_->datasets_) {
      // Node labels visited in node-index order, so holders are already sorted.
      if (ds.holders.empty()) {
        continue;
      }
      ds.cache_source = CacheFigureSource::kEvenSplit;
      const auto count = ds.holders.size();
      const std::uint64_t share = ds.cached_bytes / count;
      std::uint64_t remainder = ds.cached_bytes % count;
      for (auto& h : ds.holders) {
        h.bytes = share + (remainder > 0 ? 1 : 0);
        remainder -= remainder > 0 ? 1 : 0;
      }
    }
  }

  void apply_figures(std::span<const NodeCacheFigure> figures) {
    std::map<DatasetIndex, std::map<NodeIndex, std::uint64_t>> measured;
    for (const auto& f : figures) {
      auto d = snap_->find_dataset(f.dataset_namespace, f.dataset_name);
      auto n = snap_->find_node(f.node);
      if (!d || !n) {
        continue;  // figures for objects the snapshot does not know are stale or foreign; ignore
      }
      measured[*d][*n] += f.bytes;
    }
    for (auto& [d, per_node] : measured) {
      auto& ds = snap_->datasets_[d];
      ds.holders.clear();
      for (const auto& [n, bytes] : per_node) {
        if (bytes > 0) {
          ds.holders.push_back(CacheHolder{n, bytes});
        }
      }
      ds.cache_source = CacheFigureSource::kMeasured;
    }
  }

  static void add_bytes(std::vector<TopologyBytes>& v, TopologyId id, std::uint64_t bytes) {
    auto it = std::lower_bound(v.begin(), v.end(), id, [](const TopologyBytes& t, TopologyId x) { return t.id < x; });
    if (it != v.end() && it->id == id) {
      it->bytes += bytes;
    } else {
      v.insert(it, TopologyBytes{id, bytes});
    }
  }

  void aggregate_topology() {
    for (auto& ds : snap_->datasets_) {
      for (const auto& h : ds.holders) {
        auto& node = snap_->nodes_[h.node];
        ++node.cache_datasets;
        add_bytes(ds.bytes_by_zone, node.zone_id, h.bytes);
        add_bytes(ds.bytes_by_region, node.region_id, h.bytes);
      }
    }
    snap_->placement_.reserve(snap_->nodes_.size());
    for (const auto& node : snap_->nodes_) {
      snap_->placement_.push_back(NodePlacement{node.zone_id, node.region_id, node.cache_datasets, node.is_virtual});
    }
  }

  const ConvertOptions& options_;
  std::shared_ptr<Snapshot> snap_;
  StringMap<TopologyId> topology_ids_;
};

SnapshotPtr build_snapshot(const ClusterObjects& objects, std::span<const NodeCacheFigure> figures,
                           const ConvertOptions& options) {
  return SnapshotBuilder(options).build(objects, figures);
}

}  // namespace cachepilot::cluster
