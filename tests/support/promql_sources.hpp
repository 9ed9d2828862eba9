#pragma once
// The PromQL expressions of deploy/monitoring, read from the files they live in: every recording and alerting
// rule (recording-rules.yaml, alerting-rules.yaml) and every expression of the Grafana dashboard
// (grafana-dashboard.json: panel targets, rows' nested panels included, query variables, annotations), with
// Grafana's variables replaced by what Prometheus would receive. Shared by tests/deploy/monitoring_test.cpp
// (promtool parses them) and tests/demo/monitoring_queries_test.cpp (the demo's Prometheus runs them).
// Header-only; needs yaml-cpp and nlohmann_json.
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace cachepilot::testing::promql {

inline const std::filesystem::path kMonitoringDir = std::filesystem::path(CACHEPILOT_SOURCE_DIR) / "deploy/monitoring";
inline const std::filesystem::path kRecordingRules = kMonitoringDir / "recording-rules.yaml";
inline const std::filesystem::path kAlertingRules = kMonitoringDir / "alerting-rules.yaml";
inline const std::filesystem::path kDashboard = kMonitoringDir / "grafana-dashboard.json";

struct Rule {
  std::string name;  // the alert's or the recorded series' name
  std::string expr;
  YAML::Node node;
};

// The rules of every group of a rule file that have `kind` ("record" or "alert").
inline std::vector<Rule> load_rules(const std::filesystem::path& file, const char* kind) {
  std::vector<Rule> out;
  const auto root = YAML::LoadFile(file.string());
  for (const auto& group : root["groups"]) {
    for (const auto& rule : group["rules"]) {
      if (rule[kind]) {
        out.push_back({rule[kind].as<std::string>(), rule["expr"].as<std::string>(), rule});
      }
    }
  }
  return out;
}

inline nlohmann::json load_dashboard(const std::filesystem::path& file = kDashboard) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

// Every panel, rows' nested panels included.
inline std::vector<nlohmann::json> all_panels(const nlohmann::json& dashboard) {
  std::vector<nlohmann::json> out;
  for (const auto& panel : dashboard.value("panels", nlohmann::json::array())) {
    out.push_back(panel);
    for (const auto& inner : panel.value("panels", nlohmann::json::array())) {
      out.push_back(inner);
    }
  }
  return out;
}

// A query variable's query as Grafana stores it (an object with "query", or a plain string).
inline std::string variable_query(const nlohmann::json& variable) {
  if (variable.contains("query") && variable["query"].is_object()) {
    return variable["query"].value("query", "");
  }
  if (variable.contains("query") && variable["query"].is_string()) {
    return variable["query"].get<std::string>();
  }
  return "";
}

// A query variable's PromQL: label_values(SELECTOR, label) gives SELECTOR; query_result(EXPR) gives EXPR.
inline std::optional<std::string> variable_expression(const nlohmann::json& variable) {
  const std::string query = variable_query(variable);
  static const std::regex label_values(R"(^\s*label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$)");
  static const std::regex query_result(R"(^\s*query_result\((.*)\)\s*$)");
  std::smatch m;
  if (std::regex_match(query, m, label_values) || std::regex_match(query, m, query_result)) {
    return m[1].str();
  }
  return std::nullopt;
}

// The label a label_values(SELECTOR, label) variable lists.
inline std::optional<std::string> variable_label(const nlohmann::json& variable) {
  const std::string query = variable_query(variable);
  static const std::regex label_values(R"(^\s*label_values\(.*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$)");
  std::smatch m;
  if (std::regex_match(query, m, label_values)) {
    return m[1].str();
  }
  return std::nullopt;
}

struct Expression {
  std::string where;  // e.g. panel "Scale events" target A, variable namespace, annotation Scale events
  std::string expr;
};

// Panel targets, then query variables, then annotations, each as written (Grafana variables unsubstituted).
inline std::vector<Expression> dashboard_expressions(const nlohmann::json& dashboard) {
  std::vector<Expression> out;
  for (const auto& panel : all_panels(dashboard)) {
    for (const auto& target : panel.value("targets", nlohmann::json::array())) {
      if (target.contains("expr")) {
        out.push_back({"panel \"" + panel.value("title", "") + "\" target " + target.value("refId", ""),
                       target["expr"].get<std::string>()});
      }
    }
  }
  for (const auto& variable : dashboard["templating"]["list"]) {
    if (variable.value("type", "") == "query") {
      if (auto expr = variable_expression(variable)) {
        out.push_back({"variable " + variable.value("name", ""), *expr});
      }
    }
  }
  for (const auto& annotation : dashboard["annotations"]["list"]) {
    if (annotation.contains("expr")) {
      out.push_back({"annotation " + annotation.value("name", ""), annotation["expr"].get<std::string>()});
    }
  }
  return out;
}

// What Grafana's variables become in a query Prometheus receives.
struct Substitution {
  std::string rate_interval = "5m";  // $__rate_interval
  std::string interval = "1m";       // $__interval
  std::string range = "1h";          // $__range
  // Template variables ($namespace, ${dataset}, ...) by name; a variable not listed becomes ".*" (they are used
  // in regex matchers, so ".*" is "All").
  std::map<std::string, std::string> variables;
};

inline std::string substitute_variables(std::string expr, const Substitution& with = {}) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"$__rate_interval", with.rate_interval}, {"$__interval", with.interval}, {"$__range", with.range}}) {
    for (auto pos = expr.find(from); pos != std::string::npos; pos = expr.find(from, pos + to.size())) {
      expr.replace(pos, from.size(), to);
    }
  }
  static const std::regex variable(R"(\$\{([a-zA-Z_][a-zA-Z0-9_]*)(:[a-z]+)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*))");
  std::string out;
  auto begin = expr.cbegin();
  for (std::sregex_iterator it(expr.begin(), expr.end(), variable), end; it != end; ++it) {
    const auto& m = *it;
    out.append(begin, m[0].first);
    const std::string name = m[1].matched ? m[1].str() : m[3].str();
    const auto value = with.variables.find(name);
    out += value != with.variables.end() ? value->second : ".*";
    begin = m[0].second;
  }
  out.append(begin, expr.cend());
  return out;
}

}  // namespace cachepilot::testing::promql
