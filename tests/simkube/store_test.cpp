// The in-process API of simkube's store: the semantics the demo driver relies on, without HTTP.
#include "simkube/store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cachepilot::simkube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

json node(const std::string& name, const json& labels = json::object()) {
  return json{{"metadata", {{"name", name}, {"labels", labels}}},
              {"spec", json::object()},
              {"status", {{"allocatable", {{"cpu", "8"}}}}}};
}

json runtime(const std::string& name, int replicas) {
  return json{{"metadata", {{"name", name}, {"namespace", "team"}}},
              {"spec", {{"replicas", replicas}}},
              {"status", {{"currentWorkerNumberScheduled", 1}, {"selector", "app=juicefs"}}}};
}

std::string rv(const json& object) { return object["metadata"]["resourceVersion"].get<std::string>(); }

std::vector<std::string> names(const json& list) {
  std::vector<std::string> out;
  for (const auto& item : list["items"]) {
    out.push_back(item["metadata"]["name"].get<std::string>());
  }
  return out;
}

TEST(DefaultRegistry, ServesWhatTheDemoNeedsWithFluidsScalePaths) {
  const Store store(default_registry());
  struct Case {
    const char* resource;
    const char* api_version;
    const char* kind;
    bool namespaced;
    bool status;
    const char* status_replicas;  // nullptr: no /scale
    const char* selector;
  };
  for (const auto& c : std::vector<Case>{
           {"nodes", "v1", "Node", false, true, nullptr, nullptr},
           {"pods", "v1", "Pod", true, true, nullptr, nullptr},
           {"persistentvolumeclaims", "v1", "PersistentVolumeClaim", true, true, nullptr, nullptr},
           {"events", "v1", "Event", true, false, nullptr, nullptr},
           {"namespaces", "v1", "Namespace", false, true, nullptr, nullptr},
           {"leases.coordination.k8s.io", "coordination.k8s.io/v1", "Lease", true, false, nullptr, nullptr},
           {"datasets.data.fluid.io", "data.fluid.io/v1alpha1", "Dataset", true, true, nullptr, nullptr},
           {"juicefsruntimes.data.fluid.io", "data.fluid.io/v1alpha1", "JuiceFSRuntime", true, true,
            ".status.currentWorkerNumberScheduled", ".status.selector"},
           {"jindoruntimes.data.fluid.io", "data.fluid.io/v1alpha1", "JindoRuntime", true, true,
            ".status.currentWorkerNumberScheduled", ""},
           {"thinruntimes.data.fluid.io", "data.fluid.io/v1alpha1", "ThinRuntime", true, true, nullptr, nullptr},
           {"cacheautoscalers.cachepilot.io", "cachepilot.io/v1alpha1", "CacheAutoscaler", true, true, nullptr,
            nullptr},
       }) {
    SCOPED_TRACE(c.resource);
    const auto index = store.find_kind(c.resource);
    ASSERT_TRUE(index.has_value());
    const auto& k = store.kinds()[*index];
    EXPECT_EQ(k.api_version(), c.api_version);
    EXPECT_EQ(k.kind, c.kind);
    EXPECT_EQ(k.namespaced, c.namespaced);
    EXPECT_EQ(k.has_status_subresource, c.status);
    ASSERT_EQ(k.scale.has_value(), c.status_replicas != nullptr);
    if (k.scale) {
      EXPECT_EQ(k.scale->status_replicas_path, c.status_replicas);
      EXPECT_EQ(k.scale->selector_path, c.selector);
    }
  }
  // Bare plurals resolve when unambiguous; unknown names do not.
  EXPECT_EQ(store.find_kind("juicefsruntimes"), store.find_kind("juicefsruntimes.data.fluid.io"));
  EXPECT_FALSE(store.find_kind("widgets").has_value());
}

TEST(Store, CreateFillsServerFieldsAndKeepsTheGivenStatus) {
  Store store(default_registry());
  auto created = store.create("nodes", "", node("n1"));
  ASSERT_TRUE(created.ok()) << created.error().message;
  const auto& meta = (*created)["metadata"];
  EXPECT_EQ((*created)["apiVersion"], "v1");
  EXPECT_EQ((*created)["kind"], "Node");
  EXPECT_EQ(meta["resourceVersion"], "1");
  EXPECT_EQ(meta["generation"], 1);
  EXPECT_EQ(meta["uid"].get<std::string>().size(), 36U);
  EXPECT_THAT(meta["creationTimestamp"].get<std::string>(), ::testing::MatchesRegex("....-..-..T..:..:..Z"));
  EXPECT_FALSE(meta.contains("namespace"));                    // cluster-scoped
  EXPECT_EQ((*created)["status"]["allocatable"]["cpu"], "8");  // in-process creates keep .status
  EXPECT_EQ(store.resource_version(), 1U);

  // A namespaced object takes its namespace from the argument, or else from its metadata.
  auto pod = store.create("pods", "", json{{"metadata", {{"name", "p"}, {"namespace", "team"}}}});
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ((*pod)["metadata"]["namespace"], "team");
  auto homeless = store.create("pods", "", json{{"metadata", {{"name", "q"}}}});
  ASSERT_FALSE(homeless.ok());
  EXPECT_TRUE(has_reason(homeless.error(), "Invalid"));

  // generateName
  auto generated = store.create("pods", "team", json{{"metadata", {{"generateName", "worker-"}}}});
  ASSERT_TRUE(generated.ok());
  EXPECT_THAT((*generated)["metadata"]["name"].get<std::string>(), ::testing::MatchesRegex("worker-....."));
}

TEST(Store, FailuresCarryTheApiserversReason) {
  Store store(default_registry());
  ASSERT_TRUE(store.create("nodes", "", node("n1")).ok());
  struct Case {
    const char* what;
    Result<json> result;
    ErrorCode code;
    const char* reason;
  };
  std::vector<Case> cases;
  cases.push_back(
      {"duplicate create", store.create("nodes", "", node("n1")), ErrorCode::kUnavailable, "AlreadyExists"});
  cases.push_back({"missing object", store.get("nodes", "", "nope"), ErrorCode::kNotFound, "NotFound"});
  cases.push_back({"unknown resource", store.list("widgets"), ErrorCode::kNotFound, "NotFound"});
  auto stale = node("n1");
  stale["metadata"]["resourceVersion"] = "0";
  cases.push_back({"stale update", store.update("nodes", "", "n1", stale), ErrorCode::kUnavailable, "Conflict"});
  cases.push_back(
      {"renaming update", store.update("nodes", "", "n1", node("n2")), ErrorCode::kInvalidArgument, "BadRequest"});
  cases.push_back({"wrong kind", store.create("nodes", "", json{{"kind", "Pod"}, {"metadata", {{"name", "x"}}}}),
                   ErrorCode::kInvalidArgument, "BadRequest"});
  cases.push_back({"no name", store.create("nodes", "", json{{"metadata", json::object()}}),
                   ErrorCode::kInvalidArgument, "Invalid"});
  cases.push_back({"status of a kind without one", store.patch_status("leases", "ns", "l", json{{"status", 1}}),
                   ErrorCode::kNotFound, "NotFound"});
  cases.push_back(
      {"scale of a kind without one", store.get_scale("datasets", "ns", "d"), ErrorCode::kNotFound, "NotFound"});
  cases.push_back({"delete of a missing object", store.remove("pods", "ns", "p"), ErrorCode::kNotFound, "NotFound"});
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ASSERT_FALSE(c.result.ok());
    EXPECT_EQ(c.result.error().code, c.code);
    EXPECT_TRUE(has_reason(c.result.error(), c.reason)) << c.result.error().message;
  }
  EXPECT_EQ(store.resource_version(), 1U);  // no failure wrote anything
}

TEST(Store, UpdatesFollowTheApiserversRulesForGenerationStatusAndNoOps) {
  Store store(default_registry());
  auto created = store.create("juicefsruntimes.data.fluid.io", "team", runtime("rt", 2));
  ASSERT_TRUE(created.ok());
  struct Step {
    const char* what;
    std::function<Result<json>()> write;
    std::int64_t generation;
    int replicas;
    int scheduled;     // status.currentWorkerNumberScheduled afterwards
    bool new_version;  // whether the write moved the resourceVersion
  };
  const auto with = [&](const std::function<void(json&)>& edit) {
    auto object = *store.get("juicefsruntimes", "team", "rt");
    edit(object);
    return object;
  };
  const std::vector<Step> steps{
      {"label change: no generation bump",
       [&] {
         return store.merge_patch("juicefsruntimes", "team", "rt", {{"metadata", {{"labels", {{"a", "b"}}}}}});
       },
       1, 2, 1, true},
      {"spec change: generation bump",
       [&] {
         return store.merge_patch("juicefsruntimes", "team", "rt", {{"spec", {{"replicas", 3}}}});
       },
       2, 3, 1, true},
      {"a merge patch of the main resource leaves .status alone",
       [&] {
         return store.merge_patch("juicefsruntimes", "team", "rt", {{"status", {{"currentWorkerNumberScheduled", 9}}}});
       },
       2, 3, 1, false},
      {"patch_status writes .status only",
       [&] {
         return store.patch_status("juicefsruntimes", "team", "rt",
                                   {{"spec", {{"replicas", 7}}}, {"status", {{"currentWorkerNumberScheduled", 3}}}});
       },
       2, 3, 3, true},
      {"an update keeps .status",
       [&] {
         return store.update("juicefsruntimes", "team", "rt", with([](json& o) {
                               o["spec"]["replicas"] = 4;
                               o["status"]["currentWorkerNumberScheduled"] = 0;
                             }));
       },
       3, 4, 3, true},
      {"update_status keeps everything else",
       [&] {
         return store.update_status("juicefsruntimes", "team", "rt", with([](json& o) {
                                      o["spec"]["replicas"] = 1;
                                      o["status"]["currentWorkerNumberScheduled"] = 4;
                                    }));
       },
       3, 4, 4, true},
      {"an update with the current resourceVersion that changes nothing is a no-op",
       [&] { return store.update("juicefsruntimes", "team", "rt", with([](json&) {})); }, 3, 4, 4, false},
      {"server-owned metadata in the body is ignored",
       [&] {
         return store.update("juicefsruntimes", "team", "rt", with([](json& o) {
                               o["metadata"]["generation"] = 99;
                               o["metadata"]["creationTimestamp"] = "1999-01-01T00:00:00Z";
                               o["metadata"].erase("resourceVersion");
                             }));
       },
       3, 4, 4, false},
  };
  for (const auto& step : steps) {
    SCOPED_TRACE(step.what);
    const auto before = store.resource_version();
    auto written = step.write();
    ASSERT_TRUE(written.ok()) << written.error().message;
    const auto now = *store.get("juicefsruntimes", "team", "rt");
    EXPECT_EQ(*written, now);
    EXPECT_EQ(now["metadata"]["generation"], step.generation);
    EXPECT_EQ(now["spec"]["replicas"], step.replicas);
    EXPECT_EQ(now["status"]["currentWorkerNumberScheduled"], step.scheduled);
    EXPECT_EQ(store.resource_version() != before, step.new_version);
    EXPECT_EQ(rv(now), std::to_string(store.resource_version()));
    EXPECT_EQ(now["metadata"]["uid"], (*created)["metadata"]["uid"]);
    EXPECT_EQ(now["metadata"]["creationTimestamp"], (*created)["metadata"]["creationTimestamp"]);
  }
}

TEST(Store, MergePatchFollowsRfc7386AndItsResourceVersionIsAPrecondition) {
  Store store(default_registry());
  ASSERT_TRUE(store.create("nodes", "", node("n1", {{"zone", "a"}, {"rack", "1"}})).ok());
  auto patched =
      store.merge_patch("nodes", "", "n1", {{"metadata", {{"labels", {{"zone", nullptr}, {"gpu", "yes"}}}}}});
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ((*patched)["metadata"]["labels"], (json{{"rack", "1"}, {"gpu", "yes"}}));
  auto stale =
      store.merge_patch("nodes", "", "n1", {{"metadata", {{"resourceVersion", "1"}, {"labels", {{"x", "y"}}}}}});
  ASSERT_FALSE(stale.ok());
  EXPECT_TRUE(has_reason(stale.error(), "Conflict"));
  auto current = store.merge_patch("nodes", "", "n1",
                                   {{"metadata", {{"resourceVersion", rv(*patched)}, {"labels", {{"x", "y"}}}}}});
  ASSERT_TRUE(current.ok()) << current.error().message;
  EXPECT_EQ((*current)["metadata"]["labels"]["x"], "y");
}

TEST(Store, ListsByNamespaceOrEverywhereInNameOrder) {
  Store store(default_registry());
  for (const auto& [ns, name] :
       std::vector<std::pair<std::string, std::string>>{{"b", "p2"}, {"a", "p3"}, {"b", "p1"}}) {
    ASSERT_TRUE(store.create("pods", ns, json{{"metadata", {{"name", name}}}}).ok());
  }
  auto all = store.list("pods");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)["kind"], "PodList");
  EXPECT_EQ((*all)["apiVersion"], "v1");
  EXPECT_EQ((*all)["metadata"]["resourceVersion"], "3");
  EXPECT_THAT(names(*all), ElementsAre("p3", "p1", "p2"));  // by namespace, then name
  EXPECT_THAT(names(*store.list("pods", "b")), ElementsAre("p1", "p2"));
  EXPECT_THAT(names(*store.list("pods", "none")), ElementsAre());
}

TEST(Store, RemoveReturnsTheObjectAtTheDeletionsResourceVersion) {
  Store store(default_registry());
  ASSERT_TRUE(store.create("pods", "ns", json{{"metadata", {{"name", "p"}}}}).ok());
  auto removed = store.remove("pods", "ns", "p");
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(rv(*removed), "2");
  EXPECT_FALSE(store.get("pods", "ns", "p").ok());
  // The name is free again.
  EXPECT_TRUE(store.create("pods", "ns", json{{"metadata", {{"name", "p"}}}}).ok());
}

TEST(Store, ScaleReadsSpecReplicasTheStatusPathAndTheSelector) {
  Store store(default_registry());
  ASSERT_TRUE(store.create("juicefsruntimes", "team", runtime("rt", 2)).ok());
  auto scale = store.get_scale("juicefsruntimes", "team", "rt");
  ASSERT_TRUE(scale.ok());
  EXPECT_EQ((*scale)["apiVersion"], "autoscaling/v1");
  EXPECT_EQ((*scale)["kind"], "Scale");
  EXPECT_EQ((*scale)["metadata"]["name"], "rt");
  EXPECT_EQ((*scale)["metadata"]["namespace"], "team");
  EXPECT_EQ((*scale)["metadata"]["resourceVersion"], "1");
  EXPECT_EQ((*scale)["spec"]["replicas"], 2);
  EXPECT_EQ((*scale)["status"], (json{{"replicas", 1}, {"selector", "app=juicefs"}}));

  // A kind whose scale maps no selector, and an object with no replicas yet: zeros, no selector.
  ASSERT_TRUE(store.create("jindoruntimes", "team", json{{"metadata", {{"name", "j"}}}}).ok());
  auto bare = store.get_scale("jindoruntimes", "team", "j");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ((*bare)["spec"]["replicas"], 0);
  EXPECT_EQ((*bare)["status"], (json{{"replicas", 0}}));
}

TEST(Store, ScaleWritesSetSpecReplicasWithOptimisticConcurrency) {
  Store store(default_registry());
  const auto index = *store.find_kind("juicefsruntimes");
  ASSERT_TRUE(store.create("juicefsruntimes", "team", runtime("rt", 2)).ok());
  const auto scale = [](const std::string& version, const json& replicas) {
    json out{{"spec", {{"replicas", replicas}}}};
    if (!version.empty()) {
      out["metadata"]["resourceVersion"] = version;
    }
    return out;
  };
  struct Case {
    const char* what;
    json body;
    unsigned code;
    int replicas_after;
  };
  for (const auto& c : std::vector<Case>{
           {"current version", scale("1", 5), 200, 5},
           {"stale version", scale("1", 6), 409, 5},
           {"no version: unconditional", scale("", 6), 200, 6},
           {"negative", scale("", -1), 422, 6},
           {"not a number", scale("", "7"), 422, 6},
           {"no spec", json{{"metadata", json::object()}}, 422, 6},
       }) {
    SCOPED_TRACE(c.what);
    const auto reply = store.do_update_scale(index, "team", "rt", c.body);
    EXPECT_EQ(reply.code, c.code) << reply.body.dump();
    EXPECT_EQ((*store.get("juicefsruntimes", "team", "rt"))["spec"]["replicas"], c.replicas_after);
    if (reply.ok()) {
      EXPECT_EQ(reply.body["kind"], "Scale");
      EXPECT_EQ(reply.body["spec"]["replicas"], c.replicas_after);
    }
  }
  EXPECT_EQ((*store.get("juicefsruntimes", "team", "rt"))["metadata"]["generation"], 3);
  EXPECT_EQ(store.do_update_scale(index, "team", "missing", scale("", 1)).code, 404U);
  // A merge patch of the Scale.
  const auto patched = store.do_merge_patch_scale(index, "team", "rt", json{{"spec", {{"replicas", 1}}}});
  EXPECT_EQ(patched.code, 200U);
  EXPECT_EQ(patched.body["spec"]["replicas"], 1);
}

TEST(Store, KindsWithACapDropTheirOldestObjects) {
  std::vector<ResourceKind> kinds{ResourceKind{"", "v1", "events", "Event", true, false, std::nullopt, 2}};
  Store store(kinds);
  for (const char* name : {"e1", "e2", "e3"}) {
    ASSERT_TRUE(store.create("events", "ns", json{{"metadata", {{"name", name}}}}).ok());
  }
  EXPECT_THAT(names(*store.list("events")), ElementsAre("e2", "e3"));
  const auto batch = store.watch(0, "", std::uint64_t{3}, false, std::chrono::steady_clock::now(), nullptr);
  ASSERT_EQ(batch.events.size(), 1U);
  EXPECT_EQ(batch.events[0].type, "DELETED");
  EXPECT_EQ((*batch.events[0].object)["metadata"]["name"], "e1");
  EXPECT_EQ((*batch.events[0].object)["metadata"]["resourceVersion"], "4");
}

TEST(StoreWatch, ReturnsRetainedEventsAfterAVersionAndExpiresOlderOnes) {
  StoreOptions options;
  options.event_log_capacity = 3;
  Store store(default_registry(), options);
  const auto pods = *store.find_kind("pods");
  for (const char* name : {"p1", "p2", "p3", "p4"}) {  // resourceVersions 1..4
    ASSERT_TRUE(store.create("pods", "ns", json{{"metadata", {{"name", name}}}}).ok());
  }
  ASSERT_TRUE(store.create("nodes", "", node("n")).ok());  // 5: another kind's event
  ASSERT_TRUE(store.remove("pods", "ns", "p1").ok());      // 6
  const auto past = std::chrono::steady_clock::now();
  struct Case {
    std::uint64_t since;
    bool expired;
    std::vector<std::string> types;
  };
  for (const auto& c : std::vector<Case>{
           {0, true, {}},  // pods' log keeps 3, 4, 6: everything up to 2 is gone
           {1, true, {}},
           {2, false, {"ADDED", "ADDED", "DELETED"}},
           {4, false, {"DELETED"}},
           {6, false, {}},
       }) {
    SCOPED_TRACE(c.since);
    const auto batch = store.watch(pods, "", c.since, false, past, nullptr);
    EXPECT_EQ(batch.expired, c.expired);
    std::vector<std::string> types;
    for (const auto& e : batch.events) {
      types.push_back(e.type);
    }
    EXPECT_EQ(types, c.types);
    if (c.expired) {
      EXPECT_THAT(batch.message, HasSubstr("too old resource version"));
    }
  }
}

TEST(StoreWatch, WithoutAVersionStartsWithTheCurrentObjectsOldestFirst) {
  Store store(default_registry());
  ASSERT_TRUE(store.create("pods", "ns", json{{"metadata", {{"name", "b"}}}}).ok());
  ASSERT_TRUE(store.create("pods", "ns", json{{"metadata", {{"name", "a"}}}}).ok());
  ASSERT_TRUE(store.create("pods", "other", json{{"metadata", {{"name", "c"}}}}).ok());
  ASSERT_TRUE(store.merge_patch("pods", "ns", "b", {{"metadata", {{"labels", {{"x", "1"}}}}}}).ok());
  const auto batch =
      store.watch(*store.find_kind("pods"), "ns", std::nullopt, false, std::chrono::steady_clock::now(), nullptr);
  std::vector<std::string> seen;
  for (const auto& e : batch.events) {
    EXPECT_EQ(e.type, "ADDED");
    seen.push_back((*e.object)["metadata"]["name"].get<std::string>() + "@" + rv(*e.object));
  }
  EXPECT_THAT(seen, ElementsAre("a@2", "b@4"));
}

TEST(StoreWatch, AQuietWaitEndsWithABookmarkOnceTheStoreMovedOn) {
  Store store(default_registry());
  const auto pods = *store.find_kind("pods");
  const auto past = std::chrono::steady_clock::now();
  EXPECT_TRUE(store.watch(pods, "", std::uint64_t{0}, true, past, nullptr).events.empty());  // nothing moved
  ASSERT_TRUE(store.create("nodes", "", node("n")).ok());
  const auto batch = store.watch(pods, "", std::uint64_t{0}, true, past, nullptr);
  ASSERT_EQ(batch.events.size(), 1U);
  EXPECT_EQ(batch.events[0].type, "BOOKMARK");
  EXPECT_EQ(*batch.events[0].object,
            (json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"resourceVersion", "1"}}}}));
  EXPECT_TRUE(store.watch(pods, "", std::uint64_t{0}, false, past, nullptr).events.empty());  // not asked for
}

}  // namespace
}  // namespace cachepilot::simkube
