#include "kube/api_client.hpp"

#include "common/strings.hpp"

namespace cachepilot::kube {

using nlohmann::json;

std::string ResourceRef::collection_path() const {
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (!namespace_.empty()) {
    path += "/namespaces/" + namespace_;
  }
  return path + "/" + plural;
}

std::string ResourceRef::object_path(std::string_view name) const {
  return collection_path() + "/" + std::string(name);
}

std::string ResourceRef::display_name() const { return group.empty() ? plural : plural + "." + group; }

ApiError api_error_from(unsigned status, std::string_view body) {
  ApiError error{status, {}, {}};
  auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object() && parsed.value("kind", std::string()) == "Status") {
    error.reason = parsed.value("reason", std::string());
    error.message = parsed.value("message", std::string());
  } else {
    error.message = std::string(body.substr(0, 300));
  }
  return error;
}

std::string to_string(const ApiError& error) {
  std::string out = error.status == 0 ? "transport error" : "HTTP " + std::to_string(error.status);
  if (!error.reason.empty()) {
    out += " " + error.reason;
  }
  if (!error.message.empty()) {
    out += ": " + error.message;
  }
  return out;
}

ApiResult<json> ApiClient::call(const std::string& method, const std::string& path, const std::string& body,
                                const std::string& content_type) const {
  net::ClientRequest request;
  request.method = method;
  request.path_and_query = path;
  request.body = body;
  request.content_type = content_type;
  auto response = http_->send(request);
  if (!response.ok()) {
    return {std::nullopt, ApiError{0, {}, response.error().message}};
  }
  if (response->status < 200 || response->status >= 300) {
    return {std::nullopt, api_error_from(response->status, response->body)};
  }
  if (response->body.empty()) {
    return {json(nullptr), std::nullopt};
  }
  auto parsed = json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) {
    return {std::nullopt,
            ApiError{response->status, "MalformedResponse", method + " " + path + ": answer is not JSON"}};
  }
  return {std::move(parsed), std::nullopt};
}

ApiResult<ListPage> ApiClient::list(const ResourceRef& resource, std::size_t page_size) const {
  for (int attempt = 0; attempt < 2; ++attempt) {
    ListPage out;
    std::string continue_token;
    bool restart = false;
    do {
      std::string path = resource.collection_path() + "?limit=" + std::to_string(page_size);
      if (!continue_token.empty()) {
        path += "&continue=" + url_encode(continue_token);
      }
      auto page = call("GET", path);
      if (!page.ok()) {
        // An expired continue token: the list is too old to page through; start again (client-go does too).
        if (page.error->status == 410 && !continue_token.empty()) {
          restart = true;
          break;
        }
        return {std::nullopt, page.error};
      }
      json& body = *page.value;  // items are moved out
      auto items = body.find("items");
      const auto meta = body.find("metadata");
      if (!body.is_object() || items == body.end() || !(items->is_array() || items->is_null()) || meta == body.end() ||
          !meta->is_object()) {
        return {std::nullopt, ApiError{200, "MalformedResponse",
                                       "LIST " + resource.display_name() + ": not a list (no items/metadata)"}};
      }
      if (items->is_array()) {
        for (auto& item : *items) {
          out.items.push_back(std::move(item));
        }
      }
      out.resource_version = meta->value("resourceVersion", std::string());
      continue_token = meta->value("continue", std::string());
    } while (!continue_token.empty());
    if (!restart) {
      return {std::move(out), std::nullopt};
    }
  }
  return {std::nullopt, ApiError{410, "Expired", "LIST " + resource.display_name() + ": continue token expired twice"}};
}

WatchResult ApiClient::watch(const ResourceRef& resource, const std::string& resource_version, int timeout_seconds,
                             const std::function<bool(WatchEvent&&)>& on_event, const net::Cancellation& cancel) const {
  net::ClientRequest request;
  request.path_and_query = resource.collection_path() +
                           "?watch=1&allowWatchBookmarks=true&timeoutSeconds=" + std::to_string(timeout_seconds) +
                           "&resourceVersion=" + url_encode(resource_version);
  WatchResult result;
  bool gone = false;
  bool stopped = false;
  auto response = stream_http_->stream_lines(
      request,
      [&](std::string_view line) {
        auto parsed = json::parse(line, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
          ++result.malformed_events;
          return true;
        }
        const auto type = parsed.value("type", std::string());
        auto object = parsed.find("object");
        if (object == parsed.end() || !object->is_object()) {
          ++result.malformed_events;
          return true;
        }
        WatchEvent event{WatchEventType::kAdded, json()};
        if (type == "ADDED") {
          event.type = WatchEventType::kAdded;
        } else if (type == "MODIFIED") {
          event.type = WatchEventType::kModified;
        } else if (type == "DELETED") {
          event.type = WatchEventType::kDeleted;
        } else if (type == "BOOKMARK") {
          event.type = WatchEventType::kBookmark;
        } else if (type == "ERROR") {
          // A metav1.Status: 410 Expired/Gone means our resourceVersion fell out of the watch cache.
          const auto code = object->value("code", 0);
          result.message = object->value("message", std::string("watch error"));
          gone = code == 410;
          return false;
        } else {
          ++result.malformed_events;
          return true;
        }
        event.object = std::move(*object);
        if (!on_event(std::move(event))) {
          stopped = true;
          return false;
        }
        return true;
      },
      cancel);
  if (gone) {
    result.end = WatchEnd::kGone;
    return result;
  }
  if (!result.message.empty()) {
    result.end = WatchEnd::kFailed;
    return result;
  }
  if (stopped || cancel.cancelled()) {
    result.end = WatchEnd::kCancelled;
    return result;
  }
  if (!response.ok()) {
    result.end = WatchEnd::kFailed;
    result.message = response.error().message;
    return result;
  }
  if (response->status == 410) {
    result.end = WatchEnd::kGone;
    result.message = to_string(api_error_from(response->status, response->body));
    return result;
  }
  if (response->status < 200 || response->status >= 300) {
    result.end = WatchEnd::kFailed;
    result.message = to_string(api_error_from(response->status, response->body));
    return result;
  }
  result.end = WatchEnd::kClosed;
  return result;
}

}  // namespace cachepilot::kube
