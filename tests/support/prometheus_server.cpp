#include "tests/support/prometheus_server.hpp"

#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/strings.hpp"

namespace cachepilot::testing {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return 0;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&  // NOLINT
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {  // NOLINT
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

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
  port_ = free_loopback_port();
  if (port_ == 0) {
    throw E2eError("no free loopback port for Prometheus");
  }
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
  write_config();
  start();
}

PrometheusServer::~PrometheusServer() {
  process_.reset();  // SIGKILL and reap
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

bool PrometheusServer::running() { return process_ && process_->running(); }

void PrometheusServer::write_config() {
  std::ofstream config(dir_ + "/prometheus.yml");
  config << "global:\n"
         << "  scrape_interval: " << options_.scrape_interval << "\n"
         << "  scrape_timeout: " << options_.scrape_interval << "\n"
         << "  evaluation_interval: " << options_.scrape_interval << "\n";
  if (!options_.rules_yaml.empty()) {
    std::ofstream(dir_ + "/rules.yml") << options_.rules_yaml;
    config << "rule_files: ['" << dir_ << "/rules.yml']\n";
  }
  config << "scrape_configs:\n"
         << "- job_name: exporter\n"
         << "  static_configs:\n"
         << "  - targets: [";
  for (std::size_t i = 0; i < options_.targets.size(); ++i) {
    config << (i == 0 ? "" : ", ") << "'" << options_.targets[i] << "'";
  }
  config << "]\n";
  if (!config) {
    throw E2eError("cannot write " + dir_ + "/prometheus.yml");
  }
}

void PrometheusServer::start() {
  if (running()) {
    return;
  }
  process_.reset();
  process_ = std::make_unique<ManagedProcess>(
      "prometheus",
      std::vector<std::string>{kBinary, "--config.file=" + dir_ + "/prometheus.yml",
                               "--storage.tsdb.path=" + dir_ + "/data",
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--log.level=info"},
      log_path());
  wait_ready();
}

void PrometheusServer::wait_ready() {
  const auto deadline = Clock::now() + options_.start_timeout;
  // /-/ready answers 200 once the TSDB is open and the API serves.
  while (true) {
    unsigned status = 0;
    get("/-/ready", &status);
    if (status == 200) {
      return;
    }
    if (!process_->running()) {
      throw E2eError("Prometheus exited before it was ready: " + process_->describe_exit() + "\n" + log_tail());
    }
    if (Clock::now() >= deadline) {
      throw E2eError("Prometheus not ready within " + std::to_string(options_.start_timeout.count()) + " ms\n" +
                     log_tail());
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
}

void PrometheusServer::kill() {
  if (process_) {
    process_->kill_now();
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
