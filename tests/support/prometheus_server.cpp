#include "tests/support/prometheus_server.hpp"

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/strings.hpp"

namespace cachepilot::testing {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::optional<std::string> PrometheusServer::unavailable_reason() {
  if (!fs::exists(kBinary)) {
    return std::string(kBinary) + " is missing: scripts/setup installs the Debian package prometheus";
  }
  return std::nullopt;
}

PrometheusServer::PrometheusServer(PrometheusOptions options) : options_(std::move(options)) {
  if (auto reason = unavailable_reason()) {
    throw E2eError(*reason);
  }
  if (options_.dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "cachepilot-prometheus-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw E2eError("mkdtemp failed for Prometheus's directory");
    }
    dir_ = pattern;
    own_dir_ = true;
  } else {
    dir_ = options_.dir;
    fs::create_directories(dir_);
  }
  server_options_.binary = kBinary;
  server_options_.work_dir = dir_;
  server_options_.scrape_interval = options_.scrape_interval;
  server_options_.evaluation_interval = options_.scrape_interval;
  for (const auto& target : options_.targets) {
    server_options_.targets.push_back({.job = "exporter", .address = target});
  }
  if (!options_.rules_yaml.empty()) {
    const auto rules = dir_ + "/rules.yml";
    std::ofstream(rules) << options_.rules_yaml;
    server_options_.rule_files.push_back(rules);
  }
  server_options_.config_text = options_.config_yaml;
  server_options_.log_level = options_.log_level;
  start();  // a free port; start() uses it again from now on
  server_options_.port = port_;
  net::ClientOptions client;
  client.base_url = url();
  client.timeout = std::chrono::seconds(5);
  client.max_response_bytes = 16UL * 1024 * 1024;
  client.user_agent = "cachepilot-e2e";
  auto made = net::make_http_client(client);
  if (!made.ok()) {
    throw E2eError("HTTP client for Prometheus: " + made.error().message);
  }
  client_ = std::move(made).value();
}

PrometheusServer::~PrometheusServer() {
  kill();
  server_.reset();
  client_.reset();
  if (own_dir_) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string PrometheusServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string PrometheusServer::log_path() const { return dir_ + "/prometheus.log"; }

std::string PrometheusServer::log_tail(std::size_t lines) const {
  std::ifstream in(log_path());
  std::deque<std::string> kept;
  std::string line;
  while (std::getline(in, line)) {
    kept.push_back(line);
    if (kept.size() > lines) {
      kept.pop_front();
    }
  }
  std::string out;
  for (const auto& l : kept) {
    out += l + "\n";
  }
  return out;
}

bool PrometheusServer::running() { return server_ && server_->process().running(); }

void PrometheusServer::start() {
  if (running()) {
    return;
  }
  server_.reset();
  auto started = demo::PrometheusServer::start(server_options_, options_.start_timeout);
  if (!started.ok()) {
    throw E2eError(started.error().message);
  }
  server_ = std::move(started).value();
  port_ = server_->port();
}

void PrometheusServer::kill() {
  if (server_) {
    server_->process().kill();
  }
}

std::string PrometheusServer::get(const std::string& path_and_query, unsigned* status) {
  net::ClientRequest request;
  request.path_and_query = path_and_query;
  auto response = client_->send(request);
  if (!response.ok()) {
    *status = 0;
    return response.error().message;
  }
  *status = response->status;
  return response->body;
}

nlohmann::json PrometheusServer::query(const std::string& promql) {
  unsigned status = 0;
  const auto body = get("/api/v1/query?query=" + url_encode(promql), &status);
  if (status != 200) {
    throw E2eError("Prometheus query " + promql + ": HTTP " + std::to_string(status) + ": " + body, status);
  }
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || doc.value("status", "") != "success" || !doc.contains("data")) {
    throw E2eError("Prometheus query " + promql + ": unexpected answer " + body.substr(0, 2000));
  }
  return doc["data"];
}

std::optional<double> PrometheusServer::query_value(const std::string& promql) {
  const auto data = query(promql);
  const auto& result = data["result"];
  if (data.value("resultType", "") != "vector" || !result.is_array()) {
    throw E2eError("Prometheus query " + promql + ": not a vector: " + data.dump());
  }
  if (result.empty()) {
    return std::nullopt;
  }
  if (result.size() != 1) {
    throw E2eError("Prometheus query " + promql + ": " + std::to_string(result.size()) + " series");
  }
  return std::stod(result[0]["value"][1].get<std::string>());
}

std::string PrometheusServer::self_metrics() {
  unsigned status = 0;
  auto body = get("/metrics", &status);
  if (status != 200) {
    throw E2eError("Prometheus /metrics: HTTP " + std::to_string(status) + ": " + body.substr(0, 2000), status);
  }
  return body;
}

void PrometheusServer::wait_for_targets_up(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string last;
  while (Clock::now() < deadline) {
    unsigned status = 0;
    last = get("/api/v1/targets?state=active", &status);
    if (status == 200) {
      const auto doc = nlohmann::json::parse(last, nullptr, false);
      if (doc.is_object() && doc.contains("data") && doc["data"].contains("activeTargets")) {
        const auto& targets = doc["data"]["activeTargets"];
        bool all_up = targets.size() == options_.targets.size();
        for (const auto& t : targets) {
          all_up = all_up && t.value("health", "") == "up";
        }
        if (all_up) {
          return;
        }
      }
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
  throw E2eError("Prometheus's targets not all up within " + std::to_string(timeout.count()) + " ms; last " +
                 last.substr(0, 2000) + "\n" + log_tail());
}

}  // namespace cachepilot::testing
