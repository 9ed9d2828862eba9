#pragma once
// A small Kubernetes REST client: paths for a resource, paged LIST, streaming WATCH and the unary verbs,
// over the transport in net/http_client.hpp. Objects travel as nlohmann::json; typed decoding is the
// caller's (cluster/k8s_core_v1.hpp, cluster/fluid_v1alpha1.hpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "net/http_client.hpp"

namespace cachepilot::kube {

// A resource collection: core ("", "v1", "nodes") or a group ("data.fluid.io", "v1alpha1", "datasets").
struct ResourceRef {
  std::string group;
  std::string version;
  std::string plural;
  std::string namespace_;  // empty: all namespaces (or a cluster-scoped resource)

  // "/api/v1/nodes", "/apis/data.fluid.io/v1alpha1/namespaces/ns/datasets"
  [[nodiscard]] std::string collection_path() const;
  [[nodiscard]] std::string object_path(std::string_view name) const;
  // "nodes", "datasets.data.fluid.io": what kubectl and RBAC call it; used as a metrics label.
  [[nodiscard]] std::string display_name() const;
};

// An answer that is not 2xx, with the apiserver's Status message when it sent one.
struct ApiError {
  unsigned status = 0;  // HTTP status; 0 for transport failures
  std::string reason;   // metav1.Status reason: "NotFound", "Conflict", "Expired", ...
  std::string message;
};

template <typename T>
struct ApiResult {
  std::optional<T> value;
  std::optional<ApiError> error;
  [[nodiscard]] bool ok() const { return value.has_value(); }
};

struct ListPage {
  std::vector<nlohmann::json> items;
  std::string resource_version;
};

enum class WatchEventType { kAdded, kModified, kDeleted, kBookmark };

struct WatchEvent {
  WatchEventType type;
  nlohmann::json object;
};

// How a watch ended.
enum class WatchEnd {
  kClosed,     // the server ended the stream (its timeoutSeconds): re-watch from the last resourceVersion
  kGone,       // 410 / ERROR event Expired: the resourceVersion is too old, re-list
  kCancelled,  // we stopped it
  kFailed,     // transport error or another error status: back off and retry
};

struct WatchResult {
  WatchEnd end = WatchEnd::kFailed;
  std::string message;               // for kFailed / kGone
  std::size_t malformed_events = 0;  // lines that were not a watch event
};

class ApiClient {
 public:
  // Watches use `streaming` (its timeout is the longest silence tolerated on a watch); everything else
  // `unary`. One client may serve both when its timeout suits both.
  explicit ApiClient(std::shared_ptr<net::HttpClient> unary, std::shared_ptr<net::HttpClient> streaming = nullptr)
      : http_(std::move(unary)), stream_http_(streaming ? std::move(streaming) : http_) {}

  // All pages (limit/continue). A continue token that expires (410) restarts the list once from scratch.
  [[nodiscard]] ApiResult<ListPage> list(const ResourceRef& resource, std::size_t page_size = 500) const;

  // Streams events after resource_version until the server closes the stream, on_event returns false, or
  // `cancel` fires. BOOKMARK events are passed on (their object carries only the resourceVersion).
  [[nodiscard]] WatchResult watch(const ResourceRef& resource, const std::string& resource_version, int timeout_seconds,
                                  const std::function<bool(WatchEvent&&)>& on_event,
                                  const net::Cancellation& cancel) const;

  // Unary verbs on an API path; the body of a 2xx answer parsed as JSON (null for an empty body).
  [[nodiscard]] ApiResult<nlohmann::json> call(const std::string& method, const std::string& path,
                                               const std::string& body = {},
                                               const std::string& content_type = "application/json") const;
  [[nodiscard]] ApiResult<nlohmann::json> get(const std::string& path) const { return call("GET", path); }

 private:
  std::shared_ptr<net::HttpClient> http_;
  std::shared_ptr<net::HttpClient> stream_http_;
};

// A non-2xx answer as ApiError (reason and message from a metav1.Status body when it is one).
[[nodiscard]] ApiError api_error_from(unsigned status, std::string_view body);
[[nodiscard]] std::string to_string(const ApiError& error);

}  // namespace cachepilot::kube
