#pragma once
// `cachepilot demo`: the whole system on one machine, for real but with a simulated cluster. An in-memory
// Kubernetes API (simkube/) holds nodes in three zones, a Fluid Dataset, its JuiceFSRuntime and a
// CacheAutoscaler; serverless pods arrive from a trace (sim/traces), each with a FUSE sidecar whose read bytes
// are served over HTTP; a real Prometheus scrapes them; the real `cachepilot autoscaler` reads demand from it and
// writes the runtime's /scale; the real `cachepilot extender` watches the cluster and is asked where each pod
// should run. Workers asked for become ready a lead time later, as in the simulator (sim::WorkerPool), and
// the run is replayed `speed` times faster than real time. At the end: the simulator's report, this run next
// to the HPA baseline (and the oracle) on the same trace.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/simulator.hpp"
#include "sim/trace.hpp"

namespace cachepilot::demo {

struct DemoOptions {
  std::string trace_path;
  sim::ImportOptions import;
  double speed = 30;                 // trace seconds per wall second
  std::optional<double> duration_s;  // replay only the first this-many trace seconds
  bool keep_running = false;         // after the replay, keep everything up until stop_requested()
  std::string report_dir = "reports/demo";
  std::string work_dir;  // logs, configs, Prometheus data; empty: a fresh directory under /tmp
  std::string prometheus_binary = "/usr/bin/prometheus";
  std::string cachepilot_binary;        // the extender and autoscaler are this binary's subcommands
  std::vector<std::string> rule_files;  // loaded into Prometheus (deploy/monitoring)
  double worker_throughput = sim::kGiB;
  int lead_time_s = 60;
  // The live loop's cadence in trace seconds: the autoscaler decides every decision_interval_s on Prometheus' rate
  // over four scrapes. The defaults see demand within seconds, as the simulator's policy does; 15 and 15 are a
  // production setting (a 15 s cycle on rate(...[1m])).
  double decision_interval_s = 2;
  double scrape_interval_s = 2.5;
  int min_workers = 1;
  int max_workers = 16;
  // Request traces: one pod serves this many concurrent requests (an inference server's concurrency), so a
  // burst of requests becomes a burst of pods the cluster can create in real time.
  int requests_per_pod = 8;
  int zones = 3;
  int nodes_per_zone = 4;
  std::function<bool()> stop_requested = [] { return false; };
  std::ostream* progress = nullptr;  // live progress lines
};

// demo.json: what happened, for people and for the demo's test.
struct DemoSummary {
  double trace_seconds_replayed = 0;
  bool interrupted = false;
  sim::PolicyResult live;                    // this run ("cachepilot-live")
  std::vector<sim::PolicyResult> baselines;  // simulated on the same trace: hpa, oracle
  std::int64_t scale_writes = 0;             // /scale updates that landed in the simulated runtime
  std::int64_t extender_calls = 0;           // /prioritize calls the demo's scheduler made
  std::int64_t pods_placed = 0;
  double pods_on_cache_node = 0;       // share of placed pods put on a node holding a ready worker
  double pods_in_cache_zone = 0;       // ... in a zone holding one
  double sidecar_series_scraped = 0;   // distinct sidecar series Prometheus stored
  double max_lag_seconds = 0;          // how far (wall seconds) the replay fell behind its schedule at worst
  double prometheus_scale_writes = 0;  // the autoscaler's own count, as Prometheus scraped it
  double prometheus_extender_requests = 0;
  // The autoscaler's decisions by the forecast model whose bound sized them, as Prometheus scraped its counter.
  std::map<std::string, double> forecast_model_decisions;
  std::string report_dir;
  std::string work_dir;
  std::string prometheus_url;
  std::string extender_url;
  std::string autoscaler_url;
  std::string apiserver_url;
};

[[nodiscard]] std::string summary_json(const DemoSummary& summary);

// Runs the demo to the end of the trace (or duration, or stop_requested), writes the report and demo.json to
// report_dir, and stops everything it started (after stop_requested() when keep_running).
[[nodiscard]] Result<DemoSummary> run_demo(const DemoOptions& options);

}  // namespace cachepilot::demo
