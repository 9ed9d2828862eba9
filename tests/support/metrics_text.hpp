#pragma once
// Reads one sample out of a Prometheus text exposition (format 0.0.4), so tests assert on what /metrics serves.
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace cachepilot::testing {

using MetricLabels = std::map<std::string, std::string>;

// Calls visit(labels, value) for every sample of `name`.
template <typename Visit>
void for_each_sample(const std::string& exposition, std::string_view name, Visit visit) {
  std::istringstream in(exposition);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto brace = line.find('{');
    const auto space = line.rfind(' ');
    if (space == std::string::npos) {
      continue;
    }
    const auto name_end = std::min(brace, space);
    if (std::string_view(line).substr(0, name_end) != name) {
      continue;
    }
    MetricLabels found;
    if (brace != std::string::npos && brace < space) {
      const auto close = line.find('}', brace);
      std::string_view body = std::string_view(line).substr(brace + 1, close - brace - 1);
      while (!body.empty()) {
        const auto eq = body.find('=');
        const auto key = body.substr(0, eq);
        const auto value_start = eq + 2;  // skip ="
        const auto value_end = body.find('"', value_start);
        found.emplace(std::string(key), std::string(body.substr(value_start, value_end - value_start)));
        body.remove_prefix(std::min(body.size(), value_end + 1));
        if (!body.empty() && body.front() == ',') {
          body.remove_prefix(1);
        }
      }
    }
    visit(found, std::stod(line.substr(space + 1)));
  }
}

// The value of the sample `name{labels}` (labels matched exactly, in any order), or nullopt when absent.
inline std::optional<double> metric_value(const std::string& exposition, std::string_view name,
                                          const MetricLabels& labels = {}) {
  std::optional<double> out;
  for_each_sample(exposition, name, [&](const MetricLabels& found, double value) {
    if (found == labels) {
      out = value;
    }
  });
  return out;
}

// The sum over every sample of `name`, whatever its labels.
inline double metric_sum(const std::string& exposition, std::string_view name) {
  double sum = 0;
  for_each_sample(exposition, name, [&](const MetricLabels&, double value) { sum += value; });
  return sum;
}

}  // namespace cachepilot::testing
