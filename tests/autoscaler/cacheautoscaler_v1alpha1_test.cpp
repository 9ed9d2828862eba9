// CacheAutoscaler wire types, table-driven: decoding (defaults, wrong types named by path), status encoding and
// its round trip, spec validation (what the CRD schema cannot refuse), quantity formatting, and the shipped
// examples in deploy/autoscaler/examples (decoded and valid).
#include "autoscaler/cacheautoscaler_v1alpha1.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cluster/dump.hpp"

namespace cachepilot::autoscaler {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// A complete object as the API server returns it (defaults applied, status written).
json full_object() {
  return json::parse(R"json({
    "apiVersion": "cachepilot.io/v1alpha1",
    "kind": "CacheAutoscaler",
    "metadata": {"name": "llama", "namespace": "ai", "uid": "u-1", "resourceVersion": "42", "generation": 3},
    "spec": {
      "targetRef": {"apiVersion": "data.fluid.io/v1alpha1", "kind": "AlluxioRuntime", "name": "llama"},
      "minReplicas": 2, "maxReplicas": 9,
      "workerThroughput": "400Mi",
      "targetUtilization": 0.8,
      "leadTime": 120,
      "mode": "DryRun",
      "demandQuery": "sum(rate(x[1m]))",
      "podReadThroughput": "25Mi",
      "podReadSeconds": 18,
      "cacheCapacityFloor": {"fromDataset": true, "perWorkerCacheBytes": "100Gi", "fraction": 0.5},
      "scaleDown": {"stabilizationSeconds": 600}
    },
    "status": {
      "observedGeneration": 3,
      "observedDemand": "1.25G",
      "forecast": {"mean": "900M", "upper": 1500000000, "horizonSeconds": 122},
      "desiredReplicas": 5, "currentReplicas": 4,
      "lastScaleTime": "2024-05-01T10:00:00Z",
      "lastScaleReason": "forecast upper 1.5G needs 5 workers",
      "learnedLeadTimeSeconds": 87.5,
      "learnedPodReadThroughput": "26.84M",
      "conditions": [
        {"type": "Ready", "status": "True", "observedGeneration": 3, "lastTransitionTime": "2024-05-01T09:00:00Z",
         "reason": "Valid", "message": ""},
        {"type": "MetricsAvailable", "status": "False", "lastTransitionTime": "2024-05-01T09:30:00Z",
         "reason": "PrometheusUnreachable", "message": "connection refused"}
      ]
    }
  })json");
}

// The smallest valid spec, as a user writes it (before the API server applies defaults).
json minimal_object() {
  return json::parse(R"({
    "apiVersion": "cachepilot.io/v1alpha1",
    "kind": "CacheAutoscaler",
    "metadata": {"name": "imagenet", "namespace": "ai"},
    "spec": {
      "targetRef": {"apiVersion": "data.fluid.io/v1alpha1", "kind": "JuiceFSRuntime", "name": "imagenet"},
      "maxReplicas": 4,
      "workerThroughput": 100000000
    }
  })");
}

TEST(DecodeCacheAutoscaler, EveryField) {
  auto decoded = decode_cache_autoscaler(full_object());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  const auto& cas = *decoded;
  EXPECT_EQ(cas.metadata.name, "llama");
  EXPECT_EQ(cas.metadata.namespace_, "ai");
  EXPECT_EQ(cas.metadata.resourceVersion, "42");
  EXPECT_EQ(cas.generation, 3);
  const auto& s = cas.spec;
  EXPECT_EQ(s.targetRef.apiVersion, "data.fluid.io/v1alpha1");
  EXPECT_EQ(s.targetRef.kind, "AlluxioRuntime");
  EXPECT_EQ(s.targetRef.name, "llama");
  EXPECT_EQ(s.minReplicas, 2);
  EXPECT_EQ(s.maxReplicas, 9);
  EXPECT_EQ(s.workerThroughput, IntOrString::of("400Mi"));
  EXPECT_DOUBLE_EQ(s.targetUtilization, 0.8);
  EXPECT_EQ(s.leadTime, IntOrString::of(120));
  EXPECT_EQ(s.mode, "DryRun");
  EXPECT_EQ(s.demandQuery, "sum(rate(x[1m]))");
  ASSERT_TRUE(s.cacheCapacityFloor.has_value());
  EXPECT_FALSE(s.cacheCapacityFloor->datasetBytes.has_value());
  EXPECT_EQ(s.cacheCapacityFloor->fromDataset, true);
  EXPECT_EQ(s.cacheCapacityFloor->perWorkerCacheBytes, IntOrString::of("100Gi"));
  EXPECT_DOUBLE_EQ(s.cacheCapacityFloor->fraction, 0.5);
  EXPECT_EQ(s.scaleDown.stabilizationSeconds, 600);
  EXPECT_TRUE(validate_spec(s).empty()) << describe(validate_spec(s));
  EXPECT_EQ(worker_throughput_bytes_per_second(s).value(), 400.0 * 1024 * 1024);
  EXPECT_EQ(lead_time_seconds(s), 120);
  EXPECT_EQ(s.podReadThroughput, IntOrString::of("25Mi"));
  EXPECT_EQ(pod_read_throughput_bytes_per_second(s).value(), 25.0 * 1024 * 1024);
  EXPECT_EQ(s.podReadSeconds, 18);

  const auto& st = cas.status;
  EXPECT_EQ(st.observedGeneration, 3);
  EXPECT_EQ(st.observedDemand, 1.25e9);
  ASSERT_TRUE(st.forecast.has_value());
  EXPECT_EQ(st.forecast->mean, 9e8);
  EXPECT_EQ(st.forecast->upper, 1.5e9);  // a plain number is accepted too
  EXPECT_EQ(st.forecast->horizonSeconds, 122);
  EXPECT_EQ(st.desiredReplicas, 5);
  EXPECT_EQ(st.currentReplicas, 4);
  EXPECT_EQ(st.lastScaleTime, "2024-05-01T10:00:00Z");
  EXPECT_EQ(st.lastScaleReason, "forecast upper 1.5G needs 5 workers");
  EXPECT_EQ(st.learnedLeadTimeSeconds, 87.5);
  EXPECT_EQ(st.learnedPodReadThroughput, 26.84e6);
  ASSERT_EQ(st.conditions.size(), 2U);
  EXPECT_EQ(st.conditions[0], (Condition{"Ready", "True", 3, "2024-05-01T09:00:00Z", "Valid", ""}));
  EXPECT_EQ(st.conditions[1].reason, "PrometheusUnreachable");
  EXPECT_EQ(st.conditions[1].observedGeneration, 0);
}

TEST(DecodeCacheAutoscaler, MissingFieldsKeepTheCrdDefaults) {
  auto decoded = decode_cache_autoscaler(minimal_object());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  const auto& s = decoded->spec;
  EXPECT_EQ(s.minReplicas, 1);
  EXPECT_EQ(s.maxReplicas, 4);
  EXPECT_EQ(s.workerThroughput, IntOrString::of(100000000));
  EXPECT_EQ(s.workerThroughput.text(), "100000000");
  EXPECT_DOUBLE_EQ(s.targetUtilization, 0.7);
  EXPECT_EQ(s.leadTime, IntOrString::of("auto"));
  EXPECT_EQ(lead_time_seconds(s), std::nullopt);
  EXPECT_EQ(s.mode, "Predictive");
  EXPECT_EQ(parse_mode(s.mode), Mode::kPredictive);
  EXPECT_FALSE(s.demandQuery.has_value());
  EXPECT_FALSE(s.podReadThroughput.has_value());
  EXPECT_EQ(pod_read_throughput_bytes_per_second(s).value(), 0);  // learned only
  EXPECT_FALSE(s.podReadSeconds.has_value());                     // shown only
  EXPECT_FALSE(s.cacheCapacityFloor.has_value());
  EXPECT_EQ(s.scaleDown.stabilizationSeconds, 0);
  EXPECT_DOUBLE_EQ(s.scaleDown.unmetPrice, 7);
  EXPECT_DOUBLE_EQ(s.scaleDown.costBudget, 1.97);
  EXPECT_EQ(decoded->generation, 0);
  EXPECT_EQ(decoded->status, CacheAutoscalerStatus{});
  // JuiceFS has a default demand query: nothing to report.
  EXPECT_TRUE(validate_spec(s).empty()) << describe(validate_spec(s));
  EXPECT_EQ(worker_throughput_bytes_per_second(s).value(), 1e8);

  // null reads as absent, as Go's decoder treats it.
  auto with_nulls = minimal_object();
  with_nulls["spec"]["minReplicas"] = nullptr;
  with_nulls["spec"]["scaleDown"] = nullptr;
  with_nulls["status"] = nullptr;
  auto again = decode_cache_autoscaler(with_nulls);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->spec.minReplicas, 1);
}

TEST(DecodeCacheAutoscaler, WrongTypesAreErrorsNamingTheField) {
  struct Case {
    const char* patch;  // JSON merge patch applied to full_object()
    const char* error;  // substring of the message
  };
  const Case cases[] = {
      {R"({"spec": {"minReplicas": "2"}})", "spec.minReplicas: want integer, got string"},
      {R"({"spec": {"maxReplicas": 2.5}})", "spec.maxReplicas: want integer, got number"},
      {R"({"spec": {"workerThroughput": 1.5}})", "spec.workerThroughput: want integer or string, got number"},
      {R"({"spec": {"workerThroughput": true}})", "spec.workerThroughput: want integer or string, got boolean"},
      {R"({"spec": {"leadTime": [60]}})", "spec.leadTime: want integer or string, got array"},
      {R"({"spec": {"targetUtilization": "0.7"}})", "spec.targetUtilization: want number, got string"},
      {R"({"spec": {"mode": 1}})", "spec.mode: want string, got number"},
      {R"({"spec": {"demandQuery": {"q": 1}}})", "spec.demandQuery: want string, got object"},
      {R"({"spec": {"podReadThroughput": 2.5}})", "spec.podReadThroughput: want integer or string, got number"},
      {R"({"spec": {"podReadSeconds": "18s"}})", "spec.podReadSeconds: want integer, got string"},
      {R"({"spec": {"podReadSeconds": 1.5}})", "spec.podReadSeconds: want integer, got number"},
      {R"({"spec": {"targetRef": "llama"}})", "spec.targetRef: want object, got string"},
      {R"({"spec": {"targetRef": {"kind": 7}}})", "spec.targetRef.kind: want string, got number"},
      {R"({"spec": {"cacheCapacityFloor": {"fromDataset": "yes"}}})",
       "spec.cacheCapacityFloor.fromDataset: want boolean, got string"},
      {R"({"spec": {"cacheCapacityFloor": {"fraction": "half"}}})",
       "spec.cacheCapacityFloor.fraction: want number, got string"},
      {R"({"spec": {"cacheCapacityFloor": {"perWorkerCacheBytes": [1]}}})",
       "spec.cacheCapacityFloor.perWorkerCacheBytes: want integer or string, got array"},
      {R"({"spec": {"scaleDown": {"stabilizationSeconds": "300s"}}})",
       "spec.scaleDown.stabilizationSeconds: want integer, got string"},
      {R"({"spec": {"scaleDown": {"unmetPrice": "high"}}})", "spec.scaleDown.unmetPrice: want number, got string"},
      {R"({"spec": {"scaleDown": {"costBudget": "2x"}}})", "spec.scaleDown.costBudget: want number, got string"},
      {R"({"spec": {"scaleDown": 300}})", "spec.scaleDown: want object, got number"},
      {R"({"spec": 1})", "spec: want object, got number"},
      {R"({"spec": null})", "spec: missing"},
      {R"({"status": []})", "status: want object, got array"},
      {R"({"status": {"observedDemand": "lots"}})", "status.observedDemand: not a number"},
      {R"({"status": {"observedDemand": false}})", "status.observedDemand: want quantity string or number"},
      {R"({"status": {"forecast": {"upper": "-5"}}})", "status.forecast.upper: negative size"},
      {R"({"status": {"forecast": {"horizonSeconds": "90"}}})",
       "status.forecast.horizonSeconds: want integer, got string"},
      {R"({"status": {"desiredReplicas": "5"}})", "status.desiredReplicas: want integer, got string"},
      {R"({"status": {"lastScaleTime": 5}})", "status.lastScaleTime: want string, got number"},
      {R"({"status": {"learnedLeadTimeSeconds": "90"}})", "status.learnedLeadTimeSeconds: want number, got string"},
      {R"({"status": {"learnedPodReadThroughput": true}})",
       "status.learnedPodReadThroughput: want quantity string or number"},
      {R"({"status": {"conditions": {}}})", "status.conditions: want array, got object"},
      {R"({"status": {"conditions": ["Ready"]}})", "status.conditions[0]: want object, got string"},
      {R"({"status": {"conditions": [{"type": "Ready", "status": true}]}})",
       "status.conditions[0].status: want string, got boolean"},
      {R"({"metadata": {"generation": "3"}})", "metadata.generation: want integer, got string"},
      {R"({"metadata": {"name": null}})", "metadata.name is empty"},
      {R"({"kind": "AlluxioRuntime"})", "kind: want CacheAutoscaler, got \"AlluxioRuntime\""},
      {R"({"apiVersion": "cachepilot.io/v1"})", "apiVersion: want cachepilot.io/v1alpha1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.patch);
    auto object = full_object();
    object.merge_patch(json::parse(c.patch));
    auto decoded = decode_cache_autoscaler(object);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().code, ErrorCode::kParse);
    EXPECT_THAT(decoded.error().message, HasSubstr(c.error));
  }
  EXPECT_FALSE(decode_cache_autoscaler(json::array()).ok());
}

TEST(CacheAutoscalerEncodeStatus, WireFormAndRoundTrip) {
  CacheAutoscalerStatus status;
  status.observedGeneration = 7;
  status.observedDemand = 1.25e9;
  status.forecast = ForecastStatus{.mean = 9e8, .upper = 1.5e9, .horizonSeconds = 92};
  status.desiredReplicas = 5;
  status.currentReplicas = 4;
  status.lastScaleTime = "2024-05-01T10:00:00Z";
  status.lastScaleReason = "ScaleUp: forecast upper 1.5G/s at +92 s needs 5 workers";
  status.learnedLeadTimeSeconds = 87.5;
  status.learnedPodReadThroughput = 26.84e6;
  status.conditions = {{"Ready", "True", 7, "2024-05-01T09:00:00Z", "Valid", "spec is valid"},
                       {"MetricsAvailable", "Unknown", 0, "2024-05-01T09:00:00Z", "NotQueriedYet", ""}};
  const auto wire = encode_status(status);
  EXPECT_EQ(wire, json::parse(R"({
    "observedGeneration": 7,
    "observedDemand": "1.25G",
    "forecast": {"mean": "900M", "upper": "1.5G", "horizonSeconds": 92},
    "desiredReplicas": 5, "currentReplicas": 4,
    "lastScaleTime": "2024-05-01T10:00:00Z",
    "lastScaleReason": "ScaleUp: forecast upper 1.5G/s at +92 s needs 5 workers",
    "learnedLeadTimeSeconds": 87.5,
    "learnedPodReadThroughput": "26.84M",
    "conditions": [
      {"type": "Ready", "status": "True", "observedGeneration": 7, "lastTransitionTime": "2024-05-01T09:00:00Z",
       "reason": "Valid", "message": "spec is valid"},
      {"type": "MetricsAvailable", "status": "Unknown", "lastTransitionTime": "2024-05-01T09:00:00Z",
       "reason": "NotQueriedYet"}
    ]
  })"))
      << wire.dump(2);

  auto object = minimal_object();
  object["status"] = wire;
  auto decoded = decode_cache_autoscaler(object);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->status, status);  // these values survive the quantity formatting exactly

  // Nothing known yet: only the generation and an empty condition list.
  EXPECT_EQ(encode_status({}), json::parse(R"({"observedGeneration": 0, "conditions": []})"));
  CacheAutoscalerStatus odd;
  odd.learnedLeadTimeSeconds = std::numeric_limits<double>::quiet_NaN();
  odd.observedDemand = -3;
  odd.learnedPodReadThroughput = 0;  // not a measurement: left out
  EXPECT_EQ(encode_status(odd), json::parse(R"({"observedGeneration": 0, "observedDemand": "0", "conditions": []})"));
}

TEST(FormatRateQuantity, FourSignificantDigitsInDecimalUnits) {
  struct Case {
    double value;
    const char* text;
  };
  const Case cases[] = {
      {0, "0"},
      {-1, "0"},
      {std::numeric_limits<double>::infinity(), "0"},
      {0.4, "0"},
      {1, "1"},
      {999.4, "999"},
      {999.5, "1k"},  // rounds up into the next unit, not "1000"
      {1000, "1k"},
      {1234, "1.234k"},
      {1234.5678, "1.235k"},
      {999999.9, "1M"},        // not "1000k"
      {419430400, "419.43M"},  // 400Mi
      {1.25e9, "1.25G"},
      {2e12, "2T"},
      {3.5e15, "3.5P"},
      {4e18, "4E"},
      {5e21, "5000E"},  // E is the largest unit
  };
  for (const auto& c : cases) {
    EXPECT_EQ(format_rate_quantity(c.value), c.text) << c.value;
  }
}

TEST(CacheAutoscalerMode, ExactSpellingOnly) {
  EXPECT_EQ(parse_mode("Predictive"), Mode::kPredictive);
  EXPECT_EQ(parse_mode("Reactive"), Mode::kReactive);
  EXPECT_EQ(parse_mode("DryRun"), Mode::kDryRun);
  EXPECT_EQ(parse_mode("dryrun"), std::nullopt);
  EXPECT_EQ(parse_mode(""), std::nullopt);
  EXPECT_STREQ(to_string(Mode::kDryRun), "DryRun");
}

// A valid spec for validation rows to break.
CacheAutoscalerSpec valid_spec() {
  CacheAutoscalerSpec s;
  s.targetRef = {"data.fluid.io/v1alpha1", "AlluxioRuntime", "llama-7b"};
  s.minReplicas = 1;
  s.maxReplicas = 8;
  s.workerThroughput = IntOrString::of("400Mi");
  s.demandQuery = "sum(cachepilot:alluxio_dataset_read_bytes:rate1m)";
  return s;
}

TEST(CacheAutoscalerValidateSpec, ValidSpecsHaveNoProblems) {
  struct Case {
    const char* what;
    void (*change)(CacheAutoscalerSpec&);
  };
  const Case cases[] = {
      {"as built", [](CacheAutoscalerSpec&) {}},
      {"min = max", [](CacheAutoscalerSpec& s) { s.minReplicas = s.maxReplicas = 3; }},
      {"min 0", [](CacheAutoscalerSpec& s) { s.minReplicas = 0; }},
      {"integer throughput", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of(1); }},
      {"exponent throughput", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of("1e9"); }},
      {"fractional throughput", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of("1.5G"); }},
      {"lead 1 s", [](CacheAutoscalerSpec& s) { s.leadTime = IntOrString::of(1); }},
      {"lead 3600 s", [](CacheAutoscalerSpec& s) { s.leadTime = IntOrString::of(3600); }},
      {"utilization 1", [](CacheAutoscalerSpec& s) { s.targetUtilization = 1; }},
      {"Reactive", [](CacheAutoscalerSpec& s) { s.mode = "Reactive"; }},
      {"JuiceFS without a query",
       [](CacheAutoscalerSpec& s) {
         s.targetRef.kind = "JuiceFSRuntime";
         s.demandQuery.reset();
       }},
      {"another Fluid version", [](CacheAutoscalerSpec& s) { s.targetRef.apiVersion = "data.fluid.io/v1beta1"; }},
      {"dotted name", [](CacheAutoscalerSpec& s) { s.targetRef.name = "llama.7b"; }},
      {"floor from the dataset",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor = CacheCapacityFloor{.fromDataset = true, .perWorkerCacheBytes = IntOrString::of("1Gi")};
       }},
      {"floor of given bytes, fromDataset false",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor = CacheCapacityFloor{.datasetBytes = IntOrString::of(0),
                                                   .fromDataset = false,
                                                   .perWorkerCacheBytes = IntOrString::of(1),
                                                   .fraction = 0};
       }},
      {"no stabilization", [](CacheAutoscalerSpec& s) { s.scaleDown.stabilizationSeconds = 0; }},
      {"a day of stabilization", [](CacheAutoscalerSpec& s) { s.scaleDown.stabilizationSeconds = 86400; }},
      {"no hold strategy", [](CacheAutoscalerSpec& s) { s.scaleDown.unmetPrice = 0; }},
      {"the highest unmet price", [](CacheAutoscalerSpec& s) { s.scaleDown.unmetPrice = 1000; }},
      {"no spend budget", [](CacheAutoscalerSpec& s) { s.scaleDown.costBudget = 0; }},
      {"the loosest spend budget", [](CacheAutoscalerSpec& s) { s.scaleDown.costBudget = 100; }},
      {"a pod read rate", [](CacheAutoscalerSpec& s) { s.podReadThroughput = IntOrString::of("25Mi"); }},
      {"a pod read rate of 0: learned only", [](CacheAutoscalerSpec& s) { s.podReadThroughput = IntOrString::of(0); }},
      {"the shortest pod read", [](CacheAutoscalerSpec& s) { s.podReadSeconds = 1; }},
      {"a day's pod read", [](CacheAutoscalerSpec& s) { s.podReadSeconds = 86400; }},
  };
  for (const auto& c : cases) {
    auto spec = valid_spec();
    c.change(spec);
    const auto problems = validate_spec(spec);
    EXPECT_TRUE(problems.empty()) << c.what << ": " << describe(problems);
  }
}

TEST(CacheAutoscalerValidateSpec, EachProblemNamesItsField) {
  struct Case {
    const char* what;
    void (*change)(CacheAutoscalerSpec&);
    const char* field;
    const char* reason;  // substring
  };
  const Case cases[] = {
      // What the 1.20 schema cannot express.
      {"min above max", [](CacheAutoscalerSpec& s) { s.minReplicas = 9; }, "spec.minReplicas",
       "9 is above spec.maxReplicas (8)"},
      {"zero throughput", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of("0Mi"); },
       "spec.workerThroughput", "\"0Mi\" is 0 bytes per second"},
      {"rounds to zero", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of("0.0001"); },
       "spec.workerThroughput", "is 0 bytes per second"},
      {"ThinRuntime", [](CacheAutoscalerSpec& s) { s.targetRef.kind = "ThinRuntime"; }, "spec.targetRef.kind",
       "ThinRuntime has no /scale subresource"},
      {"Alluxio without a query", [](CacheAutoscalerSpec& s) { s.demandQuery.reset(); }, "spec.demandQuery",
       "required for AlluxioRuntime"},
      {"Jindo without a query",
       [](CacheAutoscalerSpec& s) {
         s.targetRef.kind = "JindoRuntime";
         s.demandQuery.reset();
       },
       "spec.demandQuery", "required for JindoRuntime"},
      {"floor with both sources",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor = CacheCapacityFloor{.datasetBytes = IntOrString::of("1Ti"),
                                                   .fromDataset = true,
                                                   .perWorkerCacheBytes = IntOrString::of("1Gi")};
       },
       "spec.cacheCapacityFloor", "both datasetBytes and fromDataset"},
      {"floor without a source",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor = CacheCapacityFloor{.fromDataset = false, .perWorkerCacheBytes = IntOrString::of(1)};
       },
       "spec.cacheCapacityFloor.datasetBytes", "required unless fromDataset is true"},
      {"floor of zero-byte workers",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor = CacheCapacityFloor{.fromDataset = true, .perWorkerCacheBytes = IntOrString::of("0")};
       },
       "spec.cacheCapacityFloor.perWorkerCacheBytes", "is 0 bytes"},
      // What the schema refuses at admission, repeated for objects that bypassed it.
      {"lead time soon", [](CacheAutoscalerSpec& s) { s.leadTime = IntOrString::of("soon"); }, "spec.leadTime",
       "\"soon\" is neither integer seconds"},
      {"lead time as a duration", [](CacheAutoscalerSpec& s) { s.leadTime = IntOrString::of("90s"); }, "spec.leadTime",
       "neither integer seconds (1..3600) nor \"auto\""},
      {"lead time 0", [](CacheAutoscalerSpec& s) { s.leadTime = IntOrString::of(0); }, "spec.leadTime",
       "outside 1..3600"},
      {"lead time 3601", [](CacheAutoscalerSpec& s) { s.leadTime = IntOrString::of(3601); }, "spec.leadTime",
       "outside 1..3600"},
      {"no apiVersion", [](CacheAutoscalerSpec& s) { s.targetRef.apiVersion.clear(); }, "spec.targetRef.apiVersion",
       "required"},
      {"apps/v1", [](CacheAutoscalerSpec& s) { s.targetRef.apiVersion = "apps/v1"; }, "spec.targetRef.apiVersion",
       "not a Fluid API version"},
      {"no version", [](CacheAutoscalerSpec& s) { s.targetRef.apiVersion = "data.fluid.io/"; },
       "spec.targetRef.apiVersion", "not a Fluid API version"},
      {"Deployment", [](CacheAutoscalerSpec& s) { s.targetRef.kind = "Deployment"; }, "spec.targetRef.kind",
       "\"Deployment\" is not a Fluid runtime kind (want one of AlluxioRuntime, JuiceFSRuntime"},
      {"no kind", [](CacheAutoscalerSpec& s) { s.targetRef.kind.clear(); }, "spec.targetRef.kind", "required"},
      {"no name", [](CacheAutoscalerSpec& s) { s.targetRef.name.clear(); }, "spec.targetRef.name", "required"},
      {"upper-case name", [](CacheAutoscalerSpec& s) { s.targetRef.name = "Llama"; }, "spec.targetRef.name",
       "not a valid object name"},
      {"name with a trailing dot", [](CacheAutoscalerSpec& s) { s.targetRef.name = "llama."; }, "spec.targetRef.name",
       "not a valid object name"},
      {"name with a leading dash", [](CacheAutoscalerSpec& s) { s.targetRef.name = "-llama"; }, "spec.targetRef.name",
       "not a valid object name"},
      {"negative min", [](CacheAutoscalerSpec& s) { s.minReplicas = -1; }, "spec.minReplicas", "-1 is negative"},
      {"max missing",
       [](CacheAutoscalerSpec& s) {
         s.maxReplicas = 0;
         s.minReplicas = 0;
       },
       "spec.maxReplicas", "want at least 1"},
      {"throughput missing", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString{}; },
       "spec.workerThroughput", "required"},
      {"throughput lots", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of("lots"); },
       "spec.workerThroughput", "\"lots\" is not a byte quantity"},
      {"throughput in millis", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of("500m"); },
       "spec.workerThroughput", "\"500m\" is not a byte quantity"},
      {"negative throughput", [](CacheAutoscalerSpec& s) { s.workerThroughput = IntOrString::of(-5); },
       "spec.workerThroughput", "-5 is negative"},
      {"pod read rate not a quantity", [](CacheAutoscalerSpec& s) { s.podReadThroughput = IntOrString::of("fast"); },
       "spec.podReadThroughput", "\"fast\" is not a byte quantity"},
      {"negative pod read rate", [](CacheAutoscalerSpec& s) { s.podReadThroughput = IntOrString::of(-1); },
       "spec.podReadThroughput", "-1 is negative"},
      {"a pod read of 0 s", [](CacheAutoscalerSpec& s) { s.podReadSeconds = 0; }, "spec.podReadSeconds",
       "0 s is outside 1..86400"},
      {"a pod read over a day", [](CacheAutoscalerSpec& s) { s.podReadSeconds = 86401; }, "spec.podReadSeconds",
       "86401 s is outside 1..86400"},
      {"utilization 0", [](CacheAutoscalerSpec& s) { s.targetUtilization = 0; }, "spec.targetUtilization",
       "outside (0, 1]"},
      {"utilization 1.5", [](CacheAutoscalerSpec& s) { s.targetUtilization = 1.5; }, "spec.targetUtilization",
       "outside (0, 1]"},
      {"utilization NaN",
       [](CacheAutoscalerSpec& s) { s.targetUtilization = std::numeric_limits<double>::quiet_NaN(); },
       "spec.targetUtilization", "outside (0, 1]"},
      {"mode Fast", [](CacheAutoscalerSpec& s) { s.mode = "Fast"; }, "spec.mode",
       "\"Fast\" is not a mode (want Predictive, Reactive or DryRun)"},
      {"empty query", [](CacheAutoscalerSpec& s) { s.demandQuery = "  "; }, "spec.demandQuery", "is empty"},
      {"bad dataset bytes",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor =
             CacheCapacityFloor{.datasetBytes = IntOrString::of("big"), .perWorkerCacheBytes = IntOrString::of(1)};
       },
       "spec.cacheCapacityFloor.datasetBytes", "\"big\" is not a byte quantity"},
      {"fraction 2",
       [](CacheAutoscalerSpec& s) {
         s.cacheCapacityFloor =
             CacheCapacityFloor{.fromDataset = true, .perWorkerCacheBytes = IntOrString::of(1), .fraction = 2};
       },
       "spec.cacheCapacityFloor.fraction", "outside [0, 1]"},
      {"per-worker bytes missing",
       [](CacheAutoscalerSpec& s) { s.cacheCapacityFloor = CacheCapacityFloor{.fromDataset = true}; },
       "spec.cacheCapacityFloor.perWorkerCacheBytes", "required"},
      {"negative stabilization", [](CacheAutoscalerSpec& s) { s.scaleDown.stabilizationSeconds = -1; },
       "spec.scaleDown.stabilizationSeconds", "outside 0..86400"},
      {"two days of stabilization", [](CacheAutoscalerSpec& s) { s.scaleDown.stabilizationSeconds = 172800; },
       "spec.scaleDown.stabilizationSeconds", "outside 0..86400"},
      {"negative unmet price", [](CacheAutoscalerSpec& s) { s.scaleDown.unmetPrice = -1; }, "spec.scaleDown.unmetPrice",
       "outside [0, 1000]"},
      {"unmet price not a number", [](CacheAutoscalerSpec& s) { s.scaleDown.unmetPrice = std::nan(""); },
       "spec.scaleDown.unmetPrice", "outside [0, 1000]"},
      {"negative spend budget", [](CacheAutoscalerSpec& s) { s.scaleDown.costBudget = -0.5; },
       "spec.scaleDown.costBudget", "outside [0, 100]"},
      {"spend budget not a number", [](CacheAutoscalerSpec& s) { s.scaleDown.costBudget = std::nan(""); },
       "spec.scaleDown.costBudget", "outside [0, 100]"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto spec = valid_spec();
    c.change(spec);
    const auto problems = validate_spec(spec);
    ASSERT_EQ(problems.size(), 1U) << describe(problems);
    EXPECT_EQ(problems[0].field, c.field);
    EXPECT_THAT(problems[0].reason, HasSubstr(c.reason));
  }
}

TEST(CacheAutoscalerValidateSpec, ReportsEveryProblemInFieldOrder) {
  CacheAutoscalerSpec spec;  // nothing set
  spec.mode = "Fast";
  const auto problems = validate_spec(spec);
  std::vector<std::string> fields;
  for (const auto& p : problems) {
    fields.push_back(p.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"spec.targetRef.apiVersion", "spec.targetRef.kind", "spec.targetRef.name",
                                              "spec.maxReplicas", "spec.workerThroughput", "spec.mode"}));
  EXPECT_THAT(describe(problems), HasSubstr("spec.maxReplicas: missing or below 1 (0): want at least 1; "
                                            "spec.workerThroughput: required"));
  EXPECT_FALSE(worker_throughput_bytes_per_second(spec).ok());
  spec.workerThroughput = IntOrString::of("0");
  EXPECT_THAT(worker_throughput_bytes_per_second(spec).error().message, HasSubstr("spec.workerThroughput"));
}

TEST(CacheAutoscalerTargetKinds, FluidFacts) {
  for (const char* kind :
       {"AlluxioRuntime", "JuiceFSRuntime", "JindoRuntime", "GooseFSRuntime", "EFCRuntime", "VineyardRuntime"}) {
    ASSERT_NE(find_target_kind(kind), nullptr) << kind;
    EXPECT_TRUE(find_target_kind(kind)->has_scale) << kind;
  }
  ASSERT_NE(find_target_kind("ThinRuntime"), nullptr);
  EXPECT_FALSE(find_target_kind("ThinRuntime")->has_scale);
  EXPECT_TRUE(find_target_kind("JuiceFSRuntime")->default_demand_query);
  EXPECT_FALSE(find_target_kind("AlluxioRuntime")->default_demand_query);
  EXPECT_EQ(find_target_kind("Deployment"), nullptr);
  EXPECT_EQ(find_target_kind("alluxioruntime"), nullptr);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The shipped examples decode, are valid, and say what their comments promise.
TEST(CacheAutoscalerExamples, DecodeAndValidate) {
  const std::filesystem::path dir = std::filesystem::path(CACHEPILOT_SOURCE_DIR) / "deploy/autoscaler/examples";
  std::map<std::string, CacheAutoscaler> examples;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    auto object = cluster::yaml_to_json(read_file(entry.path()));
    ASSERT_TRUE(object.ok()) << object.error().message;
    auto decoded = decode_cache_autoscaler(*object);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(validate_spec(decoded->spec).empty()) << describe(validate_spec(decoded->spec));
    examples[decoded->spec.targetRef.kind] = std::move(decoded).value();
  }
  ASSERT_EQ(examples.count("AlluxioRuntime"), 1U);
  ASSERT_EQ(examples.count("JuiceFSRuntime"), 1U);
  const auto& alluxio = examples["AlluxioRuntime"].spec;
  EXPECT_TRUE(alluxio.demandQuery.has_value());
  EXPECT_EQ(alluxio.leadTime, IntOrString::of("auto"));
  const auto& juicefs = examples["JuiceFSRuntime"].spec;
  EXPECT_FALSE(juicefs.demandQuery.has_value());
  EXPECT_EQ(lead_time_seconds(juicefs), 90);
  EXPECT_EQ(worker_throughput_bytes_per_second(juicefs).value(), 1e9);
  ASSERT_TRUE(juicefs.cacheCapacityFloor && juicefs.cacheCapacityFloor->datasetBytes);
  EXPECT_EQ(juicefs.cacheCapacityFloor->datasetBytes->str_value, "1.2Ti");  // the comment's 7-worker floor
  EXPECT_EQ(juicefs.scaleDown.stabilizationSeconds, 0);
  EXPECT_DOUBLE_EQ(juicefs.scaleDown.unmetPrice, 7);
  EXPECT_DOUBLE_EQ(alluxio.scaleDown.unmetPrice, 10);
  EXPECT_EQ(alluxio.scaleDown.stabilizationSeconds, 600);
}

}  // namespace
}  // namespace cachepilot::autoscaler
