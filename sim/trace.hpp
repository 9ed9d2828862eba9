#pragma once
// Workload traces for the simulator: the canonical CSV and the public formats of /work/shared/traces, all turned
// into per-second cache demand (bytes/s) plus, for request traces, the pods-waiting leading indicator.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace cachepilot::sim {

inline constexpr double kMiB = 1024.0 * 1024.0;
inline constexpr double kGiB = 1024.0 * kMiB;

// Importer parameters (flags of `cachepilot simulate`); a report names the values it used.
struct ImportOptions {
  double bytes_per_request = 256 * kMiB;  // azure-llm: bytes one invocation reads through its FUSE sidecar
  double read_seconds = 10;               // azure-llm: the reads are spread evenly over this many seconds
  double scale = 1 * kMiB;                // crane-dsp: bytes/s per unit of `value`
  double pod_start_s = 20;                // azure-llm: a pod appears this long before its reads begin
  // azure-llm: after its reads each pod runs this long more, serving, and is then deleted: it never finishes, so no
  // pod shows how long it read (a Knative revision's pods). 0: each pod finishes when its reads end (a batch job).
  double pod_serve_s = 0;
};

enum class TraceFormat { kCanonical, kAzureLlm, kCraneDsp };
[[nodiscard]] const char* to_string(TraceFormat f);

struct Trace {
  std::string name;  // file name without directory and extension
  TraceFormat format = TraceFormat::kCanonical;
  std::vector<double> demand;        // bytes/s, mean over second [t, t + 1), t = 0, 1, ...
  std::vector<double> waiting_pods;  // pods started but not yet reading, at second t (empty: no pod signal)
  std::vector<double> active_pods;   // pods running (reading, or serving after), mean over second t (empty: none)
  // Request traces, pod by pod as a cluster's pod informer shows them: when each pod's reads begin (seconds,
  // ascending), how long before that it was created, and how long it reads (empty: no pods).
  std::vector<double> pod_reads_begin;
  double pod_notice_s = 0;
  double pod_read_s = 0;
  double pod_serve_s = 0;    // each pod runs this long after its reads, then is deleted (0: it finishes at once)
  std::size_t rows = 0;      // data rows read
  double source_step_s = 0;  // series traces: the median step between rows; request traces: 0

  [[nodiscard]] bool has_pod_signal() const { return !waiting_pods.empty(); }
  [[nodiscard]] std::size_t seconds() const { return demand.size(); }
};

// Recognises the format by the header line:
//   canonical  "t_seconds,demand_bytes_per_s"   (t from 0, any step, piecewise constant)
//   azure-llm  "TIMESTAMP,ContextTokens,GeneratedTokens" (one request per row)
//   crane-dsp  "ts,value"                        (unix seconds, value × scale held for the step)
[[nodiscard]] Result<Trace> parse_trace(std::string_view text, std::string name, const ImportOptions& options);
[[nodiscard]] Result<Trace> load_trace(const std::string& path, const ImportOptions& options);

// Writes the canonical CSV of a demand series (one row per second); used to save generated traces.
[[nodiscard]] std::string to_canonical_csv(const std::vector<double>& demand);

}  // namespace cachepilot::sim
