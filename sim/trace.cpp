#include "sim/trace.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/strings.hpp"
#include "common/timestamp.hpp"

namespace cachepilot::sim {
namespace {

// A trace longer than this (40 days of seconds) is almost certainly a unit mistake.
constexpr double kMaxSeconds = 40.0 * 86400.0;

Result<double> to_double(std::string_view field, std::size_t line) {
  field = trim(field);
  double v = 0;
  const auto* end = field.data() + field.size();
  auto [ptr, ec] = std::from_chars(field.data(), end, v);
  if (field.empty() || ec != std::errc{} || ptr != end || !std::isfinite(v)) {
    return make_error(ErrorCode::kParse,
                      "line " + std::to_string(line) + ": not a number: \"" + std::string(field) + "\"");
  }
  return v;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(line.substr(start));
      break;
    }
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = ascii_lower(c);
  }
  return out;
}

// Adds `rate` over [from, to) into per-second means: second s gets rate × |[from, to) ∩ [s, s + 1)|.
void add_interval(std::vector<double>& per_second, double from, double to, double rate) {
  if (!(to > from)) {
    return;
  }
  auto s = static_cast<std::size_t>(std::floor(from));
  const auto last = static_cast<std::size_t>(std::ceil(to));
  if (per_second.size() < last) {
    per_second.resize(last, 0.0);
  }
  for (; s < last; ++s) {
    const double lo = std::max(from, static_cast<double>(s));
    const double hi = std::min(to, static_cast<double>(s + 1));
    if (hi > lo) {
      per_second[s] += rate * (hi - lo);
    }
  }
}

// Piecewise-constant series (t, value) → per-second means. Each row holds until the next; the last row holds
// for the median step.
Result<Trace> from_series(std::vector<std::pair<double, double>> rows, Trace trace) {
  if (rows.empty()) {
    return make_error(ErrorCode::kParse, "no data rows");
  }
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].first <= rows[i - 1].first) {
      return make_error(ErrorCode::kParse, "time does not increase at data row " + std::to_string(i + 1));
    }
  }
  std::vector<double> steps;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    steps.push_back(rows[i].first - rows[i - 1].first);
  }
  double step = 1;
  if (!steps.empty()) {
    std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
    step = steps[steps.size() / 2];
  }
  const double end = rows.back().first + step;
  if (end > kMaxSeconds) {
    return make_error(ErrorCode::kInvalidArgument, "trace spans " + std::to_string(end) + " s, more than 40 days");
  }
  trace.source_step_s = step;
  trace.rows = rows.size();
  trace.demand.assign(static_cast<std::size_t>(std::ceil(end)), 0.0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double to = i + 1 < rows.size() ? rows[i + 1].first : end;
    add_interval(trace.demand, rows[i].first, to, rows[i].second);
  }
  return trace;
}

}  // namespace

const char* to_string(TraceFormat f) {
  switch (f) {
    case TraceFormat::kCanonical:
      return "canonical";
    case TraceFormat::kAzureLlm:
      return "azure-llm";
    case TraceFormat::kCraneDsp:
      return "crane-dsp";
  }
  return "?";
}

Result<Trace> parse_trace(std::string_view text, std::string name, const ImportOptions& options) {
  Trace trace;
  trace.name = std::move(name);
  std::size_t pos = 0;
  std::size_t line_no = 0;
  const auto next_line = [&](std::string_view& line) {
    while (pos < text.size()) {
      const auto nl = text.find('\n', pos);
      const auto end = nl == std::string_view::npos ? text.size() : nl;
      line = trim(text.substr(pos, end - pos));
      pos = end + 1;
      ++line_no;
      if (!line.empty()) {
        return true;
      }
    }
    return false;
  };
  std::string_view header;
  if (!next_line(header)) {
    return make_error(ErrorCode::kParse, "empty trace");
  }
  std::string head = lower(header);
  head.erase(std::remove(head.begin(), head.end(), ' '), head.end());
  if (!head.empty() && static_cast<unsigned char>(head[0]) == 0xEF) {
    head.erase(0, 3);  // UTF-8 byte-order mark
  }
  std::string_view line;
  if (head == "t_seconds,demand_bytes_per_s" || head == "ts,value") {
    const bool crane = head == "ts,value";
    trace.format = crane ? TraceFormat::kCraneDsp : TraceFormat::kCanonical;
    std::vector<std::pair<double, double>> rows;
    while (next_line(line)) {
      const auto f = split_fields(line);
      if (f.size() != 2) {
        return make_error(ErrorCode::kParse, "line " + std::to_string(line_no) + ": expected 2 fields");
      }
      auto t = to_double(f[0], line_no);
      CP_RETURN_IF_ERROR(t);
      auto v = to_double(f[1], line_no);
      CP_RETURN_IF_ERROR(v);
      if (*v < 0) {
        return make_error(ErrorCode::kParse, "line " + std::to_string(line_no) + ": negative demand");
      }
      rows.emplace_back(*t, crane ? *v * options.scale : *v);
    }
    if (!rows.empty()) {
      const double t0 = crane ? rows.front().first : 0.0;
      if (!crane && rows.front().first < 0) {
        return make_error(ErrorCode::kParse, "canonical trace: t_seconds must start at 0 or later");
      }
      for (auto& r : rows) {
        r.first -= t0;
      }
    }
    return from_series(std::move(rows), std::move(trace));
  }
  if (head == "timestamp,contexttokens,generatedtokens") {
    trace.format = TraceFormat::kAzureLlm;
    if (!(options.read_seconds > 0) || options.bytes_per_request < 0 || options.pod_start_s < 0 ||
        !(options.pod_serve_s >= 0) || options.pod_serve_s > kMaxSeconds) {
      return make_error(ErrorCode::kInvalidArgument,
                        "azure-llm import: read-seconds must be > 0, bytes, pod-start and pod-serve >= 0");
    }
    std::vector<double> arrivals;
    while (next_line(line)) {
      const auto f = split_fields(line);
      if (f.size() != 3) {
        return make_error(ErrorCode::kParse, "line " + std::to_string(line_no) + ": expected 3 fields");
      }
      auto ts = parse_timestamp(f[0]);
      if (!ts.ok()) {
        return ts.error().wrap("line " + std::to_string(line_no));
      }
      arrivals.push_back(*ts);
    }
    if (arrivals.empty()) {
      return make_error(ErrorCode::kParse, "no data rows");
    }
    std::sort(arrivals.begin(), arrivals.end());
    const double t0 = std::floor(arrivals.front());
    const double rate = options.bytes_per_request / options.read_seconds;
    const double end = arrivals.back() - t0 + options.read_seconds + options.pod_serve_s;
    if (end > kMaxSeconds) {
      return make_error(ErrorCode::kInvalidArgument, "trace spans more than 40 days");
    }
    const auto n = static_cast<std::size_t>(std::ceil(end));
    trace.demand.assign(n, 0.0);
    trace.active_pods.assign(n, 0.0);
    std::vector<double> waiting_delta(n + 1, 0.0);
    for (const double arrival : arrivals) {
      // Reads begin at arrival (README: spread evenly over read_seconds from its arrival); the pod appeared
      // pod_start seconds earlier. Waiting at second s: appear <= s < arrival.
      const double a = arrival - t0;
      add_interval(trace.demand, a, a + options.read_seconds, rate);
      add_interval(trace.active_pods, a, a + options.read_seconds + options.pod_serve_s, 1.0);
      const double first = std::max(0.0, std::ceil(a - options.pod_start_s));
      const double last = std::ceil(a);  // exclusive
      if (last > first) {
        waiting_delta[static_cast<std::size_t>(first)] += 1;
        waiting_delta[std::min(n, static_cast<std::size_t>(last))] -= 1;
      }
    }
    trace.pod_reads_begin.reserve(arrivals.size());
    for (const double arrival : arrivals) {
      trace.pod_reads_begin.push_back(arrival - t0);
    }
    trace.pod_notice_s = options.pod_start_s;
    trace.pod_read_s = options.read_seconds;
    trace.pod_serve_s = options.pod_serve_s;
    trace.waiting_pods.assign(n, 0.0);
    double w = 0;
    for (std::size_t s = 0; s < n; ++s) {
      w += waiting_delta[s];
      trace.waiting_pods[s] = w;
    }
    trace.rows = arrivals.size();
    return trace;
  }
  return make_error(ErrorCode::kParse, "unrecognised trace header \"" + std::string(header) +
                                           "\" (expected t_seconds,demand_bytes_per_s or "
                                           "TIMESTAMP,ContextTokens,GeneratedTokens or ts,value)");
}

Result<Trace> load_trace(const std::string& path, const ImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot open trace " + path);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string name = path;
  if (const auto slash = name.find_last_of('/'); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  if (const auto dot = name.find_last_of('.'); dot != std::string::npos && dot > 0) {
    name = name.substr(0, dot);
  }
  auto trace = parse_trace(buf.str(), name, options);
  if (!trace.ok()) {
    return trace.error().wrap("reading " + path);
  }
  return trace;
}

std::string to_canonical_csv(const std::vector<double>& demand) {
  std::string out = "t_seconds,demand_bytes_per_s\n";
  char buf[64];
  for (std::size_t t = 0; t < demand.size(); ++t) {
    auto [p1, e1] = std::to_chars(buf, buf + sizeof buf, t);
    *p1++ = ',';
    auto [p2, e2] = std::to_chars(p1, buf + sizeof buf, demand[t]);
    (void)e1;
    (void)e2;
    out.append(buf, p2);
    out.push_back('\n');
  }
  return out;
}

}  // namespace cachepilot::sim
