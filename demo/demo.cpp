#include "demo/demo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "common/log.hpp"
#include "common/subprocess.hpp"
#include "demo/pods.hpp"
#include "demo/prometheus_server.hpp"
#include "demo/sidecars.hpp"
#include "net/http_client.hpp"
#include "prom/demand_query.hpp"
#include "prom/prometheus_client.hpp"
#include "sim/baselines.hpp"
#include "sim/report.hpp"
#include "simkube/api_server.hpp"
#include "simkube/registry.hpp"
#include "simkube/store.hpp"

namespace cachepilot::demo {

using nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kNamespace = "ai";
constexpr const char* kDataset = "llama-7b";
constexpr double kDatasetBytes = 64 * sim::kGiB;
constexpr double kWorkerCacheBytes = 16 * sim::kGiB;
constexpr double kBytesPerPod = 256 * sim::kMiB;  // series traces: one reading pod per 256 MiB/s of demand
constexpr int kPodStableWindowS = 60;  // … kept as Knative keeps them: its stable window (StableWindowPods)

std::string bytes_rate(double bytes_per_second) {
  char text[32];
  (void)std::snprintf(text, sizeof text, "%.2f GiB/s", bytes_per_second / sim::kGiB);
  return text;
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds);
  char text[32];
  (void)std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  return text;
}

std::string gib_text(double bytes) {
  char text[32];
  (void)std::snprintf(text, sizeof text, "%.2fGiB", bytes / sim::kGiB);
  return text;
}

// ---- The simulated cluster's objects ----------------------------------------------------------------------

struct NodeInfo {
  std::string name;
  std::string zone;
  int pods = 0;
  int ready_workers = 0;
};

json node_object(const NodeInfo& n) {
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata",
           {{"name", n.name},
            {"labels",
             {{"kubernetes.io/hostname", n.name},
              {"topology.kubernetes.io/zone", n.zone},
              {"topology.kubernetes.io/region", "demo-region"}}}}},
          {"spec", json::object()},
          {"status",
           {{"capacity", {{"cpu", "16"}, {"memory", "64Gi"}, {"pods", "110"}}},
            {"allocatable", {{"cpu", "16"}, {"memory", "64Gi"}, {"pods", "110"}}},
            {"conditions", json::array({{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"}}})}}}};
}

json dataset_object() {
  return {
      {"apiVersion", "data.fluid.io/v1alpha1"},
      {"kind", "Dataset"},
      {"metadata", {{"name", kDataset}, {"namespace", kNamespace}}},
      {"spec", {{"mounts", json::array({{{"mountPoint", "s3://demo-bucket/llama-7b"}, {"name", kDataset}}})}}},
      {"status",
       {{"phase", "Bound"},
        {"ufsTotal", gib_text(kDatasetBytes)},
        {"cacheStates", {{"cacheCapacity", gib_text(kWorkerCacheBytes)}, {"cached", gib_text(kWorkerCacheBytes)}}},
        {"runtimes",
         json::array(
             {{{"name", kDataset}, {"namespace", kNamespace}, {"category", "Accelerate"}, {"type", "juicefs"}}})}}}};
}

json runtime_object(int replicas) {
  return {{"apiVersion", "data.fluid.io/v1alpha1"},
          {"kind", "JuiceFSRuntime"},
          {"metadata", {{"name", kDataset}, {"namespace", kNamespace}}},
          {"spec", {{"replicas", replicas}}},
          {"status",
           {{"workerPhase", "Ready"},
            {"desiredWorkerNumberScheduled", replicas},
            {"currentWorkerNumberScheduled", replicas},
            {"workerNumberReady", replicas},
            {"selector", "app=juicefs,role=juicefs-worker,release=llama-7b"}}}};
}

json pvc_object() {
  return {{"apiVersion", "v1"},
          {"kind", "PersistentVolumeClaim"},
          {"metadata",
           {{"name", kDataset},
            {"namespace", kNamespace},
            {"labels", {{"fluid.io/s-ai-llama-7b", "true"}, {"fluid.io/dataset-id", "ai-llama-7b"}}},
            {"annotations", {{"CreatedBy", "fluid"}}}}},
          {"spec",
           {{"accessModes", json::array({"ReadOnlyMany"})},
            {"resources", {{"requests", {{"storage", "100Pi"}}}}},
            {"storageClassName", "fluid"},
            {"volumeName", "ai-llama-7b"}}},
          {"status", {{"phase", "Bound"}}}};
}

// The controller's default query for JuiceFS clients with the demo's window (the sidecars are JuiceFS clients).
// Placeholders ("{{namespace}}") for the CacheAutoscaler's demandQuery; the demo's names for a person to paste.
std::string sidecar_demand_query(const std::string& namespace_, const std::string& dataset,
                                 const std::string& demand_window) {
  return prom::per_client_read_rate_query(
      std::string(kSidecarMetric) + "{namespace=\"" + namespace_ + "\",dataset=\"" + dataset + "\"}", demand_window);
}

// The SRE's target: the live loop gets the same lead time and stabilization the simulator's policy has.
json cache_autoscaler_object(const DemoOptions& o, const std::string& demand_window) {
  return {{"apiVersion", "cachepilot.io/v1alpha1"},
          {"kind", "CacheAutoscaler"},
          {"metadata", {{"name", kDataset}, {"namespace", kNamespace}}},
          {"spec",
           {{"targetRef", {{"apiVersion", "data.fluid.io/v1alpha1"}, {"kind", "JuiceFSRuntime"}, {"name", kDataset}}},
            {"minReplicas", o.min_workers},
            {"maxReplicas", o.max_workers},
            {"workerThroughput", std::to_string(static_cast<long long>(o.worker_throughput))},
            {"targetUtilization", 1.0},
            {"leadTime", o.lead_time_s},
            {"mode", "Predictive"},
            // The sidecars' counters in trace bytes, scraped in wall time: the autoscaler's --time-scale turns
            // the rate back into trace bytes per trace second.
            {"demandQuery", sidecar_demand_query("{{namespace}}", "{{dataset}}", demand_window)},
            {"scaleDown", {{"stabilizationSeconds", 0}, {"unmetPrice", 7}}}}}};
}

json pod_object(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata",
           {{"name", name},
            {"namespace", kNamespace},
            {"labels", {{"app", "llm-inference"}, {"serverless.fluid.io/inject", "true"}}}}},
          {"spec",
           {{"containers", json::array({{{"name", "inference"}, {"image", "demo/llm-inference"}}})},
            {"volumes", json::array({{{"name", "model"}, {"persistentVolumeClaim", {{"claimName", kDataset}}}}})}}},
          {"status", {{"phase", "Pending"}}}};
}

// ---- The demo's kube-scheduler stand-in: asks the extender, binds to the best node -------------------------

class Scheduler {
 public:
  Scheduler(std::unique_ptr<net::HttpClient> extender, std::vector<NodeInfo>& nodes)
      : extender_(std::move(extender)), nodes_(nodes) {
    for (const auto& n : nodes_) {
      names_.push_back(n.name);
    }
  }

  // The node for a new pod: highest extender score, ties to the node with the fewest pods (as
  // kube-scheduler's own spreading would); the least loaded node when the extender does not answer.
  std::size_t place(const json& pod) {
    ++calls_;
    const json args{{"Pod", pod}, {"Nodes", nullptr}, {"NodeNames", names_}};
    net::ClientRequest request;
    request.method = "POST";
    request.path_and_query = "/prioritize";
    request.body = args.dump();
    request.content_type = "application/json";
    std::vector<int> scores(nodes_.size(), 0);
    auto answer = extender_->send(request);
    if (answer.ok() && answer->status == 200) {
      const auto list = json::parse(answer->body, nullptr, false);
      if (list.is_array()) {
        for (const auto& entry : list) {
          const auto host = entry.value("Host", "");
          for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].name == host) {
              scores[i] = entry.value("Score", 0);
            }
          }
        }
      }
    } else {
      ++failures_;
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < nodes_.size(); ++i) {
      if (scores[i] > scores[best] || (scores[i] == scores[best] && nodes_[i].pods < nodes_[best].pods)) {
        best = i;
      }
    }
    return best;
  }
  [[nodiscard]] std::int64_t calls() const { return calls_; }
  [[nodiscard]] std::int64_t failures() const { return failures_; }

 private:
  std::unique_ptr<net::HttpClient> extender_;
  std::vector<NodeInfo>& nodes_;
  std::vector<std::string> names_;
  std::int64_t calls_ = 0;
  std::int64_t failures_ = 0;
};

struct PodState {
  std::string name;
  std::size_t node = 0;
};

std::unique_ptr<net::HttpClient> loopback_client(std::uint16_t port) {
  net::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.timeout = std::chrono::milliseconds(2000);
  auto client = net::make_http_client(options);
  return client.ok() ? std::move(client).value() : nullptr;
}

double query_scalar(prom::PrometheusClient& client, const std::string& promql) {
  auto answer = client.query(promql);
  if (!answer.ok() || answer->samples.empty()) {
    return 0;
  }
  return answer->samples.front().value;
}

// Accumulates the live run as the simulator accounts a policy (sim/simulator.hpp's model, steps 3 and 4).
class Ledger {
 public:
  Ledger(int series_step, double slo_unmet_fraction) : step_(series_step), slo_(slo_unmet_fraction) {
    result_.policy = "cachepilot-live";
    result_.series.step_s = series_step;
  }
  void second(int t, double demand, int ready, int existing, int desired, double throughput) {
    const double served = std::min(demand, ready * throughput);
    const double unmet = demand - served;
    result_.total_bytes += demand;
    result_.unmet_bytes += unmet;
    if (demand > 0 && unmet > slo_ * demand) {
      result_.slo_violation_seconds += 1;
    }
    result_.worker_seconds += existing;
    result_.peak_workers = std::max(result_.peak_workers, existing);
    if (t > 0 && desired != last_desired_) {
      ++result_.scale_actions;
    }
    last_desired_ = desired;
    acc_demand_ += demand;
    acc_ready_ += ready;
    acc_desired_ += desired;
    if (++acc_n_ == step_) {
      flush(t);
    }
  }
  sim::PolicyResult finish(int t) {
    if (acc_n_ > 0) {
      flush(t);
    }
    result_.unmet_fraction = result_.total_bytes > 0 ? result_.unmet_bytes / result_.total_bytes : 0;
    return result_;
  }
  [[nodiscard]] double unmet_so_far() const {
    return result_.total_bytes > 0 ? result_.unmet_bytes / result_.total_bytes : 0;
  }

 private:
  void flush(int t) {
    const double n = acc_n_;
    result_.series.t.push_back(t + 1 - acc_n_);
    result_.series.demand.push_back(acc_demand_ / n);
    result_.series.ready_workers.push_back(acc_ready_ / n);
    result_.series.desired_workers.push_back(acc_desired_ / n);
    acc_demand_ = acc_ready_ = acc_desired_ = 0;
    acc_n_ = 0;
  }
  int step_;
  double slo_;
  sim::PolicyResult result_;
  int last_desired_ = 0;
  double acc_demand_ = 0, acc_ready_ = 0, acc_desired_ = 0;
  int acc_n_ = 0;
};

std::string make_work_dir(const std::string& requested) {
  if (!requested.empty()) {
    std::filesystem::create_directories(requested);
    return requested;
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "cachepilot-demo-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return "/tmp";
  }
  return pattern;
}

}  // namespace

std::string summary_json(const DemoSummary& s) {
  json baselines = json::object();
  for (const auto& b : s.baselines) {
    baselines[b.policy] = {{"unmet_fraction", b.unmet_fraction}, {"worker_seconds", b.worker_seconds}};
  }
  const json out{{"trace_seconds_replayed", s.trace_seconds_replayed},
                 {"interrupted", s.interrupted},
                 {"live",
                  {{"unmet_fraction", s.live.unmet_fraction},
                   {"worker_seconds", s.live.worker_seconds},
                   {"slo_violation_seconds", s.live.slo_violation_seconds},
                   {"scale_actions", s.live.scale_actions},
                   {"peak_workers", s.live.peak_workers}}},
                 {"baselines", baselines},
                 {"scale_writes", s.scale_writes},
                 {"extender_calls", s.extender_calls},
                 {"pods_placed", s.pods_placed},
                 {"pods_on_cache_node", s.pods_on_cache_node},
                 {"pods_in_cache_zone", s.pods_in_cache_zone},
                 {"sidecar_series_scraped", s.sidecar_series_scraped},
                 {"max_lag_seconds", s.max_lag_seconds},
                 {"prometheus_scale_writes", s.prometheus_scale_writes},
                 {"prometheus_extender_requests", s.prometheus_extender_requests},
                 {"forecast_model_decisions", s.forecast_model_decisions},
                 {"report_dir", s.report_dir},
                 {"work_dir", s.work_dir},
                 {"prometheus_url", s.prometheus_url},
                 {"extender_url", s.extender_url},
                 {"autoscaler_url", s.autoscaler_url},
                 {"apiserver_url", s.apiserver_url}};
  return out.dump(2) + "\n";
}

Result<DemoSummary> run_demo(const DemoOptions& o) {
  namespace fs = std::filesystem;
  if (!(o.speed >= 1 && o.speed <= 1000)) {
    return make_error(ErrorCode::kInvalidArgument, "--speed must be 1..1000");
  }
  auto loaded = sim::load_trace(o.trace_path, o.import);
  if (!loaded.ok()) {
    return loaded.error().wrap("--trace");
  }
  const sim::Trace trace = std::move(loaded).value();
  int horizon = static_cast<int>(trace.seconds());
  if (o.duration_s) {
    horizon = std::min(horizon, static_cast<int>(*o.duration_s));
  }
  if (horizon <= 0) {
    return make_error(ErrorCode::kInvalidArgument, "the trace holds no demand to replay");
  }
  std::ostream* out = o.progress;
  const auto say = [out](const std::string& line) {
    if (out != nullptr) {
      *out << line << std::endl;
    }
  };

  DemoSummary summary;
  summary.work_dir = make_work_dir(o.work_dir);
  summary.report_dir = o.report_dir;
  const fs::path work(summary.work_dir);
  say("cachepilot demo: trace " + trace.name + " (" + clock_text(horizon) + " of demand, peak " +
      bytes_rate(*std::max_element(trace.demand.begin(), trace.demand.begin() + horizon)) + ") at " +
      std::to_string(static_cast<int>(o.speed)) + "x; logs and data in " + summary.work_dir);

  // 1. The simulated cluster's API server and its objects.
  simkube::Store store(simkube::default_registry());
  simkube::ApiServer apiserver(store);
  auto api_port = apiserver.start();
  if (!api_port.ok()) {
    return api_port.error().wrap("simulated API server");
  }
  summary.apiserver_url = "http://127.0.0.1:" + std::to_string(*api_port);
  const std::string kubeconfig = (work / "kubeconfig").string();
  CP_RETURN_IF_ERROR(simkube::write_kubeconfig(kubeconfig, summary.apiserver_url));
  std::vector<NodeInfo> nodes;
  for (int z = 0; z < o.zones; ++z) {
    for (int i = 0; i < o.nodes_per_zone; ++i) {
      const char zone_letter = static_cast<char>('a' + z);
      nodes.push_back(
          {std::string("node-") + zone_letter + std::to_string(i + 1), std::string("demo-zone-") + zone_letter, 0, 0});
    }
  }
  const auto create = [&](const char* resource, const std::string& ns, json object) -> Status {
    auto created = store.create(resource, ns, std::move(object));
    if (!created.ok()) {
      return created.error().wrap(std::string("creating a ") + resource);
    }
    return ok_status();
  };
  CP_RETURN_IF_ERROR(
      create("namespaces", "", {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", kNamespace}}}}));
  for (const auto& n : nodes) {
    CP_RETURN_IF_ERROR(create("nodes", "", node_object(n)));
  }
  CP_RETURN_IF_ERROR(create("datasets", kNamespace, dataset_object()));
  CP_RETURN_IF_ERROR(create("juicefsruntimes", kNamespace, runtime_object(o.min_workers)));
  CP_RETURN_IF_ERROR(create("persistentvolumeclaims", kNamespace, pvc_object()));

  // 2. The sidecars' metrics endpoint.
  SidecarExporter sidecars(10.0 / o.speed * 30);
  auto sidecar_port = sidecars.start();
  if (!sidecar_port.ok()) {
    return sidecar_port.error().wrap("sidecar metrics endpoint");
  }

  // 3. Ports for the extender and the autoscaler, then Prometheus scraping all three.
  auto extender_port = free_loopback_port();
  auto autoscaler_port = free_loopback_port();
  if (!extender_port.ok() || !autoscaler_port.ok()) {
    return make_error(ErrorCode::kUnavailable, "no free loopback ports");
  }
  summary.extender_url = "http://127.0.0.1:" + std::to_string(*extender_port);
  summary.autoscaler_url = "http://127.0.0.1:" + std::to_string(*autoscaler_port);
  // Scrape every ~2.5 trace seconds (scrape_interval_s), so a rate over 10 trace seconds has four samples: the live
  // loop then sees demand a few seconds late (the simulator's policy sees the mean of its last second).
  const auto scrape =
      std::chrono::milliseconds(std::clamp(std::llround(1000 * o.scrape_interval_s / o.speed), 50LL, 60000LL));
  PrometheusServerOptions prometheus_options;
  prometheus_options.binary = o.prometheus_binary;
  prometheus_options.work_dir = (work / "prometheus").string();
  prometheus_options.scrape_interval = scrape;
  prometheus_options.targets = {{"fluid-fuse-sidecars", "127.0.0.1:" + std::to_string(*sidecar_port), true},
                                {"cachepilot-extender", "127.0.0.1:" + std::to_string(*extender_port), false},
                                {"cachepilot-autoscaler", "127.0.0.1:" + std::to_string(*autoscaler_port), false}};
  prometheus_options.rule_files = o.rule_files;
  say("starting Prometheus (" + o.prometheus_binary + "), scraping every " + std::to_string(scrape.count()) + " ms");
  auto prometheus = PrometheusServer::start(prometheus_options, std::chrono::seconds(60));
  if (!prometheus.ok()) {
    return prometheus.error();
  }
  summary.prometheus_url = (*prometheus)->url();

  // 4. The real extender and autoscaler, on the simulated cluster.
  auto extender = Subprocess::spawn(
      "extender",
      {o.cachepilot_binary, "extender", "--kubeconfig", kubeconfig, "--listen",
       "127.0.0.1:" + std::to_string(*extender_port), "--runtime-kinds", "JuiceFSRuntime", "--rebuild-interval", "0.2"},
      (work / "extender.log").string());
  if (!extender.ok()) {
    return extender.error();
  }
  // Decide every 2 trace seconds (decision_interval_s): deciding more often than Prometheus scrapes (2.5 trace
  // seconds) sees nothing new.
  const double interval_wall = std::max(0.05, o.decision_interval_s / o.speed);
  char interval_text[32];
  (void)std::snprintf(interval_text, sizeof interval_text, "%.3f", interval_wall);
  char scale_text[32];
  (void)std::snprintf(scale_text, sizeof scale_text, "%g", o.speed);
  auto autoscaler = Subprocess::spawn(
      "autoscaler",
      {o.cachepilot_binary, "autoscaler", "--kubeconfig", kubeconfig, "--prometheus", summary.prometheus_url,
       "--listen", "127.0.0.1:" + std::to_string(*autoscaler_port), "--interval", interval_text, "--time-scale",
       scale_text, "--history", "0", "--leader-elect=false"},
      (work / "autoscaler.log").string());
  if (!autoscaler.ok()) {
    return autoscaler.error();
  }
  if (!wait_until_ok(*extender_port, "/readyz", std::chrono::seconds(60), extender->get())) {
    return make_error(ErrorCode::kUnavailable, "the extender did not become ready: " + (*extender)->log_tail());
  }
  if (!wait_until_ok(*autoscaler_port, "/readyz", std::chrono::seconds(60), autoscaler->get())) {
    return make_error(ErrorCode::kUnavailable, "the autoscaler did not become ready: " + (*autoscaler)->log_tail());
  }
  // Prometheus applies its scrape targets a few seconds after it starts (its discovery manager sends updates
  // on a 5 s tick): wait until it has scraped all three, or the replay's first minutes would go unseen.
  {
    net::ClientOptions http;
    http.base_url = summary.prometheus_url;
    http.timeout = std::chrono::milliseconds(2000);
    auto client = net::make_http_client(http);
    if (!client.ok()) {
      return client.error();
    }
    prom::PrometheusClient prometheus_client(std::move(client).value());
    const auto deadline = Steady::now() + std::chrono::seconds(60);
    while (query_scalar(prometheus_client, "count(up == 1)") < 3) {
      if (Steady::now() > deadline) {
        return make_error(ErrorCode::kUnavailable,
                          "Prometheus did not scrape the sidecars, the extender and the "
                          "autoscaler within 60 s; see " +
                              prometheus_options.work_dir);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  // The target last: its first cycle finds demand already flowing.
  const std::string window = std::to_string(4 * scrape.count()) + "ms";
  CP_RETURN_IF_ERROR(create("cacheautoscalers", kNamespace, cache_autoscaler_object(o, window)));
  say("extender " + summary.extender_url + ", autoscaler " + summary.autoscaler_url + ", Prometheus " +
      summary.prometheus_url + ", simulated API server " + summary.apiserver_url);

  // 5. The replay.
  auto extender_client = loopback_client(*extender_port);
  if (!extender_client) {
    return make_error(ErrorCode::kUnavailable, "no HTTP client for the extender");
  }
  Scheduler scheduler(std::move(extender_client), nodes);
  sim::WorkerPool pool(o.min_workers, o.lead_time_s);
  Ledger ledger(10, 0.05);
  std::deque<PodState> pending;
  std::deque<PodState> running;
  StableWindowPods series_pods(kPodStableWindowS);
  std::int64_t pod_serial = 0;
  std::int64_t on_cache = 0;
  std::int64_t in_zone = 0;
  int last_ready = -1;
  const auto start = Steady::now();
  auto next_progress = start;
  const double wall_per_second = 1.0 / o.speed;

  const auto worker_node = [&](int worker) {
    // Workers spread over the zones: worker i on node (i × stride) mod N.
    return static_cast<std::size_t>(worker * (o.nodes_per_zone + 1)) % nodes.size();
  };
  const auto publish_workers = [&](int ready, int replicas) {
    std::vector<int> per_node(nodes.size(), 0);
    for (int w = 0; w < ready; ++w) {
      ++per_node[worker_node(w)];
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if ((per_node[i] > 0) == (nodes[i].ready_workers > 0)) {
        nodes[i].ready_workers = per_node[i];
        continue;
      }
      nodes[i].ready_workers = per_node[i];
      const bool has = per_node[i] > 0;
      json labels{{"fluid.io/s-ai-llama-7b", has ? json("true") : json(nullptr)},
                  {"fluid.io/s-juicefs-ai-llama-7b", has ? json("true") : json(nullptr)},
                  {"fluid.io/s-h-juicefs-d-ai-llama-7b", has ? json(gib_text(kWorkerCacheBytes)) : json(nullptr)},
                  {"fluid.io/dataset-num", has ? json("1") : json(nullptr)}};
      (void)store.merge_patch("nodes", "", nodes[i].name, {{"metadata", {{"labels", labels}}}});
    }
    (void)store.patch_status("juicefsruntimes", kNamespace, kDataset,
                             {{"status",
                               {{"desiredWorkerNumberScheduled", replicas},
                                {"currentWorkerNumberScheduled", ready},
                                {"workerNumberReady", ready}}}});
    const double cached = std::min(kDatasetBytes, ready * kWorkerCacheBytes);
    (void)store.patch_status(
        "datasets", kNamespace, kDataset,
        {{"status",
          {{"cacheStates", {{"cacheCapacity", gib_text(ready * kWorkerCacheBytes)}, {"cached", gib_text(cached)}}}}}});
  };
  const auto new_pod = [&](bool run) {
    PodState p{"infer-" + std::to_string(++pod_serial), 0};
    json object = pod_object(p.name);
    p.node = scheduler.place(object);
    ++nodes[p.node].pods;
    if (nodes[p.node].ready_workers > 0) {
      ++on_cache;
    }
    for (const auto& n : nodes) {
      if (n.zone == nodes[p.node].zone && n.ready_workers > 0) {
        ++in_zone;
        break;
      }
    }
    object["spec"]["nodeName"] = nodes[p.node].name;
    object["status"]["phase"] = run ? "Running" : "Pending";
    (void)store.create("pods", kNamespace, std::move(object));
    // The sidecar's counter exists from the pod's start, at 0: Prometheus needs a sample before the first read
    // for rate() to count the pod's bytes (a short-lived series seen only once counts nothing).
    sidecars.add_bytes(kNamespace, kDataset, p.name, 0);
    return p;
  };
  const auto delete_pod = [&](const PodState& p, double now) {
    --nodes[p.node].pods;
    (void)store.remove("pods", kNamespace, p.name);
    sidecars.retire(p.name, now);
  };

  int t = 0;
  for (; t < horizon; ++t) {
    if (o.stop_requested()) {
      summary.interrupted = true;
      break;
    }
    std::this_thread::sleep_until(
        start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(t * wall_per_second)));
    const double wall = std::chrono::duration<double>(Steady::now() - start).count();
    summary.max_lag_seconds = std::max(summary.max_lag_seconds, wall - t * wall_per_second);
    // The autoscaler's writes land in the runtime's spec.replicas through /scale.
    int replicas = pool.size();
    if (auto runtime = store.get("juicefsruntimes", kNamespace, kDataset); runtime.ok()) {
      replicas = (*runtime)["spec"].value("replicas", replicas);
    }
    replicas = std::clamp(replicas, 0, 1000);
    pool.resize(replicas, t);
    const int ready = pool.ready(t);
    if (ready != last_ready || t % 15 == 0) {
      publish_workers(ready, replicas);
      last_ready = ready;
    }

    // Pods: as many waiting and reading as the trace says.
    const auto ti = static_cast<std::size_t>(t);
    const double demand = trace.demand[ti];
    int want_running = 0;
    int want_pending = 0;
    if (trace.has_pod_signal()) {
      const double per_pod = std::max(o.requests_per_pod, 1);
      want_running = static_cast<int>(std::ceil(trace.active_pods[ti] / per_pod - 1e-9));
      want_pending = static_cast<int>(std::ceil(trace.waiting_pods[ti] / per_pod - 1e-9));
    } else {
      want_running = series_pods.next(pods_for_demand(demand, kBytesPerPod));
    }
    // The youngest go first, as a ReplicaSet scaling down deletes the most recently created of otherwise equal pods
    // (the controller's ActivePods ordering): the pods that stay keep their counters' history in Prometheus.
    while (static_cast<int>(running.size()) > want_running) {
      delete_pod(running.back(), wall);
      running.pop_back();
    }
    while (static_cast<int>(running.size()) < want_running) {
      if (!pending.empty()) {
        PodState p = pending.front();
        pending.pop_front();
        (void)store.patch_status("pods", kNamespace, p.name, {{"status", {{"phase", "Running"}}}});
        running.push_back(std::move(p));
      } else {
        running.push_back(new_pod(true));
      }
    }
    while (static_cast<int>(pending.size()) > want_pending) {
      delete_pod(pending.back(), wall);
      pending.pop_back();
    }
    while (static_cast<int>(pending.size()) < want_pending) {
      pending.push_back(new_pod(false));
    }
    // Their sidecars read this second's demand.
    if (demand > 0) {
      if (running.empty()) {
        sidecars.add_bytes(kNamespace, kDataset, "fuse-daemon", demand);
      } else {
        const double each = demand / static_cast<double>(running.size());
        for (const auto& p : running) {
          sidecars.add_bytes(kNamespace, kDataset, p.name, each);
        }
      }
    }
    sidecars.expire(wall);
    ledger.second(t, demand, ready, pool.size(), replicas, o.worker_throughput);

    if (Steady::now() >= next_progress) {
      next_progress = Steady::now() + std::chrono::seconds(2);
      const auto placed = static_cast<double>(pod_serial);
      char line[256];
      (void)std::snprintf(line, sizeof line,
                          "[%s / %s] demand %-12s workers ready %2d desired %2d  unmet so far %5.2f%%  pods %lld, "
                          "%4.1f%% on a cache node",
                          clock_text(t).c_str(), clock_text(horizon).c_str(), bytes_rate(demand).c_str(), ready,
                          replicas, 100 * ledger.unmet_so_far(), static_cast<long long>(pod_serial),
                          placed > 0 ? 100.0 * static_cast<double>(on_cache) / placed : 0.0);
      say(line);
    }
    if (!(*autoscaler)->running() || !(*extender)->running()) {
      return make_error(ErrorCode::kUnavailable, "a component died: " + (*autoscaler)->describe_exit() + "; " +
                                                     (*extender)->describe_exit() + " (logs in " + summary.work_dir +
                                                     ")");
    }
  }
  summary.trace_seconds_replayed = t;
  summary.live = ledger.finish(std::max(t - 1, 0));
  summary.extender_calls = scheduler.calls();
  summary.pods_placed = pod_serial;
  if (pod_serial > 0) {
    summary.pods_on_cache_node = static_cast<double>(on_cache) / static_cast<double>(pod_serial);
    summary.pods_in_cache_zone = static_cast<double>(in_zone) / static_cast<double>(pod_serial);
  }
  // Scale writes the simulated API server accepted (kube::set_replicas PUTs the Scale).
  for (const char* verb : {"update", "patch"}) {
    summary.scale_writes +=
        static_cast<std::int64_t>(apiserver.requests(verb, "juicefsruntimes.data.fluid.io", "scale").succeeded);
  }

  // 6. What Prometheus saw.
  {
    net::ClientOptions http;
    http.base_url = summary.prometheus_url;
    http.timeout = std::chrono::milliseconds(5000);
    if (auto client = net::make_http_client(http); client.ok()) {
      prom::PrometheusClient prometheus_client(std::move(client).value());
      summary.sidecar_series_scraped =
          query_scalar(prometheus_client, std::string("count(count_over_time(") + kSidecarMetric + "[1d]))");
      summary.prometheus_scale_writes =
          query_scalar(prometheus_client, "sum(cachepilot_autoscaler_scale_writes_total{result=\"ok\"})");
      summary.prometheus_extender_requests = query_scalar(prometheus_client, "sum(cachepilot_extender_requests_total)");
      if (auto models =
              prometheus_client.query("sum by (model) (cachepilot_autoscaler_forecast_model_decisions_total)");
          models.ok()) {
        for (const auto& sample : models->samples) {
          if (const auto model = sample.metric.find("model"); model != sample.metric.end()) {
            summary.forecast_model_decisions[model->second] = sample.value;
          }
        }
      }
    }
  }

  // 7. The report: this run beside the simulated baselines on the same (replayed part of the) trace.
  sim::Trace replayed = trace;
  replayed.demand.resize(static_cast<std::size_t>(std::max(t, 1)));
  if (replayed.has_pod_signal()) {
    replayed.waiting_pods.resize(replayed.demand.size());
    replayed.active_pods.resize(replayed.demand.size());
  }
  sim::SimParams params;
  params.worker_throughput = o.worker_throughput;
  params.lead_time_s = o.lead_time_s;
  params.min_workers = o.min_workers;
  params.max_workers = o.max_workers;
  params.initial_workers = o.min_workers;
  std::vector<sim::PolicyResult> results{summary.live};
  const auto run_policy = [&](const char* name, const sim::SimParams& p) -> std::optional<sim::PolicyResult> {
    auto policy = sim::make_policy(name, replayed, p);
    if (!policy.ok()) {
      return std::nullopt;
    }
    return sim::simulate(replayed, **policy, p, 10);
  };
  // The HPA at its default target, the HPA at the target whose cost comes closest to this run's (the fair
  // comparison: same worker-seconds, who leaves less unmet?), the simulator's own cachepilot, and the oracle.
  std::optional<sim::PolicyResult> comparable;
  for (int percent = 10; percent <= 90; percent += 5) {
    sim::SimParams p = params;
    p.target_utilization = percent / 100.0;
    if (auto r = run_policy("hpa", p)) {
      r->policy = "hpa@" + std::to_string(percent) + "%";
      if (!comparable || std::abs(r->worker_seconds - summary.live.worker_seconds) <
                             std::abs(comparable->worker_seconds - summary.live.worker_seconds)) {
        comparable = std::move(r);
      }
    }
  }
  std::vector<std::string> names{"cachepilot-live"};
  for (const char* name : {"hpa", "cachepilot", "oracle"}) {
    if (auto r = run_policy(name, params)) {
      if (std::string(name) == "cachepilot") {
        r->policy = "cachepilot-sim";
      }
      results.push_back(*r);
    }
  }
  if (comparable) {
    results.push_back(*comparable);
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    summary.baselines.push_back(results[i]);
    names.push_back(results[i].policy);
  }
  auto info = sim::describe(replayed, o.trace_path, o.import, params, names);
  CP_RETURN_IF_ERROR(sim::write_report(o.report_dir, info, results));
  {
    std::ofstream json_out(fs::path(o.report_dir) / "demo.json");
    json_out << summary_json(summary);
  }
  if (out != nullptr) {
    *out << "\n" << sim::report_table(info, results);
    char line[512];
    (void)std::snprintf(line, sizeof line,
                        "\n/scale writes landed: %lld   extender calls: %lld   pods placed: %lld (%.1f%% on a cache "
                        "node, %.1f%% in its zone)   sidecar series scraped: %.0f   replay fell behind by at most "
                        "%.2f s\n",
                        static_cast<long long>(summary.scale_writes), static_cast<long long>(summary.extender_calls),
                        static_cast<long long>(summary.pods_placed), 100 * summary.pods_on_cache_node,
                        100 * summary.pods_in_cache_zone, summary.sidecar_series_scraped, summary.max_lag_seconds);
    *out << line;
    if (comparable) {
      (void)std::snprintf(line, sizeof line,
                          "at comparable cost: cachepilot-live leaves %.2f%% of demand unmet with %.0f worker-s; "
                          "%s leaves %.2f%% with %.0f worker-s\n",
                          100 * summary.live.unmet_fraction, summary.live.worker_seconds, comparable->policy.c_str(),
                          100 * comparable->unmet_fraction, comparable->worker_seconds);
      *out << line;
    }
    *out << "report: " << (fs::path(o.report_dir) / "report.html").string() << std::endl;
  }

  if (o.keep_running && !summary.interrupted) {
    say("\nstill running (Ctrl-C stops everything):\n  Prometheus   " + summary.prometheus_url +
        "   try: cachepilot_autoscaler_desired_replicas, and the demand the autoscaler reads (÷ " + scale_text +
        " for trace bytes per trace second):\n               " + sidecar_demand_query(kNamespace, kDataset, window) +
        "\n  extender     " + summary.extender_url + "/metrics   " + summary.extender_url +
        "/debug/snapshot\n  autoscaler   " + summary.autoscaler_url + "/metrics\n  API server   " +
        summary.apiserver_url + "/apis/cachepilot.io/v1alpha1/namespaces/ai/cacheautoscalers/llama-7b");
    while (!o.stop_requested()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  (*autoscaler)->stop();
  (*extender)->stop();
  (*prometheus)->stop();
  sidecars.stop();
  apiserver.stop();
  return summary;
}

}  // namespace cachepilot::demo
