#pragma once
// Reports of a simulation: report.json (machine-readable, every parameter), report.html (self-contained, SVG plots)
// and the text table printed on stdout.
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/simulator.hpp"
#include "sim/trace.hpp"

namespace cachepilot::sim {

struct RunInfo {
  std::string trace_name;
  std::string trace_path;
  TraceFormat format = TraceFormat::kCanonical;
  ImportOptions import;
  SimParams params;
  std::vector<std::string> policies;
  double duration_s = 0;
  double total_bytes = 0;
  double peak_demand = 0;
  double mean_demand = 0;
  bool pod_signal = false;
};

[[nodiscard]] RunInfo describe(const Trace& trace, const std::string& path, const ImportOptions& import,
                               const SimParams& params, const std::vector<std::string>& policies);

[[nodiscard]] std::string report_json(const RunInfo& info, const std::vector<PolicyResult>& results);
[[nodiscard]] std::string report_html(const RunInfo& info, const std::vector<PolicyResult>& results);
[[nodiscard]] std::string report_table(const RunInfo& info, const std::vector<PolicyResult>& results);

// Creates dir (and parents) and writes report.json and report.html into it.
[[nodiscard]] Status write_report(const std::string& dir, const RunInfo& info,
                                  const std::vector<PolicyResult>& results);

}  // namespace cachepilot::sim
