// End-to-end: the real `cachepilot extender` binary, started on loopback with the bundled demo cluster,
// answering kube-scheduler-shaped requests, exporting metrics, and stopping cleanly on SIGTERM.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/app/child_process.hpp"
#include "tests/net/loopback_client.hpp"

namespace cachepilot {
namespace {

using testing::ChildProcess;
using testing::LoopbackClient;

const std::string kBinary = CACHEPILOT_BINARY;
const std::string kDemoCluster = std::string(CACHEPILOT_SOURCE_DIR) + "/examples/cluster/demo-cluster.yaml";

std::uint16_t listening_port(const std::string& output) {
  std::smatch m;
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+))");
  if (!std::regex_search(output, m, kListening)) {
    return 0;
  }
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

class ExtenderBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    child_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        kBinary, "extender", "--cluster-from", kDemoCluster, "--listen", "127.0.0.1:0", "--threads", "2"});
    ASSERT_TRUE(child_->started());
    ASSERT_TRUE(child_->wait_for_output("listening on")) << child_->output();
    port_ = listening_port(child_->output());
    ASSERT_NE(port_, 0) << child_->output();
  }

  nlohmann::json post(const std::string& verb, const nlohmann::json& body, int expect_status = 200) {
    LoopbackClient c(port_);
    EXPECT_TRUE(c.send_request("POST", "/" + verb, body.dump()));
    auto res = c.read_response();
    EXPECT_TRUE(res.has_value());
    if (!res) {
      return nullptr;
    }
    EXPECT_EQ(res->status, expect_status) << res->body;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  static nlohmann::json pod_reading(const std::string& ns, const std::string& claim) {
    return {{"metadata", {{"name", "reader"}, {"namespace", ns}, {"uid", "u1"}}},
            {"spec",
             {{"volumes", {{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", claim}}}}}},
              {"containers", {{{"name", "main"}, {"image", "busybox"}}}}}}};
  }

  std::unique_ptr<ChildProcess> child_;
  std::uint16_t port_ = 0;
};

TEST_F(ExtenderBinary, IsReadyAndScoresCacheNodesHighest) {
  LoopbackClient c(port_);
  ASSERT_TRUE(c.send_request("GET", "/readyz"));
  auto ready = c.read_response();
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->status, 200);

  // ai/llama-7b (12.55 GiB, fully cached) is split evenly over node-a1 (zone a) and node-b1 (zone b).
  const std::vector<std::string> nodes{"node-a1", "node-a2", "node-b1", "node-c1"};
  auto reply = post("prioritize", {{"Pod", pod_reading("ai", "llama-7b")}, {"Nodes", nullptr}, {"NodeNames", nodes}});
  ASSERT_TRUE(reply.is_array());
  // Zero scores are left out of the reply (--omit-zero-scores, default on): node-c1 is absent.
  ASSERT_EQ(reply.size(), nodes.size() - 1) << reply.dump();
  std::map<std::string, int> score;
  for (const auto& hp : reply) {
    score[hp["Host"].get<std::string>()] = hp["Score"].get<int>();
  }
  // node-a1: half on the node, the other half elsewhere in the region:
  //   100×0.5 + 50×(0.5−0.5) + 20×(1−0.5) = 60 → 6
  EXPECT_EQ(score["node-a1"], 6);
  EXPECT_EQ(score["node-b1"], 6);
  // node-a2: nothing on the node, half in its zone, the rest in the region: 50×0.5 + 20×0.5 = 35 → 4 (half up)
  EXPECT_EQ(score["node-a2"], 4);
  // node-c1: another region: 0, so not listed
  EXPECT_FALSE(score.contains("node-c1"));
}

TEST_F(ExtenderBinary, FilterKeepsOnlyCacheNodesForRequiredPodsAndSaysWhy) {
  auto pod = pod_reading("ai", "llama-7b");
  pod["metadata"]["labels"] = {{"fluid.io/dataset.llama-7b.sched", "required"}};
  const std::vector<std::string> nodes{"node-a1", "node-a2", "node-b1", "virtual-kubelet-cn-hangzhou-a"};
  auto reply = post("filter", {{"Pod", pod}, {"Nodes", nullptr}, {"NodeNames", nodes}});
  ASSERT_TRUE(reply.is_object());
  EXPECT_EQ(reply["NodeNames"], nlohmann::json({"node-a1", "node-b1"}));
  ASSERT_TRUE(reply["FailedAndUnresolvableNodes"].contains("node-a2"));
  EXPECT_NE(reply["FailedAndUnresolvableNodes"]["node-a2"].get<std::string>().find("ai/llama-7b"), std::string::npos);
  EXPECT_TRUE(reply["FailedAndUnresolvableNodes"].contains("virtual-kubelet-cn-hangzhou-a"));
  EXPECT_EQ(reply["Error"], "");
}

TEST_F(ExtenderBinary, ExportsMetricsThatCountRequestsAndErrors) {
  post("prioritize", {{"Pod", pod_reading("default", "imagenet")}, {"NodeNames", {"node-a1"}}});
  LoopbackClient bad(port_);
  ASSERT_TRUE(bad.send_request("POST", "/filter", "{\"Pod\": [1,2"));
  auto bad_res = bad.read_response();
  ASSERT_TRUE(bad_res.has_value());
  EXPECT_EQ(bad_res->status, 400);

  LoopbackClient c(port_);
  ASSERT_TRUE(c.send_request("GET", "/metrics"));
  auto res = c.read_response();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find(R"(cachepilot_extender_requests_total{code="200",verb="prioritize"} 1)"), std::string::npos);
  EXPECT_NE(res->body.find(R"(cachepilot_extender_errors_total{kind="malformed_json"} 1)"), std::string::npos);
  EXPECT_NE(res->body.find("cachepilot_snapshot_nodes 7"), std::string::npos);
  EXPECT_NE(res->body.find("cachepilot_snapshot_datasets 2"), std::string::npos);
  EXPECT_NE(res->body.find("cachepilot_extender_request_duration_seconds_bucket"), std::string::npos);
}

TEST_F(ExtenderBinary, StopsGracefullyOnSigterm) {
  LoopbackClient idle(port_);
  ASSERT_TRUE(idle.send_request("GET", "/healthz"));
  ASSERT_TRUE(idle.read_response().has_value());
  child_->signal(SIGTERM);
  auto code = child_->wait_for_exit();
  ASSERT_TRUE(code.has_value()) << "did not exit after SIGTERM";
  EXPECT_EQ(*code, 0) << child_->output();
  EXPECT_NE(child_->output().find("extender stopped"), std::string::npos);
  EXPECT_TRUE(idle.wait_for_close());
}

TEST(ExtenderBinaryStartup, ABadClusterFileStopsStartUpNamingTheFileAndTheProblem) {
  const std::string path = ::testing::TempDir() + "/broken-cluster.json";
  { std::ofstream(path) << R"({"kind": "List", "items": [{"kind": "Node", "metadata": {"name": 5}}]})"; }
  ChildProcess child({kBinary, "extender", "--cluster-from", path, "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(child.started());
  auto code = child.wait_for_exit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_NE(child.output().find(path), std::string::npos) << child.output();
  // The problem: item 0's metadata.name is a number.
  EXPECT_NE(child.output().find("item 0"), std::string::npos) << child.output();
  EXPECT_NE(child.output().find("field \"name\": want string, got number"), std::string::npos) << child.output();
  EXPECT_EQ(child.output().find("listening on"), std::string::npos);
}

TEST(ExtenderBinaryStartup, AMissingClusterFileStopsStartUp) {
  ChildProcess child({kBinary, "extender", "--cluster-from", "/nonexistent/cluster.yaml", "--listen", "127.0.0.1:0"});
  auto code = child.wait_for_exit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_NE(child.output().find("/nonexistent/cluster.yaml"), std::string::npos) << child.output();
}

TEST(ExtenderBinaryStartup, HelpAndVersionWorkOnTheRootAndTheSubcommand) {
  for (const auto& args : std::vector<std::vector<std::string>>{{kBinary, "--version"},
                                                                {kBinary, "extender", "--version"},
                                                                {kBinary, "--help"},
                                                                {kBinary, "extender", "--help"}}) {
    ChildProcess child(args);
    auto code = child.wait_for_exit();
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 0) << args.back();
    EXPECT_FALSE(child.output().empty());
  }
  ChildProcess help({kBinary, "extender", "--help"});
  ASSERT_TRUE(help.wait_for_exit().has_value());
  EXPECT_NE(help.output().find("--cluster-from"), std::string::npos);
  EXPECT_NE(help.output().find("--listen"), std::string::npos);
}

TEST(ExtenderBinaryStartup, RejectsAnInvalidFlagValueNamingTheFlag) {
  ChildProcess child({kBinary, "extender", "--cluster-from", kDemoCluster, "--listen", "127.0.0.1:99999"});
  auto code = child.wait_for_exit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 2);
  EXPECT_NE(child.output().find("--listen"), std::string::npos) << child.output();
}

}  // namespace
}  // namespace cachepilot
