#include "app/connect.hpp"

#include <cstdlib>
#include <optional>

#include "common/strings.hpp"
#include "net/http_client.hpp"

namespace cachepilot::app {

log::Level parse_level(const std::string& text) {
  if (text == "debug") {
    return log::Level::kDebug;
  }
  if (text == "warn") {
    return log::Level::kWarn;
  }
  if (text == "error") {
    return log::Level::kError;
  }
  return log::Level::kInfo;
}

Result<kube::ClusterAccess> cluster_access(bool in_cluster, const std::string& kubeconfig, const std::string& context) {
  if (in_cluster) {
    return kube::in_cluster_access([](const char* name) -> std::optional<std::string> {
      const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
      return value ? std::optional<std::string>(value) : std::nullopt;
    });
  }
  return kube::load_kubeconfig(kubeconfig, context);
}

Result<PrometheusConnection> connect_prometheus(const PrometheusFlags& flags) {
  auto endpoint = prom::parse_prometheus_url(flags.url);
  if (!endpoint.ok()) {
    return endpoint.error().wrap("--prometheus");
  }
  net::ClientOptions http;
  http.base_url = endpoint->base_url;
  http.timeout = flags.timeout;
  http.tls.insecure_skip_verify = flags.insecure_skip_verify;
  if (!flags.ca_file.empty()) {
    auto ca = kube::read_small_file(flags.ca_file);
    if (!ca.ok()) {
      return ca.error().wrap("--prometheus-ca-file");
    }
    http.tls.ca_pem = std::move(ca).value();
  }
  if (!flags.bearer_token_file.empty()) {
    auto token = kube::read_small_file(flags.bearer_token_file);
    if (!token.ok()) {
      return token.error().wrap("--prometheus-bearer-token-file");
    }
    http.bearer_token = std::string(trim(*token));
    // Re-read as it rotates (a projected service-account token), as for the API server's.
    http.bearer_token_file = flags.bearer_token_file;
  }
  auto client = net::make_http_client(http);
  if (!client.ok()) {
    return client.error().wrap("--prometheus");
  }
  prom::PrometheusClientOptions options;
  options.path_prefix = endpoint->path_prefix;
  // Prometheus stops evaluating a query a little before we stop waiting, so a slow query comes back as its
  // own clear error rather than a transport timeout.
  options.evaluation_timeout = flags.timeout * 9 / 10;
  PrometheusConnection out;
  out.description = endpoint->base_url + endpoint->path_prefix;
  out.client = std::make_unique<prom::PrometheusClient>(std::move(client).value(), options);
  return out;
}

}  // namespace cachepilot::app
