// `cachepilot demo`: the main job on the embedded default — a simulated cluster, a real Prometheus, and the real
// extender and autoscaler acting on it (demo/demo.hpp). Ctrl-C stops it cleanly, report included.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "cachepilot/version.hpp"
#include "common/log.hpp"
#include "demo/demo.hpp"

namespace cachepilot::app {
namespace {

// Set by SIGINT/SIGTERM; read by the demo's loop (the one place a signal reaches).
std::atomic<bool> g_stop{false};  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

extern "C" void request_stop(int /*signal*/) { g_stop.store(true); }

std::string self_binary() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("cachepilot") : path.string();
}

struct DemoFlags {
  demo::DemoOptions options;
  double duration = 0;
  std::string rules_dir = std::string(CACHEPILOT_SOURCE_DIR) + "/deploy/monitoring";
  std::string log_level = "warn";
};

int run_demo_command(DemoFlags& flags) {
  log::set_level(flags.log_level == "info" ? log::Level::kInfo : log::Level::kWarn);
  auto& o = flags.options;
  if (flags.duration > 0) {
    o.duration_s = flags.duration;
  }
  o.cachepilot_binary = self_binary();
  for (const char* name : {"recording-rules.yaml", "alerting-rules.yaml"}) {
    const auto path = std::filesystem::path(flags.rules_dir) / name;
    if (!flags.rules_dir.empty() && std::filesystem::exists(path)) {
      o.rule_files.push_back(std::filesystem::absolute(path).string());
    }
  }
  o.progress = &std::cout;
  o.stop_requested = [] { return g_stop.load(); };
  struct sigaction action {};
  action.sa_handler = request_stop;  // NOLINT(cppcoreguidelines-pro-type-union-access)
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  auto summary = demo::run_demo(o);
  if (!summary.ok()) {
    std::cerr << "cachepilot demo: " << summary.error().message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& root, int& exit_code) {
  auto flags = std::make_shared<DemoFlags>();
  flags->options.trace_path =
      std::string(CACHEPILOT_SOURCE_DIR) + "/sim/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv";
  auto* cmd = root.add_subcommand(
      "demo",
      "Run everything on a simulated cluster with a real Prometheus: pods from a trace, the extender placing "
      "them, the autoscaler scaling the cache; then a report against the HPA baseline");
  cmd->set_version_flag("--version", std::string("cachepilot ") + kVersion);
  auto& o = flags->options;
  cmd->add_option("--trace", o.trace_path, "Trace to replay (the formats of `cachepilot simulate`)")
      ->capture_default_str();
  cmd->add_option("--speed", o.speed, "Trace seconds per wall-clock second")->capture_default_str();
  cmd->add_option("--duration", flags->duration, "Replay only the first this-many trace seconds (0: all)");
  cmd->add_flag("--keep-running", o.keep_running,
                "After the replay keep Prometheus, the extender and the autoscaler up and print their URLs");
  cmd->add_option("--report", o.report_dir, "Directory for report.html, report.json and demo.json")
      ->capture_default_str();
  cmd->add_option("--work-dir", o.work_dir,
                  "Directory for logs, configs and Prometheus data (default: a new /tmp dir)");
  cmd->add_option("--prometheus-binary", o.prometheus_binary, "Prometheus server to run")->capture_default_str();
  cmd->add_option("--rules-dir", flags->rules_dir,
                  "Prometheus recording and alerting rules to load (recording-rules.yaml, alerting-rules.yaml)")
      ->capture_default_str();
  cmd->add_option("--worker-throughput", o.worker_throughput, "Bytes/s one cache worker serves")->capture_default_str();
  cmd->add_option("--lead-time", o.lead_time_s, "Trace seconds from asking for a worker to its serving")
      ->capture_default_str();
  cmd->add_option("--requests-per-pod", o.requests_per_pod,
                  "Request traces: concurrent requests one pod serves (a burst of requests is a burst of pods)")
      ->capture_default_str();
  cmd->add_option("--max", o.max_workers, "maxReplicas of the CacheAutoscaler")->capture_default_str();
  cmd->add_option("--decision-interval", o.decision_interval_s,
                  "Trace seconds between the autoscaler's decisions (15 with --scrape-interval 15: a production "
                  "cadence)")
      ->check(CLI::Range(0.5, 300.0))
      ->capture_default_str();
  cmd->add_option("--scrape-interval", o.scrape_interval_s,
                  "Trace seconds between Prometheus scrapes; the autoscaler reads the rate over four of them")
      ->check(CLI::Range(0.5, 300.0))
      ->capture_default_str();
  cmd->add_option("--log-level", flags->log_level, "warn or info")->capture_default_str();
  cmd->callback([flags, &exit_code] { exit_code = run_demo_command(*flags); });
}

}  // namespace cachepilot::app
