#pragma once
// Configuration of `cachepilot extender`: flags, defaults and validation.
#include <cstdint>
#include <string>
#include <vector>

#include "cluster/converter.hpp"
#include "common/result.hpp"
#include "extender/placement.hpp"
#include "net/http_server.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace cachepilot::config {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// "HOST:PORT", "[v6]:PORT" or ":PORT" (all interfaces).
[[nodiscard]] Result<HostPort> parse_host_port(const std::string& text);

struct ExtenderConfig {
  std::string cluster_from;  // a dump file (JSON/YAML List or YAML stream)
  std::string listen = "127.0.0.1:8888";
  int threads = 0;  // 0: one per core, at least 2
  std::uint64_t max_body_bytes = 64ULL * 1024 * 1024;
  double read_timeout_seconds = 10;
  double idle_timeout_seconds = 120;
  std::string log_level = "info";
  std::string tls_cert;  // PEM; with tls_key, serve HTTPS
  std::string tls_key;
  std::string tls_client_ca;  // PEM; require client certificates signed by it (mTLS)
  std::size_t max_connections = 4096;

  // The live cluster source (instead of --cluster-from).
  std::string kubeconfig;
  std::string kube_context;
  bool in_cluster = false;
  std::vector<std::string> runtime_kinds;  // empty: every Fluid runtime kind
  double api_timeout_seconds = 10;
  double rebuild_interval_seconds = 0.2;

  // Optional per-node cache figures from Prometheus.
  std::string prometheus_url;
  std::string prometheus_bearer_token_file;
  std::string prometheus_ca_file;
  bool prometheus_insecure_skip_tls_verify = false;
  std::string cache_figures_query;  // empty: the default recording rule
  double cache_figures_interval_seconds = 30;
  double cache_figures_max_age_seconds = 300;

  extender::Policy policy;
  cluster::TopologyKeys topology;
};

// Registers the flags on a (sub)command.
void add_extender_flags(CLI::App& app, ExtenderConfig& config);

enum class ClusterSource { kDump, kKubeconfig, kInCluster };
[[nodiscard]] ClusterSource cluster_source(const ExtenderConfig& config);

// Checks ranges and turns the flags into server options; errors name the flag.
[[nodiscard]] Result<net::ServerOptions> server_options(const ExtenderConfig& config);
[[nodiscard]] Status validate(const ExtenderConfig& config);

}  // namespace cachepilot::config
