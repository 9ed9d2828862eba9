#include "demo/prometheus_server.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "net/http_client.hpp"

namespace cachepilot::demo {

namespace {

std::string duration_text(std::chrono::milliseconds d) { return std::to_string(d.count()) + "ms"; }

}  // namespace

std::string prometheus_config(const PrometheusServerOptions& options) {
  std::string out;
  out += "global:\n";
  out += "  scrape_interval: " + duration_text(options.scrape_interval) + "\n";
  out += "  scrape_timeout: " + duration_text(options.scrape_interval) + "\n";
  out += "  evaluation_interval: " + duration_text(options.evaluation_interval) + "\n";
  if (!options.rule_files.empty()) {
    out += "rule_files:\n";
    for (const auto& f : options.rule_files) {
      out += "  - '" + f + "'\n";
    }
  }
  out += "scrape_configs:\n";
  for (auto first = options.targets.begin(); first != options.targets.end(); ++first) {
    const auto same_job = [&](const ScrapeTarget& t) { return t.job == first->job; };
    if (std::any_of(options.targets.begin(), first, same_job)) {
      continue;  // scraped by the job written for the first target of its job
    }
    out += "  - job_name: '" + first->job + "'\n";
    if (first->honor_labels) {
      out += "    honor_labels: true\n";
    }
    std::string addresses;
    for (auto t = first; t != options.targets.end(); ++t) {
      if (same_job(*t)) {
        addresses += (addresses.empty() ? "'" : ", '") + t->address + "'";
      }
    }
    out += "    static_configs:\n      - targets: [" + addresses + "]\n";
  }
  return out;
}

bool wait_until_ok(std::uint16_t port, const std::string& path, std::chrono::milliseconds timeout,
                   Subprocess* process) {
  net::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.timeout = std::chrono::milliseconds(1000);
  auto client = net::make_http_client(options);
  if (!client.ok()) {
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    net::ClientRequest request;
    request.method = "GET";
    request.path_and_query = path;
    auto answer = (*client)->send(request);
    if (answer.ok() && answer->status == 200) {
      return true;
    }
    if (process != nullptr && !process->running()) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

Result<std::unique_ptr<PrometheusServer>> PrometheusServer::start(const PrometheusServerOptions& options,
                                                                  std::chrono::milliseconds ready_timeout) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(options.work_dir) / "data", ec);
  if (ec) {
    return make_error(ErrorCode::kUnavailable, "cannot create " + options.work_dir + ": " + ec.message());
  }
  const auto config_path = (fs::path(options.work_dir) / "prometheus.yml").string();
  {
    std::ofstream config(config_path);
    config << (options.config_text.empty() ? prometheus_config(options) : options.config_text);
    if (!config) {
      return make_error(ErrorCode::kUnavailable, "cannot write " + config_path);
    }
  }
  std::uint16_t port = options.port;
  if (port == 0) {
    auto free = free_loopback_port();
    if (!free.ok()) {
      return free.error();
    }
    port = *free;
  }
  auto process = Subprocess::spawn("prometheus",
                                   {options.binary, "--config.file=" + config_path,
                                    "--storage.tsdb.path=" + (fs::path(options.work_dir) / "data").string(),
                                    "--web.listen-address=127.0.0.1:" + std::to_string(port),
                                    "--storage.tsdb.retention.time=1d", "--log.level=" + options.log_level},
                                   (fs::path(options.work_dir) / "prometheus.log").string());
  if (!process.ok()) {
    return process.error().wrap("Prometheus (scripts/setup installs Debian's prometheus package)");
  }
  if (!wait_until_ok(port, "/-/ready", ready_timeout, process->get())) {
    const std::string tail = (*process)->log_tail();
    return make_error(ErrorCode::kUnavailable, "Prometheus did not become ready: " + tail);
  }
  return std::unique_ptr<PrometheusServer>(new PrometheusServer(std::move(process).value(), port));
}

}  // namespace cachepilot::demo
