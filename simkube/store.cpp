#include "simkube/store.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>

namespace cachepilot::simkube {

using nlohmann::json;

namespace {

using Key = std::pair<std::string, std::string>;  // (namespace, name)

std::string string_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

const json& metadata_of(const json& object) {
  static const json kEmpty = json::object();
  const auto it = object.find("metadata");
  return (it != object.end() && it->is_object()) ? *it : kEmpty;
}

std::string resource_version_of(const json& object) { return string_at(metadata_of(object), "resourceVersion"); }

std::uint64_t parse_revision(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return (ec == std::errc() && end == text.data() + text.size()) ? value : 0;
}

// The value at a dotted path (".status.selector"), or nullptr.
const json* at_path(const json& object, std::string_view path) {
  if (!path.empty() && path.front() == '.') {
    path.remove_prefix(1);
  }
  const json* node = &object;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const auto key = std::string(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (!node->is_object()) {
      return nullptr;
    }
    const auto it = node->find(key);
    if (it == node->end()) {
      return nullptr;
    }
    node = &*it;
  }
  return node;
}

std::int64_t integer_at(const json& object, std::string_view path) {
  const json* value = at_path(object, path);
  return (value != nullptr && value->is_number_integer()) ? value->get<std::int64_t>() : 0;
}

// What metadata.generation follows: everything but metadata and status.
json without_metadata_and_status(json object) {
  object.erase("metadata");
  object.erase("status");
  return object;
}

std::string describe(const ResourceKind& kind, const std::string& name) {
  return kind.resource_name() + " \"" + name + "\"";
}

Reply not_found(const ResourceKind& kind, const std::string& name) {
  return status_reply(404, "NotFound", describe(kind, name) + " not found");
}

Reply stale(const ResourceKind& kind, const std::string& name) {
  return status_reply(409, "Conflict",
                      "Operation cannot be fulfilled on " + describe(kind, name) +
                          ": the object has been modified; please apply your changes to the latest version and try "
                          "again");
}

// kind and apiVersion, when the body sets them, must be the resource's.
std::optional<Reply> check_type(const ResourceKind& kind, const json& object) {
  for (const auto& [field, expected] : {std::pair<const char*, std::string>{"kind", kind.kind},
                                        std::pair<const char*, std::string>{"apiVersion", kind.api_version()}}) {
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) {
      continue;
    }
    if (!it->is_string() || it->get<std::string>() != expected) {
      return status_reply(400, "BadRequest",
                          std::string(field) + " " + it->dump() + " does not match the resource (" + expected + ")");
    }
  }
  return std::nullopt;
}

Result<json> to_result(Reply reply) {
  if (reply.ok()) {
    return std::move(reply.body);
  }
  ErrorCode code = ErrorCode::kInternal;
  switch (reply.code) {
    case 404:
      code = ErrorCode::kNotFound;
      break;
    case 400:
    case 405:
    case 415:
    case 422:
      code = ErrorCode::kInvalidArgument;
      break;
    case 409:
    case 410:
      code = ErrorCode::kUnavailable;
      break;
    default:
      break;
  }
  return make_error(code, string_at(reply.body, "reason") + ": " + string_at(reply.body, "message"));
}

}  // namespace

Reply status_reply(unsigned code, std::string_view reason, std::string message) {
  return Reply{code, json{{"kind", "Status"},
                          {"apiVersion", "v1"},
                          {"metadata", json::object()},
                          {"status", "Failure"},
                          {"message", std::move(message)},
                          {"reason", std::string(reason)},
                          {"code", code}}};
}

bool has_reason(const Error& error, std::string_view reason) {
  return error.message.size() > reason.size() && error.message.compare(0, reason.size(), reason) == 0 &&
         error.message[reason.size()] == ':';
}

Store::Store(std::vector<ResourceKind> kinds, StoreOptions options)
    : kinds_(std::move(kinds)), options_(options), state_(kinds_.size()), random_(std::random_device{}()) {}

std::optional<std::size_t> Store::find_kind(std::string_view group, std::string_view version,
                                            std::string_view plural) const {
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    if (kinds_[i].group == group && kinds_[i].version == version && kinds_[i].plural == plural) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> Store::find_kind(std::string_view resource) const {
  std::optional<std::size_t> by_plural;
  std::size_t plural_matches = 0;
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    if (kinds_[i].resource_name() == resource) {
      return i;
    }
    if (kinds_[i].plural == resource) {
      by_plural = i;
      ++plural_matches;
    }
  }
  return plural_matches == 1 ? by_plural : std::nullopt;
}

Result<std::size_t> Store::resolve(std::string_view resource) const {
  if (auto kind = find_kind(resource)) {
    return *kind;
  }
  return make_error(ErrorCode::kNotFound,
                    "NotFound: the server does not serve resource \"" + std::string(resource) + "\"");
}

std::string Store::scoped_ns(std::size_t kind, const std::string& ns) const {
  return kinds_[kind].namespaced ? ns : std::string();
}

std::uint64_t Store::resource_version() const {
  const std::lock_guard lock(mutex_);
  return revision_;
}

std::string Store::new_uid_locked() {
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    auto word = random_();
    for (std::size_t j = 0; j < 8; ++j) {
      bytes[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
    }
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0fU) | 0x40U);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3fU) | 0x80U);  // RFC 4122 variant
  static constexpr const char* kHex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out.push_back('-');
    }
    out.push_back(kHex[bytes[i] >> 4U]);
    out.push_back(kHex[bytes[i] & 0x0fU]);
  }
  return out;
}

std::string Store::random_suffix_locked(std::size_t length) {
  // The alphabet of the apiserver's generateName (no vowels, no look-alikes).
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    out.push_back(kAlphabet[random_() % kAlphabet.size()]);
  }
  return out;
}

std::string Store::now_rfc3339() const {
  const Clock& clock = options_.clock != nullptr ? *options_.clock : system_clock_;
  const auto seconds = static_cast<std::time_t>(std::floor(clock.unix_seconds()));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::array<char, 32> text{};
  const auto n = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return {text.data(), n};
}

void Store::record_locked(std::size_t kind, std::string type, std::shared_ptr<const json> object) {
  auto& state = state_[kind];
  state.log.push_back(Logged{revision_, std::move(type), std::move(object)});
  const auto capacity = std::max<std::size_t>(1, options_.event_log_capacity);
  while (state.log.size() > capacity) {
    state.compacted = state.log.front().rv;
    state.log.pop_front();
  }
  changed_.notify_all();
}

// ---- Raw entry points

Reply Store::do_list(std::size_t kind, const std::string& ns) const {
  const auto& k = kinds_[kind];
  const auto filter = scoped_ns(kind, ns);
  json items = json::array();
  std::uint64_t revision = 0;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [key, stored] : state_[kind].objects) {
      if (filter.empty() || key.first == filter) {
        items.push_back(*stored.object);
      }
    }
    revision = revision_;
  }
  return Reply{200, json{{"apiVersion", k.api_version()},
                         {"kind", k.kind + "List"},
                         {"metadata", {{"resourceVersion", std::to_string(revision)}}},
                         {"items", std::move(items)}}};
}

Reply Store::do_get(std::size_t kind, const std::string& ns, const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto& objects = state_[kind].objects;
  const auto it = objects.find(Key{scoped_ns(kind, ns), name});
  if (it == objects.end()) {
    return not_found(kinds_[kind], name);
  }
  return Reply{200, *it->second.object};
}

Reply Store::do_create(std::size_t kind, const std::string& ns, json object, bool keep_status) {
  const auto& k = kinds_[kind];
  if (!object.is_object()) {
    return status_reply(400, "BadRequest", "the body of a create is not a JSON object");
  }
  if (auto bad = check_type(k, object)) {
    return *bad;
  }
  object["apiVersion"] = k.api_version();
  object["kind"] = k.kind;
  auto& meta = object["metadata"];
  if (meta.is_null()) {
    meta = json::object();
  }
  if (!meta.is_object()) {
    return status_reply(400, "BadRequest", "metadata is not a JSON object");
  }
  std::string object_ns;
  if (k.namespaced) {
    const auto body_ns = string_at(meta, "namespace");
    if (!ns.empty() && !body_ns.empty() && body_ns != ns) {
      return status_reply(400, "BadRequest",
                          "the namespace of the provided object does not match the namespace sent on the request");
    }
    object_ns = ns.empty() ? body_ns : ns;
    if (object_ns.empty()) {
      return status_reply(422, "Invalid", k.kind + ": metadata.namespace: Required value");
    }
    meta["namespace"] = object_ns;
  } else {
    meta.erase("namespace");
  }
  if (k.has_status_subresource && !keep_status) {
    object.erase("status");
  }
  for (const char* field : {"deletionTimestamp", "deletionGracePeriodSeconds"}) {
    meta.erase(field);
  }

  const std::lock_guard lock(mutex_);
  auto& state = state_[kind];
  auto name = string_at(meta, "name");
  if (name.empty()) {
    const auto prefix = string_at(meta, "generateName");
    if (prefix.empty()) {
      return status_reply(422, "Invalid", k.kind + ": metadata.name: Required value: name or generateName is required");
    }
    do {
      name = prefix + random_suffix_locked(5);
    } while (state.objects.contains(Key{object_ns, name}));
  }
  if (name.find('/') != std::string::npos || name == "." || name == "..") {
    return status_reply(422, "Invalid",
                        k.kind + " \"" + name + "\": metadata.name: Invalid value: may not contain '/'");
  }
  const Key key{object_ns, name};
  if (state.objects.contains(key)) {
    return status_reply(409, "AlreadyExists", describe(k, name) + " already exists");
  }
  const auto revision = ++revision_;
  meta["name"] = name;
  meta["uid"] = new_uid_locked();
  meta["resourceVersion"] = std::to_string(revision);
  meta["creationTimestamp"] = now_rfc3339();
  meta["generation"] = 1;
  auto stored = std::make_shared<const json>(std::move(object));
  state.objects.emplace(key, Stored{stored, revision});
  record_locked(kind, "ADDED", stored);
  // Over the kind's cap: the oldest objects go, as expired Events do.
  while (k.max_objects > 0 && state.objects.size() > k.max_objects) {
    auto oldest = std::min_element(state.objects.begin(), state.objects.end(),
                                   [](const auto& a, const auto& b) { return a.second.created < b.second.created; });
    json gone = *oldest->second.object;
    gone["metadata"]["resourceVersion"] = std::to_string(++revision_);
    state.objects.erase(oldest);
    record_locked(kind, "DELETED", std::make_shared<const json>(std::move(gone)));
  }
  return Reply{201, *stored};
}

Reply Store::commit_update_locked(std::size_t kind, const Key& key, const json& old, json candidate, Part part) {
  const auto& k = kinds_[kind];
  const auto& name = key.second;
  if (!candidate.is_object()) {
    return status_reply(400, "BadRequest", "the body is not a JSON object");
  }
  if (auto bad = check_type(k, candidate)) {
    return *bad;
  }
  auto& meta = candidate["metadata"];
  if (meta.is_null()) {
    meta = json::object();
  }
  if (!meta.is_object()) {
    return status_reply(400, "BadRequest", "metadata is not a JSON object");
  }
  const auto& old_meta = metadata_of(old);
  if (const auto it = meta.find("name"); it != meta.end() && !it->is_null() && *it != name) {
    return status_reply(400, "BadRequest",
                        "the name of the object (" + (it->is_string() ? it->get<std::string>() : it->dump()) +
                            ") does not match the name on the URL (" + name + ")");
  }
  if (const auto body_ns = string_at(meta, "namespace"); k.namespaced && !body_ns.empty() && body_ns != key.first) {
    return status_reply(400, "BadRequest",
                        "the namespace of the provided object does not match the namespace sent on the request");
  }
  if (const auto uid = string_at(meta, "uid"); !uid.empty() && uid != string_at(old_meta, "uid")) {
    return status_reply(
        409, "Conflict",
        "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + string_at(old_meta, "uid"));
  }
  if (const auto rv = string_at(meta, "resourceVersion"); !rv.empty() && rv != string_at(old_meta, "resourceVersion")) {
    return stale(k, name);
  }

  json result;
  if (part == Part::kStatus) {
    result = old;
    if (const auto it = candidate.find("status"); it != candidate.end() && !it->is_null()) {
      result["status"] = *it;
    } else {
      result.erase("status");
    }
  } else {
    result = std::move(candidate);
    if (k.has_status_subresource) {
      if (const auto it = old.find("status"); it != old.end()) {
        result["status"] = *it;
      } else {
        result.erase("status");
      }
    }
    result["apiVersion"] = k.api_version();
    result["kind"] = k.kind;
    auto& result_meta = result["metadata"];
    // What the server owns comes from the stored object, whatever the body says.
    for (const char* field : {"name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion",
                              "deletionTimestamp", "deletionGracePeriodSeconds"}) {
      if (const auto it = old_meta.find(field); it != old_meta.end()) {
        result_meta[field] = *it;
      } else {
        result_meta.erase(field);
      }
    }
    if (without_metadata_and_status(result) != without_metadata_and_status(old)) {
      result_meta["generation"] = old_meta.value("generation", std::int64_t{0}) + 1;
    }
  }
  if (result == old) {
    return Reply{200, old};  // a no-op write: no new resourceVersion, no event (as the apiserver)
  }
  result["metadata"]["resourceVersion"] = std::to_string(++revision_);
  auto& stored = state_[kind].objects.at(key);
  stored.object = std::make_shared<const json>(std::move(result));
  record_locked(kind, "MODIFIED", stored.object);
  return Reply{200, *stored.object};
}

Reply Store::replace(std::size_t kind, const std::string& ns, const std::string& name, Part part,
                     const std::function<json(const json& stored)>& candidate) {
  if (part == Part::kStatus && !kinds_[kind].has_status_subresource) {
    return status_reply(404, "NotFound", kinds_[kind].resource_name() + " has no status subresource");
  }
  const std::lock_guard lock(mutex_);
  const Key key{scoped_ns(kind, ns), name};
  const auto& objects = state_[kind].objects;
  const auto it = objects.find(key);
  if (it == objects.end()) {
    return not_found(kinds_[kind], name);
  }
  const auto old = it->second.object;  // keeps the old version alive while it is replaced
  return commit_update_locked(kind, key, *old, candidate(*old), part);
}

Reply Store::do_update(std::size_t kind, const std::string& ns, const std::string& name, json object, Part part) {
  if (!object.is_object()) {
    return status_reply(400, "BadRequest", "the body of an update is not a JSON object");
  }
  return replace(kind, ns, name, part, [&object](const json& /*stored*/) { return std::move(object); });
}

Reply Store::do_merge_patch(std::size_t kind, const std::string& ns, const std::string& name, const json& patch,
                            Part part) {
  if (!patch.is_object()) {
    return status_reply(400, "BadRequest", "a merge patch must be a JSON object");
  }
  return replace(kind, ns, name, part, [&patch](const json& stored) {
    json candidate = stored;
    // RFC 7386; a resourceVersion in the patch stays in the candidate and so acts as a precondition.
    candidate.merge_patch(patch);
    return candidate;
  });
}

Reply Store::do_delete(std::size_t kind, const std::string& ns, const std::string& name, const json& options) {
  const std::lock_guard lock(mutex_);
  auto& objects = state_[kind].objects;
  const auto it = objects.find(Key{scoped_ns(kind, ns), name});
  if (it == objects.end()) {
    return not_found(kinds_[kind], name);
  }
  const auto& old_meta = metadata_of(*it->second.object);
  if (options.is_object()) {
    if (const auto pre = options.find("preconditions"); pre != options.end() && pre->is_object()) {
      if (const auto uid = string_at(*pre, "uid"); !uid.empty() && uid != string_at(old_meta, "uid")) {
        return status_reply(
            409, "Conflict",
            "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + string_at(old_meta, "uid"));
      }
      if (const auto rv = string_at(*pre, "resourceVersion");
          !rv.empty() && rv != string_at(old_meta, "resourceVersion")) {
        return stale(kinds_[kind], name);
      }
    }
  }
  json gone = *it->second.object;
  gone["metadata"]["resourceVersion"] = std::to_string(++revision_);
  objects.erase(it);
  auto event = std::make_shared<const json>(std::move(gone));
  record_locked(kind, "DELETED", event);
  return Reply{200, *event};
}

json Store::scale_of(std::size_t kind, const json& object) const {
  const auto& k = kinds_[kind];
  const auto& meta = metadata_of(object);
  json scale_meta = json::object();
  for (const char* field : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    if (const auto it = meta.find(field); it != meta.end()) {
      scale_meta[field] = *it;
    }
  }
  json status{{"replicas", integer_at(object, k.scale->status_replicas_path)}};
  if (!k.scale->selector_path.empty()) {
    if (const json* selector = at_path(object, k.scale->selector_path); selector != nullptr && selector->is_string()) {
      status["selector"] = *selector;
    }
  }
  return json{{"apiVersion", "autoscaling/v1"},
              {"kind", "Scale"},
              {"metadata", std::move(scale_meta)},
              {"spec", {{"replicas", integer_at(object, ".spec.replicas")}}},
              {"status", std::move(status)}};
}

Reply Store::do_get_scale(std::size_t kind, const std::string& ns, const std::string& name) const {
  if (!kinds_[kind].scale) {
    return status_reply(404, "NotFound", kinds_[kind].resource_name() + " has no scale subresource");
  }
  const std::lock_guard lock(mutex_);
  const auto& objects = state_[kind].objects;
  const auto it = objects.find(Key{scoped_ns(kind, ns), name});
  if (it == objects.end()) {
    return not_found(kinds_[kind], name);
  }
  return Reply{200, scale_of(kind, *it->second.object)};
}

Reply Store::scale_write_locked(std::size_t kind, const std::string& ns, const std::string& name, const json& scale) {
  const auto& k = kinds_[kind];
  if (!scale.is_object()) {
    return status_reply(400, "BadRequest", "the body is not a Scale object");
  }
  const json* replicas = at_path(scale, "spec.replicas");
  if (replicas == nullptr || !replicas->is_number_integer() || replicas->get<std::int64_t>() < 0 ||
      replicas->get<std::int64_t>() > std::numeric_limits<std::int32_t>::max()) {
    return status_reply(422, "Invalid",
                        "Scale \"" + name + "\": spec.replicas: Invalid value: " +
                            (replicas != nullptr ? replicas->dump() : std::string("null")) +
                            ": must be an integer between 0 and 2147483647");
  }
  const Key key{scoped_ns(kind, ns), name};
  const auto& objects = state_[kind].objects;
  const auto it = objects.find(key);
  if (it == objects.end()) {
    return not_found(k, name);
  }
  const auto old = it->second.object;
  if (const auto rv = string_at(metadata_of(scale), "resourceVersion");
      !rv.empty() && rv != resource_version_of(*old)) {
    return stale(k, name);
  }
  json candidate = *old;
  if (auto& spec = candidate["spec"]; !spec.is_object()) {
    spec = json::object();
  }
  candidate["spec"]["replicas"] = replicas->get<std::int64_t>();
  auto reply = commit_update_locked(kind, key, *old, std::move(candidate), Part::kMain);
  if (!reply.ok()) {
    return reply;
  }
  return Reply{200, scale_of(kind, reply.body)};
}

Reply Store::do_update_scale(std::size_t kind, const std::string& ns, const std::string& name, const json& scale) {
  if (!kinds_[kind].scale) {
    return status_reply(404, "NotFound", kinds_[kind].resource_name() + " has no scale subresource");
  }
  const std::lock_guard lock(mutex_);
  return scale_write_locked(kind, ns, name, scale);
}

Reply Store::do_merge_patch_scale(std::size_t kind, const std::string& ns, const std::string& name, const json& patch) {
  if (!kinds_[kind].scale) {
    return status_reply(404, "NotFound", kinds_[kind].resource_name() + " has no scale subresource");
  }
  if (!patch.is_object()) {
    return status_reply(400, "BadRequest", "a merge patch must be a JSON object");
  }
  const std::lock_guard lock(mutex_);
  const auto& objects = state_[kind].objects;
  const auto it = objects.find(Key{scoped_ns(kind, ns), name});
  if (it == objects.end()) {
    return not_found(kinds_[kind], name);
  }
  json scale = scale_of(kind, *it->second.object);
  scale.merge_patch(patch);
  return scale_write_locked(kind, ns, name, scale);
}

WatchBatch Store::watch(std::size_t kind, const std::string& ns, std::optional<std::uint64_t> since, bool bookmarks,
                        std::chrono::steady_clock::time_point deadline, const std::function<bool()>& stop) const {
  const auto& k = kinds_[kind];
  const auto filter = scoped_ns(kind, ns);
  const auto matches = [&](const json& object) {
    return filter.empty() || string_at(metadata_of(object), "namespace") == filter;
  };
  WatchBatch out;
  std::unique_lock lock(mutex_);
  const auto& state = state_[kind];
  if (!since) {
    // "Get state and start at most recent": the current objects as ADDED, oldest first, so that the last event
    // carries the newest resourceVersion (the client watches again from it).
    std::vector<std::pair<std::uint64_t, std::shared_ptr<const json>>> current;
    for (const auto& [key, stored] : state.objects) {
      if (filter.empty() || key.first == filter) {
        current.emplace_back(parse_revision(resource_version_of(*stored.object)), stored.object);
      }
    }
    std::sort(current.begin(), current.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [revision, object] : current) {
      out.events.push_back(WatchedEvent{"ADDED", std::move(object)});
    }
    if (!out.events.empty()) {
      return out;
    }
    since = revision_;
  }
  std::uint64_t from = *since;
  while (true) {
    if (from < state.compacted) {
      out.expired = true;
      out.message = "too old resource version: " + std::to_string(from) + " (" + std::to_string(state.compacted) + ")";
      return out;
    }
    auto it = std::upper_bound(state.log.begin(), state.log.end(), from,
                               [](std::uint64_t rv, const Logged& logged) { return rv < logged.rv; });
    for (; it != state.log.end(); ++it) {
      if (matches(*it->object)) {
        out.events.push_back(WatchedEvent{it->type, it->object});
      }
    }
    if (!out.events.empty()) {
      return out;
    }
    // Nothing for this watch up to the current version: later scans (and the expiry check) start from there.
    from = std::max(from, revision_);
    if ((stop && stop()) || std::chrono::steady_clock::now() >= deadline) {
      break;
    }
    ++waiting_;
    watchers_changed_.notify_all();
    changed_.wait_until(lock, deadline);
    --waiting_;
  }
  if (bookmarks && revision_ > *since) {
    out.events.push_back(WatchedEvent{
        "BOOKMARK",
        std::make_shared<const json>(json{{"apiVersion", k.api_version()},
                                          {"kind", k.kind},
                                          {"metadata", {{"resourceVersion", std::to_string(revision_)}}}})});
  }
  return out;
}

void Store::wake_watchers() const {
  const std::lock_guard lock(mutex_);
  changed_.notify_all();
}

std::size_t Store::watchers() const {
  const std::lock_guard lock(mutex_);
  return waiting_;
}

bool Store::wait_for_watchers(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return watchers_changed_.wait_for(lock, timeout, [&] { return waiting_ >= count; });
}

// ---- The in-process API

Result<json> Store::create(std::string_view resource, const std::string& ns, json object) {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_create(*kind, ns, std::move(object), true));
}

Result<json> Store::get(std::string_view resource, const std::string& ns, const std::string& name) const {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_get(*kind, ns, name));
}

Result<json> Store::update(std::string_view resource, const std::string& ns, const std::string& name, json object) {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_update(*kind, ns, name, std::move(object), Part::kMain));
}

Result<json> Store::update_status(std::string_view resource, const std::string& ns, const std::string& name,
                                  json object) {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_update(*kind, ns, name, std::move(object), Part::kStatus));
}

Result<json> Store::merge_patch(std::string_view resource, const std::string& ns, const std::string& name,
                                const json& patch) {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_merge_patch(*kind, ns, name, patch, Part::kMain));
}

Result<json> Store::patch_status(std::string_view resource, const std::string& ns, const std::string& name,
                                 const json& patch) {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_merge_patch(*kind, ns, name, patch, Part::kStatus));
}

Result<json> Store::remove(std::string_view resource, const std::string& ns, const std::string& name) {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_delete(*kind, ns, name, json()));
}

Result<json> Store::list(std::string_view resource, const std::string& ns) const {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_list(*kind, ns));
}

Result<json> Store::get_scale(std::string_view resource, const std::string& ns, const std::string& name) const {
  auto kind = resolve(resource);
  if (!kind.ok()) {
    return kind.error();
  }
  return to_result(do_get_scale(*kind, ns, name));
}

}  // namespace cachepilot::simkube
