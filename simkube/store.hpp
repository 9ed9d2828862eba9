#pragma once
// The object store behind simkube's API server: the objects of every registered kind, one global
// resourceVersion counter (decimal strings, like etcd's revision), and per kind a bounded log of the last
// watch events. Thread-safe. Two ways in:
//   - the raw entry points (Reply), which ApiServer maps onto HTTP one to one;
//   - the in-process API (Result<json>) a test or demo driver uses, with the same semantics and no HTTP.
// Semantics follow kube-apiserver where cachepilot's client (kube/api_client, reflector, scale, leader_election)
// can tell: AlreadyExists/Conflict/NotFound statuses, optimistic concurrency on metadata.resourceVersion,
// metadata.generation bumped when anything but metadata and status changes, no-op writes that change nothing
// (no new resourceVersion, no event), status subresources that own .status, /scale on spec.replicas.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "simkube/registry.hpp"

namespace cachepilot::simkube {

// An answer: the object (or list, or Scale) on 2xx, a metav1.Status otherwise.
struct Reply {
  unsigned code = 200;
  nlohmann::json body;
  [[nodiscard]] bool ok() const { return code >= 200 && code < 300; }
};

// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":..,"reason":..,"code":..}
[[nodiscard]] Reply status_reply(unsigned code, std::string_view reason, std::string message);

// The in-process API reports failures as Error: code kNotFound (404), kInvalidArgument (400, 405, 415, 422),
// kUnavailable (409 AlreadyExists/Conflict, 410), kInternal (anything else); the message starts with the
// metav1 reason: "Conflict: ...". has_reason(error, "AlreadyExists") tests it.
[[nodiscard]] bool has_reason(const Error& error, std::string_view reason);

// What a subresource write may change.
enum class Part {
  kMain,    // the object; .status is kept as it was when the kind has a status subresource
  kStatus,  // .status only; everything else is kept
};

struct StoreOptions {
  std::size_t event_log_capacity = 10'000;  // per kind; a watch from before the retained log gets 410 Expired
  const Clock* clock = nullptr;             // creationTimestamp; nullptr: the system clock
};

struct WatchedEvent {
  std::string type;  // "ADDED", "MODIFIED", "DELETED", "BOOKMARK"
  std::shared_ptr<const nlohmann::json> object;
};

struct WatchBatch {
  bool expired = false;  // the resourceVersion is older than the retained log: answer 410 Expired
  std::string message;   // why it expired
  std::vector<WatchedEvent> events;
};

class Store {
 public:
  explicit Store(std::vector<ResourceKind> kinds, StoreOptions options = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // ---- The in-process API. `resource` is a kind's resource_name() ("pods", "juicefsruntimes.data.fluid.io")
  // or its bare plural when no other kind shares it. `ns` is ignored for cluster-scoped kinds.

  // Unlike a POST, the object's .status is kept as given (a driver stands in for the controllers that would
  // write it). An empty `ns` takes metadata.namespace from the object. Fills metadata.uid, resourceVersion,
  // creationTimestamp and generation (1).
  [[nodiscard]] Result<nlohmann::json> create(std::string_view resource, const std::string& ns, nlohmann::json object);
  [[nodiscard]] Result<nlohmann::json> get(std::string_view resource, const std::string& ns,
                                           const std::string& name) const;
  // As a PUT: 409 Conflict when metadata.resourceVersion is set and stale; .status is kept when the kind has a
  // status subresource (update_status/patch_status write it).
  [[nodiscard]] Result<nlohmann::json> update(std::string_view resource, const std::string& ns, const std::string& name,
                                              nlohmann::json object);
  [[nodiscard]] Result<nlohmann::json> update_status(std::string_view resource, const std::string& ns,
                                                     const std::string& name, nlohmann::json object);
  // RFC 7386 merge patch of the object (its .status untouched when the kind has a status subresource)...
  [[nodiscard]] Result<nlohmann::json> merge_patch(std::string_view resource, const std::string& ns,
                                                   const std::string& name, const nlohmann::json& patch);
  // ... or of .status alone: patch_status("juicefsruntimes", "ns", "rt", {{"status", {{"x", 1}}}}).
  [[nodiscard]] Result<nlohmann::json> patch_status(std::string_view resource, const std::string& ns,
                                                    const std::string& name, const nlohmann::json& patch);
  // Returns the object as deleted (its resourceVersion is the deletion's).
  [[nodiscard]] Result<nlohmann::json> remove(std::string_view resource, const std::string& ns,
                                              const std::string& name);
  // A <Kind>List; an empty `ns` lists every namespace.
  [[nodiscard]] Result<nlohmann::json> list(std::string_view resource, const std::string& ns = {}) const;
  // The autoscaling/v1 Scale of an object whose kind has a scale mapping.
  [[nodiscard]] Result<nlohmann::json> get_scale(std::string_view resource, const std::string& ns,
                                                 const std::string& name) const;

  // The last resourceVersion handed out (0 before the first write).
  [[nodiscard]] std::uint64_t resource_version() const;
  [[nodiscard]] const std::vector<ResourceKind>& kinds() const { return kinds_; }

  // ---- The raw entry points, by index into kinds(). `ns` must be empty for cluster-scoped kinds.
  [[nodiscard]] std::optional<std::size_t> find_kind(std::string_view group, std::string_view version,
                                                     std::string_view plural) const;
  [[nodiscard]] std::optional<std::size_t> find_kind(std::string_view resource) const;

  [[nodiscard]] Reply do_list(std::size_t kind, const std::string& ns) const;
  [[nodiscard]] Reply do_get(std::size_t kind, const std::string& ns, const std::string& name) const;
  // keep_status: false drops .status when the kind has a status subresource (as a POST does).
  [[nodiscard]] Reply do_create(std::size_t kind, const std::string& ns, nlohmann::json object, bool keep_status);
  [[nodiscard]] Reply do_update(std::size_t kind, const std::string& ns, const std::string& name, nlohmann::json object,
                                Part part);
  [[nodiscard]] Reply do_merge_patch(std::size_t kind, const std::string& ns, const std::string& name,
                                     const nlohmann::json& patch, Part part);
  // `options`: a DeleteOptions body or null; preconditions.resourceVersion / preconditions.uid are honoured.
  [[nodiscard]] Reply do_delete(std::size_t kind, const std::string& ns, const std::string& name,
                                const nlohmann::json& options);
  [[nodiscard]] Reply do_get_scale(std::size_t kind, const std::string& ns, const std::string& name) const;
  // A Scale: sets spec.replicas; 409 when its metadata.resourceVersion is set and not the object's.
  [[nodiscard]] Reply do_update_scale(std::size_t kind, const std::string& ns, const std::string& name,
                                      const nlohmann::json& scale);
  [[nodiscard]] Reply do_merge_patch_scale(std::size_t kind, const std::string& ns, const std::string& name,
                                           const nlohmann::json& patch);

  // Events of `kind` in `ns` (empty: all) after resourceVersion `since`; blocks until there is one, `deadline`
  // passes, or `stop()` turns true (checked whenever the store changes and on wake_watchers()). `since` unset
  // (a watch from "" or "0"): ADDED for every current object, oldest first, then as from the latest version.
  // With `bookmarks`, a wait that ends empty after the store moved on ends with a BOOKMARK at the current
  // resourceVersion, so a quiet kind's watcher does not fall behind the event log.
  [[nodiscard]] WatchBatch watch(std::size_t kind, const std::string& ns, std::optional<std::uint64_t> since,
                                 bool bookmarks, std::chrono::steady_clock::time_point deadline,
                                 const std::function<bool()>& stop) const;
  // Wakes every blocked watch so it re-checks its stop condition.
  void wake_watchers() const;
  // Watches blocked in watch() right now: a held long poll each.
  [[nodiscard]] std::size_t watchers() const;
  // Waits up to `timeout` until at least `count` watches are blocked (e.g. the demo's binaries have connected);
  // returns whether they are.
  [[nodiscard]] bool wait_for_watchers(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  struct Stored {
    std::shared_ptr<const nlohmann::json> object;
    std::uint64_t created = 0;  // resourceVersion of the create: eviction order under max_objects
  };
  struct Logged {
    std::uint64_t rv = 0;
    std::string type;
    std::shared_ptr<const nlohmann::json> object;
  };
  struct KindState {
    std::map<std::pair<std::string, std::string>, Stored> objects;  // (namespace, name)
    std::deque<Logged> log;
    std::uint64_t compacted = 0;  // events at or below this resourceVersion may have been dropped
  };

  Reply commit_update_locked(std::size_t kind, const std::pair<std::string, std::string>& key,
                             const nlohmann::json& old, nlohmann::json candidate, Part part);
  // The path an update and a merge patch share: the status-subresource check, the lookup, and the commit of what
  // `candidate` makes of the stored object.
  [[nodiscard]] Reply replace(std::size_t kind, const std::string& ns, const std::string& name, Part part,
                              const std::function<nlohmann::json(const nlohmann::json& stored)>& candidate);
  void record_locked(std::size_t kind, std::string type, std::shared_ptr<const nlohmann::json> object);
  [[nodiscard]] nlohmann::json scale_of(std::size_t kind, const nlohmann::json& object) const;
  [[nodiscard]] Reply scale_write_locked(std::size_t kind, const std::string& ns, const std::string& name,
                                         const nlohmann::json& scale);
  [[nodiscard]] std::string new_uid_locked();
  [[nodiscard]] std::string random_suffix_locked(std::size_t length);
  [[nodiscard]] std::string now_rfc3339() const;
  // Resolves `resource` and the namespace for an in-process call, or fails.
  [[nodiscard]] Result<std::size_t> resolve(std::string_view resource) const;
  [[nodiscard]] std::string scoped_ns(std::size_t kind, const std::string& ns) const;

  const std::vector<ResourceKind> kinds_;
  const StoreOptions options_;
  SystemClock system_clock_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable std::condition_variable watchers_changed_;  // waiting_ went up: wait_for_watchers
  std::vector<KindState> state_;
  std::uint64_t revision_ = 0;
  mutable std::size_t waiting_ = 0;  // watches blocked in watch()
  std::mt19937_64 random_;
};

}  // namespace cachepilot::simkube
