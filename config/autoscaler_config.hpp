#pragma once
// Configuration of `cachepilot autoscaler`: flags, defaults and validation (docs/autoscaler.md lists them).
#include <string>

#include "common/result.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace cachepilot::config {

struct AutoscalerCommandConfig {
  std::string kubeconfig;
  std::string kube_context;
  bool in_cluster = false;
  double api_timeout_seconds = 10;
  std::string prometheus_url;
  std::string prometheus_bearer_token_file;
  std::string prometheus_ca_file;
  bool prometheus_insecure_skip_tls_verify = false;
  double prometheus_timeout_seconds = 10;
  std::string listen = "127.0.0.1:8090";
  double interval_seconds = 15;
  double history_seconds = 3600;
  std::string watch_namespace;  // empty: all
  bool leader_elect = true;
  std::string leader_elect_namespace;  // empty: $POD_NAMESPACE, else cachepilot-system
  std::string leader_elect_lease_name = "cachepilot-autoscaler";
  std::string leader_elect_identity;  // empty: $POD_NAME, else the host name
  double lease_duration_seconds = 15;
  double renew_deadline_seconds = 10;
  double retry_period_seconds = 2;
  double default_lead_time_seconds = 60;
  double time_scale = 1;  // `cachepilot demo` only: model seconds per wall second
  std::string log_level = "info";
};

void add_autoscaler_flags(CLI::App& app, AutoscalerCommandConfig& c);

// Everything the flags cannot say on their own: one cluster source, positive durations, client-go's ordering
// lease duration > renew deadline > retry period.
[[nodiscard]] Status validate(const AutoscalerCommandConfig& c);

}  // namespace cachepilot::config
