// `cachepilot simulate`: replays a demand trace through the autoscaling policies and reports cost and unmet demand.
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "cachepilot/version.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "common/quantity.hpp"
#include "common/strings.hpp"
#include "sim/baselines.hpp"
#include "sim/report.hpp"
#include "sim/simulator.hpp"
#include "sim/trace.hpp"

namespace cachepilot::app {
namespace {

struct SimulateFlags {
  std::string trace;
  std::string worker_throughput = "1GiB/s";
  std::string lead_time = "60";
  int min_workers = 1;
  int max_workers = 1000;
  int initial_workers = 1;
  std::string decision_interval = "1";
  std::string dataset_size = "0";
  std::string worker_cache = "0";
  std::vector<std::string> policies;
  double target_utilization = 0.7;
  double unmet_price = 7;
  double cost_budget = 1.97;
  std::string hold = "300";
  std::string reactive_lag = "0";
  std::string pod_start = "20";
  std::string pod_serve = "0";
  std::string pod_read_throughput = "0";
  std::string pod_read_seconds = "0";
  std::string bytes_per_request = "256MiB";
  std::string read_seconds = "10";
  std::string scale = "1MiB/s";
  std::string report;
  int series_step = 0;
};

// "1GiB/s", "1 GiB/s", "1073741824" → bytes/s (the "/s" is optional).
Result<double> parse_rate(std::string_view text) {
  text = trim(text);
  if (text.ends_with("/s")) {
    text = trim(text.substr(0, text.size() - 2));
  }
  auto bytes = parse_bytes(text);
  if (!bytes.ok()) {
    return bytes.error();
  }
  return static_cast<double>(*bytes);
}

// "60", "60s", "2m", "1h", "1.5m" → seconds.
Result<double> parse_seconds(std::string_view text) {
  text = trim(text);
  double mult = 1;
  if (text.ends_with("ms")) {
    mult = 0.001;
    text.remove_suffix(2);
  } else if (text.ends_with('s')) {
    text.remove_suffix(1);
  } else if (text.ends_with('m')) {
    mult = 60;
    text.remove_suffix(1);
  } else if (text.ends_with('h')) {
    mult = 3600;
    text.remove_suffix(1);
  }
  text = trim(text);
  try {
    std::size_t used = 0;
    const std::string s(text);
    const double v = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(v) || v < 0) {
      throw std::invalid_argument(s);
    }
    return v * mult;
  } catch (const std::exception&) {
    return make_error(ErrorCode::kInvalidArgument, "not a duration: \"" + std::string(text) + "\"");
  }
}

Result<int> whole_seconds(const std::string& flag, const std::string& text) {
  auto s = parse_seconds(text);
  if (!s.ok()) {
    return s.error().wrap(flag);
  }
  return static_cast<int>(std::llround(*s));
}

int run_simulate(const SimulateFlags& f) {
  sim::ImportOptions import;
  sim::SimParams params;
  const auto fail = [](const Error& e) {
    log::error(e.message);
    return 2;
  };
  auto throughput = parse_rate(f.worker_throughput);
  if (!throughput.ok()) {
    return fail(throughput.error().wrap("--worker-throughput"));
  }
  params.worker_throughput = *throughput;
  auto lead = whole_seconds("--lead-time", f.lead_time);
  auto interval = whole_seconds("--decision-interval", f.decision_interval);
  auto hold = whole_seconds("--hold", f.hold);
  auto reactive_lag = whole_seconds("--reactive-lag", f.reactive_lag);
  auto pod_start = parse_seconds(f.pod_start);
  auto pod_serve = parse_seconds(f.pod_serve);
  auto pod_read = parse_rate(f.pod_read_throughput);
  auto pod_read_seconds = parse_seconds(f.pod_read_seconds);
  auto read_seconds = parse_seconds(f.read_seconds);
  auto bytes_per_request = parse_bytes(f.bytes_per_request);
  auto scale = parse_rate(f.scale);
  auto dataset = parse_bytes(f.dataset_size);
  auto worker_cache = parse_bytes(f.worker_cache);
  for (const auto* r : {&lead, &interval, &hold, &reactive_lag}) {
    if (!r->ok()) {
      return fail(r->error());
    }
  }
  if (!pod_start.ok()) {
    return fail(pod_start.error().wrap("--pod-start"));
  }
  if (!pod_serve.ok()) {
    return fail(pod_serve.error().wrap("--pod-serve"));
  }
  if (!pod_read.ok()) {
    return fail(pod_read.error().wrap("--pod-read-throughput"));
  }
  if (!pod_read_seconds.ok()) {
    return fail(pod_read_seconds.error().wrap("--pod-read-seconds"));
  }
  if (!read_seconds.ok()) {
    return fail(read_seconds.error().wrap("--read-seconds"));
  }
  if (!bytes_per_request.ok()) {
    return fail(bytes_per_request.error().wrap("--bytes-per-request"));
  }
  if (!scale.ok()) {
    return fail(scale.error().wrap("--scale"));
  }
  if (!dataset.ok()) {
    return fail(dataset.error().wrap("--dataset-size"));
  }
  if (!worker_cache.ok()) {
    return fail(worker_cache.error().wrap("--worker-cache"));
  }
  params.lead_time_s = *lead;
  params.decision_interval_s = *interval;
  params.hold_s = *hold;
  params.reactive_lag_s = *reactive_lag;
  params.min_workers = f.min_workers;
  params.max_workers = f.max_workers;
  params.initial_workers = f.initial_workers;
  params.target_utilization = f.target_utilization;
  params.unmet_price = f.unmet_price;
  params.cost_budget = f.cost_budget;
  params.pod_read_throughput = *pod_read;
  params.pod_read_seconds = *pod_read_seconds;
  params.dataset_bytes = static_cast<double>(*dataset);
  params.worker_cache_bytes = static_cast<double>(*worker_cache);
  import.pod_start_s = *pod_start;
  import.pod_serve_s = *pod_serve;
  import.read_seconds = *read_seconds;
  import.bytes_per_request = static_cast<double>(*bytes_per_request);
  import.scale = *scale;

  std::vector<std::string> policies = f.policies.empty() ? sim::policy_names() : f.policies;
  auto trace = sim::load_trace(f.trace, import);
  if (!trace.ok()) {
    log::error(trace.error().message);
    return trace.error().code == ErrorCode::kNotFound ? 1 : 2;
  }
  std::vector<std::unique_ptr<sim::Policy>> built;
  for (const auto& name : policies) {
    auto p = sim::make_policy(name, *trace, params);
    if (!p.ok()) {
      return fail(p.error());
    }
    built.push_back(std::move(*p));
  }
  const int series_step =
      f.series_step > 0 ? f.series_step
                        : std::max(1, static_cast<int>(std::ceil(static_cast<double>(trace->seconds()) / 4000.0)));

  const SystemClock clock;
  const auto started = clock.now();
  auto last_report = started;
  std::vector<sim::PolicyResult> results;
  for (std::size_t i = 0; i < built.size(); ++i) {
    const std::string label = "simulate " + trace->name + ": " + policies[i] + " (" + std::to_string(i + 1) + "/" +
                              std::to_string(built.size()) + ")";
    const auto progress = [&](double fraction) {
      const auto now = clock.now();
      if (now - started > std::chrono::seconds(3) && now - last_report > std::chrono::seconds(2)) {
        last_report = now;
        std::cerr << label << " " << static_cast<int>(fraction * 100) << "%\n";
      }
    };
    results.push_back(sim::simulate(*trace, *built[i], params, series_step, progress));
  }
  const auto info = sim::describe(*trace, f.trace, import, params, policies);
  std::cout << sim::report_table(info, results);
  if (!f.report.empty()) {
    if (auto st = sim::write_report(f.report, info, results); !st.ok()) {
      log::error(st.error().message);
      return 1;
    }
    std::cout << "report written to " << f.report << "/report.json and report.html\n";
  }
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& root, int& exit_code) {
  auto f = std::make_shared<SimulateFlags>();
  auto* cmd = root.add_subcommand("simulate", "Replay a demand trace through autoscaling policies and report");
  cmd->set_version_flag("--version", std::string("cachepilot ") + kVersion);
  cmd->add_option("--trace", f->trace,
                  "Trace CSV: t_seconds,demand_bytes_per_s | TIMESTAMP,ContextTokens,GeneratedTokens | ts,value")
      ->required();
  cmd->add_option("--worker-throughput", f->worker_throughput, "Bytes/s one ready cache worker serves (1GiB/s)")
      ->capture_default_str();
  cmd->add_option("--lead-time", f->lead_time, "Seconds from asking for a worker to its serving (60, 2m)")
      ->capture_default_str();
  cmd->add_option("--min", f->min_workers, "Minimum workers")->capture_default_str();
  cmd->add_option("--max", f->max_workers, "Maximum workers")->capture_default_str();
  cmd->add_option("--initial", f->initial_workers, "Workers ready at the start")->capture_default_str();
  cmd->add_option("--decision-interval", f->decision_interval, "Seconds between cachepilot decisions")
      ->capture_default_str();
  cmd->add_option("--dataset-size", f->dataset_size,
                  "Cache-capacity floor: dataset bytes to keep cached (e.g. 500GiB; 0 = no floor)")
      ->capture_default_str();
  cmd->add_option("--worker-cache", f->worker_cache, "Cache-capacity floor: cache bytes per worker (e.g. 100GiB)")
      ->capture_default_str();
  cmd->add_option("--policy", f->policies,
                  "Policy to run, repeatable (default all): static-peak static-mean hpa keda kpa fluid-hpa oracle "
                  "reactive-ideal cachepilot");
  cmd->add_option("--target-utilization", f->target_utilization, "Utilisation target of the baselines (0, 1]")
      ->capture_default_str();
  cmd->add_option("--unmet-price", f->unmet_price,
                  "cachepilot: worker-seconds one worker-second of unmet demand is worth; its hold strategy keeps "
                  "idle workers this many lead times, and its two strategies are compared at this price (0 = the "
                  "forecast strategy alone)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--cost-budget", f->cost_budget,
                  "cachepilot: while its spend exceeds this multiple of the clairvoyant floor, it follows the "
                  "strategy that would have missed least within it (0 = no budget)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--hold", f->hold, "reactive-ideal: hold the highest need of this many seconds")
      ->capture_default_str();
  cmd->add_option("--reactive-lag", f->reactive_lag,
                  "reactive-ideal: see demand this many seconds late (0: the current second; 1: what cachepilot sees)")
      ->capture_default_str();
  cmd->add_option("--pod-start", f->pod_start, "Request traces: a pod appears this long before its reads")
      ->capture_default_str();
  cmd->add_option("--pod-serve", f->pod_serve,
                  "Request traces: each pod runs this long after its reads, serving, and is deleted without "
                  "finishing (no pod shows its read; 0: pods finish when their reads end)")
      ->capture_default_str();
  cmd->add_option("--pod-read-throughput", f->pod_read_throughput,
                  "cachepilot: bytes/s one pod reads (spec.podReadThroughput): waiting pods count at this rate "
                  "until one is learned (0 = learned only)")
      ->capture_default_str();
  cmd->add_option("--pod-read-seconds", f->pod_read_seconds,
                  "cachepilot: seconds one pod reads from its start (spec.podReadSeconds): the pods due are counted "
                  "at this read until pods or demand show one (0 = shown only)")
      ->capture_default_str();
  cmd->add_option("--bytes-per-request", f->bytes_per_request, "Request traces: bytes read per invocation")
      ->capture_default_str();
  cmd->add_option("--read-seconds", f->read_seconds, "Request traces: the reads are spread over this many seconds")
      ->capture_default_str();
  cmd->add_option("--scale", f->scale, "Series traces: bytes/s per unit of value")->capture_default_str();
  cmd->add_option("--report", f->report, "Write report.json and report.html into this directory");
  cmd->add_option("--series-step", f->series_step, "Seconds per point of the report's series (default: auto)");
  cmd->callback([f, &exit_code] { exit_code = run_simulate(*f); });
}

}  // namespace cachepilot::app
