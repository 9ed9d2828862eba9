// The CacheAutoscaler CRD (deploy/autoscaler/crd-cacheautoscaler.yaml) against a real kube-apiserver 1.20
// (tests/support/control_plane.hpp), read back through the product's own decoder
// (autoscaler/cacheautoscaler_v1alpha1.hpp):
//
//   CrdIsServedWithShortNameStatusAndColumns   Established, discovery (short name, categories, /status, no
//                                              /scale), the printer columns as kubectl asks for them (Table)
//   ShippedExamplesAreAccepted                 deploy/autoscaler/examples as written; defaults filled in
//   DefaultsAreApplied                         minReplicas, mode, leadTime, targetUtilization, scaleDown
//   InvalidSpecsAreRefusedNamingTheField       a table of bad specs, each 422 with the field in the message
//                                              and in details.causes
//   SchemaGapsAreAcceptedAndFlaggedByValidateSpec   what 1.20 schemas cannot say is caught by validate_spec
//   StatusGoesThroughTheStatusSubresourceOnly  encode_status via PUT and merge patch on /status; the main
//                                              resource ignores status, /status ignores spec; bad status 422
//
// Each test stands alone (ctest runs each in its own process with its own control plane).
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autoscaler/cacheautoscaler_v1alpha1.hpp"
#include "cluster/dump.hpp"
#include "tests/support/control_plane.hpp"

namespace cachepilot::testing {
namespace {

using autoscaler::CacheAutoscaler;
using autoscaler::CacheAutoscalerStatus;
using autoscaler::decode_cache_autoscaler;
using autoscaler::encode_status;
using autoscaler::IntOrString;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kSourceDir = CACHEPILOT_SOURCE_DIR;
const std::string kCrdFile = kSourceDir + "/deploy/autoscaler/crd-cacheautoscaler.yaml";
constexpr const char* kCrdName = "cacheautoscalers.cachepilot.io";
constexpr const char* kNamespace = "ai";

std::string collection(const std::string& ns) {
  return "/apis/cachepilot.io/v1alpha1/namespaces/" + ns + "/cacheautoscalers";
}
std::string object_path(const std::string& ns, const std::string& name) { return collection(ns) + "/" + name; }

Json load_yaml(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw E2eError("cannot read " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = cluster::yaml_to_json(text.str());
  if (!parsed.ok()) {
    throw E2eError(path + ": " + parsed.error().message);
  }
  return std::move(parsed).value();
}

CacheAutoscaler decode(const Json& object) {
  auto decoded = decode_cache_autoscaler(object);
  if (!decoded.ok()) {
    throw E2eError("decode_cache_autoscaler: " + decoded.error().message + " in " + object.dump());
  }
  return std::move(decoded).value();
}

// The smallest valid object: a JuiceFS runtime (it has a default demand query).
Json minimal(const std::string& name, const std::string& ns) {
  return {{"apiVersion", "cachepilot.io/v1alpha1"},
          {"kind", "CacheAutoscaler"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec",
           {{"targetRef", {{"apiVersion", "data.fluid.io/v1alpha1"}, {"kind", "JuiceFSRuntime"}, {"name", name}}},
            {"maxReplicas", 4},
            {"workerThroughput", "200Mi"}}}};
}

// The cell of `column` in a Table's row; throws when the column is missing.
Json cell(const Json& table, const std::string& column, std::size_t row = 0) {
  const auto& definitions = table["columnDefinitions"];
  for (std::size_t k = 0; k < definitions.size(); ++k) {
    if (definitions[k]["name"] == column) {
      return table["rows"][row]["cells"][k];
    }
  }
  throw E2eError("no column " + column + " in " + definitions.dump());
}

class CacheAutoscalerCrdTest : public ControlPlaneTest {
 public:
  // No Fluid CRDs and no extender RBAC: a CacheAutoscaler names its runtime, the apiserver does not check it.
  static void SetUpTestSuite() {
    start_shared({.runtime_kinds = {}, .extender_rbac = false, .namespaces = {kNamespace}});
  }

 protected:
  void SetUp() override {
    ControlPlaneTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    cp().install_crd_file(kCrdFile);  // idempotent: the suite shares one control plane when run directly
  }

  // GET as `kubectl get` asks for it: a server-side meta.k8s.io/v1 Table with the CRD's printer columns. Through
  // curl (a dependency of scripts/setup): net::HttpClient always sends "Accept: application/json", and a
  // request header is added after it, so the apiserver would pick plain JSON.
  static Json get_table(const std::string& path) {
    const auto headers = cp().dir() + "/table-request-headers";
    {
      std::ofstream out(headers);
      out << "Authorization: Bearer " << cp().token_for("admin") << "\n"
          << "Accept: application/json;as=Table;v=v1;g=meta.k8s.io\n";
    }
    const auto command = "curl -sS --max-time 15 --cacert '" + cp().ca_file() + "' -H @'" + headers +
                         "' -w '\\n%{http_code}' '" + cp().api_url() + path + "' 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
      throw E2eError("cannot run curl");
    }
    std::string output;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
      output.append(buf.data(), n);
    }
    const int rc = ::pclose(pipe);
    const auto last = output.rfind('\n');
    const std::string status = last == std::string::npos ? "" : output.substr(last + 1);
    if (rc != 0 || status != "200") {
      throw E2eError("GET " + path + " as a Table (curl exit " + std::to_string(rc) + ", HTTP " + status +
                     "): " + output.substr(0, 2000));
    }
    return Json::parse(output.substr(0, last));
  }
};

// --------------------------------------------------------------------------------------------------------------

TEST_F(CacheAutoscalerCrdTest, CrdIsServedWithShortNameStatusAndColumns) {
  auto& kube = api();
  const std::string ns = "columns";
  kube.create_namespace(ns);
  const auto crd = kube.get(paths::crd(kCrdName));
  EXPECT_EQ(crd["spec"]["scope"], "Namespaced");
  EXPECT_EQ(crd["spec"]["names"]["kind"], "CacheAutoscaler");
  ASSERT_EQ(crd["spec"]["versions"].size(), 1U);
  const auto& version = crd["spec"]["versions"][0];
  EXPECT_EQ(version["name"], "v1alpha1");
  EXPECT_TRUE(version["served"].get<bool>());
  EXPECT_TRUE(version["storage"].get<bool>());
  // The apiserver accepted the schema as structural (else NonStructuralSchema would be True).
  for (const auto& c : crd["status"]["conditions"]) {
    if (c["type"] == "NonStructuralSchema") {
      ADD_FAILURE() << c.dump();
    }
  }

  // Discovery, as kubectl resolves `kubectl get cas`.
  const auto discovery = kube.get("/apis/cachepilot.io/v1alpha1");
  std::set<std::string> resources;
  for (const auto& r : discovery["resources"]) {
    resources.insert(r["name"].get<std::string>());
    if (r["name"] == "cacheautoscalers") {
      EXPECT_EQ(r["kind"], "CacheAutoscaler");
      EXPECT_TRUE(r["namespaced"].get<bool>());
      EXPECT_EQ(r["shortNames"], Json::array({"cas"}));
      EXPECT_EQ(r["categories"], Json::array({"cachepilot"}));
    }
  }
  EXPECT_EQ(resources, (std::set<std::string>{"cacheautoscalers", "cacheautoscalers/status"}));

  // The printer columns, as kubectl get (priority 0) and kubectl get -o wide (priority 1) show them.
  auto example = load_yaml(kSourceDir + "/deploy/autoscaler/examples/juicefs-imagenet.yaml");
  example["metadata"]["namespace"] = ns;
  kube.create(collection(ns), example);
  const auto table = get_table(collection(ns));
  EXPECT_EQ(table["kind"], "Table");
  std::vector<std::string> columns;
  std::vector<std::string> wide;
  for (const auto& c : table["columnDefinitions"]) {
    (c.value("priority", 0) == 0 ? columns : wide).push_back(c["name"].get<std::string>());
  }
  EXPECT_THAT(columns,
              ElementsAre("Name", "Target", "Mode", "Min", "Max", "Desired", "Current", "Demand", "Ready", "Age"));
  EXPECT_THAT(wide, ElementsAre("Kind", "Forecast", "Lead"));
  ASSERT_EQ(table["rows"].size(), 1U);
  ASSERT_EQ(table["rows"][0]["cells"].size(), 13U) << table["rows"][0].dump();
  EXPECT_EQ(cell(table, "Name"), "imagenet");
  EXPECT_EQ(cell(table, "Target"), "imagenet");
  EXPECT_EQ(cell(table, "Kind"), "JuiceFSRuntime");
  EXPECT_EQ(cell(table, "Mode"), "Predictive");
  EXPECT_EQ(cell(table, "Min"), 2);
  EXPECT_EQ(cell(table, "Max"), 12);
  EXPECT_TRUE(cell(table, "Desired").is_null());  // no status yet
  EXPECT_TRUE(cell(table, "Ready").is_null());
  EXPECT_EQ(cell(table, "Lead"), "90");
}

TEST_F(CacheAutoscalerCrdTest, ShippedExamplesAreAccepted) {
  auto& kube = api();
  const std::string ns = kNamespace;  // the examples' own
  const auto alluxio_file = load_yaml(kSourceDir + "/deploy/autoscaler/examples/alluxio-llama-7b.yaml");
  const auto juicefs_file = load_yaml(kSourceDir + "/deploy/autoscaler/examples/juicefs-imagenet.yaml");

  const auto alluxio = decode(kube.create(collection(ns), alluxio_file));
  EXPECT_EQ(alluxio.metadata.name, "llama-7b");
  EXPECT_EQ(alluxio.generation, 1);
  EXPECT_EQ(alluxio.spec.targetRef.kind, "AlluxioRuntime");
  EXPECT_EQ(alluxio.spec.workerThroughput, IntOrString::of("400Mi"));
  EXPECT_EQ(alluxio.spec.leadTime, IntOrString::of("auto"));
  EXPECT_THAT(alluxio.spec.demandQuery.value_or(""), HasSubstr("cachepilot:alluxio_dataset_read_bytes:rate1m"));
  ASSERT_TRUE(alluxio.spec.cacheCapacityFloor.has_value());
  EXPECT_EQ(alluxio.spec.cacheCapacityFloor->fromDataset, true);
  EXPECT_DOUBLE_EQ(alluxio.spec.cacheCapacityFloor->fraction, 0.5);
  EXPECT_EQ(alluxio.spec.scaleDown.stabilizationSeconds, 600);
  EXPECT_DOUBLE_EQ(alluxio.spec.scaleDown.unmetPrice, 10);
  EXPECT_EQ(alluxio.spec.podReadSeconds, 40);
  EXPECT_TRUE(autoscaler::validate_spec(alluxio.spec).empty())
      << autoscaler::describe(autoscaler::validate_spec(alluxio.spec));

  const auto juicefs_json = kube.create(collection(ns), juicefs_file);
  const auto juicefs = decode(juicefs_json);
  EXPECT_EQ(juicefs.spec.targetRef.kind, "JuiceFSRuntime");
  EXPECT_FALSE(juicefs.spec.demandQuery.has_value());
  EXPECT_EQ(juicefs.spec.leadTime, IntOrString::of(90));
  EXPECT_EQ(juicefs.spec.workerThroughput, IntOrString::of("1G"));
  EXPECT_EQ(juicefs.spec.podReadThroughput, IntOrString::of("150Mi"));
  // Left out of the file, filled in by the apiserver.
  EXPECT_EQ(juicefs_json["spec"]["scaleDown"],
            Json({{"stabilizationSeconds", 0}, {"unmetPrice", 7}, {"costBudget", 1.97}}));
  EXPECT_EQ(juicefs_json["spec"]["cacheCapacityFloor"]["fraction"], 1);
  EXPECT_TRUE(autoscaler::validate_spec(juicefs.spec).empty())
      << autoscaler::describe(autoscaler::validate_spec(juicefs.spec));

  // Listed back through the decoder.
  const auto items = kube.list_items(collection(ns));
  ASSERT_EQ(items.size(), 2U);
  for (const auto& item : items) {
    EXPECT_TRUE(decode_cache_autoscaler(item).ok()) << item.dump();
  }
}

TEST_F(CacheAutoscalerCrdTest, DefaultsAreApplied) {
  auto& kube = api();
  const std::string ns = "defaults";
  kube.create_namespace(ns);
  auto object = minimal("defaults", ns);
  object["spec"]["minReplica"] = 3;  // a typo: 1.20 prunes unknown fields silently
  const auto created = kube.create(collection(ns), object);
  const auto& spec = created["spec"];
  EXPECT_EQ(spec["minReplicas"], 1);
  EXPECT_EQ(spec["mode"], "Predictive");
  EXPECT_EQ(spec["leadTime"], "auto");
  EXPECT_EQ(spec["targetUtilization"], 0.7);
  EXPECT_EQ(spec["scaleDown"]["stabilizationSeconds"], 0);
  EXPECT_EQ(spec["scaleDown"]["unmetPrice"], 7);
  EXPECT_EQ(spec["scaleDown"]["costBudget"], 1.97);
  EXPECT_FALSE(spec.contains("minReplica"));
  EXPECT_FALSE(spec.contains("demandQuery"));
  EXPECT_FALSE(spec.contains("podReadThroughput"));  // no default: learned only
  EXPECT_FALSE(spec.contains("podReadSeconds"));     // no default: seen only
  EXPECT_FALSE(spec.contains("cacheCapacityFloor"));

  const auto cas = decode(kube.get(object_path(ns, "defaults")));
  EXPECT_EQ(cas.spec.minReplicas, 1);
  EXPECT_EQ(autoscaler::parse_mode(cas.spec.mode), autoscaler::Mode::kPredictive);
  EXPECT_EQ(autoscaler::lead_time_seconds(cas.spec), std::nullopt);
  EXPECT_DOUBLE_EQ(cas.spec.targetUtilization, 0.7);
  EXPECT_EQ(cas.spec.scaleDown.stabilizationSeconds, 0);
  EXPECT_DOUBLE_EQ(cas.spec.scaleDown.unmetPrice, 7);
  EXPECT_DOUBLE_EQ(cas.spec.scaleDown.costBudget, 1.97);
  EXPECT_EQ(autoscaler::worker_throughput_bytes_per_second(cas.spec).value(), 200.0 * 1024 * 1024);

  // An explicit scaleDown without the field still gets it; explicit values are kept.
  auto explicit_values = minimal("explicit", ns);
  explicit_values["spec"].update(Json{{"minReplicas", 0},
                                      {"mode", "DryRun"},
                                      {"leadTime", 3600},
                                      {"targetUtilization", 1},
                                      {"scaleDown", Json::object()}});
  const auto kept = kube.create(collection(ns), explicit_values)["spec"];
  EXPECT_EQ(kept["minReplicas"], 0);
  EXPECT_EQ(kept["mode"], "DryRun");
  EXPECT_EQ(kept["leadTime"], 3600);
  EXPECT_EQ(kept["targetUtilization"], 1);
  EXPECT_EQ(kept["scaleDown"]["stabilizationSeconds"], 0);
  EXPECT_EQ(kept["scaleDown"]["unmetPrice"], 7);
  EXPECT_EQ(kept["scaleDown"]["costBudget"], 1.97);
}

TEST_F(CacheAutoscalerCrdTest, InvalidSpecsAreRefusedNamingTheField) {
  struct Case {
    const char* what;
    const char* patch;   // JSON merge patch on minimal(); null removes a field
    const char* field;   // in the message and in details.causes[].field
    const char* detail;  // substring of the message
  };
  const Case cases[] = {
      {"no spec", R"({"spec": null})", "spec", "Required value"},
      {"missing maxReplicas", R"({"spec": {"maxReplicas": null}})", "spec.maxReplicas", "Required value"},
      {"missing workerThroughput", R"({"spec": {"workerThroughput": null}})", "spec.workerThroughput",
       "Required value"},
      {"missing targetRef", R"({"spec": {"targetRef": null}})", "spec.targetRef", "Required value"},
      {"missing targetRef.name", R"({"spec": {"targetRef": {"name": null}}})", "spec.targetRef.name", "Required value"},
      {"missing targetRef.kind", R"({"spec": {"targetRef": {"kind": null}}})", "spec.targetRef.kind", "Required value"},
      {"minReplicas -1", R"({"spec": {"minReplicas": -1}})", "spec.minReplicas", "greater than or equal to 0"},
      {"minReplicas a string", R"({"spec": {"minReplicas": "2"}})", "spec.minReplicas", "must be of type integer"},
      {"maxReplicas 0", R"({"spec": {"maxReplicas": 0}})", "spec.maxReplicas", "greater than or equal to 1"},
      {"mode Fast", R"({"spec": {"mode": "Fast"}})", "spec.mode", "Unsupported value: \"Fast\""},
      {"workerThroughput lots", R"({"spec": {"workerThroughput": "lots"}})", "spec.workerThroughput", "should match"},
      {"workerThroughput in millis", R"({"spec": {"workerThroughput": "500m"}})", "spec.workerThroughput",
       "should match"},
      {"workerThroughput with a unit", R"({"spec": {"workerThroughput": "200MiB/s"}})", "spec.workerThroughput",
       "should match"},
      {"workerThroughput 0", R"({"spec": {"workerThroughput": 0}})", "spec.workerThroughput",
       "greater than or equal to 1"},
      {"workerThroughput 1.5", R"({"spec": {"workerThroughput": 1.5}})", "spec.workerThroughput", ""},
      {"leadTime soon", R"({"spec": {"leadTime": "soon"}})", "spec.leadTime", "should match '^auto$'"},
      {"leadTime 0", R"({"spec": {"leadTime": 0}})", "spec.leadTime", "greater than or equal to 1"},
      {"leadTime 3601", R"({"spec": {"leadTime": 3601}})", "spec.leadTime", "less than or equal to 3600"},
      {"kind Deployment", R"({"spec": {"targetRef": {"kind": "Deployment"}}})", "spec.targetRef.kind",
       "Unsupported value: \"Deployment\""},
      {"apiVersion apps/v1", R"({"spec": {"targetRef": {"apiVersion": "apps/v1"}}})", "spec.targetRef.apiVersion",
       "should match"},
      {"name not a DNS name", R"({"spec": {"targetRef": {"name": "Llama_7b"}}})", "spec.targetRef.name",
       "should match"},
      {"targetUtilization 0", R"({"spec": {"targetUtilization": 0}})", "spec.targetUtilization", "greater than 0"},
      {"targetUtilization 1.5", R"({"spec": {"targetUtilization": 1.5}})", "spec.targetUtilization",
       "less than or equal to 1"},
      {"demandQuery empty", R"({"spec": {"demandQuery": ""}})", "spec.demandQuery", "at least 1 chars long"},
      {"podReadThroughput fast", R"({"spec": {"podReadThroughput": "fast"}})", "spec.podReadThroughput",
       "should match"},
      {"podReadThroughput -1", R"({"spec": {"podReadThroughput": -1}})", "spec.podReadThroughput",
       "greater than or equal to 0"},
      {"podReadSeconds 0", R"({"spec": {"podReadSeconds": 0}})", "spec.podReadSeconds", "greater than or equal to 1"},
      {"podReadSeconds 86401", R"({"spec": {"podReadSeconds": 86401}})", "spec.podReadSeconds",
       "less than or equal to 86400"},
      {"podReadSeconds 40s", R"({"spec": {"podReadSeconds": "40s"}})", "spec.podReadSeconds",
       "must be of type integer"},
      {"floor without perWorkerCacheBytes", R"({"spec": {"cacheCapacityFloor": {"fromDataset": true}}})",
       "spec.cacheCapacityFloor.perWorkerCacheBytes", "Required value"},
      {"floor fromDataset yes",
       R"({"spec": {"cacheCapacityFloor": {"fromDataset": "yes", "perWorkerCacheBytes": "1Gi"}}})",
       "spec.cacheCapacityFloor.fromDataset", "must be of type boolean"},
      {"floor datasetBytes huge",
       R"({"spec": {"cacheCapacityFloor": {"datasetBytes": "huge", "perWorkerCacheBytes": "1Gi"}}})",
       "spec.cacheCapacityFloor.datasetBytes", "should match"},
      {"floor fraction 1.5",
       R"({"spec": {"cacheCapacityFloor": {"fromDataset": true, "perWorkerCacheBytes": "1Gi", "fraction": 1.5}}})",
       "spec.cacheCapacityFloor.fraction", "less than or equal to 1"},
      {"stabilization 86401", R"({"spec": {"scaleDown": {"stabilizationSeconds": 86401}}})",
       "spec.scaleDown.stabilizationSeconds", "less than or equal to 86400"},
      {"stabilization -1", R"({"spec": {"scaleDown": {"stabilizationSeconds": -1}}})",
       "spec.scaleDown.stabilizationSeconds", "greater than or equal to 0"},
      {"unmet price -1", R"({"spec": {"scaleDown": {"unmetPrice": -1}}})", "spec.scaleDown.unmetPrice",
       "greater than or equal to 0"},
      {"unmet price 1001", R"({"spec": {"scaleDown": {"unmetPrice": 1001}}})", "spec.scaleDown.unmetPrice",
       "less than or equal to 1000"},
      {"cost budget 101", R"({"spec": {"scaleDown": {"costBudget": 101}}})", "spec.scaleDown.costBudget",
       "less than or equal to 100"},
  };
  auto& kube = api();
  const std::string ns = "invalid";
  kube.create_namespace(ns);
  int i = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto name = "bad-" + std::to_string(i++);
    auto object = minimal(name, ns);
    object.merge_patch(Json::parse(c.patch));
    const auto response = kube.send_json("POST", collection(ns), object);
    ASSERT_EQ(response.status, 422U) << response.body;
    EXPECT_THAT(response.message(), HasSubstr(std::string(c.field) + ": ")) << response.body;
    EXPECT_THAT(response.message(), HasSubstr(c.detail));
    std::set<std::string> fields;
    for (const auto& cause : response.json()["details"].value("causes", Json::array())) {
      fields.insert(cause.value("field", ""));
    }
    EXPECT_EQ(fields.count(c.field), 1U) << response.body;
    EXPECT_FALSE(kube.find(object_path(ns, name)).has_value());
  }

  // An update is held to the same schema.
  kube.create(collection(ns), minimal("updated", ns));
  auto object = kube.get(object_path(ns, "updated"));
  object["spec"]["mode"] = "Fast";
  const auto response = kube.send_json("PUT", object_path(ns, "updated"), object);
  EXPECT_EQ(response.status, 422U) << response.body;
  EXPECT_THAT(response.message(), HasSubstr("spec.mode"));
}

// What a 1.20 structural schema cannot express is accepted at admission; validate_spec names it, for the
// controller to report in status instead of acting.
TEST_F(CacheAutoscalerCrdTest, SchemaGapsAreAcceptedAndFlaggedByValidateSpec) {
  struct Case {
    const char* what;
    const char* patch;
    const char* field;
    const char* reason;
  };
  const Case cases[] = {
      {"min above max", R"({"spec": {"minReplicas": 5, "maxReplicas": 3}})", "spec.minReplicas",
       "5 is above spec.maxReplicas (3)"},
      {"throughput parses to 0", R"({"spec": {"workerThroughput": "0Gi"}})", "spec.workerThroughput",
       "is 0 bytes per second"},
      {"ThinRuntime", R"({"spec": {"targetRef": {"kind": "ThinRuntime"}}})", "spec.targetRef.kind",
       "no /scale subresource"},
      {"Alluxio without a demand query", R"({"spec": {"targetRef": {"kind": "AlluxioRuntime"}}})", "spec.demandQuery",
       "required for AlluxioRuntime"},
      {"floor without a size", R"({"spec": {"cacheCapacityFloor": {"perWorkerCacheBytes": "1Gi"}}})",
       "spec.cacheCapacityFloor.datasetBytes", "required unless fromDataset is true"},
      {"floor with two sizes",
       R"({"spec": {"cacheCapacityFloor": {"datasetBytes": "1Ti", "fromDataset": true,
                                          "perWorkerCacheBytes": "1Gi"}}})",
       "spec.cacheCapacityFloor", "both datasetBytes and fromDataset"},
  };
  auto& kube = api();
  const std::string ns = "gaps";
  kube.create_namespace(ns);
  int i = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto object = minimal("gap-" + std::to_string(i++), ns);
    object.merge_patch(Json::parse(c.patch));
    const auto cas = decode(kube.create(collection(ns), object));
    const auto problems = autoscaler::validate_spec(cas.spec);
    ASSERT_EQ(problems.size(), 1U) << autoscaler::describe(problems);
    EXPECT_EQ(problems[0].field, c.field);
    EXPECT_THAT(problems[0].reason, HasSubstr(c.reason));
  }
}

TEST_F(CacheAutoscalerCrdTest, StatusGoesThroughTheStatusSubresourceOnly) {
  auto& kube = api();
  const std::string ns = "status-subresource";
  kube.create_namespace(ns);
  kube.create(collection(ns), minimal("scaler", ns));
  auto object = kube.get(object_path(ns, "scaler"));
  ASSERT_EQ(object["metadata"]["generation"], 1);

  CacheAutoscalerStatus status;
  status.observedGeneration = 1;
  status.observedDemand = 1.25e9;
  status.forecast = autoscaler::ForecastStatus{.mean = 9e8, .upper = 1.5e9, .horizonSeconds = 92};
  status.desiredReplicas = 4;
  status.currentReplicas = 3;
  status.lastScaleTime = "2024-05-01T10:00:00Z";
  status.lastScaleReason = "ScaleUp: forecast upper 1.5G/s at +92 s needs 4 workers of 200Mi/s at 70%";
  status.learnedLeadTimeSeconds = 87.5;
  status.learnedPodReadThroughput = 26.84e6;
  status.conditions = {
      {"Ready", "True", 1, "2024-05-01T09:00:00Z", "Valid", "the spec is valid and the target exists"},
      {"ScalingLimited", "True", 1, "2024-05-01T10:00:00Z", "TooManyReplicas", "wanted 6, maxReplicas is 4"},
      {"MetricsAvailable", "True", 1, "2024-05-01T09:00:00Z", "QuerySucceeded", ""}};

  // PUT /status with the encoder's output (optimistic concurrency through the resourceVersion).
  object["status"] = encode_status(status);
  const auto put = kube.replace(object_path(ns, "scaler") + "/status", object);
  EXPECT_EQ(put["metadata"]["generation"], 1);  // status writes do not bump the generation
  const auto read = decode(kube.get(object_path(ns, "scaler")));
  EXPECT_EQ(read.status, status);
  EXPECT_EQ(read.generation, 1);

  // A stale resourceVersion is a conflict, as the controller's retry loop expects.
  auto stale = object;
  stale["status"]["desiredReplicas"] = 2;
  EXPECT_EQ(kube.send_json("PUT", object_path(ns, "scaler") + "/status", stale).status, 409U);

  // The main resource ignores status changes (and takes spec changes, bumping the generation).
  auto main = kube.get(object_path(ns, "scaler"));
  main["status"]["desiredReplicas"] = 9;
  main["status"]["lastScaleReason"] = "written through the main resource";
  main["spec"]["maxReplicas"] = 6;
  const auto replaced = kube.replace(object_path(ns, "scaler"), main);
  EXPECT_EQ(replaced["metadata"]["generation"], 2);
  EXPECT_EQ(replaced["spec"]["maxReplicas"], 6);
  EXPECT_EQ(decode(replaced).status, status);
  kube.merge_patch(object_path(ns, "scaler"), {{"status", {{"currentReplicas", 0}}}});
  EXPECT_EQ(decode(kube.get(object_path(ns, "scaler"))).status, status);

  // /status ignores spec changes.
  auto via_status = kube.get(object_path(ns, "scaler"));
  via_status["spec"]["maxReplicas"] = 100;
  via_status["status"]["observedGeneration"] = 2;
  const auto after = kube.replace(object_path(ns, "scaler") + "/status", via_status);
  EXPECT_EQ(after["spec"]["maxReplicas"], 6);
  EXPECT_EQ(after["status"]["observedGeneration"], 2);

  // A merge patch on /status with a part of the encoder's output keeps the rest.
  CacheAutoscalerStatus next = status;
  next.observedGeneration = 2;
  next.observedDemand = 2e9;
  next.desiredReplicas = 6;
  const auto patched = decode(kube.merge_patch(
      object_path(ns, "scaler") + "/status",
      {{"status", {{"observedDemand", encode_status(next)["observedDemand"]}, {"desiredReplicas", 6}}}}));
  EXPECT_EQ(patched.status, next);
  EXPECT_EQ(kube.get(object_path(ns, "scaler"))["status"]["observedDemand"], "2G");

  // The status is typed too: bad values are refused, naming the field (1.20 names list items without an index).
  struct Bad {
    const char* patch;
    const char* field;
  };
  const Bad bad[] = {
      {R"({"status": {"desiredReplicas": -1}})", "status.desiredReplicas"},
      {R"({"status": {"observedDemand": "lots"}})", "status.observedDemand"},
      {R"({"status": {"lastScaleTime": "yesterday"}})", "status.lastScaleTime"},
      {R"({"status": {"conditions": [{"type": "Ready", "status": "Maybe", "lastTransitionTime":
           "2024-05-01T09:00:00Z", "reason": "Valid"}]}})",
       "status.conditions.status"},
      {R"({"status": {"conditions": [{"type": "Ready", "status": "True", "lastTransitionTime":
           "2024-05-01T09:00:00Z", "reason": "not valid!"}]}})",
       "status.conditions.reason"},
      {R"({"status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Valid"}]}})",
       "status.conditions.lastTransitionTime"},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.patch);
    const auto response = kube.send_json("PATCH", object_path(ns, "scaler") + "/status", Json::parse(b.patch),
                                         "application/merge-patch+json");
    ASSERT_EQ(response.status, 422U) << response.body;
    EXPECT_THAT(response.message(), HasSubstr(b.field));
  }

  // kubectl get shows the status columns.
  const auto table = get_table(object_path(ns, "scaler"));
  ASSERT_EQ(table["rows"].size(), 1U);
  EXPECT_EQ(cell(table, "Desired"), 6);
  EXPECT_EQ(cell(table, "Current"), 3);
  EXPECT_EQ(cell(table, "Demand"), "2G");
  EXPECT_EQ(cell(table, "Forecast"), "1.5G");
  EXPECT_EQ(cell(table, "Ready"), "True");
  EXPECT_EQ(cell(table, "Max"), 6);
}

}  // namespace
}  // namespace cachepilot::testing
