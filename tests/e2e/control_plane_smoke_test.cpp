// Proves the end-to-end fixture (tests/support/control_plane.hpp) against the real etcd, kube-apiserver and
// kube-scheduler: the apiserver is ready, Fluid's CRDs are established with their subresources, the
// restricted extender identity can read exactly what it needs, the scheduler binds pods to fixture nodes,
// and objects survive an apiserver restart. Each test stands alone (ctest runs each in its own process).
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/subprocess.hpp"
#include "tests/support/control_plane.hpp"

namespace cachepilot::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class ControlPlaneSmokeTest : public ControlPlaneTest {};

bool established(const Json& crd) {
  for (const auto& c : crd["status"]["conditions"]) {
    if (c["type"] == "Established" && c["status"] == "True") {
      return true;
    }
  }
  return false;
}

TEST_F(ControlPlaneSmokeTest, ApiserverServesFluidCrdsAndRestrictedExtenderIdentity) {
  auto& kube = api();
  EXPECT_EQ(kube.send("GET", "/readyz").status, 200U);
  EXPECT_THAT(kube.get("/version")["gitVersion"].get<std::string>(), StartsWith("v1.20."));

  const auto dataset_crd = kube.get(paths::crd("datasets.data.fluid.io"));
  EXPECT_TRUE(established(dataset_crd));
  EXPECT_TRUE(dataset_crd["spec"]["versions"][0]["subresources"].contains("status"));
  EXPECT_FALSE(dataset_crd["spec"]["versions"][0]["subresources"].contains("scale"));
  for (const auto& rt : all_runtime_kinds()) {
    SCOPED_TRACE(rt.kind_name);
    const auto crd = kube.get(paths::crd(std::string(rt.plural) + ".data.fluid.io"));
    EXPECT_TRUE(established(crd));
    const auto& sub = crd["spec"]["versions"][0]["subresources"];
    EXPECT_TRUE(sub.contains("status"));
    ASSERT_EQ(sub.contains("scale"), rt.has_scale);
    if (rt.has_scale) {
      EXPECT_EQ(sub["scale"]["specReplicasPath"], ".spec.replicas");
      EXPECT_EQ(sub["scale"]["statusReplicasPath"], ".status.currentWorkerNumberScheduled");
      EXPECT_EQ(sub["scale"].contains("labelSelectorPath"), rt.has_selector);
    }
  }

  // deploy/extender/clusterrole.yaml: get/list/watch on nodes, PVCs, datasets and runtimes; nothing else.
  auto& extender = cp().as("cachepilot-extender");
  EXPECT_EQ(extender.send("GET", paths::nodes()).status, 200U);
  EXPECT_EQ(extender.send("GET", "/api/v1/persistentvolumeclaims").status, 200U);
  EXPECT_EQ(extender.send("GET", "/apis/data.fluid.io/v1alpha1/datasets").status, 200U);
  for (const auto& rt : all_runtime_kinds()) {
    EXPECT_EQ(extender.send("GET", std::string("/apis/data.fluid.io/v1alpha1/") + rt.plural).status, 200U) << rt.plural;
  }
  EXPECT_EQ(extender.send("GET", "/api/v1/pods").status, 403U);
  EXPECT_EQ(extender.send("GET", "/api/v1/secrets").status, 403U);
  EXPECT_EQ(extender.send_json("POST", paths::nodes(), {{"metadata", {{"name", "forbidden"}}}}).status, 403U);

  const auto kubeconfig = cp().kubeconfig_for("cachepilot-extender");
  std::ifstream in(kubeconfig);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr(cp().api_url()));
  EXPECT_THAT(text, HasSubstr(cp().token_for("cachepilot-extender")));
  EXPECT_THAT(text, HasSubstr(cp().ca_file()));
  EXPECT_THAT(cp().kubeconfig_for("cachepilot-extender", true), HasSubstr("embedded"));

  // Certificates for the extender's HTTPS scenarios chain to the same CA.
  const auto server = cp().issue_certificate("cachepilot-extender");
  const auto client = cp().issue_certificate("kube-scheduler", /*server=*/false);
  for (const auto& cert : {server.cert, client.cert}) {
    const auto verify = "openssl verify -CAfile '" + cp().ca_file() + "' '" + cert + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(verify.c_str()), 0) << cert;  // NOLINT(cert-env33-c)
  }

  // Other programs (the extender) run under the same rules: a log in the directory, shown by log_tails().
  auto& helper = cp().spawn("helper", {"/bin/sh", "-c", "echo helper-started; exec sleep 60"});
  EXPECT_TRUE(helper.wait_for_log("helper-started"));
  EXPECT_THAT(cp().log_tails(), HasSubstr("helper-started"));
  helper.stop();
  EXPECT_FALSE(helper.running());
  EXPECT_EQ(helper.wait_for_exit(std::chrono::seconds(1)), -SIGTERM);
}

TEST_F(ControlPlaneSmokeTest, DatasetAndRuntimesWithScaleSubresource) {
  auto& kube = api();
  kube.create_namespace("smoke-fluid");
  const auto ds = kube.create_dataset(
      {.ns = "smoke-fluid",
       .name = "llama",
       .cache_states = {{"cached", "2.00GiB"}, {"cacheCapacity", "20.00GiB"}, {"cachedPercentage", "20.0%"}}});
  EXPECT_EQ(ds["status"]["phase"], "Bound");
  EXPECT_EQ(ds["status"]["cacheStates"]["cached"], "2.00GiB");
  EXPECT_EQ(ds["status"]["runtimes"][0]["type"], "alluxio");
  EXPECT_EQ(
      kube.set_dataset_cache_states("smoke-fluid", "llama", {{"cached", "3.00GiB"}})["status"]["cacheStates"]["cached"],
      "3.00GiB");

  // Fluid's status requirements are kept: a Dataset status without conditions is refused.
  const auto refused = kube.send_json("PATCH", paths::dataset("smoke-fluid", "llama") + "/status",
                                      {{"status", {{"conditions", nullptr}}}}, "application/merge-patch+json");
  EXPECT_EQ(refused.status, 422U) << refused.body;

  kube.create_runtime({.kind = RuntimeKind::kAlluxio, .ns = "smoke-fluid", .name = "llama", .replicas = 2});
  auto scale = kube.get_scale(RuntimeKind::kAlluxio, "smoke-fluid", "llama");
  EXPECT_EQ(scale["apiVersion"], "autoscaling/v1");
  EXPECT_EQ(scale["kind"], "Scale");
  EXPECT_EQ(scale["spec"]["replicas"], 2);
  EXPECT_EQ(scale["status"]["replicas"], 2);
  EXPECT_EQ(scale["status"]["selector"], "app=alluxio,release=llama,role=alluxio-worker");

  kube.put_scale(RuntimeKind::kAlluxio, "smoke-fluid", "llama", 5);
  EXPECT_EQ(kube.get(paths::runtime(RuntimeKind::kAlluxio, "smoke-fluid", "llama"))["spec"]["replicas"], 5);
  scale = kube.get_scale(RuntimeKind::kAlluxio, "smoke-fluid", "llama");
  EXPECT_EQ(scale["spec"]["replicas"], 5);
  EXPECT_EQ(scale["status"]["replicas"], 2);  // the controller's figure until it reconciles

  // Jindo's /scale has no selector; ThinRuntime has no /scale at all (as in Fluid).
  kube.create_runtime({.kind = RuntimeKind::kJindo, .ns = "smoke-fluid", .name = "jindo-ds", .replicas = 1});
  const auto jindo = kube.get_scale(RuntimeKind::kJindo, "smoke-fluid", "jindo-ds");
  EXPECT_EQ(jindo["status"].value("selector", ""), "");
  kube.create_runtime({.kind = RuntimeKind::kThin, .ns = "smoke-fluid", .name = "thin-ds"});
  EXPECT_EQ(kube.send("GET", paths::runtime(RuntimeKind::kThin, "smoke-fluid", "thin-ds") + "/scale").status, 404U);
}

TEST_F(ControlPlaneSmokeTest, SchedulerWithoutExtenderBindsPodToAFixtureNode) {
  auto& kube = api();
  std::set<std::string> nodes;
  for (int i = 1; i <= 3; ++i) {
    const auto name = "smoke-node-" + std::to_string(i);
    const auto node =
        kube.create_node({.name = name, .labels = {{"topology.kubernetes.io/zone", "z" + std::to_string(i)}}});
    EXPECT_EQ(node["status"]["allocatable"]["pods"], "110");
    nodes.insert(name);
  }
  // Fluid's worker label arrives and leaves the way the runtime controller changes it.
  const std::string worker_label = "fluid.io/s-smoke-sched-imagenet";
  kube.set_node_labels("smoke-node-1", {{worker_label, "true"}});
  EXPECT_EQ(kube.list_items(paths::nodes(), worker_label + "=true").size(), 1U);
  kube.set_node_labels("smoke-node-1", {{worker_label, std::nullopt}});
  EXPECT_EQ(kube.list_items(paths::nodes(), worker_label + "=true").size(), 0U);
  kube.set_node_ready("smoke-node-3", false);
  kube.set_node_ready("smoke-node-3", true);

  kube.create_namespace("smoke-sched");
  const auto volume = kube.create_bound_pvc(fluid_dataset_pvc("smoke-sched", "imagenet"));
  EXPECT_EQ(volume.pvc["status"]["phase"], "Bound");
  EXPECT_EQ(volume.pv["spec"]["claimRef"]["uid"], volume.pvc["metadata"]["uid"]);

  cp().start_scheduler();
  ASSERT_TRUE(cp().scheduler_running());
  net::ClientOptions metrics_client;
  metrics_client.base_url = cp().scheduler_url();
  auto metrics = net::make_http_client(metrics_client);
  ASSERT_TRUE(metrics.ok());
  net::ClientRequest scrape;
  scrape.path_and_query = "/metrics";
  const auto scraped = (*metrics)->send(scrape);
  ASSERT_TRUE(scraped.ok()) << scraped.error().message;
  EXPECT_THAT(scraped->body, HasSubstr("scheduler_"));
  kube.create_pod({.ns = "smoke-sched", .name = "reader", .pvcs = {"imagenet"}});
  const auto pod = kube.wait_for_pod_scheduled("smoke-sched", "reader");
  EXPECT_EQ(nodes.count(pod["spec"]["nodeName"].get<std::string>()), 1U) << pod["spec"]["nodeName"];

  kube.create_pod({.ns = "smoke-sched", .name = "nowhere", .node_selector = {{"cachepilot.io/no-such-label", "x"}}});
  const auto condition = kube.wait_for_pod_unschedulable("smoke-sched", "nowhere");
  EXPECT_EQ(condition["reason"], "Unschedulable");
  EXPECT_THAT(condition["message"].get<std::string>(), HasSubstr("0/3 nodes are available"));

  // A configuration with extenders (plain and HTTPS, both ignorable and unreachable) is accepted, and pods
  // still schedule without them.
  const auto free_port = free_loopback_port();
  ASSERT_TRUE(free_port.ok()) << free_port.error().message;
  const auto closed_port = std::to_string(*free_port);
  cp().start_scheduler({.extenders = {{.url_prefix = "http://127.0.0.1:" + closed_port, .ignorable = true},
                                      {.url_prefix = "https://127.0.0.1:" + closed_port,
                                       .node_cache_capable = false,
                                       .ignorable = true,
                                       .enable_https = true,
                                       .ca_file = cp().ca_file()}}});
  std::ifstream config_file(cp().scheduler_config_path());
  const std::string config((std::istreambuf_iterator<char>(config_file)), std::istreambuf_iterator<char>());
  EXPECT_THAT(config, HasSubstr("enableHTTPS: true"));
  EXPECT_THAT(config, HasSubstr("caFile: \"" + cp().ca_file() + "\""));
  kube.create_pod({.ns = "smoke-sched", .name = "after-reconfiguration"});
  kube.wait_for_pod_scheduled("smoke-sched", "after-reconfiguration");

  EXPECT_TRUE(kube.delete_pod("smoke-sched", "reader"));
  EXPECT_FALSE(kube.find(paths::pod("smoke-sched", "reader")).has_value());
  cp().stop_scheduler();
  EXPECT_FALSE(cp().scheduler_running());
}

TEST_F(ControlPlaneSmokeTest, ApiserverRestartKeepsObjects) {
  auto& kube = api();
  kube.create_namespace("smoke-restart");
  kube.create_dataset({.ns = "smoke-restart", .name = "ds", .cache_states = {{"cached", "1.00GiB"}}});
  kube.create_runtime({.kind = RuntimeKind::kJuiceFS, .ns = "smoke-restart", .name = "ds", .replicas = 3});
  kube.create_bound_pvc(fluid_dataset_pvc("smoke-restart", "ds", RuntimeKind::kJuiceFS));
  const auto url = cp().api_url();

  cp().restart_apiserver();  // graceful
  EXPECT_TRUE(cp().apiserver_running());
  EXPECT_EQ(cp().api_url(), url);
  EXPECT_EQ(kube.get(paths::dataset("smoke-restart", "ds"))["status"]["cacheStates"]["cached"], "1.00GiB");
  EXPECT_EQ(kube.get_scale(RuntimeKind::kJuiceFS, "smoke-restart", "ds")["spec"]["replicas"], 3);
  EXPECT_EQ(kube.get(paths::pvc("smoke-restart", "ds"))["status"]["phase"], "Bound");
  kube.put_scale(RuntimeKind::kJuiceFS, "smoke-restart", "ds", 4);  // writes work on the same KubeApi
  EXPECT_EQ(cp().as("cachepilot-extender").send("GET", paths::datasets("smoke-restart")).status, 200U);

  cp().stop_apiserver(/*graceful=*/false);  // a crash: SIGKILL
  EXPECT_FALSE(cp().apiserver_running());
  EXPECT_EQ(kube.send("GET", "/readyz").status, 0U);  // refused while down
  cp().start_apiserver();
  EXPECT_EQ(kube.get(paths::runtime(RuntimeKind::kJuiceFS, "smoke-restart", "ds"))["spec"]["replicas"], 4);
}

}  // namespace
}  // namespace cachepilot::testing
