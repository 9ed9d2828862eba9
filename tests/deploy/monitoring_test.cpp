// deploy/monitoring checked with promtool and against the code: the rule files pass `promtool check rules`
// (lint fatal), their unit tests pass `promtool test rules` and test every alert firing and not firing and every
// recording rule's value, every PromQL expression of the Grafana dashboard parses (each is written into a
// generated rule file for `promtool check rules`: promtool has no "check expression"), the scrape jobs pass
// `promtool check config` and select the pods deploy/ runs, every metric name used is one metrics/*.cpp
// registers, and every alert has its runbook in docs/operations.md. Tests that need promtool skip without it
// (Debian package prometheus; scripts/setup installs it, so CI runs them).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "tests/deploy/manifests.hpp"
#include "tests/support/promql_sources.hpp"
#include "tests/support/temp_dir.hpp"

namespace cachepilot {
namespace {

namespace fs = std::filesystem;
using deploy_test::find_on_path;
using nlohmann::json;
using testing::TempDir;

using testing::promql::all_panels;
using testing::promql::dashboard_expressions;
using testing::promql::Expression;
using testing::promql::kAlertingRules;
using testing::promql::kDashboard;
using testing::promql::kRecordingRules;
using testing::promql::load_dashboard;
using testing::promql::load_rules;
using testing::promql::substitute_variables;
using testing::promql::variable_expression;

const fs::path kSourceDir = CACHEPILOT_SOURCE_DIR;
const fs::path kMonitoring = testing::promql::kMonitoringDir;
const fs::path kScrapeConfig = kMonitoring / "prometheus-scrape-cachepilot.yaml";
const fs::path kOperationsDoc = kSourceDir / "docs/operations.md";
const std::set<std::string> kJobs = {"cachepilot-extender", "cachepilot-autoscaler"};

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

struct Run {
  int code = -1;
  std::string output;  // stdout and stderr
};

Run run(const std::vector<std::string>& args) {
  std::string command;
  for (const auto& a : args) {
    command += shell_quote(a) + " ";
  }
  command += "2>&1 </dev/null";
  Run result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    result.output = "popen failed: " + command;
    return result;
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    result.output.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<fs::path> unit_test_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kMonitoring / "tests")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// GitHub's anchor for a Markdown heading: lower case, punctuation other than '-' and '_' dropped, spaces to '-'.
std::string anchor(const std::string& heading) {
  std::string out;
  for (char c : heading) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_') {
      out += static_cast<char>(std::tolower(u));
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

std::set<std::string> doc_anchors(const fs::path& doc) {
  std::set<std::string> out;
  std::stringstream lines(read_file(doc));
  std::string line;
  bool in_code = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
    }
    if (!in_code && line.rfind('#', 0) == 0) {
      const auto text = line.find_first_not_of('#');
      if (text != std::string::npos && line[text] == ' ') {
        out.insert(anchor(line.substr(text + 1)));
      }
    }
  }
  return out;
}

// Metric families metrics/*.cpp registers: every "cachepilot_..." string literal there names one (directly in
// Build*().Name("...") or through a helper taking the name), and those built by BuildHistogram() also have
// _bucket, _sum and _count series.
struct Registered {
  std::set<std::string> names;
  std::set<std::string> histograms;
  [[nodiscard]] bool has(const std::string& series_name) const {
    if (names.count(series_name) != 0) {
      return true;
    }
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string s(suffix);
      if (series_name.size() > s.size() && series_name.compare(series_name.size() - s.size(), s.size(), s) == 0 &&
          histograms.count(series_name.substr(0, series_name.size() - s.size())) != 0) {
        return true;
      }
    }
    return false;
  }
};

Registered registered_metrics() {
  Registered out;
  const std::regex literal(R"re("(cachepilot_[a-z0-9_]+)")re");
  const std::regex histogram(R"re(BuildHistogram\(\)\s*\.Name\("(cachepilot_[a-z0-9_]+)"\))re");
  for (const auto& entry : fs::directory_iterator(kSourceDir / "metrics")) {
    if (entry.path().extension() != ".cpp") {
      continue;
    }
    const auto text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
      out.names.insert((*it)[1]);
    }
    for (std::sregex_iterator it(text.begin(), text.end(), histogram), end; it != end; ++it) {
      out.histograms.insert((*it)[1]);
    }
  }
  return out;
}

std::set<std::string> tokens(const std::string& text, const std::regex& pattern) {
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    out.insert(it->str());
  }
  return out;
}

const std::regex kMetricToken(R"(\bcachepilot_[a-z0-9_]+)");
const std::regex kRecordToken(R"(\bcachepilot:[a-zA-Z0-9_:]+)");

// ---- the dashboard ----

std::string rule_file_of(const std::vector<Expression>& expressions) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "dashboard-expressions";
  out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    out << YAML::BeginMap << YAML::Key << "record" << YAML::Value << "dashboard_expression_" + std::to_string(i);
    out << YAML::Key << "expr" << YAML::Value << YAML::DoubleQuoted << expressions[i].expr << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
  return out.c_str();
}

class MonitoringTest : public ::testing::Test {
 protected:
  void SetUp() override { promtool_ = find_on_path("promtool"); }
  void require_promtool() {
    if (!promtool_) {
      GTEST_SKIP() << "promtool is not on PATH (Debian package prometheus; scripts/setup installs it): "
                      "deploy/monitoring's rules, unit tests and dashboard expressions are not checked";
    }
  }
  std::optional<std::string> promtool_;
};

// ---- promtool ----

TEST_F(MonitoringTest, RuleFilesPassPromtoolCheckRulesWithLintFatal) {
  require_promtool();
  const auto result =
      run({*promtool_, "check", "rules", "--lint=all", "--lint-fatal", kRecordingRules, kAlertingRules});
  EXPECT_EQ(result.code, 0) << result.output;
  EXPECT_NE(result.output.find("SUCCESS"), std::string::npos) << result.output;
}

TEST_F(MonitoringTest, RuleUnitTestsPass) {
  require_promtool();
  const auto files = unit_test_files();
  ASSERT_FALSE(files.empty()) << "no unit tests in deploy/monitoring/tests";
  std::vector<std::string> args{*promtool_, "test", "rules"};
  for (const auto& f : files) {
    args.push_back(f.string());
  }
  const auto result = run(args);
  EXPECT_EQ(result.code, 0) << result.output;
  EXPECT_EQ(result.output.find("FAILED"), std::string::npos) << result.output;
}

TEST_F(MonitoringTest, EveryDashboardExpressionParses) {
  require_promtool();
  auto expressions = dashboard_expressions(load_dashboard());
  ASSERT_GE(expressions.size(), 40U) << "the dashboard's expressions were not found";
  for (auto& e : expressions) {
    e.expr = substitute_variables(e.expr);
  }
  TempDir dir("cachepilot-monitoring");
  ASSERT_FALSE(dir.path().empty());
  const auto file = dir.path() / "dashboard-rules.yaml";
  write_file(file, rule_file_of(expressions));
  const auto result = run({*promtool_, "check", "rules", file.string()});
  EXPECT_EQ(result.code, 0) << result.output << "\n" << read_file(file);
  EXPECT_NE(result.output.find("SUCCESS: " + std::to_string(expressions.size()) + " rules found"), std::string::npos)
      << result.output;
  // The check does catch a broken expression (a guard against a vacuous pass).
  write_file(file, rule_file_of({{"broken", "sum by (job (rate(x[5m]))"}}));
  EXPECT_NE(run({*promtool_, "check", "rules", file.string()}).code, 0);
}

TEST_F(MonitoringTest, ScrapeConfigPassesPromtoolCheckConfig) {
  require_promtool();
  TempDir dir("cachepilot-monitoring");
  ASSERT_FALSE(dir.path().empty());
  // Debian builds Prometheus without Kubernetes service discovery: where promtool does not know
  // kubernetes_sd_configs, the jobs are checked with file_sd_configs in its place, the rest as written.
  write_file(dir.path() / "probe.yml", "scrape_configs:\n- job_name: probe\n  kubernetes_sd_configs:\n  - role: pod\n");
  const bool knows_kubernetes_sd = run({*promtool_, "check", "config", (dir.path() / "probe.yml").string()}).code == 0;
  auto config = YAML::LoadFile(kScrapeConfig.string());
  ASSERT_TRUE(config["rule_files"].IsSequence());
  // Rule files are resolved against the configuration's directory.
  YAML::Node rule_files(YAML::NodeType::Sequence);
  for (const auto& f : config["rule_files"]) {
    rule_files.push_back((kMonitoring / f.as<std::string>()).string());
  }
  config["rule_files"] = rule_files;
  write_file(dir.path() / "targets.json", "[]");
  for (auto job : config["scrape_configs"]) {
    ASSERT_TRUE(job["kubernetes_sd_configs"].IsSequence());
    EXPECT_EQ(job["kubernetes_sd_configs"][0]["role"].as<std::string>(""), "pod");
    if (!knows_kubernetes_sd) {
      job.remove("kubernetes_sd_configs");
      YAML::Node sd;
      sd["files"].push_back((dir.path() / "targets.json").string());
      job["file_sd_configs"].push_back(sd);
    }
  }
  const auto file = dir.path() / "prometheus.yml";
  write_file(file, YAML::Dump(config));
  const auto result = run({*promtool_, "check", "config", "--lint=all", "--lint-fatal", file.string()});
  EXPECT_EQ(result.code, 0) << result.output << "\n" << read_file(file);
}

// ---- the rules against the code and the docs (no promtool needed) ----

TEST_F(MonitoringTest, EveryAlertHasSeveritySummaryDescriptionAndRunbook) {
  const auto alerts = load_rules(kAlertingRules, "alert");
  const auto anchors = doc_anchors(kOperationsDoc);
  std::set<std::string> names;
  for (const auto& a : alerts) {
    SCOPED_TRACE(a.name);
    EXPECT_TRUE(names.insert(a.name).second) << "defined twice";
    EXPECT_EQ(a.name.rfind("Cachepilot", 0), 0U);
    const auto severity = a.node["labels"]["severity"].as<std::string>("");
    EXPECT_TRUE(severity == "critical" || severity == "warning") << severity;
    EXPECT_FALSE(a.node["annotations"]["summary"].as<std::string>("").empty());
    EXPECT_GT(a.node["annotations"]["description"].as<std::string>("").size(), 40U);
    const auto runbook = a.node["annotations"]["runbook_url"].as<std::string>("");
    const std::string prefix = "docs/operations.md#";
    ASSERT_EQ(runbook.rfind(prefix, 0), 0U) << runbook;
    const auto target = runbook.substr(prefix.size());
    EXPECT_EQ(target, anchor(a.name));
    EXPECT_EQ(anchors.count(target), 1U) << "docs/operations.md has no heading for #" << target;
    EXPECT_TRUE(a.node["for"].IsDefined()) << "an alert without `for` fires on one bad evaluation";
  }
  // The alerts the issue asks for.
  for (const char* wanted : {"CachepilotAutoscalerDown", "CachepilotExtenderDown", "CachepilotMetricsUnavailable",
                             "CachepilotSustainedUnmetDemand", "CachepilotScaleBlockedAtMax",
                             "CachepilotExtenderErrors", "CachepilotStaleSnapshot", "CachepilotNoLeader"}) {
    EXPECT_EQ(names.count(wanted), 1U) << wanted;
  }
}

TEST_F(MonitoringTest, EveryAlertIsUnitTestedFiringAndNotFiring) {
  std::map<std::string, std::pair<int, int>> cases;  // alert -> (firing cases, not-firing cases)
  for (const auto& a : load_rules(kAlertingRules, "alert")) {
    cases[a.name] = {0, 0};
  }
  for (const auto& file : unit_test_files()) {
    const auto root = YAML::LoadFile(file.string());
    for (const auto& test : root["tests"]) {
      for (const auto& check : test["alert_rule_test"]) {
        const auto name = check["alertname"].as<std::string>();
        ASSERT_EQ(cases.count(name), 1U) << file << " tests an alert that does not exist: " << name;
        const auto expected = check["exp_alerts"];
        if (expected && expected.IsSequence() && expected.size() > 0) {
          ++cases[name].first;
        } else {
          ++cases[name].second;
        }
      }
    }
  }
  for (const auto& [name, counts] : cases) {
    EXPECT_GT(counts.first, 0) << name << " is never tested firing";
    EXPECT_GT(counts.second, 0) << name << " is never tested not firing";
  }
}

TEST_F(MonitoringTest, EveryRecordingRuleValueIsUnitTested) {
  std::set<std::string> tested;
  for (const auto& file : unit_test_files()) {
    const auto root = YAML::LoadFile(file.string());
    for (const auto& test : root["tests"]) {
      for (const auto& check : test["promql_expr_test"]) {
        for (const auto& t : tokens(check["expr"].as<std::string>(), kRecordToken)) {
          tested.insert(t);
        }
      }
    }
  }
  std::set<std::string> records;
  for (const auto& r : load_rules(kRecordingRules, "record")) {
    EXPECT_TRUE(records.insert(r.name).second) << r.name << " recorded twice";
    EXPECT_EQ(tested.count(r.name), 1U) << r.name << " has no promql_expr_test";
  }
}

TEST_F(MonitoringTest, EveryNameUsedIsRegisteredOrRecorded) {
  const auto registered = registered_metrics();
  ASSERT_GT(registered.names.size(), 40U) << "metrics/*.cpp's families were not found";
  for (const char* histogram :
       {"cachepilot_extender_request_duration_seconds", "cachepilot_autoscaler_cycle_duration_seconds",
        "cachepilot_extender_candidate_nodes", "cachepilot_snapshot_rebuild_duration_seconds"}) {
    ASSERT_EQ(registered.histograms.count(histogram), 1U) << histogram;
  }
  ASSERT_EQ(registered.names.count("cachepilot_autoscaler_is_leader"), 1U);
  std::set<std::string> records;
  for (const auto& r : load_rules(kRecordingRules, "record")) {
    records.insert(r.name);
  }
  std::vector<fs::path> files{kRecordingRules, kAlertingRules, kDashboard};
  for (const auto& f : unit_test_files()) {
    files.push_back(f);
  }
  for (const auto& file : files) {
    const auto text = read_file(file);
    for (const auto& name : tokens(text, kMetricToken)) {
      EXPECT_TRUE(registered.has(name)) << file.filename() << " uses " << name
                                        << ", which metrics/*.cpp does not register";
    }
    for (const auto& name : tokens(text, kRecordToken)) {
      EXPECT_EQ(records.count(name), 1U) << file.filename() << " uses " << name
                                         << ", which recording-rules.yaml does not record";
    }
  }
}

TEST_F(MonitoringTest, RulesSelectTheScrapeConfigsJobs) {
  std::set<std::string> scraped;
  for (const auto& job : YAML::LoadFile(kScrapeConfig.string())["scrape_configs"]) {
    scraped.insert(job["job_name"].as<std::string>());
    EXPECT_TRUE(job["honor_labels"].as<bool>(false)) << "the metrics' namespace label would become exported_namespace";
  }
  EXPECT_EQ(scraped, kJobs);
  // Every job="..." or job=~"a|b" in the rules and the dashboard names a scraped job.
  const std::regex job_matcher(R"re(job=~?"([^"]+)")re");
  for (const auto& file : {kRecordingRules, kAlertingRules, kDashboard}) {
    const auto text = read_file(file);
    for (std::sregex_iterator it(text.begin(), text.end(), job_matcher), end; it != end; ++it) {
      std::stringstream alternatives((*it)[1].str());
      std::string job;
      while (std::getline(alternatives, job, '|')) {
        EXPECT_EQ(kJobs.count(job), 1U) << file.filename() << " selects job " << job;
      }
    }
  }
}

// The scrape jobs keep exactly the pods and ports deploy/extender and deploy/autoscaler run.
TEST_F(MonitoringTest, ScrapeJobsSelectTheDeployedPodsAndPorts) {
  const std::map<std::string, fs::path> deployments{
      {"cachepilot-extender", kSourceDir / "deploy/extender/deployment.yaml"},
      {"cachepilot-autoscaler", kSourceDir / "deploy/autoscaler/deployment.yaml"}};
  for (const auto& job : YAML::LoadFile(kScrapeConfig.string())["scrape_configs"]) {
    const auto name = job["job_name"].as<std::string>();
    SCOPED_TRACE(name);
    ASSERT_EQ(deployments.count(name), 1U);
    const auto deployment = YAML::LoadFile(deployments.at(name).string());
    const auto pod = deployment["spec"]["template"];
    const auto app = pod["metadata"]["labels"]["app.kubernetes.io/name"].as<std::string>("");
    std::set<std::string> ports;
    for (const auto& container : pod["spec"]["containers"]) {
      for (const auto& port : container["ports"]) {
        ports.insert(port["name"].as<std::string>(""));
      }
    }
    bool kept = false;
    for (const auto& relabel : job["relabel_configs"]) {
      if (relabel["action"].as<std::string>("") != "keep") {
        continue;
      }
      std::vector<std::string> sources;
      for (const auto& s : relabel["source_labels"]) {
        sources.push_back(s.as<std::string>());
      }
      ASSERT_EQ(sources, (std::vector<std::string>{"__meta_kubernetes_pod_label_app_kubernetes_io_name",
                                                   "__meta_kubernetes_pod_container_port_name"}));
      const std::regex keep(relabel["regex"].as<std::string>());
      // Prometheus anchors relabel regexes.
      std::size_t matching_ports = 0;
      for (const auto& port : ports) {
        matching_ports += std::regex_match(app + ";" + port, keep) ? 1U : 0U;
      }
      EXPECT_EQ(matching_ports, 1U) << "the job must scrape one port of " << app;
      EXPECT_FALSE(std::regex_match("other-app;" + *ports.begin(), keep));
      kept = true;
    }
    EXPECT_TRUE(kept);
  }
}

// ---- the dashboard (no promtool needed) ----

TEST_F(MonitoringTest, DashboardHasTheVariablesAndPanelsTheIssueAsks) {
  const auto dashboard = load_dashboard();
  EXPECT_GE(dashboard.value("schemaVersion", 0), 36);
  EXPECT_FALSE(dashboard.value("uid", "").empty());
  std::map<std::string, json> variables;
  for (const auto& v : dashboard["templating"]["list"]) {
    variables[v.value("name", "")] = v;
  }
  ASSERT_EQ(variables.count("datasource"), 1U);
  EXPECT_EQ(variables["datasource"].value("type", ""), "datasource");
  EXPECT_EQ(variables["datasource"].value("query", ""), "prometheus");
  for (const char* name : {"namespace", "name", "dataset"}) {
    SCOPED_TRACE(name);
    ASSERT_EQ(variables.count(name), 1U);
    EXPECT_EQ(variables[name].value("type", ""), "query");
    const auto expr = variable_expression(variables[name]);
    ASSERT_TRUE(expr.has_value()) << "not a label_values query";
    EXPECT_NE(expr->find("cachepilot_"), std::string::npos);
    EXPECT_EQ(variables[name]["datasource"].value("uid", ""), "${datasource}");
  }

  std::set<std::string> titles;
  std::set<long long> ids;
  for (const auto& panel : all_panels(dashboard)) {
    const auto title = panel.value("title", "");
    SCOPED_TRACE(title);
    EXPECT_TRUE(ids.insert(panel.value("id", -1LL)).second) << "duplicate panel id";
    const auto& pos = panel["gridPos"];
    EXPECT_LE(pos.value("x", 0) + pos.value("w", 0), 24);
    titles.insert(title);
    if (panel.value("type", "") == "row") {
      continue;
    }
    EXPECT_FALSE(panel.value("description", "").empty());
    EXPECT_EQ(panel["datasource"].value("uid", ""), "${datasource}");
    ASSERT_FALSE(panel.value("targets", json::array()).empty());
    for (const auto& target : panel["targets"]) {
      EXPECT_EQ(target["datasource"].value("uid", ""), "${datasource}");
      EXPECT_FALSE(target.value("expr", "").empty());
    }
  }
  // Demand vs ready capacity vs forecast per dataset, scale events, unmet demand, extender request rate,
  // latency percentiles, locality hit rate, watch and snapshot health.
  for (const char* wanted :
       {"Demand vs ready capacity vs forecast", "Scale events", "Unmet demand (estimate)",
        "Request rate by verb and code", "Latency percentiles", "Locality hit rate (proxy) and neutral answers",
        "Watches synced", "Last watch event age", "Snapshot age", "Cache figures state"}) {
    EXPECT_EQ(titles.count(wanted), 1U) << wanted;
  }
}

TEST_F(MonitoringTest, PerTargetPanelsFollowTheVariables) {
  // A panel reading per-CacheAutoscaler or per-dataset series filters by the namespace and name/dataset
  // variables, so picking a dataset narrows it.
  for (const auto& e : dashboard_expressions(load_dashboard())) {
    if (e.where.rfind("panel", 0) != 0) {
      continue;
    }
    const bool per_target = e.expr.find(":leader") != std::string::npos ||
                            e.expr.find(":estimate") != std::string::npos ||
                            e.expr.find("cachepilot:autoscaler_provisioned_load") != std::string::npos ||
                            e.expr.find("cachepilot_autoscaler_decisions_total") != std::string::npos ||
                            e.expr.find("cachepilot_autoscaler_scale_writes_total") != std::string::npos;
    if (per_target) {
      EXPECT_NE(e.expr.find("namespace=~\"$namespace\""), std::string::npos) << e.where << ": " << e.expr;
      EXPECT_NE(e.expr.find("name=~\"$name\""), std::string::npos) << e.where << ": " << e.expr;
    }
    if (e.expr.find("cachepilot_extender_dataset_requests_total") != std::string::npos) {
      EXPECT_NE(e.expr.find("dataset=~\"$dataset\""), std::string::npos) << e.where << ": " << e.expr;
    }
  }
}

TEST_F(MonitoringTest, VariableSubstitutionKeepsPromQlShape) {
  EXPECT_EQ(substitute_variables(R"(rate(x{namespace=~"$namespace",d=~"${dataset}"}[$__rate_interval]))"),
            R"(rate(x{namespace=~".*",d=~".*"}[5m]))");
  EXPECT_EQ(substitute_variables("max_over_time(x[$__range]) / $__interval"), "max_over_time(x[1h]) / 1m");
  EXPECT_EQ(anchor("CachepilotStaleSnapshot"), "cachepilotstalesnapshot");
  EXPECT_EQ(anchor("Scraping and labels"), "scraping-and-labels");
}

TEST_F(MonitoringTest, OperationsDocCoversEveryAlertAndPointsToTheMetricsReference) {
  const auto doc = read_file(kOperationsDoc);
  EXPECT_NE(doc.find("](metrics.md)"), std::string::npos);
  EXPECT_NE(doc.find("## Reading the dashboard"), std::string::npos);
  for (const auto& a : load_rules(kAlertingRules, "alert")) {
    // One runbook section per alert, with what it means, what to check first and how to fix it.
    const auto heading = doc.find("\n### " + a.name + "\n");
    ASSERT_NE(heading, std::string::npos) << a.name;
    const auto next = doc.find("\n### ", heading + 1);
    const auto section = doc.substr(heading, next == std::string::npos ? std::string::npos : next - heading);
    for (const char* part : {"**Meaning.**", "**Check first.**", "**Fix.**"}) {
      EXPECT_NE(section.find(part), std::string::npos) << a.name << " lacks " << part;
    }
  }
  // Anchors the doc links to within itself exist.
  const auto anchors = doc_anchors(kOperationsDoc);
  const std::regex link(R"(\]\(#([a-z0-9_-]+)\))");
  for (std::sregex_iterator it(doc.begin(), doc.end(), link), end; it != end; ++it) {
    EXPECT_EQ(anchors.count((*it)[1]), 1U) << "#" << (*it)[1];
  }
}

}  // namespace
}  // namespace cachepilot
