// The kube-scheduler extender wire format (k8s.io/kube-scheduler/extender/v1): golden request bodies as the
// scheduler marshals them, and golden reply bodies, parsed back with an independent JSON reader.
#include "extender/extender_v1.hpp"

#include <cstdint>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/extender_args_builder.hpp"

namespace cachepilot::extender::v1 {
namespace {

using cachepilot::testing::ExtenderArgsBuilder;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::string golden(const std::string& name) {
  std::ifstream in(std::string(CACHEPILOT_SOURCE_DIR) + "/tests/testdata/extender/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  auto body = out.str();
  EXPECT_FALSE(body.empty()) << name;
  pad_body(body);
  return body;
}

std::string padded(std::string body) {
  pad_body(body);
  return body;
}

Result<ExtenderArgsView> parse(const std::string& body, bool keep_raw = false) {
  return parse_extender_args(body, body.capacity(), ParseOptions{keep_raw});
}

std::vector<std::string> strings(const std::vector<std::string_view>& views) { return {views.begin(), views.end()}; }

// --- requests ---

TEST(ParseExtenderArgs, GoldenNodeNamesRequest) {
  // nodeCacheCapable: true: the scheduler sends "Nodes":null and the names.
  const auto body = golden("args_node_names.json");
  auto args = parse(body);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_TRUE(args->has_pod);
  EXPECT_EQ(args->pod.name, "trainer-0");
  EXPECT_EQ(args->pod.namespace_, "default");
  EXPECT_THAT(args->pod.labels, ElementsAre(Pair("app", "trainer"), Pair("fluid.io/dataset.hbase.sched", "required")));
  ASSERT_EQ(args->pod.annotations.size(), 2U);
  EXPECT_THAT(args->pod.annotations[0], Pair("fluid.io/datasets-in-use", "hbase"));
  // Escapes (\" and Go's \u0026, \u003e) come back unescaped.
  EXPECT_EQ(args->pod.annotations[1].first, "kubectl.kubernetes.io/last-applied-configuration");
  EXPECT_THAT(std::string(args->pod.annotations[1].second), HasSubstr(R"("cat /data/* > /dev/null && sleep 1")"));
  // Only the PVC volume names a claim (emptyDir, configMap, projected do not).
  EXPECT_THAT(strings(args->pod.claim_names), ElementsAre("hbase"));
  EXPECT_EQ(args->form, NodesForm::kNodeNames);
  EXPECT_THAT(strings(args->node_names), ElementsAre("node-a1", "node-a2", "node-b1", "node-c1"));
  EXPECT_TRUE(args->node_json.empty());
}

TEST(ParseExtenderArgs, GoldenFullNodeListRequestKeepsTheNodeObjectsByteForByte) {
  // nodeCacheCapable: false: a full v1.NodeList and "NodeNames":null.
  const auto body = golden("args_nodes.json");
  auto args = parse(body, /*keep_raw=*/true);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_EQ(args->form, NodesForm::kNodes);
  EXPECT_THAT(strings(args->node_names), ElementsAre("node-a1", "node-a2", "node-b1", "node-c1"));
  ASSERT_EQ(args->node_json.size(), 4U);
  const auto sent = json::parse(body);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto raw = args->node_json[i];
    EXPECT_EQ(raw.front(), '{');
    EXPECT_EQ(raw.back(), '}');
    EXPECT_NE(body.find(raw), std::string::npos) << "item " << i << " is not a slice of the body";
    EXPECT_EQ(json::parse(raw), sent["Nodes"]["items"][i]) << "item " << i;
  }
  EXPECT_THAT(strings(args->pod.claim_names), ElementsAre("hbase"));

  auto without_raw = parse(body, /*keep_raw=*/false);
  ASSERT_TRUE(without_raw.ok());
  EXPECT_TRUE(without_raw->node_json.empty());
  EXPECT_EQ(without_raw->node_names.size(), 4U);
}

TEST(ParseExtenderArgs, KeysMatchCaseInsensitivelyAsGoDoes) {
  for (const auto key_case : {ExtenderArgsBuilder::KeyCase::kGo, ExtenderArgsBuilder::KeyCase::kLower}) {
    ExtenderArgsBuilder b;
    b.pod("p", "ns").claim("hbase").key_case(key_case);
    auto names_body = b.node_names({"a", "b"}).body();
    auto names = parse(names_body);
    ASSERT_TRUE(names.ok()) << names.error().message;
    EXPECT_EQ(names->form, NodesForm::kNodeNames);
    EXPECT_THAT(strings(names->node_names), ElementsAre("a", "b"));
    EXPECT_TRUE(names->has_pod);
    EXPECT_EQ(names->pod.namespace_, "ns");

    auto nodes_body = b.nodes({"c"}).body();
    auto nodes = parse(nodes_body, true);
    ASSERT_TRUE(nodes.ok()) << nodes.error().message;
    EXPECT_EQ(nodes->form, NodesForm::kNodes);
    EXPECT_THAT(strings(nodes->node_names), ElementsAre("c"));
  }
  // Mixed case, inner keys too.
  const auto body = padded(R"({"POD": {"Metadata": {"NAME": "p", "Namespace": "x", "Labels": {"k": "v"}},
      "Spec": {"Volumes": [{"PersistentVolumeClaim": {"ClaimName": "c"}}]}}, "nodeNames": ["n"]})");
  auto args = parse(body);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_EQ(args->pod.name, "p");
  EXPECT_EQ(args->pod.namespace_, "x");
  EXPECT_THAT(args->pod.labels, ElementsAre(Pair("k", "v")));
  EXPECT_THAT(strings(args->pod.claim_names), ElementsAre("c"));
  EXPECT_THAT(strings(args->node_names), ElementsAre("n"));
}

TEST(ParseExtenderArgs, NullsAndEmptyLists) {
  struct Case {
    const char* body;
    bool has_pod;
    NodesForm form;
    std::size_t nodes;
  };
  const std::vector<Case> cases{
      {R"({"Pod":null,"Nodes":null,"NodeNames":null})", false, NodesForm::kNone, 0},
      {R"({"Pod":{},"Nodes":null,"NodeNames":null})", true, NodesForm::kNone, 0},
      {R"({"Pod":{},"Nodes":null,"NodeNames":[]})", true, NodesForm::kNodeNames, 0},
      {R"({"Pod":{},"Nodes":{"items":null},"NodeNames":null})", true, NodesForm::kNodes, 0},
      {R"({"Pod":{},"Nodes":{"metadata":{},"items":[]},"NodeNames":null})", true, NodesForm::kNodes, 0},
      {R"({"Pod":{"metadata":{"name":"p","labels":null,"annotations":null},"spec":{"volumes":null}},
           "NodeNames":["a"]})",
       true, NodesForm::kNodeNames, 1},
      {R"({"Pod":{"spec":{"volumes":[{"name":"v","persistentVolumeClaim":null}]}},"NodeNames":["a"]})", true,
       NodesForm::kNodeNames, 1},
      {R"({})", false, NodesForm::kNone, 0},
      {R"({"Pod":{},"NodeNames":["a"],"Extra":{"x":[1,2,{"y":null}]}})", true, NodesForm::kNodeNames, 1},
  };
  for (const auto& c : cases) {
    const auto body = padded(c.body);
    auto args = parse(body);
    ASSERT_TRUE(args.ok()) << c.body << ": " << args.error().message;
    EXPECT_EQ(args->has_pod, c.has_pod) << c.body;
    EXPECT_EQ(args->form, c.form) << c.body;
    EXPECT_EQ(args->node_names.size(), c.nodes) << c.body;
    EXPECT_TRUE(args->pod.claim_names.empty()) << c.body;
  }
}

TEST(ParseExtenderArgs, FullNodesWinOverNodeNamesInEitherOrder) {
  for (const char* raw : {R"({"Pod":{},"NodeNames":["x","y"],"Nodes":{"items":[{"metadata":{"name":"a"}}]}})",
                          R"({"Pod":{},"Nodes":{"items":[{"metadata":{"name":"a"}}]},"NodeNames":["x","y"]})"}) {
    const auto body = padded(raw);
    auto args = parse(body, true);
    ASSERT_TRUE(args.ok()) << raw << ": " << args.error().message;
    EXPECT_EQ(args->form, NodesForm::kNodes) << raw;
    EXPECT_THAT(strings(args->node_names), ElementsAre("a")) << raw;
    EXPECT_THAT(strings(args->node_json), ElementsAre(R"({"metadata":{"name":"a"}})")) << raw;
  }
}

TEST(ParseExtenderArgs, WhitespaceAroundTheObjectIsFine) {
  const auto body = padded(" \n\t{\"Pod\": {}, \"NodeNames\": [\"a\"]}\r\n  ");
  auto args = parse(body);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_THAT(strings(args->node_names), ElementsAre("a"));
}

struct BadBody {
  const char* body;
  const char* want;  // in the error message
};

void PrintTo(const BadBody& c, std::ostream* os) { *os << c.body; }

class ParseExtenderArgsBad : public ::testing::TestWithParam<BadBody> {};

TEST_P(ParseExtenderArgsBad, IsAParseErrorNamingWhere) {
  const auto body = padded(GetParam().body);
  auto args = parse(body, true);
  ASSERT_FALSE(args.ok()) << GetParam().body;
  EXPECT_EQ(args.error().code, ErrorCode::kParse);
  EXPECT_THAT(args.error().message, HasSubstr(GetParam().want)) << GetParam().body;
}

INSTANTIATE_TEST_SUITE_P(
    MalformedAndWrongTypes, ParseExtenderArgsBad,
    ::testing::Values(
        BadBody{"", "request"}, BadBody{"   ", "request"}, BadBody{"{", "request"},
        BadBody{R"({"Pod": {}, "NodeNames": ["a"])", "request"},  // truncated
        BadBody{R"({"Pod": {}, "NodeNames": ["a"]} xyz)", "request"},
        BadBody{R"({"Pod": {}, "NodeNames": ["a"]}{})", "trailing"}, BadBody{R"(["a"])", "request"},
        BadBody{R"("Pod")", "request"}, BadBody{R"({"Pod": {}, "NodeNames": ["a",]})", "NodeNames"},
        BadBody{R"({Pod: {}})", "request"}, BadBody{R"({"Pod": "trainer-0", "NodeNames": ["a"]})", "Pod"},
        BadBody{R"({"Pod": [], "NodeNames": ["a"]})", "Pod"},
        BadBody{R"({"Pod": {"metadata": "x"}, "NodeNames": ["a"]})", "Pod.metadata"},
        BadBody{R"({"Pod": {"metadata": {"name": 5}}, "NodeNames": ["a"]})", "Pod.metadata.name"},
        BadBody{R"({"Pod": {"metadata": {"namespace": true}}, "NodeNames": ["a"]})", "Pod.metadata.namespace"},
        BadBody{R"({"Pod": {"metadata": {"labels": ["a=b"]}}, "NodeNames": ["a"]})", "Pod.metadata.labels"},
        BadBody{R"({"Pod": {"metadata": {"labels": {"a": 1}}}, "NodeNames": ["a"]})", "Pod.metadata.labels.a"},
        BadBody{R"({"Pod": {"metadata": {"annotations": {"x": {}}}}, "NodeNames": ["a"]})",
                "Pod.metadata.annotations.x"},
        BadBody{R"({"Pod": {"spec": []}, "NodeNames": ["a"]})", "Pod.spec"},
        BadBody{R"({"Pod": {"spec": {"volumes": {}}}, "NodeNames": ["a"]})", "Pod.spec.volumes"},
        BadBody{R"({"Pod": {"spec": {"volumes": ["v"]}}, "NodeNames": ["a"]})", "Pod.spec.volumes[]"},
        BadBody{R"({"Pod": {"spec": {"volumes": [{"persistentVolumeClaim": "c"}]}}, "NodeNames": ["a"]})",
                "persistentVolumeClaim"},
        BadBody{R"({"Pod": {"spec": {"volumes": [{"persistentVolumeClaim": {"claimName": 1}}]}}, "NodeNames": []})",
                "claimName"},
        BadBody{R"({"Pod": {}, "NodeNames": "a,b"})", "NodeNames"},
        BadBody{R"({"Pod": {}, "NodeNames": {"a": 1}})", "NodeNames"},
        BadBody{R"({"Pod": {}, "NodeNames": ["a", 2]})", "NodeNames[]"},
        BadBody{R"({"Pod": {}, "NodeNames": [null]})", "NodeNames[]"},
        BadBody{R"({"Pod": {}, "Nodes": ["a"]})", "Nodes"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": {}}})", "Nodes.items"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": ["a"]}})", "Nodes.items[]"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": [{"metadata": []}]}})", "Nodes.items[].metadata"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": [{"metadata": {"name": 1}}]}})", "Nodes.items[].metadata.name"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": [{"metadata": {"name": "a"}}, {"metadata": {}}]}})",
                "Nodes.items[1]: node without metadata.name"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": [{"spec": {}}]}})", "node without metadata.name"},
        BadBody{R"({"Pod": {}, "Nodes": {"items": [{"metadata": {"name": ""}}]}})", "node without metadata.name"}));

TEST(ParseExtenderArgs, EveryTruncationOfARealBodyIsAnError) {
  for (const auto* name : {"args_node_names.json", "args_nodes.json"}) {
    const auto full = golden(name);
    // Without its closing brace and beyond: every proper prefix of the object is malformed JSON.
    const auto end = full.rfind('}');
    for (std::size_t len = 0; len <= end; ++len) {
      const auto body = padded(full.substr(0, len));
      auto args = parse(body, true);
      ASSERT_FALSE(args.ok()) << name << " cut at " << len << ": ..." << body.substr(len > 40 ? len - 40 : 0);
      ASSERT_EQ(args.error().code, ErrorCode::kParse);
    }
  }
}

TEST(ParseExtenderArgs, RefusesABufferWithoutPadding) {
  std::string body = R"({"Pod":{},"NodeNames":["a"]})";
  auto args = parse_extender_args(body, body.size(), ParseOptions{});
  ASSERT_FALSE(args.ok());
  EXPECT_EQ(args.error().code, ErrorCode::kInternal);
  EXPECT_THAT(args.error().message, HasSubstr("padding"));
}

TEST(ParseExtenderArgs, TheParserIsReusableAfterErrors) {
  const auto bad = padded(R"({"Pod": {"metadata": {"name": 5}}})");
  ASSERT_FALSE(parse(bad).ok());
  const auto good = padded(R"({"Pod": {"metadata": {"name": "p"}}, "NodeNames": ["a"]})");
  auto args = parse(good);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_EQ(args->pod.name, "p");
}

// --- replies ---

TEST(WriteFilterResult, NodeNamesFormGolden) {
  FilterResult r;
  r.form = NodesForm::kNodeNames;
  r.node_names = {"node-a1", "node-a2"};
  r.failed_and_unresolvable = {{"node-b1", "node node-b1 holds no cache worker"}};
  std::string out = "stale";
  write_filter_result(r, out);
  EXPECT_EQ(out, R"({"Nodes":null,"NodeNames":["node-a1","node-a2"],"FailedNodes":{},)"
                 R"("FailedAndUnresolvableNodes":{"node-b1":"node node-b1 holds no cache worker"},"Error":""})");
  const auto j = json::parse(out);
  EXPECT_TRUE(j["Nodes"].is_null());
  EXPECT_EQ(j["NodeNames"], json::parse(R"(["node-a1","node-a2"])"));
  EXPECT_TRUE(j["FailedNodes"].empty());
  EXPECT_EQ(j["FailedAndUnresolvableNodes"].size(), 1U);
  EXPECT_EQ(j["Error"], "");
}

TEST(WriteFilterResult, NodesFormReturnsTheInputObjectsVerbatim) {
  const auto body = golden("args_nodes.json");
  auto args = parse(body, true);
  ASSERT_TRUE(args.ok()) << args.error().message;
  FilterResult r;
  r.form = NodesForm::kNodes;
  r.node_json = {args->node_json[0], args->node_json[2]};
  r.failed = {{"node-a2", "why \"not\""}};
  r.failed_and_unresolvable = {{"node-c1", "far away"}};
  r.error = "";
  std::string out;
  write_filter_result(r, out);
  EXPECT_EQ(out, R"({"Nodes":{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[)" +
                     std::string(args->node_json[0]) + "," + std::string(args->node_json[2]) +
                     R"(]},"NodeNames":null,"FailedNodes":{"node-a2":"why \"not\""},)"
                     R"("FailedAndUnresolvableNodes":{"node-c1":"far away"},"Error":""})");
  const auto j = json::parse(out);
  const auto sent = json::parse(body);
  ASSERT_EQ(j["Nodes"]["items"].size(), 2U);
  EXPECT_EQ(j["Nodes"]["items"][0], sent["Nodes"]["items"][0]);
  EXPECT_EQ(j["Nodes"]["items"][1], sent["Nodes"]["items"][2]);
  EXPECT_TRUE(j["NodeNames"].is_null());
  EXPECT_EQ(j["FailedNodes"]["node-a2"], "why \"not\"");
}

TEST(WriteFilterResult, EmptyAndErrorReplies) {
  FilterResult names;
  std::string out;
  write_filter_result(names, out);
  EXPECT_EQ(out, R"({"Nodes":null,"NodeNames":[],"FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":""})");

  FilterResult nodes;
  nodes.form = NodesForm::kNodes;
  nodes.error = "snapshot\tnot \"ready\"";
  write_filter_result(nodes, out);
  EXPECT_EQ(out, R"({"Nodes":{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[]},"NodeNames":null,)"
                 R"("FailedNodes":{},"FailedAndUnresolvableNodes":{},"Error":"snapshot\tnot \"ready\""})");
  EXPECT_EQ(json::parse(out)["Error"], "snapshot\tnot \"ready\"");
}

TEST(WriteError, IsAnExtenderErrorBody) {
  std::string out = "old";
  write_error("bad \"json\"\n", out);
  EXPECT_EQ(out, R"({"Error":"bad \"json\"\n"})");
  EXPECT_EQ(json::parse(out)["Error"], "bad \"json\"\n");
}

TEST(WriteHostPriorityList, Golden) {
  std::string out = "old";
  const std::vector<std::string_view> hosts{"node-a1", "node-a2", "node-b1"};
  write_host_priority_list(hosts, {10, 4, 0}, out);
  EXPECT_EQ(out, R"([{"Host":"node-a1","Score":10},{"Host":"node-a2","Score":4},{"Host":"node-b1","Score":0}])");
  const auto j = json::parse(out);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[1]["Host"], "node-a2");
  EXPECT_EQ(j[1]["Score"], 4);
}

TEST(WriteHostPriorityList, EmptyClampedMissingAndEscaped) {
  std::string out;
  write_host_priority_list({}, {}, out);
  EXPECT_EQ(out, "[]");
  // Scores above MaxExtenderPriority are clamped; a missing score is 0.
  write_host_priority_list({"a", "b", "c"}, {11, 255}, out);
  EXPECT_EQ(out, R"([{"Host":"a","Score":10},{"Host":"b","Score":10},{"Host":"c","Score":0}])");
  write_host_priority_list({"we\"ird\\", "ctl\x01"}, {1, 2}, out);
  EXPECT_EQ(out, R"([{"Host":"we\"ird\\","Score":1},{"Host":"ctl\u0001","Score":2}])");
  const auto j = json::parse(out);
  EXPECT_EQ(j[0]["Host"], "we\"ird\\");
  EXPECT_EQ(j[1]["Host"], "ctl\x01");
}

TEST(WriteHostPriorityList, EveryScoreRendersAsItsNumber) {
  std::vector<std::string_view> hosts;
  std::vector<std::uint8_t> scores;
  std::vector<std::string> names;
  for (int s = 0; s <= kMaxExtenderPriority; ++s) {
    names.push_back("n" + std::to_string(s));
  }
  for (int s = 0; s <= kMaxExtenderPriority; ++s) {
    hosts.emplace_back(names[static_cast<std::size_t>(s)]);
    scores.push_back(static_cast<std::uint8_t>(s));
  }
  std::string out;
  write_host_priority_list(hosts, scores, out);
  const auto j = json::parse(out);
  ASSERT_EQ(j.size(), hosts.size());
  for (int s = 0; s <= kMaxExtenderPriority; ++s) {
    EXPECT_EQ(j[static_cast<std::size_t>(s)]["Score"], s);
    EXPECT_EQ(j[static_cast<std::size_t>(s)]["Host"], names[static_cast<std::size_t>(s)]);
  }
}

struct OmitZeroCase {
  const char* name;
  std::vector<std::string_view> hosts;
  std::vector<std::uint8_t> scores;
  bool with_prefixes;  // known hosts take their pre-rendered prefix, unknown ones (kNoPrefix) are rendered
  const char* want;
};

void PrintTo(const OmitZeroCase& c, std::ostream* os) { *os << c.name; }

class WriteHostPriorityListOmittingZeros : public ::testing::TestWithParam<OmitZeroCase> {};

TEST_P(WriteHostPriorityListOmittingZeros, LeavesOutExactlyTheZeroScores) {
  const auto& c = GetParam();
  // Prefixes for "a" and "c" only; "b" and anything else is rendered on the spot.
  const HostPrefixes prefixes({"a", "c"});
  std::vector<std::uint32_t> index;
  for (auto host : c.hosts) {
    index.push_back(host == "a" ? 0U : host == "c" ? 1U : kNoPrefix);
  }
  std::string out = "old";
  write_host_priority_list(c.hosts, c.scores, out, c.with_prefixes ? &prefixes : nullptr,
                           c.with_prefixes ? &index : nullptr, true);
  EXPECT_EQ(out, c.want);
  EXPECT_TRUE(json::parse(out).is_array()) << "kube-scheduler decodes a slice: [] and never null";

  // The full list, minus its zero entries, is the omitting one: the same hosts, order and scores.
  std::string full;
  write_host_priority_list(c.hosts, c.scores, full, c.with_prefixes ? &prefixes : nullptr,
                           c.with_prefixes ? &index : nullptr, false);
  json kept = json::array();
  for (const auto& entry : json::parse(full)) {
    if (entry["Score"] != 0) {
      kept.push_back(entry);
    }
  }
  EXPECT_EQ(json::parse(out), kept);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WriteHostPriorityListOmittingZeros,
    ::testing::Values(
        OmitZeroCase{"no_hosts", {}, {}, false, "[]"},
        // Every score 0 (e.g. no snapshot yet, or a pod whose dataset is cached nowhere): an empty list, not null.
        OmitZeroCase{"all_zero", {"a", "b", "c"}, {0, 0, 0}, false, "[]"},
        OmitZeroCase{"all_zero_prefixed", {"a", "b", "c"}, {0, 0, 0}, true, "[]"},
        // A missing score is 0, so "c" goes; 11 clamps to 10 and stays.
        OmitZeroCase{"missing_and_clamped", {"a", "b", "c"}, {11, 0}, false, R"([{"Host":"a","Score":10}])"},
        // First entry left out: no leading comma before the first kept one.
        OmitZeroCase{
            "first_zero", {"a", "b", "c"}, {0, 3, 7}, true, R"([{"Host":"b","Score":3},{"Host":"c","Score":7}])"},
        // Last entry left out: no trailing comma.
        OmitZeroCase{
            "last_zero", {"a", "b", "c"}, {1, 2, 0}, true, R"([{"Host":"a","Score":1},{"Host":"b","Score":2}])"},
        OmitZeroCase{"middle_zero_escaped",
                     {"we\"ird", "b", "c"},
                     {5, 0, 10},
                     false,
                     R"([{"Host":"we\"ird","Score":5},{"Host":"c","Score":10}])"},
        OmitZeroCase{"none_zero", {"a", "b"}, {4, 9}, true, R"([{"Host":"a","Score":4},{"Host":"b","Score":9}])"}),
    [](const ::testing::TestParamInfo<OmitZeroCase>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace cachepilot::extender::v1
