#include "metrics/extender_metrics.hpp"

#include <string>

namespace cachepilot::metrics {

std::string_view to_string(Verb verb) noexcept {
  switch (verb) {
    case Verb::kFilter:
      return "filter";
    case Verb::kPrioritize:
      return "prioritize";
    case Verb::kHealth:
      return "health";
    case Verb::kMetrics:
      return "metrics";
    case Verb::kDebug:
      return "debug";
    case Verb::kOther:
      return "other";
  }
  return "other";
}

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kMalformedJson:
      return "malformed_json";
    case ErrorKind::kMissingPod:
      return "missing_pod";
    case ErrorKind::kEmptyNodeList:
      return "empty_node_list";
    case ErrorKind::kBodyTooLarge:
      return "body_too_large";
    case ErrorKind::kReadTimeout:
      return "read_timeout";
    case ErrorKind::kBadRequest:
      return "bad_request";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kMethodNotAllowed:
      return "method_not_allowed";
    case ErrorKind::kNoSnapshot:
      return "no_snapshot";
    case ErrorKind::kInternal:
      return "internal";
    case ErrorKind::kTlsHandshake:
      return "tls_handshake";
    case ErrorKind::kOverConnectionLimit:
      return "over_connection_limit";
  }
  return "internal";
}

std::string_view to_string(NeutralReason reason) noexcept {
  switch (reason) {
    case NeutralReason::kUnknownDataset:
      return "unknown_dataset";
    case NeutralReason::kUnknownNode:
      return "unknown_node";
    case NeutralReason::kPodWithoutVolumes:
      return "pod_without_volumes";
  }
  return "unknown_dataset";
}

namespace {
// Latency buckets from 50 µs to 2.5 s: the scheduler's budget per cycle is ~10 ms, its timeout 5 s.
const prometheus::Histogram::BucketBoundaries& latency_buckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets{
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
  return kBuckets;
}
}  // namespace

ExtenderMetrics::ExtenderMetrics(Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("cachepilot_extender_requests_total")
                    .Help("HTTP requests served by the extender, by verb and status code")
                    .Register(registry.get())),
      dataset_requests_(prometheus::BuildCounter()
                            .Name("cachepilot_extender_dataset_requests_total")
                            .Help("/filter and /prioritize requests for pods reading each dataset of the snapshot, "
                                  "by namespace, dataset and verb (a leading indicator of the dataset's load)")
                            .Register(registry.get())),
      filtered_out_(prometheus::BuildCounter()
                        .Name("cachepilot_extender_filtered_nodes_total")
                        .Help("Candidate nodes /filter removed (pods requiring their dataset's cache)")
                        .Register(registry.get())
                        .Add({})),
      candidates_(prometheus::BuildHistogram()
                      .Name("cachepilot_extender_candidate_nodes")
                      .Help("Candidate nodes per /filter or /prioritize request")
                      .Register(registry.get())
                      .Add({}, prometheus::Histogram::BucketBoundaries{1, 10, 100, 500, 1000, 2500, 5000, 10000})),
      snapshot_nodes_(prometheus::BuildGauge()
                          .Name("cachepilot_snapshot_nodes")
                          .Help("Nodes in the current cluster snapshot")
                          .Register(registry.get())
                          .Add({})),
      snapshot_datasets_(prometheus::BuildGauge()
                             .Name("cachepilot_snapshot_datasets")
                             .Help("Fluid datasets in the current cluster snapshot")
                             .Register(registry.get())
                             .Add({})),
      snapshot_generation_(prometheus::BuildGauge()
                               .Name("cachepilot_snapshot_generation")
                               .Help("Generation number of the current cluster snapshot")
                               .Register(registry.get())
                               .Add({})),
      snapshot_timestamp_(prometheus::BuildGauge()
                              .Name("cachepilot_snapshot_timestamp_seconds")
                              .Help("Unix time the current cluster snapshot was built")
                              .Register(registry.get())
                              .Add({})),
      snapshot_age_(prometheus::BuildGauge()
                        .Name("cachepilot_snapshot_age_seconds")
                        .Help("Seconds since the current cluster snapshot was built (at scrape time)")
                        .Register(registry.get())
                        .Add({})) {
  auto& latency = prometheus::BuildHistogram()
                      .Name("cachepilot_extender_request_duration_seconds")
                      .Help("Time from a complete request to its response, by verb")
                      .Register(registry.get());
  for (std::size_t v = 0; v < kVerbCount; ++v) {
    latency_[v] = &latency.Add({{"verb", std::string(to_string(static_cast<Verb>(v)))}}, latency_buckets());
  }
  auto& errors = prometheus::BuildCounter()
                     .Name("cachepilot_extender_errors_total")
                     .Help("Requests or connections the extender refused or could not complete, by kind")
                     .Register(registry.get());
  for (std::size_t k = 0; k < kErrorKindCount; ++k) {
    errors_[k] = &errors.Add({{"kind", std::string(to_string(static_cast<ErrorKind>(k)))}});
  }
  auto& neutral = prometheus::BuildCounter()
                      .Name("cachepilot_extender_neutral_answers_total")
                      .Help("Answers given without locality information, by reason (nodes for unknown_node)")
                      .Register(registry.get());
  for (std::size_t r = 0; r < kNeutralReasonCount; ++r) {
    neutral_[r] = &neutral.Add({{"reason", std::string(to_string(static_cast<NeutralReason>(r)))}});
  }
}

void ExtenderMetrics::count_request(Verb verb, int http_status) {
  // Family::Add looks the label set up under a lock; requests are few enough per second for this to be
  // cheap next to JSON parsing, and status codes are open-ended.
  requests_.Add({{"verb", std::string(to_string(verb))}, {"code", std::to_string(http_status)}}).Increment();
}
void ExtenderMetrics::observe_latency(Verb verb, double seconds) {
  latency_[static_cast<std::size_t>(verb)]->Observe(seconds);
}
void ExtenderMetrics::count_error(ErrorKind kind) { errors_[static_cast<std::size_t>(kind)]->Increment(); }
void ExtenderMetrics::count_neutral(NeutralReason reason, double amount) {
  neutral_[static_cast<std::size_t>(reason)]->Increment(amount);
}
void ExtenderMetrics::count_filtered_out(double nodes) { filtered_out_.Increment(nodes); }
void ExtenderMetrics::observe_candidates(double nodes) { candidates_.Observe(nodes); }
void ExtenderMetrics::set_snapshot(double nodes, double datasets, double generation, double built_at_unix) {
  snapshot_nodes_.Set(nodes);
  snapshot_datasets_.Set(datasets);
  snapshot_generation_.Set(generation);
  snapshot_timestamp_.Set(built_at_unix);
}
void ExtenderMetrics::set_snapshot_age(double seconds) { snapshot_age_.Set(seconds); }

DatasetRequestCounters ExtenderMetrics::dataset_request_counters(
    std::vector<std::pair<std::string, std::string>> datasets) {
  return {dataset_requests_, std::move(datasets)};
}

DatasetRequestCounters::DatasetRequestCounters(prometheus::Family<prometheus::Counter>& family,
                                               std::vector<std::pair<std::string, std::string>> datasets)
    : family_(&family),
      datasets_(std::move(datasets)),
      counters_(std::make_unique<std::atomic<prometheus::Counter*>[]>(datasets_.size() * kVerbs)) {}

void DatasetRequestCounters::count(std::size_t index, Verb verb) const {
  if (index >= datasets_.size() || (verb != Verb::kFilter && verb != Verb::kPrioritize)) {
    return;
  }
  auto& slot = counters_[index * kVerbs + (verb == Verb::kFilter ? 0 : 1)];
  auto* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    const auto& [ns, name] = datasets_[index];
    counter = &family_->Add({{"namespace", ns}, {"dataset", name}, {"verb", std::string(to_string(verb))}});
    slot.store(counter, std::memory_order_release);
  }
  counter->Increment();
}

}  // namespace cachepilot::metrics
