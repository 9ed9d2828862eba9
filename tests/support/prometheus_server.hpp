#pragma once
// A real Prometheus (Debian's /usr/bin/prometheus, package prometheus) on 127.0.0.1 for tests: the demo's
// demo::PrometheusServer (demo/prometheus_server.hpp) with a generated prometheus.yml scraping the given targets
// every `scrape_interval` (or a config of the test's own), a TSDB in a directory of its own, a free port, and
// the process killed when this object dies or the test process does (cachepilot::Subprocess,
// PR_SET_PDEATHSIG). The constructor returns once /-/ready answers 200 (the TSDB is open, the API serves).
// The first scrape comes about 5 s later (Prometheus's discovery manager passes targets on at most every 5 s):
// start it before other slow fixtures, then wait_for_targets_up().
//
//   PrometheusServer prometheus({.targets = {"127.0.0.1:" + std::to_string(port)}});
//   prometheus.wait_for_targets_up();                       // the first scrape of every target is in
//   auto v = prometheus.query_value("sum(rate(x[5s]))");    // one sample's value, nullopt for no series
//   prometheus.kill();                                      // SIGKILL: the API goes away at once
//   prometheus.start();                                     // the same port and data, as after a crash
//
// Errors throw E2eError (control_plane.hpp) with the tail of Prometheus's log.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo/prometheus_server.hpp"
#include "tests/support/control_plane.hpp"

namespace cachepilot::testing {

struct PrometheusOptions {
  std::string dir{};                   // config, rules, data and log (created); empty: a fresh temp directory
  std::vector<std::string> targets{};  // "127.0.0.1:<port>", scraped at /metrics by job "exporter"
  std::chrono::milliseconds scrape_interval = std::chrono::seconds(1);  // also the rule evaluation interval
  std::string rules_yaml{};                                             // a rule file's text (groups: ...); empty: none
  std::string config_yaml{};  // non-empty: prometheus.yml as given (targets, scrape_interval, rules_yaml unused)
  std::string log_level = "info";
  std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
};

class PrometheusServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/prometheus";
  // Why a test cannot run one (the binary is missing), or nullopt.
  [[nodiscard]] static std::optional<std::string> unavailable_reason();

  explicit PrometheusServer(PrometheusOptions options);
  ~PrometheusServer();
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string url() const;  // "http://127.0.0.1:<port>"
  [[nodiscard]] const std::string& dir() const { return dir_; }
  [[nodiscard]] std::string log_path() const;
  [[nodiscard]] std::string log_tail(std::size_t lines = 40) const;
  [[nodiscard]] bool running();

  // SIGKILL and reap: nothing answers on the port afterwards.
  void kill();
  // Starts again on the same port with the same data (after kill()); waits until ready. A no-op while running.
  void start();

  // GET /api/v1/query: the "data" object of a successful answer; throws on anything else.
  nlohmann::json query(const std::string& promql);
  // The value of an instant query returning one sample; nullopt when it returns no series.
  std::optional<double> query_value(const std::string& promql);
  // GET /metrics: Prometheus's own metrics, e.g. prometheus_http_requests_total{code,handler} (which API calls
  // it answered: "/api/v1/query_range" is the autoscaler's history back-fill).
  std::string self_metrics();
  // Polls /api/v1/targets until every target reports health "up" (its first scrape succeeded).
  void wait_for_targets_up(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  std::string get(const std::string& path_and_query, unsigned* status);

  PrometheusOptions options_;
  std::string dir_;
  bool own_dir_ = false;
  demo::PrometheusServerOptions server_options_;
  std::uint16_t port_ = 0;
  std::unique_ptr<demo::PrometheusServer> server_;
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace cachepilot::testing
