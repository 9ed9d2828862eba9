#include "sim/trace.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/strings.hpp"

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

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  // Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar.
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
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

Result<double> parse_timestamp(std::string_view text) {
  text = trim(text);
  // YYYY-MM-DD HH:MM:SS[.fraction][zone], with a space or a T between the date and the time
  const auto bad = [&] { return make_error(ErrorCode::kParse, "bad timestamp: \"" + std::string(text) + "\""); };
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' ||
      text[16] != ':') {
    return bad();
  }
  const auto num = [&](std::size_t pos, std::size_t len, int64_t& out) {
    // Digits only: from_chars would take "-1" for an hour.
    const std::string_view digits = text.substr(pos, len);
    if (digits.size() != len ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    const auto* b = text.data() + pos;
    auto [ptr, ec] = std::from_chars(b, b + len, out);
    return ec == std::errc{} && ptr == b + len;
  };
  int64_t y = 0;
  int64_t mo = 0;
  int64_t d = 0;
  int64_t h = 0;
  int64_t mi = 0;
  int64_t s = 0;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, s) ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return bad();
  }
  std::size_t pos = 19;
  double frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t end = pos + 1;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
      ++end;
    }
    if (end == pos + 1) {
      return bad();
    }
    std::string f = "0" + std::string(text.substr(pos, end - pos));
    const auto* b = f.data();
    auto [ptr, ec] = std::from_chars(b, b + f.size(), frac);
    if (ec != std::errc{} || ptr != b + f.size()) {
      return bad();
    }
    pos = end;
  }
  // A zone, as ISO 8601 and RFC 3339 write it: Z, or an offset ±HH, ±HHMM or ±HH:MM (the 2024 Azure LLM traces end in
  // +00:00). Without one, the time is UTC.
  int64_t offset_s = 0;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    // UTC
  } else if (!zone.empty()) {
    const bool colon = zone.size() == 6 && zone[3] == ':';
    int64_t zh = 0;
    int64_t zm = 0;
    const bool shaped = (zone[0] == '+' || zone[0] == '-') && (zone.size() == 3 || zone.size() == 5 || colon);
    if (!shaped || !num(pos + 1, 2, zh) || (zone.size() > 3 && !num(pos + (colon ? 4 : 3), 2, zm)) || zh > 23 ||
        zm > 59) {
      return bad();
    }
    offset_s = (zone[0] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
  }
  return static_cast<double>(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset_s) + frac;
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
    if (!(options.read_seconds > 0) || options.bytes_per_request < 0 || options.pod_start_s < 0) {
      return make_error(ErrorCode::kInvalidArgument,
                        "azure-llm import: read-seconds must be > 0, bytes and pod-start >= 0");
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
    const double end = arrivals.back() - t0 + options.read_seconds;
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
      add_interval(trace.active_pods, a, a + options.read_seconds, 1.0);
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
