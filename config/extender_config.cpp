#include "config/extender_config.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <thread>

#include <CLI/CLI.hpp>

#include "config/prometheus_flags.hpp"

namespace cachepilot::config {

Result<HostPort> parse_host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    return make_error(ErrorCode::kInvalidArgument, "\"" + text + "\" is not HOST:PORT");
  }
  HostPort out;
  out.host = text.substr(0, colon);
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  if (out.host.empty()) {
    out.host = "0.0.0.0";
  }
  const auto port_text = std::string_view(text).substr(colon + 1);
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port > 65535) {
    return make_error(ErrorCode::kInvalidArgument, "\"" + text + "\": port must be 0..65535");
  }
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

void add_extender_flags(CLI::App& app, ExtenderConfig& c) {
  app.add_option("--cluster-from", c.cluster_from,
                 "Cluster dump to serve from: a Kubernetes List (JSON or YAML, as `kubectl get nodes,pvc,datasets,"
                 "alluxioruntimes -A -o json` prints it) or a stream of YAML documents");
  app.add_option("--listen", c.listen, "Address to serve on, HOST:PORT")->capture_default_str();
  app.add_option("--threads", c.threads, "I/O threads (0: one per core, at least 2)")->capture_default_str();
  app.add_option("--max-body-bytes", c.max_body_bytes,
                 "Largest request body accepted; larger ones are refused from their Content-Length")
      ->capture_default_str();
  app.add_option("--read-timeout", c.read_timeout_seconds, "Seconds a client may take to send one request")
      ->capture_default_str();
  app.add_option("--idle-timeout", c.idle_timeout_seconds,
                 "Seconds an idle keep-alive connection stays open (keep above the scheduler's 90 s)")
      ->capture_default_str();
  app.add_option("--node-weight", c.policy.node_weight, "Weight of bytes cached on the node itself")
      ->capture_default_str();
  app.add_option("--zone-weight", c.policy.zone_weight, "Weight of bytes cached elsewhere in the node's zone")
      ->capture_default_str();
  app.add_option("--region-weight", c.policy.region_weight, "Weight of bytes cached elsewhere in the node's region")
      ->capture_default_str();
  app.add_option("--zone-label", c.topology.zone, "Node label keys naming the zone, in order of preference")
      ->capture_default_str();
  app.add_option("--region-label", c.topology.region, "Node label keys naming the region, in order of preference")
      ->capture_default_str();
  app.add_option("--prefer-cache-free-nodes", c.policy.prefer_cache_free_nodes,
                 "Pods reading no dataset prefer nodes without cache workers (true/false)")
      ->capture_default_str();
  app.add_option("--duplicate-unresolvable", c.policy.duplicate_unresolvable_into_failed,
                 "Also list FailedAndUnresolvableNodes in FailedNodes (kube-scheduler < 1.21 reads only FailedNodes)")
      ->capture_default_str();
  app.add_option("--omit-zero-scores", c.policy.omit_zero_scores,
                 "Leave hosts scoring 0 out of /prioritize replies: kube-scheduler treats an absent host as 0 and "
                 "decodes less JSON (true/false)")
      ->capture_default_str();
  app.add_option("--log-level", c.log_level, "debug, info, warn or error")->capture_default_str();
  app.add_option("--tls-cert", c.tls_cert, "PEM certificate chain: serve HTTPS (kube-scheduler enableHTTPS)");
  app.add_option("--tls-key", c.tls_key, "PEM private key of --tls-cert");
  app.add_option("--tls-client-ca", c.tls_client_ca,
                 "PEM CA bundle: require client certificates it signed (mTLS; tlsConfig certFile/keyFile)");
  app.add_option("--max-connections", c.max_connections, "Open connections served at once; more are closed")
      ->capture_default_str();

  app.add_option("--kubeconfig", c.kubeconfig,
                 "Watch a live cluster through this kubeconfig (token or client certificate; TLS verified)");
  app.add_option("--context", c.kube_context, "kubeconfig context to use (default: its current-context)");
  app.add_flag("--in-cluster", c.in_cluster,
               "Watch the cluster this pod runs in (service-account token and CA, KUBERNETES_SERVICE_HOST/PORT)");
  app.add_option("--runtime-kinds", c.runtime_kinds,
                 "Fluid runtime kinds to watch (comma-separated; default AlluxioRuntime,JuiceFSRuntime,JindoRuntime,"
                 "GooseFSRuntime,EFCRuntime,ThinRuntime,VineyardRuntime); kinds whose CRD is not installed are "
                 "tolerated")
      ->delimiter(',');
  app.add_option("--api-timeout", c.api_timeout_seconds, "Seconds allowed for one Kubernetes API call")
      ->capture_default_str();
  app.add_option("--rebuild-interval", c.rebuild_interval_seconds,
                 "Least seconds between two snapshot rebuilds: a burst of watch events is coalesced into one")
      ->capture_default_str();

  app.add_option("--prometheus", c.prometheus_url,
                 "Prometheus base URL: per-node cached bytes from --cache-figures-query replace the even split");
  add_prometheus_access_flags(app, c.prometheus_bearer_token_file, c.prometheus_ca_file,
                              c.prometheus_insecure_skip_tls_verify);
  app.add_option("--cache-figures-query", c.cache_figures_query,
                 "PromQL returning cached bytes, one series per (namespace, dataset, node)");
  app.add_option("--cache-figures-interval", c.cache_figures_interval_seconds,
                 "Seconds between two cache-figure queries")
      ->capture_default_str();
  app.add_option("--cache-figures-max-age", c.cache_figures_max_age_seconds,
                 "Seconds the last good figures are used while Prometheus fails; then the even split returns")
      ->capture_default_str();
}

ClusterSource cluster_source(const ExtenderConfig& c) {
  if (c.in_cluster) {
    return ClusterSource::kInCluster;
  }
  return c.kubeconfig.empty() ? ClusterSource::kDump : ClusterSource::kKubeconfig;
}

Status validate(const ExtenderConfig& c) {
  auto hp = parse_host_port(c.listen);
  if (!hp.ok()) {
    return hp.error().wrap("--listen");
  }
  if (c.threads < 0 || c.threads > 256) {
    return make_error(ErrorCode::kInvalidArgument, "--threads must be 0..256");
  }
  if (c.max_body_bytes < 1024) {
    return make_error(ErrorCode::kInvalidArgument, "--max-body-bytes must be at least 1024");
  }
  // Upper bound keeps the conversion to milliseconds in range; the comparisons also refuse NaN.
  constexpr double kMaxTimeoutSeconds = 1e9;
  auto valid_timeout = [](double s) { return s > 0 && s <= kMaxTimeoutSeconds; };
  if (!valid_timeout(c.read_timeout_seconds) || !valid_timeout(c.idle_timeout_seconds)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--read-timeout and --idle-timeout must be positive and finite (at most 1e9 s)");
  }
  const auto& p = c.policy;
  if (!std::isfinite(p.node_weight) || !std::isfinite(p.zone_weight) || !std::isfinite(p.region_weight) ||
      p.node_weight < 0 || p.zone_weight < 0 || p.region_weight < 0 ||
      p.node_weight + p.zone_weight + p.region_weight <= 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--node-weight, --zone-weight, --region-weight must be finite, non-negative, not all zero");
  }
  if (c.topology.zone.empty() || c.topology.region.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "--zone-label and --region-label need at least one key");
  }
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "--tls-cert and --tls-key go together");
  }
  if (!c.tls_client_ca.empty() && c.tls_cert.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "--tls-client-ca needs --tls-cert and --tls-key");
  }
  if (c.max_connections < 1) {
    return make_error(ErrorCode::kInvalidArgument, "--max-connections must be at least 1");
  }
  const int sources = (c.cluster_from.empty() ? 0 : 1) + (c.kubeconfig.empty() ? 0 : 1) + (c.in_cluster ? 1 : 0);
  if (sources != 1) {
    return make_error(ErrorCode::kInvalidArgument,
                      "give exactly one cluster source: --cluster-from FILE, --kubeconfig FILE or --in-cluster");
  }
  if (!valid_timeout(c.api_timeout_seconds) || !(c.rebuild_interval_seconds >= 0) ||
      c.rebuild_interval_seconds > 3600) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--api-timeout must be positive; --rebuild-interval must be 0..3600 seconds");
  }
  if (!c.prometheus_url.empty() && !c.cluster_from.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--prometheus needs a live cluster source (--kubeconfig or --in-cluster), not --cluster-from");
  }
  if (!c.prometheus_url.empty() && c.prometheus_url.rfind("http://", 0) != 0 &&
      c.prometheus_url.rfind("https://", 0) != 0) {
    return make_error(ErrorCode::kInvalidArgument, "--prometheus must be an http:// or https:// URL");
  }
  if (!valid_timeout(c.cache_figures_interval_seconds) || !valid_timeout(c.cache_figures_max_age_seconds)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--cache-figures-interval and --cache-figures-max-age must be positive seconds");
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error") {
    return make_error(ErrorCode::kInvalidArgument, "--log-level must be debug, info, warn or error");
  }
  return ok_status();
}

Result<net::ServerOptions> server_options(const ExtenderConfig& c) {
  CP_RETURN_IF_ERROR(validate(c));
  auto hp = parse_host_port(c.listen);
  net::ServerOptions o;
  o.host = hp->host;
  o.port = hp->port;
  o.threads = c.threads > 0 ? c.threads : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  o.body_limit = c.max_body_bytes;
  o.read_timeout = std::chrono::milliseconds(static_cast<long long>(c.read_timeout_seconds * 1000));
  o.idle_timeout = std::chrono::milliseconds(static_cast<long long>(c.idle_timeout_seconds * 1000));
  o.max_connections = c.max_connections;
  if (!c.tls_cert.empty()) {
    o.tls = net::TlsOptions{c.tls_cert, c.tls_key, c.tls_client_ca};
  }
  return o;
}

}  // namespace cachepilot::config
