#pragma once
// Builds ExtenderArgs request bodies the way kube-scheduler marshals them (extender.go: json.Marshal of
// extenderv1.ExtenderArgs{Pod, Nodes, NodeNames}): Go field names as keys, full v1.Pod and v1.Node objects
// with the fields a real API server fills in, and `null` for the list form not in use.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cachepilot::testing {

using ojson = nlohmann::ordered_json;

// A v1.Node as the API server returns it (trimmed of images, otherwise complete in shape).
inline ojson k8s_node_object(const std::string& name, const std::string& zone = "cn-hangzhou-a") {
  return ojson{
      {"metadata",
       {{"name", name},
        {"uid", "6f1c2a9e-0000-4000-8000-" + name},
        {"resourceVersion", "48213"},
        {"creationTimestamp", "2024-03-01T08:12:44Z"},
        {"labels",
         {{"beta.kubernetes.io/arch", "amd64"},
          {"kubernetes.io/hostname", name},
          {"kubernetes.io/os", "linux"},
          {"topology.kubernetes.io/zone", zone}}},
        {"annotations",
         {{"node.alpha.kubernetes.io/ttl", "0"}, {"volumes.kubernetes.io/controller-managed-attach-detach", "true"}}}}},
      {"spec",
       {{"podCIDR", "10.244.1.0/24"}, {"podCIDRs", {"10.244.1.0/24"}}, {"providerID", "kind://docker/kind/" + name}}},
      {"status",
       {{"capacity", {{"cpu", "16"}, {"ephemeral-storage", "102350Mi"}, {"memory", "65842456Ki"}, {"pods", "110"}}},
        {"allocatable",
         {{"cpu", "15800m"}, {"ephemeral-storage", "102350Mi"}, {"memory", "62842456Ki"}, {"pods", "110"}}},
        {"conditions", ojson::array({ojson{{"type", "Ready"},
                                           {"status", "True"},
                                           {"lastHeartbeatTime", "2024-03-02T10:00:00Z"},
                                           {"lastTransitionTime", "2024-03-01T08:13:10Z"},
                                           {"reason", "KubeletReady"},
                                           {"message", "kubelet is posting ready status"}}})},
        {"addresses", ojson::array({ojson{{"type", "InternalIP"}, {"address", "172.18.0.3"}},
                                    ojson{{"type", "Hostname"}, {"address", name}}})},
        {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
        {"nodeInfo",
         {{"machineID", "b7f1"},
          {"kernelVersion", "6.1.0-18-amd64"},
          {"osImage", "Debian GNU/Linux 12 (bookworm)"},
          {"containerRuntimeVersion", "containerd://1.7.1"},
          {"kubeletVersion", "v1.27.3"},
          {"kubeProxyVersion", "v1.27.3"},
          {"operatingSystem", "linux"},
          {"architecture", "amd64"}}}}}};
}

class ExtenderArgsBuilder {
 public:
  enum class KeyCase { kGo, kLower };

  ExtenderArgsBuilder& pod(std::string name, std::string ns = "default") {
    pod_name_ = std::move(name);
    namespace_ = std::move(ns);
    has_pod_ = true;
    return *this;
  }
  ExtenderArgsBuilder& no_pod() {
    has_pod_ = false;
    return *this;
  }
  ExtenderArgsBuilder& label(std::string key, std::string value) {
    labels_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  ExtenderArgsBuilder& annotation(std::string key, std::string value) {
    annotations_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  // A volume backed by a PVC (how a pod mounts a Fluid dataset).
  ExtenderArgsBuilder& claim(std::string claim_name) {
    claims_.push_back(std::move(claim_name));
    return *this;
  }
  // nodeCacheCapable: true.
  ExtenderArgsBuilder& node_names(std::vector<std::string> names) {
    names_ = std::move(names);
    full_nodes_ = false;
    return *this;
  }
  // nodeCacheCapable: false: a full v1.NodeList.
  ExtenderArgsBuilder& nodes(std::vector<std::string> names) {
    names_ = std::move(names);
    full_nodes_ = true;
    return *this;
  }
  ExtenderArgsBuilder& key_case(KeyCase key_case) {
    key_case_ = key_case;
    return *this;
  }

  [[nodiscard]] ojson pod_object() const {
    ojson labels = ojson::object();
    labels["app"] = "trainer";
    labels["pod-template-hash"] = "7d9f8c6b5";
    for (const auto& [k, v] : labels_) {
      labels[k] = v;
    }
    ojson annotations = ojson::object();
    annotations["kubectl.kubernetes.io/restartedAt"] = "2024-03-02T09:58:01Z";
    for (const auto& [k, v] : annotations_) {
      annotations[k] = v;
    }
    ojson volumes = ojson::array();
    for (const auto& c : claims_) {
      volumes.push_back(ojson{{"name", c + "-vol"}, {"persistentVolumeClaim", {{"claimName", c}}}});
    }
    volumes.push_back(ojson{{"name", "scratch"}, {"emptyDir", ojson::object()}});
    volumes.push_back(
        ojson{{"name", "kube-api-access-x7k2p"},
              {"projected",
               {{"sources",
                 ojson::array({ojson{{"serviceAccountToken", {{"expirationSeconds", 3607}, {"path", "token"}}}},
                               ojson{{"configMap",
                                      {{"name", "kube-root-ca.crt"},
                                       {"items", ojson::array({ojson{{"key", "ca.crt"}, {"path", "ca.crt"}}})}}}}})},
                {"defaultMode", 420}}}});
    return ojson{
        {"metadata",
         {{"name", pod_name_},
          {"generateName", "trainer-7d9f8c6b5-"},
          {"namespace", namespace_},
          {"uid", "0c5d8f3e-1b2a-4c6d-9e8f-7a6b5c4d3e2f"},
          {"resourceVersion", "51234"},
          {"creationTimestamp", "2024-03-02T10:00:01Z"},
          {"labels", labels},
          {"annotations", annotations},
          {"ownerReferences", ojson::array({ojson{{"apiVersion", "apps/v1"},
                                                  {"kind", "ReplicaSet"},
                                                  {"name", "trainer-7d9f8c6b5"},
                                                  {"uid", "9a8b7c6d-0000-4000-8000-000000000001"},
                                                  {"controller", true},
                                                  {"blockOwnerDeletion", true}}})},
          {"managedFields",
           ojson::array({ojson{{"manager", "kube-controller-manager"},
                               {"operation", "Update"},
                               {"apiVersion", "v1"},
                               {"time", "2024-03-02T10:00:01Z"},
                               {"fieldsType", "FieldsV1"},
                               {"fieldsV1", {{"f:metadata", {{"f:labels", {{".", ojson::object()}}}}}}}}})}}},
        {"spec",
         {{"volumes", volumes},
          {"containers",
           ojson::array({ojson{{"name", "trainer"},
                               {"image", "registry.local/trainer:1.4"},
                               {"command", ojson::array({"python", "train.py", "--data=/data"})},
                               {"resources", {{"requests", {{"cpu", "2"}, {"memory", "4Gi"}}}}},
                               {"volumeMounts", ojson::array({ojson{{"name", "scratch"}, {"mountPath", "/tmp"}}})},
                               {"terminationMessagePath", "/dev/termination-log"},
                               {"terminationMessagePolicy", "File"},
                               {"imagePullPolicy", "IfNotPresent"}}})},
          {"restartPolicy", "Always"},
          {"terminationGracePeriodSeconds", 30},
          {"dnsPolicy", "ClusterFirst"},
          {"serviceAccountName", "default"},
          {"serviceAccount", "default"},
          {"securityContext", ojson::object()},
          {"schedulerName", "default-scheduler"},
          {"tolerations", ojson::array({ojson{{"key", "node.kubernetes.io/not-ready"},
                                              {"operator", "Exists"},
                                              {"effect", "NoExecute"},
                                              {"tolerationSeconds", 300}}})},
          {"priority", 0},
          {"enableServiceLinks", true},
          {"preemptionPolicy", "PreemptLowerPriority"}}},
        {"status", {{"phase", "Pending"}, {"qosClass", "Burstable"}}}};
  }

  [[nodiscard]] ojson json() const {
    const bool lower = key_case_ == KeyCase::kLower;
    ojson body = ojson::object();
    body[lower ? "pod" : "Pod"] = has_pod_ ? pod_object() : ojson(nullptr);
    if (full_nodes_) {
      ojson items = ojson::array();
      for (const auto& n : names_) {
        items.push_back(k8s_node_object(n));
      }
      body[lower ? "nodes" : "Nodes"] = ojson{{"metadata", {{"resourceVersion", "48213"}}}, {"items", items}};
      body[lower ? "nodenames" : "NodeNames"] = nullptr;
    } else {
      body[lower ? "nodes" : "Nodes"] = nullptr;
      body[lower ? "nodenames" : "NodeNames"] = names_;
    }
    return body;
  }

  // The body, with simdjson's padding reserved past its end.
  [[nodiscard]] std::string body() const { return padded(json().dump()); }

  static std::string padded(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 64);
    out.append(s);
    return out;
  }

 private:
  bool has_pod_ = true;
  std::string pod_name_ = "trainer-7d9f8c6b5-abcde";
  std::string namespace_ = "default";
  std::vector<std::pair<std::string, std::string>> labels_;
  std::vector<std::pair<std::string, std::string>> annotations_;
  std::vector<std::string> claims_;
  std::vector<std::string> names_;
  bool full_nodes_ = false;
  KeyCase key_case_ = KeyCase::kGo;
};

}  // namespace cachepilot::testing
