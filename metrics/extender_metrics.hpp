#pragma once
// Every metric the extender exports, defined in one place (docs/metrics.md is checked against these names).
#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "metrics/registry.hpp"

namespace cachepilot::metrics {

enum class Verb { kFilter = 0, kPrioritize = 1, kHealth = 2, kMetrics = 3, kDebug = 4, kOther = 5 };
inline constexpr std::size_t kVerbCount = 6;
[[nodiscard]] std::string_view to_string(Verb verb) noexcept;

// Why a request or connection failed.
enum class ErrorKind {
  kMalformedJson = 0,    // body is not JSON, or fields have the wrong JSON types
  kMissingPod,           // ExtenderArgs without a Pod
  kEmptyNodeList,        // neither Nodes nor NodeNames, or an empty list
  kBodyTooLarge,         // Content-Length (or chunked total) over the limit
  kReadTimeout,          // a client too slow to send its request
  kBadRequest,           // HTTP-level garbage
  kNotFound,             // unknown path
  kMethodNotAllowed,     // wrong method on a known path
  kNoSnapshot,           // answered before any cluster snapshot was loaded
  kInternal,             // a bug
  kTlsHandshake,         // a client failed the TLS handshake (bad or missing client certificate, not TLS)
  kOverConnectionLimit,  // connections beyond --max-connections, closed at once
};
inline constexpr std::size_t kErrorKindCount = 12;
[[nodiscard]] std::string_view to_string(ErrorKind kind) noexcept;

// Why an answer was neutral (no locality information used for part of it).
enum class NeutralReason { kUnknownDataset = 0, kUnknownNode, kPodWithoutVolumes };
inline constexpr std::size_t kNeutralReasonCount = 3;
[[nodiscard]] std::string_view to_string(NeutralReason reason) noexcept;

// cachepilot_extender_dataset_requests_total for one snapshot's datasets, addressed by dataset index. The
// request path must not pay Family::Add (label hashing and a map lookup under the family's mutex) for every
// dataset of every pod, so each (dataset, verb) counter is looked up once, on its first use, and kept here; a
// new snapshot gets a new table (its indexes differ), whose lookups find the same counters again.
class DatasetRequestCounters {
 public:
  // `datasets`: (namespace, name) of each dataset, in the snapshot's index order.
  DatasetRequestCounters(prometheus::Family<prometheus::Counter>& family,
                         std::vector<std::pair<std::string, std::string>> datasets);

  // Counts one request of `verb` (kFilter or kPrioritize; others are ignored) for dataset `index`. O(1) once
  // the counter is known; thread-safe.
  void count(std::size_t index, Verb verb) const;
  [[nodiscard]] std::size_t size() const noexcept { return datasets_.size(); }

 private:
  static constexpr std::size_t kVerbs = 2;  // filter, prioritize
  prometheus::Family<prometheus::Counter>* family_;
  std::vector<std::pair<std::string, std::string>> datasets_;
  // kVerbs per dataset; null until first used. Two threads racing on a first use both get the same counter
  // from Family::Add, so either store is right.
  std::unique_ptr<std::atomic<prometheus::Counter*>[]> counters_;
};

class ExtenderMetrics {
 public:
  explicit ExtenderMetrics(Registry& registry);

  void count_request(Verb verb, int http_status);
  void observe_latency(Verb verb, double seconds);
  void count_error(ErrorKind kind);
  void count_neutral(NeutralReason reason, double amount = 1);
  void count_filtered_out(double nodes);
  void observe_candidates(double nodes);
  void set_snapshot(double nodes, double datasets, double generation, double built_at_unix);
  void set_snapshot_age(double seconds);
  // A table of per-dataset request counters for one snapshot's datasets (see DatasetRequestCounters).
  [[nodiscard]] DatasetRequestCounters dataset_request_counters(
      std::vector<std::pair<std::string, std::string>> datasets);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& dataset_requests_;
  std::array<prometheus::Histogram*, kVerbCount> latency_{};
  std::array<prometheus::Counter*, kErrorKindCount> errors_{};
  std::array<prometheus::Counter*, kNeutralReasonCount> neutral_{};
  prometheus::Counter& filtered_out_;
  prometheus::Histogram& candidates_;
  prometheus::Gauge& snapshot_nodes_;
  prometheus::Gauge& snapshot_datasets_;
  prometheus::Gauge& snapshot_generation_;
  prometheus::Gauge& snapshot_timestamp_;
  prometheus::Gauge& snapshot_age_;
};

}  // namespace cachepilot::metrics
