#include "kube/live_cluster.hpp"

#include <map>

#include "cluster/fluid_v1alpha1.hpp"
#include "cluster/k8s_core_v1.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace cachepilot::kube {

ResourceRef runtime_resource(const std::string& kind) {
  std::string plural;
  for (const char c : kind) {
    plural.push_back(ascii_lower(c));
  }
  return ResourceRef{fluid::kGroup, "v1alpha1", plural + "s", {}};
}

namespace {

std::string object_key(const nlohmann::json& object) {
  const auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) {
    return {};
  }
  return meta->value("namespace", std::string()) + "/" + meta->value("name", std::string());
}

}  // namespace

// The objects of one resource, decoded into wire types. Guarded by the LiveCluster's objects mutex.
class LiveCluster::Sink final : public ReflectorSink {
 public:
  enum class Kind { kNode, kPvc, kDataset, kRuntime };

  Sink(LiveCluster& owner, Kind kind, std::string runtime_kind, metrics::ResourceWatchMetrics& metrics)
      : owner_(owner), kind_(kind), runtime_kind_(std::move(runtime_kind)), metrics_(metrics) {}

  void replace_all(std::vector<nlohmann::json>&& items) override {
    Objects fresh;
    for (auto& item : items) {
      add(fresh, item);
    }
    {
      std::lock_guard lock(owner_.objects_mutex_);
      std::swap(objects_, fresh);
    }
    owner_.mark_dirty();
  }

  void listed() override { owner_.mark_dirty(); }

  void apply(WatchEventType type, nlohmann::json&& object) override {
    const auto key = object_key(object);
    if (key == "/") {
      metrics_.count_decode_error();
      return;
    }
    if (type == WatchEventType::kDeleted) {
      std::lock_guard lock(owner_.objects_mutex_);
      erase(key);
    } else {
      Objects one;
      if (!add(one, object)) {
        return;
      }
      std::lock_guard lock(owner_.objects_mutex_);
      merge(one);
    }
    owner_.mark_dirty();
  }

  // Caller holds the objects mutex.
  void append_to(cluster::ClusterObjects& out) const {
    for (const auto& [key, node] : objects_.nodes) {
      out.nodes.push_back(node);
    }
    for (const auto& [key, pvc] : objects_.pvcs) {
      out.pvcs.push_back(pvc);
    }
    for (const auto& [key, dataset] : objects_.datasets) {
      out.datasets.push_back(dataset);
    }
    for (const auto& [key, runtime] : objects_.runtimes) {
      out.runtimes.push_back(runtime);
    }
  }
  [[nodiscard]] std::size_t size() const {
    return objects_.nodes.size() + objects_.pvcs.size() + objects_.datasets.size() + objects_.runtimes.size();
  }

 private:
  struct Objects {
    std::map<std::string, k8s::Node> nodes;
    std::map<std::string, k8s::PersistentVolumeClaim> pvcs;
    std::map<std::string, fluid::Dataset> datasets;
    std::map<std::string, fluid::Runtime> runtimes;
  };

  // Decodes one object into `into`; a decode failure is logged and counted, and the object skipped.
  bool add(Objects& into, nlohmann::json& object) {
    const auto key = object_key(object);
    Status status = ok_status();
    switch (kind_) {
      case Kind::kNode: {
        auto node = k8s::decode_node(object);
        if (node.ok()) {
          node->metadata.annotations.clear();  // unused by placement; often large on real nodes
          into.nodes.insert_or_assign(key, std::move(node).value());
        } else {
          status = node.error();
        }
        break;
      }
      case Kind::kPvc: {
        auto pvc = k8s::decode_pvc(object);
        if (pvc.ok()) {
          into.pvcs.insert_or_assign(key, std::move(pvc).value());
        } else {
          status = pvc.error();
        }
        break;
      }
      case Kind::kDataset: {
        auto dataset = fluid::decode_dataset(object);
        if (dataset.ok()) {
          into.datasets.insert_or_assign(key, std::move(dataset).value());
        } else {
          status = dataset.error();
        }
        break;
      }
      case Kind::kRuntime: {
        // Items of a LIST may omit kind; the collection says what they are.
        if (!object.contains("kind") || !object["kind"].is_string()) {
          object["kind"] = runtime_kind_;
        }
        auto runtime = fluid::decode_runtime(object);
        if (runtime.ok()) {
          into.runtimes.insert_or_assign(key, std::move(runtime).value());
        } else {
          status = runtime.error();
        }
        break;
      }
    }
    if (!status.ok()) {
      metrics_.count_decode_error();
      log::warn("skipping " + key + ": " + status.error().message);
      return false;
    }
    return true;
  }

  void merge(Objects& one) {
    for (auto& [k, v] : one.nodes) {
      objects_.nodes.insert_or_assign(k, std::move(v));
    }
    for (auto& [k, v] : one.pvcs) {
      objects_.pvcs.insert_or_assign(k, std::move(v));
    }
    for (auto& [k, v] : one.datasets) {
      objects_.datasets.insert_or_assign(k, std::move(v));
    }
    for (auto& [k, v] : one.runtimes) {
      objects_.runtimes.insert_or_assign(k, std::move(v));
    }
    metrics_.set_objects(static_cast<double>(size()));
  }

  void erase(const std::string& key) {
    objects_.nodes.erase(key);
    objects_.pvcs.erase(key);
    objects_.datasets.erase(key);
    objects_.runtimes.erase(key);
    metrics_.set_objects(static_cast<double>(size()));
  }

  LiveCluster& owner_;
  Kind kind_;
  std::string runtime_kind_;
  metrics::ResourceWatchMetrics& metrics_;
  Objects objects_;
};

LiveCluster::LiveCluster(const ApiClient& client, LiveClusterOptions options, cluster::SnapshotStore& store,
                         metrics::WatchMetrics& metrics, const Clock& clock)
    : options_(std::move(options)), store_(store), metrics_(metrics), clock_(clock) {
  auto add = [&](ResourceRef resource, Sink::Kind kind, const std::string& runtime_kind) {
    auto& resource_metrics = metrics_.resource(resource.display_name());
    sinks_.push_back(std::make_unique<Sink>(*this, kind, runtime_kind, resource_metrics));
    ReflectorOptions reflector_options;
    reflector_options.resource = std::move(resource);
    reflector_options.backoff = options_.backoff;
    reflector_options.watch_timeout_min_seconds = options_.watch_timeout_min_seconds;
    reflector_options.watch_timeout_max_seconds = options_.watch_timeout_max_seconds;
    reflector_options.missing_retry_seconds = options_.missing_retry_seconds;
    reflectors_.push_back(
        std::make_unique<Reflector>(client, std::move(reflector_options), *sinks_.back(), resource_metrics));
  };
  add(ResourceRef{"", "v1", "nodes", {}}, Sink::Kind::kNode, {});
  add(ResourceRef{"", "v1", "persistentvolumeclaims", {}}, Sink::Kind::kPvc, {});
  add(ResourceRef{fluid::kGroup, "v1alpha1", "datasets", {}}, Sink::Kind::kDataset, {});
  for (const auto& kind : options_.runtime_kinds) {
    add(runtime_resource(kind), Sink::Kind::kRuntime, kind);
  }
}

LiveCluster::~LiveCluster() { stop(); }

void LiveCluster::start() {
  if (rebuild_thread_.joinable()) {
    return;
  }
  rebuild_thread_ = std::thread([this] { rebuild_loop(); });
  for (auto& reflector : reflectors_) {
    reflector->start();
  }
}

void LiveCluster::stop() {
  for (auto& reflector : reflectors_) {
    reflector->stop();
  }
  {
    std::lock_guard lock(rebuild_mutex_);
    stopping_ = true;
  }
  rebuild_wake_.notify_all();
  if (rebuild_thread_.joinable()) {
    rebuild_thread_.join();
  }
}

void LiveCluster::set_cache_figures(std::vector<cluster::NodeCacheFigure> figures) {
  {
    std::lock_guard lock(objects_mutex_);
    figures_ = std::move(figures);
  }
  mark_dirty();
}

void LiveCluster::mark_dirty() {
  {
    std::lock_guard lock(rebuild_mutex_);
    dirty_ = true;
  }
  rebuild_wake_.notify_one();
}

bool LiveCluster::all_synced() const {
  for (const auto& reflector : reflectors_) {
    if (!reflector->synced()) {
      return false;
    }
  }
  return true;
}

cluster::SnapshotPtr LiveCluster::build_locked_copy() {
  cluster::ClusterObjects objects;
  std::vector<cluster::NodeCacheFigure> figures;
  {
    std::lock_guard lock(objects_mutex_);
    for (const auto& sink : sinks_) {
      sink->append_to(objects);
    }
    figures = figures_;
  }
  return cluster::build_snapshot(objects, figures, {options_.topology, ++generation_, clock_.unix_seconds()});
}

cluster::SnapshotPtr LiveCluster::build_now() { return build_locked_copy(); }

void LiveCluster::rebuild_loop() {
  std::unique_lock lock(rebuild_mutex_);
  auto last_build = clock_.now() - options_.min_rebuild_interval;
  while (true) {
    rebuild_wake_.wait(lock, [this] { return stopping_ || dirty_; });
    if (stopping_) {
      return;
    }
    if (!all_synced()) {
      dirty_ = false;  // the last reflector to sync marks dirty again
      continue;
    }
    // Coalesce: events arriving within the interval ride along with this rebuild.
    const auto due = last_build + options_.min_rebuild_interval;
    if (const auto now = clock_.now(); now < due) {
      if (rebuild_wake_.wait_for(lock, due - now, [this] { return stopping_; })) {
        return;
      }
    }
    dirty_ = false;
    lock.unlock();
    const auto started = clock_.now();
    auto snapshot = build_locked_copy();
    const auto finished = clock_.now();
    metrics_.observe_rebuild(std::chrono::duration<double>(finished - started).count());
    if (snapshot->warnings().size() != last_warning_count_) {
      last_warning_count_ = snapshot->warnings().size();
      for (const auto& warning : snapshot->warnings()) {
        log::warn("cluster: " + warning);
      }
    }
    const bool first = !first_snapshot_stored_.load();
    if (first) {
      log::info("cluster synced: " + std::to_string(snapshot->nodes().size()) + " nodes, " +
                std::to_string(snapshot->datasets().size()) + " datasets");
    }
    store_.store(std::move(snapshot));
    first_snapshot_stored_ = true;
    last_build = finished;
    lock.lock();
  }
}

}  // namespace cachepilot::kube
