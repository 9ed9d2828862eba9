#pragma once
// A small fluent builder for the Kubernetes and Fluid objects the converter reads. Each `node()`, `dataset()`,
// `pvc()` or `runtime()` starts an object; the modifiers after it apply to the object started last.
//
//   auto snap = ClusterBuilder()
//                   .node("n1").zone("z1").region("r1").worker_of("default", "hbase")
//                   .dataset("default", "hbase").ufs_total("4GiB").cached("3GiB")
//                   .fluid_pvc("default", "hbase")
//                   .snapshot();
#include <cassert>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cluster/converter.hpp"
#include "cluster/fluid_v1alpha1.hpp"
#include "cluster/k8s_core_v1.hpp"

namespace cachepilot::testing {

inline constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";
inline constexpr const char* kRegionLabel = "topology.kubernetes.io/region";

// Fluid's common dataset label key, as Fluid writes it when it is short enough (pkg/utils/label.go).
inline std::string fluid_dataset_label(const std::string& ns, const std::string& name) {
  return "fluid.io/s-" + ns + "-" + name;
}

class ClusterBuilder {
 public:
  // --- nodes ---
  ClusterBuilder& node(std::string name) {
    k8s::Node n;
    n.metadata.name = std::move(name);
    n.metadata.uid = "uid-node-" + n.metadata.name;
    objects_.nodes.push_back(std::move(n));
    current_ = Current::kNode;
    return *this;
  }
  ClusterBuilder& zone(std::string zone) { return label(kZoneLabel, std::move(zone)); }
  ClusterBuilder& region(std::string region) { return label(kRegionLabel, std::move(region)); }
  // The labels Fluid puts on a node running a cache worker of ns/name (common and runtime-qualified keys plus a
  // capacity label, which is a quota and must not be read as a worker marker).
  ClusterBuilder& worker_of(const std::string& ns, const std::string& name, const std::string& runtime = "alluxio") {
    assert(current_ == Current::kNode);
    auto& labels = objects_.nodes.back().metadata.labels;
    labels[fluid_dataset_label(ns, name)] = "true";
    labels["fluid.io/s-" + runtime + "-" + ns + "-" + name] = "true";
    labels["fluid.io/s-h-" + runtime + "-t-" + ns + "-" + name] = "20GiB";
    return *this;
  }
  ClusterBuilder& virtual_kubelet() { return label("type", "virtual-kubelet"); }
  ClusterBuilder& taint(std::string key, std::string value = "", std::string effect = "NoSchedule") {
    assert(current_ == Current::kNode);
    objects_.nodes.back().spec.taints.push_back(k8s::Taint{std::move(key), std::move(value), std::move(effect)});
    return *this;
  }

  // --- datasets: Bound, bound to an Alluxio runtime of the same name ---
  ClusterBuilder& dataset(std::string ns, std::string name) {
    fluid::Dataset d;
    d.metadata.namespace_ = std::move(ns);
    d.metadata.name = std::move(name);
    d.metadata.uid = "uid-ds-" + d.metadata.namespace_ + "-" + d.metadata.name;
    d.status.phase = "Bound";
    d.status.runtimes.push_back(
        fluid::DatasetRuntimeRef{d.metadata.name, d.metadata.namespace_, "Accelerate", "alluxio"});
    objects_.datasets.push_back(std::move(d));
    current_ = Current::kDataset;
    return *this;
  }
  ClusterBuilder& ufs_total(std::string total) {
    assert(current_ == Current::kDataset);
    objects_.datasets.back().status.ufsTotal = std::move(total);
    return *this;
  }
  // status.cacheStates.cached of the current dataset or runtime.
  ClusterBuilder& cached(std::string cached) {
    if (current_ == Current::kRuntime) {
      objects_.runtimes.back().status.cacheStates["cached"] = std::move(cached);
    } else {
      assert(current_ == Current::kDataset);
      objects_.datasets.back().status.cacheStates["cached"] = std::move(cached);
    }
    return *this;
  }
  ClusterBuilder& phase(std::string phase) {
    assert(current_ == Current::kDataset);
    objects_.datasets.back().status.phase = std::move(phase);
    return *this;
  }
  ClusterBuilder& runtime_type(std::string type) {
    assert(current_ == Current::kDataset);
    objects_.datasets.back().status.runtimes.front().type = std::move(type);
    return *this;
  }
  ClusterBuilder& no_runtime_ref() {
    assert(current_ == Current::kDataset);
    objects_.datasets.back().status.runtimes.clear();
    return *this;
  }
  ClusterBuilder& uid(std::string uid) {
    meta().uid = std::move(uid);
    return *this;
  }

  // --- PVCs ---
  ClusterBuilder& pvc(std::string ns, std::string name) {
    k8s::PersistentVolumeClaim p;
    p.metadata.namespace_ = std::move(ns);
    p.metadata.name = std::move(name);
    p.status.phase = "Bound";
    objects_.pvcs.push_back(std::move(p));
    current_ = Current::kPvc;
    return *this;
  }
  // The PVC Fluid creates for a dataset: labelled fluid.io/s-<ns>-<name>=true and fluid.io/dataset-id.
  ClusterBuilder& fluid_pvc(const std::string& ns, const std::string& name) {
    pvc(ns, name);
    label(fluid_dataset_label(ns, name), "true");
    label("fluid.io/dataset-id", ns + "-" + name);
    objects_.pvcs.back().spec.storageClassName = "fluid";
    objects_.pvcs.back().spec.volumeName = ns + "-" + name;
    return *this;
  }
  // A dataset with its Fluid PVC: the usual case in placement tests.
  ClusterBuilder& fluid_dataset(const std::string& ns, const std::string& name, std::string total,
                                std::string cached_bytes) {
    dataset(ns, name).ufs_total(std::move(total)).cached(std::move(cached_bytes));
    fluid_pvc(ns, name);
    current_ = Current::kDataset;  // the dataset, not its PVC, is what later calls refine
    return *this;
  }

  // --- runtimes ---
  ClusterBuilder& runtime(std::string kind, std::string ns, std::string name) {
    fluid::Runtime r;
    r.kind = std::move(kind);
    r.metadata.namespace_ = std::move(ns);
    r.metadata.name = std::move(name);
    objects_.runtimes.push_back(std::move(r));
    current_ = Current::kRuntime;
    return *this;
  }
  ClusterBuilder& workers(std::int64_t ready, std::int64_t desired) {
    assert(current_ == Current::kRuntime);
    auto& rt = objects_.runtimes.back();
    rt.status.workerNumberReady = ready;
    rt.status.currentWorkerNumberScheduled = ready;
    rt.status.desiredWorkerNumberScheduled = desired;
    return *this;
  }
  ClusterBuilder& replicas(std::int64_t replicas) {
    assert(current_ == Current::kRuntime);
    objects_.runtimes.back().replicas = replicas;
    return *this;
  }

  // --- any object ---
  ClusterBuilder& label(std::string key, std::string value) {
    meta().labels[std::move(key)] = std::move(value);
    return *this;
  }
  ClusterBuilder& annotation(std::string key, std::string value) {
    meta().annotations[std::move(key)] = std::move(value);
    return *this;
  }

  [[nodiscard]] const cluster::ClusterObjects& objects() const { return objects_; }
  [[nodiscard]] cluster::SnapshotPtr snapshot(std::span<const cluster::NodeCacheFigure> figures = {},
                                              const cluster::ConvertOptions& options = {}) const {
    return cluster::build_snapshot(objects_, figures, options);
  }

 private:
  enum class Current { kNone, kNode, kDataset, kPvc, kRuntime };

  k8s::ObjectMeta& meta() {
    switch (current_) {
      case Current::kNode:
        return objects_.nodes.back().metadata;
      case Current::kDataset:
        return objects_.datasets.back().metadata;
      case Current::kPvc:
        return objects_.pvcs.back().metadata;
      case Current::kRuntime:
        return objects_.runtimes.back().metadata;
      case Current::kNone:
        break;
    }
    assert(false && "label() before any object");
    return objects_.nodes.front().metadata;
  }

  cluster::ClusterObjects objects_;
  Current current_ = Current::kNone;
};

// 2^30: the arithmetic in the tests is in GiB.
inline constexpr std::uint64_t kGiB = 1ULL << 30U;

}  // namespace cachepilot::testing
