#include "config/autoscaler_config.hpp"

#include <cmath>

#include <CLI/CLI.hpp>

#include "config/extender_config.hpp"
#include "config/prometheus_flags.hpp"

namespace cachepilot::config {

void add_autoscaler_flags(CLI::App& app, AutoscalerCommandConfig& c) {
  app.add_option("--kubeconfig", c.kubeconfig, "kubeconfig of the cluster to act on");
  app.add_option("--context", c.kube_context, "kubeconfig context to use (default: its current-context)");
  app.add_flag("--in-cluster", c.in_cluster, "Use the pod's service account (KUBERNETES_SERVICE_HOST/PORT)");
  app.add_option("--api-timeout", c.api_timeout_seconds, "Seconds allowed for one Kubernetes API call")
      ->capture_default_str();
  app.add_option("--prometheus", c.prometheus_url, "Prometheus URL the demand queries go to (http:// or https://)")
      ->required();
  add_prometheus_access_flags(app, c.prometheus_bearer_token_file, c.prometheus_ca_file,
                              c.prometheus_insecure_skip_tls_verify);
  app.add_option("--prometheus-timeout", c.prometheus_timeout_seconds, "Seconds allowed for one Prometheus query")
      ->capture_default_str();
  app.add_option("--listen", c.listen, "Address serving /metrics, /healthz and /readyz, HOST:PORT")
      ->capture_default_str();
  app.add_option("--interval", c.interval_seconds, "Seconds between decision cycles")->capture_default_str();
  app.add_option("--history", c.history_seconds,
                 "Seconds of demand history back-filled with query_range on start and on becoming leader")
      ->capture_default_str();
  app.add_option("--namespace", c.watch_namespace, "Watch CacheAutoscalers and pods in this namespace only");
  app.add_option("--leader-elect", c.leader_elect, "Elect a leader on a Lease; only the leader acts")
      ->capture_default_str();
  app.add_option("--leader-elect-namespace", c.leader_elect_namespace,
                 "Namespace of the Lease (default: $POD_NAMESPACE, else cachepilot-system)");
  app.add_option("--leader-elect-lease-name", c.leader_elect_lease_name, "Name of the Lease")->capture_default_str();
  app.add_option("--leader-elect-identity", c.leader_elect_identity,
                 "This replica's identity in the Lease (default: $POD_NAME, else the host name)");
  app.add_option("--lease-duration", c.lease_duration_seconds,
                 "Seconds a standby waits after the leader's last renewal before taking over")
      ->capture_default_str();
  app.add_option("--renew-deadline", c.renew_deadline_seconds,
                 "Seconds the leader keeps trying to renew before it stops acting")
      ->capture_default_str();
  app.add_option("--retry-period", c.retry_period_seconds, "Seconds between Lease attempts")->capture_default_str();
  app.add_option("--default-lead-time", c.default_lead_time_seconds,
                 "Lead time used for leadTime: auto until a worker start has been observed")
      ->capture_default_str();
  app.add_option("--time-scale", c.time_scale,
                 "Model seconds per wall second, for a cluster replayed faster than real time (cachepilot demo); "
                 "leave 1 on a real cluster")
      ->capture_default_str();
  app.add_option("--log-level", c.log_level, "debug, info, warn or error")->capture_default_str();
}

Status validate(const AutoscalerCommandConfig& c) {
  if (c.kubeconfig.empty() == !c.in_cluster) {
    return make_error(ErrorCode::kInvalidArgument, "give exactly one cluster: --kubeconfig FILE or --in-cluster");
  }
  if (auto hp = parse_host_port(c.listen); !hp.ok()) {
    return hp.error().wrap("--listen");
  }
  if (c.prometheus_url.rfind("http://", 0) != 0 && c.prometheus_url.rfind("https://", 0) != 0) {
    return make_error(ErrorCode::kInvalidArgument, "--prometheus must be an http:// or https:// URL");
  }
  const auto positive = [](double s) { return s > 0 && s <= 1e6; };
  if (!positive(c.api_timeout_seconds) || !positive(c.prometheus_timeout_seconds) || !positive(c.interval_seconds) ||
      !(c.history_seconds >= 0 && c.history_seconds <= 8 * 86400.0) || !positive(c.default_lead_time_seconds) ||
      !(c.time_scale >= 1 && c.time_scale <= 1000)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--api-timeout, --prometheus-timeout, --interval and --default-lead-time must be positive; "
                      "--history must be 0..691200 seconds; --time-scale 1..1000");
  }
  if (!positive(c.lease_duration_seconds) || !positive(c.renew_deadline_seconds) || !positive(c.retry_period_seconds) ||
      !(c.lease_duration_seconds > c.renew_deadline_seconds) || !(c.renew_deadline_seconds > c.retry_period_seconds)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "need --lease-duration > --renew-deadline > --retry-period > 0 (as client-go's leader election)");
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error") {
    return make_error(ErrorCode::kInvalidArgument, "--log-level must be debug, info, warn or error");
  }
  return ok_status();
}

}  // namespace cachepilot::config
