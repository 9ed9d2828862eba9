#include "metrics/watch_metrics.hpp"

namespace cachepilot::metrics {

ResourceWatchMetrics::ResourceWatchMetrics(WatchMetrics& owner, const std::string& resource)
    : owner_(owner),
      resource_(resource),
      synced_(owner.synced_.Add({{"resource", resource}})),
      installed_(owner.installed_.Add({{"resource", resource}})),
      relists_(owner.relists_.Add({{"resource", resource}})),
      reconnects_(owner.reconnects_.Add({{"resource", resource}})),
      decode_errors_(owner.decode_errors_.Add({{"resource", resource}})),
      objects_(owner.objects_.Add({{"resource", resource}})),
      last_event_age_(owner.last_event_age_.Add({{"resource", resource}})) {
  installed_.Set(1);
  last_event_age_.Set(-1);
}

void ResourceWatchMetrics::set_synced(bool synced) {
  synced_.Set(synced ? 1 : 0);
  if (synced) {
    last_event_ns_ = owner_.clock_.now().time_since_epoch().count();
  }
}
void ResourceWatchMetrics::set_installed(bool installed) { installed_.Set(installed ? 1 : 0); }
void ResourceWatchMetrics::count_relist() { relists_.Increment(); }
void ResourceWatchMetrics::count_reconnect() { reconnects_.Increment(); }
void ResourceWatchMetrics::count_decode_error() { decode_errors_.Increment(); }
void ResourceWatchMetrics::set_objects(double count) { objects_.Set(count); }
void ResourceWatchMetrics::count_event(const char* type) {
  owner_.events_.Add({{"resource", resource_}, {"type", type}}).Increment();
  last_event_ns_ = owner_.clock_.now().time_since_epoch().count();
}

WatchMetrics::WatchMetrics(Registry& registry, const Clock& clock)
    : clock_(clock),
      synced_(prometheus::BuildGauge()
                  .Name("cachepilot_watch_synced")
                  .Help("1 once the resource's first list has loaded (or it was found not installed)")
                  .Register(registry.get())),
      installed_(prometheus::BuildGauge()
                     .Name("cachepilot_watch_resource_installed")
                     .Help("0 when the API server does not serve the resource (its CRD is not installed)")
                     .Register(registry.get())),
      relists_(prometheus::BuildCounter()
                   .Name("cachepilot_watch_relists_total")
                   .Help("Full re-lists after the first (410 Gone, expired resourceVersion)")
                   .Register(registry.get())),
      reconnects_(prometheus::BuildCounter()
                      .Name("cachepilot_watch_reconnects_total")
                      .Help("Failed lists or watches retried after a backoff")
                      .Register(registry.get())),
      events_(prometheus::BuildCounter()
                  .Name("cachepilot_watch_events_total")
                  .Help("Watch events received, by type")
                  .Register(registry.get())),
      decode_errors_(prometheus::BuildCounter()
                         .Name("cachepilot_watch_decode_errors_total")
                         .Help("Objects skipped because a field had the wrong type")
                         .Register(registry.get())),
      objects_(prometheus::BuildGauge()
                   .Name("cachepilot_watch_objects")
                   .Help("Objects of the resource currently held")
                   .Register(registry.get())),
      last_event_age_(prometheus::BuildGauge()
                          .Name("cachepilot_watch_last_event_age_seconds")
                          .Help("Seconds since the last watch event or list of the resource (-1: none yet)")
                          .Register(registry.get())),
      rebuilds_(prometheus::BuildCounter()
                    .Name("cachepilot_snapshot_rebuilds_total")
                    .Help("Cluster snapshots rebuilt from watched objects")
                    .Register(registry.get())
                    .Add({})),
      rebuild_seconds_(prometheus::BuildHistogram()
                           .Name("cachepilot_snapshot_rebuild_duration_seconds")
                           .Help("Time to rebuild the cluster snapshot from watched objects")
                           .Register(registry.get())
                           .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                            0.1, 0.25, 0.5, 1})) {}

ResourceWatchMetrics& WatchMetrics::resource(const std::string& name) {
  std::lock_guard lock(mutex_);
  for (auto& r : resources_) {
    if (r->resource_ == name) {
      return *r;
    }
  }
  resources_.push_back(std::unique_ptr<ResourceWatchMetrics>(new ResourceWatchMetrics(*this, name)));
  return *resources_.back();
}

void WatchMetrics::observe_rebuild(double seconds) {
  rebuilds_.Increment();
  rebuild_seconds_.Observe(seconds);
}

void WatchMetrics::update_ages() {
  const auto now = clock_.now().time_since_epoch().count();
  std::lock_guard lock(mutex_);
  for (auto& r : resources_) {
    const auto last = r->last_event_ns_.load();
    r->last_event_age_.Set(last < 0 ? -1 : static_cast<double>(now - last) / 1e9);
  }
}

}  // namespace cachepilot::metrics
