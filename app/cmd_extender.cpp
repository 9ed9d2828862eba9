// `cachepilot extender`: the kube-scheduler extender serving cached-dataset locality.
#include <algorithm>
#include <optional>

#include <CLI/CLI.hpp>
#include <malloc.h>

#include "app/commands.hpp"
#include "app/connect.hpp"
#include "cachepilot/version.hpp"
#include "cluster/dump.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "config/extender_config.hpp"
#include "extender/service.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/live_cluster.hpp"
#include "metrics/cache_figures_metrics.hpp"
#include "metrics/watch_metrics.hpp"
#include "net/http_client.hpp"
#include "prom/cache_figures.hpp"
#include "prom/prometheus_client.hpp"

namespace cachepilot::app {
namespace {

// The live source: API client, reflectors and snapshot rebuilds, plus their metrics.
struct LiveSource {
  std::shared_ptr<kube::ApiClient> client;
  std::unique_ptr<metrics::WatchMetrics> watch_metrics;
  std::unique_ptr<kube::LiveCluster> cluster;
  std::unique_ptr<metrics::CacheFiguresMetrics> figure_metrics;
  std::unique_ptr<prom::CacheFigurePoller> figures;  // with --prometheus

  void stop() {
    if (figures) {
      figures->stop();
    }
    cluster->stop();
  }
};

// Per-node cache figures from Prometheus feed the live cluster's snapshot rebuilds.
Status start_cache_figures(const config::ExtenderConfig& cfg, LiveSource& source, metrics::Registry& registry,
                           const Clock& clock) {
  PrometheusFlags flags;
  flags.url = cfg.prometheus_url;
  flags.bearer_token_file = cfg.prometheus_bearer_token_file;
  flags.ca_file = cfg.prometheus_ca_file;
  flags.insecure_skip_verify = cfg.prometheus_insecure_skip_tls_verify;
  // Shorter than the poll interval, so a hung Prometheus cannot delay the next poll or shutdown for long.
  flags.timeout = std::chrono::milliseconds(
      static_cast<long long>(std::min(cfg.api_timeout_seconds, cfg.cache_figures_interval_seconds) * 1000));
  auto prometheus = connect_prometheus(flags);
  if (!prometheus.ok()) {
    return prometheus.error();
  }
  prom::CacheFigurePollerOptions options;
  if (!cfg.cache_figures_query.empty()) {
    options.query.promql = cfg.cache_figures_query;
  }
  options.interval = std::chrono::milliseconds(static_cast<long long>(cfg.cache_figures_interval_seconds * 1000));
  options.max_age = std::chrono::milliseconds(static_cast<long long>(cfg.cache_figures_max_age_seconds * 1000));
  source.figure_metrics = std::make_unique<metrics::CacheFiguresMetrics>(registry);
  log::info("per-node cache figures from " + prometheus->description + ": " + options.query.promql);
  source.figures = std::make_unique<prom::CacheFigurePoller>(
      std::move(prometheus->client), options,
      [cluster = source.cluster.get()](std::vector<cluster::NodeCacheFigure> figures) {
        cluster->set_cache_figures(std::move(figures));
      },
      clock, source.figure_metrics.get());
  source.figures->start();
  return ok_status();
}

Result<LiveSource> start_live_source(const config::ExtenderConfig& cfg, cluster::SnapshotStore& store,
                                     metrics::Registry& registry, const Clock& clock) {
  auto access = cluster_access(cfg.in_cluster, cfg.kubeconfig, cfg.kube_context);
  if (!access.ok()) {
    return access.error();
  }
  kube::LiveClusterOptions options;
  if (!cfg.runtime_kinds.empty()) {
    options.runtime_kinds = cfg.runtime_kinds;
  }
  options.topology = cfg.topology;
  options.min_rebuild_interval = std::chrono::milliseconds(static_cast<long long>(cfg.rebuild_interval_seconds * 1000));
  const auto call_timeout = std::chrono::milliseconds(static_cast<long long>(cfg.api_timeout_seconds * 1000));
  const auto watch_silence = std::chrono::seconds(options.watch_timeout_max_seconds + 30);
  auto client = kube::make_api_client(*access, call_timeout, watch_silence);
  if (!client.ok()) {
    return client.error();
  }
  log::info("watching the cluster at " + access->server + " (" + access->description + ")");
  LiveSource source;
  source.client = std::move(client).value();
  source.watch_metrics = std::make_unique<metrics::WatchMetrics>(registry, clock);
  registry.add_collect_hook([m = source.watch_metrics.get()] { m->update_ages(); });
  source.cluster = std::make_unique<kube::LiveCluster>(*source.client, options, store, *source.watch_metrics, clock);
  source.cluster->start();
  if (!cfg.prometheus_url.empty()) {
    if (auto started = start_cache_figures(cfg, source, registry, clock); !started.ok()) {
      source.cluster->stop();
      return started.error();
    }
  }
  return source;
}

Status load_dump(const config::ExtenderConfig& cfg, cluster::SnapshotStore& store, const Clock& clock) {
  auto objects = cluster::load_cluster_dump(cfg.cluster_from);
  if (!objects.ok()) {
    return objects.error();
  }
  auto snapshot = cluster::build_snapshot(*objects, {}, {cfg.topology, 1, clock.unix_seconds()});
  for (const auto& w : snapshot->warnings()) {
    log::warn("cluster dump " + cfg.cluster_from + ": " + w);
  }
  log::info("loaded " + cfg.cluster_from + ": " + std::to_string(snapshot->nodes().size()) + " nodes, " +
            std::to_string(snapshot->datasets().size()) + " datasets");
  store.store(std::move(snapshot));
  objects = cluster::ClusterObjects{};
  // Parsing a big dump leaves a heap several times the snapshot's size; hand it back to the system.
  malloc_trim(0);
  return ok_status();
}

int run_extender(const config::ExtenderConfig& cfg) {
  auto options = config::server_options(cfg);
  if (!options.ok()) {
    log::error("invalid configuration: " + options.error().message);
    return 2;
  }
  log::set_level(parse_level(cfg.log_level));
  const SystemClock clock;
  cluster::SnapshotStore store;
  metrics::Registry registry;
  metrics::ExtenderMetrics metrics(registry);

  std::optional<LiveSource> live;
  if (config::cluster_source(cfg) == config::ClusterSource::kDump) {
    if (auto loaded = load_dump(cfg, store, clock); !loaded.ok()) {
      log::error(loaded.error().message);
      return 1;
    }
  } else {
    auto started = start_live_source(cfg, store, registry, clock);
    if (!started.ok()) {
      log::error(started.error().message);
      return 1;
    }
    live = std::move(started).value();
  }

  extender::ExtenderService service(store, cfg.policy, registry, metrics, clock);
  net::HttpServer server(
      *options, [&service](net::HttpRequest& req, net::HttpResponse& res) { service.handle(req, res); },
      [&service](net::ConnectionEvent e) { service.on_connection_event(e); });
  auto port = server.start();
  if (!port.ok()) {
    log::error(port.error().message);
    return 1;
  }
  server.stop_on_signals();
  log::info("extender " + std::string(kVersion) + " listening on " + std::string(options->tls ? "https://" : "") +
            options->host + ":" + std::to_string(*port) + " with " + std::to_string(options->threads) + " threads");
  server.run();
  if (live) {
    live->stop();
  }
  log::info("extender stopped");
  return 0;
}

}  // namespace

void add_extender_command(CLI::App& root, int& exit_code) {
  auto cfg = std::make_shared<config::ExtenderConfig>();
  auto* cmd = root.add_subcommand("extender", "Serve the kube-scheduler extender (/filter, /prioritize)");
  cmd->set_version_flag("--version", std::string("cachepilot ") + kVersion);
  config::add_extender_flags(*cmd, *cfg);
  cmd->callback([cfg, &exit_code] { exit_code = run_extender(*cfg); });
}

}  // namespace cachepilot::app
