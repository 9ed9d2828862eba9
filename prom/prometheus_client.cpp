#include "prom/prometheus_client.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>

#include "common/strings.hpp"

namespace cachepilot::prom {

std::string_view to_string(QueryFailure failure) noexcept {
  switch (failure) {
    case QueryFailure::kUnreachable:
      return "unreachable";
    case QueryFailure::kHttpStatus:
      return "http_status";
    case QueryFailure::kMalformed:
      return "malformed";
    case QueryFailure::kQueryError:
      return "query_error";
  }
  return "malformed";
}

namespace {

using nlohmann::json;

// Text from the peer goes into messages and logs: bound it and keep it on one printable line.
constexpr std::size_t kMaxPeerText = 300;

std::string printable(std::string_view text) {
  std::string out;
  const auto n = std::min(text.size(), kMaxPeerText);
  out.reserve(n + 3);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : text[i]);
  }
  if (text.size() > n) {
    out += "...";
  }
  return out;
}

Error fail(QueryFailure* failure, QueryFailure reason, Error error) {
  if (failure != nullptr) {
    *failure = reason;
  }
  return error;
}

Error malformed(QueryFailure* failure, const std::string& message) {
  return fail(failure, QueryFailure::kMalformed,
              make_error(ErrorCode::kParse, "malformed Prometheus API answer: " + message));
}

std::string type_name(const json& j) { return j.type_name(); }

// A Prometheus API error body: {"status":"error","errorType":"bad_data","error":"parse error ..."}.
// nullopt when `doc` is not one.
std::optional<Error> api_error(const json& doc) {
  if (!doc.is_object()) {
    return std::nullopt;
  }
  const auto status = doc.find("status");
  if (status == doc.end() || !status->is_string() || status->get_ref<const std::string&>() != "error") {
    return std::nullopt;
  }
  std::string error_type = "unknown";
  std::string message = "(no message)";
  if (const auto t = doc.find("errorType"); t != doc.end() && t->is_string()) {
    error_type = printable(t->get_ref<const std::string&>());
  }
  if (const auto e = doc.find("error"); e != doc.end() && e->is_string()) {
    message = printable(e->get_ref<const std::string&>());
  }
  // bad_data (400: the PromQL does not parse, bad parameters), execution (422) and not_found: the query or
  // the configuration is wrong, retrying will not help. timeout, canceled, internal, unavailable (503/500):
  // Prometheus could not answer now.
  const bool caller_fault = error_type == "bad_data" || error_type == "execution" || error_type == "not_found";
  return make_error(caller_fault ? ErrorCode::kInvalidArgument : ErrorCode::kUnavailable,
                    "Prometheus returned an error (" + error_type + "): " + message);
}

struct Envelope {
  const json* result = nullptr;
  std::vector<std::string> warnings;
};

// Checks {"status":"success","data":{"resultType":<want>,"result":[...]}} and collects warnings.
Result<Envelope> read_envelope(const json& doc, std::string_view want_type, QueryFailure* failure) {
  if (!doc.is_object()) {
    return malformed(failure, "top level is " + type_name(doc) + ", want an object");
  }
  if (auto error = api_error(doc)) {
    return fail(failure, QueryFailure::kQueryError, *error);
  }
  const auto status = doc.find("status");
  if (status == doc.end() || !status->is_string()) {
    return malformed(failure, "no \"status\" string");
  }
  if (status->get_ref<const std::string&>() != "success") {
    return malformed(failure, "status is \"" + printable(status->get_ref<const std::string&>()) +
                                  "\", want \"success\" or \"error\"");
  }
  Envelope envelope;
  if (const auto warnings = doc.find("warnings"); warnings != doc.end() && !warnings->is_null()) {
    if (!warnings->is_array()) {
      return malformed(failure, "\"warnings\" is " + type_name(*warnings) + ", want an array");
    }
    for (const auto& w : *warnings) {
      envelope.warnings.push_back(w.is_string() ? printable(w.get_ref<const std::string&>()) : printable(w.dump()));
    }
  }
  const auto data = doc.find("data");
  if (data == doc.end() || !data->is_object()) {
    return malformed(failure, "\"data\" is missing or not an object");
  }
  const auto result_type = data->find("resultType");
  if (result_type == data->end() || !result_type->is_string()) {
    return malformed(failure, "\"data.resultType\" is missing or not a string");
  }
  if (result_type->get_ref<const std::string&>() != want_type) {
    return malformed(failure, "resultType is \"" + printable(result_type->get_ref<const std::string&>()) +
                                  "\", want \"" + std::string(want_type) + "\"");
  }
  const auto result = data->find("result");
  if (result == data->end() || !result->is_array()) {
    return malformed(failure, "\"data.result\" is missing or not an array");
  }
  envelope.result = &*result;
  return envelope;
}

// "metric": {"label": "value", ...}. Absent means no labels (Prometheus always sends it, possibly {}).
Result<Labels> read_labels(const json& element, std::size_t index) {
  Labels labels;
  const auto metric = element.find("metric");
  if (metric == element.end() || metric->is_null()) {
    return labels;
  }
  if (!metric->is_object()) {
    return make_error(ErrorCode::kParse,
                      "result[" + std::to_string(index) + "].metric is " + type_name(*metric) + ", want an object");
  }
  for (const auto& [name, value] : metric->items()) {
    if (!value.is_string()) {
      return make_error(ErrorCode::kParse, "result[" + std::to_string(index) + "].metric." + printable(name) + " is " +
                                               type_name(value) + ", want a string");
    }
    labels.emplace(name, value.get<std::string>());
  }
  return labels;
}

// [<unix time: number>, "<value: string>"]
Result<Point> read_point(const json& pair, const std::string& where) {
  if (!pair.is_array() || pair.size() != 2) {
    return make_error(
        ErrorCode::kParse,
        where + " is " + (pair.is_array() ? "an array of " + std::to_string(pair.size()) + " items" : type_name(pair)) +
            ", want [<time>, \"<value>\"]");
  }
  if (!pair[0].is_number()) {
    return make_error(ErrorCode::kParse, where + "[0] (time) is " + type_name(pair[0]) + ", want a number");
  }
  const double t = pair[0].get<double>();
  if (!std::isfinite(t)) {
    return make_error(ErrorCode::kParse, where + "[0] (time) is not finite");
  }
  if (!pair[1].is_string()) {
    return make_error(ErrorCode::kParse, where + "[1] (value) is " + type_name(pair[1]) + ", want a string");
  }
  auto value = parse_sample_value(pair[1].get_ref<const std::string&>());
  if (!value.ok()) {
    return value.error().wrap(where + "[1]");
  }
  return Point{t, *value};
}

template <typename Parse>
auto parse_guarded(std::string_view body, QueryFailure* failure, Parse parse) -> decltype(parse(json{})) {
  // nlohmann throws only on misuse (we check every type first) or out of memory; neither may escape.
  try {
    const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      return malformed(failure, "not JSON: \"" + printable(body) + "\"");
    }
    return parse(doc);
  } catch (const std::exception& e) {
    return malformed(failure, std::string("unexpected: ") + e.what());
  }
}

bool ascii_iequals_any(std::string_view text, std::initializer_list<std::string_view> options) {
  for (const auto option : options) {
    if (iequals(text, option)) {
      return true;
    }
  }
  return false;
}

// Formats seconds with millisecond precision and no trailing zeros: 1700000000.5 -> "1700000000.5".
std::string format_seconds(double seconds) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
  if (ec != std::errc()) {
    return "0";
  }
  std::string out(buffer, end);
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

std::string format_duration(std::chrono::milliseconds d) {
  return format_seconds(static_cast<double>(d.count()) / 1000.0);
}

}  // namespace

Result<double> parse_sample_value(std::string_view text) {
  // Prometheus writes NaN, +Inf and -Inf; Go's ParseFloat (which Prometheus's clients use) also accepts
  // inf/infinity/nan in any case, with an optional sign.
  if (ascii_iequals_any(text, {"nan", "+nan", "-nan"})) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (ascii_iequals_any(text, {"inf", "+inf", "infinity", "+infinity"})) {
    return std::numeric_limits<double>::infinity();
  }
  if (ascii_iequals_any(text, {"-inf", "-infinity"})) {
    return -std::numeric_limits<double>::infinity();
  }
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') {  // from_chars refuses a leading '+'; Go accepts it
    digits.remove_prefix(1);
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
      return make_error(ErrorCode::kParse, "sample value \"" + printable(text) + "\" is not a number");
    }
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || end != digits.data() + digits.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return make_error(ErrorCode::kParse, "sample value \"" + printable(text) + "\" is not a number");
  }
  if (ec == std::errc::result_out_of_range) {
    // Too big or too small for a double: saturate as Go does (±Inf, or 0 / a denormal for underflow).
    // from_chars checked the syntax; strtod (C locale: nothing here calls setlocale) gives the saturated value.
    const std::string copy(digits);
    value = std::strtod(copy.c_str(), nullptr);
  }
  return value;
}

Result<PrometheusEndpoint> parse_prometheus_url(std::string_view url) {
  const auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, "Prometheus URL \"" + printable(url) + "\": " + why);
  };
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return bad("want http://host:port or https://host:port[/path]");
  }
  const auto scheme = url.substr(0, scheme_end);
  if (!iequals(scheme, "http") && !iequals(scheme, "https")) {
    return bad("scheme must be http or https");
  }
  const auto rest = url.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  if (authority.empty()) {
    return bad("no host");
  }
  if (authority.find('@') != std::string_view::npos) {
    return bad("credentials in the URL are not supported");
  }
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (path.find_first_of("?#") != std::string_view::npos) {
    return bad("no query or fragment allowed");
  }
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  PrometheusEndpoint endpoint;
  endpoint.base_url = std::string(scheme) + "://" + std::string(authority);
  for (auto& c : endpoint.base_url) {
    c = ascii_lower(c);  // scheme and host are case-insensitive; the path is not
  }
  endpoint.path_prefix = std::string(path);
  return endpoint;
}

// The labels of result[i], which must be an object; the shared first step of vectors and matrices.
Result<Labels> read_series_labels(const json& element, std::size_t i, const std::string& where, QueryFailure* failure) {
  if (!element.is_object()) {
    return malformed(failure, where + " is " + type_name(element) + ", want an object");
  }
  auto labels = read_labels(element, i);
  if (!labels.ok()) {
    return malformed(failure, labels.error().message);
  }
  return labels;
}

// The frame vectors and matrices share: the envelope of `type`, then each element of its result with its labels,
// handed to add(element, labels, where, out), which adds the element's values to `out` or skips it with a warning.
template <typename Out, typename Add>
Result<Out> parse_series(std::string_view body, std::string_view type, QueryFailure* failure, Add add) {
  return parse_guarded(body, failure, [&](const json& doc) -> Result<Out> {
    auto envelope = read_envelope(doc, type, failure);
    if (!envelope.ok()) {
      return envelope.error();
    }
    Out out;
    out.warnings = std::move(envelope->warnings);
    const json& result = *envelope->result;
    for (std::size_t i = 0; i < result.size(); ++i) {
      const json& element = result[i];
      const std::string where = "result[" + std::to_string(i) + "]";
      auto labels = read_series_labels(element, i, where, failure);
      if (!labels.ok()) {
        return labels.error();
      }
      CP_RETURN_IF_ERROR(add(element, std::move(labels).value(), where, out));
    }
    return out;
  });
}

Result<InstantVector> parse_instant_vector(std::string_view body, QueryFailure* failure) {
  return parse_series<InstantVector>(
      body, "vector", failure,
      [failure](const json& element, Labels labels, const std::string& where, InstantVector& out) -> Status {
        const auto value = element.find("value");
        if (value == element.end()) {
          if (element.contains("histogram")) {  // a native histogram sample: no single value to report
            out.warnings.push_back(where + ": native histogram sample skipped");
            return ok_status();
          }
          return malformed(failure, where + " has no \"value\"");
        }
        auto point = read_point(*value, where + ".value");
        if (!point.ok()) {
          return malformed(failure, point.error().message);
        }
        out.samples.push_back(Sample{std::move(labels), point->timestamp_unix, point->value});
        return ok_status();
      });
}

Result<RangeMatrix> parse_range_matrix(std::string_view body, QueryFailure* failure) {
  return parse_series<RangeMatrix>(
      body, "matrix", failure,
      [failure](const json& element, Labels labels, const std::string& where, RangeMatrix& out) -> Status {
        const auto values = element.find("values");
        if (values == element.end() || values->is_null()) {
          if (!element.contains("histograms")) {
            return malformed(failure, where + " has no \"values\"");
          }
          out.warnings.push_back(where + ": native histogram series skipped");
          return ok_status();
        }
        if (!values->is_array()) {
          return malformed(failure, where + ".values is " + type_name(*values) + ", want an array");
        }
        Series series;
        series.metric = std::move(labels);
        series.points.reserve(values->size());
        for (std::size_t p = 0; p < values->size(); ++p) {
          auto point = read_point((*values)[p], where + ".values[" + std::to_string(p) + "]");
          if (!point.ok()) {
            return malformed(failure, point.error().message);
          }
          series.points.push_back(*point);
        }
        out.series.push_back(std::move(series));
        return ok_status();
      });
}

PrometheusClient::PrometheusClient(std::unique_ptr<net::HttpClient> http, PrometheusClientOptions options)
    : http_(std::move(http)), options_(std::move(options)) {
  while (!options_.path_prefix.empty() && options_.path_prefix.back() == '/') {
    options_.path_prefix.pop_back();
  }
  if (!options_.path_prefix.empty() && options_.path_prefix.front() != '/') {
    options_.path_prefix.insert(0, "/");
  }
}

Result<net::ClientResponse> PrometheusClient::get(const std::string& path_and_query, QueryFailure* failure) {
  if (http_ == nullptr) {
    return fail(failure, QueryFailure::kUnreachable, make_error(ErrorCode::kInternal, "no HTTP client"));
  }
  net::ClientRequest request;
  request.method = "GET";
  request.path_and_query = path_and_query;
  request.headers = options_.headers;
  request.headers.emplace_back("Accept", "application/json");
  auto response = http_->send(request);
  if (!response.ok()) {
    // kTooLarge: the peer answered, but with more than we accept; anything else is the transport.
    const auto reason =
        response.error().code == ErrorCode::kTooLarge ? QueryFailure::kMalformed : QueryFailure::kUnreachable;
    return fail(failure, reason, response.error().wrap("Prometheus"));
  }
  if (response->status >= 200 && response->status < 300) {
    return response;
  }
  // Prometheus answers API errors with 4xx/5xx and a JSON body; a proxy or a wrong URL gives something else.
  try {
    const json doc = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (auto error = api_error(doc)) {
      return fail(failure, QueryFailure::kQueryError,
                  Error{error->code, error->message + " (HTTP " + std::to_string(response->status) + ")"});
    }
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): not an API error body, reported below
  }
  const unsigned status = response->status;
  const ErrorCode code = status >= 500 || status == 429 ? ErrorCode::kUnavailable
                         : status == 404                ? ErrorCode::kNotFound
                                                        : ErrorCode::kInvalidArgument;
  return fail(failure, QueryFailure::kHttpStatus,
              make_error(code, "Prometheus answered HTTP " + std::to_string(status) + ": \"" +
                                   printable(trim(response->body)) + "\""));
}

Result<InstantVector> PrometheusClient::query(std::string_view promql, QueryFailure* failure) {
  std::string path = options_.path_prefix + "/api/v1/query?query=" + url_encode(promql);
  if (options_.evaluation_timeout.count() > 0) {
    path += "&timeout=" + format_duration(options_.evaluation_timeout);
  }
  auto response = get(path, failure);
  if (!response.ok()) {
    return response.error();
  }
  auto parsed = parse_instant_vector(response->body, failure);
  if (!parsed.ok()) {
    return parsed.error().wrap("query \"" + printable(promql) + "\"");
  }
  return parsed;
}

Result<RangeMatrix> PrometheusClient::query_range(std::string_view promql, double start_unix, double end_unix,
                                                  std::chrono::milliseconds step, QueryFailure* failure) {
  const auto invalid = [&](const std::string& why) {
    return fail(failure, QueryFailure::kQueryError, make_error(ErrorCode::kInvalidArgument, "query_range: " + why));
  };
  if (!std::isfinite(start_unix) || !std::isfinite(end_unix) || end_unix < start_unix) {
    return invalid("want finite start <= end");
  }
  if (step.count() <= 0) {
    return invalid("step must be positive");
  }
  // Prometheus refuses more than 11,000 points per series ("exceeded maximum resolution").
  constexpr double kMaxPoints = 11'000;
  const double step_seconds = static_cast<double>(step.count()) / 1000.0;
  if ((end_unix - start_unix) / step_seconds + 1 > kMaxPoints) {
    return invalid("more than 11,000 points per series; use a larger step or a shorter range");
  }
  std::string path = options_.path_prefix + "/api/v1/query_range?query=" + url_encode(promql) +
                     "&start=" + format_seconds(start_unix) + "&end=" + format_seconds(end_unix) +
                     "&step=" + format_duration(step);
  if (options_.evaluation_timeout.count() > 0) {
    path += "&timeout=" + format_duration(options_.evaluation_timeout);
  }
  auto response = get(path, failure);
  if (!response.ok()) {
    return response.error();
  }
  auto parsed = parse_range_matrix(response->body, failure);
  if (!parsed.ok()) {
    return parsed.error().wrap("query_range \"" + printable(promql) + "\"");
  }
  return parsed;
}

}  // namespace cachepilot::prom
