#pragma once
// Every metric the extender exports, defined in one place (docs/metrics.md is checked against these names).
#include <array>
#include <string_view>

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

 private:
  prometheus::Family<prometheus::Counter>& requests_;
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
