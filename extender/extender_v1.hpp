#pragma once
// Wire format of the kube-scheduler extender API (k8s.io/kube-scheduler/extender/v1/types.go). The scheduler
// sends Go field names ("Pod", "Nodes", "NodeNames"); Go's decoder matches keys case-insensitively, so the
// reader does too. Requests are parsed with simdjson on-demand, reading only what placement needs.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace cachepilot::extender::v1 {

inline constexpr int kMaxExtenderPriority = 10;  // MaxExtenderPriority
inline constexpr int kMinExtenderPriority = 0;   // MinExtenderPriority

// The parts of v1.Pod placement reads. Views point into the parser's buffers: valid until the next parse.
struct PodView {
  std::string_view namespace_;
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  std::vector<std::pair<std::string_view, std::string_view>> annotations;
  std::vector<std::string_view> claim_names;  // spec.volumes[].persistentVolumeClaim.claimName
};

enum class NodesForm {
  kNone,       // neither Nodes nor NodeNames (or both null)
  kNodeNames,  // nodeCacheCapable: true
  kNodes,      // nodeCacheCapable: false: a full v1.NodeList
};

// ExtenderArgs.
struct ExtenderArgsView {
  bool has_pod = false;
  PodView pod;
  NodesForm form = NodesForm::kNone;
  std::vector<std::string_view> node_names;  // from NodeNames, or Nodes.items[].metadata.name
  std::vector<std::string_view> node_json;   // raw JSON of each Nodes item, when requested (filter replies)
};

struct ParseOptions {
  bool keep_raw_nodes = false;
};

// Parses an ExtenderArgs body. `body` must stay alive and unmodified while the result is used, and must have
// at least simdjson's padding (64 bytes) of capacity past its size: pad_body() ensures it.
[[nodiscard]] Result<ExtenderArgsView> parse_extender_args(std::string_view body, std::size_t capacity,
                                                           const ParseOptions& options);
void pad_body(std::string& body);

// FailedNodesMap entries: node name -> reason.
using FailedNodes = std::vector<std::pair<std::string_view, std::string>>;

// ExtenderFilterResult. Exactly one of node_names / node_json is emitted, matching the request's form.
struct FilterResult {
  NodesForm form = NodesForm::kNodeNames;
  std::vector<std::string_view> node_names;
  std::vector<std::string_view> node_json;
  FailedNodes failed;
  FailedNodes failed_and_unresolvable;
  std::string error;
};

void write_filter_result(const FilterResult& result, std::string& out);
// Pre-rendered `{"Host":"<name>","Score":` prefixes for a fixed set of hosts (a snapshot's nodes), so that a
// reply entry for a known host costs one copy.
class HostPrefixes {
 public:
  explicit HostPrefixes(const std::vector<std::string_view>& hosts);
  [[nodiscard]] std::string_view prefix(std::uint32_t i) const {
    return {arena_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]};
  }
  [[nodiscard]] std::size_t size() const { return offsets_.size() - 1; }

 private:
  std::string arena_;
  std::vector<std::size_t> offsets_;
};

inline constexpr std::uint32_t kNoPrefix = UINT32_MAX;

// HostPriorityList: [{"Host": name, "Score": score}]. With `prefixes`, prefix_index[i] names the prefix of
// hosts[i] (kNoPrefix: render it). With `omit_zero_scores`, hosts scoring 0 are left out (all zero: `[]`):
// kube-scheduler adds nothing for a host missing from the list, exactly what it adds for a 0.
void write_host_priority_list(const std::vector<std::string_view>& hosts, const std::vector<std::uint8_t>& scores,
                              std::string& out, const HostPrefixes* prefixes = nullptr,
                              const std::vector<std::uint32_t>* prefix_index = nullptr, bool omit_zero_scores = false);
// Error replies: {"Error": message} for filter; prioritize failures are HTTP errors with the same body.
void write_error(std::string_view message, std::string& out);

}  // namespace cachepilot::extender::v1
