// Wire decoders for core/v1 and data.fluid.io/v1alpha1: fields read, defaults kept, wrong types named.
#include <ostream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cluster/fluid_v1alpha1.hpp"
#include "cluster/k8s_autoscaling_v1.hpp"
#include "cluster/k8s_core_v1.hpp"
#include "cluster/wire_decode.hpp"

namespace cachepilot {
namespace {

using nlohmann::json;

void expect_error_naming(const Error& error, const std::string& field, const std::string& want_type) {
  EXPECT_EQ(error.code, ErrorCode::kParse);
  EXPECT_NE(error.message.find("\"" + field + "\""), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("want " + want_type), std::string::npos) << error.message;
}

TEST(DecodeNode, ReadsMetadataLabelsAndTaints) {
  const auto j = json::parse(R"({
    "apiVersion": "v1", "kind": "Node",
    "metadata": {"name": "vk-1", "uid": "u-1", "resourceVersion": "42",
                 "labels": {"type": "virtual-kubelet", "topology.kubernetes.io/zone": "z1"},
                 "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
    "spec": {"unschedulable": true,
             "taints": [{"key": "virtual-kubelet.io/provider", "value": "alibabacloud", "effect": "NoSchedule"}]},
    "status": {"capacity": {"cpu": "16"}}})");
  auto node = k8s::decode_node(j);
  ASSERT_TRUE(node.ok()) << node.error().message;
  EXPECT_EQ(node->metadata.name, "vk-1");
  EXPECT_EQ(node->metadata.uid, "u-1");
  EXPECT_EQ(node->metadata.resourceVersion, "42");
  EXPECT_EQ(node->metadata.labels.at("type"), "virtual-kubelet");
  EXPECT_EQ(node->metadata.annotations.at("node.alpha.kubernetes.io/ttl"), "0");
  EXPECT_TRUE(node->spec.unschedulable);
  ASSERT_EQ(node->spec.taints.size(), 1U);
  EXPECT_EQ(node->spec.taints[0].key, "virtual-kubelet.io/provider");
  EXPECT_EQ(node->spec.taints[0].value, "alibabacloud");
  EXPECT_EQ(node->spec.taints[0].effect, "NoSchedule");
}

TEST(DecodeNode, MissingAndNullFieldsKeepDefaults) {
  auto node = k8s::decode_node(json::parse(R"({"metadata": {"name": "n", "labels": null}, "spec": null})"));
  ASSERT_TRUE(node.ok()) << node.error().message;
  EXPECT_TRUE(node->metadata.labels.empty());
  EXPECT_FALSE(node->spec.unschedulable);
  EXPECT_TRUE(node->spec.taints.empty());
}

TEST(DecodeNode, ScalarLabelValuesFromYamlAreStringified) {
  auto node = k8s::decode_node(json::parse(R"({"metadata": {"name": "n", "labels": {"a": true, "b": 3, "c": null}}})"));
  ASSERT_TRUE(node.ok()) << node.error().message;
  EXPECT_EQ(node->metadata.labels.at("a"), "true");
  EXPECT_EQ(node->metadata.labels.at("b"), "3");
  EXPECT_EQ(node->metadata.labels.at("c"), "");
}

TEST(DecodeNode, MetadataProblems) {
  auto none = k8s::decode_node(json::parse(R"({"kind": "Node"})"));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no metadata"), std::string::npos) << none.error().message;

  auto unnamed = k8s::decode_node(json::parse(R"({"metadata": {"namespace": "x"}})"));
  ASSERT_FALSE(unnamed.ok());
  EXPECT_NE(unnamed.error().message.find("metadata.name"), std::string::npos) << unnamed.error().message;
}

struct WrongType {
  const char* body;
  const char* field;
  const char* want;
};

void PrintTo(const WrongType& c, std::ostream* os) { *os << c.field; }

class DecodeNodeWrongType : public ::testing::TestWithParam<WrongType> {};

TEST_P(DecodeNodeWrongType, NamesTheField) {
  auto node = k8s::decode_node(json::parse(GetParam().body));
  ASSERT_FALSE(node.ok()) << GetParam().body;
  expect_error_naming(node.error(), GetParam().field, GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, DecodeNodeWrongType,
    ::testing::Values(
        WrongType{R"({"metadata": []})", "metadata", "object"},
        WrongType{R"({"metadata": {"name": 7}})", "name", "string"},
        WrongType{R"({"metadata": {"name": "n", "namespace": false}})", "namespace", "string"},
        WrongType{R"({"metadata": {"name": "n", "labels": ["a=b"]}})", "labels", "object"},
        WrongType{R"({"metadata": {"name": "n", "labels": {"zone": {"x": 1}}}})", "labels.zone", "string"},
        WrongType{R"({"metadata": {"name": "n", "annotations": "a=b"}})", "annotations", "object"},
        WrongType{R"({"metadata": {"name": "n"}, "spec": "x"})", "spec", "object"},
        WrongType{R"({"metadata": {"name": "n"}, "spec": {"unschedulable": "yes"}})", "unschedulable", "boolean"},
        WrongType{R"({"metadata": {"name": "n"}, "spec": {"taints": {"key": "k"}}})", "taints", "array"},
        WrongType{R"({"metadata": {"name": "n"}, "spec": {"taints": [{"key": 1}]}})", "key", "string"}));

TEST(DecodePvc, ReadsSpecAndStatus) {
  auto pvc = k8s::decode_pvc(json::parse(R"({
    "metadata": {"name": "hbase", "namespace": "default",
                 "labels": {"fluid.io/s-default-hbase": "true", "fluid.io/dataset-id": "default-hbase"}},
    "spec": {"accessModes": ["ReadOnlyMany"], "storageClassName": "fluid", "volumeName": "default-hbase"},
    "status": {"phase": "Bound", "capacity": {"storage": "100Pi"}}})"));
  ASSERT_TRUE(pvc.ok()) << pvc.error().message;
  EXPECT_EQ(pvc->metadata.namespace_, "default");
  EXPECT_EQ(pvc->metadata.labels.at("fluid.io/s-default-hbase"), "true");
  EXPECT_EQ(pvc->spec.storageClassName, "fluid");
  EXPECT_EQ(pvc->spec.volumeName, "default-hbase");
  EXPECT_EQ(pvc->status.phase, "Bound");
}

TEST(DecodePvc, WrongTypesNameTheField) {
  auto spec = k8s::decode_pvc(json::parse(R"({"metadata": {"name": "p"}, "spec": {"volumeName": ["x"]}})"));
  ASSERT_FALSE(spec.ok());
  expect_error_naming(spec.error(), "volumeName", "string");
  auto status = k8s::decode_pvc(json::parse(R"({"metadata": {"name": "p"}, "status": {"phase": 1}})"));
  ASSERT_FALSE(status.ok());
  expect_error_naming(status.error(), "phase", "string");
  auto status_obj = k8s::decode_pvc(json::parse(R"({"metadata": {"name": "p"}, "status": "Bound"})"));
  ASSERT_FALSE(status_obj.ok());
  expect_error_naming(status_obj.error(), "status", "object");
}

TEST(DecodeHorizontalPodAutoscaler, ReadsWhatItScales) {
  auto hpa = k8s::decode_horizontal_pod_autoscaler(json::parse(R"({
    "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
    "metadata": {"name": "hbase", "namespace": "default"},
    "spec": {"scaleTargetRef": {"apiVersion": "data.fluid.io/v1alpha1", "kind": "AlluxioRuntime", "name": "hbase"},
             "minReplicas": 1, "maxReplicas": 4,
             "metrics": [{"type": "Object", "object": {"metric": {"name": "capacity_used_rate"}}}]}})"));
  ASSERT_TRUE(hpa.ok()) << hpa.error().message;
  EXPECT_EQ(hpa->metadata.namespace_, "default");
  EXPECT_EQ(hpa->spec.scaleTargetRef.kind, "AlluxioRuntime");
  EXPECT_EQ(hpa->spec.scaleTargetRef.name, "hbase");
  EXPECT_EQ(hpa->spec.scaleTargetRef.apiVersion, "data.fluid.io/v1alpha1");
  EXPECT_EQ(hpa->spec.maxReplicas, 4);
}

TEST(DecodeHorizontalPodAutoscaler, ProblemsNameTheField) {
  auto no_target = k8s::decode_horizontal_pod_autoscaler(json::parse(R"({"metadata": {"name": "h"}, "spec": {}})"));
  ASSERT_FALSE(no_target.ok());
  EXPECT_NE(no_target.error().message.find("scaleTargetRef"), std::string::npos) << no_target.error().message;
  auto kind = k8s::decode_horizontal_pod_autoscaler(
      json::parse(R"({"metadata": {"name": "h"}, "spec": {"scaleTargetRef": {"kind": 1, "name": "x"}}})"));
  ASSERT_FALSE(kind.ok());
  expect_error_naming(kind.error(), "kind", "string");
  auto max = k8s::decode_horizontal_pod_autoscaler(json::parse(
      R"({"metadata": {"name": "h"}, "spec": {"maxReplicas": "4", "scaleTargetRef": {"kind": "K", "name": "x"}}})"));
  ASSERT_FALSE(max.ok());
  expect_error_naming(max.error(), "maxReplicas", "integer");
}

TEST(DecodeDataset, ReadsFluidStatus) {
  auto ds = fluid::decode_dataset(json::parse(R"({
    "apiVersion": "data.fluid.io/v1alpha1", "kind": "Dataset",
    "metadata": {"name": "hbase", "namespace": "default", "uid": "a4f2"},
    "spec": {"mounts": [{"mountPoint": "https://mirrors.bit.edu.cn/apache/hbase/stable/", "name": "hbase"}]},
    "status": {
      "conditions": [{"type": "Ready", "status": "True", "reason": "DatasetReady"}],
      "phase": "Bound", "ufsTotal": "443.89MiB",
      "cacheStates": {"cacheCapacity": "4.00GiB", "cached": "52.18MiB", "cachedPercentage": "11.8%"},
      "runtimes": [{"name": "hbase", "namespace": "default", "category": "Accelerate", "type": "alluxio",
                    "masterReplicas": 1}]}})"));
  ASSERT_TRUE(ds.ok()) << ds.error().message;
  EXPECT_EQ(ds->metadata.uid, "a4f2");
  EXPECT_EQ(ds->status.phase, "Bound");
  EXPECT_EQ(ds->status.ufsTotal, "443.89MiB");
  EXPECT_EQ(ds->status.cacheStates.at("cached"), "52.18MiB");
  EXPECT_EQ(ds->status.cacheStates.at("cachedPercentage"), "11.8%");
  ASSERT_EQ(ds->status.runtimes.size(), 1U);
  EXPECT_EQ(ds->status.runtimes[0].name, "hbase");
  EXPECT_EQ(ds->status.runtimes[0].namespace_, "default");
  EXPECT_EQ(ds->status.runtimes[0].category, "Accelerate");
  EXPECT_EQ(ds->status.runtimes[0].type, "alluxio");
}

TEST(DecodeDataset, WithoutStatusIsANewDataset) {
  auto ds = fluid::decode_dataset(json::parse(R"({"metadata": {"name": "fresh", "namespace": "default"}})"));
  ASSERT_TRUE(ds.ok()) << ds.error().message;
  EXPECT_EQ(ds->status.phase, "");
  EXPECT_TRUE(ds->status.runtimes.empty());
}

TEST(DecodeDataset, WrongTypesNameTheField) {
  const std::vector<WrongType> cases{
      {R"({"metadata": {"name": "d"}, "status": []})", "status", "object"},
      {R"({"metadata": {"name": "d"}, "status": {"ufsTotal": 465453465}})", "ufsTotal", "string"},
      {R"({"metadata": {"name": "d"}, "status": {"phase": {"x": 1}}})", "phase", "string"},
      {R"({"metadata": {"name": "d"}, "status": {"cacheStates": "3GiB"}})", "cacheStates", "object"},
      {R"({"metadata": {"name": "d"}, "status": {"cacheStates": {"cached": ["3GiB"]}}})", "cacheStates.cached",
       "string"},
      {R"({"metadata": {"name": "d"}, "status": {"runtimes": {"name": "d"}}})", "runtimes", "array"},
      {R"({"metadata": {"name": "d"}, "status": {"runtimes": [{"type": 5}]}})", "type", "string"},
  };
  for (const auto& c : cases) {
    auto ds = fluid::decode_dataset(json::parse(c.body));
    ASSERT_FALSE(ds.ok()) << c.body;
    expect_error_naming(ds.error(), c.field, c.want);
  }
}

TEST(DecodeRuntime, ReadsWorkerCountersAndReplicas) {
  auto rt = fluid::decode_runtime(json::parse(R"({
    "apiVersion": "data.fluid.io/v1alpha1", "kind": "AlluxioRuntime",
    "metadata": {"name": "hbase", "namespace": "default"},
    "spec": {"replicas": 3, "tieredstore": {"levels": [{"mediumtype": "MEM", "path": "/dev/shm", "quota": "2Gi"}]}},
    "status": {"masterPhase": "Ready", "workerPhase": "PartialReady", "fusePhase": "Ready",
               "workerNumberReady": 2, "currentWorkerNumberScheduled": 2, "desiredWorkerNumberScheduled": 3,
               "selector": "app=alluxio,release=hbase,role=alluxio-worker",
               "cacheStates": {"cached": "1.00GiB", "cacheCapacity": "6.00GiB"}}})"));
  ASSERT_TRUE(rt.ok()) << rt.error().message;
  EXPECT_EQ(rt->kind, "AlluxioRuntime");
  ASSERT_TRUE(rt->replicas.has_value());
  EXPECT_EQ(*rt->replicas, 3);
  EXPECT_EQ(rt->status.workerNumberReady, 2);
  EXPECT_EQ(rt->status.currentWorkerNumberScheduled, 2);
  EXPECT_EQ(rt->status.desiredWorkerNumberScheduled, 3);
  EXPECT_EQ(rt->status.selector, "app=alluxio,release=hbase,role=alluxio-worker");
  EXPECT_EQ(rt->status.cacheStates.at("cached"), "1.00GiB");
}

TEST(DecodeRuntime, ReplicasAbsentStaysUnset) {
  auto rt = fluid::decode_runtime(json::parse(R"({"kind": "JindoRuntime", "metadata": {"name": "x"}, "spec": {}})"));
  ASSERT_TRUE(rt.ok()) << rt.error().message;
  EXPECT_FALSE(rt->replicas.has_value());
}

TEST(DecodeRuntime, WrongTypesNameTheField) {
  const std::vector<WrongType> cases{
      {R"({"kind": 3, "metadata": {"name": "r"}})", "kind", "string"},
      {R"({"kind": "AlluxioRuntime", "metadata": {"name": "r"}, "spec": {"replicas": "3"}})", "replicas", "integer"},
      {R"({"kind": "AlluxioRuntime", "metadata": {"name": "r"}, "spec": {"replicas": 2.5}})", "replicas", "integer"},
      {R"({"kind": "AlluxioRuntime", "metadata": {"name": "r"}, "status": {"workerNumberReady": "2"}})",
       "workerNumberReady", "integer"},
      {R"({"kind": "AlluxioRuntime", "metadata": {"name": "r"}, "status": {"desiredWorkerNumberScheduled": true}})",
       "desiredWorkerNumberScheduled", "integer"},
      {R"({"kind": "AlluxioRuntime", "metadata": {"name": "r"}, "status": {"selector": {"app": "x"}}})", "selector",
       "string"},
  };
  for (const auto& c : cases) {
    auto rt = fluid::decode_runtime(json::parse(c.body));
    ASSERT_FALSE(rt.ok()) << c.body;
    expect_error_naming(rt.error(), c.field, c.want);
  }
}

TEST(IsRuntimeKind, MatchesEveryFluidRuntimeKind) {
  for (const char* kind : {"AlluxioRuntime", "JuiceFSRuntime", "JindoRuntime", "GooseFSRuntime", "EFCRuntime",
                           "ThinRuntime", "VineyardRuntime"}) {
    EXPECT_TRUE(fluid::is_runtime_kind(kind)) << kind;
  }
  for (const char* kind : {"Runtime", "Dataset", "DataLoad", "RuntimeClass", ""}) {
    EXPECT_FALSE(fluid::is_runtime_kind(kind)) << kind;
  }
}

}  // namespace
}  // namespace cachepilot
