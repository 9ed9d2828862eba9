#pragma once
// What every live subcommand does the same way: reach the cluster (kubeconfig or in-cluster) and Prometheus
// (URL, bearer token, CA, timeouts) from its flags.
#include <chrono>
#include <memory>
#include <string>

#include "common/log.hpp"
#include "common/result.hpp"
#include "kube/kubeconfig.hpp"
#include "prom/prometheus_client.hpp"

namespace cachepilot::app {

[[nodiscard]] log::Level parse_level(const std::string& text);

// --in-cluster, else --kubeconfig FILE [--context NAME].
[[nodiscard]] Result<kube::ClusterAccess> cluster_access(bool in_cluster, const std::string& kubeconfig,
                                                         const std::string& context);

struct PrometheusFlags {
  std::string url;
  std::string bearer_token_file;
  std::string ca_file;
  bool insecure_skip_verify = false;
  std::chrono::milliseconds timeout{10'000};
};

struct PrometheusConnection {
  std::unique_ptr<prom::PrometheusClient> client;
  std::string description;  // "http://host:9090/prefix", for logs (never the token)
};

// Errors name the flag at fault ("--prometheus-ca-file: ...").
[[nodiscard]] Result<PrometheusConnection> connect_prometheus(const PrometheusFlags& flags);

}  // namespace cachepilot::app
