#include "simkube/api_server.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

#include "common/log.hpp"

namespace cachepilot::simkube {

using nlohmann::json;

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// Percent-decoding; '+' is a space in a query. A broken escape is kept as it is.
std::string url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    out[url_decode(pair.substr(0, eq), true)] =
        eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
  }
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const auto segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (!segment.empty()) {
      out.push_back(url_decode(segment, false));
    }
  }
  return out;
}

bool is_true(const std::map<std::string, std::string>& query, const char* key) {
  const auto it = query.find(key);
  return it != query.end() && (it->second == "1" || it->second == "true");
}

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// The media type without parameters, lower-case: "application/merge-patch+json".
std::string media_type(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') {
    content_type.remove_suffix(1);
  }
  std::string out;
  for (const char c : content_type) {
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

// The parsed request path: /api/v1/namespaces/NS/PLURAL/NAME/SUB or /apis/GROUP/VERSION/...
struct Route {
  std::string group;
  std::string version;
  std::string ns;
  std::string plural;
  std::string name;
  std::string subresource;
};

std::optional<Route> parse_route(const std::vector<std::string>& segments) {
  Route route;
  std::size_t i = 0;
  if (segments.size() >= 2 && segments[0] == "api") {
    route.version = segments[1];
    i = 2;
  } else if (segments.size() >= 3 && segments[0] == "apis") {
    route.group = segments[1];
    route.version = segments[2];
    i = 3;
  } else {
    return std::nullopt;
  }
  std::vector<std::string> rest(segments.begin() + static_cast<std::ptrdiff_t>(i), segments.end());
  // namespaces/NS/PLURAL...; but namespaces/NAME and namespaces/NAME/status are the Namespace object itself.
  if (rest.size() >= 3 && rest[0] == "namespaces" && rest[2] != "status" && rest[2] != "finalize") {
    route.ns = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  if (rest.empty() || rest.size() > 3) {
    return std::nullopt;
  }
  route.plural = rest[0];
  if (rest.size() >= 2) {
    route.name = rest[1];
  }
  if (rest.size() == 3) {
    route.subresource = rest[2];
  }
  return route;
}

Reply parse_body(const std::string& body, json& out) {
  out = json::parse(body, nullptr, false);
  if (out.is_discarded()) {
    return status_reply(400, "BadRequest", "the request body is not valid JSON");
  }
  if (!out.is_object()) {
    return status_reply(400, "BadRequest", "the request body is not a JSON object");
  }
  return Reply{200, json()};
}

Reply method_not_allowed(const std::string& method) {
  return status_reply(405, "MethodNotAllowed",
                      "the server does not allow this method on the requested resource (" + method + ")");
}

Reply unknown_resource() { return status_reply(404, "NotFound", "the server could not find the requested resource"); }

std::string verb_of(const std::string& method, bool collection, bool watch) {
  if (method == "GET") {
    return collection ? (watch ? "watch" : "list") : "get";
  }
  if (method == "POST") {
    return "create";
  }
  if (method == "PUT") {
    return "update";
  }
  if (method == "PATCH") {
    return "patch";
  }
  if (method == "DELETE") {
    return "delete";
  }
  std::string lower;
  for (const char c : method) {
    lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return lower;
}

}  // namespace

ApiServer::ApiServer(Store& store, ApiServerOptions options) : store_(store), options_(std::move(options)) {}

ApiServer::~ApiServer() { stop(); }

Result<std::uint16_t> ApiServer::start() {
  if (server_) {
    return make_error(ErrorCode::kInvalidArgument, "simkube: the API server is already started");
  }
  net::ServerOptions server_options;
  server_options.host = options_.host;
  server_options.port = options_.port;
  server_options.threads = std::max(2, options_.threads);
  server_options.body_limit = options_.body_limit;
  server_ = std::make_unique<net::HttpServer>(
      server_options, [this](net::HttpRequest& request, net::HttpResponse& response) { handle(request, response); },
      net::HttpServer::EventObserver{});
  auto port = server_->start();
  if (!port.ok()) {
    return port.error().wrap("simkube API server");
  }
  port_ = *port;
  thread_ = std::thread([this] { server_->run(); });
  return port_;
}

void ApiServer::stop() {
  if (!server_ || stopping_.exchange(true)) {
    return;
  }
  store_.wake_watchers();  // held watches answer now
  server_->stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::string ApiServer::url() const { return "http://" + options_.host + ":" + std::to_string(port_); }

void ApiServer::count(const std::string& verb, const std::string& resource, const std::string& subresource, bool ok) {
  const std::lock_guard lock(counts_mutex_);
  auto& stats = counts_[{verb, resource, subresource}];
  ++stats.total;
  stats.succeeded += ok ? 1U : 0U;
}

RequestStats ApiServer::requests(std::string_view verb, std::string_view resource, std::string_view subresource) const {
  const std::lock_guard lock(counts_mutex_);
  const auto it = counts_.find({std::string(verb), std::string(resource), std::string(subresource)});
  return it == counts_.end() ? RequestStats{} : it->second;
}

std::vector<RequestCount> ApiServer::request_counts() const {
  const std::lock_guard lock(counts_mutex_);
  std::vector<RequestCount> out;
  for (const auto& [key, stats] : counts_) {
    out.push_back(RequestCount{std::get<0>(key), std::get<1>(key), std::get<2>(key), stats});
  }
  return out;
}

void ApiServer::handle(net::HttpRequest& request, net::HttpResponse& response) {
  const std::string_view target(request.target);
  const auto question = target.find('?');
  const auto path = target.substr(0, question);
  const auto query = parse_query(question == std::string_view::npos ? std::string_view() : target.substr(question + 1));
  if (path == "/healthz" || path == "/readyz" || path == "/livez") {
    response.status = 200;
    response.content_type = "text/plain";
    response.body = "ok";
    return;
  }
  if (path == "/version") {
    response.body =
        dump(json{{"major", "1"}, {"minor", "30"}, {"gitVersion", "v1.30.0-simkube"}, {"platform", "simkube"}});
    return;
  }

  const auto route = parse_route(split_path(path));
  const bool collection = route && route->name.empty();
  const bool watching = collection && is_true(query, "watch");
  const auto verb = verb_of(request.method, collection, watching);
  std::string resource_name =
      route ? (route->group.empty() ? route->plural : route->plural + "." + route->group) : std::string(path);
  // An index with a sentinel, not an optional: GCC 12 at -O2 reports a false "may be used uninitialized" on an
  // optional<size_t> read inside the vector index below.
  constexpr auto kNoKind = std::numeric_limits<std::size_t>::max();
  std::size_t kind = kNoKind;
  if (route) {
    kind = store_.find_kind(route->group, route->version, route->plural).value_or(kNoKind);
  }
  // A namespaced path to a cluster-scoped kind, or an object path of a namespaced kind without a namespace, is
  // not a resource the apiserver serves either.
  if (kind != kNoKind && ((!route->ns.empty() && !store_.kinds()[kind].namespaced) ||
                          (!collection && route->ns.empty() && store_.kinds()[kind].namespaced))) {
    kind = kNoKind;
  }

  Reply reply;
  std::string subresource = route ? route->subresource : std::string();
  if (kind == kNoKind) {
    reply = unknown_resource();
  } else {
    const auto& k = store_.kinds()[kind];
    resource_name = k.resource_name();
    const auto& method = request.method;
    // DELETE may carry DeleteOptions.
    const bool has_body =
        method == "POST" || method == "PUT" || method == "PATCH" || (method == "DELETE" && !request.body.empty());
    json body;
    Reply parsed{200, json()};
    if (has_body) {
      parsed = parse_body(request.body, body);
    }
    const auto patch_type = media_type(request.content_type);
    const bool merge_patch =
        patch_type == "application/merge-patch+json" || patch_type == "application/strategic-merge-patch+json";
    if (method == "PATCH" && !merge_patch) {
      parsed = status_reply(415, "UnsupportedMediaType",
                            "the body of the request was in an unknown format - accepted media types include: "
                            "application/merge-patch+json, application/strategic-merge-patch+json");
    }
    if (!parsed.ok()) {
      reply = std::move(parsed);
    } else if (collection) {
      if (method == "GET" && watching) {
        std::optional<std::uint64_t> since;
        bool valid = true;
        if (const auto it = query.find("resourceVersion");
            it != query.end() && !it->second.empty() && it->second != "0") {
          std::uint64_t value = 0;
          const auto& text = it->second;
          const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
          valid = ec == std::errc() && end == text.data() + text.size();
          since = value;
        }
        auto wait = options_.watch_poll;
        if (const auto it = query.find("timeoutSeconds"); it != query.end()) {
          long seconds = 0;
          const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), seconds);
          if (ec == std::errc() && seconds > 0) {
            wait = std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(seconds));
          }
        }
        if (!valid) {
          reply = status_reply(400, "BadRequest", "resourceVersion: Invalid value: not a resource version");
        } else {
          const auto batch = store_.watch(kind, route->ns, since, is_true(query, "allowWatchBookmarks"),
                                          std::chrono::steady_clock::now() + wait, [this] { return stopping_.load(); });
          std::string lines;
          if (batch.expired) {
            lines = R"({"type":"ERROR","object":)" + dump(status_reply(410, "Expired", batch.message).body) + "}\n";
          }
          for (const auto& event : batch.events) {
            lines += R"({"type":")" + event.type + R"(","object":)" + dump(*event.object) + "}\n";
          }
          count(verb, resource_name, subresource, true);
          log::debug("simkube: WATCH " + std::string(path) + ": " + std::to_string(batch.events.size()) + " events" +
                     (batch.expired ? " (expired)" : ""));
          response.status = 200;
          response.content_type = "application/json";
          response.body = std::move(lines);
          return;
        }
      } else if (method == "GET") {
        reply = store_.do_list(kind, route->ns);
      } else if (method == "POST") {
        reply = (k.namespaced && route->ns.empty()) ? method_not_allowed(method)
                                                    : store_.do_create(kind, route->ns, std::move(body), false);
      } else {
        reply = method_not_allowed(method);
      }
    } else if (subresource.empty()) {
      if (method == "GET") {
        reply = store_.do_get(kind, route->ns, route->name);
      } else if (method == "PUT") {
        reply = store_.do_update(kind, route->ns, route->name, std::move(body), Part::kMain);
      } else if (method == "PATCH") {
        reply = store_.do_merge_patch(kind, route->ns, route->name, body, Part::kMain);
      } else if (method == "DELETE") {
        reply = store_.do_delete(kind, route->ns, route->name, body);
      } else {
        reply = method_not_allowed(method);
      }
    } else if (subresource == "status" && k.has_status_subresource) {
      if (method == "GET") {
        reply = store_.do_get(kind, route->ns, route->name);
      } else if (method == "PUT") {
        reply = store_.do_update(kind, route->ns, route->name, std::move(body), Part::kStatus);
      } else if (method == "PATCH") {
        reply = store_.do_merge_patch(kind, route->ns, route->name, body, Part::kStatus);
      } else {
        reply = method_not_allowed(method);
      }
    } else if (subresource == "scale" && k.scale) {
      if (method == "GET") {
        reply = store_.do_get_scale(kind, route->ns, route->name);
      } else if (method == "PUT") {
        reply = store_.do_update_scale(kind, route->ns, route->name, body);
      } else if (method == "PATCH") {
        reply = store_.do_merge_patch_scale(kind, route->ns, route->name, body);
      } else {
        reply = method_not_allowed(method);
      }
    } else {
      reply = unknown_resource();
    }
  }
  count(verb, resource_name, subresource, reply.ok());
  if (log::enabled(log::Level::kDebug)) {
    log::debug("simkube: " + request.method + " " + std::string(path) + " " + std::to_string(reply.code));
  }
  response.status = reply.code;
  response.content_type = "application/json";
  response.body = dump(reply.body);
}

std::string kubeconfig_yaml(const std::string& server, const std::string& token, const std::string& default_namespace,
                            const std::string& name) {
  // A JSON string is a valid YAML double-quoted scalar: quoting through dump() keeps any value well-formed.
  const auto q = [](const std::string& value) { return json(value).dump(); };
  std::string out = "apiVersion: v1\nkind: Config\n";
  out += "clusters:\n- name: " + q(name) + "\n  cluster:\n    server: " + q(server) + "\n";
  out += "users:\n- name: " + q(name) + "\n  user:\n    token: " + q(token) + "\n";
  out += "contexts:\n- name: " + q(name) + "\n  context:\n    cluster: " + q(name) + "\n    user: " + q(name) +
         "\n    namespace: " + q(default_namespace) + "\n";
  out += "current-context: " + q(name) + "\n";
  return out;
}

Status write_kubeconfig(const std::string& path, const std::string& server, const std::string& token,
                        const std::string& default_namespace) {
  namespace fs = std::filesystem;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
      return make_error(ErrorCode::kIo, "cannot write kubeconfig " + path);
    }
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    out << kubeconfig_yaml(server, token, default_namespace);
    out.flush();
    if (!out) {
      return make_error(ErrorCode::kIo, "cannot write kubeconfig " + path);
    }
  }
  return ok_status();
}

}  // namespace cachepilot::simkube
