// `cachepilot extender`: the kube-scheduler extender serving cached-dataset locality.
#include <CLI/CLI.hpp>
#include <malloc.h>

#include "app/commands.hpp"
#include "cachepilot/version.hpp"
#include "cluster/dump.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "config/extender_config.hpp"
#include "extender/service.hpp"

namespace cachepilot::app {
namespace {

log::Level parse_level(const std::string& s) {
  if (s == "debug") {
    return log::Level::kDebug;
  }
  if (s == "warn") {
    return log::Level::kWarn;
  }
  if (s == "error") {
    return log::Level::kError;
  }
  return log::Level::kInfo;
}

int run_extender(const config::ExtenderConfig& cfg) {
  auto options = config::server_options(cfg);
  if (!options.ok()) {
    log::error("invalid configuration: " + options.error().message);
    return 2;
  }
  log::set_level(parse_level(cfg.log_level));
  if (cfg.cluster_from.empty()) {
    log::error("no cluster source: give --cluster-from FILE (the live API source comes with --kubeconfig)");
    return 2;
  }
  const SystemClock clock;
  cluster::SnapshotStore store;
  auto objects = cluster::load_cluster_dump(cfg.cluster_from);
  if (!objects.ok()) {
    log::error(objects.error().message);
    return 1;
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

  metrics::Registry registry;
  metrics::ExtenderMetrics metrics(registry);
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
