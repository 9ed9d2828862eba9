#include "cluster/snapshot.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "common/strings.hpp"

namespace cachepilot::cluster {

namespace {
struct KindName {
  RuntimeKind kind;
  std::string_view type;  // status.runtimes[].type
  std::string_view crd;   // CRD kind
};
constexpr std::array<KindName, 7> kKinds{{
    {RuntimeKind::kAlluxio, "alluxio", "AlluxioRuntime"},
    {RuntimeKind::kJuiceFS, "juicefs", "JuiceFSRuntime"},
    {RuntimeKind::kJindo, "jindo", "JindoRuntime"},
    {RuntimeKind::kGooseFS, "goosefs", "GooseFSRuntime"},
    {RuntimeKind::kEFC, "efc", "EFCRuntime"},
    {RuntimeKind::kThin, "thin", "ThinRuntime"},
    {RuntimeKind::kVineyard, "vineyard", "VineyardRuntime"},
}};
}  // namespace

std::string_view to_string(RuntimeKind kind) noexcept {
  for (const auto& k : kKinds) {
    if (k.kind == kind) {
      return k.type;
    }
  }
  return "unknown";
}

RuntimeKind runtime_kind_from(std::string_view type_or_kind) noexcept {
  for (const auto& k : kKinds) {
    if (iequals(type_or_kind, k.type) || iequals(type_or_kind, k.crd)) {
      return k.kind;
    }
  }
  // Fluid's jindo variants ("jindofsx", "jindocache") are still Jindo.
  if (type_or_kind.size() >= 5 && iequals(type_or_kind.substr(0, 5), "jindo")) {
    return RuntimeKind::kJindo;
  }
  return RuntimeKind::kUnknown;
}

std::string_view to_string(CacheFigureSource source) noexcept {
  switch (source) {
    case CacheFigureSource::kNone:
      return "none";
    case CacheFigureSource::kEvenSplit:
      return "even-split";
    case CacheFigureSource::kMeasured:
      return "measured";
  }
  return "none";
}

std::uint64_t Dataset::holder_bytes_total() const noexcept {
  std::uint64_t total = 0;
  for (const auto& h : holders) {
    total += h.bytes;
  }
  return total;
}

std::uint64_t Dataset::weight_bytes() const noexcept {
  return std::max({size_bytes, cached_bytes, holder_bytes_total()});
}

std::optional<NodeIndex> Snapshot::find_node(std::string_view name) const {
  const auto i = node_index_.find(name);
  return i == NameIndex::kNotFound ? std::nullopt : std::optional<NodeIndex>(i);
}

std::optional<DatasetIndex> Snapshot::find_dataset(std::string_view ns, std::string_view name) const {
  std::string key;
  key.reserve(ns.size() + name.size() + 1);
  key.append(ns).push_back('/');
  key.append(name);
  auto it = dataset_by_key_.find(key);
  if (it == dataset_by_key_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<DatasetIndex> Snapshot::find_dataset_for_claim(std::string_view ns, std::string_view claim) const {
  std::string key;
  key.reserve(ns.size() + claim.size() + 1);
  key.append(ns).push_back('/');
  key.append(claim);
  if (auto it = dataset_by_pvc_.find(key); it != dataset_by_pvc_.end()) {
    return it->second;
  }
  return find_dataset(ns, claim);
}

std::string_view Snapshot::topology_name(TopologyId id) const {
  return id < topology_names_.size() ? std::string_view(topology_names_[id]) : std::string_view();
}

namespace {
const CacheHolder* find_holder(const std::vector<CacheHolder>& holders, NodeIndex n) {
  auto it = std::lower_bound(holders.begin(), holders.end(), n,
                             [](const CacheHolder& h, NodeIndex node) { return h.node < node; });
  return (it != holders.end() && it->node == n) ? &*it : nullptr;
}
}  // namespace

std::uint64_t Snapshot::bytes_on_node(DatasetIndex d, NodeIndex n) const {
  const auto* holder = find_holder(datasets_.at(d).holders, n);
  return holder != nullptr ? holder->bytes : 0;
}

bool Snapshot::holds_cache(DatasetIndex d, NodeIndex n) const {
  return find_holder(datasets_.at(d).holders, n) != nullptr;
}

}  // namespace cachepilot::cluster
