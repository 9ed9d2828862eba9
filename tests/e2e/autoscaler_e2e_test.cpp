// End to end: the real `cachepilot autoscaler` (a child process) against a real kube-apiserver 1.20
// (tests/support/control_plane.hpp) and a real Prometheus (tests/support/prometheus_server.hpp), all on
// 127.0.0.1. The demand is a counter this test process serves itself (fuse_read_bytes_total{namespace,dataset},
// advanced smoothly at a rate the test sets); Prometheus scrapes it every second, and each CacheAutoscaler's
// demandQuery is sum(rate(...[5s])) of it. The scenarios:
//
//   PredictiveScaleUpStaysWithinBounds      demand 250 MB/s then 2 GB/s: /scale rises to >= 3, then to 4 and
//                                           never above maxReplicas; ScalingLimited=True TooManyReplicas;
//                                           desiredReplicas, observedDemand, a ScaledUp Event; query_range answered
//   DryRunWritesOnlyStatus                  desiredReplicas > current while spec.replicas stays 1;
//                                           ScalingActive=False DryRun; a DryRunWouldScale Event; no /scale write
//   InvalidSpecsAreRefusedOrReported        schema violations get 422; min > max and workerThroughput "0" are
//                                           admitted, reported Ready=False InvalidSpec naming the field, with a
//                                           Warning Event, and nothing is scaled
//   PrometheusDownHoldsReplicas             Prometheus killed, demand dropped to 0: MetricsAvailable=False
//                                           PrometheusUnreachable, replicas never decrease, query errors counted;
//                                           Prometheus back: the same demand scales down (the control)
//   GarbageAnswersHoldReplicas              several series, a string, bad PromQL: MetricsAvailable=False
//                                           (QueryFailed, MalformedAnswer), no scale-down; a good query beside
//                                           them scales down (the control)
//   LeaderElectionHandsOverToTheSurvivor    two replicas, one Lease: exactly one leads and only it writes;
//                                           SIGKILL it: the other leads within the lease duration (measured),
//                                           back-fills history and follows a new demand change
//   ApiserverRestartKeepsReconciling        after a kube-apiserver restart (SIGKILL) the objects and their
//                                           status are intact and a demand change still reaches /scale and status
//   HistoryBackfillInformsTheFirstDecision  started after a burst Prometheus recorded: the first decision
//                                           (DryRun) already provisions for it although demand is now 0
//   AConfiguredReadAsksForThePodsDue...     spec.podReadSeconds: six pods waiting to read are asked for before they
//                                           read, with no read shown yet (lastScaleReason: the pods due)
//
// Under ctest every TEST runs in a process of its own (its own control plane and Prometheus); run directly,
// the tests share one control plane and one Prometheus, and each uses a namespace of its own. Waits are bounded
// polls; nothing sleeps a fixed time to synchronise. Timings go to stderr (the leader handover time included).
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/quantity.hpp"
#include "controller/target.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "tests/support/control_plane.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/served_handler.hpp"

namespace cachepilot::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kBinary = CACHEPILOT_BINARY;
const std::string kSourceDir = CACHEPILOT_SOURCE_DIR;
const std::string kCasCrd = kSourceDir + "/deploy/autoscaler/crd-cacheautoscaler.yaml";
constexpr double kMB = 1e6;
constexpr const char* kDemandQuery =
    R"(sum(rate(fuse_read_bytes_total{namespace="{{namespace}}",dataset="{{dataset}}"}[5s])))";

// ------------------------------------------------------------------------------------------------------------
// Bounded polling and timing (poll_until, ms_since, report_timing: tests/support/control_plane.hpp)

constexpr milliseconds kPollInterval{200};  // poll_until's interval here (its default is 100 ms)

void report_timing(const std::string& what, long long ms) { testing::report_timing("autoscaler-e2e", what, ms); }

// ------------------------------------------------------------------------------------------------------------
// The demand exporter: fuse_read_bytes_total{namespace,dataset} counters served on /metrics. Each counter's
// value is the integral of its current rate over wall time, so it rises smoothly whenever Prometheus scrapes.

class DemandExporter {
 public:
  DemandExporter() : server_([this](net::HttpRequest& req, net::HttpResponse& res) { serve(req, res); }) {
    if (server_.port() == 0) {
      throw E2eError("demand exporter: no loopback port to listen on");
    }
  }
  DemandExporter(const DemandExporter&) = delete;
  DemandExporter& operator=(const DemandExporter&) = delete;

  [[nodiscard]] std::string target() const { return "127.0.0.1:" + std::to_string(server_.port()); }

  // Sets the read rate of ns/dataset (creating its counter at 0); bytes per second from now on.
  void set_rate(const std::string& ns, const std::string& dataset, double bytes_per_second) {
    const std::lock_guard lock(mutex_);
    auto& c = counters_[{ns, dataset}];
    const auto now = Clock::now();
    c.base = value_at(c, now);
    c.since = now;
    c.rate = bytes_per_second;
  }

 private:
  struct Counter {
    double base = 0;
    Clock::time_point since = Clock::now();
    double rate = 0;
  };
  static double value_at(const Counter& c, Clock::time_point now) {
    return c.base + c.rate * std::chrono::duration<double>(now - c.since).count();
  }

  void serve(net::HttpRequest& req, net::HttpResponse& res) {
    if (req.target != "/metrics") {
      res.status = 404;
      res.body = "not found\n";
      return;
    }
    std::string body =
        "# HELP fuse_read_bytes_total Bytes read through the dataset's FUSE clients.\n"
        "# TYPE fuse_read_bytes_total counter\n";
    const std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (const auto& [key, c] : counters_) {
      char value[64];
      (void)std::snprintf(value, sizeof value, "%.3f", value_at(c, now));
      body += "fuse_read_bytes_total{namespace=\"" + key.first + "\",dataset=\"" + key.second + "\"} " + value + "\n";
    }
    res.content_type = "text/plain; version=0.0.4";
    res.body = std::move(body);
  }

  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Counter> counters_;
  ServedHandler server_;  // declared last, destroyed first: its thread stops serving before the counters go
};

// ------------------------------------------------------------------------------------------------------------
// The autoscaler binary under the fixture (log in <control-plane dir>/<name>.log, killed at teardown).

class AutoscalerProcess {
 public:
  AutoscalerProcess(ControlPlane& cp, const std::string& name, const std::string& prometheus_url,
                    const std::vector<std::string>& extra_args) {
    std::vector<std::string> argv = {kBinary,        "autoscaler",
                                     "--kubeconfig", cp.kubeconfig_for("admin"),
                                     "--prometheus", prometheus_url,
                                     "--listen",     "127.0.0.1:0",
                                     "--interval",   "1",
                                     "--log-level",  "info"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    const auto started = Clock::now();
    process_ = &cp.spawn(name, argv);
    if (!process_->wait_for_log("serving metrics on", seconds(30))) {
      throw E2eError("the autoscaler did not start serving: " + process_->describe_exit() + "\n" +
                     process_->log_text());
    }
    static const std::regex kServing(R"(serving metrics on 127\.0\.0\.1:(\d+))");
    std::smatch m;
    const auto log = process_->log_text();
    if (!std::regex_search(log, m, kServing)) {
      throw E2eError("no port in the autoscaler's log:\n" + log);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
    net::ClientOptions client;
    client.base_url = "http://127.0.0.1:" + std::to_string(port_);
    client.timeout = seconds(5);
    client.user_agent = "cachepilot-autoscaler-e2e";
    auto made = net::make_http_client(client);
    if (!made.ok()) {
      throw E2eError("HTTP client for the autoscaler: " + made.error().message);
    }
    client_ = std::move(made).value();
    if (!poll_until([&] { return get_status("/readyz") == 200; }, seconds(30), kPollInterval)) {
      throw E2eError("the autoscaler did not turn ready (watches synced) within 30 s: " + process_->describe_exit() +
                     "\n" + process_->log_text());
    }
    report_timing(name + " ready", ms_since(started));
  }

  [[nodiscard]] ManagedProcess& process() { return *process_; }

  unsigned get_status(const std::string& path) { return testing::get_status(*client_, path); }

  std::string metrics() {
    net::ClientRequest request;
    request.path_and_query = "/metrics";
    auto response = client_->send(request);
    if (!response.ok() || response->status != 200) {
      throw E2eError("GET /metrics of " + process_->name() + ": " +
                     (response.ok() ? std::to_string(response->status) : response.error().message));
    }
    return response->body;
  }

  // One sample; 0 when the series does not exist (a counter never incremented).
  double metric(const std::string& name, const MetricLabels& labels = {}) {
    return metric_value(metrics(), name, labels).value_or(0);
  }
  double metric_total(const std::string& name) { return metric_sum(metrics(), name); }
  // Decision cycles completed (the cycle histogram's count).
  double cycles() { return metric("cachepilot_autoscaler_cycle_duration_seconds_count"); }
  bool leads() { return metric("cachepilot_autoscaler_is_leader") == 1; }

  // Waits until `n` more cycles than now have completed.
  void wait_cycles(int n, milliseconds timeout = seconds(30)) {
    const double from = cycles();
    if (!poll_until([&] { return cycles() >= from + n; }, timeout, kPollInterval)) {
      throw E2eError(process_->name() + " completed fewer than " + std::to_string(n) + " cycles in " +
                     std::to_string(timeout.count()) + " ms");
    }
  }

 private:
  ManagedProcess* process_ = nullptr;
  std::uint16_t port_ = 0;
  std::unique_ptr<net::HttpClient> client_;
};

// ------------------------------------------------------------------------------------------------------------
// CacheAutoscaler objects

std::string cas_collection(const std::string& ns) {
  return "/apis/cachepilot.io/v1alpha1/namespaces/" + ns + "/cacheautoscalers";
}
std::string cas_path(const std::string& ns, const std::string& name) { return cas_collection(ns) + "/" + name; }

// A CacheAutoscaler for AlluxioRuntime `target`: min 1, max 4, 100 MB/s per worker at full utilisation,
// leadTime 10 s, Predictive, the exporter's demand; `overrides` is merged into the spec (no "" anywhere: this
// apiserver refuses empty strings in custom resources).
Json cas_object(const std::string& ns, const std::string& name, const std::string& target,
                const Json& overrides = Json::object()) {
  Json spec = {{"targetRef", {{"apiVersion", "data.fluid.io/v1alpha1"}, {"kind", "AlluxioRuntime"}, {"name", target}}},
               {"minReplicas", 1},
               {"maxReplicas", 4},
               {"workerThroughput", "100M"},
               {"targetUtilization", 1},
               {"leadTime", 10},
               {"mode", "Predictive"},
               {"demandQuery", kDemandQuery}};
  spec.merge_patch(overrides);
  return {{"apiVersion", "cachepilot.io/v1alpha1"},
          {"kind", "CacheAutoscaler"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec", spec}};
}

// The condition of `type` in a CacheAutoscaler's status, or null.
Json condition(const Json& cas, const std::string& type) {
  if (!cas.contains("status") || !cas["status"].contains("conditions")) {
    return nullptr;
  }
  for (const auto& c : cas["status"]["conditions"]) {
    if (c.value("type", "") == type) {
      return c;
    }
  }
  return nullptr;
}

bool has_condition(const Json& cas, const std::string& type, const std::string& status, const std::string& reason) {
  const auto c = condition(cas, type);
  return c.is_object() && c.value("status", "") == status && c.value("reason", "") == reason;
}

std::optional<std::int64_t> desired_replicas(const Json& cas) {
  if (cas.contains("status") && cas["status"].contains("desiredReplicas")) {
    return cas["status"]["desiredReplicas"].get<std::int64_t>();
  }
  return std::nullopt;
}

// status.observedDemand (a quantity string or an integer) in bytes/s.
std::optional<double> observed_demand(const Json& cas) {
  if (!cas.contains("status") || !cas["status"].contains("observedDemand")) {
    return std::nullopt;
  }
  const auto& d = cas["status"]["observedDemand"];
  if (d.is_number()) {
    return d.get<double>();
  }
  auto bytes = parse_bytes(d.get<std::string>());
  if (!bytes.ok()) {
    throw E2eError("status.observedDemand " + d.dump() + ": " + bytes.error().message);
  }
  return static_cast<double>(*bytes);
}

std::optional<double> forecast_upper(const Json& cas) {
  if (!cas.contains("status") || !cas["status"].contains("forecast") || !cas["status"]["forecast"].contains("upper")) {
    return std::nullopt;
  }
  const auto& d = cas["status"]["forecast"]["upper"];
  if (d.is_number()) {
    return d.get<double>();
  }
  auto bytes = parse_bytes(d.get<std::string>());
  return bytes.ok() ? std::optional<double>(static_cast<double>(*bytes)) : std::nullopt;
}

// ------------------------------------------------------------------------------------------------------------

class AutoscalerE2e : public ControlPlaneTest {
 public:
  // Prometheus first: its first scrape comes ~5 s after it starts (its discovery manager sends targets at most
  // every 5 s), which then overlaps the control plane's start. Both are shared by the suite's tests when the
  // binary runs them all (each test uses namespaces and datasets of its own).
  static void SetUpTestSuite() {
    suite_error().clear();
    if (!e2e_skip_reason()) {
      try {
        if (auto reason = PrometheusServer::unavailable_reason()) {
          throw E2eError(*reason);
        }
        suite_exporter() = std::make_unique<DemandExporter>();
        suite_prometheus() =
            std::make_unique<PrometheusServer>(PrometheusOptions{.targets = {suite_exporter()->target()}});
      } catch (const std::exception& e) {
        suite_error() = e.what();
      }
    }
    start_shared({.runtime_kinds = {RuntimeKind::kAlluxio}, .extender_rbac = false});
  }
  static void TearDownTestSuite() {
    stop_shared();
    suite_prometheus().reset();
    suite_exporter().reset();
  }

 protected:
  void SetUp() override {
    ControlPlaneTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    if (!suite_prometheus()) {
      FAIL() << "Prometheus or the demand exporter did not start: " << suite_error();
    }
    exporter_ = suite_exporter().get();
    prometheus_ = suite_prometheus().get();
    const auto started = Clock::now();
    prometheus_->start();  // a no-op unless an earlier test of this process left it killed
    prometheus_->wait_for_targets_up();
    cp().install_crd_file(kCasCrd);  // idempotent: the suite shares one control plane when run directly
    report_timing("Prometheus scraping, CRD installed", ms_since(started));
  }

  void TearDown() override {
    if (HasFailure() && prometheus_ != nullptr) {
      std::cerr << "---- last lines of " << prometheus_->log_path() << " ----\n" << prometheus_->log_tail(20);
    }
    ControlPlaneTest::TearDown();  // log tails (the autoscalers' included) before they are stopped
    for (auto* process : autoscalers_) {
      process->kill_now();
    }
    autoscalers_.clear();
    owned_.clear();
  }

  // A namespace with AlluxioRuntimes (replicas as given) and their exported demand (rate 0 to start with).
  void make_runtimes(const std::string& ns, const std::vector<std::pair<std::string, std::int64_t>>& runtimes) {
    api().create_namespace(ns);
    for (const auto& [name, replicas] : runtimes) {
      api().create_runtime({.kind = RuntimeKind::kAlluxio, .ns = ns, .name = name, .replicas = replicas});
      exporter_->set_rate(ns, name, 0);
    }
  }

  // Waits until Prometheus answers the demand query of ns/dataset (scraped at least twice) with a value
  // within [lo, hi] bytes/s.
  void wait_for_demand(const std::string& ns, const std::string& dataset, double lo, double hi,
                       milliseconds timeout = seconds(30)) {
    const auto query = demand_query(ns, dataset);
    std::optional<double> last;
    if (!poll_until(
            [&] {
              last = prometheus_->query_value(query);
              return last && *last >= lo && *last <= hi;
            },
            timeout, kPollInterval)) {
      throw E2eError("Prometheus did not see the demand of " + ns + "/" + dataset + " within [" + std::to_string(lo) +
                     ", " + std::to_string(hi) + "] in " + std::to_string(timeout.count()) + " ms; last " +
                     (last ? std::to_string(*last) : "no series"));
    }
  }

  static std::string demand_query(const std::string& ns, const std::string& dataset) {
    return R"(sum(rate(fuse_read_bytes_total{namespace=")" + ns + R"(",dataset=")" + dataset + R"("}[5s])))";
  }

  AutoscalerProcess& start_autoscaler(const std::string& name, const std::string& ns,
                                      std::vector<std::string> extra_args = {"--leader-elect=false"}) {
    extra_args.insert(extra_args.end(), {"--namespace", ns});
    auto made = std::make_unique<AutoscalerProcess>(cp(), name, prometheus_->url(), extra_args);
    autoscalers_.push_back(&made->process());
    owned_.push_back(std::move(made));
    return *owned_.back();
  }

  Json create_cas(const std::string& ns, const std::string& name, const std::string& target,
                  const Json& overrides = Json::object()) {
    return api().create(cas_collection(ns), cas_object(ns, name, target, overrides));
  }

  Json get_cas(const std::string& ns, const std::string& name) { return api().get(cas_path(ns, name)); }

  Json wait_cas(const std::string& ns, const std::string& name, const std::function<bool(const Json&)>& done,
                const std::string& what, milliseconds timeout = seconds(30)) {
    return api().wait_until(cas_path(ns, name), done, what, timeout);
  }

  // The runtime's spec.replicas through its /scale (what the autoscaler writes); every read is remembered.
  std::int64_t replicas(const std::string& ns, const std::string& name) {
    const auto r = api().get_scale(RuntimeKind::kAlluxio, ns, name)["spec"]["replicas"].get<std::int64_t>();
    auto& seen = seen_.try_emplace(ns + "/" + name, r, r).first->second;
    seen.first = std::min(seen.first, r);
    seen.second = std::max(seen.second, r);
    return r;
  }
  // The fewest and most replicas any read above returned (since the last forget_seen).
  std::pair<std::int64_t, std::int64_t> seen(const std::string& ns, const std::string& name) {
    return seen_.at(ns + "/" + name);
  }
  void forget_seen(const std::string& ns, const std::string& name) { seen_.erase(ns + "/" + name); }

  // Waits until the runtime's replicas satisfy `done`; returns them.
  std::int64_t wait_replicas(const std::string& ns, const std::string& name,
                             const std::function<bool(std::int64_t)>& done, const std::string& what,
                             milliseconds timeout = seconds(30)) {
    std::int64_t last = -1;
    if (!poll_until(
            [&] {
              last = replicas(ns, name);
              return done(last);
            },
            timeout, kPollInterval)) {
      throw E2eError("replicas of " + ns + "/" + name + " never " + what + " within " +
                     std::to_string(timeout.count()) + " ms; last " + std::to_string(last) + "; the CAS says " +
                     api().list_items(cas_collection(ns)).dump());
    }
    return last;
  }

  // What a kubelet writes once a pod's containers run: phase Running, its one container started now.
  // Returns the container's start (Unix seconds) as written.
  double set_running(const std::string& ns, const std::string& pod) {
    const auto wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    api().merge_patch("/api/v1/namespaces/" + ns + "/pods/" + pod + "/status",
                      {{"status",
                        {{"phase", "Running"},
                         {"containerStatuses",
                          {{{"name", "main"},
                            {"image", "registry.invalid/cachepilot-e2e:none"},
                            {"imageID", ""},
                            {"ready", true},
                            {"restartCount", 0},
                            {"state", {{"running", {{"startedAt", controller::rfc3339(wall)}}}}}}}}}}});
    return wall;
  }

  // Events on the CacheAutoscaler ns/name.
  Json events(const std::string& ns, const std::string& name) {
    return api().get("/api/v1/namespaces/" + ns + "/events?fieldSelector=involvedObject.name%3D" + name)["items"];
  }
  bool has_event(const std::string& ns, const std::string& name, const std::string& type, const std::string& reason) {
    for (const auto& e : events(ns, name)) {
      if (e.value("type", "") == type && e.value("reason", "") == reason &&
          e["involvedObject"].value("kind", "") == "CacheAutoscaler") {
        return true;
      }
    }
    return false;
  }

  // Prometheus's own count of answered HTTP API calls of a handler ("/api/v1/query_range").
  double prometheus_requests(const std::string& handler) {
    return metric_value(prometheus_->self_metrics(), "prometheus_http_requests_total",
                        {{"code", "200"}, {"handler", handler}})
        .value_or(0);
  }

  DemandExporter* exporter_ = nullptr;
  PrometheusServer* prometheus_ = nullptr;

 private:
  static std::unique_ptr<DemandExporter>& suite_exporter() {
    static std::unique_ptr<DemandExporter> exporter;
    return exporter;
  }
  static std::unique_ptr<PrometheusServer>& suite_prometheus() {
    static std::unique_ptr<PrometheusServer> prometheus;
    return prometheus;
  }
  static std::string& suite_error() {
    static std::string error;
    return error;
  }

  std::vector<ManagedProcess*> autoscalers_;
  std::vector<std::unique_ptr<AutoscalerProcess>> owned_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> seen_{};
};

// ------------------------------------------------------------------------------------------------------------
// 1. Demand rising: /scale writes within [minReplicas, maxReplicas]

TEST_F(AutoscalerE2e, PredictiveScaleUpStaysWithinBounds) {
  const auto test_started = Clock::now();
  const std::string ns = "scale-up";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  const double range_queries_before = prometheus_requests("/api/v1/query_range");
  create_cas(ns, "ds", "ds");
  auto& autoscaler = start_autoscaler("autoscaler-scale-up", ns);

  // Demand 0: the first status says so and nothing is written (1 replica already is the minimum).
  auto cas = wait_cas(
      ns, "ds", [](const Json& o) { return has_condition(o, "MetricsAvailable", "True", "QuerySucceeded"); },
      "MetricsAvailable=True");
  EXPECT_EQ(desired_replicas(cas), 1) << cas.dump();
  EXPECT_EQ(replicas(ns, "ds"), 1);
  // The history back-fill ran and Prometheus answered it; no query failed.
  EXPECT_GE(prometheus_requests("/api/v1/query_range"), range_queries_before + 1);
  EXPECT_EQ(autoscaler.metric_total("cachepilot_autoscaler_prometheus_query_errors_total"), 0);
  EXPECT_EQ(autoscaler.metric("cachepilot_autoscaler_is_leader"), 1);  // --leader-elect=false acts at once

  // 250 MB/s at 100 MB/s per worker: at least 3 workers, never more than 4.
  auto step = Clock::now();
  exporter_->set_rate(ns, "ds", 250 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r >= 3; }, "reached 3");
  report_timing("250 MB/s to >= 3 replicas", ms_since(step));
  cas = wait_cas(
      ns, "ds", [](const Json& o) { return observed_demand(o).value_or(0) >= 200 * kMB; }, "observedDemand >= 200M");
  EXPECT_GE(desired_replicas(cas).value_or(0), 3) << cas.dump();
  EXPECT_LE(desired_replicas(cas).value_or(99), 4) << cas.dump();
  EXPECT_TRUE(cas["status"].contains("forecast")) << cas.dump();
  EXPECT_TRUE(cas["status"].contains("lastScaleTime")) << cas.dump();
  EXPECT_THAT(cas["status"].value("lastScaleReason", ""), HasSubstr("ScaleUp")) << cas.dump();
  EXPECT_TRUE(has_condition(cas, "Ready", "True", "Active")) << cas.dump();
  EXPECT_TRUE(has_condition(cas, "ScalingActive", "True", "Scaling")) << cas.dump();

  // 2 GB/s needs 20: clamped at maxReplicas 4, and the status says it is limited.
  step = Clock::now();
  exporter_->set_rate(ns, "ds", 2000 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 4; }, "reached 4");
  report_timing("2 GB/s to 4 replicas", ms_since(step));
  cas = wait_cas(
      ns, "ds",
      [&](const Json& o) {
        (void)replicas(ns, "ds");
        return has_condition(o, "ScalingLimited", "True", "TooManyReplicas") &&
               observed_demand(o).value_or(0) >= 1500 * kMB;
      },
      "ScalingLimited=True TooManyReplicas at 2 GB/s");
  EXPECT_EQ(desired_replicas(cas), 4) << cas.dump();
  EXPECT_THAT(condition(cas, "ScalingLimited").value("message", ""), HasSubstr("maxReplicas is 4"));
  // More cycles at 2 GB/s: still 4, never more.
  autoscaler.wait_cycles(2);
  EXPECT_EQ(replicas(ns, "ds"), 4);
  EXPECT_LE(seen(ns, "ds").second, 4) << "replicas exceeded maxReplicas at some poll";

  EXPECT_TRUE(has_event(ns, "ds", "Normal", "ScaledUp")) << events(ns, "ds").dump();
  const std::string exposition = autoscaler.metrics();
  EXPECT_GE(metric_value(exposition, "cachepilot_autoscaler_scale_writes_total",
                         {{"namespace", ns}, {"name", "ds"}, {"result", "ok"}})
                .value_or(0),
            1);
  EXPECT_EQ(metric_value(exposition, "cachepilot_autoscaler_desired_replicas", {{"namespace", ns}, {"name", "ds"}}), 4);
  EXPECT_EQ(metric_value(exposition, "cachepilot_autoscaler_targets"), 1);
  EXPECT_EQ(metric_sum(exposition, "cachepilot_autoscaler_prometheus_query_errors_total"), 0);
  report_timing("PredictiveScaleUpStaysWithinBounds scenario", ms_since(test_started));
}

// ------------------------------------------------------------------------------------------------------------
// 2. DryRun: everything computed and reported, nothing written

TEST_F(AutoscalerE2e, DryRunWritesOnlyStatus) {
  const std::string ns = "dry-run";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "ds", "ds", {{"mode", "DryRun"}});
  auto& autoscaler = start_autoscaler("autoscaler-dry-run", ns);

  exporter_->set_rate(ns, "ds", 250 * kMB);
  auto cas = wait_cas(
      ns, "ds", [](const Json& o) { return desired_replicas(o).value_or(0) > 1; }, "status.desiredReplicas > 1");
  EXPECT_EQ(replicas(ns, "ds"), 1);
  EXPECT_TRUE(has_condition(cas, "ScalingActive", "False", "DryRun")) << cas.dump();
  // The whole demand seen, and some cycles later: still computed, still not written.
  cas = wait_cas(
      ns, "ds",
      [&](const Json& o) {
        (void)replicas(ns, "ds");
        return desired_replicas(o).value_or(0) >= 3 && observed_demand(o).value_or(0) >= 200 * kMB;
      },
      "status.desiredReplicas >= 3 at 250 MB/s");
  autoscaler.wait_cycles(3);
  cas = get_cas(ns, "ds");
  EXPECT_GE(desired_replicas(cas).value_or(0), 3) << cas.dump();
  EXPECT_EQ(replicas(ns, "ds"), 1);
  EXPECT_EQ(seen(ns, "ds").second, 1);
  EXPECT_FALSE(cas["status"].contains("lastScaleTime")) << cas.dump();
  EXPECT_TRUE(has_condition(cas, "ScalingActive", "False", "DryRun")) << cas.dump();
  EXPECT_TRUE(has_event(ns, "ds", "Normal", "DryRunWouldScale")) << events(ns, "ds").dump();
  EXPECT_FALSE(has_event(ns, "ds", "Normal", "ScaledUp")) << events(ns, "ds").dump();
  const std::string exposition = autoscaler.metrics();
  EXPECT_EQ(metric_sum(exposition, "cachepilot_autoscaler_scale_writes_total"), 0);
  EXPECT_GE(metric_value(exposition, "cachepilot_autoscaler_decisions_total",
                         {{"namespace", ns}, {"name", "ds"}, {"reason", "DryRun"}})
                .value_or(0),
            1);
  // DryRun decides on the forecast as Predictive does: each such decision is counted by its model.
  EXPECT_GE(metric_sum(exposition, "cachepilot_autoscaler_forecast_model_decisions_total"), 1) << exposition;
}

// ------------------------------------------------------------------------------------------------------------
// 3. Invalid specs: refused at admission, or admitted and reported without acting

TEST_F(AutoscalerE2e, InvalidSpecsAreRefusedOrReported) {
  const std::string ns = "invalid";
  make_runtimes(ns, {{"ds", 1}, {"zero", 1}});
  // What the schema can say is refused at admission, naming the field.
  {
    auto response = api().send_json("POST", cas_collection(ns), cas_object(ns, "bad-max", "ds", {{"maxReplicas", 0}}));
    EXPECT_EQ(response.status, 422U) << response.body;
    EXPECT_THAT(response.message(), HasSubstr("spec.maxReplicas"));
    response = api().send_json("POST", cas_collection(ns),
                               cas_object(ns, "bad-throughput", "ds", {{"workerThroughput", "abc"}}));
    EXPECT_EQ(response.status, 422U) << response.body;
    EXPECT_THAT(response.message(), HasSubstr("spec.workerThroughput"));
    EXPECT_FALSE(api().find(cas_path(ns, "bad-max")).has_value());
  }
  // What it cannot say is admitted, and the controller reports it instead of scaling, although the demand
  // (500 MB/s) would call for the maximum.
  create_cas(ns, "ds", "ds", {{"minReplicas", 5}, {"maxReplicas", 3}});
  create_cas(ns, "zero", "zero", {{"workerThroughput", "0"}});
  exporter_->set_rate(ns, "ds", 500 * kMB);
  exporter_->set_rate(ns, "zero", 500 * kMB);
  wait_for_demand(ns, "ds", 400 * kMB, 600 * kMB);
  auto& autoscaler = start_autoscaler("autoscaler-invalid", ns);

  auto cas = wait_cas(
      ns, "ds", [](const Json& o) { return has_condition(o, "Ready", "False", "InvalidSpec"); },
      "Ready=False InvalidSpec");
  EXPECT_THAT(condition(cas, "Ready").value("message", ""), HasSubstr("spec.minReplicas"));
  EXPECT_TRUE(has_condition(cas, "ScalingActive", "False", "InvalidSpec")) << cas.dump();
  auto zero = wait_cas(
      ns, "zero", [](const Json& o) { return has_condition(o, "Ready", "False", "InvalidSpec"); },
      "Ready=False InvalidSpec");
  EXPECT_THAT(condition(zero, "Ready").value("message", ""), HasSubstr("spec.workerThroughput"));

  autoscaler.wait_cycles(3);
  EXPECT_EQ(replicas(ns, "ds"), 1);
  EXPECT_EQ(replicas(ns, "zero"), 1);
  cas = get_cas(ns, "ds");
  EXPECT_FALSE(desired_replicas(cas).has_value()) << cas.dump();
  EXPECT_TRUE(has_event(ns, "ds", "Warning", "InvalidSpec")) << events(ns, "ds").dump();
  EXPECT_TRUE(has_event(ns, "zero", "Warning", "InvalidSpec")) << events(ns, "zero").dump();
  // One Warning when the state begins, not one per cycle.
  int warnings = 0;
  for (const auto& e : events(ns, "ds")) {
    warnings += e.value("reason", "") == "InvalidSpec" ? 1 : 0;
  }
  EXPECT_EQ(warnings, 1) << events(ns, "ds").dump();
  const std::string exposition = autoscaler.metrics();
  EXPECT_EQ(metric_value(exposition, "cachepilot_autoscaler_spec_valid", {{"namespace", ns}, {"name", "ds"}}), 0);
  EXPECT_EQ(metric_sum(exposition, "cachepilot_autoscaler_scale_writes_total"), 0);

  // Fixed by the SRE: the next cycles act on it.
  api().merge_patch(cas_path(ns, "ds"), {{"spec", {{"minReplicas", 1}}}});
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 3; }, "reached maxReplicas 3 after the fix");
  cas = wait_cas(
      ns, "ds", [](const Json& o) { return has_condition(o, "Ready", "True", "Active"); }, "Ready=True after the fix");
  EXPECT_EQ(cas["status"].value("observedGeneration", 0), cas["metadata"].value("generation", -1)) << cas.dump();
}

// ------------------------------------------------------------------------------------------------------------
// 4. Prometheus down: no scale-down, the cause reported and counted

TEST_F(AutoscalerE2e, PrometheusDownHoldsReplicas) {
  const std::string ns = "prom-down";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  // Reactive, no stabilization window: a demand of 0 that Prometheus reports is scaled down to at once.
  create_cas(ns, "ds", "ds", {{"mode", "Reactive"}, {"scaleDown", {{"stabilizationSeconds", 0}}}});
  auto& autoscaler = start_autoscaler("autoscaler-prom-down", ns);
  exporter_->set_rate(ns, "ds", 250 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 3; }, "reached 3");

  prometheus_->kill();
  const auto killed = Clock::now();
  forget_seen(ns, "ds");
  exporter_->set_rate(ns, "ds", 0);
  const double errors_before =
      autoscaler.metric("cachepilot_autoscaler_prometheus_query_errors_total", {{"reason", "PrometheusUnreachable"}});
  auto cas = wait_cas(
      ns, "ds",
      [&](const Json& o) {
        (void)replicas(ns, "ds");
        return has_condition(o, "MetricsAvailable", "False", "PrometheusUnreachable");
      },
      "MetricsAvailable=False PrometheusUnreachable");
  report_timing("Prometheus killed to MetricsAvailable=False", ms_since(killed));
  EXPECT_TRUE(has_condition(cas, "ScalingActive", "False", "MetricsUnavailable")) << cas.dump();
  EXPECT_TRUE(has_condition(cas, "Ready", "True", "Active")) << cas.dump();
  EXPECT_TRUE(has_event(ns, "ds", "Warning", "PrometheusUnreachable")) << events(ns, "ds").dump();
  // Four more cycles without Prometheus: the replicas never drop, at any poll.
  const double cycles_down = autoscaler.cycles();
  ASSERT_TRUE(poll_until(
      [&] {
        (void)replicas(ns, "ds");
        return autoscaler.cycles() >= cycles_down + 4;
      },
      seconds(30), kPollInterval));
  EXPECT_EQ(replicas(ns, "ds"), 3);
  EXPECT_EQ(seen(ns, "ds").first, 3) << "replicas dropped while Prometheus was down";
  EXPECT_EQ(seen(ns, "ds").second, 3);
  const std::string exposition = autoscaler.metrics();
  EXPECT_GE(metric_value(exposition, "cachepilot_autoscaler_prometheus_query_errors_total",
                         {{"reason", "PrometheusUnreachable"}})
                .value_or(0),
            errors_before + 4);
  EXPECT_EQ(metric_value(exposition, "cachepilot_autoscaler_metrics_available", {{"namespace", ns}, {"name", "ds"}}),
            0);
  EXPECT_GE(metric_value(exposition, "cachepilot_autoscaler_decisions_total",
                         {{"namespace", ns}, {"name", "ds"}, {"reason", "MetricsUnavailable"}})
                .value_or(0),
            4);

  // The control: Prometheus back (same port, same data), the demand of 0 it reports scales down.
  const auto restarted = Clock::now();
  prometheus_->start();
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r < 3; }, "decreased once Prometheus answered again");
  report_timing("Prometheus back to the first scale-down", ms_since(restarted));
  cas = wait_cas(
      ns, "ds", [](const Json& o) { return has_condition(o, "MetricsAvailable", "True", "QuerySucceeded"); },
      "MetricsAvailable=True again");
  EXPECT_TRUE(has_condition(cas, "ScalingActive", "True", "Scaling")) << cas.dump();
}

// ------------------------------------------------------------------------------------------------------------
// 5. Garbage answers: no scale-down, the cause named

TEST_F(AutoscalerE2e, GarbageAnswersHoldReplicas) {
  const std::string ns = "garbage";
  // Four runtimes at 2 replicas, demand 0 everywhere: only a CacheAutoscaler that gets a usable answer may scale
  // one down.
  make_runtimes(ns, {{"multi", 2}, {"text", 2}, {"syntax", 2}, {"good", 2}});
  wait_for_demand(ns, "good", 0, 0);
  const Json reactive = {{"mode", "Reactive"}, {"scaleDown", {{"stabilizationSeconds", 0}}}};
  auto with_query = [&](const std::string& query) {
    Json o = reactive;
    o["demandQuery"] = query;
    return o;
  };
  // Every dataset of the namespace: four series, not one.
  create_cas(ns, "multi", "multi", with_query(R"(rate(fuse_read_bytes_total{namespace="{{namespace}}"}[5s]))"));
  // A string, not a vector.
  create_cas(ns, "text", "text", with_query(R"("{{dataset}}")"));
  // Not PromQL: Prometheus answers 400 bad_data.
  create_cas(ns, "syntax", "syntax", with_query(R"(sum(rate(fuse_read_bytes_total{dataset="{{dataset}}"}[5s]))"));
  create_cas(ns, "good", "good", reactive);
  auto& autoscaler = start_autoscaler("autoscaler-garbage", ns);

  const auto multi = wait_cas(
      ns, "multi", [](const Json& o) { return has_condition(o, "MetricsAvailable", "False", "QueryFailed"); },
      "MetricsAvailable=False QueryFailed");
  EXPECT_THAT(condition(multi, "MetricsAvailable").value("message", ""), HasSubstr("4 series"));
  const auto text = wait_cas(
      ns, "text", [](const Json& o) { return has_condition(o, "MetricsAvailable", "False", "MalformedAnswer"); },
      "MetricsAvailable=False MalformedAnswer");
  EXPECT_THAT(condition(text, "MetricsAvailable").value("message", ""), HasSubstr("string"));
  const auto syntax = wait_cas(
      ns, "syntax", [](const Json& o) { return has_condition(o, "MetricsAvailable", "False", "QueryFailed"); },
      "MetricsAvailable=False QueryFailed");
  EXPECT_THAT(condition(syntax, "MetricsAvailable").value("message", ""), HasSubstr("bad_data"));

  // The control scales down (demand 0: minReplicas 1) while the others hold 2, cycle after cycle.
  wait_replicas(
      ns, "good", [](std::int64_t r) { return r == 1; }, "scaled down to 1");
  autoscaler.wait_cycles(3);
  for (const char* name : {"multi", "text", "syntax"}) {
    EXPECT_EQ(replicas(ns, name), 2) << name;
    EXPECT_TRUE(has_condition(get_cas(ns, name), "ScalingActive", "False", "MetricsUnavailable")) << name;
  }
  const std::string exposition = autoscaler.metrics();
  EXPECT_GE(metric_value(exposition, "cachepilot_autoscaler_prometheus_query_errors_total", {{"reason", "QueryFailed"}})
                .value_or(0),
            6);
  EXPECT_GE(
      metric_value(exposition, "cachepilot_autoscaler_prometheus_query_errors_total", {{"reason", "MalformedAnswer"}})
          .value_or(0),
      3);
  EXPECT_EQ(metric_value(exposition, "cachepilot_autoscaler_scale_writes_total",
                         {{"namespace", ns}, {"name", "multi"}, {"result", "ok"}}),
            std::nullopt);
}

// ------------------------------------------------------------------------------------------------------------
// 6. Two replicas, one Lease

TEST_F(AutoscalerE2e, LeaderElectionHandsOverToTheSurvivor) {
  const std::string ns = "leader";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "ds", "ds", {{"mode", "Reactive"}, {"maxReplicas", 10}});
  constexpr int kLeaseSeconds = 4;
  constexpr int kRetrySeconds = 1;
  constexpr int kIntervalSeconds = 1;
  auto election = [&](const std::string& identity) {
    return std::vector<std::string>{
        "--leader-elect=true",         "--leader-elect-namespace", ns,       "--leader-elect-lease-name",
        "cachepilot-autoscaler-e2e",   "--leader-elect-identity",  identity, "--lease-duration",
        std::to_string(kLeaseSeconds), "--renew-deadline",         "3",      "--retry-period",
        std::to_string(kRetrySeconds)};
  };
  auto& a = start_autoscaler("autoscaler-a", ns, election("replica-a"));
  auto& b = start_autoscaler("autoscaler-b", ns, election("replica-b"));

  // Exactly one leads; never both at one poll.
  int both = 0;
  AutoscalerProcess* leader = nullptr;
  AutoscalerProcess* follower = nullptr;
  ASSERT_TRUE(poll_until(
      [&] {
        const bool la = a.leads();
        const bool lb = b.leads();
        both += la && lb ? 1 : 0;
        if (la != lb) {
          leader = la ? &a : &b;
          follower = la ? &b : &a;
          return true;
        }
        return false;
      },
      seconds(30), kPollInterval))
      << "no single leader";
  const std::string leader_identity = leader == &a ? "replica-a" : "replica-b";
  const std::string follower_identity = leader == &a ? "replica-b" : "replica-a";
  std::cerr << "[autoscaler-e2e] leader: " << leader_identity << "\n";
  auto lease = api().get("/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases/cachepilot-autoscaler-e2e");
  EXPECT_EQ(lease["spec"].value("holderIdentity", ""), leader_identity) << lease.dump();

  // Demand: only the leader writes.
  exporter_->set_rate(ns, "ds", 250 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 3; }, "reached 3");
  const MetricLabels ok = {{"namespace", ns}, {"name", "ds"}, {"result", "ok"}};
  EXPECT_GE(leader->metric("cachepilot_autoscaler_scale_writes_total", ok), 1);
  EXPECT_EQ(follower->metric_total("cachepilot_autoscaler_scale_writes_total"), 0);
  EXPECT_EQ(follower->cycles(), 0);  // a follower only watches
  EXPECT_TRUE(follower->get_status("/readyz") == 200);
  EXPECT_FALSE(follower->leads());
  EXPECT_TRUE(leader->leads());
  EXPECT_EQ(both, 0);
  const double range_queries_before = prometheus_requests("/api/v1/query_range");

  // SIGKILL the leader: no release; the follower takes over once the lease expires.
  const auto killed = Clock::now();
  leader->process().kill_now();
  ASSERT_TRUE(poll_until([&] { return follower->leads(); }, seconds(30), milliseconds(100)))
      << "the survivor never led";
  const auto handover_ms = ms_since(killed);
  report_timing("leader handover after SIGKILL", handover_ms);
  // client-go semantics: the survivor sees the lease expire lease-duration after it last saw a renewal and
  // tries every retry period; plus a cycle's slack and the machine's.
  EXPECT_LE(handover_ms, (kLeaseSeconds + kRetrySeconds + kIntervalSeconds + 2) * 1000);
  lease = api().get("/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases/cachepilot-autoscaler-e2e");
  EXPECT_EQ(lease["spec"].value("holderIdentity", ""), follower_identity) << lease.dump();

  // The new leader acts: it back-fills (a query_range) and follows a new demand.
  const auto step = Clock::now();
  exporter_->set_rate(ns, "ds", 450 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 5; }, "reached 5 under the new leader");
  report_timing("new leader: 450 MB/s to 5 replicas", ms_since(step));
  EXPECT_GE(follower->metric("cachepilot_autoscaler_scale_writes_total", ok), 1);
  EXPECT_GE(prometheus_requests("/api/v1/query_range"), range_queries_before + 1);
  const auto cas = get_cas(ns, "ds");
  EXPECT_EQ(desired_replicas(cas), 5) << cas.dump();
  EXPECT_TRUE(has_event(ns, "ds", "Normal", "ScaledUp"));
  bool by_new_leader = false;
  for (const auto& e : events(ns, "ds")) {
    by_new_leader = by_new_leader || e.value("reportingInstance", "") == follower_identity;
  }
  EXPECT_TRUE(by_new_leader) << events(ns, "ds").dump();
}

// ------------------------------------------------------------------------------------------------------------
// 7. The apiserver restarts under a running autoscaler

TEST_F(AutoscalerE2e, ApiserverRestartKeepsReconciling) {
  const std::string ns = "restart";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "ds", "ds", {{"mode", "Reactive"}, {"maxReplicas", 8}});
  // With leader election, as deployed (the Lease in this namespace), and a renew deadline (3 s) about as long as
  // the outage: whether the lead survives the restart or is lost and taken again, reconciling must resume.
  auto& autoscaler =
      start_autoscaler("autoscaler-restart", ns,
                       {"--leader-elect=true", "--leader-elect-namespace", ns, "--leader-elect-identity",
                        "replica-restart", "--lease-duration", "4", "--renew-deadline", "3", "--retry-period", "1"});
  exporter_->set_rate(ns, "ds", 150 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 2; }, "reached 2");
  const auto before = wait_cas(
      ns, "ds", [](const Json& o) { return desired_replicas(o) == 2 && o["status"].contains("lastScaleTime"); },
      "desiredReplicas 2");

  // SIGKILL, then the same port and etcd: every connection reset at once. (A graceful stop takes the fixture's
  // whole 15 s grace here: kube-apiserver 1.20 keeps the open watches until it is killed.)
  const auto restart_started = Clock::now();
  cp().restart_apiserver(/*graceful=*/false);
  report_timing("apiserver restart (SIGKILL)", ms_since(restart_started));

  // Intact: the object, its spec and the status written before the restart.
  const auto after = get_cas(ns, "ds");
  EXPECT_EQ(after["metadata"]["uid"], before["metadata"]["uid"]);
  EXPECT_EQ(after["spec"], before["spec"]);
  EXPECT_EQ(desired_replicas(after), 2) << after.dump();
  EXPECT_EQ(after["status"]["lastScaleTime"], before["status"]["lastScaleTime"]);
  EXPECT_TRUE(has_condition(after, "Ready", "True", "Active")) << after.dump();
  EXPECT_EQ(replicas(ns, "ds"), 2);

  // Still reconciling: a new demand reaches /scale and the status.
  const auto step = Clock::now();
  exporter_->set_rate(ns, "ds", 350 * kMB);
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 4; }, "reached 4 after the restart", seconds(60));
  report_timing("after the restart: 350 MB/s to 4 replicas", ms_since(step));
  const auto cas = wait_cas(
      ns, "ds", [](const Json& o) { return desired_replicas(o) == 4 && observed_demand(o).value_or(0) >= 300 * kMB; },
      "status desiredReplicas 4, observedDemand >= 300M");
  EXPECT_NE(cas["status"]["lastScaleTime"], before["status"]["lastScaleTime"]);
  EXPECT_TRUE(autoscaler.leads());
  EXPECT_EQ(autoscaler.get_status("/readyz"), 200U);
  std::cerr << "[autoscaler-e2e] the lead was "
            << (autoscaler.process().log_text().find("stopped leading") != std::string::npos ? "lost and taken again"
                                                                                             : "kept")
            << " across the restart\n";
}

// ------------------------------------------------------------------------------------------------------------
// 8. History back-fill (query_range) at start-up

TEST_F(AutoscalerE2e, HistoryBackfillInformsTheFirstDecision) {
  const std::string ns = "backfill";
  make_runtimes(ns, {{"ds", 1}});
  // A 500 MB/s burst that Prometheus records and that is over (demand 0 again) before the autoscaler starts.
  exporter_->set_rate(ns, "ds", 500 * kMB);
  wait_for_demand(ns, "ds", 450 * kMB, 550 * kMB);
  exporter_->set_rate(ns, "ds", 0);
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "ds", "ds", {{"mode", "DryRun"}, {"maxReplicas", 8}});
  const double range_queries_before = prometheus_requests("/api/v1/query_range");
  auto& autoscaler = start_autoscaler("autoscaler-backfill", ns);

  // The very first status: demand 0 now, yet it provisions for the burst in the history it back-filled (one
  // sample of 0 alone would give minReplicas).
  const auto cas = wait_cas(
      ns, "ds", [](const Json& o) { return desired_replicas(o).has_value(); }, "a first status");
  EXPECT_LT(observed_demand(cas).value_or(-1), 1 * kMB) << cas.dump();
  EXPECT_GE(forecast_upper(cas).value_or(0), 300 * kMB) << cas.dump();
  EXPECT_GE(desired_replicas(cas).value_or(0), 3) << cas.dump();
  EXPECT_EQ(replicas(ns, "ds"), 1);
  EXPECT_GE(prometheus_requests("/api/v1/query_range"), range_queries_before + 1);
  EXPECT_EQ(autoscaler.metric_total("cachepilot_autoscaler_prometheus_query_errors_total"), 0);
  EXPECT_THAT(autoscaler.process().log_text(), ::testing::Not(HasSubstr("back-fill failed")));
}

// ------------------------------------------------------------------------------------------------------------
// 9. Two writers of one runtime (two CacheAutoscalers, or one and an HPA): no CacheAutoscaler writes until it is
//    the only writer; a DryRun beside one is fine

TEST_F(AutoscalerE2e, NoCacheAutoscalerWritesARuntimeAnotherAutoscalerWrites) {
  const std::string ns = "ambiguous";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "first", "ds");
  create_cas(ns, "second", "ds", {{"mode", "Reactive"}});
  create_cas(ns, "trial", "ds", {{"mode", "DryRun"}});
  auto& autoscaler = start_autoscaler("autoscaler-ambiguous", ns);

  // 250 MB/s at 100 MB/s per worker: each would ask for 3 and says so, neither writes.
  exporter_->set_rate(ns, "ds", 250 * kMB);
  for (const std::string name : {"first", "second"}) {
    const auto cas = wait_cas(
        ns, name,
        [](const Json& o) {
          return has_condition(o, "Ready", "False", "AmbiguousTarget") && desired_replicas(o).value_or(0) >= 3;
        },
        name + ": Ready=False AmbiguousTarget, desiredReplicas >= 3");
    EXPECT_TRUE(has_condition(cas, "ScalingActive", "False", "AmbiguousTarget")) << cas.dump();
    const std::string other = ns + "/" + (name == "first" ? "second" : "first");
    EXPECT_THAT(condition(cas, "Ready").value("message", ""), HasSubstr("also scaled by CacheAutoscaler " + other));
    EXPECT_TRUE(has_event(ns, name, "Warning", "AmbiguousTarget")) << events(ns, name).dump();
    EXPECT_THAT(autoscaler.process().log_text(),
                HasSubstr("CacheAutoscaler " + ns + "/" + name + ": AmbiguousTarget: "));
  }
  // The DryRun one is not a writer: it reports as usual.
  const auto trial = wait_cas(
      ns, "trial", [](const Json& o) { return desired_replicas(o).value_or(0) >= 3; }, "trial: desiredReplicas >= 3");
  EXPECT_TRUE(has_condition(trial, "ScalingActive", "False", "DryRun")) << trial.dump();
  autoscaler.wait_cycles(3);
  EXPECT_EQ(replicas(ns, "ds"), 1);
  EXPECT_EQ(seen(ns, "ds").second, 1) << "a replica count was written while two CacheAutoscalers targeted ds";
  EXPECT_EQ(autoscaler.metric_total("cachepilot_autoscaler_scale_writes_total"), 0);
  EXPECT_GE(autoscaler.metric("cachepilot_autoscaler_decisions_total",
                              {{"namespace", ns}, {"name", "first"}, {"reason", "AmbiguousTarget"}}),
            1);

  // The second is deleted: the first scales at its next cycle and is Ready again.
  ASSERT_TRUE(api().remove(cas_path(ns, "second")));
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r >= 3; }, "reached 3 after the second CacheAutoscaler was deleted");
  const auto first = wait_cas(
      ns, "first", [](const Json& o) { return has_condition(o, "Ready", "True", "Active"); }, "first: Ready=True");
  EXPECT_TRUE(has_condition(first, "ScalingActive", "True", "Scaling")) << first.dump();
  EXPECT_LE(replicas(ns, "ds"), 4);

  // An HPA on the runtime (as Fluid documents them): the first stops writing and names it. Demand rises to 350 MB/s
  // (4 workers): the first asks for 4 in its status, and the runtime keeps the 3 it has.
  const std::int64_t before_hpa = replicas(ns, "ds");
  api().create(
      "/apis/autoscaling/v1/namespaces/" + ns + "/horizontalpodautoscalers",
      Json{{"apiVersion", "autoscaling/v1"},
           {"kind", "HorizontalPodAutoscaler"},
           {"metadata", {{"name", "fluid-hpa"}, {"namespace", ns}}},
           {"spec",
            {{"scaleTargetRef", {{"apiVersion", "data.fluid.io/v1alpha1"}, {"kind", "AlluxioRuntime"}, {"name", "ds"}}},
             {"minReplicas", 1},
             {"maxReplicas", 4}}}});
  const auto with_hpa = wait_cas(
      ns, "first", [](const Json& o) { return has_condition(o, "Ready", "False", "AmbiguousTarget"); },
      "first: Ready=False AmbiguousTarget beside the HPA");
  EXPECT_THAT(condition(with_hpa, "Ready").value("message", ""),
              HasSubstr("also scaled by HorizontalPodAutoscaler " + ns + "/fluid-hpa"));
  forget_seen(ns, "ds");
  exporter_->set_rate(ns, "ds", 350 * kMB);
  (void)wait_cas(
      ns, "first",
      [&](const Json& o) {
        (void)replicas(ns, "ds");
        return desired_replicas(o).value_or(0) >= 4;
      },
      "first: desiredReplicas >= 4 beside the HPA");
  autoscaler.wait_cycles(3);
  EXPECT_EQ(replicas(ns, "ds"), before_hpa);
  EXPECT_EQ(seen(ns, "ds").second, before_hpa) << "a replica count was written beside the HPA";

  // The HPA is deleted: the first writes the 4 at once.
  ASSERT_TRUE(api().remove("/apis/autoscaling/v1/namespaces/" + ns + "/horizontalpodautoscalers/fluid-hpa"));
  wait_replicas(
      ns, "ds", [](std::int64_t r) { return r == 4; }, "reached 4 after the HPA was deleted");
}

// ------------------------------------------------------------------------------------------------------------
// 10. Pods that serve: the read is learned from demand, no pod ever finishing

TEST_F(AutoscalerE2e, ServingPodsShowTheirReadThroughDemand) {
  const std::string ns = "serving";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "ds", "ds", {{"maxReplicas", 8}});
  auto& autoscaler = start_autoscaler("autoscaler-serving", ns);

  // The workload, as a kubelet and the pods' FUSE sidecars would show it: a pod mounting the dataset's claim begins
  // every 2 to 12 s (Running, its container started then), reads 18 s at 100 MB/s, serves 22 s more and is deleted:
  // no pod ever finishes, so no pod shows its read. The exporter's counter follows the pods reading; Prometheus
  // scrapes it every second. The driver ticks every 200 ms (it paces a workload; every wait below is a bounded
  // poll for a state).
  constexpr double kRead = 18;
  constexpr double kRun = 40;
  const double gaps[] = {3, 9, 4, 12, 5, 2, 10, 7, 6, 3, 11, 4};
  struct Pod {
    std::string name;
    double started = 0;  // seconds since the workload began
    bool deleted = false;
  };
  std::vector<Pod> pods;
  const auto begun = Clock::now();
  const auto since = [&] { return std::chrono::duration<double>(Clock::now() - begun).count(); };
  double next_start = 0;
  std::optional<double> learned;
  std::optional<double> lag;  // demand's, from the same scrape as the read
  while (since() < 300 && !learned) {
    const double now = since();
    if (now >= next_start) {
      Pod pod{"serve-" + std::to_string(pods.size()), now};
      api().create_pod({.ns = ns, .name = pod.name, .pvcs = {"ds"}});
      set_running(ns, pod.name);
      pods.push_back(pod);
      next_start = now + gaps[pods.size() % std::size(gaps)];
    }
    double reading = 0;
    for (auto& pod : pods) {
      if (!pod.deleted && now - pod.started >= kRun) {
        (void)api().delete_pod(ns, pod.name);
        pod.deleted = true;
      }
      reading += (now - pod.started < kRead) ? 1 : 0;
    }
    exporter_->set_rate(ns, "ds", 100 * kMB * reading);
    const std::string scraped = autoscaler.metrics();
    if (const auto read =
            metric_value(scraped, "cachepilot_autoscaler_pod_read_seconds", {{"namespace", ns}, {"name", "ds"}});
        read && *read > 0) {
      learned = read;
      lag = metric_value(scraped, "cachepilot_autoscaler_demand_lag_seconds", {{"namespace", ns}, {"name", "ds"}});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(learned.has_value()) << "no read learned from demand within 300 s; " << pods.size() << " pods";
  // Demand as Prometheus gives it (a 5 s rate of 1 s scrapes) smears the 18 s read by a few seconds: the read found
  // is one of the candidates around it, not the 40 s the pods run.
  EXPECT_GE(*learned, 15);
  EXPECT_LE(*learned, 30);
  // ... at a delay that covers how far a 5 s rate of 1 s scrapes trails the pods (ReadFit::kDelays, 20 s the longest).
  ASSERT_TRUE(lag.has_value()) << "no cachepilot_autoscaler_demand_lag_seconds beside the read demand shows";
  EXPECT_GE(*lag, 0);
  EXPECT_LE(*lag, 20);
  report_timing("read of " + std::to_string(static_cast<int>(*learned)) + " s learned from demand",
                static_cast<long long>(since() * 1000));
}

// ------------------------------------------------------------------------------------------------------------
// 11. Pods that serve, their read configured: the pods due are asked for before demand could show a read

TEST_F(AutoscalerE2e, AConfiguredReadAsksForThePodsDueBeforeDemandShowsOne) {
  const std::string ns = "configured-read";
  make_runtimes(ns, {{"ds", 1}});
  wait_for_demand(ns, "ds", 0, 0);
  create_cas(ns, "ds", "ds", {{"maxReplicas", 8}, {"podReadSeconds", 18}});
  auto& autoscaler = start_autoscaler("autoscaler-configured-read", ns);
  // The first pod waits 15 s for its mount (Pending, then Running): the notice. It reads 100 MB/s from then on; it
  // never finishes, so no pod shows a read, and demand has only seconds of rows, far from the 2 min it needs to show
  // one (ReadFit).
  api().create_pod({.ns = ns, .name = "first", .pvcs = {"ds"}});
  std::this_thread::sleep_for(seconds(15));  // paces the workload: the pod's wait is what the controller measures
  const double first_started = set_running(ns, "first");
  exporter_->set_rate(ns, "ds", 100 * kMB);
  wait_for_demand(ns, "ds", 90 * kMB, 110 * kMB);
  // Six more are created and wait: with the 15 s notice they begin to read 15 s after their creation, 5 s after a
  // worker asked for then would serve (lead 10 s). 6 × 100 MB/s (the rate of the one reading) = 6 workers of 100M,
  // asked for a lead time before they read, while demand needs 1.
  for (int k = 0; k < 6; ++k) {
    api().create_pod({.ns = ns, .name = "waiting-" + std::to_string(k), .pvcs = {"ds"}});
  }
  const auto asked = Clock::now();
  const auto written = wait_replicas(
      ns, "ds", [](std::int64_t r) { return r >= 5; }, "asked for the six pods due (>= 5)", seconds(15));
  report_timing("the pods due asked for, " + std::to_string(written) + " workers",
                static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - asked).count()));
  EXPECT_EQ(autoscaler.metric("cachepilot_autoscaler_pod_read_seconds", {{"namespace", ns}, {"name", "ds"}}), 18);
  // The write says why (in the status update that follows it): the pods due, not demand, which needs 1 or 2. Without
  // podReadSeconds the replicas stay at 2 (measured when the test was written).
  wait_cas(
      ns, "ds",
      [](const Json& o) {
        return o.contains("status") &&
               o["status"].value("lastScaleReason", "").find("for pods due to read within 10 s") != std::string::npos;
      },
      "status.lastScaleReason names the pods due", seconds(10));

  // The first pod stops 3 s after it began to read (its container terminated, as a kubelet reports): the pods show a
  // read of 3 s, a sixth of the 18 s configured, and the controller warns (PodReadSecondsDisagrees), once.
  api().merge_patch("/api/v1/namespaces/" + ns + "/pods/first/status",
                    {{"status",
                      {{"phase", "Succeeded"},
                       {"containerStatuses",
                        {{{"name", "main"},
                          {"image", "registry.invalid/cachepilot-e2e:none"},
                          {"imageID", ""},
                          {"ready", false},
                          {"restartCount", 0},
                          {"state",
                           {{"terminated",
                             {{"exitCode", 0},
                              {"startedAt", controller::rfc3339(first_started)},
                              {"finishedAt", controller::rfc3339(first_started + 3)}}}}}}}}}}});
  ASSERT_TRUE(
      poll_until([&] { return has_event(ns, "ds", "Warning", "PodReadSecondsDisagrees"); }, seconds(20), kPollInterval))
      << events(ns, "ds").dump();
  autoscaler.wait_cycles(3);
  int warnings = 0;
  for (const auto& e : events(ns, "ds")) {
    if (e.value("reason", "") == "PodReadSecondsDisagrees") {
      ++warnings;
      EXPECT_THAT(e.value("message", ""),
                  HasSubstr("spec.podReadSeconds is 18 s but the pods that stopped reading show a read of 3 s"));
    }
  }
  EXPECT_EQ(warnings, 1) << events(ns, "ds").dump();
  EXPECT_EQ(autoscaler.metric("cachepilot_autoscaler_pod_read_seconds", {{"namespace", ns}, {"name", "ds"}}), 3);
  EXPECT_EQ(autoscaler.metric("cachepilot_autoscaler_pod_read_seconds_configured", {{"namespace", ns}, {"name", "ds"}}),
            18);
}

}  // namespace
}  // namespace cachepilot::testing
