#include "extender/placement.hpp"

#include <algorithm>
#include <cmath>

#include "common/strings.hpp"

namespace cachepilot::extender {
using cluster::DatasetIndex;
using cluster::NodeIndex;
using cluster::Snapshot;

namespace {

constexpr std::uint8_t kMaxScore = 10;  // extender/v1 MaxExtenderPriority

void add_dataset(const Snapshot& snapshot, DatasetIndex index, PodNeeds& needs) {
  for (const auto& d : needs.datasets) {
    if (d.index == index) {
      return;
    }
  }
  const auto& ds = snapshot.datasets()[index];
  needs.datasets.push_back(WeightedDataset{index, static_cast<double>(ds.weight_bytes())});
}

void note_unknown(std::string_view ns, std::string_view name, PodNeeds& needs) {
  std::string key = std::string(ns) + "/" + std::string(name);
  if (std::find(needs.unknown_datasets.begin(), needs.unknown_datasets.end(), key) == needs.unknown_datasets.end()) {
    needs.unknown_datasets.push_back(std::move(key));
  }
}

// Share (0..1) of the pod's dataset bytes held at each tier for one node. Zone and region shares include the
// tiers below them.
struct Shares {
  double node = 0;
  double zone = 0;
  double region = 0;
};

}  // namespace

PodNeeds resolve_needs(const Snapshot& snapshot, const PodInfo& pod) {
  PodNeeds needs;
  const auto ns = pod.namespace_.empty() ? std::string_view("default") : pod.namespace_;
  needs.has_volumes = !pod.claim_names.empty();
  for (auto claim : pod.claim_names) {
    if (auto d = snapshot.find_dataset_for_claim(ns, claim)) {
      add_dataset(snapshot, *d, needs);
    }
    // A claim that is neither a Fluid PVC nor a dataset's name is an ordinary volume: not "unknown".
  }
  for (const auto& [key, value] : pod.annotations) {
    if (key == kDatasetsInUseAnnotation) {
      for (const auto& name : split_list(value, ',')) {
        if (auto d = snapshot.find_dataset(ns, name)) {
          add_dataset(snapshot, *d, needs);
        } else {
          note_unknown(ns, name, needs);
        }
      }
    }
    if (key == kServerlessInjectKey && value == "true") {
      needs.serverless = true;
    }
  }
  for (const auto& [key, value] : pod.labels) {
    if (key == kServerlessInjectKey && value == "true") {
      needs.serverless = true;
    }
    if (value == kRequiredLabelValue && key.starts_with(kRequiredLabelPrefix) && key.ends_with(kRequiredLabelSuffix) &&
        key.size() > kRequiredLabelPrefix.size() + kRequiredLabelSuffix.size()) {
      const auto name = key.substr(kRequiredLabelPrefix.size(),
                                   key.size() - kRequiredLabelPrefix.size() - kRequiredLabelSuffix.size());
      RequiredDataset required{std::string(name), snapshot.find_dataset(ns, name)};
      if (required.index) {
        add_dataset(snapshot, *required.index, needs);
      } else {
        note_unknown(ns, name, needs);
      }
      needs.required.push_back(std::move(required));
    }
  }
  return needs;
}

void resolve_nodes(const Snapshot& snapshot, std::span<const std::string_view> names, std::vector<NodeIndex>& out) {
  out.resize(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    out[i] = snapshot.node_index_or(names[i], kUnknownNode);
  }
}

void score_nodes(const Snapshot& snapshot, const PodNeeds& needs, std::span<const NodeIndex> candidates,
                 const Policy& policy, std::vector<std::uint8_t>& out, ScoreStats& stats) {
  out.assign(candidates.size(), 0);
  const auto& nodes = snapshot.nodes();
  const auto& placement = snapshot.placement();
  for (auto n : candidates) {
    stats.unknown_nodes += n == kUnknownNode ? 1 : 0;
  }

  if (needs.datasets.empty()) {
    if (!policy.prefer_cache_free_nodes || !needs.unknown_datasets.empty()) {
      return;  // neutral: every node 0
    }
    // Nodes holding no cache workers get the full score; unknown nodes are taken as cache-free.
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const auto n = candidates[i];
      out[i] = (n == kUnknownNode || placement[n].cache_datasets == 0) ? kMaxScore : 0;
    }
    return;
  }

  // Per-tier byte shares, computed once per request: zone and region tables indexed by topology id, and a
  // sparse list of the nodes holding cache. Each candidate then costs a few array reads.
  double total_weight = 0;
  for (const auto& d : needs.datasets) {
    total_weight += d.weight;
  }
  const bool equal_weights = total_weight <= 0;
  if (equal_weights) {
    total_weight = static_cast<double>(needs.datasets.size());
  }
  std::vector<double> zone_share(snapshot.topology_count(), 0.0);
  std::vector<double> region_share(snapshot.topology_count(), 0.0);
  std::vector<std::pair<NodeIndex, double>> node_share;
  for (const auto& wd : needs.datasets) {
    const auto& ds = snapshot.datasets()[wd.index];
    const double weight = equal_weights ? 1.0 : wd.weight;
    const auto held = static_cast<double>(ds.holder_bytes_total());
    // Fraction of the dataset's weight a byte represents. A dataset whose cache is still empty spreads its
    // weight evenly over its worker nodes: reads there fill a cache next to the pod.
    const bool empty_cache = held <= 0;
    const double denom = empty_cache ? static_cast<double>(ds.holders.size()) : std::max(held, wd.weight);
    if (denom <= 0) {
      continue;
    }
    auto unit = [&](std::uint64_t bytes) { return (empty_cache ? 1.0 : static_cast<double>(bytes)) / denom; };
    const double scale = weight / total_weight;
    for (const auto& h : ds.holders) {
      node_share.emplace_back(h.node, scale * unit(h.bytes));
    }
    if (empty_cache) {
      // Count holders per topology directly, since the aggregated byte tables are all zero.
      for (const auto& h : ds.holders) {
        zone_share[nodes[h.node].zone_id] += scale / denom;
        region_share[nodes[h.node].region_id] += scale / denom;
      }
    } else {
      for (const auto& z : ds.bytes_by_zone) {
        zone_share[z.id] += scale * unit(z.bytes);
      }
      for (const auto& r : ds.bytes_by_region) {
        region_share[r.id] += scale * unit(r.bytes);
      }
    }
  }
  std::sort(node_share.begin(), node_share.end());

  const double max_weight = std::max({policy.node_weight, policy.zone_weight, policy.region_weight, 1e-9});
  auto to_score = [&](const Shares& s, bool node_tier) {
    // Tiered: bytes on the node earn the node weight; the rest of the zone's bytes the zone weight; the rest
    // of the region's the region weight. Without a node tier (virtual nodes, sidecar FUSE), the node's own
    // bytes count as zone bytes.
    // Bytes in a nearer tier are also in the farther ones, so a tier never earns less than those beyond it:
    // with weights such as 0/40/20 the node holding the cache still scores at least as its zone neighbours.
    const double node = node_tier ? s.node : 0.0;
    const double region_weight = policy.region_weight;
    const double zone_weight = std::max(policy.zone_weight, region_weight);
    const double node_weight = std::max(policy.node_weight, zone_weight);
    const double value = node_weight * node + zone_weight * std::max(0.0, s.zone - node) +
                         region_weight * std::max(0.0, s.region - s.zone);
    // Half-up rounding with a little slack, so two nodes whose shares differ by a byte of an uneven split
    // (3.4999999 vs 3.5) still score the same.
    const double scaled = std::clamp(10.0 * value / max_weight + 1e-6, 0.0, 10.0);
    return static_cast<std::uint8_t>(std::floor(scaled + 0.5));
  };

  struct TopologyMemo {
    cluster::TopologyId region_id = UINT32_MAX;  // the region the memoised score was computed for
    std::uint8_t score = 0;
  };
  std::vector<TopologyMemo> topology_memo(snapshot.topology_count() * 2);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto n = candidates[i];
    if (n == kUnknownNode) {
      continue;  // neutral: no known cache nearby
    }
    const auto& node = placement[n];
    const bool node_tier = !node.is_virtual && !needs.serverless;
    Shares s;
    auto it = std::lower_bound(node_share.begin(), node_share.end(), std::make_pair(n, -1.0));
    const bool holds_share = it != node_share.end() && it->first == n;
    // Most candidates hold none of the pod's cache: their score depends on their zone and region only.
    auto& memo = topology_memo[node.zone_id * 2 + (node_tier ? 1 : 0)];
    if (!holds_share && memo.region_id == node.region_id) {
      out[i] = memo.score;
      continue;
    }
    for (; it != node_share.end() && it->first == n; ++it) {
      s.node += it->second;
    }
    // Unlabelled zones/regions are not a shared locality: they hold only the node's own bytes.
    s.zone = node.zone_id == cluster::kNoTopology ? s.node : std::max(zone_share[node.zone_id], s.node);
    s.region = node.region_id == cluster::kNoTopology ? s.zone : std::max(region_share[node.region_id], s.zone);
    out[i] = to_score(s, node_tier);
    if (!holds_share) {
      memo = TopologyMemo{node.region_id, out[i]};
    }
  }
}

FilterOutcome filter_nodes(const Snapshot& snapshot, const PodNeeds& needs, std::span<const NodeIndex> candidates) {
  FilterOutcome outcome;
  outcome.verdicts.assign(candidates.size(), FilterVerdict::kPass);
  outcome.reasons.resize(candidates.size());
  // One reason per required dataset, the same text for every node it rejects: kube-scheduler groups equal
  // reasons into its PodScheduled message ("0/5 nodes are available: 5 node(s) have no cache worker of ..."),
  // so the node's name (the map key already) stays out of it.
  std::vector<std::string> reason_by_required(needs.required.size());
  for (std::size_t r = 0; r < needs.required.size(); ++r) {
    const auto& req = needs.required[r];
    if (req.index) {
      const auto& ds = snapshot.datasets()[*req.index];
      reason_by_required[r] = "no cache worker of dataset " + ds.namespace_ + "/" + ds.name +
                              " on this node, and the pod requires one (label " + std::string(kRequiredLabelPrefix) +
                              req.name + std::string(kRequiredLabelSuffix) + "=" + std::string(kRequiredLabelValue) +
                              ")";
    }
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto n = candidates[i];
    if (n == kUnknownNode) {
      ++outcome.unknown_nodes;
      continue;  // neutral: a node we know nothing of is not ours to reject
    }
    for (std::size_t r = 0; r < needs.required.size(); ++r) {
      const auto& req = needs.required[r];
      if (!req.index || snapshot.holds_cache(*req.index, n)) {
        continue;  // unknown dataset (neutral), or its cache is here
      }
      outcome.verdicts[i] = FilterVerdict::kFailUnresolvable;
      outcome.reasons[i] = reason_by_required[r];
      break;
    }
  }
  return outcome;
}

}  // namespace cachepilot::extender
