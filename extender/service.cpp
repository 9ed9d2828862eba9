#include "extender/service.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "extender/extender_v1.hpp"

namespace cachepilot::extender {
using metrics::ErrorKind;
using metrics::NeutralReason;
using metrics::Verb;

namespace {

std::string_view path_of(std::string_view target) {
  const auto q = target.find('?');
  auto path = target.substr(0, q);
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
  }
  return path;
}

// The scheduler POSTs to urlPrefix + "/" + verb; urlPrefix may carry a path ("http://x/scheduler").
bool is_verb(std::string_view path, std::string_view verb) {
  return path.size() > verb.size() && path.ends_with(verb) && path[path.size() - verb.size() - 1] == '/';
}

PodInfo to_pod_info(const v1::PodView& pod) {
  return PodInfo{pod.namespace_, pod.name, pod.labels, pod.annotations, pod.claim_names};
}

}  // namespace

ExtenderService::ExtenderService(const cluster::SnapshotStore& store, Policy policy, metrics::Registry& registry,
                                 metrics::ExtenderMetrics& metrics, const Clock& clock)
    : store_(store), policy_(policy), registry_(registry), metrics_(metrics), clock_(clock) {}

void ExtenderService::on_connection_event(net::ConnectionEvent event) {
  switch (event) {
    case net::ConnectionEvent::kBodyTooLarge:
      metrics_.count_error(ErrorKind::kBodyTooLarge);
      metrics_.count_request(Verb::kOther, 413);
      break;
    case net::ConnectionEvent::kReadTimeout:
      metrics_.count_error(ErrorKind::kReadTimeout);
      break;
    case net::ConnectionEvent::kBadRequest:
      metrics_.count_error(ErrorKind::kBadRequest);
      break;
    case net::ConnectionEvent::kOverConnectionLimit:
      metrics_.count_error(ErrorKind::kOverConnectionLimit);
      break;
    case net::ConnectionEvent::kTlsHandshakeFailed:
      metrics_.count_error(ErrorKind::kTlsHandshake);
      break;
  }
}

void ExtenderService::reject(ErrorKind kind, unsigned status, std::string_view message, net::HttpResponse& response) {
  metrics_.count_error(kind);
  response.status = status;
  response.content_type = "application/json";
  v1::write_error(message, response.body);
}

void ExtenderService::handle(net::HttpRequest& request, net::HttpResponse& response) {
  const auto start = clock_.now();
  const auto path = path_of(request.target);
  // One snapshot for the whole request, even if a newer one is swapped in meanwhile.
  const auto snapshot = store_.load();
  Verb verb = Verb::kOther;
  const bool post = request.method == "POST";
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (is_verb(path, "filter") || is_verb(path, "prioritize")) {
    verb = is_verb(path, "filter") ? Verb::kFilter : Verb::kPrioritize;
    if (!post) {
      reject(ErrorKind::kMethodNotAllowed, 405, "use POST for extender verbs", response);
    } else if (verb == Verb::kFilter) {
      filter(snapshot, request, response);
    } else {
      prioritize(snapshot, request, response);
    }
  } else if (path == "/healthz" || path == "/readyz") {
    verb = Verb::kHealth;
    response.content_type = "text/plain; charset=utf-8";
    if (!get) {
      reject(ErrorKind::kMethodNotAllowed, 405, "use GET", response);
    } else if (path == "/readyz" && !snapshot) {
      response.status = 503;
      response.body = "not ready: no cluster snapshot loaded yet\n";
    } else {
      response.body = "ok\n";
    }
  } else if (path == "/metrics") {
    verb = Verb::kMetrics;
    if (!get) {
      reject(ErrorKind::kMethodNotAllowed, 405, "use GET", response);
    } else {
      metrics_page(snapshot.get(), response);
    }
  } else if (path == "/debug/snapshot") {
    verb = Verb::kDebug;
    if (!get) {
      reject(ErrorKind::kMethodNotAllowed, 405, "use GET", response);
    } else {
      debug_snapshot(snapshot.get(), response);
    }
  } else {
    reject(ErrorKind::kNotFound, 404,
           "unknown path; the extender serves /filter, /prioritize, /healthz, "
           "/readyz, /metrics and /debug/snapshot",
           response);
  }
  if (request.method == "HEAD") {
    response.body.clear();
  }
  metrics_.count_request(verb, static_cast<int>(response.status));
  metrics_.observe_latency(verb, std::chrono::duration<double>(clock_.now() - start).count());
}

void ExtenderService::count_neutral(const PodNeeds& needs, const PodInfo& pod, std::size_t unknown_nodes) {
  if (!needs.unknown_datasets.empty()) {
    metrics_.count_neutral(NeutralReason::kUnknownDataset);
  }
  if (pod.claim_names.empty() && needs.datasets.empty() && needs.unknown_datasets.empty()) {
    metrics_.count_neutral(NeutralReason::kPodWithoutVolumes);
  }
  if (unknown_nodes > 0) {
    metrics_.count_neutral(NeutralReason::kUnknownNode, static_cast<double>(unknown_nodes));
  }
}

void ExtenderService::count_dataset_requests(const cluster::SnapshotPtr& snapshot, const PodNeeds& needs, Verb verb) {
  // Only datasets of the snapshot are counted (unknown names never make a series), each once per request:
  // needs.datasets is deduplicated. No datasets, no work (not even the extras lookup).
  if (needs.datasets.empty()) {
    return;
  }
  const auto extras = extras_for(snapshot);
  for (const auto& d : needs.datasets) {
    extras->dataset_requests.count(d.index, verb);
  }
}

std::optional<v1::ExtenderArgsView> ExtenderService::accept_args(const net::HttpRequest& request,
                                                                 net::HttpResponse& response,
                                                                 const v1::ParseOptions& options) {
  auto parsed = v1::parse_extender_args(request.body, request.body.capacity(), options);
  if (!parsed.ok()) {
    reject(ErrorKind::kMalformedJson, 400, parsed.error().message, response);
    return std::nullopt;
  }
  if (!parsed->has_pod) {
    reject(ErrorKind::kMissingPod, 400, "ExtenderArgs has no Pod", response);
    return std::nullopt;
  }
  if (parsed->node_names.empty()) {
    reject(ErrorKind::kEmptyNodeList, 400, "ExtenderArgs has no candidate nodes (Nodes and NodeNames empty)", response);
    return std::nullopt;
  }
  metrics_.observe_candidates(static_cast<double>(parsed->node_names.size()));
  return std::move(*parsed);
}

void ExtenderService::filter(const cluster::SnapshotPtr& snapshot, net::HttpRequest& request,
                             net::HttpResponse& response) {
  // Filter answers may echo the candidates' Node objects (the scheduler's Nodes form): keep their raw JSON.
  auto accepted = accept_args(request, response, v1::ParseOptions{true});
  if (!accepted) {
    return;
  }
  auto& args = *accepted;
  v1::FilterResult result;
  result.form = args.form;
  if (snapshot == nullptr) {
    // Not ready: pass every node rather than fail pods while the cluster state loads.
    metrics_.count_error(ErrorKind::kNoSnapshot);
    result.node_names = args.node_names;
    result.node_json = args.node_json;
    v1::write_filter_result(result, response.body);
    return;
  }
  const auto pod = to_pod_info(args.pod);
  const auto needs = resolve_needs(*snapshot, pod);
  count_dataset_requests(snapshot, needs, Verb::kFilter);
  if (needs.required.empty()) {
    // Only pods that require their dataset's cache are filtered: everything passes, no lookups needed.
    count_neutral(needs, pod, 0);
    result.node_names = std::move(args.node_names);
    result.node_json = std::move(args.node_json);
    v1::write_filter_result(result, response.body);
    return;
  }
  std::vector<cluster::NodeIndex> nodes;
  resolve_nodes(*snapshot, args.node_names, nodes);
  auto outcome = filter_nodes(*snapshot, needs, nodes);
  count_neutral(needs, pod, outcome.unknown_nodes);
  std::size_t removed = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (outcome.verdicts[i] == FilterVerdict::kPass) {
      if (args.form == v1::NodesForm::kNodes) {
        result.node_json.push_back(args.node_json[i]);
      } else {
        result.node_names.push_back(args.node_names[i]);
      }
      continue;
    }
    ++removed;
    if (policy_.duplicate_unresolvable_into_failed) {
      result.failed.emplace_back(args.node_names[i], outcome.reasons[i]);
    }
    result.failed_and_unresolvable.emplace_back(args.node_names[i], std::move(outcome.reasons[i]));
  }
  metrics_.count_filtered_out(static_cast<double>(removed));
  v1::write_filter_result(result, response.body);
}

std::shared_ptr<const ExtenderService::SnapshotExtras> ExtenderService::extras_for(
    const cluster::SnapshotPtr& snapshot) {
  auto extras = extras_.load(std::memory_order_acquire);
  // The extras hold their snapshot, so its address cannot be reused while they are compared against it.
  if (extras && extras->snapshot == snapshot) {
    return extras;
  }
  std::vector<std::string_view> names;
  names.reserve(snapshot->nodes().size());
  for (const auto& n : snapshot->nodes()) {
    names.emplace_back(n.name);
  }
  std::vector<std::pair<std::string, std::string>> datasets;
  datasets.reserve(snapshot->datasets().size());
  for (const auto& d : snapshot->datasets()) {
    datasets.emplace_back(d.namespace_, d.name);
  }
  extras = std::make_shared<const SnapshotExtras>(
      SnapshotExtras{snapshot, v1::HostPrefixes(names), metrics_.dataset_request_counters(std::move(datasets))});
  extras_.store(extras, std::memory_order_release);  // two threads may both build once; either result is right
  return extras;
}

void ExtenderService::prioritize(const cluster::SnapshotPtr& snapshot, net::HttpRequest& request,
                                 net::HttpResponse& response) {
  auto accepted = accept_args(request, response, v1::ParseOptions{false});
  if (!accepted) {
    return;
  }
  auto& args = *accepted;
  std::vector<std::uint8_t> scores(args.node_names.size(), 0);
  if (snapshot == nullptr) {
    metrics_.count_error(ErrorKind::kNoSnapshot);
    v1::write_host_priority_list(args.node_names, scores, response.body, nullptr, nullptr, policy_.omit_zero_scores);
    return;
  }
  const auto pod = to_pod_info(args.pod);
  const auto needs = resolve_needs(*snapshot, pod);
  count_dataset_requests(snapshot, needs, Verb::kPrioritize);
  std::vector<cluster::NodeIndex> nodes;
  resolve_nodes(*snapshot, args.node_names, nodes);
  ScoreStats stats;
  score_nodes(*snapshot, needs, nodes, policy_, scores, stats);
  count_neutral(needs, pod, stats.unknown_nodes);
  static_assert(kUnknownNode == v1::kNoPrefix, "node indexes double as prefix indexes");
  const auto extras = extras_for(snapshot);
  v1::write_host_priority_list(args.node_names, scores, response.body, &extras->host_prefixes, &nodes,
                               policy_.omit_zero_scores);
}

void ExtenderService::metrics_page(const cluster::Snapshot* snapshot, net::HttpResponse& response) {
  if (snapshot != nullptr) {
    metrics_.set_snapshot(static_cast<double>(snapshot->nodes().size()),
                          static_cast<double>(snapshot->datasets().size()), static_cast<double>(snapshot->generation()),
                          snapshot->built_at_unix());
    metrics_.set_snapshot_age(std::max(0.0, clock_.unix_seconds() - snapshot->built_at_unix()));
  }
  response.content_type = metrics::kExpositionContentType;
  response.body = registry_.serialize();
}

void ExtenderService::debug_snapshot(const cluster::Snapshot* snapshot, net::HttpResponse& response) {
  if (snapshot == nullptr) {
    response.status = 503;
    v1::write_error("no cluster snapshot loaded yet", response.body);
    return;
  }
  nlohmann::json out;
  out["generation"] = snapshot->generation();
  out["builtAtUnix"] = snapshot->built_at_unix();
  auto& nodes = out["nodes"] = nlohmann::json::array();
  for (const auto& n : snapshot->nodes()) {
    nodes.push_back({{"name", n.name},
                     {"zone", n.zone},
                     {"region", n.region},
                     {"virtual", n.is_virtual},
                     {"cacheDatasets", n.cache_datasets}});
  }
  auto& datasets = out["datasets"] = nlohmann::json::array();
  for (const auto& d : snapshot->datasets()) {
    nlohmann::json holders = nlohmann::json::array();
    for (const auto& h : d.holders) {
      holders.push_back({{"node", snapshot->nodes()[h.node].name}, {"bytes", h.bytes}});
    }
    datasets.push_back({{"namespace", d.namespace_},
                        {"name", d.name},
                        {"runtime", std::string(cluster::to_string(d.runtime_kind))},
                        {"sizeBytes", d.size_bytes},
                        {"cachedBytes", d.cached_bytes},
                        {"workerLabel", d.worker_label_key},
                        {"cacheFigures", std::string(cluster::to_string(d.cache_source))},
                        {"cacheNodes", std::move(holders)}});
  }
  out["warnings"] = snapshot->warnings();
  response.body = out.dump(2);
}

}  // namespace cachepilot::extender
