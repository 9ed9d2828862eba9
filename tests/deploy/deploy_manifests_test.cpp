// The manifests under deploy/ checked against what the code really does: every YAML document loads and is a
// well-formed object, the extender's RBAC grants exactly what it reads, the scheduler configurations call
// routes the extender serves (driven through ExtenderService with the bundled demo cluster and the example
// pod), the probes hit the health routes on the port the Service targets, and the container args use only
// flags the real binary knows.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "cluster/converter.hpp"
#include "cluster/dump.hpp"
#include "common/clock.hpp"
#include "common/quantity.hpp"
#include "extender/extender_v1.hpp"
#include "extender/service.hpp"
#include "metrics/extender_metrics.hpp"
#include "tests/app/child_process.hpp"
#include "tests/deploy/manifests.hpp"

// In deploy_test, beside manifests.hpp's helpers (at, text, to_json, load_manifests, Manifest, resolve_port,
// find_on_path, help_lists, kSourceDir, fs, json).
namespace cachepilot::deploy_test {
namespace {

const std::string kBinary = CACHEPILOT_BINARY;
constexpr std::string_view kExtenderDir = "deploy/extender";
constexpr std::string_view kSchedulerDir = "deploy/scheduler";
constexpr std::string_view kSecondSchedulerDir = "deploy/scheduler/second-scheduler";

const std::vector<Manifest>& all_manifests() {
  static const std::vector<Manifest> manifests = [] {
    auto out = load_manifests(kExtenderDir);
    auto scheduler = load_manifests(kSchedulerDir);
    out.insert(out.end(), scheduler.begin(), scheduler.end());
    return out;
  }();
  return manifests;
}

bool under(const Manifest& m, std::string_view dir) {
  const auto rel = m.file.string();
  return rel.starts_with(std::string(dir) + "/");
}

// The one object of `kind` directly in `dir` (not in its subfolders, where overlays and examples live).
const Manifest& the(std::string_view kind, std::string_view dir) {
  const Manifest* found = nullptr;
  for (const auto& m : all_manifests()) {
    if (m.kind() == kind && m.file.parent_path() == fs::path(dir)) {
      EXPECT_EQ(found, nullptr) << "two " << kind << " objects in " << dir;
      found = &m;
    }
  }
  if (found == nullptr) {
    ADD_FAILURE() << "no " << kind << " in " << dir;
    static const Manifest kEmpty;
    return kEmpty;
  }
  return *found;
}

const json& extender_container(const Manifest& deployment) {
  static const json kNull;
  for (const auto& c : at(deployment.object, {"spec", "template", "spec", "containers"})) {
    if (text(at(c, {"image"})).starts_with("cachepilot")) {
      return c;
    }
  }
  ADD_FAILURE() << deployment.where() << ": no container running a cachepilot image";
  return kNull;
}

// ---- the real service, on the bundled demo cluster ----

class DemoExtender {
 public:
  DemoExtender() : service_(store_, extender::Policy{}, registry_, metrics_, clock_) {}

  void load_demo_cluster() {
    auto objects = cluster::load_cluster_dump((kSourceDir / "examples/cluster/demo-cluster.yaml").string());
    ASSERT_TRUE(objects.ok()) << objects.error().message;
    store_.store(cluster::build_snapshot(*objects, {}, {cluster::TopologyKeys{}, 1, clock_.unix_seconds()}));
  }
  [[nodiscard]] std::vector<std::string> node_names() const {
    std::vector<std::string> out;
    for (const auto& n : store_.load()->nodes()) {
      out.push_back(n.name);
    }
    return out;
  }
  [[nodiscard]] std::set<std::string> nodes_labelled(const std::string& key) const {
    std::set<std::string> out;
    for (const auto& n : store_.load()->nodes()) {
      if (n.labels.contains(key)) {
        out.insert(n.name);
      }
    }
    return out;
  }

  net::HttpResponse call(std::string method, std::string target, std::string body = {}) {
    net::HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.content_type = "application/json";
    request.body = std::move(body);
    extender::v1::pad_body(request.body);
    net::HttpResponse response;
    service_.handle(request, response);
    return response;
  }

 private:
  cluster::SnapshotStore store_;
  metrics::Registry registry_;
  metrics::ExtenderMetrics metrics_{registry_};
  ManualClock clock_;
  extender::ExtenderService service_;
};

// ---- every document ----

TEST(DeployManifests, EveryDocumentIsAKubernetesObjectWithApiVersionKindAndName) {
  const auto& manifests = all_manifests();
  ASSERT_GE(manifests.size(), 15U) << "deploy/extender and deploy/scheduler hold too few documents";
  std::set<std::string> extender_kinds;
  std::size_t scheduler_configs = 0;
  for (const auto& m : manifests) {
    SCOPED_TRACE(m.where());
    ASSERT_TRUE(m.object.is_object());
    const auto api_version = text(at(m.object, {"apiVersion"}));
    EXPECT_FALSE(api_version.empty());
    EXPECT_FALSE(m.kind().empty());
    if (m.is_kustomization()) {
      EXPECT_TRUE(api_version.starts_with("kustomize.config.k8s.io/")) << api_version;
      EXPECT_TRUE(m.kind() == "Kustomization" || m.kind() == "Component") << m.kind();
      continue;
    }
    if (m.kind() == "KubeSchedulerConfiguration") {
      // A component's configuration file, not an API object: it has no metadata.
      EXPECT_TRUE(api_version.starts_with("kubescheduler.config.k8s.io/")) << api_version;
      ++scheduler_configs;
      continue;
    }
    EXPECT_FALSE(m.name().empty()) << "metadata.name";
    if (m.file.parent_path() == fs::path(kExtenderDir)) {
      extender_kinds.insert(m.kind());
    }
  }
  const std::set<std::string> expected{"Namespace",  "ServiceAccount", "ClusterRole",        "ClusterRoleBinding",
                                       "Deployment", "Service",        "PodDisruptionBudget"};
  EXPECT_EQ(extender_kinds, expected);
  EXPECT_EQ(scheduler_configs, 3U) << "v1, v1beta1 and v1 over HTTPS";
}

TEST(DeployManifests, KustomizationsListEveryManifestBesideThemAndOnlyFilesThatExist) {
  std::size_t checked = 0;
  for (const auto& m : all_manifests()) {
    if (!m.is_kustomization()) {
      continue;
    }
    SCOPED_TRACE(m.where());
    ++checked;
    const auto dir = kSourceDir / m.file.parent_path();
    std::set<std::string> listed;
    for (const char* field : {"resources", "components"}) {
      for (const auto& r : at(m.object, {field})) {
        EXPECT_TRUE(fs::exists(dir / text(r))) << field << ": " << text(r);
        listed.insert(text(r));
      }
    }
    for (const auto& p : at(m.object, {"patches"})) {
      if (!at(p, {"path"}).is_null()) {
        EXPECT_TRUE(fs::exists(dir / text(at(p, {"path"})))) << "patch " << text(at(p, {"path"}));
        listed.insert(text(at(p, {"path"})));
      } else {
        EXPECT_FALSE(text(at(p, {"patch"})).empty()) << "a patch with neither path nor patch";
      }
    }
    // Every manifest beside a kustomization is part of it, except the example workload.
    for (const auto& entry : fs::directory_iterator(dir)) {
      const auto name = entry.path().filename().string();
      if (entry.path().extension() == ".yaml" && name != "kustomization.yaml" && name != "pod-example.yaml") {
        EXPECT_TRUE(listed.contains(name)) << name << " is not in " << m.file;
      }
    }
  }
  EXPECT_EQ(checked, 3U) << "deploy/extender, its tls overlay and the second scheduler each have one";
}

// ---- the extender's objects ----

TEST(DeployManifests, ExtenderObjectsShareOneNamespaceAndServiceAccount) {
  const auto& ns = the("Namespace", kExtenderDir);
  const auto& kustomization = the("Kustomization", kExtenderDir);
  EXPECT_EQ(text(at(kustomization.object, {"namespace"})), ns.name());
  for (const auto& m : all_manifests()) {
    if (m.file.parent_path() != fs::path(kExtenderDir) || m.is_kustomization()) {
      continue;
    }
    const bool cluster_scoped =
        m.kind() == "Namespace" || m.kind() == "ClusterRole" || m.kind() == "ClusterRoleBinding";
    EXPECT_EQ(text(at(m.object, {"metadata", "namespace"})), cluster_scoped ? "" : ns.name()) << m.where();
  }
  const auto& sa = the("ServiceAccount", kExtenderDir);
  const auto& binding = the("ClusterRoleBinding", kExtenderDir);
  EXPECT_EQ(text(at(binding.object, {"roleRef", "kind"})), "ClusterRole");
  EXPECT_EQ(text(at(binding.object, {"roleRef", "name"})), the("ClusterRole", kExtenderDir).name());
  ASSERT_EQ(at(binding.object, {"subjects"}).size(), 1U);
  const auto& subject = at(binding.object, {"subjects"})[0];
  EXPECT_EQ(text(at(subject, {"kind"})), "ServiceAccount");
  EXPECT_EQ(text(at(subject, {"name"})), sa.name());
  EXPECT_EQ(text(at(subject, {"namespace"})), ns.name());
  const auto& pod = at(the("Deployment", kExtenderDir).object, {"spec", "template", "spec"});
  EXPECT_EQ(text(at(pod, {"serviceAccountName"})), sa.name());
}

TEST(DeployManifests, ClusterRoleGrantsOnlyGetListWatchOnExactlyWhatTheExtenderReads) {
  const std::map<std::string, std::set<std::string>> expected{
      {"", {"nodes", "persistentvolumeclaims"}},
      {"data.fluid.io",
       {"datasets", "alluxioruntimes", "juicefsruntimes", "jindoruntimes", "goosefsruntimes", "efcruntimes",
        "thinruntimes", "vineyardruntimes"}},
  };
  const std::set<std::string> read_only{"get", "list", "watch"};
  const auto& role = the("ClusterRole", kExtenderDir);
  const auto& rules = at(role.object, {"rules"});
  ASSERT_TRUE(rules.is_array() && !rules.empty());
  EXPECT_TRUE(at(role.object, {"aggregationRule"}).is_null()) << "an aggregated role grants what others add";
  std::map<std::string, std::set<std::string>> granted;
  for (const auto& rule : rules) {
    SCOPED_TRACE(rule.dump());
    std::set<std::string> verbs;
    for (const auto& v : at(rule, {"verbs"})) {
      verbs.insert(text(v));
    }
    EXPECT_EQ(verbs, read_only);
    EXPECT_TRUE(at(rule, {"nonResourceURLs"}).is_null());
    EXPECT_TRUE(at(rule, {"resourceNames"}).is_null());
    ASSERT_FALSE(at(rule, {"apiGroups"}).empty());
    for (const auto& group : at(rule, {"apiGroups"})) {
      for (const auto& resource : at(rule, {"resources"})) {
        EXPECT_TRUE(granted[text(group)].insert(text(resource)).second) << "granted twice: " << text(resource);
      }
    }
  }
  EXPECT_EQ(granted, expected);
}

TEST(DeployManifests, ExtenderDeploymentIsReplicatedHardenedAndSizedFromMeasurements) {
  const auto& deployment = the("Deployment", kExtenderDir);
  const auto& spec = at(deployment.object, {"spec"});
  EXPECT_EQ(at(spec, {"replicas"}), 2);
  const auto& pod = at(spec, {"template", "spec"});
  EXPECT_EQ(at(pod, {"automountServiceAccountToken"}), true) << "--in-cluster needs the ServiceAccount token";
  EXPECT_EQ(at(pod, {"securityContext", "runAsNonRoot"}), true);
  EXPECT_EQ(at(pod, {"securityContext", "seccompProfile", "type"}), "RuntimeDefault");
  const auto& c = extender_container(deployment);
  EXPECT_EQ(at(c, {"securityContext", "allowPrivilegeEscalation"}), false);
  EXPECT_EQ(at(c, {"securityContext", "readOnlyRootFilesystem"}), true);
  EXPECT_EQ(at(c, {"securityContext", "capabilities", "drop"}), json::array({"ALL"}));
  EXPECT_TRUE(at(c, {"securityContext", "capabilities", "add"}).is_null());
  EXPECT_NE(at(c, {"securityContext", "privileged"}), true);

  // Replicas on different nodes: a hard spread over hostnames or required anti-affinity.
  bool spread_by_node = false;
  for (const auto& t : at(pod, {"topologySpreadConstraints"})) {
    spread_by_node |= text(at(t, {"topologyKey"})) == "kubernetes.io/hostname" &&
                      text(at(t, {"whenUnsatisfiable"})) == "DoNotSchedule";
  }
  spread_by_node |=
      !at(pod, {"affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"}).is_null();
  EXPECT_TRUE(spread_by_node);

  // Memory (README, bench/extender): 25-60 MiB serving, ~270 MiB peak while listing 5,000 nodes.
  auto bytes = [&](std::initializer_list<std::string_view> path) -> std::uint64_t {
    auto r = parse_bytes(text(at(at(c, {"resources"}), path)));
    EXPECT_TRUE(r.ok()) << "resources quantity missing or malformed";
    return r.ok() ? *r : 0;
  };
  constexpr std::uint64_t kMiB = 1024 * 1024;
  EXPECT_GE(bytes({"requests", "memory"}), 60 * kMiB) << "below the measured serving footprint";
  EXPECT_GE(bytes({"limits", "memory"}), 270 * kMiB * 5 / 4) << "too close to the measured start-up peak";
  EXPECT_LE(bytes({"requests", "memory"}), bytes({"limits", "memory"}));
  EXPECT_FALSE(text(at(c, {"resources", "requests", "cpu"})).empty());

  const auto& pdb = the("PodDisruptionBudget", kExtenderDir);
  EXPECT_EQ(at(pdb.object, {"spec", "minAvailable"}), 1);
  EXPECT_EQ(at(pdb.object, {"spec", "selector", "matchLabels"}), at(spec, {"selector", "matchLabels"}));
}

TEST(DeployManifests, ProbesHitTheHealthRoutesOnThePortTheServiceTargets) {
  const auto& deployment = the("Deployment", kExtenderDir);
  const auto& c = extender_container(deployment);
  const auto& service = the("Service", kExtenderDir);
  EXPECT_EQ(text(at(service.object, {"spec", "type"})), "ClusterIP");
  ASSERT_EQ(at(service.object, {"spec", "ports"}).size(), 1U);
  const auto& service_port = at(service.object, {"spec", "ports"})[0];
  EXPECT_EQ(at(service_port, {"port"}), 8888);
  const auto target = resolve_port(c, at(service_port, {"targetPort"}));
  EXPECT_NE(target, 0) << "the Service's targetPort is no port of the extender container";

  // The Service selects the pods.
  const auto& pod_labels = at(deployment.object, {"spec", "template", "metadata", "labels"});
  for (const auto& [key, value] : at(service.object, {"spec", "selector"}).items()) {
    EXPECT_EQ(at(pod_labels, {key}), value) << "selector " << key;
  }

  DemoExtender extender;
  auto check_probes = [&](const json& container, const std::string& scheme, const std::string& where) {
    SCOPED_TRACE(where);
    for (const auto& [probe, path] : {std::pair{"readinessProbe", "/readyz"}, std::pair{"livenessProbe", "/healthz"}}) {
      const auto& get = at(container, {probe, "httpGet"});
      EXPECT_EQ(text(at(get, {"path"})), path) << probe;
      EXPECT_EQ(text(at(get, {"scheme"})), scheme) << probe;
      EXPECT_EQ(resolve_port(c, at(get, {"port"})), target) << probe << " probes another port than the Service's";
    }
  };
  check_probes(c, "", deployment.where());
  // The TLS component's patch keeps the same routes and port, over HTTPS.
  bool tls_patch_seen = false;
  for (const auto& m : all_manifests()) {
    if (under(m, std::string(kExtenderDir) + "/overlays/tls") && m.kind() == "Deployment") {
      tls_patch_seen = true;
      for (const auto& pc : at(m.object, {"spec", "template", "spec", "containers"})) {
        if (text(at(pc, {"name"})) == text(at(c, {"name"}))) {
          check_probes(pc, "HTTPS", m.where());
        }
      }
    }
  }
  EXPECT_TRUE(tls_patch_seen);

  // And the service answers those routes: /readyz waits for a snapshot, /healthz does not.
  const auto readiness_path = text(at(c, {"readinessProbe", "httpGet", "path"}));
  const auto liveness_path = text(at(c, {"livenessProbe", "httpGet", "path"}));
  EXPECT_EQ(extender.call("GET", readiness_path).status, 503U);
  EXPECT_EQ(extender.call("GET", liveness_path).status, 200U);
  extender.load_demo_cluster();
  EXPECT_EQ(extender.call("GET", readiness_path).status, 200U);
  EXPECT_EQ(extender.call("GET", liveness_path).status, 200U);
}

// ---- kube-scheduler configurations ----

struct SchedulerConfig {
  std::string where;
  json config;
};

std::vector<SchedulerConfig> scheduler_configs() {
  std::vector<SchedulerConfig> out;
  for (const auto& m : all_manifests()) {
    if (!under(m, kSchedulerDir)) {
      continue;
    }
    if (m.kind() == "KubeSchedulerConfiguration") {
      out.push_back({m.where(), m.object});
    } else if (m.kind() == "ConfigMap") {
      for (const auto& [key, value] : at(m.object, {"data"}).items()) {
        auto embedded = to_json(YAML::Load(text(value)));
        if (text(at(embedded, {"kind"})) == "KubeSchedulerConfiguration") {
          out.push_back({m.where() + " data." + key, embedded});
        }
      }
    }
  }
  return out;
}

struct Url {
  std::string scheme, host, path;
  long long port = 0;
};

Url parse_url(const std::string& url) {
  Url u;
  const auto colon_slashes = url.find("://");
  if (colon_slashes == std::string::npos) {
    return u;
  }
  u.scheme = url.substr(0, colon_slashes);
  auto rest = url.substr(colon_slashes + 3);
  const auto slash = rest.find('/');
  u.path = slash == std::string::npos ? "" : rest.substr(slash);
  rest = rest.substr(0, slash);
  const auto colon = rest.rfind(':');
  u.host = rest.substr(0, colon);
  u.port = colon == std::string::npos ? 0 : std::stoll(rest.substr(colon + 1));
  while (!u.path.empty() && u.path.back() == '/') {
    u.path.pop_back();  // kube-scheduler trims it before appending "/" + verb
  }
  return u;
}

json pod_example_as_json() {
  const auto docs = YAML::LoadAllFromFile((kSourceDir / kSecondSchedulerDir / "pod-example.yaml").string());
  EXPECT_EQ(docs.size(), 1U);
  return docs.empty() ? json() : to_json(docs[0]);
}

TEST(DeployManifests, SchedulerConfigsCallTheRoutesTheExtenderServes) {
  const auto configs = scheduler_configs();
  ASSERT_GE(configs.size(), 4U) << "v1, v1beta1, v1 over HTTPS and the second scheduler's";
  const auto& service = the("Service", kExtenderDir);
  const auto service_host = service.name() + "." + text(at(service.object, {"metadata", "namespace"})) + ".svc";
  const auto service_port = at(service.object, {"spec", "ports"})[0]["port"].get<long long>();

  DemoExtender extender;
  extender.load_demo_cluster();
  const auto pod = pod_example_as_json();
  const auto claim = text(at(pod, {"spec", "volumes"})[0]["persistentVolumeClaim"]["claimName"]);
  const auto cache_nodes =
      extender.nodes_labelled("fluid.io/s-" + text(at(pod, {"metadata", "namespace"})) + "-" + claim);
  const auto all_nodes = extender.node_names();
  ASSERT_FALSE(cache_nodes.empty());
  ASSERT_LT(cache_nodes.size(), all_nodes.size()) << "the demo cluster must have nodes without the cache";
  const auto body = json{{"Pod", pod}, {"Nodes", nullptr}, {"NodeNames", all_nodes}}.dump();

  std::set<std::string> api_versions;
  for (const auto& [where, config] : configs) {
    SCOPED_TRACE(where);
    api_versions.insert(text(at(config, {"apiVersion"})));
    EXPECT_EQ(at(config, {"percentageOfNodesToScore"}), 100);
    const auto& extenders = at(config, {"extenders"});
    ASSERT_EQ(extenders.size(), 1U);
    const auto& e = extenders[0];
    EXPECT_EQ(text(at(e, {"filterVerb"})), "filter");
    EXPECT_EQ(text(at(e, {"prioritizeVerb"})), "prioritize");
    EXPECT_TRUE(at(e, {"bindVerb"}).is_null() && at(e, {"preemptVerb"}).is_null()) << "verbs the extender lacks";
    EXPECT_EQ(at(e, {"nodeCacheCapable"}), true);
    EXPECT_TRUE(at(e, {"ignorable"}).is_boolean());
    EXPECT_TRUE(at(e, {"weight"}).is_number_integer() && at(e, {"weight"}).get<long long>() >= 1);
    EXPECT_FALSE(text(at(e, {"httpTimeout"})).empty());

    const auto url = parse_url(text(at(e, {"urlPrefix"})));
    EXPECT_EQ(url.host, service_host);
    EXPECT_EQ(url.port, service_port);
    const bool https = at(e, {"enableHTTPS"}) == true;
    EXPECT_EQ(url.scheme, https ? "https" : "http");
    if (https) {
      EXPECT_FALSE(text(at(e, {"tlsConfig", "caFile"})).empty()) << "HTTPS without a CA to verify the extender";
    }

    // The verbs reach the routes: the example pod (sched=required) keeps exactly the cache nodes.
    const auto filter = extender.call("POST", url.path + "/" + text(at(e, {"filterVerb"})), body);
    ASSERT_EQ(filter.status, 200U) << filter.body;
    const auto reply = json::parse(filter.body);
    std::set<std::string> kept;
    for (const auto& n : reply["NodeNames"]) {
      kept.insert(n.get<std::string>());
    }
    EXPECT_EQ(kept, cache_nodes);
    EXPECT_EQ(reply["FailedAndUnresolvableNodes"].size(), all_nodes.size() - cache_nodes.size());
    for (const auto& [node, reason] : reply["FailedAndUnresolvableNodes"].items()) {
      EXPECT_NE(reason.get<std::string>().find(claim), std::string::npos) << node << ": " << reason;
    }

    const auto prioritize = extender.call("POST", url.path + "/" + text(at(e, {"prioritizeVerb"})), body);
    ASSERT_EQ(prioritize.status, 200U) << prioritize.body;
    // Hosts scoring 0 are left out of the reply (kube-scheduler adds nothing for them either): absent is 0.
    std::map<std::string, long long> scores;
    for (const auto& node : all_nodes) {
      scores[node] = 0;
    }
    for (const auto& s : json::parse(prioritize.body)) {
      ASSERT_TRUE(scores.contains(s["Host"].get<std::string>())) << "not a candidate: " << s;
      scores[s["Host"].get<std::string>()] = s["Score"].get<long long>();
    }
    long long lowest_cache = 10;
    long long highest_other = 0;
    for (const auto& [host, score] : scores) {
      if (cache_nodes.contains(host)) {
        lowest_cache = std::min(lowest_cache, score);
      } else {
        highest_other = std::max(highest_other, score);
      }
    }
    EXPECT_GT(lowest_cache, highest_other) << prioritize.body;
  }
  EXPECT_EQ(api_versions,
            (std::set<std::string>{"kubescheduler.config.k8s.io/v1", "kubescheduler.config.k8s.io/v1beta1"}));
}

TEST(DeployManifests, SecondSchedulerIsWiredToItsProfileLeaseConfigAndRoles) {
  const auto& deployment = the("Deployment", kSecondSchedulerDir);
  const auto& configmap = the("ConfigMap", kSecondSchedulerDir);
  const auto& sa = the("ServiceAccount", kSecondSchedulerDir);
  for (const auto* m : {&deployment, &configmap, &sa}) {
    EXPECT_EQ(text(at(m->object, {"metadata", "namespace"})), "kube-system") << m->where();
  }
  ASSERT_EQ(at(configmap.object, {"data"}).size(), 1U);
  const auto key = at(configmap.object, {"data"}).begin().key();
  const auto config = to_json(YAML::Load(text(at(configmap.object, {"data", key}))));
  ASSERT_EQ(at(config, {"profiles"}).size(), 1U);
  const auto scheduler_name = text(at(config, {"profiles"})[0]["schedulerName"]);
  EXPECT_EQ(scheduler_name, "cachepilot-scheduler");
  EXPECT_EQ(text(at(pod_example_as_json(), {"spec", "schedulerName"})), scheduler_name);

  // The Deployment runs kube-scheduler on the mounted ConfigMap.
  const auto& pod = at(deployment.object, {"spec", "template", "spec"});
  EXPECT_EQ(text(at(pod, {"serviceAccountName"})), sa.name());
  ASSERT_EQ(at(pod, {"containers"}).size(), 1U);
  const auto& c = at(pod, {"containers"})[0];
  std::string volume;
  for (const auto& v : at(pod, {"volumes"})) {
    if (text(at(v, {"configMap", "name"})) == configmap.name()) {
      volume = text(at(v, {"name"}));
    }
  }
  ASSERT_FALSE(volume.empty()) << "the ConfigMap is not mounted";
  std::string config_path;
  for (const auto& vm : at(c, {"volumeMounts"})) {
    if (text(at(vm, {"name"})) == volume) {
      config_path = text(at(vm, {"mountPath"})) + "/" + key;
    }
  }
  bool config_flag = false;
  for (const auto& arg : at(c, {"command"})) {
    config_flag |= text(arg) == "--config=" + config_path;
  }
  EXPECT_TRUE(config_flag) << "kube-scheduler must be started with --config=" << config_path;
  EXPECT_EQ(text(at(c, {"livenessProbe", "httpGet", "scheme"})), "HTTPS");
  EXPECT_EQ(resolve_port(c, at(c, {"livenessProbe", "httpGet", "port"})), 10259);

  // Roles: the built-in scheduler roles, and a lease named as the configuration's leader election.
  std::set<std::string> bound_cluster_roles;
  std::set<std::string> bound_roles;
  std::set<std::string> leases;
  for (const auto& m : all_manifests()) {
    if (m.file.parent_path() != fs::path(kSecondSchedulerDir)) {
      continue;
    }
    if (m.kind() == "ClusterRoleBinding" || m.kind() == "RoleBinding") {
      ASSERT_EQ(at(m.object, {"subjects"}).size(), 1U) << m.where();
      const auto& s = at(m.object, {"subjects"})[0];
      EXPECT_EQ(text(at(s, {"name"})), sa.name()) << m.where();
      EXPECT_EQ(text(at(s, {"namespace"})), "kube-system") << m.where();
      (m.kind() == "ClusterRoleBinding" ? bound_cluster_roles : bound_roles)
          .insert(text(at(m.object, {"roleRef", "name"})));
    }
    if (m.kind() == "Role") {
      for (const auto& rule : at(m.object, {"rules"})) {
        if (at(rule, {"resources"}) == json::array({"leases"})) {
          for (const auto& n : at(rule, {"resourceNames"})) {
            leases.insert(text(n));
          }
        }
      }
    }
  }
  EXPECT_EQ(bound_cluster_roles, (std::set<std::string>{"system:kube-scheduler", "system:volume-scheduler"}));
  EXPECT_TRUE(bound_roles.contains("extension-apiserver-authentication-reader"));
  EXPECT_EQ(at(config, {"leaderElection", "leaderElect"}), true);
  EXPECT_EQ(text(at(config, {"leaderElection", "resourceNamespace"})), "kube-system");
  const auto lease = text(at(config, {"leaderElection", "resourceName"}));
  EXPECT_NE(lease, "kube-scheduler") << "would contend with the default scheduler";
  EXPECT_EQ(leases, std::set<std::string>{lease});
}

// ---- flags ----

std::string extender_help() {
  testing::ChildProcess child({kBinary, "extender", "--help"});
  EXPECT_TRUE(child.started()) << kBinary;
  EXPECT_EQ(child.wait_for_exit(std::chrono::seconds(30)), 0) << child.output();
  return child.output();
}

TEST(DeployManifests, ExtenderArgsUseOnlyFlagsTheBinaryKnows) {
  // The args of every cachepilot container, and those the kustomize patches append.
  std::vector<std::pair<std::string, std::string>> args;  // (where, arg)
  std::string listen;
  long long container_port = 0;
  for (const auto& m : all_manifests()) {
    for (const auto& c : at(m.object, {"spec", "template", "spec", "containers"})) {
      if (!text(at(c, {"image"})).starts_with("cachepilot")) {
        continue;
      }
      ASSERT_FALSE(at(c, {"args"}).empty()) << m.where();
      EXPECT_EQ(text(at(c, {"args"})[0]), "extender") << m.where() << ": the subcommand comes first";
      for (const auto& a : at(c, {"args"})) {
        args.emplace_back(m.where(), text(a));
        if (text(a).starts_with("--listen=")) {
          listen = text(a).substr(std::string_view("--listen=").size());
        }
      }
      container_port = resolve_port(c, at(the("Service", kExtenderDir).object, {"spec", "ports"})[0]["targetPort"]);
    }
    for (const auto& p : at(m.object, {"patches"})) {
      const auto inline_patch = text(at(p, {"patch"}));
      if (inline_patch.empty()) {
        continue;
      }
      const auto ops = to_json(YAML::Load(inline_patch));
      for (const auto& op : ops) {
        if (text(at(op, {"path"})).find("/args") != std::string::npos) {
          args.emplace_back(m.where() + " patch", text(at(op, {"value"})));
        }
      }
    }
  }
  ASSERT_GE(args.size(), 4U);
  EXPECT_TRUE(std::any_of(args.begin(), args.end(), [](const auto& a) { return a.second == "--in-cluster"; }))
      << "the Deployment must run in live mode";
  EXPECT_TRUE(std::any_of(args.begin(), args.end(), [](const auto& a) { return a.second.starts_with("--tls-cert="); }))
      << "the TLS component must add --tls-cert";

  // --listen serves the port the Service targets, on every interface.
  ASSERT_EQ(listen.rfind(':'), 0U) << "--listen=" << listen << " should be :PORT";
  EXPECT_EQ(std::stoll(listen.substr(1)), container_port);

  const auto help = extender_help();
  ASSERT_TRUE(help_lists(help, "--listen")) << help;
  for (const auto& [where, arg] : args) {
    if (arg.starts_with("--")) {
      const auto flag = arg.substr(0, arg.find('='));
      EXPECT_TRUE(help_lists(help, flag)) << where << ": `cachepilot extender` has no flag " << flag;
    }
  }
}

// ---- kustomize, where kubectl is installed (it is not a build dependency) ----

TEST(DeployManifests, KustomizationsBuildWithKubectl) {
  const auto kubectl = find_on_path("kubectl");
  if (!kubectl) {
    GTEST_SKIP() << "kubectl is not installed";
  }
  // The TLS component is used from a kustomization outside deploy/extender, as docs/extender.md shows.
  const auto tmp = fs::temp_directory_path() / ("cachepilot-kustomize-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  {
    std::ofstream k(tmp / "kustomization.yaml");
    // kustomize takes relative paths only.
    k << "resources: [" << fs::relative(kSourceDir / kExtenderDir, tmp).string() << "]\n"
      << "components: [" << fs::relative(kSourceDir / kExtenderDir / "overlays/tls", tmp).string() << "]\n";
  }
  for (const auto& dir : {kSourceDir / kExtenderDir, kSourceDir / kSecondSchedulerDir, tmp}) {
    testing::ChildProcess child({*kubectl, "kustomize", dir.string()});
    ASSERT_TRUE(child.started());
    EXPECT_EQ(child.wait_for_exit(std::chrono::seconds(60)), 0) << dir << ":\n" << child.output();
    if (dir == tmp) {
      EXPECT_NE(child.output().find("--tls-key=/etc/cachepilot/tls/tls.key"), std::string::npos) << child.output();
    }
  }
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace cachepilot::deploy_test
