// Scheduling throughput of a real kube-scheduler 1.20 with and without the cachepilot extender, side by side
// in one run (README.md here). Starts etcd + kube-apiserver + kube-scheduler on loopback through the
// end-to-end fixture (tests/support/control_plane.hpp), creates N nodes in 3 regions x 9 zones and D Fluid
// datasets (each cached on 3 nodes: worker labels, Dataset and AlluxioRuntime with cacheStates, bound
// PV/PVC), starts the real `cachepilot extender --kubeconfig` on the cluster, then runs phases that
// alternate the scheduler's configuration:
//
//   a  no extender
//   b  extender, nodeCacheCapable: true  (NodeNames)
//   c  extender, nodeCacheCapable: false (full Node objects)
//   d  extender, nodeCacheCapable: true, prioritizeVerb only (diagnostic: what the /filter round trip costs)
//
// Each phase restarts the scheduler with its configuration, schedules a few warm-up pods, then creates P
// pods as fast as parallel creators can (half mounting a dataset PVC, half plain) and times the first create
// to the moment a pod watch has seen every one of them with spec.nodeName. pods/s = P / that time. The
// extender's and the scheduler's /metrics are read before and after (calls, latency, per-pod cycle
// breakdown), CPU time of every process is read from /proc, and the pods are deleted (gracePeriodSeconds=0)
// before the next phase.
//
//   build-sched/bench/scheduler/scheduler_throughput_bench [--nodes 1000] [--datasets 100] [--pods 500]
//       [--phases a,b,c,a,b] [--creators 8] [--warmup 20] [--scheduler-qps 500] [--scheduler-burst 1000]
//       [--percentage 100] [--weight 5] [--phase-timeout 600] [--quiet-cores 0.25] [--quiet-wait 60]
//       [--extender PATH] [--dump-bodies DIR]
//
// The machine is shared: before each timed window the bench waits (bounded) until processes outside this run
// use less than --quiet-cores, and reports their CPU during every window; ratios are also given over the
// undisturbed phases only.
//
// --scheduler-qps 0 keeps kube-scheduler's own client limits (1.20: qps 50, burst 100). Loopback only; every
// process dies with the bench; bounded by --phase-timeout per phase.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <dirent.h>
#include <unistd.h>

#include "common/subprocess.hpp"
#include "net/http_client.hpp"
#include "tests/support/control_plane.hpp"
#include "tests/support/metrics_text.hpp"

#ifndef CACHEPILOT_BINARY
#error "CACHEPILOT_BINARY must name the cachepilot executable"
#endif

namespace cachepilot::bench {
namespace {

using testing::ControlPlane;
using testing::E2eError;
using testing::Json;
using testing::KubeApi;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kNamespace = "default";
constexpr const char* kPhaseLabel = "cachepilot-bench/phase";
constexpr const char* kDatasetLabel = "cachepilot-bench/dataset";

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// ------------------------------------------------------------------------------------------------------------
// Flags

struct Flags {
  int nodes = 1000;
  int datasets = 100;
  int pods = 500;
  std::string phases = "a,b,c,a,b";
  int creators = 8;
  int warmup = 20;
  double scheduler_qps = 500;
  int scheduler_burst = 1000;
  int percentage = 100;
  int weight = 5;
  int phase_timeout = 600;
  double quiet_cores = 0.25;
  int quiet_wait = 60;
  std::string extender = CACHEPILOT_BINARY;
  std::string dump_bodies{};
};

Flags parse_flags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      std::printf(
          "scheduler_throughput_bench [--nodes 1000] [--datasets 100] [--pods 500] [--phases a,b,c,a,b]\n"
          "    [--creators 8] [--warmup 20] [--scheduler-qps 500 (0: kube-scheduler's defaults)]\n"
          "    [--scheduler-burst 1000] [--percentage 100] [--weight 5] [--phase-timeout 600]\n"
          "    [--quiet-cores 0.25] [--quiet-wait 60] [--extender PATH] [--dump-bodies DIR]\n"
          "phases: a = no extender, b = extender nodeCacheCapable: true, c = nodeCacheCapable: false,\n"
          "        d = extender nodeCacheCapable: true with prioritizeVerb only (no filterVerb)\n"
          "Before each timed window the bench waits (at most --quiet-wait s) until processes outside this run use\n"
          "less than --quiet-cores cores; phases where they used more are reported as disturbed.\n");
      std::exit(0);  // NOLINT(concurrency-mt-unsafe): before any thread
    }
    if (i + 1 >= argc) {
      throw std::invalid_argument("flag " + name + " needs a value");
    }
    const std::string value = argv[++i];
    if (name == "--nodes") {
      f.nodes = std::stoi(value);
    } else if (name == "--datasets") {
      f.datasets = std::stoi(value);
    } else if (name == "--pods") {
      f.pods = std::stoi(value);
    } else if (name == "--phases") {
      f.phases = value;
    } else if (name == "--creators") {
      f.creators = std::stoi(value);
    } else if (name == "--warmup") {
      f.warmup = std::stoi(value);
    } else if (name == "--scheduler-qps") {
      f.scheduler_qps = std::stod(value);
    } else if (name == "--scheduler-burst") {
      f.scheduler_burst = std::stoi(value);
    } else if (name == "--percentage") {
      f.percentage = std::stoi(value);
    } else if (name == "--weight") {
      f.weight = std::stoi(value);
    } else if (name == "--phase-timeout") {
      f.phase_timeout = std::stoi(value);
    } else if (name == "--quiet-cores") {
      f.quiet_cores = std::stod(value);
    } else if (name == "--quiet-wait") {
      f.quiet_wait = std::stoi(value);
    } else if (name == "--dump-bodies") {
      f.dump_bodies = value;
    } else if (name == "--extender") {
      f.extender = value;
    } else {
      throw std::invalid_argument("unknown flag " + name);
    }
  }
  if (f.nodes < 3 || f.datasets < 1 || f.pods < 2 || f.creators < 1 || f.warmup < 1 || f.phase_timeout < 1) {
    throw std::invalid_argument("need --nodes >= 3, --datasets, --pods >= 2, --creators, --warmup >= 1");
  }
  return f;
}

// ------------------------------------------------------------------------------------------------------------
// The synthetic cluster

std::string node_name(int i) { return "node-" + std::to_string(i); }
std::string dataset_name(int d) { return "ds-" + std::to_string(d); }

struct ClusterLayout {
  std::vector<std::vector<int>> cache_nodes;  // per dataset: the 3 nodes holding its workers
  std::set<std::string> any_cache_node;
  std::vector<std::set<std::string>> cache_node_names;
};

ClusterLayout make_layout(const Flags& f) {
  ClusterLayout layout;
  std::mt19937 rng(20240601U);  // fixed: the same cluster every run
  std::uniform_int_distribution<int> pick(0, f.nodes - 1);
  for (int d = 0; d < f.datasets; ++d) {
    std::set<int> chosen;
    while (chosen.size() < 3) {
      chosen.insert(pick(rng));
    }
    layout.cache_nodes.emplace_back(chosen.begin(), chosen.end());
    std::set<std::string> names;
    for (const int n : chosen) {
      names.insert(node_name(n));
      layout.any_cache_node.insert(node_name(n));
    }
    layout.cache_node_names.push_back(std::move(names));
  }
  return layout;
}

// Runs task(api, i) for i in [0, count) on one thread per KubeApi (KubeApi is single-threaded: one each).
void parallel_for(std::vector<std::unique_ptr<KubeApi>>& apis, int count,
                  const std::function<void(KubeApi&, int)>& task) {
  std::atomic<int> next{0};
  std::mutex error_mutex;
  std::string error;
  std::vector<std::thread> threads;
  threads.reserve(apis.size());
  for (auto& api : apis) {
    threads.emplace_back([&, a = api.get()] {
      while (true) {
        const int i = next.fetch_add(1);
        if (i >= count) {
          return;
        }
        try {
          task(*a, i);
        } catch (const std::exception& e) {
          const std::lock_guard lock(error_mutex);
          if (error.empty()) {
            error = e.what();
          }
          next = count;
          return;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  if (!error.empty()) {
    throw E2eError(error);
  }
}

void populate(const Flags& f, const ClusterLayout& layout, std::vector<std::unique_ptr<KubeApi>>& apis) {
  std::vector<testing::StringMap> fluid_labels(static_cast<std::size_t>(f.nodes));
  for (int d = 0; d < f.datasets; ++d) {
    for (const int n : layout.cache_nodes[static_cast<std::size_t>(d)]) {
      auto& labels = fluid_labels[static_cast<std::size_t>(n)];
      labels["fluid.io/s-default-" + dataset_name(d)] = "true";
      labels["fluid.io/s-alluxio-default-" + dataset_name(d)] = "true";
      labels["fluid.io/s-h-alluxio-d-default-" + dataset_name(d)] = "5B";
    }
  }
  for (auto& labels : fluid_labels) {
    if (!labels.empty()) {
      labels["fluid.io/dataset-num"] = std::to_string(labels.size() / 3);
    }
  }
  const auto t0 = Clock::now();
  parallel_for(apis, f.nodes, [&](KubeApi& api, int i) {
    testing::NodeOptions node{.name = node_name(i)};
    node.labels = fluid_labels[static_cast<std::size_t>(i)];
    node.labels["topology.kubernetes.io/region"] = "region-" + std::to_string(i % 3);
    node.labels["topology.kubernetes.io/zone"] =
        "region-" + std::to_string(i % 3) + "-zone-" + std::to_string((i / 3) % 9);
    node.labels["node.kubernetes.io/instance-type"] = "ecs.g7.4xlarge";
    node.annotations = {{"node.alpha.kubernetes.io/ttl", "0"},
                        {"volumes.kubernetes.io/controller-managed-attach-detach", "true"}};
    node.cpu = "16";
    node.memory = "64Gi";
    node.pods = "110";
    api.create_node(node);
  });
  std::printf("  %d nodes in %.1f s\n", f.nodes, seconds_since(t0));
  const auto t1 = Clock::now();
  const testing::StringMap cache_states = {{"cacheCapacity", "150.00GiB"}, {"cached", "60.00GiB"},
                                           {"cachedPercentage", "60.0%"},  {"cacheHitRatio", "0.0%"},
                                           {"localHitRatio", "0.0%"},      {"remoteHitRatio", "0.0%"}};
  parallel_for(apis, f.datasets, [&](KubeApi& api, int d) {
    const auto name = dataset_name(d);
    api.create_bound_pvc(testing::fluid_dataset_pvc(kNamespace, name));
    api.create_dataset({.name = name, .ufs_total = "100.00GiB", .cache_states = cache_states});
    api.create_runtime(
        {.kind = testing::RuntimeKind::kAlluxio, .name = name, .replicas = 3, .cache_states = cache_states});
  });
  std::printf("  %d datasets (PV+PVC, Dataset, AlluxioRuntime, 3 cache nodes each) in %.1f s\n", f.datasets,
              seconds_since(t1));
}

// ------------------------------------------------------------------------------------------------------------
// Plain HTTP to the extender and the scheduler (loopback)

std::unique_ptr<net::HttpClient> plain_client(const std::string& base_url) {
  net::ClientOptions o;
  o.base_url = base_url;
  o.timeout = std::chrono::seconds(10);
  o.user_agent = "cachepilot-bench";
  auto client = net::make_http_client(o);
  if (!client.ok()) {
    throw E2eError("HTTP client for " + base_url + ": " + client.error().message);
  }
  return std::move(client).value();
}

std::string http_get(net::HttpClient& client, const std::string& path, unsigned* status = nullptr) {
  net::ClientRequest r;
  r.path_and_query = path;
  auto response = client.send(r);
  if (!response.ok()) {
    if (status != nullptr) {
      *status = 0;
      return {};
    }
    throw E2eError("GET " + path + ": " + response.error().message);
  }
  if (status != nullptr) {
    *status = response->status;
  }
  return std::move(response->body);
}

// A histogram read out of an exposition: cumulative buckets, sum and count (summed over the series selected).
struct Histogram {
  std::map<double, double> buckets;  // le -> cumulative count
  double sum = 0;
  double count = 0;

  Histogram operator-(const Histogram& before) const {
    Histogram d = *this;
    for (auto& [le, c] : d.buckets) {
      auto it = before.buckets.find(le);
      c -= it == before.buckets.end() ? 0 : it->second;
    }
    d.sum -= before.sum;
    d.count -= before.count;
    return d;
  }
  [[nodiscard]] double mean_ms() const { return count > 0 ? 1000 * sum / count : 0; }
  // Linear interpolation inside the bucket, as Prometheus's histogram_quantile does.
  [[nodiscard]] double quantile_ms(double q) const {
    if (count <= 0) {
      return 0;
    }
    const double rank = q * count;
    double prev_le = 0;
    double prev_c = 0;
    for (const auto& [le, c] : buckets) {
      if (c >= rank) {
        if (std::isinf(le)) {
          return 1000 * prev_le;
        }
        const double width = c - prev_c;
        return 1000 * (width > 0 ? prev_le + (le - prev_le) * (rank - prev_c) / width : le);
      }
      prev_le = le;
      prev_c = c;
    }
    return 1000 * prev_le;
  }
};

// Sums the series of `name` whose labels include every pair of `match`.
Histogram read_histogram(const std::string& text, const std::string& name, const testing::MetricLabels& match) {
  auto matches = [&](const testing::MetricLabels& labels) {
    return std::all_of(match.begin(), match.end(), [&](const auto& kv) {
      auto it = labels.find(kv.first);
      return it != labels.end() && it->second == kv.second;
    });
  };
  Histogram h;
  testing::for_each_sample(text, name + "_bucket", [&](const testing::MetricLabels& labels, double v) {
    if (matches(labels)) {
      const auto& le = labels.at("le");
      h.buckets[le == "+Inf" ? std::numeric_limits<double>::infinity() : std::stod(le)] += v;
    }
  });
  testing::for_each_sample(text, name + "_sum", [&](const testing::MetricLabels& labels, double v) {
    if (matches(labels)) {
      h.sum += v;
    }
  });
  testing::for_each_sample(text, name + "_count", [&](const testing::MetricLabels& labels, double v) {
    if (matches(labels)) {
      h.count += v;
    }
  });
  return h;
}

double read_counter(const std::string& text, const std::string& name, const testing::MetricLabels& match) {
  double total = 0;
  testing::for_each_sample(text, name, [&](const testing::MetricLabels& labels, double v) {
    if (std::all_of(match.begin(), match.end(), [&](const auto& kv) {
          auto it = labels.find(kv.first);
          return it != labels.end() && it->second == kv.second;
        })) {
      total += v;
    }
  });
  return total;
}

// ------------------------------------------------------------------------------------------------------------
// CPU time of this process and its children (the control plane and the extender), from /proc

struct CpuSample {
  std::map<std::string, double> seconds;  // by process name
  double machine_busy = 0;                // all CPUs, seconds
  double machine_total = 0;
};

double proc_cpu_seconds(const std::string& stat_path, std::string* comm, long* ppid) {
  std::ifstream in(stat_path);
  std::string line;
  if (!std::getline(in, line)) {
    return -1;
  }
  const auto open = line.find('(');
  const auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos) {
    return -1;
  }
  *comm = line.substr(open + 1, close - open - 1);
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> fields;
  std::string field;
  while (rest >> field) {
    fields.push_back(field);
  }
  if (fields.size() < 13) {
    return -1;
  }
  *ppid = std::stol(fields[1]);  // fields[0] is the state (field 3 of stat)
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return (std::stod(fields[11]) + std::stod(fields[12])) / ticks;  // utime, stime (fields 14 and 15)
}

CpuSample sample_cpu() {
  CpuSample s;
  std::string comm;
  long ppid = 0;
  s.seconds["bench"] = proc_cpu_seconds("/proc/self/stat", &comm, &ppid);
  const long self = ::getpid();
  if (DIR* dir = ::opendir("/proc")) {
    while (const dirent* entry = ::readdir(dir)) {
      if (std::isdigit(static_cast<unsigned char>(entry->d_name[0])) == 0) {
        continue;
      }
      const double cpu = proc_cpu_seconds(std::string("/proc/") + entry->d_name + "/stat", &comm, &ppid);
      if (cpu >= 0 && ppid == self) {
        s.seconds[comm] += cpu;
      }
    }
    ::closedir(dir);
  }
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  std::vector<double> jiffies;
  double v = 0;
  for (int i = 0; i < 8 && in >> v; ++i) {
    jiffies.push_back(v);
  }
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  double total = 0;
  for (const double j : jiffies) {
    total += j;
  }
  const double idle = jiffies.size() > 4 ? jiffies[3] + jiffies[4] : 0;
  s.machine_total = total / ticks;
  s.machine_busy = (total - idle) / ticks;
  return s;
}

// ------------------------------------------------------------------------------------------------------------
// Waiting for pods to be bound: one LIST, then a WATCH from its resourceVersion (re-listed if it breaks).

struct BoundWatch {
  int bound = 0;
  Clock::time_point done_at{};
  bool complete = false;
};

BoundWatch wait_all_bound(const ControlPlane& cp, const std::string& token, const std::string& selector, int expected,
                          Clock::time_point deadline, const std::function<void()>& on_watching = nullptr) {
  net::ClientOptions o;
  o.base_url = cp.api_url();
  o.tls.ca_pem = cp.ca_pem();
  o.bearer_token = token;
  o.timeout = std::chrono::seconds(60);
  o.user_agent = "cachepilot-bench/watch";
  auto made = net::make_http_client(o);
  if (!made.ok()) {
    throw E2eError("watch client: " + made.error().message);
  }
  auto& client = **made;
  const auto base = testing::paths::pods(kNamespace) + "?labelSelector=" + selector;
  BoundWatch result;
  std::set<std::string> bound;
  bool notified = false;
  while (Clock::now() < deadline) {
    net::ClientRequest list;
    list.path_and_query = base;
    auto listed = client.send(list);
    if (!listed.ok() || listed->status != 200) {
      std::this_thread::sleep_for(milliseconds(200));
      continue;
    }
    const auto body = Json::parse(listed->body);
    bound.clear();
    for (const auto& pod : body["items"]) {
      if (!pod["spec"].value("nodeName", "").empty()) {
        bound.insert(pod["metadata"]["name"].get<std::string>());
      }
    }
    if (static_cast<int>(bound.size()) >= expected) {
      result = {static_cast<int>(bound.size()), Clock::now(), true};
      return result;
    }
    const auto rv = body["metadata"]["resourceVersion"].get<std::string>();
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now()).count();
    net::ClientRequest watch;
    watch.path_and_query = base + "&watch=1&allowWatchBookmarks=true&resourceVersion=" + rv +
                           "&timeoutSeconds=" + std::to_string(left + 1);
    net::Cancellation cancel;
    std::atomic<bool> stop_timer{false};
    std::thread timer([&] {
      while (!stop_timer && Clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(50));
      }
      cancel.cancel();
    });
    if (!notified && on_watching) {
      notified = true;
      on_watching();
    }
    (void)client.stream_lines(
        watch,
        [&](std::string_view line) {
          auto event = Json::parse(line, nullptr, false);
          if (event.is_discarded()) {
            return true;
          }
          const auto type = event.value("type", "");
          if ((type == "ADDED" || type == "MODIFIED") && !event["object"]["spec"].value("nodeName", "").empty()) {
            bound.insert(event["object"]["metadata"]["name"].get<std::string>());
            if (static_cast<int>(bound.size()) >= expected) {
              result = {static_cast<int>(bound.size()), Clock::now(), true};
              return false;
            }
          }
          return type != "ERROR";  // 410 Gone and friends: re-list
        },
        cancel);
    stop_timer = true;
    timer.join();
    if (result.complete) {
      return result;
    }
  }
  if (!notified && on_watching) {
    on_watching();
  }
  result.bound = static_cast<int>(bound.size());
  return result;
}

void delete_pods(KubeApi& api, const std::string& selector) {
  const auto path = testing::paths::pods(kNamespace) + "?labelSelector=" + selector + "&gracePeriodSeconds=0";
  const auto response = api.send("DELETE", path);
  if (!response.ok()) {
    throw E2eError("DELETE " + path + ": HTTP " + std::to_string(response.status) + ": " + response.message());
  }
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (!api.list_items(testing::paths::pods(kNamespace) + "?labelSelector=" + selector).empty()) {
    if (Clock::now() > deadline) {
      throw E2eError("pods " + selector + " still there 120 s after deleting them");
    }
    std::this_thread::sleep_for(milliseconds(200));
  }
}

// ------------------------------------------------------------------------------------------------------------
// Round trips to the extender from this process while nothing else runs (no scheduler yet): the network and
// serving part of a scheduler's extender call, without kube-scheduler's own encoding and decoding.

double percentile_ms(std::vector<double> v, double q) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    throw E2eError("cannot write " + path);
  }
}

std::string post(net::HttpClient& extender, const std::string& verb, const std::string& body) {
  net::ClientRequest r;
  r.method = "POST";
  r.path_and_query = verb;
  r.body = body;
  r.content_type = "application/json";
  auto response = extender.send(r);
  if (!response.ok() || response->status != 200) {
    throw E2eError("probe " + verb + " failed");
  }
  return std::move(response->body);
}

// A pod as the apiserver stores it (defaults, managedFields), which is what kube-scheduler sends: created with
// a schedulerName nobody serves, read back, deleted.
Json stored_pod(KubeApi& admin, const std::string& name, bool with_dataset) {
  testing::PodOptions o{.ns = kNamespace, .name = name};
  o.cpu = "10m";
  o.memory = "16Mi";
  o.scheduler_name = "cachepilot-bench-nobody";
  if (with_dataset) {
    o.pvcs = {dataset_name(0)};
  }
  auto pod = admin.create_pod(o);
  admin.delete_pod(kNamespace, name);
  pod["spec"]["schedulerName"] = "default-scheduler";
  pod.erase("status");
  return pod;
}

// `dump_dir` non-empty: also writes the bodies kube-scheduler would send and the extender's replies there
// (bench/scheduler/extender_call_cost.go measures kube-scheduler's side of the calls with them), and the
// cluster as a List for `cachepilot extender --cluster-from`.
void probe_extender(net::HttpClient& extender, KubeApi& admin, int nodes, const std::string& dump_dir) {
  const auto pod = stored_pod(admin, "probe-dataset", true);
  const auto plain_pod = stored_pod(admin, "probe-plain", false);
  Json names = Json::array();
  for (int i = 0; i < nodes; ++i) {
    names.push_back(node_name(i));
  }
  const auto node_list = admin.get(testing::paths::nodes());  // what the scheduler's informer holds, as JSON
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"NodeNames (nodeCacheCapable: true)", Json{{"Pod", pod}, {"Nodes", nullptr}, {"NodeNames", names}}.dump()},
      {"Nodes (nodeCacheCapable: false)", Json{{"Pod", pod}, {"Nodes", node_list}, {"NodeNames", nullptr}}.dump()}};
  std::printf("extender round trips from this process, idle machine (no scheduler running), %d nodes:\n", nodes);
  for (const auto& [what, body] : bodies) {
    for (const char* verb : {"/filter", "/prioritize"}) {
      const int runs = body.size() > 1'000'000 ? 30 : 200;
      std::vector<double> ms;
      std::size_t reply_bytes = 0;
      for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        reply_bytes = post(extender, verb, body).size();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      std::printf("  %-36s %-12s request %8.1f KB, reply %8.1f KB: p50 %.2f ms, p99 %.2f ms\n", what.c_str(), verb,
                  static_cast<double>(body.size()) / 1024, static_cast<double>(reply_bytes) / 1024,
                  percentile_ms(ms, 0.5), percentile_ms(ms, 0.99));
    }
  }
  if (!dump_dir.empty()) {
    const auto& names_body = bodies[0].second;
    const auto plain_body = Json{{"Pod", plain_pod}, {"Nodes", nullptr}, {"NodeNames", names}}.dump();
    write_file(dump_dir + "/pod.json", pod.dump());
    write_file(dump_dir + "/pod-plain.json", plain_pod.dump());
    write_file(dump_dir + "/nodes.json", node_list.dump());
    write_file(dump_dir + "/filter-reply.json", post(extender, "/filter", names_body));
    write_file(dump_dir + "/prioritize-reply.json", post(extender, "/prioritize", names_body));
    write_file(dump_dir + "/prioritize-reply-plain.json", post(extender, "/prioritize", plain_body));
    Json items = Json::array();
    const std::vector<std::tuple<std::string, std::string, std::string>> kinds = {
        {testing::paths::nodes(), "Node", "v1"},
        {"/api/v1/persistentvolumeclaims", "PersistentVolumeClaim", "v1"},
        {"/apis/data.fluid.io/v1alpha1/datasets", "Dataset", testing::paths::kFluidGroupVersion},
        {"/apis/data.fluid.io/v1alpha1/alluxioruntimes", "AlluxioRuntime", testing::paths::kFluidGroupVersion}};
    for (const auto& [path, kind, api_version] : kinds) {
      for (auto item : admin.list_items(path)) {
        item["kind"] = kind;
        item["apiVersion"] = api_version;
        items.push_back(std::move(item));
      }
    }
    write_file(dump_dir + "/cluster.json", Json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}}.dump());
    std::printf("  request bodies, replies and the cluster (cluster.json) written to %s\n", dump_dir.c_str());
  }
  std::fflush(stdout);
}

// ------------------------------------------------------------------------------------------------------------
// Phases

struct PhaseResult {
  int index = 0;
  char kind = 'a';
  int pods = 0;
  int bound = 0;
  bool complete = false;
  double create_s = 0;
  double bound_s = 0;
  double pods_per_s = 0;
  double filter_calls = 0;
  double prioritize_calls = 0;
  double extender_errors = 0;  // non-200 answers
  Histogram filter;
  Histogram prioritize;
  double dataset_pods = 0;
  double dataset_pods_on_cache = 0;
  double dataset_pods_in_cache_zone = 0;
  double plain_pods = 0;
  double plain_pods_on_cache = 0;
  std::map<std::string, Histogram> scheduler;  // per-pod histograms of the scheduler's own metrics
  double attempts_scheduled = 0;
  double attempts_other = 0;
  std::map<std::string, double> cpu_s;  // by process
  double machine_busy_share = 0;        // of all cores, over the timed window
  double machine_busy_s = 0;            // CPU seconds of every process on the machine, over the timed window
  double others_cores = 0;              // cores used by processes outside this run, over the timed window
  double quiet_waited_s = 0;            // waited for a quiet machine before the window
};

double ours(const CpuSample& s) {
  double sum = 0;
  for (const auto& [name, seconds] : s.seconds) {
    sum += seconds;
  }
  return sum;
}

// Waits until processes outside this run use less than `cores` (measured over 1 s), at most `max_wait_s`.
double wait_for_quiet(double cores, int max_wait_s) {
  const auto t0 = Clock::now();
  while (true) {
    const auto s1 = sample_cpu();
    std::this_thread::sleep_for(milliseconds(1000));
    const auto s2 = sample_cpu();
    const double wall = s2.machine_total - s1.machine_total;
    const double n_cpus = static_cast<double>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
    const double others = ((s2.machine_busy - s1.machine_busy) - (ours(s2) - ours(s1))) / (wall / n_cpus);
    if (others < cores || seconds_since(t0) >= max_wait_s) {
      return seconds_since(t0) - 1;
    }
  }
}

const char* describe(char kind) {
  switch (kind) {
    case 'a':
      return "no extender";
    case 'b':
      return "extender, nodeCacheCapable: true";
    case 'c':
      return "extender, nodeCacheCapable: false";
    case 'd':
      return "extender, prioritize only";
    default:
      return "?";
  }
}

std::map<std::string, Histogram> scheduler_histograms(const std::string& text) {
  std::map<std::string, Histogram> out;
  out["e2e scheduling"] = read_histogram(text, "scheduler_e2e_scheduling_duration_seconds", {});
  out["algorithm"] = read_histogram(text, "scheduler_scheduling_algorithm_duration_seconds", {});
  out["pod scheduling (queue to bound)"] = read_histogram(text, "scheduler_pod_scheduling_duration_seconds", {});
  for (const char* point :
       {"PreFilter", "Filter", "PreScore", "Score", "Reserve", "Permit", "PreBind", "Bind", "PostBind"}) {
    out[std::string("ext point ") + point] =
        read_histogram(text, "scheduler_framework_extension_point_duration_seconds", {{"extension_point", point}});
  }
  return out;
}

// 3 regions (i % 3) x 9 zones in each ((i / 3) % 9): 27 zones, as the node labels say.
std::string zone_of(int node) { return std::to_string(node % 3) + "/" + std::to_string((node / 3) % 9); }

PhaseResult run_phase(int index, char kind, const Flags& f, const ClusterLayout& layout, ControlPlane& cp,
                      std::vector<std::unique_ptr<KubeApi>>& apis, const std::string& extender_url,
                      net::HttpClient& extender_http) {
  PhaseResult r;
  r.index = index;
  r.kind = kind;
  r.pods = f.pods;
  testing::SchedulerOptions options;
  options.percentage_of_nodes_to_score = f.percentage;
  if (f.scheduler_qps > 0) {
    options.client_qps = f.scheduler_qps;
    options.client_burst = f.scheduler_burst;
  }
  if (kind != 'a') {
    testing::ExtenderConfig e;
    e.url_prefix = extender_url;
    e.weight = f.weight;
    e.node_cache_capable = kind != 'c';
    if (kind == 'd') {
      e.filter_verb.clear();
    }
    e.ignorable = true;
    options.extenders.push_back(e);
  }
  cp.start_scheduler(options);
  auto scheduler_http = plain_client(cp.scheduler_url());
  auto& admin = cp.admin();
  const auto token = cp.token_for("admin");
  const std::string phase = "p" + std::to_string(index);

  auto pod_for = [&](const std::string& name, int i, const std::string& phase_label) {
    testing::PodOptions p{.ns = kNamespace, .name = name};
    p.labels[kPhaseLabel] = phase_label;
    p.cpu = "10m";
    p.memory = "16Mi";
    if (i % 2 == 0) {
      const auto ds = dataset_name((i / 2) % f.datasets);
      p.pvcs = {ds};
      p.labels[kDatasetLabel] = ds;
    }
    return testing::pod_object(p);
  };
  auto create_all = [&](int count, const std::string& phase_label) {
    parallel_for(apis, count, [&](KubeApi& api, int i) {
      const auto response = api.send_json("POST", testing::paths::pods(kNamespace),
                                          pod_for(phase_label + "-" + std::to_string(i), i, phase_label));
      if (!response.ok()) {
        throw E2eError("create pod: HTTP " + std::to_string(response.status) + ": " + response.message());
      }
    });
  };

  // Warm-up: the scheduler has synced its informers and (b, c) reached the extender once it binds these.
  const std::string warm = phase + "-warmup";
  create_all(f.warmup, warm);
  const auto warm_result = wait_all_bound(cp, token, std::string(kPhaseLabel) + "%3D" + warm, f.warmup,
                                          Clock::now() + std::chrono::seconds(120));
  if (!warm_result.complete) {
    throw E2eError("warm-up pods of phase " + phase + " not bound after 120 s (" + std::to_string(warm_result.bound) +
                   "/" + std::to_string(f.warmup) + ")\n" + cp.log_tails(30));
  }

  r.quiet_waited_s = wait_for_quiet(f.quiet_cores, f.quiet_wait);
  const auto ext_before = http_get(extender_http, "/metrics");
  const auto sched_before = http_get(*scheduler_http, "/metrics");
  const auto cpu_before = sample_cpu();

  // The watch is established before the first create, so its time is not part of the window.
  const std::string selector = std::string(kPhaseLabel) + "%3D" + phase;
  std::mutex m;
  std::condition_variable cv;
  bool watching = false;
  BoundWatch watched;
  std::exception_ptr watch_error;
  const auto deadline = Clock::now() + std::chrono::seconds(f.phase_timeout);
  std::thread watcher([&] {
    try {
      watched = wait_all_bound(cp, token, selector, f.pods, deadline, [&] {
        const std::lock_guard lock(m);
        watching = true;
        cv.notify_all();
      });
    } catch (...) {
      watch_error = std::current_exception();
      const std::lock_guard lock(m);
      watching = true;
      cv.notify_all();
    }
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return watching; });
  }
  std::this_thread::sleep_for(milliseconds(100));  // the watch request is on the wire
  const auto t0 = Clock::now();
  create_all(f.pods, phase);
  r.create_s = seconds_since(t0);
  watcher.join();
  if (watch_error) {
    std::rethrow_exception(watch_error);
  }
  r.complete = watched.complete;
  r.bound = watched.bound;
  r.bound_s = watched.complete ? std::chrono::duration<double>(watched.done_at - t0).count() : seconds_since(t0);
  r.pods_per_s = r.bound / r.bound_s;
  const auto cpu_after = sample_cpu();
  // Binding is asynchronous in the scheduler; give its metrics a moment to count the last pods.
  std::this_thread::sleep_for(milliseconds(300));
  const auto ext_after = http_get(extender_http, "/metrics");
  const auto sched_after = http_get(*scheduler_http, "/metrics");

  const std::string requests = "cachepilot_extender_requests_total";
  r.filter_calls = read_counter(ext_after, requests, {{"verb", "filter"}}) -
                   read_counter(ext_before, requests, {{"verb", "filter"}});
  r.prioritize_calls = read_counter(ext_after, requests, {{"verb", "prioritize"}}) -
                       read_counter(ext_before, requests, {{"verb", "prioritize"}});
  for (const char* verb : {"filter", "prioritize"}) {
    r.extender_errors += (read_counter(ext_after, requests, {{"verb", verb}}) -
                          read_counter(ext_after, requests, {{"verb", verb}, {"code", "200"}})) -
                         (read_counter(ext_before, requests, {{"verb", verb}}) -
                          read_counter(ext_before, requests, {{"verb", verb}, {"code", "200"}}));
  }
  const std::string duration = "cachepilot_extender_request_duration_seconds";
  r.filter = read_histogram(ext_after, duration, {{"verb", "filter"}}) -
             read_histogram(ext_before, duration, {{"verb", "filter"}});
  r.prioritize = read_histogram(ext_after, duration, {{"verb", "prioritize"}}) -
                 read_histogram(ext_before, duration, {{"verb", "prioritize"}});
  const auto sb = scheduler_histograms(sched_before);
  for (const auto& [name, h] : scheduler_histograms(sched_after)) {
    r.scheduler[name] = h - sb.at(name);
  }
  const std::string attempts = "scheduler_schedule_attempts_total";
  r.attempts_scheduled = read_counter(sched_after, attempts, {{"result", "scheduled"}}) -
                         read_counter(sched_before, attempts, {{"result", "scheduled"}});
  r.attempts_other =
      read_counter(sched_after, attempts, {}) - read_counter(sched_before, attempts, {}) - r.attempts_scheduled;
  for (const auto& [name, s] : cpu_after.seconds) {
    auto it = cpu_before.seconds.find(name);
    r.cpu_s[name] = s - (it == cpu_before.seconds.end() ? 0 : it->second);
  }
  const double total = cpu_after.machine_total - cpu_before.machine_total;
  r.machine_busy_s = cpu_after.machine_busy - cpu_before.machine_busy;
  r.machine_busy_share = total > 0 ? r.machine_busy_s / total : 0;
  r.others_cores = std::max(0.0, r.machine_busy_s - (ours(cpu_after) - ours(cpu_before))) / r.bound_s;

  // Locality: where did the dataset pods and the plain pods go?
  std::map<std::string, int> node_index;
  for (int i = 0; i < f.nodes; ++i) {
    node_index[node_name(i)] = i;
  }
  for (const auto& pod : admin.list_items(testing::paths::pods(kNamespace), std::string(kPhaseLabel) + "=" + phase)) {
    const auto node = pod["spec"].value("nodeName", "");
    if (node.empty()) {
      continue;
    }
    const auto& labels = pod["metadata"]["labels"];
    if (labels.contains(kDatasetLabel)) {
      const auto ds = labels[kDatasetLabel].get<std::string>();
      const int d = std::stoi(ds.substr(3));
      r.dataset_pods += 1;
      const auto& cache = layout.cache_node_names[static_cast<std::size_t>(d)];
      if (cache.count(node) != 0) {
        r.dataset_pods_on_cache += 1;
      }
      const auto zone = zone_of(node_index.at(node));
      if (std::any_of(cache.begin(), cache.end(),
                      [&](const std::string& c) { return zone_of(node_index.at(c)) == zone; })) {
        r.dataset_pods_in_cache_zone += 1;
      }
    } else {
      r.plain_pods += 1;
      if (layout.any_cache_node.count(node) != 0) {
        r.plain_pods_on_cache += 1;
      }
    }
  }

  delete_pods(admin, selector);
  delete_pods(admin, std::string(kPhaseLabel) + "%3D" + warm);
  return r;
}

// ------------------------------------------------------------------------------------------------------------
// Report

double mean_of(const std::vector<PhaseResult>& results, char kind) {
  double sum = 0;
  int n = 0;
  for (const auto& r : results) {
    if (r.kind == kind) {
      sum += r.pods_per_s;
      ++n;
    }
  }
  return n > 0 ? sum / n : 0;
}

void print_report(const Flags& f, const std::vector<PhaseResult>& results) {
  std::printf("\n== throughput (%d pods per phase: %d mounting a dataset PVC, %d plain) ==\n", f.pods, (f.pods + 1) / 2,
              f.pods / 2);
  std::printf("%-5s %-34s %8s %9s %8s %7s %7s %13s %13s %9s %9s %9s\n", "phase", "scheduler configuration", "create s",
              "all bound", "pods/s", "filter", "prio", "filter ms", "prio ms", "ds local", "ds zone", "plain off");
  std::printf("%-5s %-34s %8s %9s %8s %7s %7s %13s %13s %9s %9s %9s\n", "", "", "", "s", "", "calls", "calls",
              "mean/p99", "mean/p99", "on cache", "", "cache");
  for (const auto& r : results) {
    char filter_ms[32] = "-";
    char prio_ms[32] = "-";
    if (r.filter.count > 0) {
      std::snprintf(filter_ms, sizeof filter_ms, "%.2f/%.2f", r.filter.mean_ms(), r.filter.quantile_ms(0.99));
    }
    if (r.prioritize.count > 0) {
      std::snprintf(prio_ms, sizeof prio_ms, "%.2f/%.2f", r.prioritize.mean_ms(), r.prioritize.quantile_ms(0.99));
    }
    std::printf("%-5s %-34s %8.2f %9.2f %8.1f %7.0f %7.0f %13s %13s %8.1f%% %8.1f%% %8.1f%%%s\n",
                (std::to_string(r.index) + r.kind).c_str(), describe(r.kind), r.create_s, r.bound_s, r.pods_per_s,
                r.filter_calls, r.prioritize_calls, filter_ms, prio_ms,
                r.dataset_pods > 0 ? 100 * r.dataset_pods_on_cache / r.dataset_pods : 0,
                r.dataset_pods > 0 ? 100 * r.dataset_pods_in_cache_zone / r.dataset_pods : 0,
                r.plain_pods > 0 ? 100 * (r.plain_pods - r.plain_pods_on_cache) / r.plain_pods : 0,
                r.complete ? "" : "  (TIMED OUT: pods/s over the bound ones)");
  }
  const double a = mean_of(results, 'a');
  std::printf("\nmean pods/s: (a) %s %.1f\n", describe('a'), a);
  for (const char kind : {'b', 'c', 'd'}) {
    const double x = mean_of(results, kind);
    if (x <= 0 || a <= 0) {
      continue;
    }
    std::printf("(%c) %s: mean %.1f pods/s = %.1f%% of (a)%s\n", kind, describe(kind), x, 100 * x / a,
                kind == 'b' ? "   (goal >= 90%)" : "");
    // Against the neighbouring (a) phases (the one before and the one after, where they exist): drift and
    // bursts of other load cancel best between neighbours.
    std::vector<double> all;
    std::vector<double> quiet;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i].kind != kind) {
        continue;
      }
      std::vector<const PhaseResult*> refs;
      for (std::size_t j = i; j-- > 0;) {
        if (results[j].kind == 'a') {
          refs.push_back(&results[j]);
          break;
        }
      }
      for (std::size_t j = i + 1; j < results.size(); ++j) {
        if (results[j].kind == 'a') {
          refs.push_back(&results[j]);
          break;
        }
      }
      if (refs.empty()) {
        continue;
      }
      double ref = 0;
      bool undisturbed = results[i].others_cores < f.quiet_cores;
      std::string names;
      for (const auto* r : refs) {
        ref += r->pods_per_s / static_cast<double>(refs.size());
        undisturbed = undisturbed && r->others_cores < f.quiet_cores;
        if (!names.empty()) {
          names += '+';
        }
        names += std::to_string(r->index);
        names += 'a';
      }
      const double ratio = 100 * results[i].pods_per_s / ref;
      all.push_back(ratio);
      if (undisturbed) {
        quiet.push_back(ratio);
      }
      std::printf("    %d%c / mean(%s) = %5.1f%%%s\n", results[i].index, kind, names.c_str(), ratio,
                  undisturbed ? "" : "  (disturbed: other processes used >= --quiet-cores)");
    }
    if (!all.empty()) {
      std::printf("    median of these: %.1f%% over %zu phases", percentile_ms(all, 0.5), all.size());
      if (!quiet.empty()) {
        std::printf("; undisturbed only: median %.1f%% over %zu", percentile_ms(quiet, 0.5), quiet.size());
      }
      std::printf("\n");
    }
  }
  std::printf("\n== where the time goes: kube-scheduler's own histograms, mean ms per observation (count) ==\n");
  std::printf("%-34s", "");
  for (const auto& r : results) {
    std::printf(" %16s", (std::to_string(r.index) + r.kind).c_str());
  }
  std::printf("\n");
  if (!results.empty()) {
    for (const auto& [name, h] : results.front().scheduler) {
      std::printf("%-34s", name.c_str());
      for (const auto& r : results) {
        const auto& x = r.scheduler.at(name);
        char cell[40];
        std::snprintf(cell, sizeof cell, "%.2f (%.0f)", x.mean_ms(), x.count);
        std::printf(" %16s", x.count > 0 ? cell : "-");
      }
      std::printf("\n");
    }
  }
  std::printf("%-34s", "algorithm - plugin ext points");
  for (const auto& r : results) {
    const auto& s = r.scheduler;
    const double outside = s.at("algorithm").mean_ms() - s.at("ext point PreFilter").mean_ms() -
                           s.at("ext point Filter").mean_ms() - s.at("ext point PreScore").mean_ms() -
                           s.at("ext point Score").mean_ms();
    std::printf(" %16.2f", outside);
  }
  std::printf("\n%-34s", "extender filter+prioritize (served)");
  for (const auto& r : results) {
    const double n = std::max(r.filter.count, r.prioritize.count);
    char cell[40];
    std::snprintf(cell, sizeof cell, "%.2f", n > 0 ? 1000 * (r.filter.sum + r.prioritize.sum) / n : 0.0);
    std::printf(" %16s", n > 0 ? cell : "-");
  }
  std::printf("\n%-34s", "schedule attempts: scheduled/other");
  for (const auto& r : results) {
    char cell[40];
    std::snprintf(cell, sizeof cell, "%.0f/%.0f", r.attempts_scheduled, r.attempts_other);
    std::printf(" %16s", cell);
  }
  std::printf("\n%-34s", "extender non-200 answers");
  for (const auto& r : results) {
    std::printf(" %16.0f", r.extender_errors);
  }

  std::printf("\n\n== CPU seconds during the timed window (2 cores shared by everything) ==\n%-34s", "");
  for (const auto& r : results) {
    std::printf(" %16s", (std::to_string(r.index) + r.kind).c_str());
  }
  std::printf("\n");
  std::set<std::string> names;
  for (const auto& r : results) {
    for (const auto& [name, s] : r.cpu_s) {
      names.insert(name);
    }
  }
  for (const auto& name : names) {
    std::printf("%-34s", name.c_str());
    for (const auto& r : results) {
      auto it = r.cpu_s.find(name);
      std::printf(" %16.2f", it == r.cpu_s.end() ? 0.0 : it->second);
    }
    std::printf("\n");
  }
  std::printf("%-34s", "other processes on the machine");
  for (const auto& r : results) {
    std::printf(" %16.2f", r.others_cores * r.bound_s);
  }
  std::printf("\n%-34s", "  = cores used by others");
  for (const auto& r : results) {
    std::printf(" %16.2f", r.others_cores);
  }
  std::printf("\n%-34s", "  waited for quiet before, s");
  for (const auto& r : results) {
    std::printf(" %16.0f", r.quiet_waited_s);
  }
  std::printf("\n%-34s", "machine busy (all cores)");
  for (const auto& r : results) {
    std::printf(" %15.0f%%", 100 * r.machine_busy_share);
  }
  std::printf("\n%-34s", "CPU ms per pod, this run's procs");
  for (const auto& r : results) {
    double sum = 0;
    for (const auto& [name, s] : r.cpu_s) {
      sum += s;
    }
    std::printf(" %16.1f", r.bound > 0 ? 1000 * sum / r.bound : 0.0);
  }
  std::printf("\n%-34s", "kube-scheduler CPU ms per pod");
  for (const auto& r : results) {
    auto it = r.cpu_s.find("kube-scheduler");
    std::printf(" %16.1f", r.bound > 0 && it != r.cpu_s.end() ? 1000 * it->second / r.bound : 0.0);
  }
  std::printf("\n");
}

int run(int argc, char** argv) {
  const auto flags = parse_flags(argc, argv);
  std::vector<char> phases;
  for (const char c : flags.phases) {
    if (c == 'a' || c == 'b' || c == 'c' || c == 'd') {
      phases.push_back(c);
    } else if (c != ',') {
      throw std::invalid_argument("--phases takes a comma-separated list of a, b, c and d");
    }
  }
  const auto layout = make_layout(flags);
  std::printf(
      "scheduler_throughput_bench: %d nodes (3 regions x 9 zones), %d datasets on 3 cache nodes each, %d pods "
      "per phase, phases %s\n",
      flags.nodes, flags.datasets, flags.pods, flags.phases.c_str());
  std::printf("kube-scheduler: percentageOfNodesToScore %d, client %s; extender weight %d, ignorable, httpTimeout 5s\n",
              flags.percentage,
              flags.scheduler_qps > 0 ? ("qps " + std::to_string(static_cast<int>(flags.scheduler_qps)) + " burst " +
                                         std::to_string(flags.scheduler_burst))
                                            .c_str()
                                      : "qps/burst at kube-scheduler's defaults (1.20: 50/100)",
              flags.weight);
  std::fflush(stdout);

  const auto t0 = Clock::now();
  auto cp = ControlPlane::start({.runtime_kinds = {testing::RuntimeKind::kAlluxio}});
  std::printf("control plane up in %.1f s (%s), files in %s\n", seconds_since(t0), cp->startup_phases().c_str(),
              cp->dir().c_str());
  try {
    std::vector<std::unique_ptr<KubeApi>> apis;
    for (int i = 0; i < flags.creators; ++i) {
      apis.push_back(std::make_unique<KubeApi>(cp->api_url(), cp->ca_pem(), cp->token_for("admin"), "admin"));
    }
    std::printf("creating the cluster with %d parallel clients\n", flags.creators);
    std::fflush(stdout);
    populate(flags, layout, apis);

    // A free loopback port for the extender (bound, then released; the extender takes it at once).
    const auto free_port = free_loopback_port();
    if (!free_port.ok()) {
      throw E2eError("no loopback port for the extender: " + free_port.error().message);
    }
    const int extender_port = *free_port;
    const auto extender_url = "http://127.0.0.1:" + std::to_string(extender_port);
    const auto t1 = Clock::now();
    auto& extender =
        cp->spawn("extender", {flags.extender, "extender", "--kubeconfig", cp->kubeconfig_for("cachepilot-extender"),
                               "--listen", "127.0.0.1:" + std::to_string(extender_port), "--runtime-kinds",
                               "AlluxioRuntime", "--log-level", "warn"});
    auto extender_http = plain_client(extender_url);
    const auto ready_deadline = Clock::now() + std::chrono::seconds(60);
    while (true) {
      unsigned status = 0;
      (void)http_get(*extender_http, "/readyz", &status);
      if (status == 200) {
        const auto metrics = http_get(*extender_http, "/metrics");
        const auto nodes = testing::metric_value(metrics, "cachepilot_snapshot_nodes").value_or(0);
        const auto datasets = testing::metric_value(metrics, "cachepilot_snapshot_datasets").value_or(0);
        if (static_cast<int>(nodes) == flags.nodes && static_cast<int>(datasets) == flags.datasets) {
          break;
        }
      }
      if (!extender.running() || Clock::now() > ready_deadline) {
        throw E2eError("the extender is not ready with the whole cluster after 60 s: " + extender.describe_exit());
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
    std::printf("extender ready in %.1f s with %d nodes and %d datasets (%s, pid %d)\n", seconds_since(t1), flags.nodes,
                flags.datasets, extender_url.c_str(), extender.pid());
    std::fflush(stdout);

    probe_extender(*extender_http, cp->admin(), flags.nodes, flags.dump_bodies);

    std::vector<PhaseResult> results;
    for (std::size_t i = 0; i < phases.size(); ++i) {
      const auto t2 = Clock::now();
      results.push_back(
          run_phase(static_cast<int>(i + 1), phases[i], flags, layout, *cp, apis, extender_url, *extender_http));
      const auto& r = results.back();
      std::printf(
          "phase %zu%c (%s): %d/%d pods bound in %.2f s -> %.1f pods/s (created in %.2f s; phase took %.0f s)\n", i + 1,
          r.kind, describe(r.kind), r.bound, r.pods, r.bound_s, r.pods_per_s, r.create_s, seconds_since(t2));
      std::fflush(stdout);
    }
    cp->stop_scheduler();
    if (!extender.running()) {
      throw E2eError("the extender died during the run: " + extender.describe_exit());
    }
    print_report(flags, results);
    std::printf("\ntotal %.0f s\n", seconds_since(t0));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n%s", e.what(), cp->log_tails(30).c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace cachepilot::bench

int main(int argc, char** argv) {
  try {
    return cachepilot::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
