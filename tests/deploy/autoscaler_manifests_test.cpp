// deploy/autoscaler checked against what `cachepilot autoscaler` does: the kustomization lists exactly the
// manifests beside it, the RBAC grants exactly the accesses the controller makes (a table: adding a verb,
// resource or rule fails a test), the Lease rule names the Lease the Deployment elects on, the Deployment is
// two leader-elected, hardened replicas probed on the port it listens on and the Service targets, and its
// args use only the controller's flags.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "autoscaler/cacheautoscaler_v1alpha1.hpp"
#include "common/quantity.hpp"
#include "tests/app/child_process.hpp"
#include "tests/deploy/manifests.hpp"

// In deploy_test, beside manifests.hpp's helpers (at, text, to_json, load_manifests, Manifest, resolve_port,
// find_on_path, help_lists, kSourceDir, fs, json).
namespace cachepilot::deploy_test {
namespace {

const std::string kBinary = CACHEPILOT_BINARY;
constexpr std::string_view kDir = "deploy/autoscaler";
constexpr std::string_view kNamespace = "cachepilot-system";
// Files beside the kustomization that are not Kubernetes objects of it.
constexpr std::string_view kScrapeConfig = "prometheus-scrape-fluid-fuse.yaml";
// The controller's fixed interface: its port and Lease name defaults.
constexpr long long kPort = 8090;
constexpr std::string_view kDefaultLeaseName = "cachepilot-autoscaler";

// The objects directly in deploy/autoscaler (examples/ holds CacheAutoscalers for users; the scrape config is
// Prometheus configuration).
const std::vector<Manifest>& manifests() {
  static const std::vector<Manifest> all = [] {
    std::vector<Manifest> out;
    for (auto& m : load_manifests(kDir)) {
      if (m.file.parent_path() == fs::path(kDir) && m.file.filename() != kScrapeConfig) {
        out.push_back(std::move(m));
      }
    }
    return out;
  }();
  return all;
}

const Manifest& the(std::string_view kind) {
  const Manifest* found = nullptr;
  for (const auto& m : manifests()) {
    if (m.kind() == kind) {
      EXPECT_EQ(found, nullptr) << "two " << kind << " objects in " << kDir;
      found = &m;
    }
  }
  if (found == nullptr) {
    ADD_FAILURE() << "no " << kind << " in " << kDir;
    static const Manifest kEmpty;
    return kEmpty;
  }
  return *found;
}

const json& pod_spec() { return at(the("Deployment").object, {"spec", "template", "spec"}); }

const json& container() {
  static const json kNull;
  const auto& containers = at(pod_spec(), {"containers"});
  EXPECT_EQ(containers.size(), 1U);
  for (const auto& c : containers) {
    if (text(at(c, {"image"})).starts_with("cachepilot")) {
      return c;
    }
  }
  ADD_FAILURE() << "no container running a cachepilot image";
  return kNull;
}

std::vector<std::string> args() {
  std::vector<std::string> out;
  for (const auto& a : at(container(), {"args"})) {
    out.push_back(text(a));
  }
  return out;
}

// The value of --flag=value in the args (nullopt: absent; "" for a bare --flag).
std::optional<std::string> arg_value(std::string_view flag) {
  for (const auto& a : args()) {
    if (a == flag) {
      return std::string();
    }
    if (a.starts_with(std::string(flag) + "=")) {
      return a.substr(flag.size() + 1);
    }
  }
  return std::nullopt;
}

std::set<std::string> strings(const json& array) {
  std::set<std::string> out;
  for (const auto& v : array) {
    out.insert(text(v));
  }
  return out;
}

// ---- the kustomization ----

TEST(AutoscalerManifests, KustomizationListsEveryManifestBesideItAndOnlyFilesThatExist) {
  const auto& k = the("Kustomization");
  EXPECT_EQ(text(at(k.object, {"apiVersion"})), "kustomize.config.k8s.io/v1beta1");
  EXPECT_EQ(text(at(k.object, {"namespace"})), kNamespace);
  const auto dir = kSourceDir / kDir;
  std::set<std::string> listed;
  for (const auto& r : at(k.object, {"resources"})) {
    EXPECT_TRUE(fs::exists(dir / text(r))) << "resources: " << text(r);
    EXPECT_TRUE(listed.insert(text(r)).second) << "listed twice: " << text(r);
  }
  EXPECT_TRUE(listed.contains("crd-cacheautoscaler.yaml")) << "the CRD ships with the controller";
  std::set<std::string> beside;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" && name != "kustomization.yaml" &&
        name != kScrapeConfig) {
      beside.insert(name);
    }
  }
  EXPECT_EQ(listed, beside) << "every manifest beside the kustomization, and nothing else";
  EXPECT_FALSE(listed.contains(std::string(kScrapeConfig))) << "Prometheus configuration, not a Kubernetes object";

  // The image convention deploy/extender uses: cachepilot:VERSION, set once in the kustomization.
  const auto extender = load_manifests("deploy/extender");
  const auto ext_k = std::find_if(extender.begin(), extender.end(), [](const Manifest& m) {
    return m.is_kustomization() && m.file.parent_path() == fs::path("deploy/extender");
  });
  ASSERT_NE(ext_k, extender.end());
  EXPECT_EQ(at(k.object, {"images"}), at(ext_k->object, {"images"}));
  EXPECT_EQ(text(at(container(), {"image"})), "cachepilot:VERSION");
  EXPECT_EQ(at(container(), {"command"}), json::array({"cachepilot"}));
}

TEST(AutoscalerManifests, ObjectsAreTheExpectedKindsInOneNamespace) {
  std::multiset<std::string> kinds;
  for (const auto& m : manifests()) {
    SCOPED_TRACE(m.where());
    if (m.is_kustomization()) {
      continue;
    }
    kinds.insert(m.kind());
    EXPECT_FALSE(text(at(m.object, {"apiVersion"})).empty());
    EXPECT_FALSE(m.name().empty());
    const bool cluster_scoped = m.kind() == "Namespace" || m.kind() == "ClusterRole" ||
                                m.kind() == "ClusterRoleBinding" || m.kind() == "CustomResourceDefinition";
    EXPECT_EQ(text(at(m.object, {"metadata", "namespace"})), cluster_scoped ? "" : kNamespace);
    EXPECT_EQ(text(at(m.object, {"metadata", "labels", "app.kubernetes.io/part-of"})), "cachepilot");
  }
  const std::multiset<std::string> expected{"Namespace",           "CustomResourceDefinition",
                                            "ServiceAccount",      "ClusterRole",
                                            "ClusterRoleBinding",  "Role",
                                            "RoleBinding",         "Deployment",
                                            "PodDisruptionBudget", "Service"};
  EXPECT_EQ(kinds, expected);

  // The namespace deploy/extender declares, identically: applying both packages must not flip its labels.
  for (const auto& m : load_manifests("deploy/extender")) {
    if (m.kind() == "Namespace") {
      EXPECT_EQ(the("Namespace").object, m.object) << "differs from " << m.where();
    }
  }
  EXPECT_EQ(the("Namespace").name(), kNamespace);
  EXPECT_EQ(the("CustomResourceDefinition").name(), "cacheautoscalers.cachepilot.io");
}

// ---- RBAC ----

struct Grant {
  std::string group;
  std::string resource;
  friend auto operator<=>(const Grant&, const Grant&) = default;
};
using Grants = std::map<Grant, std::set<std::string>>;  // (group, resource) -> verbs

// Every (group, resource) a role's rules grant, with its verbs; a pair in two rules, wildcards, non-resource
// URLs and (when !names_allowed) resourceNames fail.
Grants granted(const Manifest& role, bool names_allowed) {
  Grants out;
  EXPECT_TRUE(at(role.object, {"aggregationRule"}).is_null()) << "an aggregated role grants what others add";
  const auto& rules = at(role.object, {"rules"});
  EXPECT_TRUE(rules.is_array() && !rules.empty()) << role.where();
  for (const auto& rule : rules) {
    SCOPED_TRACE(role.where() + " rule " + rule.dump());
    EXPECT_TRUE(at(rule, {"nonResourceURLs"}).is_null());
    if (!names_allowed) {
      EXPECT_TRUE(at(rule, {"resourceNames"}).is_null());
    }
    for (const char* field : {"apiGroups", "resources", "verbs"}) {
      EXPECT_FALSE(at(rule, {field}).empty()) << field;
      EXPECT_FALSE(strings(at(rule, {field})).contains("*")) << "wildcard in " << field;
    }
    for (const auto& group : at(rule, {"apiGroups"})) {
      for (const auto& resource : at(rule, {"resources"})) {
        const auto [it, fresh] = out.emplace(Grant{text(group), text(resource)}, strings(at(rule, {"verbs"})));
        EXPECT_TRUE(fresh) << "granted in two rules: " << text(group) << "/" << text(resource);
      }
    }
  }
  return out;
}

TEST(AutoscalerManifests, ClusterRoleGrantsExactlyTheControllersAccesses) {
  // The controller's interface: what it lists/watches, writes, and nothing more. A new verb or resource here
  // is a decision to make in this table, with the controller's code that needs it.
  const std::set<std::string> get_update{"get", "update"};
  const Grants expected{
      {{"cachepilot.io", "cacheautoscalers"}, {"list", "watch"}},
      {{"cachepilot.io", "cacheautoscalers/status"}, {"update", "patch"}},
      {{"data.fluid.io", "alluxioruntimes/scale"}, get_update},
      {{"data.fluid.io", "juicefsruntimes/scale"}, get_update},
      {{"data.fluid.io", "jindoruntimes/scale"}, get_update},
      {{"data.fluid.io", "goosefsruntimes/scale"}, get_update},
      {{"data.fluid.io", "efcruntimes/scale"}, get_update},
      {{"data.fluid.io", "vineyardruntimes/scale"}, get_update},
      {{"data.fluid.io", "datasets"}, {"get", "list", "watch"}},
      {{"", "pods"}, {"list", "watch"}},
      {{"", "events"}, {"create", "patch"}},
      {{"autoscaling", "horizontalpodautoscalers"}, {"list", "watch"}},
  };
  const auto grants = granted(the("ClusterRole"), false);
  EXPECT_EQ(grants, expected);
  for (const auto& [grant, verbs] : grants) {
    EXPECT_NE(grant.resource, "secrets");
    EXPECT_NE(grant.resource, "configmaps");
  }
}

TEST(AutoscalerManifests, ScaleGrantsCoverEveryCrdTargetKindWithAScaleSubresource) {
  // The CRD's targetRef.kind enum, against the code's table of which kinds have /scale.
  const auto& crd = the("CustomResourceDefinition");
  const auto& versions = at(crd.object, {"spec", "versions"});
  ASSERT_EQ(versions.size(), 1U);
  const auto& kinds = at(versions[0], {"schema", "openAPIV3Schema", "properties", "spec", "properties", "targetRef",
                                       "properties", "kind", "enum"});
  ASSERT_FALSE(kinds.empty());
  std::set<std::string> want;
  for (const auto& k : kinds) {
    const auto* info = autoscaler::find_target_kind(text(k));
    ASSERT_NE(info, nullptr) << text(k);
    if (info->has_scale) {
      std::string plural = text(k);
      std::transform(plural.begin(), plural.end(), plural.begin(), [](unsigned char c) { return std::tolower(c); });
      want.insert(plural + "s/scale");
    }
  }
  std::set<std::string> have;
  for (const auto& [grant, verbs] : granted(the("ClusterRole"), false)) {
    if (grant.resource.ends_with("/scale")) {
      EXPECT_EQ(grant.group, "data.fluid.io");
      have.insert(grant.resource);
    }
  }
  EXPECT_EQ(have, want);
  EXPECT_FALSE(have.contains("thinruntimes/scale")) << "ThinRuntime has no /scale";
  // And the CacheAutoscaler grants name the CRD's group and plural.
  EXPECT_EQ(text(at(crd.object, {"spec", "group"})), autoscaler::kCacheAutoscalerGroup);
  EXPECT_EQ(text(at(crd.object, {"spec", "names", "plural"})), autoscaler::kCacheAutoscalerPlural);
}

TEST(AutoscalerManifests, LeaseRoleIsConfinedToTheOneLeaseTheDeploymentElectsOn) {
  const auto& role = the("Role");
  EXPECT_EQ(text(at(role.object, {"metadata", "namespace"})), kNamespace);
  // (resourceNames, verbs) per rule: get/update on the Lease by name; create unrestricted by name (Kubernetes
  // cannot restrict it), but only in this namespace.
  const auto lease = arg_value("--leader-elect-lease-name").value_or(std::string(kDefaultLeaseName));
  EXPECT_EQ(lease, kDefaultLeaseName);
  std::set<std::tuple<std::string, std::set<std::string>, std::set<std::string>>> rules;
  for (const auto& rule : at(role.object, {"rules"})) {
    EXPECT_EQ(strings(at(rule, {"apiGroups"})), std::set<std::string>{"coordination.k8s.io"}) << rule.dump();
    EXPECT_EQ(strings(at(rule, {"resources"})), std::set<std::string>{"leases"}) << rule.dump();
    EXPECT_TRUE(at(rule, {"nonResourceURLs"}).is_null());
    rules.emplace("leases", strings(at(rule, {"resourceNames"})), strings(at(rule, {"verbs"})));
  }
  const std::set<std::tuple<std::string, std::set<std::string>, std::set<std::string>>> expected{
      {"leases", {lease}, {"get", "update"}},
      {"leases", {}, {"create"}},
  };
  EXPECT_EQ(rules, expected);

  // The Lease's namespace is the Role's: --leader-elect-namespace, else $POD_NAMESPACE (the pod's own).
  if (const auto ns = arg_value("--leader-elect-namespace")) {
    EXPECT_EQ(*ns, text(at(role.object, {"metadata", "namespace"})));
  } else {
    bool from_downward_api = false;
    for (const auto& e : at(container(), {"env"})) {
      if (text(at(e, {"name"})) == "POD_NAMESPACE") {
        from_downward_api = text(at(e, {"valueFrom", "fieldRef", "fieldPath"})) == "metadata.namespace";
      }
    }
    EXPECT_TRUE(from_downward_api) << "POD_NAMESPACE must come from metadata.namespace";
  }
}

TEST(AutoscalerManifests, BindingsBindTheDeploymentsServiceAccount) {
  const auto& sa = the("ServiceAccount");
  EXPECT_EQ(sa.name(), "cachepilot-autoscaler");
  EXPECT_EQ(text(at(pod_spec(), {"serviceAccountName"})), sa.name());
  EXPECT_EQ(at(pod_spec(), {"automountServiceAccountToken"}), true) << "--in-cluster needs the token";
  for (const auto& [binding, role] :
       {std::pair{"ClusterRoleBinding", "ClusterRole"}, std::pair{"RoleBinding", "Role"}}) {
    const auto& b = the(binding);
    SCOPED_TRACE(b.where());
    EXPECT_EQ(text(at(b.object, {"roleRef", "apiGroup"})), "rbac.authorization.k8s.io");
    EXPECT_EQ(text(at(b.object, {"roleRef", "kind"})), role);
    EXPECT_EQ(text(at(b.object, {"roleRef", "name"})), the(role).name());
    ASSERT_EQ(at(b.object, {"subjects"}).size(), 1U);
    const auto& s = at(b.object, {"subjects"})[0];
    EXPECT_EQ(text(at(s, {"kind"})), "ServiceAccount");
    EXPECT_EQ(text(at(s, {"name"})), sa.name());
    EXPECT_EQ(text(at(s, {"namespace"})), kNamespace);
  }
}

// ---- the Deployment ----

TEST(AutoscalerManifests, DeploymentIsTwoLeaderElectedHardenedReplicas) {
  const auto& deployment = the("Deployment");
  const auto& spec = at(deployment.object, {"spec"});
  EXPECT_EQ(at(spec, {"replicas"}), 2);
  EXPECT_EQ(at(spec, {"strategy", "rollingUpdate", "maxUnavailable"}), 0);
  const auto& pod_labels = at(spec, {"template", "metadata", "labels"});
  for (const auto& [key, value] : at(spec, {"selector", "matchLabels"}).items()) {
    EXPECT_EQ(at(pod_labels, {key}), value) << "selector " << key;
  }

  const auto& pod = pod_spec();
  EXPECT_EQ(at(pod, {"securityContext", "runAsNonRoot"}), true);
  EXPECT_EQ(at(pod, {"securityContext", "seccompProfile", "type"}), "RuntimeDefault");
  EXPECT_NE(at(pod, {"hostNetwork"}), true);
  const auto& c = container();
  const auto& sc = at(c, {"securityContext"});
  EXPECT_EQ(at(sc, {"runAsNonRoot"}), true);
  EXPECT_EQ(at(sc, {"allowPrivilegeEscalation"}), false);
  EXPECT_EQ(at(sc, {"readOnlyRootFilesystem"}), true);
  EXPECT_EQ(at(sc, {"capabilities", "drop"}), json::array({"ALL"}));
  EXPECT_TRUE(at(sc, {"capabilities", "add"}).is_null());
  EXPECT_NE(at(sc, {"privileged"}), true);
  EXPECT_EQ(at(sc, {"seccompProfile", "type"}), "RuntimeDefault");

  // Replicas on different nodes: a standby on the leader's node would fail with it.
  bool spread_by_node = false;
  for (const auto& t : at(pod, {"topologySpreadConstraints"})) {
    spread_by_node |= text(at(t, {"topologyKey"})) == "kubernetes.io/hostname" &&
                      text(at(t, {"whenUnsatisfiable"})) == "DoNotSchedule";
  }
  EXPECT_TRUE(spread_by_node);

  // Requests and limits for CPU and memory, requests within limits.
  for (const char* r : {"cpu", "memory"}) {
    EXPECT_FALSE(text(at(c, {"resources", "requests", r})).empty()) << r;
    EXPECT_FALSE(text(at(c, {"resources", "limits", r})).empty()) << r;
  }
  const auto request = parse_bytes(text(at(c, {"resources", "requests", "memory"})));
  const auto limit = parse_bytes(text(at(c, {"resources", "limits", "memory"})));
  ASSERT_TRUE(request.ok() && limit.ok());
  EXPECT_LE(*request, *limit);

  // Leader election: identity and namespace from the downward API.
  std::map<std::string, std::string> env;
  for (const auto& e : at(c, {"env"})) {
    env[text(at(e, {"name"}))] = text(at(e, {"valueFrom", "fieldRef", "fieldPath"}));
  }
  EXPECT_EQ(env["POD_NAME"], "metadata.name");
  EXPECT_EQ(env["POD_NAMESPACE"], "metadata.namespace");

  // Args: the subcommand, live mode, leader election on, a Prometheus URL.
  const auto a = args();
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0], "autoscaler") << "the subcommand comes first";
  EXPECT_TRUE(arg_value("--in-cluster").has_value());
  EXPECT_FALSE(arg_value("--kubeconfig").has_value()) << "--in-cluster and --kubeconfig exclude each other";
  const auto leader = arg_value("--leader-elect");
  EXPECT_TRUE(leader == "true" || leader == "") << "--leader-elect must be on with 2 replicas";
  const auto prometheus = arg_value("--prometheus").value_or("");
  EXPECT_TRUE(prometheus.starts_with("http://") || prometheus.starts_with("https://")) << prometheus;
  EXPECT_EQ(pod.dump().find("secretKeyRef"), std::string::npos) << "the autoscaler reads no Secrets";
}

TEST(AutoscalerManifests, ProbesAndServiceUseThePortTheControllerListensOn) {
  const auto& c = container();
  // --listen=0.0.0.0:8090: every interface (the default 127.0.0.1 is unreachable for probes and Prometheus).
  const auto listen = arg_value("--listen").value_or("");
  EXPECT_EQ(listen, "0.0.0.0:" + std::to_string(kPort));
  ASSERT_EQ(at(c, {"ports"}).size(), 1U);
  EXPECT_EQ(text(at(at(c, {"ports"})[0], {"name"})), "metrics");
  EXPECT_EQ(at(at(c, {"ports"})[0], {"containerPort"}), kPort);

  for (const auto& [probe, path] : {std::pair{"readinessProbe", "/readyz"}, std::pair{"livenessProbe", "/healthz"}}) {
    SCOPED_TRACE(probe);
    const auto& get = at(c, {probe, "httpGet"});
    EXPECT_EQ(text(at(get, {"path"})), path);
    EXPECT_TRUE(text(at(get, {"scheme"})).empty() || text(at(get, {"scheme"})) == "HTTP");
    EXPECT_EQ(resolve_port(c, at(get, {"port"})), kPort);
  }

  const auto& service = the("Service");
  EXPECT_EQ(text(at(service.object, {"spec", "type"})), "ClusterIP");
  ASSERT_EQ(at(service.object, {"spec", "ports"}).size(), 1U);
  const auto& port = at(service.object, {"spec", "ports"})[0];
  EXPECT_EQ(text(at(port, {"name"})), "metrics");
  EXPECT_EQ(at(port, {"port"}), kPort);
  EXPECT_EQ(resolve_port(c, at(port, {"targetPort"})), kPort);
  const auto& pod_labels = at(the("Deployment").object, {"spec", "template", "metadata", "labels"});
  ASSERT_FALSE(at(service.object, {"spec", "selector"}).empty());
  for (const auto& [key, value] : at(service.object, {"spec", "selector"}).items()) {
    EXPECT_EQ(at(pod_labels, {key}), value) << "selector " << key;
  }

  // The scrape hint: on the Service, quoted strings, naming the metrics port and path; not on the pods too
  // (a Prometheus with both conventional jobs would scrape every replica twice).
  const auto& annotations = at(service.object, {"metadata", "annotations"});
  EXPECT_EQ(at(annotations, {"prometheus.io/scrape"}), "true");
  EXPECT_EQ(at(annotations, {"prometheus.io/port"}), std::to_string(kPort));
  EXPECT_EQ(at(annotations, {"prometheus.io/path"}), "/metrics");
  EXPECT_TRUE(at(the("Deployment").object, {"spec", "template", "metadata", "annotations"}).is_null());

  const auto& pdb = the("PodDisruptionBudget");
  EXPECT_EQ(at(pdb.object, {"spec", "minAvailable"}), 1);
  EXPECT_EQ(at(pdb.object, {"spec", "selector", "matchLabels"}),
            at(the("Deployment").object, {"spec", "selector", "matchLabels"}));
}

// ---- flags ----

// The flags of `cachepilot autoscaler` (its interface, docs/autoscaler.md). Boolean flags take =true|false.
const std::set<std::string>& controller_flags() {
  static const std::set<std::string> flags{"--kubeconfig",
                                           "--context",
                                           "--in-cluster",
                                           "--prometheus",
                                           "--prometheus-bearer-token-file",
                                           "--prometheus-ca-file",
                                           "--prometheus-insecure-skip-tls-verify",
                                           "--listen",
                                           "--interval",
                                           "--history",
                                           "--namespace",
                                           "--api-timeout",
                                           "--leader-elect",
                                           "--leader-elect-namespace",
                                           "--leader-elect-lease-name",
                                           "--leader-elect-identity",
                                           "--lease-duration",
                                           "--renew-deadline",
                                           "--retry-period",
                                           "--log-level"};
  return flags;
}

TEST(AutoscalerManifests, ArgsUseOnlyTheControllersFlags) {
  const auto a = args();
  ASSERT_GE(a.size(), 2U);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < a.size(); ++i) {
    ASSERT_TRUE(a[i].starts_with("--")) << "not a --flag[=value]: " << a[i];
    const auto flag = a[i].substr(0, a[i].find('='));
    EXPECT_TRUE(controller_flags().contains(flag)) << "`cachepilot autoscaler` has no flag " << flag;
    EXPECT_TRUE(seen.insert(flag).second) << "given twice: " << flag;
  }
}

TEST(AutoscalerManifests, TheBinaryKnowsEveryFlagTheDeploymentPasses) {
  testing::ChildProcess child({kBinary, "autoscaler", "--help"});
  ASSERT_TRUE(child.started()) << kBinary;
  const auto code = child.wait_for_exit(std::chrono::seconds(30));
  const auto& help = child.output();
  if (code != 0 || !help_lists(help, "--prometheus")) {
    GTEST_SKIP() << "this build's `cachepilot autoscaler --help` exits " << (code ? std::to_string(*code) : "?")
                 << " without listing --prometheus: the autoscaler subcommand is not in this binary yet, so the "
                    "flags are checked against the documented interface only (ArgsUseOnlyTheControllersFlags)";
  }
  for (const auto& a : args()) {
    if (a.starts_with("--")) {
      const auto flag = a.substr(0, a.find('='));
      EXPECT_TRUE(help_lists(help, flag)) << "`cachepilot autoscaler --help` does not list " << flag << "\n" << help;
    }
  }
  for (const auto& flag : controller_flags()) {
    EXPECT_TRUE(help_lists(help, flag)) << "docs/autoscaler.md documents " << flag << ", the binary lacks it";
  }
}

TEST(AutoscalerManifests, OperatorDocsDescribeEveryFlagOfTheBinary) {
  testing::ChildProcess child({kBinary, "autoscaler", "--help"});
  ASSERT_TRUE(child.started()) << kBinary;
  const auto code = child.wait_for_exit(std::chrono::seconds(30));
  const auto& help = child.output();
  if (code != 0 || !help_lists(help, "--prometheus")) {
    GTEST_SKIP() << "this build's `cachepilot autoscaler --help` lists no flags yet (see above)";
  }
  std::ifstream in(kSourceDir / "docs/autoscaler.md");
  const std::string docs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(docs.empty());
  std::set<std::string> flags;
  for (std::size_t pos = help.find("--"); pos != std::string::npos; pos = help.find("--", pos + 2)) {
    auto end = pos + 2;
    while (end < help.size() && (std::islower(static_cast<unsigned char>(help[end])) != 0 || help[end] == '-')) {
      ++end;
    }
    if (end > pos + 2 && (pos == 0 || help[pos - 1] == ' ' || help[pos - 1] == ',')) {
      flags.insert(help.substr(pos, end - pos));
    }
  }
  flags.erase("--help");
  flags.erase("--version");
  ASSERT_GE(flags.size(), controller_flags().size()) << help;
  for (const auto& flag : flags) {
    EXPECT_NE(docs.find("`" + flag), std::string::npos) << "docs/autoscaler.md does not describe " << flag;
  }
}

// ---- kustomize, where kubectl is installed (it is not a build dependency) ----

TEST(AutoscalerManifests, KustomizationBuildsWithKubectl) {
  const auto kubectl = find_on_path("kubectl");
  if (!kubectl) {
    GTEST_SKIP() << "kubectl is not installed: the structural tests above stand in for `kubectl kustomize`";
  }
  testing::ChildProcess child({*kubectl, "kustomize", (kSourceDir / kDir).string()});
  ASSERT_TRUE(child.started());
  ASSERT_EQ(child.wait_for_exit(std::chrono::seconds(60)), 0) << child.output();
  std::multiset<std::string> kinds;
  for (const auto& doc : YAML::LoadAll(child.output())) {
    const auto object = to_json(doc);
    kinds.insert(text(at(object, {"kind"})));
    if (text(at(object, {"kind"})) == "Deployment") {
      EXPECT_EQ(text(at(object, {"spec", "template", "spec", "containers"})[0]["image"]), "cachepilot:VERSION");
    }
  }
  EXPECT_EQ(kinds.size(), manifests().size() - 1) << child.output();  // every object, not the kustomization
  EXPECT_TRUE(kinds.contains("CustomResourceDefinition"));
}

}  // namespace
}  // namespace cachepilot::deploy_test
