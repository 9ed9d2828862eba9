#pragma once
// A real Kubernetes control plane for end-to-end tests: etcd, kube-apiserver and (on demand) kube-scheduler
// v1.20, started by the test itself on 127.0.0.1 with free ports, in a fresh temporary directory that is
// removed at the end (set CACHEPILOT_E2E_KEEP=1 to keep it). Fluid's CRDs come from
// deploy/crds/fluid-minimal/. See ../shared/DESIGN.md §6 for why the pieces are configured as they are.
//
// Typical suite (one control plane per suite: a namespace can never finish deleting without a
// controller-manager, so tests share the cluster and use distinct object names):
//
//   class PlacementTest : public cachepilot::testing::ControlPlaneTest {};   // default options
//
//   TEST_F(PlacementTest, PodLandsOnANode) {
//     auto& kube = api();                                   // admin identity (system:masters)
//     kube.create_node({.name = "n1", .labels = {{"topology.kubernetes.io/zone", "z1"}}});
//     kube.create_bound_pvc(fluid_dataset_pvc("default", "llama"));
//     kube.create_dataset({.name = "llama", .cache_states = {{"cached", "2.00GiB"}}});
//     kube.create_runtime({.kind = RuntimeKind::kAlluxio, .name = "llama", .replicas = 2});
//     cp().start_scheduler({.extenders = {{.url_prefix = "http://127.0.0.1:" + std::to_string(port)}}});
//     kube.create_pod({.name = "p1", .pvcs = {"llama"}});
//     auto pod = kube.wait_for_pod_scheduled("default", "p1");
//     EXPECT_EQ(pod["spec"]["nodeName"], "n1");
//   }
//
// A suite that needs other options hides SetUpTestSuite; one that overrides SetUp calls ControlPlaneTest::SetUp()
// first and returns when IsSkipped() || HasFatalFailure():
//
//   class HttpsTest : public ControlPlaneTest {
//    public:
//     static void SetUpTestSuite() { start_shared({.runtime_kinds = {RuntimeKind::kAlluxio}}); }
//   };
//
// Under ctest (gtest_discover_tests) every TEST runs in a process of its own, so each gets a fresh control
// plane (about 5 s to start on 2 cores: the apiserver takes 3); run the binary directly and the suite shares
// one. So a test must neither depend on objects another test made nor break when they are there.
//
// Error handling: unlike product code (Result<T>), these helpers throw E2eError. An exception in a test body
// fails that test with its message (which carries the HTTP status and body, or the tail of a component's
// log), so scenarios read as straight-line code. KubeApi::send() is the non-throwing primitive for tests
// that expect an error status (403, 404, 409, ...).
//
// Binaries: $CACHEPILOT_CONTROL_PLANE_BIN (a directory holding kube-apiserver and kube-scheduler, and
// optionally etcd), else the directory printed by scripts/control-plane, which builds and caches them on
// first use (~7 minutes; concurrent test processes wait on a lock instead of building twice). etcd comes from
// PATH (Debian's etcd-server) unless it sits in that directory. CACHEPILOT_E2E=skip skips every test that
// uses the fixture, with a message; otherwise a missing binary is a test failure.
//
// Children die with the test process (PR_SET_PDEATHSIG, tied to the thread that started them: start the
// control plane from the test's main thread, as gtest's SetUp/SetUpTestSuite do). Each component writes
// stdout and stderr to <dir>/<component>.log; ControlPlaneTest prints their tails when a test fails.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/subprocess.hpp"
#include "net/http_client.hpp"
#include "tests/support/certificates.hpp"  // CertificatePaths: a certificate and key signed by the fixture's CA

namespace cachepilot::testing {

using Json = nlohmann::json;
using StringMap = std::map<std::string, std::string>;

// Every failure of the fixture: a component that did not start, an HTTP call that did not return 2xx, a wait
// that timed out. `status` is the HTTP status when there was one (0 otherwise).
class E2eError : public std::runtime_error {
 public:
  explicit E2eError(const std::string& what, unsigned status = 0) : std::runtime_error(what), status_(status) {}
  [[nodiscard]] unsigned status() const { return status_; }

 private:
  unsigned status_;
};

// ----------------------------------------------------------------------------------------------------------
// Fluid runtime kinds

enum class RuntimeKind { kAlluxio, kJuiceFS, kJindo, kGooseFS, kEFC, kThin, kVineyard };

struct RuntimeKindInfo {
  RuntimeKind kind;
  const char* kind_name;  // "AlluxioRuntime"
  const char* plural;     // "alluxioruntimes"
  const char* type;       // Dataset.status.runtimes[].type and Fluid's label infix: "alluxio"
  bool has_scale;         // /scale subresource (all but Thin, as in Fluid)
  bool has_selector;      // /scale carries a label selector (Alluxio, JuiceFS, GooseFS, Vineyard)
};
[[nodiscard]] const RuntimeKindInfo& runtime_info(RuntimeKind kind);
[[nodiscard]] std::span<const RuntimeKindInfo> all_runtime_kinds();

// ----------------------------------------------------------------------------------------------------------
// REST paths (no leading host). Namespaced helpers take the namespace first.

namespace paths {
inline constexpr const char* kFluidGroupVersion = "data.fluid.io/v1alpha1";
[[nodiscard]] std::string nodes();
[[nodiscard]] std::string node(const std::string& name);
[[nodiscard]] std::string namespaces();
[[nodiscard]] std::string pods(const std::string& ns);
[[nodiscard]] std::string pod(const std::string& ns, const std::string& name);
[[nodiscard]] std::string pvcs(const std::string& ns);
[[nodiscard]] std::string pvc(const std::string& ns, const std::string& name);
[[nodiscard]] std::string pvs();
[[nodiscard]] std::string pv(const std::string& name);
[[nodiscard]] std::string datasets(const std::string& ns);
[[nodiscard]] std::string dataset(const std::string& ns, const std::string& name);
[[nodiscard]] std::string runtimes(RuntimeKind kind, const std::string& ns);
[[nodiscard]] std::string runtime(RuntimeKind kind, const std::string& ns, const std::string& name);
[[nodiscard]] std::string crds();
[[nodiscard]] std::string crd(const std::string& name);
}  // namespace paths

// ----------------------------------------------------------------------------------------------------------
// Object descriptions for the helpers below. All are aggregates: use designated initialisers.

struct Taint {
  std::string key{};
  std::string value{};
  std::string effect = "NoSchedule";
};

// A Node and the status a kubelet would report: capacity = allocatable, Ready=True (unless !ready). No kubelet
// heartbeats and no node controller: the status stays as written. kube-scheduler 1.20 filters on taints, not on
// the Ready condition, so keep pods off a node with a taint (or spec.unschedulable), not with ready = false.
struct NodeOptions {
  std::string name{};
  StringMap labels{};  // kubernetes.io/hostname=<name>, kubernetes.io/os=linux, kubernetes.io/arch=amd64 added
  StringMap annotations{};
  std::vector<Taint> taints{};
  std::string cpu = "8";
  std::string memory = "32Gi";
  std::string pods = "110";
  bool ready = true;
};

// A PersistentVolume and a PersistentVolumeClaim bound to each other as the PV controller would leave them
// (DESIGN.md §6): PVC spec.volumeName, annotation pv.kubernetes.io/bind-completed, status.phase Bound; PV
// claimRef pointing back (with the PVC's uid), status.phase Bound.
struct PvcOptions {
  std::string ns = "default";
  std::string name{};
  std::string pv_name{};  // default: "<ns>-<name>"
  StringMap labels{};     // on the PVC
  StringMap pv_labels{};
  StringMap annotations{};
  std::string storage = "100Pi";
  std::string storage_class = "fluid";
  std::string access_mode = "ReadOnlyMany";
  std::string csi_driver = "fuse.csi.fluid.io";
};
// The PV/PVC pair Fluid creates for dataset ns/name: named after the dataset (PV "<ns>-<name>"), labelled
// fluid.io/s-<ns>-<name>=true and fluid.io/dataset-id=<ns>-<name>, storage class "fluid", ReadOnlyMany, CSI
// driver fuse.csi.fluid.io. Adjust the returned options for the long-name (UID) label form.
[[nodiscard]] PvcOptions fluid_dataset_pvc(const std::string& ns, const std::string& name,
                                           RuntimeKind kind = RuntimeKind::kAlluxio);

struct PodOptions {
  std::string ns = "default";
  std::string name{};
  StringMap labels{};
  StringMap annotations{};
  std::vector<std::string> pvcs{};  // claim names, each mounted read-only at /data/<claim>
  std::string cpu = "100m";         // requests; empty: none
  std::string memory = "128Mi";
  std::string scheduler_name{};  // empty: default-scheduler
  StringMap node_selector{};
  Json spec_patch = nullptr;  // JSON merge patch applied to the generated spec (tolerations, affinity, ...)
};
[[nodiscard]] Json pod_object(const PodOptions& options);

// A Dataset, then a status as Fluid's dataset controller writes it once bound (phase, conditions, runtimes,
// ufsTotal, cacheStates). `phase` empty: no status is written.
struct DatasetOptions {
  std::string ns = "default";
  std::string name{};
  RuntimeKind runtime = RuntimeKind::kAlluxio;  // for status.runtimes[0]
  std::string phase = "Bound";
  std::string ufs_total = "10.00GiB";
  StringMap cache_states{};  // e.g. {{"cached", "2.00GiB"}, {"cacheCapacity", "20.00GiB"}}
  StringMap labels{};
  StringMap annotations{};
  Json spec = nullptr;  // default: one mount "s3://cachepilot-e2e/<name>"
};

// A runtime of the given kind, then a status as Fluid's runtime controller writes it when its workers run:
// every required counter and phase, status.selector, and cacheStates.
struct RuntimeOptions {
  RuntimeKind kind = RuntimeKind::kAlluxio;
  std::string ns = "default";
  std::string name{};
  std::int64_t replicas = 1;
  std::int64_t workers_ready = -1;  // -1: = replicas (also currentWorkerNumberScheduled)
  StringMap cache_states{};
  std::string selector{};  // default: "app=<type>,release=<name>,role=<type>-worker"
  Json spec = nullptr;     // merged into the generated spec ({"replicas": n})
  bool write_status = true;
};

// ----------------------------------------------------------------------------------------------------------
// An HTTP response from the API server. status 0: transport failure (message in body).
struct ApiResponse {
  unsigned status = 0;
  std::string body;

  [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
  [[nodiscard]] Json json() const;  // parsed body; null when it is not JSON
  // The Status object's message for an error, else the (bounded) body.
  [[nodiscard]] std::string message() const;
};

// The API server as one identity (a bearer token). Obtained from ControlPlane::admin() / as(user); the
// ControlPlane owns it and reconnects it after an apiserver restart. Not thread-safe: one test thread.
class KubeApi {
 public:
  KubeApi(std::string base_url, std::string ca_pem, std::string token, std::string user);
  ~KubeApi();
  KubeApi(const KubeApi&) = delete;
  KubeApi& operator=(const KubeApi&) = delete;

  [[nodiscard]] const std::string& user() const { return user_; }

  // --- raw: never throws. content_type defaults to JSON for bodies.
  ApiResponse send(const std::string& method, const std::string& path, const std::string& body = "",
                   const std::string& content_type = "");
  ApiResponse send_json(const std::string& method, const std::string& path, const Json& body,
                        const std::string& content_type = "application/json");

  // --- typed: throw E2eError on anything but 2xx (GETs retry once on a transport error, such as a pooled
  //     connection the restarted apiserver closed).
  Json get(const std::string& path);
  std::optional<Json> find(const std::string& path);  // nullopt on 404
  Json list_items(const std::string& collection_path, const std::string& label_selector = "");
  Json create(const std::string& collection_path, const Json& object);
  Json replace(const std::string& path, const Json& object);                       // PUT
  Json merge_patch(const std::string& path, const Json& patch);                    // application/merge-patch+json
  bool remove(const std::string& path);                                            // false when already gone
  Json create_or_replace(const std::string& collection_path, const Json& object);  // "apply" for fixtures

  // --- core objects
  Json create_namespace(const std::string& name);  // no-op when it exists
  Json create_node(const NodeOptions& options);
  Json set_node_labels(const std::string& name, const std::map<std::string, std::optional<std::string>>& labels);
  Json set_node_ready(const std::string& name, bool ready);
  struct BoundVolume {
    Json pv;
    Json pvc;
  };
  BoundVolume create_bound_pvc(const PvcOptions& options);
  Json create_pod(const PodOptions& options);
  Json create_pod(const Json& pod);  // namespace from metadata.namespace (default "default")
  bool delete_pod(const std::string& ns, const std::string& name);  // immediate (gracePeriodSeconds=0)

  // --- Fluid objects (the CRDs must be installed: ControlPlaneOptions::runtime_kinds)
  Json create_dataset(const DatasetOptions& options);
  Json set_dataset_cache_states(const std::string& ns, const std::string& name, const StringMap& cache_states);
  Json create_runtime(const RuntimeOptions& options);
  Json get_scale(RuntimeKind kind, const std::string& ns, const std::string& name);  // autoscaling/v1 Scale
  Json put_scale(RuntimeKind kind, const std::string& ns, const std::string& name, std::int64_t replicas);

  // --- waits: poll every 100 ms up to `timeout`, then throw with the last state seen.
  Json wait_until(const std::string& path, const std::function<bool(const Json&)>& done, const std::string& what,
                  std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // The pod once spec.nodeName is set.
  Json wait_for_pod_scheduled(const std::string& ns, const std::string& name,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // The pod's PodScheduled condition once it is False (reason Unschedulable, message from the scheduler).
  Json wait_for_pod_unschedulable(const std::string& ns, const std::string& name,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Drops pooled connections (the ControlPlane calls it after restarting the apiserver).
  void reconnect();

 private:
  ApiResponse send_once(const net::ClientRequest& request);
  Json checked(const std::string& method, const std::string& path, const ApiResponse& response);

  net::ClientOptions options_;
  std::string user_;
  std::unique_ptr<net::HttpClient> client_;
};

// ----------------------------------------------------------------------------------------------------------
// A child process under the fixture's rules: cachepilot::Subprocess (stdout and stderr appended to a log file,
// killed when the test process dies: PR_SET_PDEATHSIG) with a "==== <time> starting: <argv>" header in the log,
// killed (SIGKILL) when the object dies, and log waits. Start it from the test's main thread.
class ManagedProcess {
 public:
  // argv[0] is the program's path (not searched in PATH). Throws E2eError when it cannot start (a missing or
  // non-executable program included).
  ManagedProcess(std::string name, std::vector<std::string> argv, std::string log_path);
  ~ManagedProcess();
  ManagedProcess(const ManagedProcess&) = delete;
  ManagedProcess& operator=(const ManagedProcess&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& log_path() const { return log_path_; }
  [[nodiscard]] int pid() const { return process_->pid(); }
  [[nodiscard]] bool running() { return process_->running(); }
  // "kube-apiserver exited with status 1"
  [[nodiscard]] std::string describe_exit() const { return process_->describe_exit(); }
  [[nodiscard]] std::string log_text() const;

  void signal(int sig) const { process_->signal(sig); }
  // SIGTERM, then SIGKILL when it has not exited after `grace`.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5)) { process_->stop(grace); }
  void kill_now() { process_->kill(); }
  // The exit code (or -signal) once it exits; nullopt when still running after `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout) { return process_->wait_for_exit(timeout); }
  // Whether `needle` appears in the log before the timeout (polled; returns early when the process exits).
  bool wait_for_log(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(20));

 private:
  std::string name_;
  std::string log_path_;
  std::unique_ptr<Subprocess> process_;
};

// ----------------------------------------------------------------------------------------------------------
// kube-scheduler

// One entry of the KubeSchedulerConfiguration's `extenders:` (kubescheduler.config.k8s.io/v1beta1).
struct ExtenderConfig {
  std::string url_prefix{};  // "http://127.0.0.1:8888" or https://...
  std::string filter_verb = "filter";
  std::string prioritize_verb = "prioritize";
  std::int64_t weight = 1;
  bool node_cache_capable = true;
  bool ignorable = false;
  bool enable_https = false;
  std::string ca_file{};    // tlsConfig.caFile (enable_https)
  std::string cert_file{};  // tlsConfig.certFile/keyFile: the scheduler's client certificate for mTLS
  std::string key_file{};
  std::string http_timeout = "5s";
};

struct SchedulerOptions {
  std::vector<ExtenderConfig> extenders{};
  int percentage_of_nodes_to_score = 100;
  std::string scheduler_name = "default-scheduler";
  // The identity in the scheduler's kubeconfig: the user the bootstrap RBAC binds to system:kube-scheduler and
  // system:volume-scheduler, as on a kubeadm cluster. "admin" also works.
  std::string user = "system:kube-scheduler";
  std::vector<std::string> extra_args{};  // e.g. {"--v=4"} to log every extender call
  std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
  // clientConnection.qps / burst: the scheduler's client-side rate limit on API calls (bindings included).
  // Unset: kube-scheduler's defaults (1.20: qps 50, burst 100).
  std::optional<double> client_qps{};
  std::optional<std::int64_t> client_burst{};
};

// ----------------------------------------------------------------------------------------------------------

struct UserOptions {
  std::string name{};
  std::vector<std::string> groups{};
};

struct ControlPlaneOptions {
  // Fluid CRDs from deploy/crds/fluid-minimal/ (Dataset is installed whenever this is non-empty).
  std::vector<RuntimeKind> runtime_kinds = {RuntimeKind::kAlluxio, RuntimeKind::kJuiceFS, RuntimeKind::kJindo,
                                            RuntimeKind::kGooseFS, RuntimeKind::kEFC,     RuntimeKind::kThin,
                                            RuntimeKind::kVineyard};
  // User "cachepilot-extender" gets deploy/extender/clusterrole.yaml (the least-privilege role the extender
  // ships with) through a ClusterRoleBinding; false: the user exists but may do nothing.
  bool extender_rbac = true;
  std::vector<UserOptions> extra_users{};     // more static-token identities for kubeconfig_for()/as()
  std::vector<std::string> namespaces{};      // created after start ("default" always exists)
  std::vector<std::string> apiserver_args{};  // appended to the apiserver's command line
  std::chrono::milliseconds start_timeout = std::chrono::seconds(90);
};

class ControlPlane {
 public:
  // Starts etcd and kube-apiserver, installs CRDs and RBAC. Throws E2eError (with the failing component's
  // log tail) when anything does not come up before the deadline.
  static std::unique_ptr<ControlPlane> start(const ControlPlaneOptions& options = {});
  ~ControlPlane();  // kills every child (scheduler, apiserver, etcd), removes the directory
  ControlPlane(const ControlPlane&) = delete;
  ControlPlane& operator=(const ControlPlane&) = delete;

  // --- where things are
  [[nodiscard]] const std::string& dir() const;      // the temporary directory
  [[nodiscard]] const std::string& api_url() const;  // "https://127.0.0.1:<port>"
  [[nodiscard]] const std::string& etcd_url() const;
  [[nodiscard]] const std::string& ca_file() const;  // CA of the apiserver's serving certificate (and issue_*)
  [[nodiscard]] std::string ca_pem() const;

  // --- identities. Users known from the start: "admin" (system:masters), "cachepilot-extender" (see
  //     ControlPlaneOptions::extender_rbac), "system:kube-scheduler", plus ControlPlaneOptions::extra_users.
  KubeApi& admin();
  KubeApi& as(const std::string& user);
  [[nodiscard]] std::string token_for(const std::string& user) const;
  // Writes (once) and returns a kubeconfig for `user`: server, CA (a file path, or inline
  // certificate-authority-data when embed_ca), bearer token, one context set as current.
  std::string kubeconfig_for(const std::string& user = "admin", bool embed_ca = false);

  // --- apiserver lifecycle: same port, same etcd, same data. graceful: SIGTERM (bounded), else SIGKILL.
  void stop_apiserver(bool graceful = true);
  void start_apiserver();  // waits for /readyz and for the Fluid API group to be served again
  void restart_apiserver(bool graceful = true);
  [[nodiscard]] bool apiserver_running();

  // --- kube-scheduler: starting again replaces a running one (new configuration).
  void start_scheduler(const SchedulerOptions& options = {});
  void stop_scheduler();
  [[nodiscard]] bool scheduler_running();
  [[nodiscard]] std::string scheduler_config_path() const;  // the last generated configuration
  // "http://127.0.0.1:<port>": the running scheduler's /healthz and /metrics (plain HTTP, loopback only).
  [[nodiscard]] std::string scheduler_url() const;

  // --- other programs (the cachepilot extender, ...) under the same rules as the control plane's children:
  //     output in <dir>/<name>.log, its tail in log_tails(), killed at teardown before the scheduler and the
  //     apiserver. Spawning a name again replaces (kills) the earlier process of that name.
  ManagedProcess& spawn(const std::string& name, std::vector<std::string> argv);

  // --- CRDs (start() installs ControlPlaneOptions::runtime_kinds already)
  void install_fluid_crds(std::span<const RuntimeKind> kinds);  // Dataset + the given runtimes; idempotent
  void install_crd_file(const std::string& yaml_path);          // any CRD file; waits for Established

  // --- certificates signed by the fixture's CA, for the extender's HTTPS scenarios. server: IP SAN 127.0.0.1
  //     and DNS localhost, serverAuth; otherwise a client certificate (clientAuth) with CN = name.
  CertificatePaths issue_certificate(const std::string& name, bool server = true);

  // --- logs
  [[nodiscard]] std::string log_path(const std::string& component) const;  // "etcd", "apiserver", "scheduler"
  [[nodiscard]] std::string log_tails(std::size_t lines = 40) const;       // every component's tail
  [[nodiscard]] const std::string& startup_phases() const;                 // "certificates 310 ms, etcd 620 ms, ..."

 private:
  struct Impl;
  explicit ControlPlane(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Set when CACHEPILOT_E2E=skip: the reason to give GTEST_SKIP.
[[nodiscard]] std::optional<std::string> e2e_skip_reason();

// ----------------------------------------------------------------------------------------------------------
// Small helpers for suites driving the binaries

// Calls `done` until it returns true (true), every `interval`, or until `timeout` has passed (false); `done`
// runs at least once, and once more at the deadline.
bool poll_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(100));
[[nodiscard]] long long ms_since(std::chrono::steady_clock::time_point start);
// Prints "[<suite>] <what>: <ms> ms" to stderr and records <what> = <ms> as a property of the running test.
void report_timing(const std::string& suite, const std::string& what, long long ms);
// The status of GET `path` (200, 404, ...); 0 on a transport error.
[[nodiscard]] unsigned get_status(net::HttpClient& client, const std::string& path);

// Base fixture: one control plane per test suite (SetUpTestSuite/TearDownTestSuite), skipped under
// CACHEPILOT_E2E=skip, each test failing with the start error when it did not come up, and every component's
// log tail printed after a failed test.
class ControlPlaneTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() { start_shared({}); }
  static void TearDownTestSuite() { stop_shared(); }

 protected:
  static void start_shared(const ControlPlaneOptions& options);
  static void stop_shared();
  static ControlPlane& cp();
  static KubeApi& api() { return cp().admin(); }

  void SetUp() override;
  void TearDown() override;

 private:
  static std::unique_ptr<ControlPlane>& shared();
  static std::string& start_error();
};

}  // namespace cachepilot::testing
