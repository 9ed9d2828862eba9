// `cachepilot autoscaler`: the live predictive autoscaler. Watches CacheAutoscalers and pods, reads demand from
// Prometheus, writes Fluid runtimes' /scale, and serves /metrics, /healthz and /readyz. Several replicas elect
// one leader on a Lease; the others only watch.
#include <chrono>
#include <cstdlib>
#include <optional>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "app/commands.hpp"
#include "app/connect.hpp"
#include "cachepilot/version.hpp"
#include "common/clock.hpp"
#include "config/autoscaler_config.hpp"
#include "config/extender_config.hpp"
#include "controller/controller.hpp"
#include "kube/leader_election.hpp"
#include "metrics/autoscaler_metrics.hpp"
#include "metrics/registry.hpp"
#include "metrics/watch_metrics.hpp"
#include "net/http_server.hpp"

namespace cachepilot::app {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) {
    return "cachepilot-autoscaler";
  }
  return name;
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

int run_autoscaler(const config::AutoscalerCommandConfig& cfg) {
  if (auto valid = config::validate(cfg); !valid.ok()) {
    log::error("invalid configuration: " + valid.error().message);
    return 2;
  }
  log::set_level(parse_level(cfg.log_level));
  const auto listen = config::parse_host_port(cfg.listen);
  const SystemClock clock;

  auto access = cluster_access(cfg.in_cluster, cfg.kubeconfig, cfg.kube_context);
  if (!access.ok()) {
    log::error(access.error().message);
    return 1;
  }
  // Watches end by the server's timeoutSeconds (at most 120 s, ReflectorOptions); 30 s more of silence is a
  // dead connection.
  auto api = kube::make_api_client(*access, millis(cfg.api_timeout_seconds), std::chrono::seconds(150));
  if (!api.ok()) {
    log::error(api.error().message);
    return 1;
  }
  PrometheusFlags prometheus_flags;
  prometheus_flags.url = cfg.prometheus_url;
  prometheus_flags.bearer_token_file = cfg.prometheus_bearer_token_file;
  prometheus_flags.ca_file = cfg.prometheus_ca_file;
  prometheus_flags.insecure_skip_verify = cfg.prometheus_insecure_skip_tls_verify;
  prometheus_flags.timeout = millis(cfg.prometheus_timeout_seconds);
  auto prometheus = connect_prometheus(prometheus_flags);
  if (!prometheus.ok()) {
    log::error(prometheus.error().message);
    return 1;
  }

  metrics::Registry registry;
  metrics::AutoscalerMetrics metrics(registry);
  metrics::WatchMetrics watch_metrics(registry, clock);
  registry.add_collect_hook([&watch_metrics] { watch_metrics.update_ages(); });

  controller::ControllerOptions options;
  options.watch_namespace = cfg.watch_namespace;
  options.interval_s = cfg.interval_seconds;
  options.history_s = cfg.history_seconds;
  options.target.default_lead_time_s = cfg.default_lead_time_seconds;
  options.time_scale = cfg.time_scale;
  options.identity = cfg.leader_elect_identity.empty() ? env_or("POD_NAME", host_name()) : cfg.leader_elect_identity;
  controller::Controller controller(**api, *prometheus->client, options, metrics, watch_metrics, clock);

  net::ServerOptions server_options;
  server_options.host = listen->host;
  server_options.port = listen->port;
  server_options.threads = 1;
  server_options.body_limit = 64UL * 1024;  // probes and scrapes send no body
  net::HttpServer server(
      server_options,
      [&](net::HttpRequest& req, net::HttpResponse& res) {
        const auto path = req.target.substr(0, req.target.find('?'));
        if (req.method != "GET" && req.method != "HEAD") {
          res.status = 405;
          res.content_type = "text/plain";
          res.body = "only GET\n";
        } else if (path == "/metrics") {
          res.content_type = metrics::kExpositionContentType;
          res.body = registry.serialize();
        } else if (path == "/healthz") {
          res.content_type = "text/plain";
          res.body = "ok\n";
        } else if (path == "/readyz") {
          res.content_type = "text/plain";
          const bool ready = controller.synced();
          res.status = ready ? 200 : 503;
          res.body = ready ? "ok\n" : "watches not synced yet\n";
        } else {
          res.status = 404;
          res.content_type = "text/plain";
          res.body = "unknown path; the autoscaler serves /metrics, /healthz and /readyz\n";
        }
      },
      [](net::ConnectionEvent) {});
  auto port = server.start();
  if (!port.ok()) {
    log::error(port.error().message);
    return 1;
  }
  server.stop_on_signals();

  controller.start();
  std::unique_ptr<kube::LeaderElector> elector;
  if (cfg.leader_elect) {
    kube::LeaderElectionOptions election;
    election.lease_namespace =
        cfg.leader_elect_namespace.empty() ? env_or("POD_NAMESPACE", "cachepilot-system") : cfg.leader_elect_namespace;
    election.lease_name = cfg.leader_elect_lease_name;
    election.identity = options.identity;
    election.lease_duration = std::chrono::seconds(static_cast<long long>(cfg.lease_duration_seconds));
    election.renew_deadline = millis(cfg.renew_deadline_seconds);
    election.retry_period = millis(cfg.retry_period_seconds);
    log::info("leader election on Lease " + election.lease_namespace + "/" + election.lease_name + " as " +
              election.identity);
    elector = std::make_unique<kube::LeaderElector>(**api, election, clock, [&controller](bool leading) {
      log::info(leading ? "leading: acting on CacheAutoscalers" : "not leading: standing by");
      controller.set_leader(leading);
    });
    elector->start();
  } else {
    controller.set_leader(true);
  }
  log::info("autoscaler " + std::string(kVersion) + " serving metrics on " + listen->host + ":" +
            std::to_string(*port) + "; Prometheus " + prometheus->description + "; cluster " + access->server);
  server.run();
  // Stop acting before handing the Lease over, so two replicas never act at once.
  controller.set_leader(false);
  controller.stop();
  if (elector) {
    elector->stop();
  }
  log::info("autoscaler stopped");
  return 0;
}

}  // namespace

void add_autoscaler_command(CLI::App& root, int& exit_code) {
  auto cfg = std::make_shared<config::AutoscalerCommandConfig>();
  auto* cmd = root.add_subcommand("autoscaler", "Run the predictive cache autoscaler (CacheAutoscaler controller)");
  cmd->set_version_flag("--version", std::string("cachepilot ") + kVersion);
  config::add_autoscaler_flags(*cmd, *cfg);
  cmd->callback([cfg, &exit_code] { exit_code = run_autoscaler(*cfg); });
}

}  // namespace cachepilot::app
