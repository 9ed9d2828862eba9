#include "sim/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cachepilot/version.hpp"

namespace cachepilot::sim {
namespace {

// fmt("%.3f", v) and fmt("%.4g", v) without a non-literal format string: the spec is parsed here.
std::string fmt(std::string_view spec, double v) {
  char buf[512];
  const int precision = spec.size() >= 4 ? spec[2] - '0' : 3;
  if (spec.ends_with('g')) {
    (void)std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  } else {
    (void)std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  }
  return buf;
}

std::string human_rate(double bytes_per_s) {
  const char* units[] = {"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"};
  int u = 0;
  while (bytes_per_s >= 1024 && u < 4) {
    bytes_per_s /= 1024;
    ++u;
  }
  return fmt("%.3g", bytes_per_s) + " " + units[u];
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const PolicyResult* find(const std::vector<PolicyResult>& results, const std::string& name) {
  for (const auto& r : results) {
    if (r.policy == name) {
      return &r;
    }
  }
  return nullptr;
}

// Demand (max per pixel column, so bursts stay visible) and ready capacity (min per column, so shortfalls do).
std::string svg_timeline(const PolicyResult& r, double throughput, double y_max) {
  constexpr int kW = 960;
  constexpr int kH = 180;
  constexpr int kPad = 40;
  const auto& s = r.series;
  const std::size_t n = s.t.size();
  std::ostringstream o;
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kW << "' height='" << kH + 30 << "' viewBox='0 0 " << kW
    << ' ' << kH + 30 << "'>";
  o << "<rect x='" << kPad << "' y='5' width='" << kW - kPad - 5 << "' height='" << kH
    << "' fill='#fafafa' stroke='#ccc'/>";
  if (n == 0 || y_max <= 0) {
    o << "</svg>";
    return o.str();
  }
  const double t_end = s.t.back() + s.step_s;
  const int cols = kW - kPad - 5;
  std::vector<double> dmax(static_cast<std::size_t>(cols), -1);
  std::vector<double> rmin(static_cast<std::size_t>(cols), -1);
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<std::size_t>(std::min(cols - 1.0, std::floor(s.t[i] / t_end * cols)));
    dmax[c] = std::max(dmax[c], s.demand[i]);
    const double cap = s.ready_workers[i] * throughput;
    rmin[c] = rmin[c] < 0 ? cap : std::min(rmin[c], cap);
  }
  const auto poly = [&](const std::vector<double>& v, const char* color) {
    o << "<polyline fill='none' stroke='" << color << "' stroke-width='1' points='";
    for (std::size_t c = 0; c < v.size(); ++c) {
      if (v[c] < 0) {
        continue;
      }
      const double y = 5 + kH - std::min(v[c], y_max) / y_max * kH;
      o << kPad + static_cast<double>(c) << ',' << fmt("%.1f", y) << ' ';
    }
    o << "'/>";
  };
  poly(rmin, "#2a7");
  poly(dmax, "#c33");
  o << "<text x='2' y='14' font-size='10'>" << escape_html(human_rate(y_max)) << "</text>";
  o << "<text x='2' y='" << kH + 5 << "' font-size='10'>0</text>";
  o << "<text x='" << kPad << "' y='" << kH + 22 << "' font-size='10'>0 s</text>";
  o << "<text x='" << kW - 80 << "' y='" << kH + 22 << "' font-size='10'>" << fmt("%.0f", t_end) << " s</text>";
  o << "</svg>";
  return o.str();
}

std::string svg_scatter(const std::vector<PolicyResult>& results) {
  constexpr int kW = 640;
  constexpr int kH = 400;
  constexpr int kPad = 60;
  double x_max = 0;
  double y_max = 0;
  for (const auto& r : results) {
    x_max = std::max(x_max, r.worker_seconds);
    y_max = std::max(y_max, r.unmet_fraction * 100);
  }
  x_max = x_max > 0 ? x_max * 1.1 : 1;
  y_max = y_max > 0 ? y_max * 1.1 : 1;
  std::ostringstream o;
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kW << "' height='" << kH << "' viewBox='0 0 " << kW << ' '
    << kH << "'>";
  o << "<rect x='" << kPad << "' y='10' width='" << kW - kPad - 10 << "' height='" << kH - kPad - 10
    << "' fill='#fafafa' stroke='#ccc'/>";
  const double pw = kW - kPad - 10;
  const double ph = kH - kPad - 10;
  for (const auto& r : results) {
    const double x = kPad + r.worker_seconds / x_max * pw;
    const double y = 10 + ph - r.unmet_fraction * 100 / y_max * ph;
    const char* color = r.policy == "cachepilot" ? "#06c" : (r.policy == "oracle" ? "#080" : "#a33");
    o << "<circle cx='" << fmt("%.1f", x) << "' cy='" << fmt("%.1f", y) << "' r='4' fill='" << color << "'/>";
    o << "<text x='" << fmt("%.1f", x + 6) << "' y='" << fmt("%.1f", y - 4) << "' font-size='11'>"
      << escape_html(r.policy) << "</text>";
  }
  o << "<text x='" << kPad << "' y='" << kH - 25 << "' font-size='11'>worker-seconds (cost) → max "
    << fmt("%.4g", x_max) << "</text>";
  o << "<text x='4' y='20' font-size='11'>unmet %</text>";
  o << "<text x='4' y='34' font-size='11'>max " << fmt("%.3g", y_max) << "</text>";
  o << "</svg>";
  return o.str();
}

}  // namespace

RunInfo describe(const Trace& trace, const std::string& path, const ImportOptions& import, const SimParams& params,
                 const std::vector<std::string>& policies) {
  RunInfo info;
  info.trace_name = trace.name;
  info.trace_path = path;
  info.format = trace.format;
  info.import = import;
  info.params = params;
  info.policies = policies;
  info.duration_s = static_cast<double>(trace.seconds());
  info.total_bytes = std::accumulate(trace.demand.begin(), trace.demand.end(), 0.0);
  info.peak_demand = trace.demand.empty() ? 0 : *std::max_element(trace.demand.begin(), trace.demand.end());
  info.mean_demand = info.duration_s > 0 ? info.total_bytes / info.duration_s : 0;
  info.pod_signal = trace.has_pod_signal();
  return info;
}

std::string report_json(const RunInfo& info, const std::vector<PolicyResult>& results) {
  using nlohmann::json;
  const SimParams& p = info.params;
  json j;
  j["cachepilot_version"] = kVersion;
  j["trace"] = {{"name", info.trace_name},
                {"path", info.trace_path},
                {"format", to_string(info.format)},
                {"duration_seconds", info.duration_s},
                {"total_bytes", info.total_bytes},
                {"peak_demand_bytes_per_s", info.peak_demand},
                {"mean_demand_bytes_per_s", info.mean_demand},
                {"pod_signal", info.pod_signal}};
  j["trace_name"] = info.trace_name;
  json importer = {{"format", to_string(info.format)}};
  if (info.format == TraceFormat::kAzureLlm) {
    importer["bytes_per_request"] = info.import.bytes_per_request;
    importer["read_seconds"] = info.import.read_seconds;
    importer["pod_start_seconds"] = info.import.pod_start_s;
    importer["pod_serve_seconds"] = info.import.pod_serve_s;
  } else if (info.format == TraceFormat::kCraneDsp) {
    importer["scale_bytes_per_s_per_unit"] = info.import.scale;
  }
  j["parameters"] = {{"worker_throughput_bytes_per_s", p.worker_throughput},
                     {"lead_time_seconds", p.lead_time_s},
                     {"min_workers", p.min_workers},
                     {"max_workers", p.max_workers},
                     {"initial_workers", p.initial_workers},
                     {"decision_interval_seconds", p.decision_interval_s},
                     {"target_utilization", p.target_utilization},
                     {"hold_seconds", p.hold_s},
                     {"reactive_lag_seconds", p.reactive_lag_s},
                     {"unmet_price", p.unmet_price},
                     {"cost_budget", p.cost_budget},
                     {"pod_read_throughput_bytes_per_s", p.pod_read_throughput},
                     {"pod_read_seconds", p.pod_read_seconds},
                     {"dataset_bytes", p.dataset_bytes},
                     {"worker_cache_bytes", p.worker_cache_bytes},
                     {"effective_min_workers", p.effective_min()},
                     {"slo_unmet_fraction", p.slo_unmet_fraction},
                     {"importer", importer},
                     {"policies", info.policies}};
  const PolicyResult* oracle = find(results, "oracle");
  json policies = json::object();
  for (const auto& r : results) {
    json pr;
    pr["unmet_fraction"] = r.unmet_fraction;
    pr["slo_violation_seconds"] = r.slo_violation_seconds;
    pr["worker_seconds"] = r.worker_seconds;
    pr["scale_actions"] = r.scale_actions;
    pr["forecast_mape_at_lead"] = r.forecast_mape_at_lead ? json(*r.forecast_mape_at_lead) : json(nullptr);
    pr["unmet_bytes"] = r.unmet_bytes;
    pr["total_bytes"] = r.total_bytes;
    pr["peak_workers"] = r.peak_workers;
    if (oracle != nullptr && oracle->worker_seconds > 0) {
      pr["worker_seconds_vs_oracle"] = r.worker_seconds / oracle->worker_seconds;
    }
    pr["series"] = {{"step_seconds", r.series.step_s},
                    {"t", r.series.t},
                    {"demand", r.series.demand},
                    {"ready_workers", r.series.ready_workers},
                    {"desired_workers", r.series.desired_workers}};
    policies[r.policy] = pr;
  }
  j["policies"] = policies;
  return j.dump(1);
}

std::string report_table(const RunInfo& info, const std::vector<PolicyResult>& results) {
  std::ostringstream o;
  const PolicyResult* oracle = find(results, "oracle");
  o << "trace " << info.trace_name << " (" << to_string(info.format) << ", " << fmt("%.0f", info.duration_s)
    << " s, peak " << human_rate(info.peak_demand) << ", mean " << human_rate(info.mean_demand) << "), worker "
    << human_rate(info.params.worker_throughput) << ", lead " << info.params.lead_time_s << " s\n";
  char line[256];
  (void)std::snprintf(line, sizeof line, "%-15s %9s %10s %14s %9s %8s %8s\n", "policy", "unmet %", "slo-viol s",
                      "worker-s", "x oracle", "actions", "mape");
  o << line;
  for (const auto& r : results) {
    const std::string vs = oracle != nullptr && oracle->worker_seconds > 0
                               ? fmt("%.3f", r.worker_seconds / oracle->worker_seconds)
                               : std::string("-");
    const std::string mape = r.forecast_mape_at_lead ? fmt("%.3f", *r.forecast_mape_at_lead) : std::string("-");
    (void)std::snprintf(line, sizeof line, "%-15s %9.4f %10.0f %14.0f %9s %8d %8s\n", r.policy.c_str(),
                        r.unmet_fraction * 100, r.slo_violation_seconds, r.worker_seconds, vs.c_str(), r.scale_actions,
                        mape.c_str());
    o << line;
  }
  return o.str();
}

std::string report_html(const RunInfo& info, const std::vector<PolicyResult>& results) {
  std::ostringstream o;
  double y_max = info.peak_demand;
  for (const auto& r : results) {
    for (const double ready : r.series.ready_workers) {
      y_max = std::max(y_max, std::min(ready * info.params.worker_throughput, 2 * info.peak_demand));
    }
  }
  o << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>cachepilot simulate: " << escape_html(info.trace_name)
    << "</title><style>body{font-family:sans-serif;margin:20px}"
    << "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
    << "pre{background:#f4f4f4;padding:8px}</style></head><body>";
  o << "<h1>cachepilot simulate — " << escape_html(info.trace_name) << "</h1>";
  o << "<pre>" << escape_html(report_table(info, results)) << "</pre>";
  o << "<h2>Cost vs unmet demand</h2>" << svg_scatter(results);
  o << "<h2>Demand (red, max per column) vs ready capacity (green, min per column)</h2>";
  for (const auto& r : results) {
    o << "<h3>" << escape_html(r.policy) << "</h3>" << svg_timeline(r, info.params.worker_throughput, y_max);
  }
  o << "<h2>Parameters</h2><pre>" << escape_html(report_json(info, {})) << "</pre>";
  o << "</body></html>\n";
  return o.str();
}

Status write_report(const std::string& dir, const RunInfo& info, const std::vector<PolicyResult>& results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return make_error(ErrorCode::kIo, "creating " + dir + ": " + ec.message());
  }
  const auto write = [](const std::string& path, const std::string& text) -> Status {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      return make_error(ErrorCode::kIo, "writing " + path);
    }
    return ok_status();
  };
  CP_RETURN_IF_ERROR(write(dir + "/report.json", report_json(info, results)));
  CP_RETURN_IF_ERROR(write(dir + "/report.html", report_html(info, results)));
  return ok_status();
}

}  // namespace cachepilot::sim
