#pragma once
// A real Prometheus server (Debian's /usr/bin/prometheus) run by the demo on loopback: it scrapes the
// sidecars, the extender and the autoscaler, loads the rule files it is given, keeps its TSDB in a work
// directory, and is stopped with the demo. The tests' Prometheus (tests/support/prometheus_server.hpp) is this
// one too: started again on the same port and work directory after a kill, it keeps its data.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/subprocess.hpp"

namespace cachepilot::demo {

// Targets of the same job are scraped by one job (honor_labels as its first target says).
struct ScrapeTarget {
  std::string job;
  std::string address;  // host:port
  bool honor_labels = false;
};

struct PrometheusServerOptions {
  std::string binary = "/usr/bin/prometheus";
  std::string work_dir;                            // prometheus.yml, data/ and prometheus.log go here
  std::uint16_t port = 0;                          // 0: a free one
  std::chrono::milliseconds scrape_interval{200};  // also the scrape timeout
  std::chrono::milliseconds evaluation_interval{1000};
  std::vector<ScrapeTarget> targets;
  std::vector<std::string> rule_files;
  std::string config_text;  // non-empty: prometheus.yml as given (the four fields above are not used)
  std::string log_level = "warn";
};

// The configuration file Prometheus is started with (exposed for tests).
[[nodiscard]] std::string prometheus_config(const PrometheusServerOptions& options);

class PrometheusServer {
 public:
  // Writes the config, starts Prometheus and waits (bounded) until it answers /-/ready.
  [[nodiscard]] static Result<std::unique_ptr<PrometheusServer>> start(const PrometheusServerOptions& options,
                                                                       std::chrono::milliseconds ready_timeout);
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void stop() { process_->stop(); }
  [[nodiscard]] Subprocess& process() { return *process_; }

 private:
  PrometheusServer(std::unique_ptr<Subprocess> process, std::uint16_t port)
      : process_(std::move(process)), port_(port) {}
  std::unique_ptr<Subprocess> process_;
  std::uint16_t port_;
};

// Polls http://127.0.0.1:port + path until it answers 200 or the timeout passes (false) or `process` exits.
[[nodiscard]] bool wait_until_ok(std::uint16_t port, const std::string& path, std::chrono::milliseconds timeout,
                                 Subprocess* process = nullptr);

}  // namespace cachepilot::demo
