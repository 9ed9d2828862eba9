#include "kube/kubeconfig.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cluster/dump.hpp"
#include "common/strings.hpp"

namespace cachepilot::kube {
namespace {

using nlohmann::json;

// Finds {name: N, <field>: {...}} in a named list (clusters, users, contexts).
const json* find_named(const json& root, const char* list, const std::string& name, const char* field) {
  const auto it = root.find(list);
  if (it == root.end() || !it->is_array()) {
    return nullptr;
  }
  for (const auto& entry : *it) {
    if (entry.is_object() && entry.value("name", std::string()) == name) {
      const auto f = entry.find(field);
      return (f != entry.end() && f->is_object()) ? &*f : nullptr;
    }
  }
  return nullptr;
}

std::string string_field(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path.front() == '/' || base_dir.empty()) {
    return path;
  }
  return (std::filesystem::path(base_dir) / path).string();
}

// "<field>-data" (base64 inline) wins over "<field>" (a file), as in client-go.
Result<std::string> inline_or_file(const json& obj, const std::string& field, const std::string& base_dir) {
  const auto data = string_field(obj, (field + "-data").c_str());
  if (!data.empty()) {
    std::string decoded;
    if (!base64_decode(data, decoded)) {
      return make_error(ErrorCode::kParse, field + "-data is not base64");
    }
    return decoded;
  }
  const auto file = string_field(obj, field.c_str());
  if (file.empty()) {
    return std::string();
  }
  return read_small_file(resolve(base_dir, file));
}

}  // namespace

Result<std::string> read_small_file(const std::string& path, std::size_t limit) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return make_error(ErrorCode::kNotFound, "cannot read " + path + ": " + ec.message());
  }
  if (size > limit) {
    return make_error(ErrorCode::kTooLarge, path + " is over " + std::to_string(limit) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return make_error(ErrorCode::kIo, "cannot read " + path);
  }
  return text.str();
}

Result<ClusterAccess> parse_kubeconfig(std::string_view yaml_text, const std::string& base_dir,
                                       const std::string& context) {
  auto root = cluster::yaml_to_json(yaml_text);
  if (!root.ok()) {
    return root.error().wrap("kubeconfig");
  }
  if (!root->is_object()) {
    return make_error(ErrorCode::kParse, "kubeconfig is not a YAML map");
  }
  const auto context_name = context.empty() ? string_field(*root, "current-context") : context;
  if (context_name.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "kubeconfig has no current-context; pass --context");
  }
  const json* ctx = find_named(*root, "contexts", context_name, "context");
  if (ctx == nullptr) {
    return make_error(ErrorCode::kNotFound, "kubeconfig has no context \"" + context_name + "\"");
  }
  ClusterAccess access;
  access.description = "kubeconfig context " + context_name;
  if (auto ns = string_field(*ctx, "namespace"); !ns.empty()) {
    access.default_namespace = ns;
  }
  const auto cluster_name = string_field(*ctx, "cluster");
  const json* cluster = find_named(*root, "clusters", cluster_name, "cluster");
  if (cluster == nullptr) {
    return make_error(ErrorCode::kNotFound, "kubeconfig context " + context_name + " names cluster \"" + cluster_name +
                                                "\", which is not defined");
  }
  access.server = string_field(*cluster, "server");
  if (access.server.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "kubeconfig cluster " + cluster_name + " has no server");
  }
  while (!access.server.empty() && access.server.back() == '/') {
    access.server.pop_back();
  }
  if (const auto it = cluster->find("insecure-skip-tls-verify"); it != cluster->end() && it->is_boolean()) {
    access.tls.insecure_skip_verify = it->get<bool>();
  }
  auto ca = inline_or_file(*cluster, "certificate-authority", base_dir);
  if (!ca.ok()) {
    return ca.error().wrap("kubeconfig cluster " + cluster_name);
  }
  access.tls.ca_pem = std::move(ca).value();

  const auto user_name = string_field(*ctx, "user");
  if (user_name.empty()) {
    return access;  // anonymous
  }
  const json* user = find_named(*root, "users", user_name, "user");
  if (user == nullptr) {
    return make_error(ErrorCode::kNotFound,
                      "kubeconfig context " + context_name + " names user \"" + user_name + "\", which is not defined");
  }
  if (user->contains("exec") || user->contains("auth-provider")) {
    return make_error(ErrorCode::kInvalidArgument,
                      "kubeconfig user " + user_name +
                          " uses an exec or auth-provider plugin, which cachepilot does not run; use a token, a "
                          "token file or a client certificate (e.g. a service-account kubeconfig)");
  }
  access.bearer_token = string_field(*user, "token");
  if (access.bearer_token.empty()) {
    if (auto file = string_field(*user, "tokenFile"); !file.empty()) {
      access.bearer_token_file = resolve(base_dir, file);
      auto token = read_small_file(access.bearer_token_file);
      if (!token.ok()) {
        return token.error().wrap("kubeconfig user " + user_name);
      }
      access.bearer_token = std::string(trim(*token));
    }
  }
  auto cert = inline_or_file(*user, "client-certificate", base_dir);
  auto key = inline_or_file(*user, "client-key", base_dir);
  if (!cert.ok() || !key.ok()) {
    return (cert.ok() ? key.error() : cert.error()).wrap("kubeconfig user " + user_name);
  }
  if (cert->empty() != key->empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "kubeconfig user " + user_name + " has a client certificate without a key or the reverse");
  }
  access.tls.client_cert_pem = std::move(cert).value();
  access.tls.client_key_pem = std::move(key).value();
  return access;
}

Result<ClusterAccess> load_kubeconfig(const std::string& path, const std::string& context) {
  auto text = read_small_file(path, 16UL * 1024 * 1024);
  if (!text.ok()) {
    return text.error();
  }
  auto access = parse_kubeconfig(*text, std::filesystem::path(path).parent_path().string(), context);
  if (!access.ok()) {
    return access.error().wrap(path);
  }
  access->description = "kubeconfig " + path + " (" + access->description + ")";
  return access;
}

Result<std::shared_ptr<ApiClient>> make_api_client(const ClusterAccess& access, std::chrono::milliseconds call_timeout,
                                                   std::chrono::milliseconds watch_silence) {
  net::ClientOptions options;
  options.base_url = access.server;
  options.tls = access.tls;
  options.bearer_token = access.bearer_token;
  options.bearer_token_file = access.bearer_token_file;
  options.timeout = call_timeout;
  auto unary = net::make_http_client(options);
  if (!unary.ok()) {
    return unary.error();
  }
  options.timeout = watch_silence;
  auto streaming = net::make_http_client(options);
  if (!streaming.ok()) {
    return streaming.error();
  }
  return std::make_shared<ApiClient>(std::shared_ptr<net::HttpClient>(std::move(unary).value()),
                                     std::shared_ptr<net::HttpClient>(std::move(streaming).value()));
}

Result<ClusterAccess> in_cluster_access(const std::function<std::optional<std::string>(const char*)>& getenv,
                                        const std::string& account_dir) {
  const auto host = getenv("KUBERNETES_SERVICE_HOST");
  const auto port = getenv("KUBERNETES_SERVICE_PORT");
  if (!host || host->empty() || !port || port->empty()) {
    return make_error(ErrorCode::kUnavailable,
                      "--in-cluster: KUBERNETES_SERVICE_HOST/PORT are not set (not running in a pod?)");
  }
  ClusterAccess access;
  access.description = "in-cluster service account";
  // An IPv6 service address needs brackets in a URL.
  const bool v6 = host->find(':') != std::string::npos;
  access.server = "https://" + (v6 ? "[" + *host + "]" : *host) + ":" + *port;
  // Read now so that a missing token fails at start; clients re-read the file as the kubelet rotates it.
  access.bearer_token_file = account_dir + "/token";
  auto token = read_small_file(access.bearer_token_file);
  if (!token.ok()) {
    return token.error().wrap("--in-cluster");
  }
  access.bearer_token = std::string(trim(*token));
  auto ca = read_small_file(account_dir + "/ca.crt");
  if (!ca.ok()) {
    return ca.error().wrap("--in-cluster");
  }
  access.tls.ca_pem = std::move(ca).value();
  if (auto ns = read_small_file(account_dir + "/namespace"); ns.ok() && !trim(*ns).empty()) {
    access.default_namespace = std::string(trim(*ns));
  }
  return access;
}

}  // namespace cachepilot::kube
