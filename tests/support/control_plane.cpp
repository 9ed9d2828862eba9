// The real control plane for end-to-end tests: see control_plane.hpp.
#include "tests/support/control_plane.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cluster/dump.hpp"
#include "tests/support/shell.hpp"

#ifndef CACHEPILOT_SOURCE_DIR
#error "CACHEPILOT_SOURCE_DIR must name the repository root"
#endif

namespace cachepilot::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPollInterval{100};
constexpr const char* kExtenderUser = "cachepilot-extender";
constexpr const char* kSchedulerUser = "system:kube-scheduler";

// ------------------------------------------------------------------------------------------------------------
// Small utilities

std::string env(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read before any thread starts
  return value == nullptr ? std::string() : std::string(value);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw E2eError("cannot read " + path + ": " + std::strerror(errno));  // NOLINT(concurrency-mt-unsafe)
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const std::string& path, const std::string& text,
                fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    throw E2eError("cannot write " + path);
  }
  fs::permissions(path, perms);
}

bool file_contains(const std::string& path, std::string_view needle) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string random_hex(std::size_t bytes) {
  static std::random_device device;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = device() & 0xffU;
    out += digits[b >> 4U];
    out += digits[b & 0xfU];
  }
  return out;
}

std::string base64(std::string_view in) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8U) |
                   static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    out += table[(n >> 18U) & 63U];
    out += table[(n >> 12U) & 63U];
    out += table[(n >> 6U) & 63U];
    out += table[n & 63U];
  }
  if (i + 1 == in.size()) {
    const auto n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U;
    out += table[(n >> 18U) & 63U];
    out += table[(n >> 12U) & 63U];
    out += "==";
  } else if (i + 2 == in.size()) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8U);
    out += table[(n >> 18U) & 63U];
    out += table[(n >> 12U) & 63U];
    out += table[(n >> 6U) & 63U];
    out += '=';
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((std::isalnum(u) != 0) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += digits[u >> 4U];
      out += digits[u & 0xfU];
    }
  }
  return out;
}

// A double-quoted YAML scalar.
std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

std::string rfc3339_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

// Runs a shell command; throws with its output when it fails.
void run_shell(const std::string& script, const std::string& log_path) {
  const std::string command =
      "bash -c " + shell_quote("set -euo pipefail; " + script) + " >>" + shell_quote(log_path) + " 2>&1";
  const int rc = std::system(command.c_str());  // NOLINT(cert-env33-c,concurrency-mt-unsafe)
  if (rc != 0) {
    throw E2eError("command failed (" + std::to_string(rc) + "): " + script + "\n" + tail_of_file(log_path, 20));
  }
}

std::string strip_noise(Json object) {
  if (object.is_object() && object.contains("metadata") && object["metadata"].is_object()) {
    object["metadata"].erase("managedFields");
  }
  auto text = object.dump();
  if (text.size() > 4000) {
    text = text.substr(0, 4000) + "...";
  }
  return text;
}

// Free TCP ports on 127.0.0.1, distinct from each other (all sockets are held until every port is known).
std::vector<int> free_ports(std::size_t count) {
  std::vector<int> fds;
  std::vector<int> ports;
  for (std::size_t i = 0; i < count; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      break;
    }
    fds.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||  // NOLINT
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {  // NOLINT
      break;
    }
    ports.push_back(ntohs(addr.sin_port));
  }
  for (const int fd : fds) {
    ::close(fd);
  }
  if (ports.size() != count) {
    throw E2eError("cannot find free ports on 127.0.0.1");
  }
  return ports;
}

std::string which(const std::string& name) {
  std::string path = env("PATH");
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find(':', start), path.size());
    const auto candidate = path.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return {};
}

// ------------------------------------------------------------------------------------------------------------
// Binaries

struct Binaries {
  std::string apiserver;
  std::string scheduler;
  std::string etcd;
};

Binaries binaries_in(const std::string& dir, const std::string& origin) {
  Binaries b{dir + "/kube-apiserver", dir + "/kube-scheduler", dir + "/etcd"};
  for (const auto* p : {&b.apiserver, &b.scheduler}) {
    if (::access(p->c_str(), X_OK) != 0) {
      throw E2eError("no executable " + *p + " (from " + origin + ")");
    }
  }
  if (::access(b.etcd.c_str(), X_OK) != 0) {
    b.etcd = which("etcd");
    if (b.etcd.empty()) {
      throw E2eError("no etcd on PATH (Debian package etcd-server; scripts/control-plane installs it)");
    }
  }
  return b;
}

// Runs scripts/control-plane and returns its last line of output (the binaries' directory).
std::string run_control_plane_script(const std::string& script) {
  FILE* pipe = ::popen(shell_quote(script).c_str(), "r");
  if (pipe == nullptr) {
    throw E2eError("cannot run " + script);
  }
  std::string output;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) {
    output += buf.data();
  }
  const int rc = ::pclose(pipe);
  if (rc != 0) {
    throw E2eError(script + " failed (status " + std::to_string(rc) + "); its log is in this test's output");
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) {
    output.pop_back();
  }
  const auto last = output.rfind('\n');
  return last == std::string::npos ? output : output.substr(last + 1);
}

const Binaries& control_plane_binaries() {
  static std::optional<Binaries> cached;
  if (cached) {
    return *cached;
  }
  if (const auto dir = env("CACHEPILOT_CONTROL_PLANE_BIN"); !dir.empty()) {
    cached = binaries_in(dir, "CACHEPILOT_CONTROL_PLANE_BIN");
    return *cached;
  }
  const std::string script = std::string(CACHEPILOT_SOURCE_DIR) + "/scripts/control-plane";
  if (::access(script.c_str(), X_OK) != 0) {
    throw E2eError("no " + script + " and no CACHEPILOT_CONTROL_PLANE_BIN: cannot find kube-apiserver");
  }
  const std::string check = shell_quote(script) + " --check >/dev/null 2>&1";
  if (std::system(check.c_str()) != 0) {  // NOLINT(cert-env33-c,concurrency-mt-unsafe)
    // Several test processes may get here at once (ctest -j): one builds, the others wait on the lock.
    const auto lock_path = (fs::temp_directory_path() / "cachepilot-control-plane.lock").string();
    const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (lock_fd >= 0) {
      std::cerr << "[control-plane] kube-apiserver/kube-scheduler not cached yet: running " << script
                << " (builds them once, about 7 minutes)\n";
      ::flock(lock_fd, LOCK_EX);
    }
    try {
      const auto dir = run_control_plane_script(script);
      cached = binaries_in(dir, script);
    } catch (...) {
      if (lock_fd >= 0) {
        ::close(lock_fd);
      }
      throw;
    }
    if (lock_fd >= 0) {
      ::close(lock_fd);
    }
    return *cached;
  }
  cached = binaries_in(run_control_plane_script(script), script);
  return *cached;
}

std::unique_ptr<net::HttpClient> make_client(const std::string& base_url, const std::string& ca_pem,
                                             const std::string& token, bool insecure, milliseconds timeout) {
  net::ClientOptions options;
  options.base_url = base_url;
  options.tls.ca_pem = ca_pem;
  options.tls.insecure_skip_verify = insecure;
  options.bearer_token = token;
  options.timeout = timeout;
  options.user_agent = "cachepilot-e2e";
  auto client = net::make_http_client(options);
  if (!client.ok()) {
    throw E2eError("HTTP client for " + base_url + ": " + client.error().message);
  }
  return std::move(client).value();
}

std::string file_name_for(const std::string& user) {
  std::string out;
  for (const char c : user) {
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.') ? c : '_';
  }
  return out;
}

}  // namespace

// ==============================================================================================================
// ManagedProcess

ManagedProcess::ManagedProcess(std::string name, std::vector<std::string> args, std::string log_path)
    : name_(std::move(name)), log_path_(std::move(log_path)) {
  if (args.empty()) {
    throw E2eError("no command for " + name_);
  }
  {
    std::ofstream header(log_path_, std::ios::app);
    header << "==== " << rfc3339_now() << " starting:";
    for (const auto& a : args) {
      header << ' ' << a;
    }
    header << "\n";
  }
  auto spawned = Subprocess::spawn(name_, std::move(args), log_path_);
  if (!spawned.ok()) {
    std::ofstream(log_path_, std::ios::app) << "==== " << spawned.error().message << "\n";
    throw E2eError(spawned.error().message);
  }
  process_ = std::move(spawned).value();
}

ManagedProcess::~ManagedProcess() { kill_now(); }

bool ManagedProcess::wait_for_log(const std::string& needle, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (file_contains(log_path_, needle)) {
      return true;
    }
    if (!running() || Clock::now() >= deadline) {
      return file_contains(log_path_, needle);
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
}

std::string ManagedProcess::log_text() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ==============================================================================================================
// Runtime kinds and paths

namespace {
constexpr std::array<RuntimeKindInfo, 7> kRuntimeKinds{{
    {RuntimeKind::kAlluxio, "AlluxioRuntime", "alluxioruntimes", "alluxio", true, true},
    {RuntimeKind::kJuiceFS, "JuiceFSRuntime", "juicefsruntimes", "juicefs", true, true},
    {RuntimeKind::kJindo, "JindoRuntime", "jindoruntimes", "jindo", true, false},
    {RuntimeKind::kGooseFS, "GooseFSRuntime", "goosefsruntimes", "goosefs", true, true},
    {RuntimeKind::kEFC, "EFCRuntime", "efcruntimes", "efc", true, false},
    {RuntimeKind::kThin, "ThinRuntime", "thinruntimes", "thin", false, false},
    {RuntimeKind::kVineyard, "VineyardRuntime", "vineyardruntimes", "vineyard", true, true},
}};
}  // namespace

const RuntimeKindInfo& runtime_info(RuntimeKind kind) {
  for (const auto& info : kRuntimeKinds) {
    if (info.kind == kind) {
      return info;
    }
  }
  throw E2eError("unknown runtime kind");
}
std::span<const RuntimeKindInfo> all_runtime_kinds() { return kRuntimeKinds; }

namespace paths {
std::string nodes() { return "/api/v1/nodes"; }
std::string node(const std::string& name) { return nodes() + "/" + name; }
std::string namespaces() { return "/api/v1/namespaces"; }
std::string pods(const std::string& ns) { return "/api/v1/namespaces/" + ns + "/pods"; }
std::string pod(const std::string& ns, const std::string& name) { return pods(ns) + "/" + name; }
std::string pvcs(const std::string& ns) { return "/api/v1/namespaces/" + ns + "/persistentvolumeclaims"; }
std::string pvc(const std::string& ns, const std::string& name) { return pvcs(ns) + "/" + name; }
std::string pvs() { return "/api/v1/persistentvolumes"; }
std::string pv(const std::string& name) { return pvs() + "/" + name; }
std::string datasets(const std::string& ns) {
  return std::string("/apis/") + kFluidGroupVersion + "/namespaces/" + ns + "/datasets";
}
std::string dataset(const std::string& ns, const std::string& name) { return datasets(ns) + "/" + name; }
std::string runtimes(RuntimeKind kind, const std::string& ns) {
  return std::string("/apis/") + kFluidGroupVersion + "/namespaces/" + ns + "/" + runtime_info(kind).plural;
}
std::string runtime(RuntimeKind kind, const std::string& ns, const std::string& name) {
  return runtimes(kind, ns) + "/" + name;
}
std::string crds() { return "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"; }
std::string crd(const std::string& name) { return crds() + "/" + name; }
}  // namespace paths

// ==============================================================================================================
// Object builders

PvcOptions fluid_dataset_pvc(const std::string& ns, const std::string& name, RuntimeKind kind) {
  PvcOptions o;
  o.ns = ns;
  o.name = name;
  o.pv_name = ns + "-" + name;
  o.labels = {{"fluid.io/s-" + ns + "-" + name, "true"}, {"fluid.io/dataset-id", ns + "-" + name}};
  o.pv_labels = o.labels;
  o.annotations = {{"CreatedBy", "fluid"}};
  o.pv_labels["fluid.io/s-" + std::string(runtime_info(kind).type) + "-" + ns + "-" + name] = "true";
  return o;
}

Json pod_object(const PodOptions& o) {
  Json container = {{"name", "main"}, {"image", "registry.invalid/cachepilot-e2e:none"}};
  Json requests = Json::object();
  if (!o.cpu.empty()) {
    requests["cpu"] = o.cpu;
  }
  if (!o.memory.empty()) {
    requests["memory"] = o.memory;
  }
  if (!requests.empty()) {
    container["resources"] = {{"requests", requests}};
  }
  Json volumes = Json::array();
  Json mounts = Json::array();
  for (std::size_t i = 0; i < o.pvcs.size(); ++i) {
    const auto vol = "data-" + std::to_string(i);
    volumes.push_back({{"name", vol}, {"persistentVolumeClaim", {{"claimName", o.pvcs[i]}, {"readOnly", true}}}});
    mounts.push_back({{"name", vol}, {"mountPath", "/data/" + o.pvcs[i]}, {"readOnly", true}});
  }
  if (!mounts.empty()) {
    container["volumeMounts"] = mounts;
  }
  Json spec = {{"containers", Json::array({container})}, {"terminationGracePeriodSeconds", 0}};
  if (!volumes.empty()) {
    spec["volumes"] = volumes;
  }
  if (!o.scheduler_name.empty()) {
    spec["schedulerName"] = o.scheduler_name;
  }
  if (!o.node_selector.empty()) {
    spec["nodeSelector"] = o.node_selector;
  }
  if (!o.spec_patch.is_null()) {
    spec.merge_patch(o.spec_patch);
  }
  Json metadata = {{"name", o.name}, {"namespace", o.ns}};
  if (!o.labels.empty()) {
    metadata["labels"] = o.labels;
  }
  if (!o.annotations.empty()) {
    metadata["annotations"] = o.annotations;
  }
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", metadata}, {"spec", spec}};
}

// ==============================================================================================================
// ApiResponse and KubeApi

Json ApiResponse::json() const {
  auto parsed = Json::parse(body, nullptr, false);
  return parsed.is_discarded() ? Json() : parsed;
}

std::string ApiResponse::message() const {
  const auto j = json();
  if (j.is_object() && j.value("kind", "") == "Status" && j.contains("message")) {
    return j["message"].get<std::string>();
  }
  return body.size() > 2000 ? body.substr(0, 2000) + "..." : body;
}

KubeApi::KubeApi(std::string base_url, std::string ca_pem, std::string token, std::string user)
    : user_(std::move(user)) {
  options_.base_url = std::move(base_url);
  options_.tls.ca_pem = std::move(ca_pem);
  options_.bearer_token = std::move(token);
  options_.timeout = std::chrono::seconds(15);
  options_.user_agent = "cachepilot-e2e/" + user_;
  reconnect();
}

KubeApi::~KubeApi() = default;

void KubeApi::reconnect() {
  client_ = make_client(options_.base_url, options_.tls.ca_pem, options_.bearer_token, false, options_.timeout);
}

ApiResponse KubeApi::send_once(const net::ClientRequest& request) {
  auto response = client_->send(request);
  if (!response.ok()) {
    return ApiResponse{0, response.error().message};
  }
  return ApiResponse{response->status, std::move(response->body)};
}

ApiResponse KubeApi::send(const std::string& method, const std::string& path, const std::string& body,
                          const std::string& content_type) {
  net::ClientRequest request;
  request.method = method;
  request.path_and_query = path;
  request.body = body;
  request.content_type = content_type.empty() && !body.empty() ? "application/json" : content_type;
  auto response = send_once(request);
  if (response.status == 0 && method == "GET") {
    reconnect();  // a pooled connection that a restarted apiserver closed
    response = send_once(request);
  }
  return response;
}

ApiResponse KubeApi::send_json(const std::string& method, const std::string& path, const Json& body,
                               const std::string& content_type) {
  return send(method, path, body.dump(), content_type);
}

Json KubeApi::checked(const std::string& method, const std::string& path, const ApiResponse& response) {
  if (!response.ok()) {
    const auto what = response.status == 0 ? "transport error" : "HTTP " + std::to_string(response.status);
    throw E2eError(method + " " + path + " as " + user_ + ": " + what + ": " + response.message(), response.status);
  }
  return response.json();
}

Json KubeApi::get(const std::string& path) { return checked("GET", path, send("GET", path)); }

std::optional<Json> KubeApi::find(const std::string& path) {
  auto response = send("GET", path);
  if (response.status == 404) {
    return std::nullopt;
  }
  return checked("GET", path, response);
}

Json KubeApi::list_items(const std::string& collection_path, const std::string& label_selector) {
  auto path = collection_path;
  if (!label_selector.empty()) {
    path +=
        (path.find('?') == std::string::npos ? "?" : "&") + std::string("labelSelector=") + url_encode(label_selector);
  }
  auto list = get(path);
  return list.contains("items") && list["items"].is_array() ? list["items"] : Json::array();
}

Json KubeApi::create(const std::string& collection_path, const Json& object) {
  return checked("POST", collection_path, send_json("POST", collection_path, object));
}

Json KubeApi::replace(const std::string& path, const Json& object) {
  return checked("PUT", path, send_json("PUT", path, object));
}

Json KubeApi::merge_patch(const std::string& path, const Json& patch) {
  return checked("PATCH", path, send_json("PATCH", path, patch, "application/merge-patch+json"));
}

bool KubeApi::remove(const std::string& path) {
  auto response = send("DELETE", path);
  if (response.status == 404) {
    return false;
  }
  checked("DELETE", path, response);
  return true;
}

Json KubeApi::create_or_replace(const std::string& collection_path, const Json& object) {
  auto response = send_json("POST", collection_path, object);
  if (response.status != 409) {
    return checked("POST", collection_path, response);
  }
  const auto path = collection_path + "/" + object["metadata"]["name"].get<std::string>();
  auto current = get(path);
  auto updated = object;
  updated["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"];
  return replace(path, updated);
}

Json KubeApi::create_namespace(const std::string& name) {
  if (auto existing = find(paths::namespaces() + "/" + name)) {
    return *existing;
  }
  return create(paths::namespaces(), {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}});
}

Json KubeApi::create_node(const NodeOptions& o) {
  Json labels = o.labels;
  labels["kubernetes.io/hostname"] = o.name;
  labels["kubernetes.io/os"] = "linux";
  labels["kubernetes.io/arch"] = "amd64";
  Json metadata = {{"name", o.name}, {"labels", labels}};
  if (!o.annotations.empty()) {
    metadata["annotations"] = o.annotations;
  }
  Json spec = Json::object();
  if (!o.taints.empty()) {
    spec["taints"] = Json::array();
    for (const auto& t : o.taints) {
      Json taint = {{"key", t.key}, {"effect", t.effect}};
      if (!t.value.empty()) {
        taint["value"] = t.value;
      }
      spec["taints"].push_back(taint);
    }
  }
  create(paths::nodes(), {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", metadata}, {"spec", spec}});
  const auto now = rfc3339_now();
  const Json resources = {{"cpu", o.cpu}, {"memory", o.memory}, {"pods", o.pods}, {"ephemeral-storage", "100Gi"}};
  auto condition = [&](const char* type, bool status, const char* reason, const char* message) {
    return Json{{"type", type},
                {"status", status ? "True" : "False"},
                {"reason", reason},
                {"message", message},
                {"lastHeartbeatTime", now},
                {"lastTransitionTime", now}};
  };
  const Json status = {
      {"capacity", resources},
      {"allocatable", resources},
      {"conditions",
       {condition("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        o.ready ? condition("Ready", true, "KubeletReady", "kubelet is posting ready status")
                : condition("Ready", false, "KubeletNotReady", "node is not ready (cachepilot e2e fixture)")}},
      {"addresses", {{{"type", "Hostname"}, {"address", o.name}}}},
      {"nodeInfo",
       {{"architecture", "amd64"},
        {"operatingSystem", "linux"},
        {"kubeletVersion", "v1.20.2"},
        {"kubeProxyVersion", "v1.20.2"},
        {"containerRuntimeVersion", "none://e2e"},
        {"bootID", ""},
        {"kernelVersion", ""},
        {"machineID", ""},
        {"osImage", "cachepilot e2e fixture"},
        {"systemUUID", ""}}}};
  return merge_patch(paths::node(o.name) + "/status", {{"status", status}});
}

Json KubeApi::set_node_labels(const std::string& name,
                              const std::map<std::string, std::optional<std::string>>& labels) {
  Json patch_labels = Json::object();
  for (const auto& [key, value] : labels) {
    patch_labels[key] = value ? Json(*value) : Json(nullptr);
  }
  return merge_patch(paths::node(name), {{"metadata", {{"labels", patch_labels}}}});
}

Json KubeApi::set_node_ready(const std::string& name, bool ready) {
  auto node = get(paths::node(name));
  const auto now = rfc3339_now();
  auto& conditions = node["status"]["conditions"];
  bool found = false;
  for (auto& c : conditions) {
    if (c.value("type", "") == "Ready") {
      c["status"] = ready ? "True" : "False";
      c["reason"] = ready ? "KubeletReady" : "KubeletNotReady";
      c["lastHeartbeatTime"] = now;
      c["lastTransitionTime"] = now;
      found = true;
    }
  }
  if (!found) {
    conditions.push_back({{"type", "Ready"},
                          {"status", ready ? "True" : "False"},
                          {"reason", ready ? "KubeletReady" : "KubeletNotReady"},
                          {"lastHeartbeatTime", now},
                          {"lastTransitionTime", now}});
  }
  return replace(paths::node(name) + "/status", node);
}

KubeApi::BoundVolume KubeApi::create_bound_pvc(const PvcOptions& o) {
  const auto pv_name = o.pv_name.empty() ? o.ns + "-" + o.name : o.pv_name;
  Json pvc_annotations = o.annotations;
  pvc_annotations["pv.kubernetes.io/bind-completed"] = "yes";
  pvc_annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
  Json pvc_metadata = {{"name", o.name}, {"namespace", o.ns}, {"annotations", pvc_annotations}};
  if (!o.labels.empty()) {
    pvc_metadata["labels"] = o.labels;
  }
  const Json pvc_spec = {{"accessModes", {o.access_mode}},
                         {"resources", {{"requests", {{"storage", o.storage}}}}},
                         {"storageClassName", o.storage_class},
                         {"volumeMode", "Filesystem"},
                         {"volumeName", pv_name}};
  auto pvc =
      create(paths::pvcs(o.ns),
             {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"metadata", pvc_metadata}, {"spec", pvc_spec}});

  Json pv_metadata = {{"name", pv_name}, {"annotations", {{"pv.kubernetes.io/bound-by-controller", "yes"}}}};
  if (!o.pv_labels.empty()) {
    pv_metadata["labels"] = o.pv_labels;
  }
  const Json pv_spec = {
      {"accessModes", {o.access_mode}},
      {"capacity", {{"storage", o.storage}}},
      {"persistentVolumeReclaimPolicy", "Retain"},
      {"storageClassName", o.storage_class},
      {"volumeMode", "Filesystem"},
      {"csi",
       {{"driver", o.csi_driver},
        {"volumeHandle", pv_name},
        {"volumeAttributes", {{"fluid_path", "/runtime-mnt/" + o.ns + "/" + o.name}, {"mount_type", "fuse"}}}}},
      {"claimRef",
       {{"apiVersion", "v1"},
        {"kind", "PersistentVolumeClaim"},
        {"namespace", o.ns},
        {"name", o.name},
        {"uid", pvc["metadata"]["uid"]},
        {"resourceVersion", pvc["metadata"]["resourceVersion"]}}}};
  create(paths::pvs(),
         {{"apiVersion", "v1"}, {"kind", "PersistentVolume"}, {"metadata", pv_metadata}, {"spec", pv_spec}});
  BoundVolume out;
  out.pv = merge_patch(paths::pv(pv_name) + "/status", {{"status", {{"phase", "Bound"}}}});
  out.pvc = merge_patch(
      paths::pvc(o.ns, o.name) + "/status",
      {{"status", {{"phase", "Bound"}, {"accessModes", {o.access_mode}}, {"capacity", {{"storage", o.storage}}}}}});
  return out;
}

Json KubeApi::create_pod(const PodOptions& options) { return create_pod(pod_object(options)); }

Json KubeApi::create_pod(const Json& pod) {
  const auto ns = pod.contains("metadata") ? pod["metadata"].value("namespace", "default") : "default";
  return create(paths::pods(ns), pod);
}

bool KubeApi::delete_pod(const std::string& ns, const std::string& name) {
  return remove(paths::pod(ns, name) + "?gracePeriodSeconds=0");
}

Json KubeApi::create_dataset(const DatasetOptions& o) {
  Json metadata = {{"name", o.name}, {"namespace", o.ns}};
  if (!o.labels.empty()) {
    metadata["labels"] = o.labels;
  }
  if (!o.annotations.empty()) {
    metadata["annotations"] = o.annotations;
  }
  const Json spec = o.spec.is_null()
                        ? Json{{"mounts", {{{"mountPoint", "s3://cachepilot-e2e/" + o.name}, {"name", o.name}}}}}
                        : o.spec;
  auto created =
      create(paths::datasets(o.ns),
             {{"apiVersion", paths::kFluidGroupVersion}, {"kind", "Dataset"}, {"metadata", metadata}, {"spec", spec}});
  if (o.phase.empty()) {
    return created;
  }
  const auto now = rfc3339_now();
  const auto& rt = runtime_info(o.runtime);
  Json cache_states = o.cache_states.empty()
                          ? Json{{"cacheCapacity", "0.00B"}, {"cached", "0.00B"}, {"cachedPercentage", "0.0%"}}
                          : Json(o.cache_states);
  Json status = {
      {"phase", o.phase},
      {"ufsTotal", o.ufs_total},
      {"cacheStates", cache_states},
      {"runtimes",
       {{{"name", o.name}, {"namespace", o.ns}, {"category", "Accelerate"}, {"type", rt.type}, {"masterReplicas", 1}}}},
      {"conditions",
       {{{"type", "Ready"},
         {"status", "True"},
         {"reason", "DatasetReady"},
         {"message", "The ddc runtime is ready."},
         {"lastTransitionTime", now},
         {"lastUpdateTime", now}}}}};
  return merge_patch(paths::dataset(o.ns, o.name) + "/status", {{"status", status}});
}

Json KubeApi::set_dataset_cache_states(const std::string& ns, const std::string& name, const StringMap& states) {
  return merge_patch(paths::dataset(ns, name) + "/status", {{"status", {{"cacheStates", states}}}});
}

Json KubeApi::create_runtime(const RuntimeOptions& o) {
  const auto& rt = runtime_info(o.kind);
  Json spec = {{"replicas", o.replicas}};
  if (!o.spec.is_null()) {
    spec.merge_patch(o.spec);
  }
  auto created = create(paths::runtimes(o.kind, o.ns), {{"apiVersion", paths::kFluidGroupVersion},
                                                        {"kind", rt.kind_name},
                                                        {"metadata", {{"name", o.name}, {"namespace", o.ns}}},
                                                        {"spec", spec}});
  if (!o.write_status) {
    return created;
  }
  const auto ready = o.workers_ready < 0 ? o.replicas : o.workers_ready;
  const auto now = rfc3339_now();
  const std::string type = rt.type;
  auto condition = [&](const char* kind, const char* reason) {
    return Json{{"type", kind},      {"status", "True"},     {"reason", reason},
                {"message", reason}, {"lastProbeTime", now}, {"lastTransitionTime", now}};
  };
  Json status = {
      {"currentFuseNumberScheduled", 0},
      {"currentMasterNumberScheduled", 1},
      {"currentWorkerNumberScheduled", ready},
      {"desiredFuseNumberScheduled", 0},
      {"desiredMasterNumberScheduled", 1},
      {"desiredWorkerNumberScheduled", o.replicas},
      {"fuseNumberReady", 0},
      {"fusePhase", "Ready"},
      {"masterNumberReady", 1},
      {"masterPhase", "Ready"},
      {"valueFile", o.name + "-" + type + "-values"},
      {"workerNumberReady", ready},
      {"workerNumberAvailable", ready},
      {"workerPhase", ready >= o.replicas ? "Ready" : "PartialReady"},
      {"selector",
       o.selector.empty() ? "app=" + type + ",release=" + o.name + ",role=" + type + "-worker" : o.selector},
      {"cacheStates", o.cache_states},
      {"conditions",
       {condition("MasterInitialized", "The master is initialized."), condition("MasterReady", "The master is ready."),
        condition("WorkersInitialized", "The workers are initialized."),
        condition("WorkersReady", "The workers are ready.")}}};
  return merge_patch(paths::runtime(o.kind, o.ns, o.name) + "/status", {{"status", status}});
}

Json KubeApi::get_scale(RuntimeKind kind, const std::string& ns, const std::string& name) {
  return get(paths::runtime(kind, ns, name) + "/scale");
}

Json KubeApi::put_scale(RuntimeKind kind, const std::string& ns, const std::string& name, std::int64_t replicas) {
  auto scale = get_scale(kind, ns, name);
  scale["spec"]["replicas"] = replicas;
  return replace(paths::runtime(kind, ns, name) + "/scale", scale);
}

Json KubeApi::wait_until(const std::string& path, const std::function<bool(const Json&)>& done, const std::string& what,
                         milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string last = "(not found)";
  while (true) {
    auto response = send("GET", path);
    if (response.ok()) {
      auto object = response.json();
      if (done(object)) {
        return object;
      }
      last = strip_noise(object);
    } else {
      last = "HTTP " + std::to_string(response.status) + ": " + response.message();
    }
    if (Clock::now() >= deadline) {
      throw E2eError("timed out after " + std::to_string(timeout.count()) + " ms waiting for " + what + " (" + path +
                     "); last seen: " + last);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

Json KubeApi::wait_for_pod_scheduled(const std::string& ns, const std::string& name, milliseconds timeout) {
  return wait_until(
      paths::pod(ns, name),
      [](const Json& pod) {
        return pod.contains("spec") && pod["spec"].is_object() && !pod["spec"].value("nodeName", "").empty();
      },
      "pod " + ns + "/" + name + " to be bound to a node", timeout);
}

namespace {
const Json* pod_scheduled_condition(const Json& pod) {
  if (!pod.contains("status") || !pod["status"].contains("conditions")) {
    return nullptr;
  }
  for (const auto& c : pod["status"]["conditions"]) {
    if (c.value("type", "") == "PodScheduled") {
      return &c;
    }
  }
  return nullptr;
}
}  // namespace

Json KubeApi::wait_for_pod_unschedulable(const std::string& ns, const std::string& name, milliseconds timeout) {
  auto pod = wait_until(
      paths::pod(ns, name),
      [](const Json& p) {
        const auto* c = pod_scheduled_condition(p);
        return c != nullptr && c->value("status", "") == "False";
      },
      "pod " + ns + "/" + name + " to be marked unschedulable (PodScheduled=False)", timeout);
  return *pod_scheduled_condition(pod);
}

// ==============================================================================================================
// ControlPlane

struct ControlPlane::Impl {
  ControlPlaneOptions options;
  Binaries bins;
  std::string dir;
  bool keep_dir = false;
  int etcd_client_port = 0;
  int etcd_peer_port = 0;
  int api_port = 0;
  std::string etcd_url;
  std::string api_url;
  std::string ca_file;
  std::string ca_pem;
  std::map<std::string, std::string> tokens;
  std::map<std::string, std::unique_ptr<KubeApi>> clients;
  std::map<std::string, std::string> kubeconfigs;
  std::unique_ptr<ManagedProcess> etcd;
  std::unique_ptr<ManagedProcess> apiserver;
  std::unique_ptr<ManagedProcess> scheduler;
  std::map<std::string, std::unique_ptr<ManagedProcess>> spawned;
  std::vector<std::string> served_paths;  // list paths of installed CRDs, checked after a restart
  bool rbac_installed = false;
  std::string startup_phases;
  int scheduler_configs = 0;
  std::string scheduler_config;
  std::string scheduler_url;
  int issued = 0;

  [[nodiscard]] std::string path(const std::string& name) const { return dir + "/" + name; }
  [[nodiscard]] std::string log(const std::string& component) const { return path(component + ".log"); }

  [[nodiscard]] std::string failure(const std::string& what, const std::string& component) const {
    return what + "\n---- last lines of " + log(component) + " ----\n" + tail_of_file(log(component), 40);
  }

  ~Impl() {
    // Fastest safe order: nothing needs a graceful stop when the data is thrown away.
    spawned.clear();
    scheduler.reset();
    apiserver.reset();
    etcd.reset();
    clients.clear();
    if (!dir.empty()) {
      if (keep_dir) {
        std::cerr << "[control-plane] kept " << dir << " (CACHEPILOT_E2E_KEEP)\n";
      } else {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
      }
    }
  }

  void make_dir() {
    std::string base = env("TMPDIR");
    if (base.empty()) {
      base = "/tmp";
    }
    std::string pattern = base + "/cachepilot-e2e-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw E2eError("mkdtemp in " + base + " failed");
    }
    dir = pattern;
    keep_dir = !env("CACHEPILOT_E2E_KEEP").empty() && env("CACHEPILOT_E2E_KEEP") != "0";
  }

  // RSA, as kubeadm makes them: the e2e suites test the extender against what clusters use.
  [[nodiscard]] CertificateFactory certificates() const { return CertificateFactory(dir, KeyType::kRsa2048); }

  template <typename T>
  static T or_throw(Result<T> result) {
    if (!result.ok()) {
      throw E2eError(result.error().message);
    }
    return std::move(result).value();
  }

  void make_certificates() {
    auto factory = certificates();
    ca_file = or_throw(factory.make_ca("ca", "cachepilot-e2e-ca")).cert;
    (void)or_throw(factory.issue("apiserver", "ca",
                                 {"kube-apiserver",
                                  {"IP:127.0.0.1", "IP:10.96.0.1", "DNS:localhost", "DNS:kubernetes",
                                   "DNS:kubernetes.default", "DNS:kubernetes.default.svc"},
                                  Usage::kServer}));
    run_shell(
        "cd " + shell_quote(dir) + "; openssl genrsa -out sa.key 2048; openssl rsa -in sa.key -pubout -out sa.pub",
        path("openssl.log"));
    ca_pem = read_text(ca_file);
  }

  void make_tokens() {
    std::vector<UserOptions> users = {{"admin", {"system:masters"}}, {kExtenderUser, {}}, {kSchedulerUser, {}}};
    users.insert(users.end(), options.extra_users.begin(), options.extra_users.end());
    std::string csv;
    for (const auto& u : users) {
      const auto token = random_hex(16);
      tokens[u.name] = token;
      csv += token + "," + u.name + "," + u.name;
      if (!u.groups.empty()) {
        std::string groups;
        for (const auto& g : u.groups) {
          groups += (groups.empty() ? "" : ",") + g;
        }
        csv += ",\"" + groups + "\"";
      }
      csv += "\n";
    }
    write_text(path("tokens.csv"), csv);
  }

  // Polls `probe` until it answers true, the process dies, or the deadline passes.
  void wait_ready(ManagedProcess& process, const std::string& component, const std::function<bool()>& probe,
                  milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      if (probe()) {
        return;
      }
      if (!process.running()) {
        throw E2eError(failure(component + " stopped before it was ready: " + process.describe_exit(), component));
      }
      if (Clock::now() >= deadline) {
        throw E2eError(failure(component + " not ready after " + std::to_string(timeout.count()) + " ms", component));
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  static bool http_ok(net::HttpClient& client, const std::string& path, std::string_view must_contain = "") {
    net::ClientRequest request;
    request.path_and_query = path;
    auto response = client.send(request);
    return response.ok() && response->status == 200 &&
           (must_contain.empty() || response->body.find(must_contain) != std::string::npos);
  }

  // Runs `attempt` up to three times with fresh ports while the failure is a port someone else took.
  template <typename F>
  void with_port_retries(const std::string& component, F attempt) {
    for (int i = 0;; ++i) {
      try {
        attempt();
        return;
      } catch (const E2eError&) {
        if (i < 2 && file_contains(log(component), "address already in use")) {
          std::ofstream(log(component), std::ios::app) << "==== port taken, retrying with other ports\n";
          continue;
        }
        throw;
      }
    }
  }

  void start_etcd() {
    with_port_retries("etcd", [&] {
      const auto ports = free_ports(2);
      etcd_client_port = ports[0];
      etcd_peer_port = ports[1];
      etcd_url = "http://127.0.0.1:" + std::to_string(etcd_client_port);
      const auto peer = "http://127.0.0.1:" + std::to_string(etcd_peer_port);
      fs::remove_all(path("etcd-data"));
      etcd = std::make_unique<ManagedProcess>(
          "etcd",
          std::vector<std::string>{bins.etcd, "--name=e2e", "--data-dir=" + path("etcd-data"),
                                   "--listen-client-urls=" + etcd_url, "--advertise-client-urls=" + etcd_url,
                                   "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                                   "--initial-cluster=e2e=" + peer, "--initial-cluster-state=new", "--logger=zap",
                                   "--log-outputs=stderr"},
          log("etcd"));
      auto client = make_client(etcd_url, "", "", false, milliseconds(2000));
      wait_ready(
          *etcd, "etcd", [&] { return http_ok(*client, "/health", "true"); }, options.start_timeout);
    });
  }

  void spawn_apiserver() {
    std::vector<std::string> args = {
        bins.apiserver,
        "--etcd-servers=" + etcd_url,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + std::to_string(api_port),
        "--cert-dir=" + path("apiserver-certs"),
        "--tls-cert-file=" + path("apiserver.crt"),
        "--tls-private-key-file=" + path("apiserver.key"),
        "--client-ca-file=" + ca_file,
        "--token-auth-file=" + path("tokens.csv"),
        "--authorization-mode=RBAC",
        "--service-account-key-file=" + path("sa.pub"),
        "--service-account-signing-key-file=" + path("sa.key"),
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-cluster-ip-range=10.96.0.0/16",
        "--insecure-port=0",
        "--disable-admission-plugins=ServiceAccount,TaintNodesByCondition",
        // No kubelet answers on the advertised address: do not publish it as the kubernetes Service endpoint.
        "--endpoint-reconciler-type=none",
        "--profiling=false",
    };
    args.insert(args.end(), options.apiserver_args.begin(), options.apiserver_args.end());
    apiserver = std::make_unique<ManagedProcess>("kube-apiserver", std::move(args), log("apiserver"));
  }

  void wait_apiserver_ready() {
    auto client = make_client(api_url, ca_pem, "", false, milliseconds(3000));
    wait_ready(
        *apiserver, "apiserver", [&] { return http_ok(*client, "/readyz"); }, options.start_timeout);
    for (auto& [user, api] : clients) {
      api->reconnect();
    }
    // CRD handlers and the RBAC authorizer's caches fill after /readyz on a restart: wait for both.
    for (const auto& p : served_paths) {
      wait_ready(
          *apiserver, "apiserver", [&] { return admin().send("GET", p).status == 200; }, options.start_timeout);
    }
    if (rbac_installed) {
      wait_extender_authorized();
    }
  }

  void wait_extender_authorized() {
    auto& extender = as(kExtenderUser);
    wait_ready(
        *apiserver, "apiserver", [&] { return extender.send("GET", paths::nodes() + "?limit=1").status == 200; },
        options.start_timeout);
  }

  void start_apiserver_first_time() {
    with_port_retries("apiserver", [&] {
      api_port = free_ports(1)[0];
      api_url = "https://127.0.0.1:" + std::to_string(api_port);
      clients.clear();
      spawn_apiserver();
      wait_apiserver_ready();
    });
  }

  KubeApi& admin() { return as("admin"); }

  KubeApi& as(const std::string& user) {
    auto it = clients.find(user);
    if (it != clients.end()) {
      return *it->second;
    }
    auto token = tokens.find(user);
    if (token == tokens.end()) {
      throw E2eError("no static token for user \"" + user + "\": add it to ControlPlaneOptions::extra_users");
    }
    auto api = std::make_unique<KubeApi>(api_url, ca_pem, token->second, user);
    auto& ref = *api;
    clients.emplace(user, std::move(api));
    return ref;
  }

  void install_crd(const std::string& yaml_path) {
    auto crd = cluster::yaml_to_json(read_text(yaml_path));
    if (!crd.ok()) {
      throw E2eError(yaml_path + ": " + crd.error().message);
    }
    const auto name = (*crd)["metadata"]["name"].get<std::string>();
    admin().create_or_replace(paths::crds(), *crd);
    admin().wait_until(
        paths::crd(name),
        [](const Json& c) {
          if (!c.contains("status") || !c["status"].contains("conditions")) {
            return false;
          }
          for (const auto& cond : c["status"]["conditions"]) {
            if (cond.value("type", "") == "Established" && cond.value("status", "") == "True") {
              return true;
            }
          }
          return false;
        },
        "CRD " + name + " to be Established", options.start_timeout);
    // Established can precede the first served request by a moment: wait until the resource lists.
    const auto& spec = (*crd)["spec"];
    std::string version;
    for (const auto& v : spec["versions"]) {
      if (v.value("served", false)) {
        version = v["name"].get<std::string>();
        break;
      }
    }
    const auto list_path = "/apis/" + spec["group"].get<std::string>() + "/" + version + "/" +
                           spec["names"]["plural"].get<std::string>() + "?limit=1";
    admin().wait_until(
        list_path, [](const Json&) { return true; }, "resource of CRD " + name + " to be served",
        options.start_timeout);
    if (std::find(served_paths.begin(), served_paths.end(), list_path) == served_paths.end()) {
      served_paths.push_back(list_path);
    }
  }

  void install_fluid_crds(std::span<const RuntimeKind> kinds) {
    const std::string crd_dir = std::string(CACHEPILOT_SOURCE_DIR) + "/deploy/crds/fluid-minimal/";
    install_crd(crd_dir + "datasets.yaml");
    for (const auto kind : kinds) {
      install_crd(crd_dir + runtime_info(kind).plural + ".yaml");
    }
  }

  void install_extender_rbac() {
    const std::string role_file = std::string(CACHEPILOT_SOURCE_DIR) + "/deploy/extender/clusterrole.yaml";
    Json role;
    if (fs::exists(role_file)) {
      auto parsed = cluster::yaml_to_json(read_text(role_file));
      if (!parsed.ok()) {
        throw E2eError(role_file + ": " + parsed.error().message);
      }
      role = std::move(parsed).value();
    } else {
      // The shipped role is missing: the same least-privilege rules, so the scenarios still run.
      role = {
          {"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRole"},
          {"metadata", {{"name", "cachepilot-extender"}}},
          {"rules",
           {{{"apiGroups", {""}},
             {"resources", {"nodes", "persistentvolumeclaims"}},
             {"verbs", {"get", "list", "watch"}}},
            {{"apiGroups", {"data.fluid.io"}}, {"resources", Json::array()}, {"verbs", {"get", "list", "watch"}}}}}};
      auto& resources = role["rules"][1]["resources"];
      resources.push_back("datasets");
      for (const auto& k : all_runtime_kinds()) {
        resources.push_back(k.plural);
      }
    }
    const auto role_name = role["metadata"]["name"].get<std::string>();
    admin().create_or_replace("/apis/rbac.authorization.k8s.io/v1/clusterroles", role);
    admin().create_or_replace(
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        {{"apiVersion", "rbac.authorization.k8s.io/v1"},
         {"kind", "ClusterRoleBinding"},
         {"metadata", {{"name", "cachepilot-extender-e2e"}}},
         {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role_name}}},
         {"subjects", {{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "User"}, {"name", kExtenderUser}}}}});
  }

  std::string kubeconfig_for(const std::string& user, bool embed_ca) {
    const auto key = user + (embed_ca ? "#embedded" : "");
    if (auto it = kubeconfigs.find(key); it != kubeconfigs.end()) {
      return it->second;
    }
    auto token = tokens.find(user);
    if (token == tokens.end()) {
      throw E2eError("no static token for user \"" + user + "\": add it to ControlPlaneOptions::extra_users");
    }
    const auto file = path("kubeconfig-" + file_name_for(user) + (embed_ca ? "-embedded" : "") + ".yaml");
    const auto context = file_name_for(user) + "@cachepilot-e2e";
    std::string text = "# Written by tests/support/control_plane.cpp for user " + user + "\n";
    text += "apiVersion: v1\nkind: Config\nclusters:\n- name: cachepilot-e2e\n  cluster:\n    server: " +
            yaml_quote(api_url) + "\n";
    text += embed_ca ? "    certificate-authority-data: " + base64(ca_pem) + "\n"
                     : "    certificate-authority: " + yaml_quote(ca_file) + "\n";
    text += "users:\n- name: " + yaml_quote(user) + "\n  user:\n    token: " + yaml_quote(token->second) + "\n";
    text += "contexts:\n- name: " + yaml_quote(context) +
            "\n  context:\n    cluster: cachepilot-e2e\n    user: " + yaml_quote(user) + "\n";
    text += "current-context: " + yaml_quote(context) + "\n";
    write_text(file, text);
    kubeconfigs[key] = file;
    return file;
  }

  void start_scheduler(const SchedulerOptions& o) {
    if (scheduler) {
      scheduler->stop(milliseconds(5000));
      scheduler.reset();
    }
    const auto kubeconfig = kubeconfig_for(o.user, false);
    std::string yaml = "apiVersion: kubescheduler.config.k8s.io/v1beta1\nkind: KubeSchedulerConfiguration\n";
    yaml += "clientConnection:\n  kubeconfig: " + yaml_quote(kubeconfig) + "\n";
    if (o.client_qps) {
      std::ostringstream qps;
      qps << *o.client_qps;
      yaml += "  qps: " + qps.str() + "\n";
    }
    if (o.client_burst) {
      yaml += "  burst: " + std::to_string(*o.client_burst) + "\n";
    }
    yaml += "leaderElection:\n  leaderElect: false\n";
    yaml += "percentageOfNodesToScore: " + std::to_string(o.percentage_of_nodes_to_score) + "\n";
    yaml += "profiles:\n  - schedulerName: " + yaml_quote(o.scheduler_name) + "\n";
    if (!o.extenders.empty()) {
      yaml += "extenders:\n";
      for (const auto& e : o.extenders) {
        yaml += "  - urlPrefix: " + yaml_quote(e.url_prefix) + "\n";
        if (!e.filter_verb.empty()) {
          yaml += "    filterVerb: " + yaml_quote(e.filter_verb) + "\n";
        }
        if (!e.prioritize_verb.empty()) {
          yaml += "    prioritizeVerb: " + yaml_quote(e.prioritize_verb) + "\n";
        }
        yaml += "    weight: " + std::to_string(e.weight) + "\n";
        yaml += std::string("    nodeCacheCapable: ") + (e.node_cache_capable ? "true" : "false") + "\n";
        yaml += std::string("    ignorable: ") + (e.ignorable ? "true" : "false") + "\n";
        yaml += "    httpTimeout: " + yaml_quote(e.http_timeout) + "\n";
        yaml += std::string("    enableHTTPS: ") + (e.enable_https ? "true" : "false") + "\n";
        if (!e.ca_file.empty() || !e.cert_file.empty()) {
          yaml += "    tlsConfig:\n";
          if (!e.ca_file.empty()) {
            yaml += "      caFile: " + yaml_quote(e.ca_file) + "\n";
          }
          if (!e.cert_file.empty()) {
            yaml += "      certFile: " + yaml_quote(e.cert_file) + "\n";
            yaml += "      keyFile: " + yaml_quote(e.key_file) + "\n";
          }
        }
      }
    }
    // Insecure healthz/metrics on a free loopback port, set in the file: with --config, kube-scheduler 1.20
    // ignores --port and would otherwise listen on 0.0.0.0:10251 (and collide with a parallel test).
    const int port = free_ports(1)[0];
    const auto bind = "127.0.0.1:" + std::to_string(port);
    yaml += "healthzBindAddress: " + yaml_quote(bind) + "\nmetricsBindAddress: " + yaml_quote(bind) + "\n";
    scheduler_config = path("scheduler-config-" + std::to_string(++scheduler_configs) + ".yaml");
    write_text(scheduler_config, yaml);
    std::vector<std::string> args = {bins.scheduler, "--config=" + scheduler_config, "--secure-port=0",
                                     "--profiling=false"};
    args.insert(args.end(), o.extra_args.begin(), o.extra_args.end());
    scheduler_url = "http://" + bind;
    scheduler = std::make_unique<ManagedProcess>("kube-scheduler", std::move(args), log("scheduler"));
    auto client = make_client(scheduler_url, "", "", false, milliseconds(2000));
    wait_ready(
        *scheduler, "scheduler", [&] { return http_ok(*client, "/healthz"); }, o.start_timeout);
  }

  CertificatePaths issue_certificate(const std::string& name, bool server) {
    const auto base = "issued-" + std::to_string(++issued) + "-" + file_name_for(name);
    LeafOptions leaf{name, {}, Usage::kClient};
    if (server) {
      leaf = {name, {"IP:127.0.0.1", "DNS:localhost"}, Usage::kServer};
    }
    return or_throw(certificates().issue(base, "ca", leaf));
  }
};

std::unique_ptr<ControlPlane> ControlPlane::start(const ControlPlaneOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->bins = control_plane_binaries();
  impl->make_dir();
  // From here the ControlPlane owns the directory and children: a throw below cleans them up.
  std::unique_ptr<ControlPlane> cp(new ControlPlane(std::move(impl)));
  auto& i = *cp->impl_;
  auto mark = Clock::now();
  auto phase = [&](const char* name) {
    const auto now = Clock::now();
    i.startup_phases += std::string(i.startup_phases.empty() ? "" : ", ") + name + " " +
                        std::to_string(std::chrono::duration_cast<milliseconds>(now - mark).count()) + " ms";
    mark = now;
  };
  i.make_certificates();
  i.make_tokens();
  phase("certificates");
  i.start_etcd();
  phase("etcd");
  i.start_apiserver_first_time();
  phase("apiserver");
  if (!options.runtime_kinds.empty()) {
    i.install_fluid_crds(options.runtime_kinds);
    phase("CRDs");
  }
  if (options.extender_rbac) {
    i.install_extender_rbac();
    i.rbac_installed = true;
    i.wait_extender_authorized();
    phase("RBAC");
  }
  for (const auto& ns : options.namespaces) {
    i.admin().create_namespace(ns);
  }
  return cp;
}

ControlPlane::ControlPlane(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ControlPlane::~ControlPlane() = default;

const std::string& ControlPlane::dir() const { return impl_->dir; }
const std::string& ControlPlane::api_url() const { return impl_->api_url; }
const std::string& ControlPlane::etcd_url() const { return impl_->etcd_url; }
const std::string& ControlPlane::ca_file() const { return impl_->ca_file; }
std::string ControlPlane::ca_pem() const { return impl_->ca_pem; }

KubeApi& ControlPlane::admin() { return impl_->admin(); }
KubeApi& ControlPlane::as(const std::string& user) { return impl_->as(user); }

std::string ControlPlane::token_for(const std::string& user) const {
  auto it = impl_->tokens.find(user);
  if (it == impl_->tokens.end()) {
    throw E2eError("no static token for user \"" + user + "\"");
  }
  return it->second;
}

std::string ControlPlane::kubeconfig_for(const std::string& user, bool embed_ca) {
  return impl_->kubeconfig_for(user, embed_ca);
}

void ControlPlane::stop_apiserver(bool graceful) {
  if (impl_->apiserver) {
    impl_->apiserver->stop(graceful ? milliseconds(15000) : milliseconds(0));
  }
}

void ControlPlane::start_apiserver() {
  if (impl_->apiserver && impl_->apiserver->running()) {
    return;
  }
  // Same port, etcd and data. The port was ours a moment ago; if another process grabbed it in between the
  // apiserver exits with "address already in use" and this throws with its log.
  impl_->spawn_apiserver();
  impl_->wait_apiserver_ready();
}

void ControlPlane::restart_apiserver(bool graceful) {
  stop_apiserver(graceful);
  start_apiserver();
}

bool ControlPlane::apiserver_running() { return impl_->apiserver && impl_->apiserver->running(); }

void ControlPlane::start_scheduler(const SchedulerOptions& options) { impl_->start_scheduler(options); }

void ControlPlane::stop_scheduler() {
  if (impl_->scheduler) {
    impl_->scheduler->stop(milliseconds(5000));
    impl_->scheduler.reset();
  }
}

bool ControlPlane::scheduler_running() { return impl_->scheduler && impl_->scheduler->running(); }

std::string ControlPlane::scheduler_config_path() const { return impl_->scheduler_config; }

std::string ControlPlane::scheduler_url() const { return impl_->scheduler_url; }

const std::string& ControlPlane::startup_phases() const { return impl_->startup_phases; }

void ControlPlane::install_fluid_crds(std::span<const RuntimeKind> kinds) { impl_->install_fluid_crds(kinds); }

void ControlPlane::install_crd_file(const std::string& yaml_path) { impl_->install_crd(yaml_path); }

CertificatePaths ControlPlane::issue_certificate(const std::string& name, bool server) {
  return impl_->issue_certificate(name, server);
}

std::string ControlPlane::log_path(const std::string& component) const { return impl_->log(component); }

ManagedProcess& ControlPlane::spawn(const std::string& name, std::vector<std::string> argv) {
  for (const char* reserved : {"etcd", "apiserver", "scheduler", "openssl"}) {
    if (name == reserved) {
      throw E2eError("spawn: \"" + name + "\" is the fixture's own log name; pick another");
    }
  }
  auto& slot = impl_->spawned[name];
  slot.reset();
  slot = std::make_unique<ManagedProcess>(name, std::move(argv), impl_->log(name));
  return *slot;
}

std::string ControlPlane::log_tails(std::size_t lines) const {
  std::string out;
  std::vector<std::string> components = {"etcd", "apiserver", "scheduler"};
  for (const auto& [name, process] : impl_->spawned) {
    components.push_back(name);
  }
  for (const auto& component : components) {
    const auto p = impl_->log(component);
    if (!fs::exists(p)) {
      continue;
    }
    out += "---- last " + std::to_string(lines) + " lines of " + p + " ----\n" + tail_of_file(p, lines);
  }
  return out;
}

// ==============================================================================================================
// gtest integration

std::optional<std::string> e2e_skip_reason() {
  if (env("CACHEPILOT_E2E") == "skip") {
    return std::string(
        "CACHEPILOT_E2E=skip: end-to-end tests against a real etcd, kube-apiserver and kube-scheduler are skipped");
  }
  return std::nullopt;
}

bool poll_until(const std::function<bool()>& done, milliseconds timeout, milliseconds interval) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (done()) {
      return true;
    }
    if (Clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(interval);
  }
}

long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

void report_timing(const std::string& suite, const std::string& what, long long ms) {
  std::cerr << "[" << suite << "] " << what << ": " << ms << " ms\n";
  ::testing::Test::RecordProperty(what, std::to_string(ms));
}

unsigned get_status(net::HttpClient& client, const std::string& path) {
  net::ClientRequest request;
  request.path_and_query = path;
  auto response = client.send(request);
  return response.ok() ? response->status : 0U;
}

std::unique_ptr<ControlPlane>& ControlPlaneTest::shared() {
  static std::unique_ptr<ControlPlane> instance;
  return instance;
}

std::string& ControlPlaneTest::start_error() {
  static std::string error;
  return error;
}

void ControlPlaneTest::start_shared(const ControlPlaneOptions& options) {
  stop_shared();
  start_error().clear();
  if (e2e_skip_reason()) {
    return;
  }
  const auto started = Clock::now();
  try {
    shared() = ControlPlane::start(options);
    const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
    std::cerr << "[control-plane] up in " << ms << " ms (" << shared()->startup_phases() << ") at "
              << shared()->api_url() << ", files in " << shared()->dir() << "\n";
  } catch (const std::exception& e) {
    start_error() = e.what();
  }
}

void ControlPlaneTest::stop_shared() { shared().reset(); }

ControlPlane& ControlPlaneTest::cp() {
  if (!shared()) {
    throw E2eError("the control plane is not running: " + start_error());
  }
  return *shared();
}

void ControlPlaneTest::SetUp() {
  if (auto reason = e2e_skip_reason()) {
    GTEST_SKIP() << *reason;
  }
  if (!shared()) {
    FAIL() << "the control plane did not start: " << start_error();
  }
}

void ControlPlaneTest::TearDown() {
  if (HasFailure() && shared()) {
    std::cerr << "[control-plane] test failed; component logs:\n" << shared()->log_tails(40);
  }
}

}  // namespace cachepilot::testing

// LeakSanitizer (the ASan build of .ci/run): OpenSSL 3 keeps per-thread state (error queue, DRBGs) for
// cpprest's thread-pool threads, which live until the process exits and so are never cleaned up; LSan reports
// those blocks at exit. They are thread caches, not leaks. With ASan's default fast unwinder their stacks end
// inside libcrypto (the slow unwinder shows ERR_clear_error / RAND_get0_private below, but makes these tests
// 5x slower), so the suppression names the library: in binaries that link this fixture only. tests/net still
// checks the server's own OpenSSL use for leaks.
extern "C" const char* __lsan_default_suppressions();   // NOLINT(bugprone-reserved-identifier)
extern "C" const char* __lsan_default_suppressions() {  // NOLINT(bugprone-reserved-identifier)
  return "leak:libcrypto.so\n";
}
