// The offline cluster source: kubectl dumps as a JSON List, a YAML List or a stream of YAML documents, and the
// errors a bad file gives (each naming the problem; load_cluster_dump also names the file).
#include "cluster/dump.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cachepilot::cluster {
namespace {

using ::testing::HasSubstr;

std::string testdata(const std::string& name) { return std::string(CACHEPILOT_SOURCE_DIR) + "/tests/testdata/" + name; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string temp_file(const std::string& name, const std::string& content) {
  const auto path = ::testing::TempDir() + "cachepilot_dump_test_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// A canonical text of what was decoded, to compare a JSON and a YAML rendering of the same objects.
std::string summary(const ClusterObjects& o) {
  std::ostringstream out;
  for (const auto& n : o.nodes) {
    out << "node " << n.metadata.name << " uid=" << n.metadata.uid << " taints=" << n.spec.taints.size();
    for (const auto& [k, v] : n.metadata.labels) {
      out << " " << k << "=" << v;
    }
    out << "\n";
  }
  for (const auto& p : o.pvcs) {
    out << "pvc " << p.metadata.namespace_ << "/" << p.metadata.name << " " << p.spec.storageClassName << " "
        << p.status.phase;
    for (const auto& [k, v] : p.metadata.labels) {
      out << " " << k << "=" << v;
    }
    out << "\n";
  }
  for (const auto& d : o.datasets) {
    out << "dataset " << d.metadata.namespace_ << "/" << d.metadata.name << " " << d.status.phase << " "
        << d.status.ufsTotal << " runtimes=" << d.status.runtimes.size();
    for (const auto& [k, v] : d.status.cacheStates) {
      out << " " << k << "=" << v;
    }
    out << "\n";
  }
  for (const auto& r : o.runtimes) {
    out << r.kind << " " << r.metadata.namespace_ << "/" << r.metadata.name << " replicas=" << r.replicas.value_or(-1)
        << " ready=" << r.status.workerNumberReady << " desired=" << r.status.desiredWorkerNumberScheduled
        << " selector=" << r.status.selector << "\n";
  }
  return out.str();
}

Error parse_error(std::string_view text) {
  Result<ClusterObjects> got = make_error(ErrorCode::kInternal, "threw");
  EXPECT_NO_THROW(got = parse_cluster_dump(text)) << text;
  EXPECT_FALSE(got.ok()) << text;
  return got.ok() ? Error{} : got.error();
}

TEST(ClusterDump, KubectlJsonList) {
  auto objects = load_cluster_dump(testdata("cluster_list.json"));
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  ASSERT_EQ(objects->nodes.size(), 5U);
  ASSERT_EQ(objects->pvcs.size(), 2U);
  ASSERT_EQ(objects->datasets.size(), 1U);
  ASSERT_EQ(objects->runtimes.size(), 1U);
  const auto& ds = objects->datasets[0];
  EXPECT_EQ(ds.metadata.namespace_, "default");
  EXPECT_EQ(ds.metadata.name, "hbase");
  EXPECT_EQ(ds.status.phase, "Bound");
  EXPECT_EQ(ds.status.ufsTotal, "4.00GiB");
  EXPECT_EQ(ds.status.cacheStates.at("cached"), "3.00GiB");
  EXPECT_EQ(ds.status.runtimes.at(0).type, "alluxio");
  const auto& rt = objects->runtimes[0];
  EXPECT_EQ(rt.kind, "AlluxioRuntime");
  EXPECT_EQ(rt.replicas.value_or(-1), 2);
  EXPECT_EQ(rt.status.workerNumberReady, 2);
  EXPECT_EQ(rt.status.selector, "app=alluxio,release=hbase,role=alluxio-worker");
  EXPECT_EQ(objects->nodes[4].spec.taints.at(0).key, "virtual-kubelet.io/provider");

  // Through the converter: 3 GiB over the two labelled workers; node-c1 carries only a capacity label.
  auto snap = build_snapshot(*objects, {}, {});
  const auto d = snap->find_dataset("default", "hbase").value();
  EXPECT_EQ(snap->bytes_on_node(d, *snap->find_node("node-a1")), 3ULL << 29U);  // 1.5 GiB
  EXPECT_EQ(snap->bytes_on_node(d, *snap->find_node("node-a2")), 3ULL << 29U);
  EXPECT_FALSE(snap->holds_cache(d, *snap->find_node("node-c1")));
  EXPECT_TRUE(snap->nodes()[*snap->find_node("virtual-kubelet-cn-hangzhou-b")].is_virtual);
  EXPECT_EQ(snap->datasets()[d].runtime_kind, RuntimeKind::kAlluxio);
  EXPECT_TRUE(snap->warnings().empty()) << snap->warnings().front();
}

TEST(ClusterDump, YamlListDecodesLikeTheJsonList) {
  auto json = load_cluster_dump(testdata("cluster_list.json"));
  auto yaml = load_cluster_dump(testdata("cluster_list.yaml"));
  ASSERT_TRUE(json.ok()) << json.error().message;
  ASSERT_TRUE(yaml.ok()) << yaml.error().message;
  EXPECT_EQ(summary(*yaml), summary(*json));
  EXPECT_FALSE(summary(*json).empty());
}

TEST(ClusterDump, StreamOfYamlDocumentsSkipsOtherKinds) {
  auto objects = load_cluster_dump(testdata("cluster_stream.yaml"));
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  EXPECT_EQ(objects->nodes.size(), 3U);
  EXPECT_EQ(objects->pvcs.size(), 1U);
  EXPECT_EQ(objects->datasets.size(), 1U);
  ASSERT_EQ(objects->runtimes.size(), 1U);  // the ConfigMap and the Pod are skipped
  EXPECT_EQ(objects->runtimes[0].kind, "JuiceFSRuntime");
  EXPECT_EQ(objects->nodes[0].metadata.labels.at("fluid.io/dataset-num"), "1");  // quoted '1' stays a string

  // The dataset has no cacheStates: the runtime's 60 GiB are split over the two nodes carrying the UID-form
  // key its PVC names (gpu-a2 carries the rebuilt <ns>-<name> key, which Fluid does not use here).
  auto snap = build_snapshot(*objects, {}, {});
  const auto d = snap->find_dataset("ml-training-pipelines", "llama-2-70b-chat-hf-tokenized-shards").value();
  const auto& ds = snap->datasets()[d];
  EXPECT_EQ(ds.worker_label_key, "fluid.io/s-5c8e3f4a-9b1d-4e7f-a2c6-0d1e2f3a4b5c");
  EXPECT_EQ(ds.cached_bytes, 60ULL << 30U);
  EXPECT_EQ(ds.runtime_kind, RuntimeKind::kJuiceFS);
  EXPECT_EQ(ds.workers_ready, 2);
  EXPECT_EQ(ds.workers_desired, 3);
  EXPECT_EQ(snap->bytes_on_node(d, *snap->find_node("gpu-a1")), 30ULL << 30U);
  EXPECT_EQ(snap->bytes_on_node(d, *snap->find_node("gpu-b1")), 30ULL << 30U);
  EXPECT_FALSE(snap->holds_cache(d, *snap->find_node("gpu-a2")));
}

TEST(ClusterDump, JsonArrayAndSingleObjects) {
  auto array = parse_cluster_dump(
      R"([{"kind": "Node", "apiVersion": "v1", "metadata": {"name": "a"}},
          {"kind": "List", "items": [{"kind": "Node", "metadata": {"name": "b"}}]}])");
  ASSERT_TRUE(array.ok()) << array.error().message;
  EXPECT_EQ(array->nodes.size(), 2U);

  auto single = parse_cluster_dump(R"({"kind": "Node", "apiVersion": "v1", "metadata": {"name": "solo"}})");
  ASSERT_TRUE(single.ok()) << single.error().message;
  ASSERT_EQ(single->nodes.size(), 1U);
  EXPECT_EQ(single->nodes[0].metadata.name, "solo");

  // kubectl prints NodeList / PersistentVolumeClaimList for single-kind gets.
  auto typed = parse_cluster_dump(R"({"kind": "NodeList", "items": [{"kind": "Node", "metadata": {"name": "x"}}]})");
  ASSERT_TRUE(typed.ok()) << typed.error().message;
  EXPECT_EQ(typed->nodes.size(), 1U);
}

TEST(ClusterDump, DatasetsOfAnotherApiGroupAreNotFluids) {
  auto objects = parse_cluster_dump(R"({"kind": "List", "items": [
      {"kind": "Dataset", "apiVersion": "example.com/v1", "metadata": {"name": "d"}},
      {"kind": "AlluxioRuntime", "apiVersion": "example.com/v1", "metadata": {"name": "d"}},
      {"kind": "Dataset", "apiVersion": "data.fluid.io/v1alpha1", "metadata": {"name": "d", "namespace": "n"}}]})");
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  EXPECT_EQ(objects->datasets.size(), 1U);
  EXPECT_TRUE(objects->runtimes.empty());
}

TEST(ClusterDumpErrors, MalformedJson) {
  auto text = read_file(testdata("bad_truncated.json"));
  ASSERT_FALSE(text.empty());
  EXPECT_THAT(parse_error(text).message, HasSubstr("malformed JSON"));
  EXPECT_EQ(parse_error("{\"kind\": \"List\", \"items\": [}").code, ErrorCode::kParse);
}

TEST(ClusterDumpErrors, MalformedYaml) {
  auto e = parse_error(read_file(testdata("bad_malformed.yaml")));
  EXPECT_EQ(e.code, ErrorCode::kParse);
  EXPECT_THAT(e.message, HasSubstr("malformed YAML"));
}

TEST(ClusterDumpErrors, WrongTypesNameTheDocumentObjectAndField) {
  auto e = parse_error(read_file(testdata("bad_wrong_types.yaml")));
  EXPECT_THAT(e.message, HasSubstr("Node node-a2"));
  EXPECT_THAT(e.message, HasSubstr("field \"labels\": want object, got array"));
  EXPECT_THAT(e.message, HasSubstr("document"));

  auto item = parse_error(R"({"kind": "List", "items": [{"kind": "Node", "metadata": {"name": "a"}},
                              {"kind": "Node", "metadata": {"name": "b"}, "spec": {"taints": "none"}}]})");
  EXPECT_THAT(item.message, HasSubstr("item 1"));
  EXPECT_THAT(item.message, HasSubstr("Node b"));
  EXPECT_THAT(item.message, HasSubstr("\"taints\""));
}

TEST(ClusterDumpErrors, FieldsOfTheWrongTypeNeverThrow) {
  // Each of these once reached nlohmann's json::value() with a non-string and threw out of the parser.
  EXPECT_THAT(parse_error(R"({"kind": "Node", "metadata": {"name": 5}})").message, HasSubstr("\"name\""));
  EXPECT_THAT(parse_error(R"({"kind": 5, "metadata": {"name": "a"}})").message, HasSubstr("kind"));
  EXPECT_THAT(parse_error(R"({"kind": "List", "items": [{"kind": "Node", "apiVersion": null,
                                "metadata": {"name": "a", "labels": 3}}]})")
                  .message,
              HasSubstr("\"labels\""));
  // A list whose kind is not a string is read as an untyped list: no throw either way.
  EXPECT_NO_THROW(
      (void)parse_cluster_dump(R"({"kind": ["List"], "items": [{"kind": "Node", "metadata": {"name": 1}}]})"));
  EXPECT_THAT(parse_error("kind: Node\napiVersion: 1\nmetadata:\n  name: 12\n").message, HasSubstr("\"name\""));
}

TEST(ClusterDumpErrors, StructuralProblemsAreNamed) {
  EXPECT_THAT(parse_error(R"({"kind": "List", "items": {"a": 1}})").message, HasSubstr("items is not an array"));
  EXPECT_THAT(parse_error(R"({"kind": "List", "items": ["Node"]})").message, HasSubstr("item 0: not an object"));
  EXPECT_THAT(parse_error(R"({"metadata": {"name": "a"}})").message, HasSubstr("no kind"));
  EXPECT_THAT(parse_error(R"([1])").message, HasSubstr("element 0: not an object"));
  EXPECT_THAT(parse_error("just a sentence\n").message, HasSubstr("not an object but string"));
  EXPECT_THAT(parse_error("kind: Node\nmetadata:\n  {[a]: b}: c\n").message, HasSubstr("key"));
}

TEST(ClusterDumpErrors, EmptyInput) {
  EXPECT_THAT(parse_error("").message, HasSubstr("empty dump"));
  EXPECT_THAT(parse_error(" \n\t\n").message, HasSubstr("empty dump"));
  EXPECT_THAT(parse_error("# only a comment\n---\n---\n").message, HasSubstr("no Kubernetes objects"));
  auto empty = load_cluster_dump(testdata("empty.yaml"));
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message, HasSubstr(testdata("empty.yaml")));
  EXPECT_THAT(empty.error().message, HasSubstr("empty dump"));
}

TEST(ClusterDumpErrors, LoadNamesTheFile) {
  for (const auto* name : {"bad_truncated.json", "bad_malformed.yaml", "bad_wrong_types.yaml"}) {
    auto got = load_cluster_dump(testdata(name));
    ASSERT_FALSE(got.ok()) << name;
    EXPECT_THAT(got.error().message, HasSubstr("reading cluster dump " + testdata(name) + ": ")) << name;
  }
}

TEST(ClusterDumpErrors, MissingFileAndDirectory) {
  const auto missing = testdata("does-not-exist.yaml");
  auto got = load_cluster_dump(missing);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(got.error().message, HasSubstr(missing));
  EXPECT_THAT(got.error().message, HasSubstr("No such file"));

  auto dir = load_cluster_dump(testdata(""));
  ASSERT_FALSE(dir.ok());
  EXPECT_THAT(dir.error().message, HasSubstr("reading cluster dump"));
}

TEST(ClusterDumpErrors, OversizedFileIsRefusedBeforeReading) {
  // A sparse file one byte over the limit: refused from its size, so no 512 MiB read.
  const auto path = temp_file("huge.json", "");
  std::filesystem::resize_file(path, kMaxDumpBytes + 1);
  auto got = load_cluster_dump(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kTooLarge);
  EXPECT_THAT(got.error().message, HasSubstr(path));
  EXPECT_THAT(got.error().message, HasSubstr("over the limit"));
}

TEST(YamlToJson, TypesPlainScalarsAsYaml12CoreSchema) {
  auto j = yaml_to_json(R"(
quoted_number: '1'
double_quoted: "true"
plain_int: 42
plain_float: 2.5
plain_bool: true
plain_null: ~
empty:
word: Bound
list: [a, 1]
nested: {k: v}
)");
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)["quoted_number"], "1");
  EXPECT_EQ((*j)["double_quoted"], "true");
  EXPECT_EQ((*j)["plain_int"], 42);
  EXPECT_EQ((*j)["plain_float"], 2.5);
  EXPECT_EQ((*j)["plain_bool"], true);
  EXPECT_TRUE((*j)["plain_null"].is_null());
  EXPECT_TRUE((*j)["empty"].is_null());
  EXPECT_EQ((*j)["word"], "Bound");
  EXPECT_EQ((*j)["list"], nlohmann::json::parse(R"(["a", 1])"));
  EXPECT_EQ((*j)["nested"]["k"], "v");
}

TEST(YamlToJson, RefusesDeepNestingAndMalformedText) {
  std::string deep;
  for (int i = 0; i < 70; ++i) {
    deep += "[";
  }
  for (int i = 0; i < 70; ++i) {
    deep += "]";
  }
  auto too_deep = yaml_to_json(deep);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_THAT(too_deep.error().message, HasSubstr("deeper than 64"));
  auto bad = yaml_to_json("a: [1, 2\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("YAML"));
}

TEST(AddObject, SortsByKind) {
  ClusterObjects out;
  ASSERT_TRUE(
      add_object(nlohmann::json::parse(R"({"kind": "PersistentVolumeClaim", "metadata": {"name": "p"}})"), out).ok());
  ASSERT_TRUE(add_object(nlohmann::json::parse(R"({"kind": "Secret", "metadata": {"name": "s"}})"), out).ok());
  EXPECT_EQ(out.pvcs.size(), 1U);
  EXPECT_TRUE(out.nodes.empty());
  auto bad = add_object(nlohmann::json::parse(R"("Node")"), out);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("not an object"));
}

}  // namespace
}  // namespace cachepilot::cluster
