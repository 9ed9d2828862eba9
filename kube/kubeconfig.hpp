#pragma once
// How to reach and authenticate to a Kubernetes API server: from a kubeconfig file (as kubectl reads it)
// or from inside a pod (service-account token and CA). TLS is verified unless the kubeconfig says
// insecure-skip-tls-verify.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kube/api_client.hpp"
#include "net/http_client.hpp"

namespace cachepilot::kube {

struct ClusterAccess {
  std::string server;  // "https://10.0.0.1:443"
  net::ClientTlsOptions tls;
  std::string bearer_token;  // never logged
  // Where bearer_token came from, when a file (in-cluster, kubeconfig tokenFile): clients re-read it as it
  // rotates (net::ClientOptions::bearer_token_file).
  std::string bearer_token_file;
  std::string default_namespace = "default";
  std::string description;  // "kubeconfig /x (context dev)" or "in-cluster": safe to log
};

// Parses kubeconfig YAML. Relative file references resolve against base_dir (the kubeconfig's folder, as
// kubectl does). An empty context means current-context. Supported user credentials: token, tokenFile,
// client-certificate(-data) + client-key(-data); exec and auth-provider plugins are refused with a clear error.
[[nodiscard]] Result<ClusterAccess> parse_kubeconfig(std::string_view yaml_text, const std::string& base_dir,
                                                     const std::string& context);
[[nodiscard]] Result<ClusterAccess> load_kubeconfig(const std::string& path, const std::string& context);

// In-cluster configuration: KUBERNETES_SERVICE_HOST/PORT and the service-account files under `account_dir`
// (token, ca.crt, namespace). `getenv` is injected for tests.
inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";
[[nodiscard]] Result<ClusterAccess> in_cluster_access(
    const std::function<std::optional<std::string>(const char*)>& getenv,
    const std::string& account_dir = kServiceAccountDir);

// An API client for `access`: unary calls time out after `call_timeout`; watch streams tolerate up to
// `watch_silence` without a byte (longer than the server-side watch timeout, so the server ends them first).
[[nodiscard]] Result<std::shared_ptr<ApiClient>> make_api_client(const ClusterAccess& access,
                                                                 std::chrono::milliseconds call_timeout,
                                                                 std::chrono::milliseconds watch_silence);

// Reads a whole (small) file; errors name it.
[[nodiscard]] Result<std::string> read_small_file(const std::string& path, std::size_t limit = 1024 * 1024);

}  // namespace cachepilot::kube
